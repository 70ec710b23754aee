"""`compliance assess` end to end on the sample region: gold JSON, workers, order, failures, formats."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from compliance.cli import main

from conftest import ROOT

GOLD = ROOT / "tests" / "gold" / "assess" / "kukar.json"
ARGS = ["assess", "kukar-pra-penilaian", "fixtures/kukar", "--as-of", "2024-09-30"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_gold_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Update with: UPDATE_GOLD=1 pytest tests/test_assess_cli.py (then review the diff)."""
    code, out, err = run(capsys, *ARGS, "--format", "json")
    assert code == 0, err
    if os.environ.get("UPDATE_GOLD"):
        GOLD.write_text(out, encoding="utf-8")
    assert out == GOLD.read_text(encoding="utf-8")


def test_gold_covers_every_zone_and_category() -> None:
    doc = json.loads(GOLD.read_text(encoding="utf-8"))
    s = doc["summary"]
    assert s["units"] == 29 and s["failed"] == 0
    assert all(n > 0 for n in s["zones"].values())
    assert all(n > 0 for n in s["categories"].values()), s["categories"]
    statuses = {i["status"] for u in doc["units"] for i in u["indicators"]}
    assert statuses == {"met", "partial", "unmet", "unknown", "not_applicable"}
    assert any(u["unit"]["id"] == "rsud-am-parikesit" and any(
        i["status"] == "not_applicable" and "Perpres 97/2014" in i["not_applicable_reason"] for i in u["indicators"])
        for u in doc["units"])


def test_workers_and_file_order_change_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    _, one, _ = run(capsys, *ARGS, "--format", "json", "-j", "1")
    _, two, _ = run(capsys, *ARGS, "--format", "json", "-j", "2")
    units = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "fixtures" / "kukar").glob("*/evidence.yaml"))
    _, shuffled, _ = run(capsys, "assess", "kukar-pra-penilaian", *reversed(units), "--as-of", "2024-09-30",
                         "--format", "json", "-j", "2")
    assert one == two == shuffled


def test_assessment_round_trips_through_json() -> None:
    from compliance.model.assessment import Assessment

    doc = json.loads(GOLD.read_text(encoding="utf-8"))
    for u in doc["units"]:
        a = Assessment.model_validate(u)
        assert json.loads(a.model_dump_json()) == u


def test_failed_units_do_not_lose_the_others(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "assess", "kukar-pra-penilaian", "fixtures/kukar/disdukcapil",
                         "fixtures/invalid/syntax-error", "--as-of", "2024-09-30", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert [u["unit"]["id"] for u in doc["units"]] == ["disdukcapil"]
    assert doc["summary"]["failures"][0]["file"].endswith("syntax-error/evidence.yaml")
    assert "syntax-error/evidence.yaml:10:1: kesalahan sintaks YAML" in err
    assert "Traceback" not in err


def test_fail_under_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *ARGS, "--format", "csv", "--fail-under", "50")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 29 and {r["zone"] for r in rows} == {"green", "yellow", "red"}
    code, _, _ = run(capsys, "assess", "kukar-pra-penilaian", "fixtures/kukar/disdukcapil", "--as-of",
                     "2024-09-30", "--fail-under", "50")
    assert code == 0


def test_text_output_is_indonesian_then_english(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, *ARGS)
    assert "Ringkasan wilayah" in out and "ZONA HIJAU" in out and "," in out.split("rata-rata")[1][:8]
    _, out, _ = run(capsys, *ARGS, "--lang", "en")
    assert "Region summary" in out and "GREEN ZONE" in out


def test_output_file_is_written_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    assert main([*ARGS, "--format", "json", "-o", str(target)]) == 0
    assert json.loads(target.read_text())["summary"]["units"] == 29
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        code = main([*ARGS, "-o", str(ro / "x.txt")])
        err = capsys.readouterr().err
        if os.geteuid() != 0:  # root writes anywhere
            assert code == 3 and "tidak dapat menulis" in err
    finally:
        ro.chmod(0o700)


