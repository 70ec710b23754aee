"""Properties of the engine on the shipped rule sets, over generated evidence (hypothesis)."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.catalog import load_ruleset
from compliance.engine.evaluate import assessment_data, evaluate
from compliance.model.assessment import data_json
from compliance.model.evidence import Evidence

from synth import as_runtime, facts_for_level

AS_OF = dt.date(2024, 6, 30)
RULESETS = ["kukar-pra-penilaian", "ombudsman-2023", "standar-pelayanan", "ombudsman-2021"]
KINDS = ["dinas", "kecamatan", "puskesmas", "rsud"]


def _evidence(facts: dict[str, dict[str, Any]], kind: str, ruleset: str) -> Evidence:
    return Evidence.model_validate({
        "apiVersion": "compliance/v1", "kind": "Evidence",
        "unit": {"id": "u", "name": "U", "kind": kind, "region": "R"}, "ruleset": {"id": ruleset},
        "indicators": {k: {"facts": as_runtime(v)} for k, v in facts.items()},
    })


@st.composite
def units(draw: Any) -> tuple[str, str, dict[str, dict[str, Any]], list[tuple[str, str]]]:
    ruleset = draw(st.sampled_from(RULESETS))
    rs = load_ruleset(ruleset)
    seed = draw(st.integers(0, 10**6))
    rng = random.Random(seed)
    facts = {}
    for _, _, ind in rs.indicators():
        level = draw(st.integers(ind.min_level, ind.max_level))
        facts[ind.id] = facts_for_level(ind, level, AS_OF, rng)
    names = [(i, f) for i, fs in facts.items() for f in fs]
    hidden = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names))) if names else []
    return ruleset, draw(st.sampled_from(KINDS)), facts, hidden


@given(units())
def test_more_information_never_lowers_the_expected_score(unit: Any) -> None:
    ruleset, kind, facts, hidden = unit
    rs = load_ruleset(ruleset)
    partial = {i: {f: v for f, v in fs.items() if (i, f) not in hidden} for i, fs in facts.items()}
    a_less = evaluate(rs, _evidence(partial, kind, ruleset), as_of=AS_OF)
    a_more = evaluate(rs, _evidence(facts, kind, ruleset), as_of=AS_OF)
    assert 0 <= a_less.score <= a_less.score_best <= 100
    assert a_less.score <= a_more.score <= a_more.score_best <= a_less.score_best
    order = [b.category for b in rs.bands]
    assert order.index(a_more.classification.category) <= order.index(a_less.classification.category)
    assert order.index(a_less.classification_best.category) <= order.index(a_more.classification.category)
    # The zone is the band's zone unless a cap lowered it, and caps only ever lower.
    band = rs.classify(a_more.score)
    assert a_more.classification.band_category == band.category
    assert order.index(a_more.classification.category) >= order.index(band.category)


@given(units())
def test_same_input_same_bytes_and_the_trace_adds_up(unit: Any) -> None:
    from fractions import Fraction

    ruleset, kind, facts, _ = unit
    rs = load_ruleset(ruleset)
    ev = _evidence(facts, kind, ruleset)
    a = evaluate(rs, ev, as_of=AS_OF)
    assert a.model_dump_json() == evaluate(rs, ev, as_of=AS_OF).model_dump_json()
    total = sum((Fraction(t.points) for t in a.trace.terms), Fraction(0))
    assert total == Fraction(a.trace.total_exact)
    assert abs(float(total) - a.score) <= 0.005 + 1e-9
    assert sum(Fraction(t.effective_weight) for t in a.trace.terms) == 1
    assert json.loads(a.model_dump_json())["score"] == a.score
    # The batch writes the JSON straight from the plain data, without the model: the very same text.
    assert data_json(assessment_data(rs, ev, as_of=AS_OF)).decode() == a.model_dump_json()


ZONES = ["green", "yellow", "red"]


def _check_paths(ruleset: str, kind: str, facts: dict[str, dict[str, Any]]) -> int:
    """Check both paths of a unit; returns how many were reachable (each then raised as it says, and checked)."""
    rs = load_ruleset(ruleset)
    a = evaluate(rs, _evidence(facts, kind, ruleset), as_of=AS_OF)
    cats = [x.category for x in rs.bands]
    zone = rs.bands[cats.index(a.classification.category)].zone
    # A path is given exactly when there is something better to aim at.
    assert (a.path_to_next_zone is None) == all(ZONES.index(b.zone) >= ZONES.index(zone) for b in rs.bands)
    assert (a.path_to_next_category is None) == (a.classification.category == cats[0])
    reached = 0
    for path in (a.path_to_next_zone, a.path_to_next_category):
        if path is None:
            continue
        if not path.reachable:
            assert path.score_after is None
            continue
        reached += 1
        assert path.actions and path.score_after is not None
        raised = {x.indicator: x.to_level for x in path.actions}
        better = {i: dict(fs) for i, fs in facts.items()}
        rng = random.Random(0)
        for _, _, ind in rs.indicators():
            if ind.id in raised:
                better[ind.id] = facts_for_level(ind, raised[ind.id], AS_OF, rng)
        b = evaluate(rs, _evidence(better, kind, ruleset), as_of=AS_OF)
        if path.target in ZONES:
            assert ZONES.index(b.classification.zone) <= ZONES.index(path.target), (path, b.score)
        else:
            assert cats.index(b.classification.category) <= cats.index(path.target), (path, b.score)
    return reached


@given(units())
def test_paths_reach_their_target(unit: Any) -> None:
    ruleset, kind, facts, _ = unit
    _check_paths(ruleset, kind, facts)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("ruleset", RULESETS)
@pytest.mark.parametrize("where", ["lowest", "middle"])
def test_a_unit_low_down_has_both_paths_and_they_reach_their_target(ruleset: str, kind: str, where: str) -> None:
    """Inputs where both paths are certainly reachable: every indicator at its lowest or middle level."""
    rng = random.Random(0)
    facts = {ind.id: facts_for_level(ind, ind.min_level if where == "lowest" else (ind.min_level + ind.max_level) // 2,
                                     AS_OF, rng) for _, _, ind in load_ruleset(ruleset).indicators()}
    assert _check_paths(ruleset, kind, facts) == 2
