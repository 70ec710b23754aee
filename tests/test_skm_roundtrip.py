"""Issue 5: a survey file feeds the assessment directly: survey -> compliance skm --emit-evidence -> assess."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from compliance.catalog import load_ruleset
from compliance.cli import main
from compliance.engine.evaluate import evaluate
from compliance.load.evidence import load_evidence

from conftest import ROOT, write

SURVEYS = ROOT / "fixtures" / "surveys"


@pytest.mark.parametrize(("population", "published", "level"), [
    (5000, None, 1),    # 120 respondents are too few for 5,000 users: level 1 (a recent survey)
    (150, None, 2),     # adequate sample, PermenPANRB 14/2017 method: level 2
    (150, True, 3),     # and the results published: level 3
])
def test_survey_to_skm_indicator(tmp_path: Path, population: int, published: bool | None, level: int,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SURVEYS / "disdukcapil-2024.csv", tmp_path / "survei.csv")
    code = main(["skm", str(tmp_path / "survei.csv"), "--population", str(population),
                 "--emit-evidence", str(tmp_path / "skm.yaml")])
    assert code == 0, capsys.readouterr().err
    extra = f"\n              results_published: {str(published).lower()}" if published is not None else ""
    write(tmp_path / "evidence.yaml", f"""
        apiVersion: compliance/v1
        kind: Evidence
        unit: {{id: disdukcapil, name: Disdukcapil, kind: dinas, region: Kabupaten Kutai Kartanegara}}
        ruleset: {{id: kukar-pra-penilaian}}
        includes: [skm.yaml]
        indicators:
          skm:
            facts:{extra or " {}"}
        """)
    assert main(["lint", str(tmp_path)]) == 0, capsys.readouterr().out
    a = evaluate(load_ruleset("kukar-pra-penilaian"), load_evidence(tmp_path / "evidence.yaml"),
                 as_of=dt.date(2024, 9, 30))
    skm = next(i for i in a.indicators if i.id == "skm")
    assert skm.level == level, skm.reason
    assert "survey_date" in skm.facts_used


def test_the_sample_region_uses_calculator_output() -> None:
    units = [p.parent.name for p in (ROOT / "fixtures" / "kukar").glob("*/skm.yaml")]
    assert len(units) >= 3
    for unit in units:
        ev = load_evidence(ROOT / "fixtures" / "kukar" / unit / "evidence.yaml")
        assert "skm.yaml" in ev.includes
        assert ev.indicators["skm"].facts["survey_method"] in ("permenpanrb-14-2017", "kepmenpan-25-2004")
