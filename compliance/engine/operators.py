"""The operators of a fact condition, in one table: for each, its name, the Condition attribute holding its
operand, the fact types it applies to, its operand check (what lint reports) and its compiler (what the engine
evaluates). The engine compiles through it, lint checks through it, the synthetic generator solves through it.

Light on purpose: it imports no pydantic model at start-up, so `compliance lint` can read it and stay fast.
"""

from __future__ import annotations

import difflib
import operator as _op
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance.engine.logic import Compiled, Evaluator, Outcome, as_date, fmt, fresh
from compliance.messages import Msg

if TYPE_CHECKING:
    from compliance.model.ruleset import Condition, Fact

FACT_TYPES = frozenset({"boolean", "number", "integer", "date", "text", "choice", "attachments"})
# Keys of a fact condition that qualify its operator rather than being one, with the fact types they go with.
MODIFIERS: dict[str, frozenset[str]] = {"kinds": frozenset({"attachments"})}

# (evaluator, raw value, value read as the fact's type, whether it is a date) -> outcome
ValueTest = Callable[[Evaluator, Any, Any, bool], Outcome]
# The operand problem of one operator: (operand, fact type, the fact's choices) -> message or None
OperandCheck = Callable[[Any, str, Sequence[str]], "Msg | None"]


@dataclass(frozen=True, slots=True)
class Operator:
    """One operator of the condition language."""

    name: str
    attr: str                                      # the Condition attribute that holds its operand
    fact_types: frozenset[str]                     # the fact types it applies to
    check: OperandCheck                            # its operand's problem for a fact, as lint reports it
    compile: Callable[[Condition, str], Compiled]  # (condition, fact name) -> closure over an Evaluator


# --------------------------------------------------------------------------------------------- operand checks


def _did_you_mean(name: str, candidates: Sequence[str]) -> Msg:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return Msg(" (maksudnya {c!r}?)", " (did you mean {c!r}?)", c=close[0]) if close else Msg.text("")


def _no_check(operand: Any, fact_type: str, choices: Sequence[str]) -> Msg | None:
    return None  # the schema already holds its type (a boolean, a count, a number of days)


def _check_value(v: Any, fact_type: str, choices: Sequence[str]) -> Msg | None:
    """A value compared with a fact: of the fact's type (and one of its choices)."""
    ok = True
    if fact_type == "boolean":
        ok = isinstance(v, bool)
    elif fact_type in ("number", "integer"):
        ok = isinstance(v, int | float) and not isinstance(v, bool)
    elif fact_type == "date":
        ok = isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-"
    elif fact_type in ("text", "choice"):
        ok = isinstance(v, str)
        if ok and fact_type == "choice" and v not in choices:
            return Msg("{v!r} bukan salah satu pilihan data ini{dym}", "{v!r} is not one of the fact's choices{dym}",
                       v=v, dym=_did_you_mean(v, choices))
    return None if ok else Msg("{v!r} tidak dapat dibandingkan dengan data bertipe {t}",
                               "{v!r} cannot be compared with a {t} fact", v=v, t=fact_type)


def _check_each(operand: Any, fact_type: str, choices: Sequence[str]) -> Msg | None:
    for v in operand:
        problem = _check_value(v, fact_type, choices)
        if problem is not None:
            return problem
    return None


# --------------------------------------------------------------------------------------------- compilers


def _compile_present(cond: Condition, name: str) -> Compiled:
    want = cond.present
    not_given = f"{name}: not given"

    def present(ev: Evaluator) -> Outcome:
        raw = ev.facts.get(name)
        if raw is None:
            # Unknown is not false, for `present` too: a blank fact may still turn out to exist.
            return Outcome(None, [not_given], [name], [name], [])
        given = raw not in ("", [])
        return Outcome(given == want, [f"{name} {'given' if given else 'given as empty'}"], [], [name], [])
    return present


