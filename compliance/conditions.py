"""The condition language, evaluated in three-valued logic (True, False, None = unknown). Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .evidence import Attachment
from .models import Condition, Fact

Tri = bool | None


@dataclass
class Outcome:
    """The value of a condition and the leaf tests that decided it."""

    value: Tri
    leaves: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)


def _and(values: list[Tri]) -> Tri:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def _or(values: list[Tri]) -> Tri:
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def _not(v: Tri) -> Tri:
    return None if v is None else not v


def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return v.isoformat()
    return repr(v) if isinstance(v, str) else str(v)


def _as_date(v: Any) -> dt.date | None:
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v[:10])
        except ValueError:
            return None
    return None


def _compare(op: str, left: Any, right: Any) -> bool:
    if op == "is":
        return bool(left == right)
    if op == "is_not":
        return bool(left != right)
    if op == "gt":
        return bool(left > right)
    if op == "gte":
        return bool(left >= right)
    if op == "lt":
        return bool(left < right)
    if op == "lte":
        return bool(left <= right)
    raise ValueError(op)


def fresh(d: dt.date | None, as_of: dt.date, max_age_days: int) -> bool:
    """A date no later than as_of and at most max_age_days before it."""
    return d is not None and 0 <= (as_of - d).days <= max_age_days


class Evaluator:
    """Evaluates conditions against one indicator's facts (and, for caps, indicator level ranges)."""

    def __init__(self, facts: Mapping[str, Any], declared: Mapping[str, Fact], as_of: dt.date,
                 levels: Callable[[str], tuple[int, int]] | None = None) -> None:
        self.facts = facts
        self.declared = declared
        self.as_of = as_of
        self.levels = levels

    def evaluate(self, cond: Condition) -> Outcome:
        if cond.all is not None:
            return self._combine([self.evaluate(c) for c in cond.all], _and, "all")
        if cond.any is not None:
            return self._combine([self.evaluate(c) for c in cond.any], _or, "any")
        if cond.not_ is not None:
            inner = self.evaluate(cond.not_)
            return Outcome(_not(inner.value), [f"not ({'; '.join(inner.leaves)})"], inner.missing,
                           inner.facts, inner.attachments)
        if cond.indicator is not None:
            return self._indicator(cond.indicator, cond.min_level or 0)
        assert cond.fact is not None
        return self._fact(cond)

    @staticmethod
    def _combine(parts: list[Outcome], fn: Callable[[list[Tri]], Tri], name: str) -> Outcome:
        value = fn([p.value for p in parts])
        out = Outcome(value)
        # Explain with the parts that decided the result.
        deciding = [p for p in parts if p.value == value] or parts
        for p in deciding:
            out.leaves.extend(p.leaves)
        for p in parts:
            out.missing.extend(m for m in p.missing if m not in out.missing)
            out.facts.extend(f for f in p.facts if f not in out.facts)
            out.attachments.extend(a for a in p.attachments if a not in out.attachments)
        return out

    def _indicator(self, ident: str, min_level: int) -> Outcome:
        assert self.levels is not None
        worst, best = self.levels(ident)
        value: Tri = True if worst >= min_level else (False if best < min_level else None)
        return Outcome(value, [f"{ident} at level {worst}" + (f"–{best}" if best != worst else "")
                               + f" (needs {min_level})"])

    def _fact(self, cond: Condition) -> Outcome:
        name = cond.fact
        assert name is not None
        fact = self.declared[name]
        raw = self.facts.get(name)
        op = cond.operator
        if op is None:  # not reachable for a lint-clean rule set
            return Outcome(None, [f"{name}: no operator"], missing=[name], facts=[name])
        if raw is None:
            # Unknown is not false, for `present` too: a blank fact may still turn out to exist.
            return Outcome(None, [f"{name}: not given"], missing=[name], facts=[name])
        if op == "present":
            present = raw not in ("", [])
            return Outcome(present == cond.present, [f"{name} {'given' if present else 'given as empty'}"],
                           facts=[name])
        if fact.type == "attachments":
            return self._attachments(name, raw, cond)
        value: Any = raw
        if fact.type == "date":
            value = _as_date(raw)
            if value is None:
                return Outcome(None, [f"{name}: {raw!r} is not a date"], missing=[name], facts=[name])
        if op == "max_age_days":
            assert cond.max_age_days is not None
            ok = fresh(value, self.as_of, cond.max_age_days)
            age = (self.as_of - value).days
            when = f"{age} days before the as-of date" if age >= 0 else f"{-age} days AFTER the as-of date"
            return Outcome(ok, [f"{name} = {_fmt(value)} ({when}; at most {cond.max_age_days} days old "
                                f"allowed)"], facts=[name])
        if op == "in":
            assert cond.in_ is not None
            ok = value in cond.in_
            return Outcome(ok, [f"{name} = {_fmt(value)} {'in' if ok else 'not in'} "
                                f"[{', '.join(_fmt(v) for v in cond.in_)}]"], facts=[name])
        operand: Any = getattr(cond, op + "_" if op == "is" else op)
        if fact.type == "date":
            operand = _as_date(operand)
        try:
            ok = _compare(op, value, operand)
        except TypeError:
            return Outcome(None, [f"{name}: {raw!r} cannot be compared with {_fmt(operand)}"],
                           missing=[name], facts=[name])
        symbol = {"is": "=", "is_not": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}[op]
        return Outcome(ok, [f"{name} = {_fmt(value)} (needs {symbol} {_fmt(operand)})"], facts=[name])

    def _attachments(self, name: str, raw: Any, cond: Condition) -> Outcome:
        items: list[Attachment] = [a for a in raw if isinstance(a, Attachment)]
        usable = [a for a in items if a.usable]
        if cond.kinds:
            usable = [a for a in usable if a.effective_kind in cond.kinds]
        if cond.max_age_days is not None:
            usable = [a for a in usable if fresh(a.date, self.as_of, cond.max_age_days)]
        need = cond.min_count if cond.min_count is not None else 1
        ok = len(usable) >= need
        what = "attachment(s)"
        if cond.kinds:
            what = f"{'/'.join(cond.kinds)} attachment(s)"
        if cond.max_age_days is not None:
            what += f" dated within {cond.max_age_days} days"
        return Outcome(ok, [f"{name}: {len(usable)} {what} (needs at least {need})"], facts=[name],
                       attachments=[a.path for a in usable])
