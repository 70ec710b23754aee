"""The shipped rule sets' own tests: they pass, and they reach what the issue asks of them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from compliance.engine.evaluate import evaluate
from compliance.load.safe_yaml import load_file
from compliance.run.ruletests import _evidence, _ruleset_for, run_file

from conftest import DATA, ROOT

TESTS = sorted((ROOT / "rules" / "tests").glob("*.test.yaml"))
SHIPPED = sorted(p.stem for p in (ROOT / "rules").glob("*.yaml"))


def test_every_shipped_rule_set_has_tests() -> None:
    tested = {_ruleset_for(str(p), load_file(p).data["ruleset"]).id for p in TESTS}
    assert tested == set(SHIPPED)


@pytest.mark.parametrize("path", TESTS, ids=lambda p: p.stem)
def test_rule_tests_pass(path: Path) -> None:
    failed = [(r.name, r.error, r.diffs) for r in run_file(str(path)) if not r.passed]
    assert failed == []


@pytest.mark.parametrize("path", TESTS, ids=lambda p: p.stem)
def test_rule_tests_reach_top_and_bottom_of_every_indicator(path: Path) -> None:
    doc = load_file(path).data
    rs = _ruleset_for(str(path), doc["ruleset"])
    reached: dict[str, set[int | None]] = {}
    for case in doc.get("cases", []):
        as_of = dt.date.fromisoformat(case.get("as_of", doc["as_of"]))
        a = evaluate(rs, _evidence(case, rs), as_of=as_of)
        for r in a.indicators:
            reached.setdefault(r.id, set()).add(r.level)
    for _, _, ind in rs.indicators():
        assert {ind.min_level, ind.max_level} <= reached.get(ind.id, set()), ind.id


@pytest.mark.parametrize("path", TESTS, ids=lambda p: p.stem)
def test_rule_tests_cover_both_sides_of_every_band_boundary(path: Path) -> None:
    doc = load_file(path).data
    rs = _ruleset_for(str(path), doc["ruleset"])
    scores = {Decimal(str(c["score"])).quantize(Decimal("0.01")) for c in doc.get("classify", [])}
    for band in rs.bands:
        low = Decimal(str(band.min)).quantize(Decimal("0.01"))
        assert low in scores, f"band {band.category}: {low} not tested"
        if low > 0:
            assert low - Decimal("0.01") in scores, f"band {band.category}: {low - Decimal('0.01')} not tested"


def test_a_failing_case_reports_a_diff(tmp_path: Path) -> None:
    text = (DATA / "mini.test.yaml").read_text().replace("score: 100, category: A", "score: 99, category: A")
    (tmp_path / "mini.yaml").write_text((DATA / "mini.yaml").read_text())
    p = tmp_path / "t.test.yaml"
    p.write_text(text)
    failed = [r for r in run_file(str(p)) if not r.passed]
    assert [d for r in failed for d in r.diffs] == ["score: expected 99.00, got 100.00"]
