"""Loading rule sets: lint the extends chain, then resolve it into one typed RuleSet."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from typing import Any

from compliance.errors import RuleSetError
from compliance.lint.linter import RuleFile, lint_ruleset
from compliance.load.resources import shipped_ruleset_ids, shipped_ruleset_path
from compliance.model.findings import Severity
from compliance.model.ruleset import (
    Band,
    Cap,
    Dimension,
    Disable,
    Group,
    Indicator,
    Metadata,
    RuleSet,
    RuleSetDocument,
    Scoring,
)


def find_ruleset(id_or_path: str | os.PathLike[str]) -> str:
    """The file of a rule set given as a path or as a shipped id."""
    name = os.fspath(id_or_path)
    if os.path.isfile(name):
        return name
    shipped = shipped_ruleset_path(name)
    if shipped is not None and os.sep not in name and not name.endswith((".yaml", ".yml")):
        return str(shipped)
    from compliance.lint.linter import did_you_mean

    raise RuleSetError(f"no rule set {name!r}: not a file and not a shipped rule set "
                       f"({', '.join(shipped_ruleset_ids())}){did_you_mean(name, shipped_ruleset_ids())}")


def load_ruleset(id_or_path: str | os.PathLike[str]) -> RuleSet:
    """Load a rule set by shipped id or file path, with `extends` resolved. Raises RuleSetError."""
    path = find_ruleset(id_or_path)
    st = os.stat(path)
    return _load_cached(os.path.realpath(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=32)
def _load_cached(path: str, _mtime: int, _size: int) -> RuleSet:
    chain, findings = lint_ruleset(path)
    errors = [f for f in findings if f.severity >= Severity.ERROR]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more; run 'compliance lint {path}')" if len(errors) > 1 else ""
        raise RuleSetError(f"[{first.code}] {first.message}{more}", file=first.location.file,
                           line=first.location.line, column=first.location.column)
    return resolve(chain)


def _sha256_chain(chain: list[RuleFile]) -> str:
    h = hashlib.sha256()
    for rf in chain:
        with open(rf.path, "rb") as fh:
            h.update(hashlib.sha256(fh.read()).digest())
    return h.hexdigest()


def resolve(chain: list[RuleFile]) -> RuleSet:
    """Apply each tailoring in turn, base first. The chain is lint-clean."""
    docs = [RuleSetDocument.model_validate(rf.data) for rf in chain]
    dims: list[dict[str, Any]] = []
    caps: list[Cap] = []
    bands: tuple[Band, ...] = ()
    disabled: list[Disable] = []
    unit_kinds = None
    for doc in docs:
        if doc.metadata.unit_kinds:
            unit_kinds = doc.metadata.unit_kinds
        if doc.bands:
            bands = doc.bands
        tail = doc.tailoring
        if tail is not None:
            for d in dims:
                _apply_weights(d, tail.weights)
            disabled.extend(tail.disable)
            off = {x.id for x in tail.disable}
            dims = [_without(d, off) for d in dims if d["id"] not in off]
            for add in tail.add:
                for d in dims:
                    if d["id"] == add.into:
                        d["indicators"] = [*d["indicators"], *add.indicators]
                    for g in d["groups"]:
                        if g["id"] == add.into:
                            g["indicators"] = [*g["indicators"], *add.indicators]
        dims.extend(_mutable(d) for d in doc.dimensions)
        caps.extend(doc.caps)
    leaf = docs[-1]
    meta: Metadata = leaf.metadata
    if unit_kinds and not meta.unit_kinds:
        meta = meta.model_copy(update={"unit_kinds": unit_kinds})
    dimensions = tuple(
        Dimension.model_validate({**{k: v for k, v in d.items() if k not in ("groups", "indicators")},
                                  "groups": tuple(Group.model_validate({**g}) for g in d["groups"]),
                                  "indicators": tuple(d["indicators"])}, from_attributes=False)
        for d in dims
    )
    return RuleSet(metadata=meta, scoring=leaf.scoring or Scoring(), bands=bands, dimensions=dimensions,
                   caps=tuple(caps), disabled=tuple(disabled), lineage=tuple(d.metadata.id for d in docs),
                   sha256=_sha256_chain(chain), source=chain[-1].path)


def _mutable(d: Dimension) -> dict[str, Any]:
    return {
        "id": d.id, "title": d.title, "description": d.description, "weight": d.weight,
        "applies_to": d.applies_to,
        "groups": [{"id": g.id, "title": g.title, "description": g.description, "weight": g.weight,
                    "applies_to": g.applies_to, "indicators": list(g.indicators)} for g in d.groups],
        "indicators": list(d.indicators),
    }


def _apply_weights(d: dict[str, Any], weights: dict[str, float]) -> None:
    if d["id"] in weights:
        d["weight"] = weights[d["id"]]
    for g in d["groups"]:
        if g["id"] in weights:
            g["weight"] = weights[g["id"]]
        g["indicators"] = [_reweight(i, weights) for i in g["indicators"]]
    d["indicators"] = [_reweight(i, weights) for i in d["indicators"]]


def _reweight(ind: Indicator, weights: dict[str, float]) -> Indicator:
    return ind.model_copy(update={"weight": weights[ind.id]}) if ind.id in weights else ind


def _without(d: dict[str, Any], off: set[str]) -> dict[str, Any]:
    d["groups"] = [g for g in d["groups"] if g["id"] not in off]
    for g in d["groups"]:
        g["indicators"] = [i for i in g["indicators"] if i.id not in off]
    d["indicators"] = [i for i in d["indicators"] if i.id not in off]
    return d
