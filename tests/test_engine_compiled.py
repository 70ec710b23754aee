"""compliance.engine.compiled and engine.caps: a rule set compiled once, cached for plain-RuleSet callers, pickled
as its RuleSet; the one rule for where a cap limits a unit."""

from __future__ import annotations

import pickle

import pytest

from compliance.catalog import load_ruleset
from compliance.engine import compiled as C
from compliance.engine.caps import cap_limit
from compliance.engine.compiled import CompiledRuleSet, compile_ruleset
from compliance.engine.evaluate import assessment_data, evaluate
from compliance.errors import RuleSetError
from compliance.model.ruleset import Band, Cap, RuleSet

from conftest import AS_OF, MINI, evidence

EV = evidence({"d1.sp": {"facts": {"sk": [{"path": "a.pdf"}], "published": False}},
               "d2.skm": {"facts": {"date": "2024-01-01"}}})


def mini() -> RuleSet:
    return load_ruleset(str(MINI)).model_copy()  # a RuleSet object of its own, not yet compiled


def test_a_plain_rule_set_is_compiled_once_and_kept() -> None:
    rs = mini()
    first = compile_ruleset(rs)
    assert compile_ruleset(rs) is first and first.ruleset is rs
    assert compile_ruleset(first) is first
    assert compile_ruleset(mini()) is not first


def test_the_cache_is_bounded() -> None:
    kept = [mini() for _ in range(C._CACHE_SIZE + 3)]
    for rs in kept:
        compile_ruleset(rs)
    assert len(C._CACHE) == C._CACHE_SIZE
    assert all(c.ruleset is rs for rs in kept[-C._CACHE_SIZE:] for c in [C._CACHE[id(rs)]])


def test_results_do_not_depend_on_how_the_rule_set_is_given() -> None:
    rs = mini()
    fresh = CompiledRuleSet(rs)
    assert assessment_data(fresh, EV, as_of=AS_OF) == assessment_data(rs, EV, as_of=AS_OF)
    assert evaluate(fresh, EV, as_of=AS_OF) == evaluate(CompiledRuleSet(rs), EV, as_of=AS_OF)


def test_a_used_compiled_rule_set_pickles_as_its_rule_set() -> None:
    rs = mini()
    used = CompiledRuleSet(rs)
    before = evaluate(used, EV, as_of=AS_OF)
    assert used._plans and used._reasons
    again = pickle.loads(pickle.dumps(used))
    assert isinstance(again, CompiledRuleSet) and again.ruleset == rs
    assert not again._plans and not again._reasons          # compiled afresh on the other side
    assert evaluate(again, EV, as_of=AS_OF) == before


def test_the_model_carries_no_engine_state() -> None:
    rs = mini()
    evaluate(rs, EV, as_of=AS_OF)
    assert rs.__pydantic_private__ in (None, {})
    cond = rs.dimensions[0].indicators[0].levels[1].when
    assert cond is not None and not [k for k, v in vars(cond).items() if callable(v)]


BANDS = tuple(Band.model_validate(b) for b in (
    {"category": "A", "zone": "green", "min": 80, "max": 100, "label": {"id": "a"}},
    {"category": "B", "zone": "yellow", "min": 60, "max": 79.99, "label": {"id": "b"}},
    {"category": "C", "zone": "yellow", "min": 40, "max": 59.99, "label": {"id": "c"}},
    {"category": "D", "zone": "yellow", "min": 0, "max": 39.99, "label": {"id": "d"}},
))


def cap(**limit: str) -> Cap:
    return Cap.model_validate({"id": "k", "when": {"indicator": "x", "min_level": 1}, "reason": {"id": "r"}, **limit})


@pytest.mark.parametrize(("limit", "index"), [
    ({"max_category": "C"}, 2),
    ({"max_zone": "yellow"}, 1),      # the best band of the zone
    ({"max_zone": "green"}, 0),
    ({"max_zone": "red"}, 3),         # no band has it: the lowest band
])
def test_cap_limit(limit: dict[str, str], index: int) -> None:
    assert cap_limit(BANDS, cap(**limit)) == index


def test_cap_limit_refuses_an_unknown_category() -> None:
    with pytest.raises(RuleSetError, match="category 'Z' is not in the band table"):
        cap_limit(BANDS, cap(max_category="Z"))
