"""JSON Schema validation of parsed YAML, reported as positioned findings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from compliance.load.resources import schema_path
from compliance.load.safe_yaml import Document, json_path
from compliance.messages import Msg
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
                                 Msg("tidak sesuai skema: {m}", "{m}",
                                     m=str(getattr(exc, "message", exc)).replace("data.", "", 1)))]
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
        message = _message(err)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            extra = sorted(k for k in err.instance if k not in allowed)
            if extra:
                path = (*path, extra[0])
                key = True
                names = ", ".join(repr(k) for k in extra)
                expected = ", ".join(sorted(allowed))
                message = (Msg("kunci yang tidak dikenal {names}; seharusnya salah satu dari: {expected}",
                               "unknown key {names}; expected one of: {expected}", names=names, expected=expected)
                           if expected else Msg("kunci yang tidak dikenal {names}", "unknown key {names}", names=names))
        elif err.validator == "exclusiveMinimum" and path and (path[-1] == "weight" or
                                                               (len(path) >= 2 and path[-2] == "weights")):
            code = "weight-not-positive"
            message = Msg("bobot harus angka positif, ditemukan {v}", "weight must be a positive number, found {v}",
                          v=_short(err.instance))
        line, col = doc.position(path, key=key)
        yield Finding(Location(doc.file, line, col, json_path(path)), code, Severity.ERROR, message)


_TYPES = {"string": ("teks",), "integer": ("bilangan bulat",), "number": ("angka",), "boolean": ("true atau false",),
          "array": ("daftar",), "object": ("mapping",), "null": ("kosong (null)",)}


def _clip(text: str) -> str:
    return text if len(text) <= 300 else text[:299] + "…"


def _tail(err: Any) -> str:
    """jsonschema's own English after 'X is not ': "of type 'string'", "one of [...]"."""
    return str(err.message).split(" is not ", 1)[-1]


def _message(err: Any) -> Msg:
    """jsonschema's error as a bilingual message (its own text is English, so every case we meet is said here)."""
    v, value = err.validator, _short(err.instance)
    if v == "required":
        missing = str(err.message).split(" is a required property")[0]
        return Msg("{k} wajib ada", "{k} is required", k=missing)
    if v == "type":
        wanted = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        id_ = " atau ".join(_TYPES.get(t, (t,))[0] for t in wanted)
        msg = Msg("{v} tidak sah di sini: seharusnya {id_}", "{v} is not valid here: {en}", v=value, id_=id_,
                  en=_tail(err))
        if isinstance(err.instance, bool) and "string" in wanted:
            msg = Msg("{m} (YAML membaca yes/no/on/off/true/false sebagai boolean; beri tanda kutip pada teksnya)",
                      "{m} (YAML reads yes/no/on/off/true/false as booleans; put the text in quotes)", m=msg)
        return msg
    if v in ("enum", "const"):
        allowed = err.validator_value if v == "enum" else [err.validator_value]
        shown = _clip(", ".join(_short(a) for a in allowed))
        return Msg("{v} tidak sah di sini: seharusnya salah satu dari {a}", "{v} is not valid here: {en}",
                   v=value, a=shown, en=_tail(err))
    if v == "pattern":
        return Msg("{v} tidak cocok dengan pola {p!r}", "{v} does not match the pattern {p!r}", v=value,
                   p=err.validator_value)
    if v in ("maxLength", "minLength", "maxItems", "minItems"):
        n = err.validator_value
        if v == "maxLength":
            return Msg("{v} terlalu panjang (paling banyak {n} karakter)", "{v} is too long (at most {n} characters)",
                       v=value, n=n)
        if v == "minLength":
            return Msg("{v} terlalu pendek (paling sedikit {n} karakter)",
                       "{v} is too short (at least {n} characters)", v=value, n=n)
        if v == "maxItems":
            return Msg("{v} terlalu panjang (paling banyak {n} butir)", "{v} is too long (at most {n} items)",
                       v=value, n=n)
        return Msg("{v} terlalu pendek (paling sedikit {n} butir)", "{v} is too short (at least {n} items)",
                   v=value, n=n)
    if v == "propertyNames":
        return Msg("nama tidak sah: {m}", "invalid name: {m}", m=_clip(str(err.message)))
    if v in ("minimum", "exclusiveMinimum"):
        return Msg("{v} terlalu kecil (paling sedikit {n}{ex})", "{v} is too small (at least {n}{ex})", v=value,
                   n=err.validator_value, ex=Msg(", tidak termasuk", ", exclusive") if v.startswith("ex") else "")
    if v in ("maximum", "exclusiveMaximum"):
        return Msg("{v} terlalu besar (paling banyak {n}{ex})", "{v} is too large (at most {n}{ex})", v=value,
                   n=err.validator_value, ex=Msg(", tidak termasuk", ", exclusive") if v.startswith("ex") else "")
    return Msg("tidak sesuai skema: {m}", "does not fit the schema: {m}", m=_clip(str(err.message)))
