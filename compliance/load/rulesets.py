"""Reading rule-set files: find one, parse an `extends` chain with positions, resolve a chain into one RuleSet.

Parsing stays light (no pydantic): lint reads chains on its cold-start path. Only `resolve`, which builds the
typed RuleSet, imports the models, and does so when it runs.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from compliance.errors import ComplianceError, RuleSetError
from compliance.load import schema
from compliance.load.resources import shipped_ruleset_ids, shipped_ruleset_path
from compliance.load.safe_yaml import Document, KeyPath, json_path, load_file
from compliance.messages import Msg
from compliance.model.findings import Finding, Location, Severity

if TYPE_CHECKING:
    from compliance.model.mapping import Derivation
    from compliance.model.ruleset import Dimension, Indicator, RuleSet


def did_you_mean(name: str, candidates: Iterable[str]) -> Msg:
    """A ' (maksudnya 'x'?)' / ' (did you mean 'x'?)' suffix, or an empty text."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return Msg(" (maksudnya {c!r}?)", " (did you mean {c!r}?)", c=close[0]) if close else Msg.text("")


@dataclass
class RuleFile:
    """One rule-set file of an extends chain, parsed with positions."""

    path: str
    doc: Document
    schema_ok: bool
    findings: list[Finding] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data  # type: ignore[no-any-return]

    def at(self, path: KeyPath, code: str, message: Msg | str, severity: Severity = Severity.ERROR,
           *, key: bool = False) -> Finding:
        """A finding at the value (or key) at path in this file."""
        line, col = self.doc.position(path, key=key)
        return Finding(Location(self.path, line, col, json_path(path)), code, severity, message)

    def finding(self, path: KeyPath, code: str, message: Msg | str, severity: Severity = Severity.ERROR,
                *, key: bool = False) -> None:
        """Record a finding of reading this file."""
        self.findings.append(self.at(path, code, message, severity, key=key))


def find_ruleset(id_or_path: str | os.PathLike[str]) -> str:
    """The file of a rule set given as a path or as a shipped id. Raises RuleSetError."""
    name = os.fspath(id_or_path)
    if os.path.isfile(name):
        return name
    shipped = shipped_ruleset_path(name)
    if shipped is not None and os.sep not in name and not name.endswith((".yaml", ".yml")):
        return str(shipped)
    raise RuleSetError(Msg("tidak ada perangkat aturan {name!r}: bukan berkas dan bukan perangkat aturan bawaan "
                           "({ids}){dym}", "no rule set {name!r}: not a file and not a shipped rule set ({ids}){dym}",
                           name=name, ids=", ".join(shipped_ruleset_ids()),
                           dym=did_you_mean(name, shipped_ruleset_ids())))


def resolve_ruleset_ref(near: str, ref: str) -> str | None:
    """The file a rule-set reference names, as written in a file at `near` (`extends:`, a rule test's or an
    evidence file's `ruleset`): a file beside it (`name` or `name.yaml`, relative paths allowed), else a
    shipped rule set; None when neither exists."""
    base = os.path.dirname(near)
    local = os.path.join(base, ref if ref.endswith((".yaml", ".yml")) else f"{ref}.yaml")
    if os.path.isfile(local):
        return local
    shipped = shipped_ruleset_path(ref)
    return str(shipped) if shipped else None


def load_chain(path: str, first: Document | None = None) -> tuple[list[RuleFile], list[Finding], bool]:
    """Parse a rule set and everything it extends (base first).

    Returns the chain, the findings of reading it, and whether it is complete (every extends found, no cycle).
    """
    chain: list[RuleFile] = []
    problems: list[Finding] = []
    broken = False
    seen: list[str] = []
    current: str | None = path
    via: tuple[RuleFile, KeyPath] | None = None
    while current is not None:
        real = os.path.realpath(current)
        if real in seen:
            names = " -> ".join(os.path.basename(p) for p in [*seen, real])
            # Reported on the file being linted, which is part of the cycle or leads into it.
            chain[0].finding(("extends",), "extends-cycle", Msg("extends membentuk lingkaran: {names}",
                                                                "extends forms a cycle: {names}", names=names))
            broken = True
            break
        seen.append(real)
        try:
            doc = first if (first is not None and via is None) else load_file(current, positions=True)
        except ComplianceError as exc:
            if via is None:
                raise
            via[0].finding(via[1], "unreadable-extends", Msg(
                "perangkat aturan yang diperluas tidak dapat dibaca: {e}", "the extended rule set cannot be read: {e}",
                e=exc.located()))
            broken = True
            break
        findings = []
        if not isinstance(doc.data, dict):
            findings.append(Finding(Location(current, 1, 1), "schema", Severity.ERROR,
                                    Msg("perangkat aturan harus berupa mapping YAML",
                                        "a rule set must be a YAML mapping")))
            rf = RuleFile(current, doc, False, findings)
        else:
            findings = list(schema.validate(doc, "ruleset.schema.json"))
            rf = RuleFile(current, doc, not findings, findings)
        chain.append(rf)
        if not rf.schema_ok:
            break
        parent = rf.data.get("extends")
        if not parent:
            break
        target = resolve_ruleset_ref(current, parent)
        if target is None:
            rf.finding(("extends",), "unknown-reference",
                       Msg("extends {p!r}, yang bukan berkas di samping berkas ini dan bukan perangkat aturan "
                           "bawaan", "extends {p!r}, which is neither a file next to this one nor a shipped rule set",
                           p=parent))
            broken = True
            break
        via = (rf, ("extends",))
        current = target
    chain.reverse()
    for rf in chain:
        problems.extend(rf.findings)
    return chain, problems, not broken


