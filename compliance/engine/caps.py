"""Caps: a condition on indicator levels that, when it holds, limits the category a unit can reach.

`cap_limit` is the one rule for where a cap limits a unit; the engine classifies with it and `verify` re-checks
a report's classification with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compliance.engine.conditions import compile_condition
from compliance.engine.logic import Compiled, Evaluator, Tri
from compliance.errors import RuleSetError

if TYPE_CHECKING:
    from compliance.model.ruleset import Band, Cap, Condition


def cap_limit(bands: Sequence[Band], cap: Cap) -> int:
    """The index into `bands` (best first) of the best band a unit under this cap can be in: its max_category's
    band, or the best band of its max_zone; the lowest band when no band has that zone."""
    if cap.max_category is not None:
        for i, b in enumerate(bands):
            if b.category == cap.max_category:
                return i
        raise RuleSetError(f"cap {cap.id!r}: category {cap.max_category!r} is not in the band table")
    return next((i for i, b in enumerate(bands) if b.zone == cap.max_zone), len(bands) - 1)


def cap_refs(cond: Condition, out: set[str]) -> set[str]:
    """The indicators whose level a condition reads, added to `out`."""
    if cond.indicator is not None:
        out.add(cond.indicator)
    for sub in (cond.all or ()) + (cond.any or ()):
        cap_refs(sub, out)
    if cond.not_ is not None:
        cap_refs(cond.not_, out)
    return out


@dataclass(frozen=True, slots=True)
class CompiledCap:
    """A cap with its condition compiled and its limit worked out."""

    cap: Cap
    when: Compiled
    limit: int

    @classmethod
    def of(cls, cap: Cap, bands: Sequence[Band]) -> CompiledCap:
        return cls(cap, compile_condition(cap.when), cap_limit(bands, cap))


def caps_in_force(caps: Sequence[CompiledCap], levels: Callable[[str], tuple[int, int]],
                  as_of: dt.date) -> list[tuple[CompiledCap, Tri]]:
    """The caps that hold (True) or may hold (None) when each indicator is within levels(id) = (worst, best)."""
    ev = Evaluator({}, {}, as_of, levels)
    out: list[tuple[CompiledCap, Tri]] = []
    for c in caps:
        value = c.when(ev).value
        if value is not False:
            out.append((c, value))
    return out