def _leaf(value_test: Callable[[Condition, str], ValueTest]) -> Callable[[Condition, str], Compiled]:
    """The compiler of an operator that reads the fact's value: unknown when not given; an attachments fact is
    counted (min_count, kinds and max_age_days together); a date fact is read as a date first."""

    def compile_leaf(cond: Condition, name: str) -> Compiled:
        attachments = _compile_attachments(cond, name)
        test = value_test(cond, name)
        not_given = f"{name}: not given"

        def fact(ev: Evaluator) -> Outcome:
            raw = ev.facts.get(name)
            if raw is None:
                return Outcome(None, [not_given], [name], [name], [])
            ftype = ev.declared[name].type
            if ftype == "attachments":
                return attachments(ev, raw)
            if ftype == "date":
                value = as_date(raw)
                if value is None:
                    return Outcome(None, [f"{name}: {raw!r} is not a date"], [name], [name], [])
                return test(ev, raw, value, True)
            return test(ev, raw, raw, False)
        return fact
    return compile_leaf


def _comparison(symbol: str, test: Callable[[Any, Any], Any], attr: str) -> Callable[[Condition, str], ValueTest]:
    def build(cond: Condition, name: str) -> ValueTest:
        operand: Any = getattr(cond, attr)
        operand_date = as_date(operand)
        needs = f"(needs {symbol} {fmt(operand)})"
        needs_date = f"(needs {symbol} {fmt(operand_date)})"

        def compare(ev: Evaluator, raw: Any, value: Any, is_date: bool) -> Outcome:
            right = operand_date if is_date else operand
            try:
                ok = bool(test(value, right))
            except TypeError:
                return Outcome(None, [f"{name}: {raw!r} cannot be compared with {fmt(right)}"], [name], [name], [])
            return Outcome(ok, [f"{name} = {fmt(value)} {needs_date if is_date else needs}"], [], [name], [])
        return compare
    return build


def _in_value(cond: Condition, name: str) -> ValueTest:
    assert cond.in_ is not None
    choices = cond.in_
    shown = f"[{', '.join(fmt(v) for v in choices)}]"

    def in_test(ev: Evaluator, raw: Any, value: Any, is_date: bool) -> Outcome:
        ok = value in choices
        return Outcome(ok, [f"{name} = {fmt(value)} {'in' if ok else 'not in'} {shown}"], [], [name], [])
    return in_test


def _age_value(cond: Condition, name: str) -> ValueTest:
    max_age = cond.max_age_days
    assert max_age is not None
    allowed = f"at most {max_age} days old allowed)"

    def age_test(ev: Evaluator, raw: Any, value: Any, is_date: bool) -> Outcome:
        ok = fresh(value, ev.as_of, max_age)
        age = (ev.as_of - value).days
        when = f"{age} days before the as-of date" if age >= 0 else f"{-age} days AFTER the as-of date"
        return Outcome(ok, [f"{name} = {fmt(value)} ({when}; {allowed}"], [], [name], [])
    return age_test


def _attachments_only(cond: Condition, name: str) -> ValueTest:
    # min_count on a fact that is not attachments: lint refuses it (operator-type)
    return lambda ev, raw, value, is_date: Outcome(None, [f"{name}: min_count applies to attachments only"],
                                                   [name], [name], [])


def _compile_attachments(cond: Condition, name: str) -> Callable[[Evaluator, Any], Outcome]:
    from compliance.model.evidence import Attachment  # here, not at the top: lint reads this module, pydantic-free

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


# --------------------------------------------------------------------------------------------- the table

_VALUES = frozenset({"boolean", "number", "integer", "date", "text", "choice"})
_ORDERED = frozenset({"number", "integer", "date"})


def _compared(name: str, attr: str, symbol: str, test: Callable[[Any, Any], Any], types: frozenset[str]) -> Operator:
    return Operator(name, attr, types, _check_value, _leaf(_comparison(symbol, test, attr)))