# ---------------------------------------------------------------- resolving a chain into one RuleSet


def resolve(chain: list[RuleFile]) -> RuleSet:
    """Apply each tailoring in turn, base first. The chain is lint-clean."""
    from compliance.model.labels import DEFAULT_UNIT_KINDS
    from compliance.model.ruleset import (
        Band,
        Cap,
        Dimension,
        Disable,
        Group,
        Metadata,
        RuleSet,
        RuleSetDocument,
        Scoring,
    )

    docs = [RuleSetDocument.model_validate(rf.data) for rf in chain]
    dims: list[dict[str, Any]] = []
    caps: list[Cap] = []
    bands: tuple[Band, ...] = ()
    disabled: list[Disable] = []
    derivations: dict[str, Derivation] = {}
    unit_kinds = None
    for doc in docs:
        for der in doc.derives_from:
            derivations[der.ruleset] = _merge_derivation(derivations.get(der.ruleset), der)
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
    if not meta.unit_kinds:  # the chain's, else the built-in list: every rule set refuses a kind it does not know
        meta = meta.model_copy(update={"unit_kinds": unit_kinds or DEFAULT_UNIT_KINDS})
    dimensions = tuple(
        Dimension.model_validate({**{k: v for k, v in d.items() if k not in ("groups", "indicators")},
                                  "groups": tuple(Group.model_validate({**g}) for g in d["groups"]),
                                  "indicators": tuple(d["indicators"])}, from_attributes=False)
        for d in dims
    )
    scoring = next((d.scoring for d in reversed(docs) if "scoring" in d.model_fields_set), Scoring())
    entity = next((d.entity for d in reversed(docs) if d.entity is not None), None)
    return RuleSet(metadata=meta, scoring=scoring, bands=bands, dimensions=dimensions, entity=entity,
                   caps=tuple(caps), disabled=tuple(disabled),
                   derives_from=_live_derivations(derivations.values(), {i.id for d in dimensions for i in _all(d)}),
                   lineage=tuple(d.metadata.id for d in docs),
                   sha256=_sha256_chain(chain), source=chain[-1].path)


def _merge_derivation(base: Derivation | None, child: Derivation) -> Derivation:
    """A child's derivation from the same source extends its base's: per target fact, the child's map wins."""
    if base is None:
        return child
    facts = {ind: dict(m) for ind, m in base.facts.items()}
    for ind, m in child.facts.items():
        facts.setdefault(ind, {}).update(m)
    return base.model_copy(update={"facts": facts, "note": child.note or base.note,
                                   "unit_kinds": {**base.unit_kinds, **child.unit_kinds}})


def _all(d: Dimension) -> list[Indicator]:
    return [*d.indicators, *(i for g in d.groups for i in g.indicators)]


def _live_derivations(derivations: Iterable[Derivation], live: set[str]) -> tuple[Derivation, ...]:
    """The derivations without the target indicators that tailoring disabled."""
    out = []
    for der in derivations:
        facts = {ind: m for ind, m in der.facts.items() if ind in live}
        out.append(der if len(facts) == len(der.facts) else der.model_copy(update={"facts": facts}))
    return tuple(out)


def _sha256_chain(chain: list[RuleFile]) -> str:
    import hashlib  # OpenSSL's start-up is not needed to lint, only to resolve

    h = hashlib.sha256()
    for rf in chain:
        with open(rf.path, "rb") as fh:
            h.update(hashlib.sha256(fh.read()).digest())
    return h.hexdigest()


def _mutable(d: Dimension) -> dict[str, Any]:
    return {
        "id": d.id, "title": d.title, "description": d.description, "weight": d.weight,
        "inferred": d.inferred, "applies_to": d.applies_to,
        "groups": [{"id": g.id, "title": g.title, "description": g.description, "weight": g.weight,
                    "inferred": g.inferred, "applies_to": g.applies_to, "indicators": list(g.indicators)}
                   for g in d.groups],
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
