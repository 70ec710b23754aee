"""The sample region's pre-assessment evidence (kukar-pra-penilaian) scored under the Ombudsman's 2025 method and
PEKPPP through their `derives_from`: every unit is scored, each reports the share of facts the mapping supplied,
and the mapped facts read what the unit gave."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from compliance.catalog import load_ruleset
from compliance.cli import main
from compliance.engine.evaluate import evaluate
from compliance.load.evidence import load_evidence

from conftest import ROOT

AS_OF = "2024-09-30"
KUKAR = ROOT / "fixtures" / "kukar"
UNITS = sorted(p.parent.name for p in KUKAR.glob("*/evidence.yaml"))


def _assess(capsys: pytest.CaptureFixture[str], ruleset: str) -> dict:
    code = main(["assess", ruleset, str(KUKAR), "--as-of", AS_OF, "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


@pytest.mark.parametrize("ruleset", ["ombudsman-2025", "pekppp-2024"])
def test_every_sample_unit_is_scored_with_its_coverage(capsys: pytest.CaptureFixture[str], ruleset: str) -> None:
    doc = _assess(capsys, ruleset)
    assert doc["summary"]["failed"] == 0 and len(doc["units"]) == len(UNITS) == 29
    for u in doc["units"]:
        d = u["derivation"]
        assert d["source"] == "kukar-pra-penilaian" and 0 < d["supplied"] <= d["mapped"] < d["facts"]
        assert d["share"] == round(100 * d["supplied"] / d["facts"], 2)
        assert u["score"] <= u["score_best"]  # what the mapping does not supply is unknown: a range
        assert u["unknown_facts"]


def test_ombudsman_2025_reads_the_same_evidence() -> None:
    rs = load_ruleset("ombudsman-2025")
    ev = load_evidence(KUKAR / "disdik" / "evidence.yaml")
    a = evaluate(rs, ev, as_of=dt.date.fromisoformat(AS_OF))
    assert a.unit.kind == "dinas-pendidikan" and not any("unit kind" in w for w in a.warnings)
    src = ev.indicators
    facts = {i.id: i for i in a.indicators}
    # The complaint channels: kanal_langsung and akun_sp4n are the pre-assessment's own answers.
    kanal = src["pengaduan.kanal"].facts
    both = kanal.get("in_person_channel") is True and kanal.get("sp4n_lapor_connected") is True
    one = kanal.get("in_person_channel") is True or kanal.get("sp4n_lapor_connected") is True
    assert facts["pengaduan.kanal"].level == (2 if both else 1 if one else 0)
    # The public-trust index is the Ombudsman's own survey: never in the pre-assessment, always unknown.
    assert "kepercayaan.indeks-kepercayaan.indeks" in a.unknown_facts


def test_pekppp_reads_the_fkp_topic_through_its_map(tmp_path: Path) -> None:
    rs = load_ruleset("pekppp-2024")
    ev = load_evidence(KUKAR / "disdukcapil" / "evidence.yaml")
    a = evaluate(rs, ev, as_of=dt.date.fromisoformat(AS_OF))
    assert a.unit.kind == "dinas" and a.derivation is not None
    topic = ev.indicators["fkp"].facts.get("topic")
    from compliance.engine.mapping import derivation_for, derive

    der = derivation_for(rs, ev)
    assert der is not None
    target, _ = derive(rs, der, ev, [])
    membahas = target.indicators["kebijakan.pelibatan-masyarakat"].facts.get("membahas_standar")
    assert membahas == (topic in ("penyusunan-standar-pelayanan", "perubahan-standar-pelayanan"))


@pytest.mark.parametrize("ruleset", ["ombudsman-2025", "pekppp-2024"])
def test_convert_writes_a_checklist_that_scores_the_same(tmp_path: Path, ruleset: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    unit = tmp_path / "disdik"
    shutil.copytree(KUKAR / "disdik", unit)
    out = unit / f"bukti-{ruleset}.yaml"
    assert main(["convert", str(unit / "evidence.yaml"), "--to", ruleset, "-o", str(out)]) == 0
    assert main(["lint", str(out)]) == 0, capsys.readouterr().out
    rs = load_ruleset(ruleset)
    as_of = dt.date.fromisoformat(AS_OF)
    direct = evaluate(rs, load_evidence(unit / "evidence.yaml"), as_of=as_of)
    converted = evaluate(rs, load_evidence(out), as_of=as_of)
    assert (converted.score, converted.score_best) == (direct.score, direct.score_best)
