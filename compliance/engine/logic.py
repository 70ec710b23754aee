"""Three-valued logic (True, False, None = unknown): a condition's Outcome, and/or/not, and the context a
compiled condition reads (one indicator's facts, or, for caps, indicator levels). Pure; imports no model, so
the operator table (engine.operators) that lint reads stays light."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compliance.model.ruleset import Fact

Tri = bool | None


@dataclass(slots=True)
class Outcome:
    """The value of a condition and the leaf tests that decided it."""

    value: Tri
    leaves: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)


class Evaluator:
    """What a compiled condition is evaluated against: one indicator's facts (and their declarations) as of a
    date, or, for a cap, the range of levels each indicator may be at."""

    __slots__ = ("as_of", "declared", "facts", "levels")

    def __init__(self, facts: Mapping[str, Any], declared: Mapping[str, Fact], as_of: dt.date,
                 levels: Callable[[str], tuple[int, int]] | None = None) -> None:
        self.facts = facts
        self.declared = declared
        self.as_of = as_of
        self.levels = levels


# A condition compiled into a closure: evaluating it is calling it with an Evaluator.
Compiled = Callable[[Evaluator], Outcome]


def and_(values: list[Tri]) -> Tri:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def or_(values: list[Tri]) -> Tri:
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def not_(v: Tri) -> Tri:
    return None if v is None else not v


def fmt(v: Any) -> str:
    """A value as a leaf explanation shows it: true/false, ISO dates, quoted strings."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return v.isoformat()
    return repr(v) if isinstance(v, str) else str(v)


def as_date(v: Any) -> dt.date | None:
    """A date, or an ISO date string's first 10 characters as one; None when it is neither."""
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v[:10])
        except ValueError:
            return None
    return None


def fresh(d: dt.date | None, as_of: dt.date, max_age_days: int) -> bool:
    """A date no later than as_of and at most max_age_days before it."""
    return d is not None and 0 <= (as_of - d).days <= max_age_days
