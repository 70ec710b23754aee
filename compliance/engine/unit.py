"""One unit's indicators: which apply, the facts given for each, and the level range each ladder reaches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from compliance.engine.logic import Compiled, Evaluator, Outcome
from compliance.model.labels import NOT_APPLICABLE
from compliance.model.scoring import half_up, to_fraction


def n(x: Any) -> str:
    """A number as the trace prints it: an integer when whole, else its shortest decimal."""
    f = to_fraction(x)
    return str(f.numerator) if f.denominator == 1 else format(float(f), "g") if float(f) == f else str(x)

if TYPE_CHECKING:
    from compliance.model import assessment as A
    from compliance.model.ruleset import Dimension, Fact, Group, Indicator

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
    measured: str | None = None    # a measured indicator: how its level follows from the value


def measure(item: Item) -> None:
    """A measured indicator's level: steps × (value − from) / (to − from), exact, rounded half-up, within
    0..steps. An unknown value leaves the whole range open."""
    m = item.ind.measure
    assert m is not None
    value = item.facts.get(m.fact)
    lo, hi = to_fraction(m.from_), to_fraction(m.to)
    if value is None:
        item.worst, item.best = 0, m.steps
        item.measured = f"{m.fact} not known: level between 0 and {m.steps}"
        return
    exact = m.steps * (to_fraction(value) - lo) / (hi - lo)
    level = min(max(half_up(exact.numerator, exact.denominator), 0), m.steps)
    item.worst = item.best = level
    item.measured = (f"level = {m.steps} × ({n(value)} − {n(m.from_)}) / ({n(m.to)} − {n(m.from_)})"
                     f" = {level} of {m.steps}")


def bind_facts(ident: str, declared: Mapping[str, Fact], given: dict[str, Any],
               warnings: list[str]) -> dict[str, Any]:
    """The given facts that an indicator (or qualifier) declares, each of its type (a date string read as a date);
    the others are left out with a warning."""
    out: dict[str, Any] = {}
    for name, value in given.items():
        fact = declared.get(name)
        if fact is None:
            warnings.append(f"{ident}: unknown fact {name!r} ignored")
            continue
        if value is None:
            continue
        expected = fact.value_problem(value)
        if expected is not None:
            warnings.append(f"{ident}: fact {name!r} = {str(value)[:60]!r} is not {expected.render('en')}; "
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
    if it.measured is not None:
        return it.measured
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
