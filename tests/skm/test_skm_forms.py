"""Google Forms exports: question headers matched to unsur by wording, worded answers on four-point scales,
every bad cell reported, ages grouped, personal data not listed; the fixture in CSV and XLSX, and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib.util
import json
from pathlib import Path

import openpyxl
import pytest

from compliance.cli import main
from compliance.errors import SurveyError
from compliance.skm.answers import MAX_REPORTED
from compliance.skm.demographics import age_band, is_personal
from compliance.skm.formatting import to_document
from compliance.skm.ikm import METHODS, compute
from compliance.skm.questions import wording_unsur
from compliance.skm.reading import BadCells, load_survey
from compliance.skm.scales import answer_key, read_words

M2017 = METHODS["permenpanrb-14-2017"]
M2014 = METHODS["permenpanrb-16-2014"]
M2004 = METHODS["kepmenpan-25-2004"]
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "surveys"
GFORMS = FIXTURES / "kelurahan-loa-ipuh-2024-gforms.csv"
GFORMS_XLSX = FIXTURES / "kelurahan-loa-ipuh-2024-gforms.xlsx"
GFORMS_INVALID = FIXTURES / "kelurahan-loa-ipuh-2024-gforms-invalid.csv"

# The nine questions of the sample questionnaire of PermenPANRB 14/2017, in its order (sarana before pengaduan).
QUESTIONNAIRE = [
    ("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?", "U1"),
    ("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?", "U2"),
    ("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?", "U3"),
    ("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?", "U4"),
    ("Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
     "pelayanan dengan hasil yang diberikan?", "U5"),
    ("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?", "U6"),
    ("Bagamana pendapat saudara perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?", "U7"),
    ("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?", "U9"),
    ("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?", "U8"),
]
QUESTION = {uid: text for text, uid in QUESTIONNAIRE}


def write_csv(tmp_path: Path, header: list[str], rows: list[list[object]], name: str = "respons.csv") -> Path:
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in r] for r in rows])
    return path


def form(tmp_path: Path, answers: dict[str, list[object]], *, extra: dict[str, list[object]] | None = None,
         order: list[str] | None = None) -> Path:
    """A Google-Forms-shaped CSV: Timestamp, the questions (by unsur, in `order`), then extra columns."""
    order = order or [uid for _, uid in QUESTIONNAIRE]
    n = len(next(iter(answers.values())))
    full = {uid: answers.get(uid, ["3"] * n) for uid in order}
    extra = extra or {}
    header = ["Timestamp", *(QUESTION[u] for u in order), *extra]
    rows = [[f"2024/09/0{1 + i % 9} 9:00:00 AM GMT+8", *(full[u][i] for u in order), *(v[i] for v in extra.values())]
            for i in range(n)]
    return write_csv(tmp_path, header, rows)


def error_of(path: Path, method=M2017, **kwargs) -> SurveyError:
    with pytest.raises(SurveyError) as info:
        load_survey(path, method, **kwargs)
    return info.value


# --- header wording -------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "unsur"), QUESTIONNAIRE)
def test_questionnaire_2017_wording(header, unsur):
    assert wording_unsur(header, M2017) == (unsur,)


@pytest.mark.parametrize(("header", "unsur"), [
    ("Persyaratan", "U1"), ("Sistem, Mekanisme, dan Prosedur", "U2"), ("Waktu Penyelesaian", "U3"),
    ("Biaya/Tarif", "U4"), ("Produk Spesifikasi Jenis Pelayanan", "U5"), ("Kompetensi Pelaksana", "U6"),
    ("Perilaku Pelaksana", "U7"), ("Penanganan Pengaduan, Saran dan Masukan", "U8"), ("Sarana dan Prasarana", "U9"),
    ("Penilaian Anda terhadap pelayanan [Fasilitas ruang tunggu]", "U9"),  # a Google Forms grid row
    ("Penilaian Anda terhadap pelayanan [Kemudahan alur pelayanan]", "U2"),
])
def test_official_names_and_grid_rows(header, unsur):
    assert wording_unsur(header, M2017) == (unsur,)


@pytest.mark.parametrize("header", ["Timestamp", "Alamat email", "Jenis Kelamin", "Usia (tahun)", "Pekerjaan",
                                    "Pendidikan Terakhir", "Jenis Layanan yang Diterima", "Kritik dan Saran",
                                    "Saran dan masukan untuk kami", "Nama (boleh dikosongkan)"])
def test_demographic_headers_match_no_unsur(header):
    assert wording_unsur(header, M2017) == ()


def test_wording_of_the_other_methods():
    assert wording_unsur("Bagaimana pendapat Saudara tentang maklumat pelayanan?", M2014) == ("U8",)
    assert wording_unsur("Bagaimana penanganan pengaduan?", M2014) == ("U9",)
    pairs_2004 = [
        ("kemudahan prosedur pelayanan di unit ini", "U1"), ("kesesuaian persyaratan pelayanan", "U2"),
        ("kejelasan dan kepastian petugas yang melayani", "U3"), ("kedisiplinan petugas", "U4"),
        ("tanggung jawab petugas dalam memberikan pelayanan", "U5"), ("kemampuan petugas", "U6"),
        ("kecepatan pelayanan di unit ini", "U7"), ("keadilan untuk mendapatkan pelayanan", "U8"),
        ("kesopanan dan keramahan petugas", "U9"), ("kewajaran biaya untuk mendapatkan pelayanan", "U10"),
        ("kesesuaian antara biaya yang dibayarkan dengan biaya yang telah ditetapkan", "U11"),
        ("ketepatan pelaksanaan terhadap jadwal waktu pelayanan", "U12"),
        ("kenyamanan di lingkungan unit pelayanan", "U13"), ("keamanan pelayanan di unit ini", "U14"),
    ]
    for text, unsur in pairs_2004:
        assert wording_unsur(f"Bagaimana pendapat Saudara tentang {text}?", M2004) == (unsur,), text


def test_questionnaire_order_is_matched_by_wording_not_position(tmp_path):
    # The questionnaire asks U9 (sarana) before U8 (pengaduan); U8 answers are all 1, U9 all 4.
    path = form(tmp_path, {"U8": ["1", "1"], "U9": ["4", "4"]})
    survey = load_survey(path, M2017)
    by_unsur = {c.unsur: c for c in survey.columns}
    assert by_unsur["U8"].header == QUESTION["U8"] and by_unsur["U8"].column == 10
    assert by_unsur["U9"].header == QUESTION["U9"] and by_unsur["U9"].column == 9
    assert survey.responses[0] == (3, 3, 3, 3, 3, 3, 3, 1, 4)


def test_header_with_two_unsur_is_an_error(tmp_path):
    header = ["Timestamp", "Bagaimana kesesuaian persyaratan dan prosedur pelayanan?",
              *(QUESTION[u] for u in ("U3", "U4", "U5", "U6", "U7", "U8", "U9"))]
    path = write_csv(tmp_path, header, [["2024-09-02", *["3"] * 8]])
    err = error_of(path)
    assert (err.file, err.line, err.column) == (str(path), 1, 2)
    assert "cocok dengan lebih dari satu unsur: U1 (Persyaratan), U2 (Sistem, Mekanisme, dan Prosedur)" in err.message
    assert "--columns" in err.message and "\n" not in str(err)
    assert "matches more than one unsur" in error_of(path, lang="en").message


def test_two_headers_for_one_unsur_is_an_error(tmp_path):
    path = form(tmp_path, {"U1": ["3"]}, extra={"Apakah persyaratan mudah dipenuhi?": ["4"]})
    err = error_of(path)
    assert (err.line, err.column) == (1, 11)
    assert 'kolom B "Bagaimana pendapat … persyaratan pelayanan dengan jenis pelayanannya?" dan kolom K' in err.message
    assert "sama-sama cocok dengan unsur U1 (Persyaratan)" in err.message
    assert "both match unsur U1" in error_of(path, lang="en").message


def test_unmatched_question_header_is_named(tmp_path):
    order = [u for _, u in QUESTIONNAIRE if u != "U9"]
    path = form(tmp_path, {"U1": ["3"]}, order=order, extra={"Bagaimana kenyamanan ruang tunggu?": ["4"]})
    err = error_of(path)
    assert (err.line, err.column) == (1, 10)
    assert err.message.startswith("baris 1: unsur U9 (Sarana dan Prasarana) tidak ditemukan, dan judul kolom J "
                                  '"Bagaimana kenyamanan ruang tunggu?" tidak cocok dengan unsur mana pun')
    assert 'matches no unsur; map it with --columns "U9=Header"' in error_of(path, lang="en").message


def test_columns_override_wording(tmp_path):
    order = [u for _, u in QUESTIONNAIRE if u != "U9"]
    path = form(tmp_path, {"U1": ["3"]}, order=order, extra={"Bagaimana kenyamanan ruang tunggu?": ["4"]})
    survey = load_survey(path, M2017, columns={"U9": "Bagaimana kenyamanan ruang tunggu?"})
    assert survey.columns[8].column == 10 and survey.responses[0][8] == 4
    # --columns also settles a header that names two unsur
    header = ["Bagaimana kesesuaian persyaratan dan prosedur?", *(QUESTION[u] for u in ("U2", "U3", "U4", "U5",
                                                                                          "U6", "U7", "U8", "U9"))]
    path = write_csv(tmp_path, header, [["1", *["3"] * 8]], name="b.csv")
    survey = load_survey(path, M2017, columns={"U1": header[0]})
    assert survey.responses[0][:2] == (1, 3)


def test_loa_janan_needs_no_columns_file_any_more():
    without = load_survey(FIXTURES / "kecamatan-loa-janan-2024.csv", M2017)
    mapping = json.loads((FIXTURES / "kecamatan-loa-janan-2024.columns.json").read_text(encoding="utf-8"))
    with_map = load_survey(FIXTURES / "kecamatan-loa-janan-2024.csv", M2017, columns=mapping)
    assert without.columns == with_map.columns and without.responses == with_map.responses


# --- worded answers -------------------------------------------------------------------------------

SCALES_OF_THE_ISSUE = [
    ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
    ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
    ("Tidak puas", "Kurang puas", "Puas", "Sangat puas"),
    ("Sangat tidak puas", "Tidak puas", "Puas", "Sangat puas"),
    ("Tidak baik", "Kurang baik", "Baik", "Sangat baik"),
    ("Sangat tidak setuju", "Tidak setuju", "Setuju", "Sangat setuju"),
]


@pytest.mark.parametrize("scale", SCALES_OF_THE_ISSUE, ids=lambda s: s[0])
def test_every_scale_maps_to_1_to_4(tmp_path, scale):
    column = [scale[(i * 3) % 4] for i in range(8)]  # every word of the scale, in mixed order
    path = form(tmp_path, {"U4": column})
    survey = load_survey(path, M2017)
    assert [r[3] for r in survey.responses] == [(i * 3) % 4 + 1 for i in range(8)]


@pytest.mark.parametrize(("text", "key"), [
    ("Sangat Sesuai", "sangat sesuai"), ("  sangat   sesuai. ", "sangat sesuai"), ("a. Tidak sesuai", "tidak sesuai"),
    ("(d) Gratis", "gratis"), ("Ada tapi tidak berfungsi", "ada tetapi tidak berfungsi"),
    ("SOPAN DAN RAMAH", "sopan dan ramah"),
])
def test_answer_spelling_is_forgiven(text, key):
    assert answer_key(text) == key


def test_a_word_that_scales_value_differently_is_settled_by_its_column():
    assert read_words(["tidak puas", "kurang puas", "puas"])["tidak puas"].value == 1
    assert read_words(["tidak puas", "sangat tidak puas", "puas"])["tidak puas"].value == 2
    assert read_words(["buruk", "cukup", "baik"])["buruk"].value == 1
    unsettled = read_words(["tidak puas", "puas", "sangat puas"])["tidak puas"]
    assert unsettled.value is None and [v for v, _ in unsettled.choices] == [1, 2]
    # words that mean the same on every scale need no context, even from two scales in one column
    assert {k: r.value for k, r in read_words(["sangat sesuai", "puas"]).items()} == {"sangat sesuai": 4, "puas": 3}


def test_unsettled_word_is_an_error_not_a_guess(tmp_path):
    path = form(tmp_path, {"U3": ["Tidak puas", "Puas", "Sangat puas", "Tidak puas"]})
    err = error_of(path)
    assert isinstance(err, BadCells) and err.total == 2 and [e.line for e in err.errors] == [2, 5]
    assert ('jawaban "Tidak puas" bisa bernilai 1 (skala Tidak puas … Sangat puas) atau 2 (skala Sangat tidak puas '
            "… Sangat puas)") in err.message
    assert "can be worth 1 (scale Tidak puas … Sangat puas) or 2" in error_of(path, lang="en").message


def test_numbers_and_words_mix_in_one_column(tmp_path):
    path = form(tmp_path, {"U1": ["4", "Kurang sesuai", 3, "Sangat sesuai", "1"]})
    assert [r[0] for r in load_survey(path, M2017).responses] == [4, 2, 3, 4, 1]


def test_unknown_word_names_the_column_scale(tmp_path):
    path = form(tmp_path, {"U2": ["Mudah", "Sangat mudah", "Lumayan"]})
    err = error_of(path)
    assert (err.line, err.column) == (4, 3)
    assert err.message == ('baris 4, kolom C "Bagaimana pemahaman … kemudahan prosedur pelayanan di unit ini?": '
                           'jawaban "Lumayan" bukan angka 1–4 dan bukan jawaban skala yang dikenali (skala kolom '
                           "ini: Tidak mudah, Kurang mudah, Mudah, Sangat mudah)")


# --- every bad cell -------------------------------------------------------------------------------

def test_all_bad_cells_are_reported_in_sheet_order(tmp_path):
    path = form(tmp_path, {"U1": ["Sesuai", "5", "Sesuai", "Sesuai"], "U7": ["Ramah sekali", "3", "0", "3"]})
    err = error_of(path)
    assert isinstance(err, BadCells) and err.total == 3
    assert [(e.line, e.column) for e in err.errors] == [(2, 8), (3, 2), (4, 8)]
    assert err.message.endswith("(dan 2 sel lain yang tidak dapat dibaca)")
    assert err.summary == "3 jawaban tidak dapat dibaca"


def test_bad_cells_are_listed_up_to_a_limit(tmp_path):
    path = form(tmp_path, {"U5": ["9"] * 30, "U6": ["tiga"] * 30})
    err = error_of(path, lang="en")
    assert isinstance(err, BadCells) and err.total == 60 and len(err.errors) == MAX_REPORTED
    assert [e.line for e in err.errors] == sorted(e.line for e in err.errors)
    assert err.summary == f"60 answers cannot be read; the first {MAX_REPORTED} are shown"


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


@pytest.mark.parametrize(("lang", "summary"), [("id", "3 jawaban tidak dapat dibaca"),
                                               ("en", "3 answers cannot be read")])
def test_cli_lists_every_bad_cell(capsys, lang, summary):
    code = main(["skm", str(GFORMS_INVALID), "--lang", lang])
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert code == 3 and out == ""
    assert len(lines) == 4 and all(line.startswith(f"compliance: error: {GFORMS_INVALID}:") for line in lines)
    assert [line.split(": ")[2].split(":")[1:3] for line in lines[:3]] == [["14", "10"], ["42", "12"], ["74", "14"]]
    assert '"Lumayan"' in lines[0] and "5" in lines[1] and '"Bagus sekali"' in lines[2]
    assert lines[3].endswith(summary)


def test_a_question_left_over_is_counted_not_scored(tmp_path):
    path = form(tmp_path, {"U1": ["4", "3"]},
                extra={"Bagaimana kepuasan Anda secara keseluruhan?": ["Sangat puas", "Puas"]})
    survey = load_survey(path, M2017)
    (extra,) = survey.demographics
    assert extra.column == 11 and dict(extra.counts) == {"Puas": 1, "Sangat puas": 1}
    assert [r[0] for r in survey.responses] == [4, 3]
