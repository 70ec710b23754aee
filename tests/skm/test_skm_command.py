"""`compliance skm` end to end through `compliance.cli.main`: outputs, evidence fragment, exit codes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from compliance.cli import main

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "surveys"
DISDUKCAPIL = FIXTURES / "disdukcapil-2024.csv"
LOA_JANAN = FIXTURES / "kecamatan-loa-janan-2024.csv"
LOA_JANAN_COLUMNS = FIXTURES / "kecamatan-loa-janan-2024.columns.json"
DPMPTSP = FIXTURES / "dpmptsp-2004-method.csv"
PUSKESMAS_XLSX = FIXTURES / "puskesmas-tenggarong-2024.xlsx"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["skm", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def copy(src: Path, folder: Path) -> Path:
    target = folder / src.name
    shutil.copy(src, target)
    return target


# --- success --------------------------------------------------------------------------------------

def test_text_output_indonesian(capsys):
    code, out, err = run(capsys, str(DISDUKCAPIL), "--population", "300")
    assert code == 0 and err == ""
    assert "Nilai konversi (IKM × 25) : 81,30" in out
    assert "Mutu pelayanan            : B" in out
    assert "Kinerja unit pelayanan    : Baik" in out
    assert "Prioritas perbaikan       : U3 Waktu Penyelesaian" in out
    assert "minimal 169 responden; 120 responden: tidak memadai" in out
    assert "NRR tertimbang" in out and "U9  Sarana dan Prasarana" in out
    assert "Periode survei : 2 Mei 2024 – 29 Mei 2024" in out
    assert "Jenis Kelamin: Laki-laki 64, Perempuan 56" in out
    assert "81.30" not in out


def test_text_output_english(capsys):
    code, out, _ = run(capsys, str(DISDUKCAPIL), "--lang", "en", "--population", "1000")
    assert code == 0
    assert "Converted score (IKM × 25) : 81.30" in out
    assert "Weighted NRR" in out
    assert "population 1,000, at least 278 respondents" in out
    assert "81,30" not in out


def test_json_output(capsys):
    code, out, _ = run(capsys, str(LOA_JANAN), "--columns", str(LOA_JANAN_COLUMNS), "--format", "json",
                       "--population", "60")
    assert code == 0
    doc = json.loads(out)
    assert doc["format"] == 1
    assert doc["method"]["id"] == "permenpanrb-14-2017"
    assert doc["respondents"] == 62 and doc["skipped_rows"] == 2
    assert doc["converted"] == "73.60" and doc["mutu"] == "C" and doc["kinerja"] == "Kurang Baik"
    assert re.fullmatch(r"\d\.\d{4}", doc["ikm"])
    u8 = doc["unsur"][7]
    assert (u8["id"], u8["blanks"], u8["answers"]) == ("U8", 8, 54)
    assert u8["column"] == {"header": "Penanganan Pengaduan", "letter": "M"}
    assert re.fullmatch(r"\d\.\d{4}", u8["nrr"])
    assert doc["priority"]["id"] == "U8"
    assert doc["sample"] == {"population": 60, "required": 52, "respondents": 62, "adequate": True,
                             "method": "krejcie-morgan-1970"}
    assert doc["period"] == {"column": "Tanggal", "first": "2024-08-05", "last": "2024-08-29"}
    assert doc["source"]["sha256"] == hashlib.sha256(LOA_JANAN.read_bytes()).hexdigest()
    # deterministic: same bytes on a second run, keys sorted
    assert run(capsys, str(LOA_JANAN), "--columns", str(LOA_JANAN_COLUMNS), "--format", "json",
               "--population", "60")[1] == out
    assert list(doc) == sorted(doc)


def test_inline_columns_map(capsys):
    code, out, _ = run(capsys, str(LOA_JANAN), "--format", "json",
                       "--columns", "U2=Prosedur, U5=Produk Layanan,u8=Penanganan Pengaduan")
    assert code == 0 and json.loads(out)["converted"] == "73.60"


def test_yaml_columns_file(tmp_path, capsys):
    mapping = tmp_path / "kolom.yaml"
    mapping.write_text("u2: Prosedur\nU5: Produk Layanan\nU8: Penanganan Pengaduan\n", encoding="utf-8")
    code, out, _ = run(capsys, str(LOA_JANAN), "--format", "json", "--columns", str(mapping))
    assert code == 0 and json.loads(out)["unsur"][4]["column"]["header"] == "Produk Layanan"
    mapping.write_text("- U1\n- U2\n", encoding="utf-8")
    assert run(capsys, str(LOA_JANAN), "--columns", str(mapping))[0] == 2


def test_2004_method(capsys):
    code, out, _ = run(capsys, str(DPMPTSP), "--method", "kepmenpan-25-2004", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["method"]["unsur_count"] == 14 and len(doc["unsur"]) == 14
    assert doc["unsur"][13]["name"] == "Keamanan Pelayanan"


def test_2014_method(capsys):
    code, out, _ = run(capsys, str(DISDUKCAPIL), "--method", "permenpanrb-16-2014", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["unsur"][7]["name"] == "Maklumat Pelayanan"
    assert doc["unsur"][8]["name"] == "Penanganan Pengaduan, Saran dan Masukan"
    # 16/2014 grades with the 2004-style table: 81.30 is A there (from 81.26), B under 14/2017.
    assert doc["converted"] == "81.30" and doc["mutu"] == "A" and doc["kinerja"] == "Sangat Baik"


def test_xlsx(capsys):
    code, out, _ = run(capsys, str(PUSKESMAS_XLSX), "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["source"]["kind"] == "xlsx" and doc["mutu"] == "A"


# --- evidence -------------------------------------------------------------------------------------

def test_emit_evidence(tmp_path, capsys):
    survey = copy(DISDUKCAPIL, tmp_path)
    evidence = tmp_path / "evidence" / "skm.yaml"
    evidence.parent.mkdir()
    code, _, err = run(capsys, str(survey), "--population", "100", "--emit-evidence", str(evidence))
    assert code == 0, err
    text = evidence.read_text(encoding="utf-8")
    sha = hashlib.sha256(survey.read_bytes()).hexdigest()
    assert text.startswith(f"# Generated by `compliance skm` from ../disdukcapil-2024.csv (sha256 {sha}). "
                           "Do not edit by hand.\n")
    doc = yaml.safe_load(text)
    assert doc["apiVersion"] == "compliance/v1" and doc["kind"] == "EvidenceFragment"
    assert doc["source"] == {"tool": "compliance skm", "file": "../disdukcapil-2024.csv", "sha256": sha}
    facts = doc["indicators"]["skm"]["facts"]
    assert list(facts) == ["survey_date", "survey_method", "ikm", "mutu", "respondents", "sample_adequate"]
    assert facts["survey_date"] == dt.date(2024, 5, 29)
    assert facts["survey_method"] == "permenpanrb-14-2017"
    assert isinstance(facts["ikm"], float) and facts["ikm"] == 81.30
    assert "ikm: 81.30\n" in text
    assert facts["mutu"] == "B"
    assert facts["respondents"] == 120 and isinstance(facts["respondents"], int)
    assert facts["sample_adequate"] is True
    assert [p.name for p in evidence.parent.iterdir()] == ["skm.yaml"]  # no temporary file left behind


def test_emit_evidence_without_population_and_custom_indicator(tmp_path, capsys):
    evidence = tmp_path / "skm.yaml"
    evidence.write_text("old content\n")
    code, _, _ = run(capsys, str(DPMPTSP), "--method", "kepmenpan-25-2004", "--emit-evidence", str(evidence),
                     "--indicator", "OPD-4.1-skm", "--survey-date", "2024-03-31")
    assert code == 0
    doc = yaml.safe_load(evidence.read_text())
    facts = doc["indicators"]["OPD-4.1-skm"]["facts"]
    assert "sample_adequate" not in facts
    assert facts["survey_date"] == dt.date(2024, 3, 31)  # --survey-date wins over the Tanggal column
    assert facts["survey_method"] == "kepmenpan-25-2004"


def test_emit_evidence_needs_a_date(tmp_path, capsys):
    survey = tmp_path / "tanpa-tanggal.csv"
    survey.write_text(",".join(f"U{i}" for i in range(1, 10)) + "\n" + ",".join(["3"] * 9) + "\n")
    evidence = tmp_path / "skm.yaml"
    code, out, err = run(capsys, str(survey), "--emit-evidence", str(evidence))
    assert code == 2 and "--survey-date" in err and out == ""
    assert not evidence.exists()
    code, _, _ = run(capsys, str(survey), "--emit-evidence", str(evidence), "--survey-date", "2024-06-30")
    assert code == 0
    facts = yaml.safe_load(evidence.read_text())["indicators"]["skm"]["facts"]
    assert facts["survey_date"] == dt.date(2024, 6, 30)


def test_emit_evidence_into_a_missing_folder_is_fatal(tmp_path, capsys):
    code, _, err = run(capsys, str(DISDUKCAPIL), "--emit-evidence", str(tmp_path / "no" / "skm.yaml"))
    assert code == 3 and "evidence" in err


def test_emit_evidence_must_not_overwrite_the_survey(tmp_path, capsys):
    survey = copy(DISDUKCAPIL, tmp_path)
    before = survey.read_bytes()
    code, _, _ = run(capsys, str(survey), "--emit-evidence", str(survey))
    assert code == 2 and survey.read_bytes() == before


# --- exit codes -----------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    [],
    [str(DISDUKCAPIL), "--method", "permenpanrb-99-2030"],
    [str(DISDUKCAPIL), "--population", "0"],
    [str(DISDUKCAPIL), "--population", "banyak"],
    [str(DISDUKCAPIL), "--format", "xml"],
    [str(DISDUKCAPIL), "--lang", "fr"],
    [str(DISDUKCAPIL), "--survey-date", "31-05-2024"],
    [str(DISDUKCAPIL), "--indicator", "skm indikator"],
    [str(DISDUKCAPIL), "--columns", "U10=Persyaratan"],
    [str(DISDUKCAPIL), "--columns", "Persyaratan"],
])
def test_usage_errors_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == "" and "kesalahan" in err


def test_bad_file_exits_3_with_one_line(tmp_path, capsys):
    bad = tmp_path / "survei.csv"
    bad.write_text(",".join(f"U{i}" for i in range(1, 10)) + "\n3,3,3,3,5,3,3,3,3\n")
    code, out, err = run(capsys, str(bad))
    assert code == 3 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f'compliance: kesalahan: {bad}:2:5: baris 2, kolom E "U5": jawaban 5 di luar skala 1–4')
    assert "Traceback" not in err


@pytest.mark.parametrize("name", ["tidak-ada.csv", "kosong.csv", "rusak.xlsx"])
def test_unreadable_files_exit_3(tmp_path, capsys, name):
    path = tmp_path / name
    if name != "tidak-ada.csv":
        path.write_bytes(b"" if name == "kosong.csv" else b"PK\x03\x04broken")
    code, _, err = run(capsys, str(path))
    assert code == 3 and err.startswith("compliance: kesalahan: ") and err.count("\n") == 1


def test_wrong_method_for_the_file_exits_3(capsys):
    code, _, err = run(capsys, str(DISDUKCAPIL), "--method", "kepmenpan-25-2004")
    assert code == 3 and "U10" in err



@pytest.mark.parametrize(("lang", "months"), [
    ("id", "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"),
    ("en", "January February March April May June July August September October November December"),
])
def test_dates_use_the_shared_month_names(lang, months):
    from compliance.skm.formatting import date_text
    from compliance.skm.lang import MONTHS_EN, MONTHS_ID

    names = months.split()
    assert [date_text(dt.date(2024, m, 9), lang) for m in range(1, 13)] == [f"9 {n} 2024" for n in names]
    assert (MONTHS_ID if lang == "id" else MONTHS_EN) == tuple(names)
