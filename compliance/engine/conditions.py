"""The condition language, evaluated in three-valued logic (True, False, None = unknown). Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from compliance.model.evidence import Attachment
from compliance.model.ruleset import Condition, Fact

Tri = bool | None


@dataclass(slots=True)
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
    """Evaluates conditions against one indicator's facts (and, for caps, indicator level ranges).

    Each condition is compiled once into a closure (memoized on the condition, see `Condition.compiled`);
    evaluating is calling it with this evaluator as the context.
    """

    __slots__ = ("as_of", "declared", "facts", "levels")

    def __init__(self, facts: Mapping[str, Any], declared: Mapping[str, Fact], as_of: dt.date,
                 levels: Callable[[str], tuple[int, int]] | None = None) -> None:
        self.facts = facts
        self.declared = declared
        self.as_of = as_of
        self.levels = levels

    def evaluate(self, cond: Condition) -> Outcome:
        return cond.compiled(self)  # type: ignore[no-any-return]


Compiled = Callable[[Evaluator], Outcome]


def compile_condition(cond: Condition) -> Compiled:
    """A closure that evaluates `cond` in an Evaluator's context: the operator, operand and the texts that
    do not depend on the facts are worked out here, once per condition instead of once per unit."""
    if cond.all is not None:
        return _compile_combine([c.compiled for c in cond.all], _and)
    if cond.any is not None:
        return _compile_combine([c.compiled for c in cond.any], _or)
    if cond.not_ is not None:
        inner_fn: Compiled = cond.not_.compiled

        def negate(ev: Evaluator) -> Outcome:
            inner = inner_fn(ev)
            return Outcome(_not(inner.value), [f"not ({'; '.join(inner.leaves)})"], inner.missing, inner.facts,
                           inner.attachments)
        return negate
    if cond.indicator is not None:
        ident, min_level = cond.indicator, cond.min_level or 0

        def level_test(ev: Evaluator) -> Outcome:
            assert ev.levels is not None
            worst, best = ev.levels(ident)
            value: Tri = True if worst >= min_level else (False if best < min_level else None)
            return Outcome(value, [f"{ident} at level {worst}" + (f"–{best}" if best != worst else "")
                                   + f" (needs {min_level})"], [], [], [])
        return level_test
    assert cond.fact is not None
    return _compile_fact(cond, cond.fact)


def _compile_combine(parts: list[Compiled], fn: Callable[[list[Tri]], Tri]) -> Compiled:
    def combine(ev: Evaluator) -> Outcome:
        outs = [p(ev) for p in parts]
        value = fn([p.value for p in outs])
        out = Outcome(value, [], [], [], [])
        # Explain with the parts that decided the result.
        deciding = [p for p in outs if p.value == value] or outs
        for p in deciding:
            out.leaves.extend(p.leaves)
        for p in outs:
            out.missing.extend(m for m in p.missing if m not in out.missing)
            out.facts.extend(f for f in p.facts if f not in out.facts)
            out.attachments.extend(a for a in p.attachments if a not in out.attachments)
        return out
    return combine


_SYMBOLS = {"is": "=", "is_not": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}


def _compile_fact(cond: Condition, name: str) -> Compiled:
    op = cond.operator
    not_given = f"{name}: not given"

    def unknown(ev: Evaluator) -> Outcome:
        return Outcome(None, [not_given], [name], [name], [])

    if op is None:  # not reachable for a lint-clean rule set
        return lambda ev: Outcome(None, [f"{name}: no operator"], [name], [name], [])
    if op == "present":
        want = cond.present

        def present(ev: Evaluator) -> Outcome:
            raw = ev.facts.get(name)
            if raw is None:
                # Unknown is not false, for `present` too: a blank fact may still turn out to exist.
                return unknown(ev)
            given = raw not in ("", [])
            return Outcome(given == want, [f"{name} {'given' if given else 'given as empty'}"], [], [name], [])
        return present
    attachments = _compile_attachments(cond, name)
    value_test = _compile_value(cond, name, op)

    def fact(ev: Evaluator) -> Outcome:
        raw = ev.facts.get(name)
        if raw is None:
            return unknown(ev)
        ftype = ev.declared[name].type
        if ftype == "attachments":
            return attachments(ev, raw)
        if ftype == "date":
            value = _as_date(raw)
            if value is None:
                return Outcome(None, [f"{name}: {raw!r} is not a date"], [name], [name], [])
            return value_test(ev, raw, value, True)
        return value_test(ev, raw, raw, False)
    return fact


def _compile_value(cond: Condition, name: str, op: str) -> Callable[[Evaluator, Any, Any, bool], Outcome]:
    if op == "max_age_days":
        max_age = cond.max_age_days
        assert max_age is not None
        allowed = f"at most {max_age} days old allowed)"

        def age_test(ev: Evaluator, raw: Any, value: Any, is_date: bool) -> Outcome:
            ok = fresh(value, ev.as_of, max_age)
            age = (ev.as_of - value).days
            when = f"{age} days before the as-of date" if age >= 0 else f"{-age} days AFTER the as-of date"
            return Outcome(ok, [f"{name} = {_fmt(value)} ({when}; {allowed}"], [], [name], [])
        return age_test
    if op == "in":
        assert cond.in_ is not None
        choices = cond.in_
        shown = f"[{', '.join(_fmt(v) for v in choices)}]"

        def in_test(ev: Evaluator, raw: Any, value: Any, is_date: bool) -> Outcome:
            ok = value in choices
            return Outcome(ok, [f"{name} = {_fmt(value)} {'in' if ok else 'not in'} {shown}"], [], [name], [])
        return in_test
    if op not in _SYMBOLS:  # min_count on a fact that is not attachments: lint refuses it (operator-type)
        return lambda ev, raw, value, is_date: Outcome(None, [f"{name}: {op} applies to attachments only"],
                                                       [name], [name], [])
    operand: Any = getattr(cond, op + "_" if op == "is" else op)
    as_date = _as_date(operand)
    needs = f"(needs {_SYMBOLS[op]} {_fmt(operand)})"
    needs_date = f"(needs {_SYMBOLS[op]} {_fmt(as_date)})"

    def compare(ev: Evaluator, raw: Any, value: Any, is_date: bool) -> Outcome:
        right = as_date if is_date else operand
        try:
            ok = _compare(op, value, right)
        except TypeError:
            return Outcome(None, [f"{name}: {raw!r} cannot be compared with {_fmt(right)}"], [name], [name], [])
        return Outcome(ok, [f"{name} = {_fmt(value)} {needs_date if is_date else needs}"], [], [name], [])
    return compare


def _compile_attachments(cond: Condition, name: str) -> Callable[[Evaluator, Any], Outcome]:
    kinds = cond.kinds
    max_age = cond.max_age_days
    need = cond.min_count if cond.min_count is not None else 1
    what = "attachment(s)"
    if kinds:
        what = f"{'/'.join(kinds)} attachment(s)"
    if max_age is not None:
        what += f" dated within {max_age} days"
    tail = f"{what} (needs at least {need})"

    def attachments(ev: Evaluator, raw: Any) -> Outcome:
        usable = [a for a in raw if isinstance(a, Attachment) and a.problem is None]
        if kinds:
            usable = [a for a in usable if a.effective_kind in kinds]
        if max_age is not None:
            as_of = ev.as_of
            usable = [a for a in usable if fresh(a.date, as_of, max_age)]
        return Outcome(len(usable) >= need, [f"{name}: {len(usable)} {tail}"], [], [name],
                       [a.path for a in usable])
    return attachments
