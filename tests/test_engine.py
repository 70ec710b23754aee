from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.catalog import load_ruleset
from compliance.engine.evaluate import assessment_data, evaluate
from compliance.errors import EvidenceError
from compliance.load.evidence import load_evidence
from compliance.model.assessment import Assessment, data_json

from conftest import AS_OF, MINI, ROOT, evidence, write

SK = [{"path": "sk.pdf", "actual_sha256": "0" * 64}]


def by_id(a: Assessment) -> dict[str, Any]:
    return {i.id: i for i in a.indicators}


def test_nothing_given_is_unknown_not_false(mini) -> None:
    a = evaluate(mini, evidence(), as_of=AS_OF)
    assert a.score == 0.0
    assert a.score_best == 100.0
    ind = by_id(a)
    assert ind["d1.sp"].status == "unknown"
    assert (ind["d1.sp"].level, ind["d1.sp"].best_level) == (0, 2)
    assert a.classification.category == "C"
    assert a.classification_best.category == "A"
    assert set(a.unknown_facts) == {"d1.sp.sk", "d1.sp.published", "d2.skm.date"}


def test_statuses_met_partial_unmet(mini) -> None:
    a = evaluate(mini, evidence({"d1.sp": {"facts": {"sk": SK, "published": False}},
                                 "d2.skm": {"facts": {"date": "2020-01-01"}}}), as_of=AS_OF)
    ind = by_id(a)
    assert ind["d1.sp"].status == "partial" and ind["d1.sp"].level == 1
    assert ind["d2.skm"].status == "unmet" and ind["d2.skm"].level == 0
    # 3/4 weight × 1/2 = 37.5
    assert a.score == 37.5
    assert a.classification.category == "C"


def test_levels_are_cumulative(mini) -> None:
    # published without the decree: level 2's condition holds but level 1's does not.
    a = evaluate(mini, evidence({"d1.sp": {"facts": {"sk": [], "published": True}}}), as_of=AS_OF)
    assert by_id(a)["d1.sp"].level == 0


def test_not_applicable_leaves_the_denominator(mini) -> None:
    ev = evidence({"d1.sp": {"facts": {"sk": SK, "published": True}}}, kind="kecamatan")
    a = evaluate(mini, ev, as_of=AS_OF)
    assert by_id(a)["d2.skm"].status == "not_applicable"
    assert a.score == 100.0            # not 75: N/A is not counted as zero
    d2 = next(d for d in a.dimensions if d.id == "d2")
    assert not d2.applicable and d2.score is None
    assert a.trace.total_exact == "100"


def test_trace_recomputes_the_score(mini) -> None:
    a = evaluate(mini, evidence({"d1.sp": {"facts": {"sk": SK, "published": False}},
                                 "d2.skm": {"facts": {"date": "2024-05-01"}}}), as_of=AS_OF)
    total = sum(Fraction(t.points) for t in a.trace.terms)
    assert total == Fraction(a.trace.total_exact) == Fraction(125, 2)
    for t in a.trace.terms:
        assert Fraction(t.points) == 100 * Fraction(t.effective_weight) * Fraction(t.level, t.max_level)
    assert a.score == 62.5


def test_cap_limits_the_category(tmp_path) -> None:
    text = MINI.read_text().replace("min: 80, max: 100", "min: 20, max: 100").replace(
        "min: 50, max: 79.99", "min: 10, max: 19.99").replace("min: 0, max: 49.99", "min: 0, max: 9.99")
    rs = load_ruleset(write(tmp_path / "mini.yaml", text))
    a = evaluate(rs, evidence({"d1.sp": {"facts": {"sk": [], "published": True}},
                               "d2.skm": {"facts": {"date": "2024-05-01"}}}), as_of=AS_OF)
    assert a.score == 25.0
    assert a.classification.band_category == "A"
    assert a.classification.category == "B"
    assert a.classification.capped_by == ("no-sp",)
    assert a.caps[0].applies == "yes"


def test_remediation_actions_and_path_to_green(mini) -> None:
    a = evaluate(mini, evidence({"d1.sp": {"facts": {"sk": [], "published": False}},
                                 "d2.skm": {"facts": {"date": "2024-05-01"}}}), as_of=AS_OF)
    assert [x.indicator for x in a.actions] == ["d1.sp"]
    assert a.actions[0].gain == 37.5
    assert a.actions[0].remediation[0].id == "Tetapkan SK"
    path = a.path_to_next_zone
    assert path is not None and path.target == "yellow" and path.reachable
    # 25 + 37.5 = 62.5 reaches yellow (50) with one level of d1.sp.
    assert [(x.indicator, x.from_level, x.to_level) for x in path.actions] == [("d1.sp", 0, 1)]
    assert path.score_after == 62.5


def test_na_claim_needs_permission(mini) -> None:
    ev = evidence({"d1.sp": {"not_applicable": {"reason": "x", "legal_basis": "y"}}})
    a = evaluate(mini, ev, as_of=AS_OF)
    assert by_id(a)["d1.sp"].status != "not_applicable"
    assert any("does not allow" in w for w in a.warnings)


