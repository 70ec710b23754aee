"""Google Forms exports, reading: question headers matched to unsur by wording, worded answers on four-point
scales, every bad cell reported."""

from __future__ import annotations

import json

import pytest
from forms_support import (
    FIXTURES,
    M2004,
    M2014,
    M2017,
    QUESTION,
    QUESTIONNAIRE,
    SCALES_OF_THE_ISSUE,
    error_of,
    form,
    write_csv,
)

from compliance.skm.answers import MAX_REPORTED
from compliance.skm.questions import wording_unsur
from compliance.skm.reading import BadCells, load_survey
from compliance.skm.scales import answer_key, read_words

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
    assert "matches more than one unsur" in error_of(path).msg.render("en")


def test_two_headers_for_one_unsur_is_an_error(tmp_path):
    path = form(tmp_path, {"U1": ["3"]}, extra={"Apakah persyaratan mudah dipenuhi?": ["4"]})
    err = error_of(path)
    assert (err.line, err.column) == (1, 11)
    assert 'kolom B "Bagaimana pendapat … persyaratan pelayanan dengan jenis pelayanannya?" dan kolom K' in err.message
    assert "sama-sama cocok dengan unsur U1 (Persyaratan)" in err.message
    assert "both match unsur U1" in error_of(path).msg.render("en")


def test_unmatched_question_header_is_named(tmp_path):
    order = [u for _, u in QUESTIONNAIRE if u != "U9"]
    path = form(tmp_path, {"U1": ["3"]}, order=order, extra={"Bagaimana kenyamanan ruang tunggu?": ["4"]})
    err = error_of(path)
    assert (err.line, err.column) == (1, 10)
    assert err.message.startswith("baris 1: unsur U9 (Sarana dan Prasarana) tidak ditemukan, dan judul kolom J "
                                  '"Bagaimana kenyamanan ruang tunggu?" tidak cocok dengan unsur mana pun')
    assert 'matches no unsur; map it with --columns "U9=Header"' in error_of(path).msg.render("en")


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


def test_a_question_left_over_is_counted_not_scored(tmp_path):
    path = form(tmp_path, {"U1": ["4", "3"]},
                extra={"Bagaimana kepuasan Anda secara keseluruhan?": ["Sangat puas", "Puas"]})
    survey = load_survey(path, M2017)
    (extra,) = survey.demographics
    assert extra.column == 11 and dict(extra.counts) == {"Puas": 1, "Sangat puas": 1}
    assert [r[0] for r in survey.responses] == [4, 3]


# --- worded answers -------------------------------------------------------------------------------



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
    assert "can be worth 1 (scale Tidak puas … Sangat puas) or 2" in error_of(path).msg.render("en")


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


def test_options_labelled_with_their_number(tmp_path):
    path = form(tmp_path, {"U1": ["4. Sangat sesuai", "Kurang sesuai (2)", "(3) Sesuai", "1 - Tidak sesuai"]})
    assert [r[0] for r in load_survey(path, M2017).responses] == [4, 2, 3, 1]
    path = form(tmp_path, {"U1": ["4. Sangat sesuai", "2. Sangat sesuai", "4. Lumayan"]})
    err = error_of(path)
    assert isinstance(err, BadCells) and err.total == 2
    assert err.errors[0].message.endswith('jawaban "2. Sangat sesuai": angka 2 tidak sama dengan nilai "Sangat sesuai" '
                                          "(4)")
    assert err.errors[0].msg.render("en").endswith('the number 2 is not the value of "Sangat sesuai" (4)')
    assert '"4. Lumayan" bukan angka 1–4' in err.errors[1].message


# --- every bad cell -------------------------------------------------------------------------------

def test_all_bad_cells_are_reported_in_sheet_order(tmp_path):
    path = form(tmp_path, {"U1": ["Sesuai", "5", "Sesuai", "Sesuai"], "U7": ["Ramah sekali", "3", "0", "3"]})
    err = error_of(path)
    assert isinstance(err, BadCells) and err.total == 3
    assert [(e.line, e.column) for e in err.errors] == [(2, 8), (3, 2), (4, 8)]
    assert err.message.endswith("(dan 2 sel lain yang tidak dapat dibaca)")
    assert err.summary.render("id") == "3 jawaban tidak dapat dibaca"
    assert err.msg.render("en").endswith("(and 2 more cells that cannot be read)")


def test_bad_cells_are_listed_up_to_a_limit(tmp_path):
    path = form(tmp_path, {"U5": ["9"] * 30, "U6": ["tiga"] * 30})
    err = error_of(path)
    assert isinstance(err, BadCells) and err.total == 60 and len(err.errors) == MAX_REPORTED
    assert [e.line for e in err.errors] == sorted(e.line for e in err.errors)
    assert err.summary.render("en") == f"60 answers cannot be read; the first {MAX_REPORTED} are shown"
    assert err.summary.render("id") == f"60 jawaban tidak dapat dibaca; {MAX_REPORTED} yang pertama ditampilkan"


def test_the_first_bad_cells_by_row_are_listed_whatever_their_kind(tmp_path):
    column = ["Sesuai", "Lumayan", *["9"] * 25, "Kurang sesuai", "a. Tidak sesuai"]
    err = error_of(form(tmp_path, {"U1": column}))
    assert isinstance(err, BadCells) and err.total == 26 and len(err.errors) == MAX_REPORTED
    assert [e.line for e in err.errors] == list(range(3, 3 + MAX_REPORTED))
    assert '"Lumayan"' in err.errors[0].message and "jawaban 9 di luar skala" in err.errors[1].message


def test_bad_cells_survive_pickling(tmp_path):
    import pickle

    err = error_of(form(tmp_path, {"U1": ["5", "Lumayan"]}))
    back = pickle.loads(pickle.dumps(err))
    assert isinstance(back, BadCells) and back.total == 2 and str(back) == str(err)
    assert [e.render("en") for e in back.errors] == [e.render("en") for e in err.errors]
