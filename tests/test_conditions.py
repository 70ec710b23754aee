from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from compliance.engine.conditions import evaluate_condition
from compliance.engine.logic import Evaluator
from compliance.model.evidence import Attachment
from compliance.model.ruleset import Condition, Fact

AS_OF = dt.date(2024, 6, 1)
FACTS = {
    "ok": Fact.model_validate({"type": "boolean", "prompt": {"id": "x"}}),
    "n": Fact.model_validate({"type": "integer", "prompt": {"id": "x"}}),
    "x": Fact.model_validate({"type": "number", "prompt": {"id": "x"}}),
    "d": Fact.model_validate({"type": "date", "prompt": {"id": "x"}}),
    "t": Fact.model_validate({"type": "text", "prompt": {"id": "x"}}),
    "c": Fact.model_validate({"type": "choice", "prompt": {"id": "x"}, "choices": ["a", "b"]}),
    "f": Fact.model_validate({"type": "attachments", "prompt": {"id": "x"}}),
}


def ev(cond: dict[str, Any], **facts: Any) -> bool | None:
    return evaluate_condition(Condition.model_validate(cond), Evaluator(facts, FACTS, AS_OF)).value


def att(path: str, date: str | None = None, problem: str | None = None) -> Attachment:
    return Attachment.model_validate({"path": path, "date": date, "problem": problem})


@pytest.mark.parametrize(("cond", "facts", "expected"), [
    ({"fact": "ok", "is": True}, {"ok": True}, True),
    ({"fact": "ok", "is": True}, {"ok": False}, False),
    ({"fact": "ok", "is": True}, {}, None),
    ({"fact": "ok", "is_not": True}, {"ok": False}, True),
    ({"fact": "n", "gt": 3}, {"n": 4}, True),
    ({"fact": "n", "gt": 3}, {"n": 3}, False),
    ({"fact": "n", "gte": 3}, {"n": 3}, True),
    ({"fact": "n", "lt": 3}, {"n": 3}, False),
    ({"fact": "n", "lte": 3}, {"n": 3}, True),
    ({"fact": "x", "gte": 88.31}, {"x": 88.31}, True),
    ({"fact": "c", "in": ["a"]}, {"c": "a"}, True),
    ({"fact": "c", "in": ["a"]}, {"c": "b"}, False),
    ({"fact": "t", "present": True}, {"t": "isi"}, True),
    ({"fact": "t", "present": True}, {}, None),        # not given: unknown, not false
    ({"fact": "t", "present": True}, {"t": ""}, False),  # given as empty
    ({"fact": "t", "present": False}, {"t": ""}, True),
    ({"fact": "f", "present": True}, {"f": []}, False),
    ({"fact": "d", "max_age_days": 365}, {"d": dt.date(2023, 6, 2)}, True),
    ({"fact": "d", "max_age_days": 365}, {"d": dt.date(2023, 5, 31)}, False),
    ({"fact": "d", "max_age_days": 365}, {"d": dt.date(2024, 6, 2)}, False),   # after the as-of date
    ({"fact": "d", "gte": "2024-01-01"}, {"d": dt.date(2024, 1, 1)}, True),
    ({"fact": "f", "min_count": 1}, {"f": []}, False),
    ({"fact": "f", "min_count": 1}, {}, None),
    ({"fact": "f", "min_count": 2}, {"f": [att("a.pdf"), att("b.jpg")]}, True),
    ({"fact": "f", "min_count": 1, "kinds": ["photo"]}, {"f": [att("a.pdf")]}, False),
    ({"fact": "f", "min_count": 1, "kinds": ["photo"]}, {"f": [att("a.JPG")]}, True),
    ({"fact": "f", "min_count": 1}, {"f": [att("a.pdf", problem="missing")]}, False),
    ({"fact": "f", "max_age_days": 30}, {"f": [att("a.pdf", "2024-05-15")]}, True),
    ({"fact": "f", "max_age_days": 30}, {"f": [att("a.pdf", "2024-04-01")]}, False),
    ({"fact": "f", "max_age_days": 30}, {"f": [att("a.pdf")]}, False),        # undated is not fresh
])
def test_operators(cond: dict[str, Any], facts: dict[str, Any], expected: bool | None) -> None:
    assert ev(cond, **facts) is expected


def test_leap_year_arithmetic_is_by_days() -> None:
    assert (AS_OF - dt.date(2023, 6, 1)).days == 366
    assert ev({"fact": "d", "max_age_days": 366}, d=dt.date(2023, 6, 1)) is True
    assert ev({"fact": "d", "max_age_days": 365}, d=dt.date(2023, 6, 1)) is False


@pytest.mark.parametrize(("cond", "expected"), [
    ({"all": [{"fact": "ok", "is": True}, {"fact": "n", "gt": 0}]}, None),     # true and unknown
    ({"all": [{"fact": "ok", "is": False}, {"fact": "n", "gt": 0}]}, False),   # false and unknown
    ({"any": [{"fact": "ok", "is": True}, {"fact": "n", "gt": 0}]}, True),     # true or unknown
    ({"any": [{"fact": "ok", "is": False}, {"fact": "n", "gt": 0}]}, None),    # false or unknown
    ({"not": {"fact": "n", "gt": 0}}, None),
    ({"not": {"fact": "ok", "is": True}}, False),
])
def test_three_valued_logic(cond: dict[str, Any], expected: bool | None) -> None:
    assert ev(cond, ok=True) is expected


def test_indicator_conditions_use_level_ranges() -> None:
    ranges = {"a": (1, 1), "b": (0, 3), "c": (0, 0)}
    e = Evaluator({}, {}, AS_OF, lambda i: ranges[i])
    cond = Condition.model_validate
    assert evaluate_condition(cond({"indicator": "a", "min_level": 1}), e).value is True
    assert evaluate_condition(cond({"indicator": "b", "min_level": 2}), e).value is None
    assert evaluate_condition(cond({"indicator": "c", "min_level": 1}), e).value is False


def test_reasons_name_the_facts() -> None:
    out = evaluate_condition(Condition.model_validate({"fact": "n", "gte": 3}), Evaluator({"n": 2}, FACTS, AS_OF))
    assert out.leaves == ["n = 2 (needs ≥ 3)"]
    assert out.facts == ["n"]
