"""Google Forms exports end to end: demographics (ages in ranges, personal data not listed), the fixture in CSV
and XLSX, and `compliance skm` on it."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib.util
import json
from pathlib import Path

import openpyxl
import pytest
from forms_support import (
    FIXTURES,
    GFORMS,
    GFORMS_INVALID,
    GFORMS_XLSX,
    M2017,
    QUESTION,
    QUESTIONNAIRE,
    SCALES_OF_THE_ISSUE,
    form,
    write_csv,
)

from compliance.cli import main
from compliance.skm.demographics import age_band, is_personal
from compliance.skm.formatting import to_document
from compliance.skm.ikm import compute
from compliance.skm.reading import load_survey

# --- demographics ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "band"), [
    (17, "0–19"), (20, "20–29"), (39, "30–39"), (45.0, "40–49"), ("59", "50–59"), ("35 tahun", "30–39"),
    ("61 th", "≥ 60"), (88, "≥ 60"), ("30–39 tahun", None), (250, None), (True, None), ("tiga puluh", None),
])
def test_age_bands(value, band):
    assert age_band(value) == band


def test_ages_grouped_and_personal_data_not_listed(tmp_path):
    ages: list[object] = [17, 23, 35, "35 tahun", 41, 67, "40–49 tahun", None]
    path = form(tmp_path, {"U1": ["3"] * 8},
                extra={"Usia": ages, "Alamat email": [f"a{i}@contoh.id" for i in range(8)],
                       "Nama Layanan": ["KTP"] * 8})
    usia, email, layanan = load_survey(path, M2017).demographics
    assert dict(usia.counts) == {"0–19": 1, "20–29": 1, "30–39": 2, "40–49": 1, "40–49 tahun": 1, "≥ 60": 1}
    assert usia.blank == 1 and not usia.free_text
    assert email.free_text and email.counts == {} and email.distinct == 8
    assert not layanan.free_text and dict(layanan.counts) == {"KTP": 8}
    assert is_personal("Email Address") and is_personal("No. HP/WA") and is_personal("Nama Lengkap")
    assert not is_personal("Jenis Kelamin")


def test_demographic_values_that_python_calls_equal_are_counted_apart():
    from compliance.skm.demographics import demographic
    from compliance.skm.tables import Table

    rows = ((2, (True,)), (3, (1,)), (4, (1.0,)), (5, ("1",)), (6, (None,)))
    table = Table(file="t.xlsx", kind="xlsx", sha256="0", sheet="S", header_row=1, headers=("Pernah datang",),
                  rows=rows)
    counted = demographic(table, 1, rows)
    assert dict(counted.counts) == {"1": 3, "True": 1} and counted.blank == 1


# --- the fixture: CSV and XLSX --------------------------------------------------------------------

def _document(path: Path) -> dict:
    survey = load_survey(path, M2017)
    doc = to_document(compute(survey.responses, M2017), survey)
    del doc["source"]
    return doc


def test_fixture_csv_and_xlsx_give_the_same_result():
    csv_doc, xlsx_doc = _document(GFORMS), _document(GFORMS_XLSX)
    assert csv_doc == xlsx_doc
    assert (csv_doc["respondents"], csv_doc["skipped_rows"]) == (94, 2)
    assert (csv_doc["converted"], csv_doc["mutu"]) == ("80.18", "B")
    assert csv_doc["period"]["first"] == "2024-09-02" and csv_doc["period"]["last"] == "2024-09-27"
    assert [u["column"]["letter"] for u in csv_doc["unsur"]] == ["H", "I", "J", "P", "K", "L", "M", "O", "N"]
    u8 = csv_doc["unsur"][7]
    assert (u8["answers"], u8["blanks"]) == (78, 16)


def test_fixture_scores_like_its_numeric_twin(tmp_path):
    """The worded export and the same answers as numbers 1–4 under U1…U9 give the same IKM."""
    survey = load_survey(GFORMS, M2017)
    words = {}
    with open(GFORMS, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    for column, scale in zip(survey.columns, [SCALES_OF_THE_ISSUE[i] for i in (0, 1, 2, 3, 0, 4, 5, 7, 6)],
                             strict=True):
        words[column.unsur] = (column.column, scale)
    numeric = [[r[0], *(("" if not r[c - 1] else str(scale.index(r[c - 1]) + 1)) for c, scale in words.values())]
               for r in rows if any(r)]
    twin = write_csv(tmp_path, ["Timestamp", *(f"U{i}" for i in range(1, 10))], numeric)
    a = compute(load_survey(twin, M2017).responses, M2017)
    b = compute(survey.responses, M2017)
    assert (a.ikm, a.respondents, a.skipped_rows) == (b.ikm, b.respondents, b.skipped_rows)


def test_fixture_is_what_its_generator_writes(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(FIXTURES))
    spec = importlib.util.spec_from_file_location("make_gforms", FIXTURES / "make_gforms.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for name in (GFORMS, GFORMS_XLSX, GFORMS_INVALID):
        assert hashlib.sha256((tmp_path / name.name).read_bytes()).digest() == \
            hashlib.sha256(name.read_bytes()).digest(), name.name


def test_xlsx_worded_answers_and_numeric_ages(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Timestamp", "Umur", *(QUESTION[u] for u in ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U9", "U8"))])
    ws.append([dt.datetime(2024, 9, 2, 9), 34, "Sesuai", "Mudah", "Cepat", "Gratis", "Sesuai", "Kompeten",
               "Sopan dan ramah", "Cukup", "Dikelola dengan baik"])
    ws.append([dt.datetime(2024, 9, 3, 9), 61.0, "Kurang sesuai", 2, "Tidak cepat", "Murah", "Sangat sesuai",
               "Kurang kompeten", "Sangat sopan dan ramah", "Buruk", None])
    wb.save(tmp_path / "respons.xlsx")
    survey = load_survey(tmp_path / "respons.xlsx", M2017)
    assert survey.responses == ((3, 3, 3, 4, 3, 3, 3, 4, 2), (2, 2, 1, 3, 4, 2, 4, None, 1))
    assert dict(survey.demographics[0].counts) == {"30–39": 1, "≥ 60": 1}


def test_indonesian_google_forms_timestamps(tmp_path):
    header = ["Stempel waktu", "Alamat email", *(text for text, _ in QUESTIONNAIRE)]
    rows = [["02/09/2024 8.15.03", "a@contoh.id", *["Sesuai"] * 9],
            ["13/09/2024 14.01.59", "", *["Sangat sesuai"] * 9]]
    survey = load_survey(write_csv(tmp_path, header, rows), M2017)
    assert survey.date_header == "Stempel waktu"
    assert survey.period == (dt.date(2024, 9, 2), dt.date(2024, 9, 13))
    assert survey.responses == ((3,) * 9, (4,) * 9)


# --- end to end -----------------------------------------------------------------------------------

def test_cli_reads_the_export_without_columns(capsys, tmp_path):
    evidence = tmp_path / "skm.yaml"
    code = main(["skm", str(GFORMS), "--population", "120", "--emit-evidence", str(evidence)])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert "Nilai konversi (IKM × 25) : 80,18" in out and "Mutu pelayanan            : B" in out
    assert "Usia (tahun): 40–49 19, ≥ 60 19" in out
    assert "Alamat email: 68 jawaban berbeda (tidak dirinci)" in out and "@contoh.id" not in out
    text = evidence.read_text(encoding="utf-8")
    assert "ikm: 80.18" in text and "survey_date: 2024-09-27" in text and "respondents: 94" in text
    code = main(["skm", str(GFORMS_XLSX), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["converted"] == "80.18" and doc["source"]["sheet"] == "Respons Formulir 1"


@pytest.mark.parametrize(("lang", "word", "summary"), [("id", "kesalahan", "3 jawaban tidak dapat dibaca"),
                                                       ("en", "error", "3 answers cannot be read")])
def test_cli_lists_every_bad_cell(capsys, lang, word, summary):
    code = main(["skm", str(GFORMS_INVALID), "--lang", lang])
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert code == 3 and out == ""
    assert len(lines) == 4 and all(line.startswith(f"compliance: {word}: {GFORMS_INVALID}:") for line in lines)
    assert [line.split(": ")[2].split(":")[1:3] for line in lines[:3]] == [["14", "10"], ["42", "12"], ["74", "14"]]
    assert '"Lumayan"' in lines[0] and "5" in lines[1] and '"Bagus sekali"' in lines[2]
    assert lines[3].endswith(summary)


@pytest.mark.parametrize(("lang", "wanted", "unwanted"), [
    ("id", ["ekspor survei", "kata-kata pertanyaannya", "--columns: 'U1' tidak berbentuk U1=Judul Kolom"],
     ["survey export", "is not of the form"]),
    ("en", ["survey export", "the question's wording", "--columns: 'U1' is not of the form U1=Header"],
     ["ekspor survei", "tidak berbentuk"]),
])
def test_help_and_usage_errors_speak_the_run_language(capsys, lang, wanted, unwanted):
    assert main(["skm", "--help", "--lang", lang]) == 0
    help_text = capsys.readouterr().out
    code = main(["skm", str(GFORMS), "--columns", "U1", "--lang", lang])
    err = capsys.readouterr().err
    assert code == 2
    text = " ".join((help_text + err).split())
    assert all(w in text for w in wanted) and not any(u in text for u in unwanted)