@pytest.mark.parametrize(("args", "code"), [
    (["assess", "kukar-pra-penilaian", "nope/"], 3),
    (["assess", "no-such-ruleset", "fixtures/kukar"], 3),
    (["assess", "kukar-pra-penilaian", "fixtures/kukar", "--as-of", "2024-13-01"], 2),
    (["assess", "kukar-pra-penilaian", "fixtures/kukar", "-j", "0"], 2),
    (["assess", "kukar-pra-penilaian", "fixtures/kukar", "--fail-under", "101"], 2),
    (["assess", "kukar-pra-penilaian", "rules/tests"], 2),
])
def test_usage_errors(args: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == code
    assert "Traceback" not in capsys.readouterr().err


def test_report_results_json_is_the_assess_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = ["fixtures/kukar/disdukcapil", "fixtures/kukar/kecamatan-anggana"]
    code, out, _ = run(capsys, "assess", "kukar-pra-penilaian", *units, "--as-of", "2024-09-30", "--format", "json")
    assert code == 0
    assert main(["report", "kukar-pra-penilaian", *units, "--as-of", "2024-09-30", "--format", "html",
                 "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "results.json").read_text(encoding="utf-8") == out


def test_previous_round(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(GOLD.read_text(encoding="utf-8"))
    for u in doc["units"]:
        if u["unit"]["id"] == "kecamatan-anggana":
            u["score"], u["classification"]["zone"] = 70.0, "yellow"
        if u["unit"]["id"] == "kecamatan-loa-kulu":  # a category move within the same zone and score counts too
            u["classification"]["category"] = "X"
    doc["units"] = [u for u in doc["units"] if u["unit"]["id"] != "kecamatan-tabang"]
    prev = tmp_path / "prev.json"
    prev.write_text(json.dumps(doc), encoding="utf-8")
    code, out, _ = run(capsys, *ARGS, "--previous", str(prev))
    assert code == 0
    assert "naik 1, turun 0, pindah zona atau kategori 2, unit baru 1, tidak ada lagi 0" in out
    assert "+ 25,64   70,00 →  95,64  Kantor Kecamatan Anggana  ZONA KUNING → ZONA HIJAU" in out
    assert re.search(r"^\s+0,00 .* Kantor Kecamatan Loa Kulu  X → [A-E]$", out, re.M)
    code, out, _ = run(capsys, *ARGS, "--previous", str(prev), "--format", "json")
    changes = json.loads(out)["summary"]["changes"]
    assert changes["new"] == ["kecamatan-tabang"] and changes["gone"] == []
    assert changes["units"][0] == {"unit": "kecamatan-anggana", "previous_score": 70.0, "score": 95.64,
                                   "delta": 25.64, "previous_category": "A", "category": "A",
                                   "previous_zone": "yellow", "zone": "green"}
    assert main([*ARGS, "--previous", str(tmp_path)]) == 3
    assert "adalah folder" in capsys.readouterr().err


def test_output_formats_are_looked_up_in_one_registry(capsys: pytest.CaptureFixture[str]) -> None:
    from compliance.cli.assess import FORMATS, CsvOutput, JsonOutput, TextOutput, output_format

    assert dict(FORMATS) == {"text": TextOutput, "json": JsonOutput, "csv": CsvOutput}
    assert output_format("csv") is CsvOutput
    with pytest.raises(ValueError, match=r"unknown output format 'xml' \(use one of csv, json, text\)"):
        output_format("xml")
    assert main([*ARGS, "--format", "xml"]) == 2
    assert "pilihan tidak sah: 'xml'" in capsys.readouterr().err


def test_the_region_text_names_the_most_missed_indicators_by_title(capsys: pytest.CaptureFixture[str]) -> None:
    region = ROOT / "fixtures" / "kukar"
    assert main(["assess", "kukar-pra-penilaian", str(region / "puskesmas-tenggarong"),
                 str(region / "rsud-am-parikesit"), "--as-of", "2024-09-30"]) in (0, 1)
    out = capsys.readouterr().out
    missed = out.split("Indikator paling sering belum terpenuhi:", 1)[1]
    assert "Maklumat pelayanan" in missed and "proses.maklumat" not in missed