OPERATORS: dict[str, Operator] = {op.name: op for op in (
    _compared("is", "is_", "=", _op.eq, _VALUES),
    _compared("is_not", "is_not", "≠", _op.ne, _VALUES),
    _compared("gt", "gt", ">", _op.gt, _ORDERED),
    _compared("gte", "gte", "≥", _op.ge, _ORDERED),
    _compared("lt", "lt", "<", _op.lt, _ORDERED),
    _compared("lte", "lte", "≤", _op.le, _ORDERED),
    Operator("in", "in_", frozenset({"number", "integer", "text", "choice"}), _check_each, _leaf(_in_value)),
    Operator("present", "present", FACT_TYPES, _no_check, _compile_present),
    Operator("min_count", "min_count", frozenset({"attachments"}), _no_check, _leaf(_attachments_only)),
    Operator("max_age_days", "max_age_days", frozenset({"date", "attachments"}), _no_check, _leaf(_age_value)),
)}
NAMES: tuple[str, ...] = tuple(OPERATORS)


def operator(name: str) -> Operator:
    """The operator of this name; a ValueError naming the known ones when there is none."""
    op = OPERATORS.get(name)
    if op is None:
        raise ValueError(f"unknown operator {name!r} (known: {', '.join(NAMES)})")
    return op


def operators_for(fact_type: str) -> frozenset[str]:
    """The operators that apply to a fact of this type."""
    return frozenset(name for name, op in OPERATORS.items() if fact_type in op.fact_types)


def allowed_keys(fact_type: str) -> frozenset[str]:
    """The keys a fact condition on a fact of this type may carry besides `fact`: operators and modifiers."""
    return operators_for(fact_type) | {m for m, types in MODIFIERS.items() if fact_type in types}


def check_applies(key: str, fact_type: str) -> Msg | None:
    """Why an operator or modifier cannot stand in a condition on a fact of this type, or None when it can."""
    allowed = allowed_keys(fact_type)
    if key in allowed:
        return None
    return Msg("operator {key!r} tidak berlaku untuk data bertipe {t} (yang boleh: {ok})",
               "operator {key!r} does not apply to a {t} fact (allowed: {ok})", key=key, t=fact_type,
               ok=", ".join(sorted(allowed)))


def fact_operators(keys: Collection[str], fact_type: str | None = None) -> list[str]:
    """The operators among a fact condition's keys, in their order, modifiers left out: `kinds`, and
    `max_age_days` beside `min_count` on an attachments fact (or on any fact when its type is not given).
    A well-formed condition has exactly one."""
    counted = fact_type in (None, "attachments") and "min_count" in keys
    return [k for k in keys if k in OPERATORS and not (k == "max_age_days" and counted)]


def operator_of(cond: Condition | Mapping[str, Any]) -> str | None:
    """The operator of a fact condition (a Condition, or a condition's raw mapping); None when it has none."""
    if isinstance(cond, Mapping):
        keys: list[str] = list(cond)
    else:
        keys = [name for name, op in OPERATORS.items() if getattr(cond, op.attr) is not None]
    found = fact_operators(keys)
    return found[0] if found else None


def check_operand(op: str, operand: Any, fact: Fact | Mapping[str, Any]) -> Msg | None:
    """What is wrong with an operand for a fact (a Fact, or a fact's raw mapping), as lint reports it; None when
    nothing is. The operator is assumed to apply to the fact's type (check_applies says whether it does)."""
    if isinstance(fact, Mapping):
        fact_type, choices = str(fact["type"]), tuple(fact.get("choices") or ())
    else:
        fact_type, choices = fact.type, tuple(fact.choices or ())
    return operator(op).check(operand, fact_type, choices)


def compile_fact(cond: Condition) -> Compiled:
    """A fact condition compiled through its operator's compiler."""
    name = cond.fact
    assert name is not None
    op = operator_of(cond)
    if op is None:  # not reachable for a lint-clean rule set
        return lambda ev: Outcome(None, [f"{name}: no operator"], [name], [name], [])
    return OPERATORS[op].compile(cond, name)


__all__ = ["MODIFIERS", "NAMES", "OPERATORS", "Operator", "allowed_keys", "check_applies", "check_operand",
           "compile_fact", "fact_operators", "operator", "operator_of", "operators_for"]
