"""Classifying a level assignment: its total, its band and the caps that bind it.

Shared by a unit's result and by the paths to a better zone or category, which try many assignments: totals are
integers over the plan's common denominator, so a trial raise costs one addition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from compliance.engine.caps import CompiledCap, caps_in_force
from compliance.engine.logic import Tri

if TYPE_CHECKING:
    from compliance.engine.plan import Plan
    from compliance.engine.unit import Item

# The level range of an indicator that does not apply to the unit: a cap that reads it cannot bind the unit.
_NOT_BINDING = (10**6, 10**6)

Caps = Sequence[tuple[CompiledCap, Tri]]


class Scorer:
    """Totals, bands and caps for one unit's applicable indicators under one plan."""

    __slots__ = ("as_of", "by_id", "cap_refs", "caps_", "den", "live", "lowest", "plan", "step", "thresholds")

    def __init__(self, caps: Sequence[CompiledCap], cap_refs: frozenset[str], items: list[Item], as_of: dt.date,
                 plan: Plan) -> None:
        self.caps_ = caps
        self.cap_refs = cap_refs
        self.live = [it for it in items if it.applicable]
        self.by_id = {it.ind.id: it for it in items}
        self.as_of = as_of
        self.plan = plan
        self.den = plan.den
        self.step = plan.step
        self.thresholds = plan.thresholds
        self.lowest = plan.lowest

    def total(self, levels: dict[str, int]) -> int:
        return sum(self.step[k] * levels[k] for k in self.step)

    def fraction(self, total: int) -> Fraction:
        return Fraction(total, self.den)

    def band(self, total: int) -> int:
        for thr, i in self.thresholds:
            if total >= thr:
                return i
        return self.lowest

    def caps(self, low: dict[str, int], high: dict[str, int]) -> list[tuple[CompiledCap, Tri]]:
        """The caps that hold or may hold with each indicator between its low and high level."""
        if not self.caps_:
            return []
        by_id = self.by_id

        def levels(ident: str) -> tuple[int, int]:
            it = by_id.get(ident)
            if it is None or not it.applicable:
                return _NOT_BINDING
            return low[ident], high[ident]

        return caps_in_force(self.caps_, levels, self.as_of)

    def cap_floor(self, caps: Caps) -> int:
        return max((c.limit for c, _ in caps), default=0)

    def classify(self, total: int, caps: Caps) -> tuple[int, int, list[str]]:
        """(band index, final index after caps, ids of binding caps) for a total."""
        band = self.band(total)
        final = band
        binding = []
        for c, _ in caps:
            if c.limit > band:
                binding.append(c.cap.id)
                final = max(final, c.limit)
        return band, final, binding
