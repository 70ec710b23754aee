"""JSON Schema validation of parsed YAML, reported as positioned findings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from compliance.load.resources import schema_path
from compliance.load.safe_yaml import Document, json_path
from compliance.model.findings import Finding, Location, Severity


@cache
def _schema(name: str) -> dict[str, Any]:
    with open(schema_path(name), encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


@cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator

    schema = _schema(name)
    if "evidence.schema.json#" not in json.dumps(schema):  # ruletest and fragment refer to it
        return Draft202012Validator(schema)
    from referencing import Registry, Resource

    evidence = _schema("evidence.schema.json")
    registry: Any = Registry().with_resource(evidence["$id"], Resource.from_contents(evidence))
    return Draft202012Validator(schema, registry=registry)


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fast(schema_name: str) -> Any:
    import importlib

    try:
        module = importlib.import_module(f"compliance._generated.{schema_name.split('.')[0]}")
    except ImportError:  # pragma: no cover - no compiled validator: jsonschema alone
        return None
    return module.validate


def validate(doc: Document, schema_name: str) -> Iterator[Finding]:
    """Yield one finding per schema violation, at the position of the offending value or key.

    A compiled validator (scripts/gen_validators.py) answers first; jsonschema runs only when it rejects
    the document, to report every violation with its position.
    """
    fast = _fast(schema_name)
    if fast is not None:
        try:
            fast(doc.data)
        except Exception as exc:
            found = list(_validate_slow(doc, schema_name))
            if not found:
                path = _real_path(doc.data, tuple(getattr(exc, "path", ()) or ())[1:])
                line, col = doc.position(path)
                found = [Finding(Location(doc.file, line, col, json_path(path)), "schema", Severity.ERROR,
                                 str(getattr(exc, "message", exc)).replace("data.", "", 1))]
            yield from found
        return
    yield from _validate_slow(doc, schema_name)


def _real_path(data: Any, path: tuple[Any, ...]) -> tuple[str | int, ...]:
    """fastjsonschema names list items by strings ('0'); turn those back into indexes by walking the data."""
    out: list[str | int] = []
    node = data
    for part in path:
        if isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
            out.append(int(part))
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        else:
            break
    return tuple(out)


def _closest(err: Any) -> Any:
    """Of a oneOf/anyOf failure, the error of the alternative whose type fits the value, else jsonschema's pick."""
    from jsonschema.exceptions import best_match

    by_branch: dict[Any, list[Any]] = {}
    for sub in err.context:
        by_branch.setdefault(sub.relative_schema_path[0] if sub.relative_schema_path else None, []).append(sub)
    fitting = [subs for subs in by_branch.values()
               if not any(e.validator == "type" and not e.relative_path for e in subs)]
    if len(fitting) == 1:
        return best_match(fitting[0])
    return best_match(err.context)


def _validate_slow(doc: Document, schema_name: str) -> Iterator[Finding]:
    validator = _validator(schema_name)
    errors = sorted(validator.iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path])
    for err in errors:
        if err.validator in ("oneOf", "anyOf") and err.context:
            # "not valid under any of the given schemas" helps nobody: report the closest alternative's error.
            err = _closest(err)
        path = tuple(err.absolute_path)
        code = "schema"
        key = False
        message = err.message
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            extra = sorted(k for k in err.instance if k not in allowed)
            if extra:
                path = (*path, extra[0])
                key = True
                names = ", ".join(repr(k) for k in extra)
                expected = ", ".join(sorted(allowed))
                message = f"unknown key {names}" + (f"; expected one of: {expected}" if expected else "")
        elif err.validator == "exclusiveMinimum" and path and (path[-1] == "weight" or
                                                               (len(path) >= 2 and path[-2] == "weights")):
            code = "weight-not-positive"
            message = f"weight must be a positive number, found {_short(err.instance)}"
        elif err.validator == "required":
            message = err.message.replace(" is a required property", " is required")
        elif err.validator in ("type", "enum", "const", "pattern"):
            message = f"{_short(err.instance)} is not valid here: {err.message.split(' is not ', 1)[-1]}"
            if isinstance(err.instance, bool) and err.validator == "type" and "string" in str(err.validator_value):
                message += " (YAML reads yes/no/on/off/true/false as booleans; put the text in quotes)"
            if err.validator == "pattern":
                message = f"{_short(err.instance)} does not match the pattern {err.validator_value!r}"
        elif err.validator in ("maxLength", "minLength", "maxItems", "minItems"):
            bound = "at most" if err.validator.startswith("max") else "at least"
            unit = "characters" if err.validator.endswith("Length") else "items"
            message = f"{_short(err.instance)} is too {'long' if bound == 'at most' else 'short'} " \
                      f"({bound} {err.validator_value} {unit})"
        elif err.validator == "propertyNames":
            message = f"invalid name: {err.message}"
        line, col = doc.position(path, key=key)
        if len(message) > 300:
            message = message[:299] + "…"
        yield Finding(Location(doc.file, line, col, json_path(path)), code, Severity.ERROR, message)
