"""compliance.engine.operators: one table of the condition language's operators, complete, compiling, agreeing
with what lint reports today, light enough for lint to import, and solved by the synthetic generator."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml

from compliance.engine.logic import Evaluator
from compliance.engine.operators import (
    FACT_TYPES,
    MODIFIERS,
    NAMES,
    OPERATORS,
    allowed_keys,
    check_applies,
    check_operand,
    fact_operators,
    operator,
    operator_of,
    operators_for,
)
from compliance.messages import Msg, render
from compliance.model.evidence import Attachment
from compliance.model.ruleset import Condition, Fact, FactType

from conftest import ROOT

AS_OF = dt.date(2024, 6, 1)
LINT_CASES = ROOT / "tests" / "cases" / "lint" / "invalid"

# What lint accepted per fact type when the table was made (compliance/lint/linter.py, OPERATORS_BY_TYPE):
# operators and the `kinds` modifier.
LINT_KEYS_BY_TYPE = {
    "boolean": {"is", "is_not", "present"},
    "number": {"is", "is_not", "gt", "gte", "lt", "lte", "in", "present"},
    "integer": {"is", "is_not", "gt", "gte", "lt", "lte", "in", "present"},
    "date": {"is", "is_not", "gt", "gte", "lt", "lte", "present", "max_age_days"},
    "text": {"is", "is_not", "in", "present"},
    "choice": {"is", "is_not", "in", "present"},
    "attachments": {"min_count", "present", "kinds", "max_age_days"},
}

# Per fact type: two (operand, runtime value) pairs, the first below the second.
SAMPLES: dict[str, tuple[tuple[Any, Any], tuple[Any, Any]]] = {
    "boolean": ((False, False), (True, True)),
    "number": ((1.5, 1.5), (2.5, 2.5)),
    "integer": ((1, 1), (2, 2)),
    "date": (("2024-01-01", dt.date(2024, 1, 1)), ("2024-01-02", dt.date(2024, 1, 2))),
    "text": (("a", "a"), ("b", "b")),
    "choice": (("a", "a"), ("b", "b")),
}
# For a value-reading operator: (which sample is the operand, which value makes it true, which false).
VALUE_CASES = {"is": (0, 0, 1), "is_not": (0, 1, 0), "gt": (0, 1, 0), "gte": (1, 1, 0), "lt": (1, 0, 1),
               "lte": (0, 0, 1), "in": (0, 0, 1)}


def fact(ftype: str) -> Fact:
    extra = {"choices": ["a", "b"]} if ftype == "choice" else {}
    return Fact.model_validate({"type": ftype, "prompt": {"id": "x"}, **extra})


def run(op: str, cond: dict[str, Any], ftype: str, value: Any) -> bool | None:
    """Compile through the table's entry and evaluate against one fact `f` of the type."""
    c = Condition.model_validate({"fact": "f", **cond})
    facts = {} if value is None else {"f": value}
    return OPERATORS[op].compile(c, "f")(Evaluator(facts, {"f": fact(ftype)}, AS_OF)).value


def test_every_operator_has_all_its_parts() -> None:
    assert NAMES == ("is", "is_not", "gt", "gte", "lt", "lte", "in", "present", "min_count", "max_age_days")
    assert set(typing.get_args(FactType)) == FACT_TYPES
    aliases = {f.alias or name: name for name, f in Condition.model_fields.items()}
    for name, op in OPERATORS.items():
        assert op.name == name
        assert aliases.get(name) == op.attr, f"{name}: Condition.{op.attr} is not its operand's field"
        assert op.fact_types and op.fact_types <= FACT_TYPES
        assert callable(op.check) and callable(op.compile)
        assert operator(name) is op


def test_an_unknown_operator_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"unknown operator 'equals' \(known: is, is_not, "):
        operator("equals")


@pytest.mark.parametrize("ftype", sorted(LINT_KEYS_BY_TYPE))
def test_the_table_accepts_what_lint_accepts(ftype: str) -> None:
    assert allowed_keys(ftype) == LINT_KEYS_BY_TYPE[ftype]
    assert operators_for(ftype) == LINT_KEYS_BY_TYPE[ftype] - set(MODIFIERS)
    assert check_applies("present", ftype) is None


@pytest.mark.parametrize(("op", "ftype"), [(op, t) for op in VALUE_CASES for t in sorted(OPERATORS[op].fact_types)])
def test_each_value_operator_compiles_and_decides(op: str, ftype: str) -> None:
    operand_i, true_i, false_i = VALUE_CASES[op]
    operand = SAMPLES[ftype][operand_i][0]
    cond = {op: [operand] if op == "in" else operand}
    assert run(op, cond, ftype, SAMPLES[ftype][true_i][1]) is True
    assert run(op, cond, ftype, SAMPLES[ftype][false_i][1]) is False
    assert run(op, cond, ftype, None) is None                    # not given: unknown
    assert check_operand(op, cond[op], fact(ftype)) is None


