"""The shipped rule sets' own tests: they pass, and they reach what the issue asks of them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from compliance.cli import main
from compliance.engine.evaluate import evaluate
from compliance.load.safe_yaml import load_file
from compliance.run.ruletests import _evidence, _ruleset_for, is_ruletest, run_file

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
    # On the bands' scale: the index's (classify by `index`) when the rule set declares one, else the score's.
    key = "index" if rs.scoring.index is not None else "score"
    scores = {Decimal(str(c[key])).quantize(Decimal("0.01")) for c in doc.get("classify", []) if key in c}
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
    from compliance.cli.test import diff_text

    assert diff_text("score: expected 99.00, got 100.00", "id") == "score: seharusnya 99.00, hasilnya 100.00"
    assert diff_text("levels.d1.sp: no such indicator", "id") == "levels.d1.sp: indikator ini tidak ada"
    assert diff_text("score: expected 99.00, got 100.00", "en") == "score: expected 99.00, got 100.00"


def test_the_command_prints_differences_in_the_language(tmp_path: Path, capsys) -> None:
    text = (DATA / "mini.test.yaml").read_text().replace("score: 100, category: A", "score: 99, category: A")
    (tmp_path / "mini.yaml").write_text((DATA / "mini.yaml").read_text())
    (tmp_path / "t.test.yaml").write_text(text)
    assert main(["test", str(tmp_path / "t.test.yaml")]) == 1
    assert "  - score: seharusnya 99.00, hasilnya 100.00" in capsys.readouterr().out
    assert main(["test", "--lang", "en", str(tmp_path / "t.test.yaml")]) == 1
    assert "  - score: expected 99.00, got 100.00" in capsys.readouterr().out


def _mini_tests(tmp_path: Path, text: str) -> Path:
    (tmp_path / "mini.yaml").write_text((DATA / "mini.yaml").read_text())
    (tmp_path / "mini.test.yaml").write_text(text)
    return tmp_path


MINI_TEST = (DATA / "mini.test.yaml").read_text()
FLOW = ('{"apiVersion": "compliance/v1", "kind": "RuleTest", "ruleset": "mini.yaml", "as_of": "2024-06-01", '
        '"cases": [{"name": "nothing given", "expect": {"score": 0, "category": "C"}}]}\n')


@pytest.mark.parametrize("text", [
    MINI_TEST,
    MINI_TEST.replace("kind: RuleTest", 'kind: "RuleTest"'),
    MINI_TEST.replace("kind: RuleTest", "kind: 'RuleTest'  # quoted"),
    MINI_TEST.replace("kind: RuleTest", "kind:   RuleTest"),
    FLOW,
], ids=["plain", "double-quoted", "single-quoted", "spaced", "flow-json"])
def test_a_rule_test_is_found_however_its_kind_is_written(tmp_path: Path, capsys, text: str) -> None:
    folder = _mini_tests(tmp_path, text)
    assert is_ruletest(str(folder / "mini.test.yaml"))
    assert main(["test", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.endswith(" lulus, 0 gagal\n") and not out.startswith("0 lulus")


@pytest.mark.parametrize("text", [
    "apiVersion: compliance/v1\nkind: Evidence\n# not a RuleTest\n",
    "apiVersion: compliance/v1\nkind: RuleSet\ndescription: 'kind: RuleTest'\n",
    "apiVersion: compliance/v1\nkind: RuleSet\nnotes: |\n  kind: RuleTest\n",
], ids=["comment", "quoted-value", "block-scalar"])
def test_other_kinds_that_mention_rule_test_are_not_rule_tests(tmp_path: Path, text: str) -> None:
    (tmp_path / "x.yaml").write_text(text)
    assert not is_ruletest(str(tmp_path / "x.yaml"))


def test_a_broken_rule_test_is_reported_not_skipped(tmp_path: Path, capsys) -> None:
    folder = _mini_tests(tmp_path, MINI_TEST.replace("cases:", "cases: [", 1))
    assert main(["test", str(folder)]) == 1
    assert "GAGAL " in capsys.readouterr().out


def test_a_missing_path_is_named_as_missing(tmp_path: Path, capsys) -> None:
    assert main(["test", str(tmp_path / "nope")]) == 3
    err = capsys.readouterr().err
    assert err == f"compliance: kesalahan: {tmp_path / 'nope'}: no such file or folder\n"
