"""Whatever lint accepts, assess accepts (issue 11 §6): a template's null placeholders beside an included SKM
fragment, evidence for a rule-set file that is not shipped (`lint --ruleset`), and unknown unit kinds under every
shipped rule set."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from compliance.cli import main
from compliance.load.resources import shipped_ruleset_ids

from conftest import ROOT

SURVEY = ROOT / "fixtures" / "surveys" / "puskesmas-tenggarong-2024.csv"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_documented_skm_flow_lints_clean_and_assesses(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    ev, frag = tmp_path / "ev.yaml", tmp_path / "skm.yaml"
    assert run(capsys, "template", "kukar-pra-penilaian", "--unit-kind", "puskesmas", "-o", str(ev))[0] == 0
    assert run(capsys, "skm", str(SURVEY), "--emit-evidence", str(frag))[0] == 0
    text = ev.read_text(encoding="utf-8").replace("\nindicators:\n", "\nincludes: [skm.yaml]\nindicators:\n", 1)
    ev.write_text(text.replace("id: isi-id-unit", "id: pkm-contoh", 1), encoding="utf-8")
    assert "skm:" in text and "survey_date: null" in text  # the template's placeholder the fragment answers

    code, out, err = run(capsys, "lint", str(ev))
    assert code == 0, out + err
    code, out, err = run(capsys, "assess", "kukar-pra-penilaian", str(ev), "--as-of", "2024-09-30",
                         "--format", "json")
    assert code == 0, err
    facts = json.loads(out)["units"][0]
    assert "pkm-contoh" in json.dumps(facts["unit"])
    assert "survey_date" not in err


def test_an_answer_given_twice_fails_lint_and_assess_alike(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    case = ROOT / "tests" / "cases" / "lint" / "invalid"
    for name in ("evidence-ruleset.yaml", "evidence-include-conflict.yaml"):
        shutil.copy(case / name, tmp_path / name)
    (tmp_path / "evidence-files").mkdir()
    shutil.copy(case / "evidence-files" / "fragment.yaml", tmp_path / "evidence-files" / "fragment.yaml")
    ev = str(tmp_path / "evidence-include-conflict.yaml")
    code, out, _ = run(capsys, "lint", ev)
    assert code == 1 and "[include-conflict]" in out and "d1.sp.published" in out
    assert "d1.skm.done" not in out  # null beside a fragment's answer is not a conflict
    code, out, err = run(capsys, "assess", str(tmp_path / "evidence-ruleset.yaml"), ev)
    assert code == 1 and "d1.sp.published" in err

    # Without the answer given twice, both accept it, and the fragment's answer counts.
    text = Path(ev).read_text(encoding="utf-8").replace("d1.sp: {facts: {published: false}}", "")
    Path(ev).write_text(text, encoding="utf-8")
    assert run(capsys, "lint", ev)[0] == 0
    code, out, err = run(capsys, "assess", str(tmp_path / "evidence-ruleset.yaml"), ev, "--format", "json",
                         "--as-of", "2024-09-30")
    assert code == 0, err
    levels = {i["id"]: i["level"] for i in json.loads(out)["units"][0]["indicators"]}
    assert levels["d1.skm"] == 1


def test_lint_ruleset_checks_evidence_for_a_rule_set_that_is_not_shipped(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    case = ROOT / "tests" / "cases" / "lint" / "invalid"
    shutil.copy(case / "evidence-ruleset.yaml", rules / "evidence-ruleset.yaml")
    unit = tmp_path / "unit"
    unit.mkdir()
    ev = unit / "evidence.yaml"
    ev.write_text("apiVersion: compliance/v1\nkind: Evidence\n"
                  "unit: {id: contoh, name: Dinas Contoh, kind: dinas, region: Kabupaten Contoh}\n"
                  "ruleset: {id: evidence-ruleset, version: '1'}\n"
                  "indicators:\n  d1.skm: {facts: {done: true, typo: 1}}\n", encoding="utf-8")
    # Without --ruleset the rule set cannot be found from the evidence's folder.
    code, out, _ = run(capsys, "lint", str(ev))
    assert code == 1 and "[unknown-ruleset]" in out
    # With it, the evidence is checked for real: the unknown fact is found.
    code, out, _ = run(capsys, "lint", "--ruleset", str(rules / "evidence-ruleset.yaml"), str(ev))
    assert code == 1 and "[unknown-fact]" in out and "typo" in out and "[unknown-ruleset]" not in out
    # Another rule set than the one the evidence answers is said.
    code, out, _ = run(capsys, "lint", "--ruleset", "ombudsman-2023", str(ev))
    assert code == 1 and "bukti ini menjawab perangkat aturan 'evidence-ruleset'" in out
    # A missing rule-set file is unreadable input: exit 3, one line.
    code, _, err = run(capsys, "lint", "--ruleset", str(tmp_path / "nothere.yaml"), str(ev))
    assert code == 3 and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("ruleset", shipped_ruleset_ids())
def test_every_shipped_rule_set_refuses_an_unknown_unit_kind(ruleset: str, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    ev = tmp_path / "evidence.yaml"
    ev.write_text("apiVersion: compliance/v1\nkind: Evidence\n"
                  "unit: {id: contoh, name: Unit Contoh, kind: puskesmasx, region: Kabupaten Contoh}\n"
                  f"ruleset: {{id: {ruleset}}}\n", encoding="utf-8")
    code, out, _ = run(capsys, "lint", str(ev))
    assert code == 1 and "[unknown-unit-kind]" in out and "'puskesmas'" in out
