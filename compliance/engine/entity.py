"""The entity's result (a region or an agency) formed from its sampled units, as the rule set's `entity` declares.

  sampled = the units whose kind the entity block names (every unit when it names none)
  score   = the mean of the sampled units' scores (each as reported, rounded to 2 decimals), rounded half-up once
  band    = the entity's bands (else the rule set's), on the bands' scale (the index, when there is one)
  a qualifier holds for the entity when it holds for every sampled unit (unknown when one is unknown)
Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from compliance.engine.logic import Tri, and_
from compliance.model.scoring import band_index, round_exact, to_fraction

if TYPE_CHECKING:
    from compliance.model.ruleset import RuleSet, Text

FORMULA = ("entity score = mean of the sampled units' scores (rounded to 2 decimals), rounded half-up to 2 "
           "decimals; a qualifier holds when it holds for every sampled unit")


@dataclass(frozen=True)
class EntityUnit:
    """What the entity result reads of one unit."""

    unit_id: str
    kind: str
    score: float
    qualifiers: Mapping[str, Tri]


@dataclass(frozen=True)
class QualifierHolds:
    id: str
    label: Text
    holds: Tri


@dataclass(frozen=True)
class EntityResult:
    title: Text
    unit_kinds: tuple[str, ...] | None      # the kinds sampled (None: every unit)
    sampled: tuple[str, ...]                # unit ids
    missing_kinds: tuple[str, ...]          # sampled kinds without a unit here
    score: float | None
    index: float | None
    category: str | None
    label: Text | None
    zone: str | None
    inferred: Text | None                   # the band's range is not published: how it was worked out
    qualifiers: tuple[QualifierHolds, ...]

    @property
    def held(self) -> tuple[QualifierHolds, ...]:
        """The qualifiers that hold, in rule-set order."""
        return tuple(q for q in self.qualifiers if q.holds is True)

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title.model_dump(exclude_none=True), "unit_kinds": self.unit_kinds,
                "sampled": list(self.sampled), "missing_kinds": list(self.missing_kinds), "score": self.score,
                "index": self.index, "category": self.category,
                "label": self.label.model_dump(exclude_none=True) if self.label else None, "zone": self.zone,
                "inferred": self.inferred is not None,
                "qualifiers": [{"id": q.id, "label": q.label.model_dump(exclude_none=True), "holds": q.holds}
                               for q in self.qualifiers],
                "formula": FORMULA}


def entity_result(rs: RuleSet, units: Sequence[EntityUnit]) -> EntityResult | None:
    """The entity's result from its units' results; None when the rule set declares no entity."""
    ent = rs.entity
    if ent is None:
        return None
    kinds = ent.unit_kinds
    sampled = sorted((u for u in units if kinds is None or u.kind in kinds), key=lambda u: u.unit_id)
    present = {u.kind for u in sampled}
    missing = tuple(k for k in kinds or () if k not in present)
    score = index = None
    category = zone = None
    label = inferred = None
    if sampled:
        exact = sum((to_fraction(u.score) for u in sampled), Fraction(0)) / len(sampled)
        score = float(round_exact(exact))
        bands = ent.bands or rs.bands
        band = bands[band_index(bands, rs.on_scale(score))]
        category, zone, label, inferred = band.category, band.zone, band.label, band.inferred
        if rs.scoring.index is not None:
            index = float(round_exact(rs.on_scale(score)))
    quals = tuple(QualifierHolds(q.id, q.label, and_([u.qualifiers.get(q.id) for u in sampled]) if sampled else None)
                  for q in ent.qualifiers)
    return EntityResult(title=ent.title, unit_kinds=kinds, sampled=tuple(u.unit_id for u in sampled),
                        missing_kinds=missing, score=score, index=index, category=category, label=label, zone=zone,
                        inferred=inferred, qualifiers=quals)


__all__ = ["FORMULA", "EntityResult", "EntityUnit", "QualifierHolds", "entity_result"]