def test_wrong_types_and_unknown_names_become_warnings(mini) -> None:
    ev = evidence({"d1.sp": {"facts": {"published": "ya", "nope": 1}}, "zz": {}})
    a = evaluate(mini, ev, as_of=AS_OF)
    text = " ".join(a.warnings)
    assert "'published'" in text and "'nope'" in text and "'zz'" in text
    assert by_id(a)["d1.sp"].status == "unknown"


def test_no_applicable_indicator_is_an_error(tmp_path) -> None:
    text = MINI.read_text().replace("        weight: 1\n        facts:\n          sk:",
                                    "        weight: 1\n        applies_to: [dinas]\n        facts:\n          sk:")
    assert "applies_to: [dinas]\n        facts:\n          sk:" in text
    rs = load_ruleset(write(tmp_path / "mini.yaml", text))
    with pytest.raises(EvidenceError, match="tidak ada indikator"):
        evaluate(rs, evidence(kind="kecamatan"), as_of=AS_OF)


def test_json_round_trip(mini) -> None:
    a = evaluate(mini, evidence({"d1.sp": {"facts": {"sk": SK}}}), as_of=AS_OF)
    assert Assessment.model_validate_json(a.model_dump_json()) == a


@pytest.mark.parametrize("ruleset", ["kukar-pra-penilaian", "ombudsman-2023"])
def test_plain_data_json_is_the_models_json(ruleset: str) -> None:
    """`assess --format json` writes assessment_data through data_json, skipping the model: it must be the same
    text as the model's JSON, for every sample unit (caps, N/A claims, missing attachments, both paths)."""
    rs = load_ruleset(ruleset)
    files = sorted((ROOT / "fixtures" / "kukar").rglob("evidence.yaml"))
    assert len(files) >= 20
    for f in files:
        ev = load_evidence(f)
        data = assessment_data(rs, ev, as_of=AS_OF)
        model = Assessment.model_validate(data)
        assert data_json(data).decode() == model.model_dump_json() == evaluate(rs, ev, as_of=AS_OF).model_dump_json()


# ------------------------------------------------------------------ properties

bools = st.one_of(st.none(), st.booleans())
dates = st.one_of(st.none(), st.dates(dt.date(2022, 1, 1), dt.date(2024, 12, 31)).map(dt.date.isoformat))
atts = st.one_of(st.none(), st.lists(st.sampled_from(["a.pdf", "b.jpg", "c.docx"]), max_size=3).map(
    lambda xs: [{"path": x, "actual_sha256": "0" * 64} for x in xs]))


@st.composite
def submissions(draw: Any) -> dict[str, Any]:
    facts_sp = {k: v for k, v in {"sk": draw(atts), "published": draw(bools)}.items() if v is not None}
    facts_skm = {k: v for k, v in {"date": draw(dates)}.items() if v is not None}
    return {"d1.sp": {"facts": facts_sp}, "d2.skm": {"facts": facts_skm}}


@given(submissions(), st.sampled_from(["dinas", "kecamatan"]))
def test_score_bounds_and_range(sub: dict[str, Any], kind: str) -> None:
    rs = load_ruleset(MINI)
    a = evaluate(rs, evidence(sub, kind=kind), as_of=AS_OF)
    assert 0 <= a.score <= a.score_best <= 100
    final = next(i for i, b in enumerate(rs.bands) if b.category == a.classification.category)
    assert rs.band_index(a.score) <= final
    assert a.classification.band_category == rs.classify(a.score).category
    assert json.dumps(a.model_dump(mode="json")) == json.dumps(evaluate(rs, evidence(sub, kind=kind),
                                                                         as_of=AS_OF).model_dump(mode="json"))


@given(submissions())
def test_more_facts_never_lower_the_expected_score(sub: dict[str, Any]) -> None:
    rs = load_ruleset(MINI)
    before = evaluate(rs, evidence(sub), as_of=AS_OF)
    more = json.loads(json.dumps(sub))
    more["d1.sp"]["facts"].setdefault("published", True)
    more["d1.sp"]["facts"].setdefault("sk", [])
    more["d1.sp"]["facts"]["sk"].append({"path": "new.pdf", "actual_sha256": "1" * 64})
    after = evaluate(rs, evidence(more), as_of=AS_OF)
    assert after.score >= before.score
    assert after.score_best <= before.score_best or after.score_best >= after.score


def test_lint_and_engine_agree_on_fact_values() -> None:
    """One definition of a valid fact value (Fact.value_problem) serves the evidence lint and the engine."""
    from compliance.model.ruleset import Fact

    date = Fact.model_validate({"type": "date", "prompt": {"id": "x"}})
    pct = Fact.model_validate({"type": "number", "prompt": {"id": "x"}, "minimum": 0, "maximum": 100})
    choice = Fact.model_validate({"type": "choice", "prompt": {"id": "x"}, "choices": ["a", "b"]})
    assert date.value_problem("2024-02-29") is None and str(date.value_problem("2023-02-29")) == "tanggal (YYYY-MM-DD)"
    assert pct.value_problem(100) is None and str(pct.value_problem(100.5)) == "angka paling banyak 100"
    assert str(pct.value_problem(True)) == "angka"
    assert str(choice.value_problem("c")) == "salah satu dari: a, b"
