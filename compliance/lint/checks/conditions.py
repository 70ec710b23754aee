"""Conditions: the shape of `when` (exactly one form), the facts it reads and the operators and values it uses.

The operators themselves (names, fact types, operand checks) come from the one operator table,
`compliance.engine.operators`, which the engine compiles through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from compliance.engine.operators import NAMES, check_applies, check_operand, fact_operators
from compliance.lint.context import Context
from compliance.load.rulesets import RuleFile, did_you_mean
from compliance.load.safe_yaml import KeyPath
from compliance.messages import Msg
from compliance.model.findings import Finding

FORMS = ("all", "any", "not", "fact", "indicator")

CODES = {
    "condition-form": "a condition that is not exactly one of all/any/not/fact/indicator, a fact test without "
                      "exactly one operator, or an indicator test in a level",
    "undeclared-fact": "a condition reads a fact its indicator does not declare",
    "operator-type": "an operator the fact's type does not accept, a value of the wrong type, "
                     "or a value that is not one of the choices",
}

# Checks an {indicator: ..., min_level: ...} test where one is allowed (in caps): (file, path, condition).
IndicatorTest = Callable[[RuleFile, KeyPath, dict[str, Any]], Iterator[Finding]]


def check(ctx: Context) -> Iterator[Finding]:
    for _, node in ctx.nodes("indicator"):
        for i, lv in enumerate(node.data.get("levels", ())):
            if "when" in lv:
                yield from walk(node.file, (*node.path, "levels", i, "when"), lv["when"], node.data["facts"], None)


def walk(rf: RuleFile, path: KeyPath, cond: dict[str, Any], facts: dict[str, Any] | None,
         indicator_test: IndicatorTest | None) -> Iterator[Finding]:
    """The findings of one condition and its parts. Facts are those it may read (None in a cap, which reads
    none); indicator tests go to `indicator_test` (None where they are not allowed)."""
    forms = [f for f in FORMS if f in cond]
    if len(forms) != 1:
        yield rf.at(path, "condition-form",
                    Msg("syarat memerlukan tepat satu dari all/any/not/fact/indicator, ditemukan {found}",
                        "a condition needs exactly one of all/any/not/fact/indicator, found {found}",
                        found=Msg.text(", ".join(forms)) if forms else Msg("tidak ada", "none")))
        return
    form = forms[0]
    ops = [k for k in cond if k not in FORMS]
    if form in ("all", "any"):
        if ops:
            yield rf.at((*path, ops[0]), "condition-form", Msg("{op!r} tidak boleh berdampingan dengan {form!r}",
                                                               "{op!r} cannot stand beside {form!r}",
                                                               op=ops[0], form=form), key=True)
        for i, sub in enumerate(cond[form]):
            yield from walk(rf, (*path, form, i), sub, facts, indicator_test)
        return
    if form == "not":
        if ops:
            yield rf.at((*path, ops[0]), "condition-form", Msg("{op!r} tidak boleh berdampingan dengan 'not'",
                                                               "{op!r} cannot stand beside 'not'", op=ops[0]),
                        key=True)
        yield from walk(rf, (*path, "not"), cond["not"], facts, indicator_test)
        return
    if form == "indicator":
        if indicator_test is None:
            yield rf.at((*path, "indicator"), "condition-form",
                        Msg("syarat {{indicator: ..., min_level: ...}} hanya boleh dipakai dalam batas (caps)",
                            "{{indicator: ..., min_level: ...}} conditions are only allowed in caps"))
        else:
            yield from indicator_test(rf, path, cond)
        return
    yield from _fact_test(rf, path, cond, ops, facts)


def _fact_test(rf: RuleFile, path: KeyPath, cond: dict[str, Any], ops: list[str],
               facts: dict[str, Any] | None) -> Iterator[Finding]:
    name = cond["fact"]
    if facts is None:
        yield rf.at((*path, "fact"), "condition-form",
                    Msg("syarat batas (cap) membaca level indikator ({{indicator: ID, min_level: N}}), bukan data",
                        "a cap's condition reads indicator levels ({{indicator: ID, min_level: N}}), not facts"))
        return
    if name not in facts:
        yield rf.at((*path, "fact"), "undeclared-fact",
                    Msg("data {name!r} tidak dinyatakan oleh indikator ini{dym}",
                        "fact {name!r} is not declared by this indicator{dym}", name=name,
                        dym=did_you_mean(name, facts)))
        return
    ftype = facts[name]["type"]
    if "min_level" in cond:
        yield rf.at((*path, "min_level"), "condition-form", Msg(
            "min_level dipakai bersama indicator, bukan fact", "min_level goes with indicator, not fact"), key=True)
        return
    main = fact_operators(ops, ftype)
    if len(main) != 1:
        yield rf.at(path, "condition-form",
                    Msg("syarat data memerlukan tepat satu operator ({ops}), ditemukan {found}",
                        "a fact condition needs exactly one operator ({ops}), found {found}", ops=", ".join(NAMES),
                        found=Msg.text(", ".join(main)) if main else Msg("tidak ada", "none")))
        return
    op = main[0]
    for o in ops:
        problem = check_applies(o, ftype)
        if problem is not None:
            yield rf.at((*path, o), "operator-type", problem, key=True)
            return
    problem = check_operand(op, cond[op], facts[name])
    if problem is not None:
        yield rf.at((*path, op), "operator-type", problem)
