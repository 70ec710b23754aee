"""One unit's indicators: which apply, the facts given for each, and the level range each ladder reaches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from compliance.engine.logic import Compiled, Evaluator, Outcome
from compliance.model.labels import NOT_APPLICABLE

if TYPE_CHECKING:
    from compliance.model import assessment as A
    from compliance.model.ruleset import Dimension, Group, Indicator

# An indicator's ladder above its bottom level, compiled: (level, its condition; None when it has none).
Ladder = tuple[tuple[int, Compiled | None], ...]


@dataclass(slots=True)
class Item:
    """One indicator of the rule set as it stands for one unit."""

    dim: Dimension
    grp: Group | None
    ind: Indicator
    top: int
    applicable: bool = True
    na_reason: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    worst: int = 0
    best: int = 0
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    note: str | None = None


def bind_facts(ind: Indicator, given: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """The given facts the indicator declares, each of its type (a date string read as a date); the others are
    left out with a warning."""
    out: dict[str, Any] = {}
    for name, value in given.items():
        fact = ind.facts.get(name)
        if fact is None:
            warnings.append(f"{ind.id}: unknown fact {name!r} ignored")
            continue
        if value is None:
            continue
        expected = fact.value_problem(value)
        if expected is not None:
            warnings.append(f"{ind.id}: fact {name!r} = {str(value)[:60]!r} is not {expected.render('en')}; "
                            f"treated as not given")
            continue
        if fact.type == "date" and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        out[name] = value
    return out


def climb(item: Item, ladder: Ladder, bottom: int, as_of: dt.date) -> None:
    """Walk the ladder upwards: `worst` is the highest level surely reached, `best` the highest possibly reached
    (unknown facts could lift it); the walk stops at the first level surely not reached."""
    ev = Evaluator(item.facts, item.ind.facts, as_of)
    item.worst = item.best = bottom
    sure = maybe = True
    outcomes = item.outcomes
    for level, when in ladder:
        assert when is not None
        out = when(ev)
        outcomes[level] = out
        value = out.value
        if sure and value is True:
            item.worst = level
        else:
            sure = False
        if maybe and value is not False:
            item.best = level
        else:
            maybe = False
        if not maybe:
            break


def reason(it: Item) -> str:
    """Why the indicator is at its level: the leaves of the level reached and of the next one."""
    if not it.applicable:
        return it.na_reason or NOT_APPLICABLE
    top = it.top
    parts = []
    if it.worst > it.ind.min_level:
        out = it.outcomes[it.worst]
        parts.append(f"level {it.worst} reached: " + "; ".join(out.leaves))
    nxt = min((lv for lv in it.outcomes if lv > it.worst), default=None)
    if it.worst < top and nxt is not None:
        out = it.outcomes[nxt]
        verdict = "not known" if out.value is None else "not reached"
        parts.append(f"level {nxt} {verdict}: " + "; ".join(out.leaves))
    if not parts:
        parts.append(f"level {it.worst}")
    return " | ".join(parts)


def status(it: Item) -> A.Status:
    if not it.applicable:
        return "not_applicable"
    if it.best > it.worst:
        return "unknown"
    if it.worst >= it.top:
        return "met"
    if it.worst <= it.ind.min_level:
        return "unmet"
    return "partial"
