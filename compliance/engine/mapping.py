"""Derived facts (pure): evidence written for one rule set, read as evidence of another through a `derives_from`
entry of the target (model/mapping.py). What the source does not give stays unknown, never false.

    derivation_for(ruleset, evidence)  the entry that applies, or None (the evidence answers the rule set itself)
    derive(ruleset, derivation, evidence) -> (target evidence, Derived)
    coverage(derived, indicators)      how many of the applicable indicators' facts the mapping declared/supplied
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from compliance.model.evidence import Evidence, IndicatorEvidence, RuleSetRef
from compliance.model.mapping import Derivation, FactMap, map_key
from compliance.model.ruleset import Indicator, RuleSet
from compliance.model.scoring import rounded


@dataclass(frozen=True)
class Derived:
    """What a derivation did for one unit: the source rule set, the target facts it maps and those it filled."""

    source: str
    source_version: str | None
    mapped: frozenset[tuple[str, str]]
    supplied: frozenset[tuple[str, str]]


def derivation_for(ruleset: RuleSet, evidence: Evidence) -> Derivation | None:
    """The rule set's derivation from the rule set the evidence answers; None when the evidence answers the
    rule set itself (or one it extends) or the rule set declares no derivation from it."""
    if evidence.ruleset.id in ruleset.lineage:
        return None
    return next((d for d in ruleset.derives_from if d.ruleset == evidence.ruleset.id), None)


def _count(value: list[Any]) -> int:
    return sum(1 for a in value if getattr(a, "usable", True))


def convert(fm: FactMap, value: Any) -> tuple[Any, str | None]:
    """A source value through the map's transform: (the target value, None), or (None, why it was left unknown)."""
    t = fm.transform
    if t == "copy":
        return value, None
    if t == "min_count":
        if not isinstance(value, list):
            return None, "is not a list of attachments"
        return _count(value) >= (fm.min_count or 0), None
    if t == "map":
        if isinstance(value, list):
            return None, "is a list of attachments, which a map cannot translate"
        key = map_key(value)
        table = fm.map or {}
        if key not in table:
            return None, f"= {key!r} has no entry in the map"
        return table[key], None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, "is not a number"
    bound = getattr(fm, t)
    return {"gte": value >= bound, "gt": value > bound, "lte": value <= bound, "lt": value < bound}[t], None


def derive(ruleset: RuleSet, derivation: Derivation, evidence: Evidence,
           warnings: list[str]) -> tuple[Evidence, Derived]:
    """The target rule set's evidence for the unit, read from evidence of the derivation's source.

    Only mapped facts are carried: the source's own notes and not-applicable claims belong to its indicators.
    A source value that the transform cannot read is left unknown, with a warning.
    """
    indicators: dict[str, IndicatorEvidence] = {}
    mapped: set[tuple[str, str]] = set()
    supplied: set[tuple[str, str]] = set()
    for ind_id, facts in derivation.facts.items():
        out: dict[str, Any] = {}
        for name, fm in facts.items():
            mapped.add((ind_id, name))
            src_ind, src_fact = fm.source
            given = evidence.indicators.get(src_ind)
            value = given.facts.get(src_fact) if given is not None else None
            if value is None:
                continue
            target, problem = convert(fm, value)
            if problem is not None:
                warnings.append(f"{ind_id}.{name}: the source fact {fm.from_} {problem}; left unknown")
                continue
            out[name] = target
            supplied.add((ind_id, name))
        if out:
            indicators[ind_id] = IndicatorEvidence(facts=out)
    kind = derivation.unit_kinds.get(evidence.unit.kind, evidence.unit.kind)
    unit = evidence.unit if kind == evidence.unit.kind else evidence.unit.model_copy(update={"kind": kind})
    target_ev = evidence.model_copy(update={
        "ruleset": RuleSetRef(id=ruleset.id, version=ruleset.version), "includes": (), "indicators": indicators,
        "unit": unit})
    return target_ev, Derived(evidence.ruleset.id, evidence.ruleset.version, frozenset(mapped), frozenset(supplied))


def coverage(derived: Derived, indicators: Iterable[Indicator]) -> dict[str, Any]:
    """Over the facts of the unit's applicable indicators: how many the derivation maps and how many it filled,
    and the filled share in percent (rounded once, half-up, 2 decimals)."""
    total = mapped = supplied = 0
    for ind in indicators:
        for name in ind.facts:
            total += 1
            mapped += (ind.id, name) in derived.mapped
            supplied += (ind.id, name) in derived.supplied
    return {"source": derived.source, "source_version": derived.source_version, "facts": total,
            "mapped": mapped, "supplied": supplied, "share": rounded(100 * supplied, total) if total else 0.0}


__all__ = ["Derived", "convert", "coverage", "derivation_for", "derive"]