@pytest.mark.parametrize("ftype", sorted(FACT_TYPES))
def test_present_compiles_for_every_type(ftype: str) -> None:
    given = [Attachment(path="a.pdf")] if ftype == "attachments" else SAMPLES[ftype][1][1]
    assert run("present", {"present": True}, ftype, given) is True
    assert run("present", {"present": False}, ftype, given) is False
    assert run("present", {"present": True}, ftype, None) is None


def test_attachment_and_age_operators_compile() -> None:
    fresh = Attachment(path="a.pdf", date=dt.date(2024, 5, 1))
    stale = Attachment(path="b.pdf", date=dt.date(2023, 1, 1))
    assert run("min_count", {"min_count": 2}, "attachments", [fresh, stale]) is True
    assert run("min_count", {"min_count": 2, "max_age_days": 90}, "attachments", [fresh, stale]) is False
    assert run("max_age_days", {"max_age_days": 90}, "attachments", [stale]) is False
    assert run("max_age_days", {"max_age_days": 90}, "date", dt.date(2024, 5, 1)) is True
    assert run("max_age_days", {"max_age_days": 90}, "date", dt.date(2023, 5, 1)) is False
    assert run("min_count", {"min_count": 1}, "text", "x") is None   # lint refuses it; the engine does not guess


def test_modifiers_are_not_operators() -> None:
    assert fact_operators(["min_count", "kinds", "max_age_days"], "attachments") == ["min_count"]
    assert fact_operators(["max_age_days", "kinds"], "attachments") == ["max_age_days"]
    assert fact_operators(["min_count", "max_age_days"], "date") == ["min_count", "max_age_days"]
    assert fact_operators(["is_not", "is"], "boolean") == ["is_not", "is"]       # in the order written
    raw = {"fact": "f", "min_count": 2, "kinds": ["pdf"], "max_age_days": 30}
    assert operator_of(raw) == operator_of(Condition.model_validate(raw)) == "min_count"
    assert operator_of({"fact": "f", "kinds": ["pdf"]}) is None


def test_operand_checks_take_a_fact_or_its_raw_mapping() -> None:
    raw = {"type": "choice", "choices": ["daring", "luring"]}
    model = Fact.model_validate({**raw, "prompt": {"id": "x"}})
    for f in (raw, model):
        assert check_operand("is", "daring", f) is None
        assert en(check_operand("is", "darin", f)) == \
            "'darin' is not one of the fact's choices (did you mean 'daring'?)"
        assert en(check_operand("in", ["luring", 3], f)) == "3 cannot be compared with a choice fact"
    assert en(check_operand("gte", "2024-1-1", {"type": "date"})) == "'2024-1-1' cannot be compared with a date fact"
    assert en(check_operand("is", True, {"type": "number"})) == "True cannot be compared with a number fact"
    assert str(check_operand("is", True, {"type": "number"})) == \
        "True tidak dapat dibandingkan dengan data bertipe number"
    assert check_operand("min_count", 2, {"type": "attachments"}) is None


def en(message: Msg | None) -> str | None:
    return None if message is None else message.render("en")


def _lint_case(name: str, suffix: str = ".en.expected.txt") -> tuple[dict[str, Any], dict[str, Any], str]:
    """The first level condition of a lint case, its fact, and the expected finding's message."""
    doc = yaml.load((LINT_CASES / f"{name}.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    ind = doc["dimensions"][0]["indicators"][0]
    cond = next(lv["when"] for lv in ind["levels"] if "when" in lv)
    expected = (LINT_CASES / f"{name}{suffix}").read_text(encoding="utf-8").splitlines()[0]
    return cond, ind["facts"][cond["fact"]], expected.split("] ", 1)[1]


def test_messages_are_those_of_the_lint_cases() -> None:
    for suffix, lang in ((".en.expected.txt", "en"), (".expected.txt", "id")):
        cond, f, expected = _lint_case("operator-type", suffix)
        assert render(check_applies("gt", f["type"]), lang) == expected
        for name in ("operator-choice", "operator-value-type"):
            cond, f, expected = _lint_case(name, suffix)
            op = operator_of(cond)
            assert op is not None and render(check_operand(op, cond[op], f), lang) == expected
    cond, f, expected = _lint_case("condition-two-operators")
    found = fact_operators([k for k in cond if k != "fact"], f["type"])
    assert f"needs exactly one operator ({', '.join(NAMES)}), found {', '.join(found)}" in expected


def test_the_table_loads_without_pydantic() -> None:
    """Lint imports the table; `compliance lint` must stay free of pydantic (tests/test_lint.py holds it)."""
    code = ("import sys, compliance.engine.operators; "
            "assert not [m for m in sys.modules if m.split('.')[0] == 'pydantic']")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_the_synthetic_generator_solves_every_operator() -> None:
    import synth

    assert set(synth.SOLVERS) == set(OPERATORS)


def test_no_operator_list_elsewhere_in_the_engine() -> None:
    """The engine compiles through the table only: no second list of operator names."""
    engine = ROOT / "compliance" / "engine"
    for path in sorted(Path(engine).glob("*.py")):
        if path.name != "operators.py":
            assert '"max_age_days"' not in path.read_text(encoding="utf-8"), path.name
