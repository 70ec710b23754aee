"""Reading survey exports: CSV and XLSX shapes, blanks, and every kind of bad input with its position."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from compliance.errors import SurveyError
from compliance.skm import tables
from compliance.skm.formatting import to_document
from compliance.skm.ikm import METHODS, compute
from compliance.skm.reading import load_survey, parse_survey
from compliance.skm.tables import Table, read_table

M2017 = METHODS["permenpanrb-14-2017"]
M2004 = METHODS["kepmenpan-25-2004"]
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "surveys"
HEADER9 = ["Timestamp", "Jenis Kelamin", *(f"U{i}" for i in range(1, 10))]


def write_csv(tmp_path: Path, lines: list[str], name: str = "survei.csv", *, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def row9(*answers: object, when: str = "2024-05-01", gender: str = "Perempuan") -> str:
    return ",".join([when, gender, *("" if a is None else str(a) for a in answers)])


def write_xlsx(tmp_path: Path, rows: list[list[object]], name: str = "survei.xlsx", **sheets) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Respons Formulir 1"
    for r in rows:
        ws.append(r)
    for title, extra in sheets.items():
        other = wb.create_sheet(title)
        for r in extra:
            other.append(r)
    path = tmp_path / name
    wb.save(path)
    return path


def error_of(path: Path, method=M2017, **kwargs) -> SurveyError:
    with pytest.raises(SurveyError) as info:
        load_survey(path, method, **kwargs)
    return info.value


# --- CSV ------------------------------------------------------------------------------------------

def test_csv_basic_period_and_demographics(tmp_path):
    path = write_csv(tmp_path, [
        ",".join(HEADER9),
        row9(4, 3, 3, 4, 3, 3, 4, 2, 3, when="2024/05/02 9:15:23 AM GMT+8"),
        row9(3, 3, 2, 4, 3, 4, 4, 3, 3, when="2024/05/31 4:01:00 PM GMT+8", gender="Laki-laki"),
        row9(4, 2, 3, 4, 3, 3, 3, 2, 2, when="2024/05/17 10:00:00 AM GMT+8"),
    ])
    survey = load_survey(path, M2017)
    assert survey.kind == "csv"
    assert survey.responses[0] == (4, 3, 3, 4, 3, 3, 4, 2, 3)
    assert survey.period == (dt.date(2024, 5, 2), dt.date(2024, 5, 31))
    assert survey.date_header == "Timestamp"
    (gender,) = survey.demographics
    assert gender.header == "Jenis Kelamin"
    assert dict(gender.counts) == {"Laki-laki": 1, "Perempuan": 2}
    assert [c.column for c in survey.columns] == list(range(3, 12))


def test_csv_semicolon_bom_and_blanks(tmp_path):
    path = tmp_path / "survei.csv"
    text = "\n".join([
        ";".join(HEADER9),
        "01/08/2024;Perempuan;4;3;3;;3;3;4;;3",
        "13/08/2024;Laki-laki;3;3;3;4;3;3;4;2;3",
        "20/08/2024;Perempuan;;;;;;;;;",
        ";;;;;;;;;;",
        "",
    ]) + "\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    survey = load_survey(path, M2017)
    assert survey.columns[0].header == "U1"  # BOM stripped from the first header
    assert survey.responses[0][3] is None and survey.responses[0][7] is None
    result = compute(survey.responses, M2017)
    assert result.respondents == 2
    assert result.skipped_rows == 1  # the row with a date and gender but no answers; empty lines are not rows
    assert (result.unsur[3].answers, result.unsur[3].blanks) == (1, 1)
    assert survey.period == (dt.date(2024, 8, 1), dt.date(2024, 8, 13))  # the skipped row's date is not used


@pytest.mark.parametrize(("value", "expected"), [("3", 3), ("3.0", 3), (" 4 ", 4), ("+2", 2), ("1,0", 1)])
def test_answers_given_as_text_are_accepted(tmp_path, value, expected):
    path = write_csv(tmp_path, [";".join(HEADER9), ";".join(["2024-05-01", "P", value, *["3"] * 8])])
    assert load_survey(path, M2017).responses[0][0] == expected


@pytest.mark.parametrize(("value", "fragment"), [
    ("5", "di luar skala 1–4"),
    ("0", "di luar skala 1–4"),
    ("-1", "di luar skala 1–4"),
    ("2.5", "bukan bilangan bulat"),
    ("lumayan", "bukan angka"),
    ("tiga", "bukan angka"),
    ("3a", "bukan angka"),
    ("N/A", "bukan angka"),
])
def test_invalid_answer_names_file_row_and_column(tmp_path, value, fragment):
    path = write_csv(tmp_path, [
        ",".join(HEADER9),
        row9(4, 3, 3, 4, 3, 3, 4, 2, 3),
        row9(4, 3, 3, 4, value, 3, 4, 2, 3),
    ])
    err = error_of(path)
    assert (err.file, err.line, err.column) == (str(path), 3, 7)
    assert 'baris 3, kolom G "U5"' in err.message
    assert fragment in err.message
    assert str(err).startswith(f"{path}:3:7: ")
    assert "\n" not in str(err)


def test_invalid_answer_in_english(tmp_path):
    path = write_csv(tmp_path, [",".join(HEADER9), row9(4, 3, 3, 4, 3, 3, 4, 2, "good")])
    err = error_of(path)
    assert 'row 2, column K "U9"' in err.msg.render("en")
    assert 'answer "good" is not a number 1–4 nor a known scale answer' in err.msg.render("en")
    assert 'baris 2, kolom K "U9"' in err.message  # the run's language, Indonesian unless the CLI says otherwise


def test_missing_unsur_column(tmp_path):
    path = write_csv(tmp_path, ["Timestamp,U1,U2,U3,U4,U5,U6,U7,U8", "2024-05-01,3,3,3,3,3,3,3,3"])
    err = error_of(path)
    assert err.line == 1
    assert "U9 (Sarana dan Prasarana) tidak ditemukan" in err.message
    assert "--columns" in err.message


def test_unsur_found_by_official_name(tmp_path):
    header = ["Tanggal", "Persyaratan", *(f"U{i}" for i in range(2, 10))]
    path = write_csv(tmp_path, [",".join(header), "2024-05-01,2,3,3,3,3,3,3,3,3"])
    survey = load_survey(path, M2017)
    assert survey.columns[0].header == "Persyaratan"


def test_columns_mapping(tmp_path):
    header = ["Tanggal", "Syarat", "Prosedur", *(f"U{i}" for i in range(3, 10))]
    path = write_csv(tmp_path, [",".join(header), "2024-05-01,2,1,3,3,3,3,3,3,3"])
    survey = load_survey(path, M2017, columns={"U1": "syarat", "U2": "Prosedur"})  # case-insensitive
    assert survey.responses[0][:2] == (2, 1)
    err = error_of(path, columns={"U1": "Persyaratan"})
    assert '"Persyaratan" untuk U1' in err.message
    err = error_of(path, columns={"U1": "Prosedur"})  # U2 then has no column of its own
    assert "U2" in err.message


def test_duplicate_header(tmp_path):
    header = ["Tanggal", *(f"U{i}" for i in range(1, 10)), "U3"]
    path = write_csv(tmp_path, [",".join(header), "2024-05-01," + ",".join(["3"] * 10)])
    err = error_of(path)
    assert "lebih dari sekali" in err.message and "(kolom D, K)" in err.message


def test_unsur_with_no_answers_at_all(tmp_path):
    path = write_csv(tmp_path, [",".join(HEADER9), row9(3, 3, 3, 3, 3, 3, 3, None, 3),
                                row9(3, 3, 3, 3, 3, 3, 3, None, 3)])
    err = error_of(path)
    assert (err.line, err.column) == (1, 10)
    assert 'kolom J "U8"' in err.message and "tidak berisi satu jawaban pun" in err.message


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "kosong.csv"
    path.write_bytes(content)
    assert "kosong" in error_of(path).message


def test_header_without_rows(tmp_path):
    path = write_csv(tmp_path, [",".join(HEADER9)])
    err = error_of(path)
    assert "tidak ada baris jawaban" in err.message and err.line == 2


def test_row_with_a_different_column_count(tmp_path):
    path = write_csv(tmp_path, [",".join(HEADER9), row9(*[3] * 9), row9(*[3] * 8)])
    err = error_of(path)
    assert err.line == 3
    assert "baris 3 berisi 10 kolom" in err.message and "11 kolom" in err.message


def test_not_utf8(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_bytes(",".join(HEADER9).encode() + b"\n" + row9(3, 3, 3, 3, 3, 3, 3, 3, 3).encode()
                     + b"\n2024-05-02,Pr\xe9ia,3,3,3,3,3,3,3,3,3\n")
    err = error_of(path)
    assert err.line == 3 and "UTF-8" in err.message


def test_utf16_and_binary(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_bytes(("\n".join([",".join(HEADER9), row9(*[3] * 9)])).encode("utf-16"))
    assert "UTF-16" in error_of(path).message
    path.write_bytes(b"U1,U2\x00\x01")
    assert "NUL" in error_of(path).message


def test_unterminated_quote_is_a_csv_error(tmp_path):
    path = write_csv(tmp_path, [",".join(HEADER9), row9(*[3] * 9), '2024-05-01,"Perempuan,3,3'])
    err = error_of(path)
    assert err.line >= 3 and "CSV" in err.message


def test_missing_file_and_folder(tmp_path):
    assert "tidak ditemukan" in error_of(tmp_path / "tidak-ada.csv").message
    assert "folder" in error_of(tmp_path).message


def test_size_and_row_caps(tmp_path, monkeypatch):
    path = write_csv(tmp_path, [",".join(HEADER9), *[row9(*[3] * 9)] * 6])
    monkeypatch.setattr(tables, "MAX_ROWS", 5)
    assert "5 baris" in error_of(path).message
    xlsx = write_xlsx(tmp_path, [HEADER9, *[["2024-05-01", "P", *[3] * 9]] * 6])
    assert "5 baris" in error_of(xlsx).message
    monkeypatch.setattr(tables, "MAX_ROWS", 200_000)
    monkeypatch.setattr(tables, "MAX_FILE_BYTES", 100)
    assert "batas" in error_of(path).message


def test_default_limits():
    assert tables.MAX_FILE_BYTES == 50 * 1024 * 1024
    assert tables.MAX_ROWS == 200_000


# --- dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("dates", "period"), [
    (["05/08/2024", "13/08/2024"], ("2024-08-05", "2024-08-13")),        # day first (13 > 12)
    (["05/08/2024", "06/08/2024"], ("2024-08-05", "2024-08-06")),        # ambiguous: day first
    (["08/05/2024", "08/13/2024"], ("2024-08-05", "2024-08-13")),        # month first (13 > 12)
    (["2024-08-05 08:00:00", "2024-08-31T17:00:00"], ("2024-08-05", "2024-08-31")),
    (["5 Agustus 2024", "31 Agt 2024"], ("2024-08-05", "2024-08-31")),
    (["5 May 2024", "", "1 Jun 2024"], ("2024-05-05", "2024-06-01")),
])
def test_date_formats(tmp_path, dates, period):
    lines = [",".join(["Tanggal", *(f"U{i}" for i in range(1, 10))])]
    lines += [",".join([d, *["3"] * 9]) for d in dates]
    survey = load_survey(write_csv(tmp_path, lines), M2017)
    assert survey.period == tuple(dt.date.fromisoformat(p) for p in period)


@pytest.mark.parametrize(("dates", "row", "fragment"), [
    (["2024-05-01", "kemarin"], 3, '"kemarin" bukan tanggal'),
    (["2024-02-30"], 2, "bukan tanggal"),
    (["13/05/2024", "05/13/2024"], 3, "bulan/hari"),
])
def test_bad_dates(tmp_path, dates, row, fragment):
    lines = [",".join(["Tanggal", *(f"U{i}" for i in range(1, 10))])]
    lines += [",".join([d, *["3"] * 9]) for d in dates]
    err = error_of(write_csv(tmp_path, lines))
    assert (err.line, err.column) == (row, 1)
    assert fragment in err.message


def test_no_date_column_means_no_period(tmp_path):
    path = write_csv(tmp_path, [",".join(f"U{i}" for i in range(1, 10)), ",".join(["3"] * 9)])
    survey = load_survey(path, M2017)
    assert survey.period is None and survey.date_header is None


# --- demographics ---------------------------------------------------------------------------------

def test_free_text_columns_are_counted_not_listed(tmp_path):
    header = ["Saran", *(f"U{i}" for i in range(1, 10))]
    lines = [",".join(header)] + [",".join([f"saran nomor {i}", *["3"] * 9]) for i in range(40)]
    lines.append(",".join(["", *["3"] * 9]))
    (saran,) = load_survey(write_csv(tmp_path, lines), M2017).demographics
    assert saran.free_text and saran.distinct == 40 and saran.blank == 1 and not saran.counts


def test_columns_without_header_or_data_are_ignored(tmp_path):
    header = [*(f"U{i}" for i in range(1, 10)), "", ""]
    lines = [",".join(header), ",".join([*["3"] * 9, "", "x"])]
    survey = load_survey(write_csv(tmp_path, lines), M2017)
    assert [(d.header, d.column) for d in survey.demographics] == [("", 11)]


# --- XLSX -----------------------------------------------------------------------------------------

def test_xlsx_mixed_types(tmp_path):
    path = write_xlsx(tmp_path, [
        HEADER9,
        [dt.datetime(2024, 5, 2, 9, 0), "Perempuan", 4, "3", 3, 4, 3, 3, 4, 2, 3],
        [dt.datetime(2024, 5, 30, 9, 0), "Laki-laki", 3, 3, "2", 4, 3, 4, 4, 3, 3],
    ])
    survey = load_survey(path, M2017)
    assert survey.kind == "xlsx" and survey.sheet == "Respons Formulir 1"
    assert survey.responses == ((4, 3, 3, 4, 3, 3, 4, 2, 3), (3, 3, 2, 4, 3, 4, 4, 3, 3))
    assert survey.period == (dt.date(2024, 5, 2), dt.date(2024, 5, 30))


@pytest.mark.parametrize(("value", "fragment"), [
    ("tiga", "bukan angka"), (5, "di luar skala"), (2.5, "bukan bilangan bulat"), (True, "bukan angka"),
    (dt.datetime(2024, 1, 3), "bukan angka"),
])
def test_xlsx_invalid_answers(tmp_path, value, fragment):
    path = write_xlsx(tmp_path, [HEADER9, ["2024-05-01", "P", 4, 3, 3, 4, 3, 3, 4, 2, 3],
                                 ["2024-05-01", "P", 4, 3, 3, value, 3, 3, 4, 2, 3]])
    err = error_of(path)
    assert (err.line, err.column) == (3, 6)
    assert 'baris 3, kolom F "U4"' in err.message and fragment in err.message


def test_float_answers_with_an_integer_value_are_accepted():
    table = Table(file="t.xlsx", kind="xlsx", sha256="0", sheet="S", header_row=1,
                  headers=tuple(f"U{i}" for i in range(1, 10)),
                  rows=((2, (3.0, 4.0, 1.0, 2.0, 3, "3", 3, 3, 3)),))
    assert parse_survey(table, M2017, columns={}).responses == ((3, 4, 1, 2, 3, 3, 3, 3, 3),)


def _patch_sheet(path: Path, change) -> None:
    """Rewrite xl/worksheets/sheet1.xml inside an XLSX."""
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            dst.writestr(info, data)
    path.write_bytes(out.getvalue())


def test_xlsx_formula_without_cached_value_is_an_error(tmp_path):
    path = write_xlsx(tmp_path, [HEADER9, ["2024-05-01", "P", 4, 3, 3, 4, 3, 3, 4, 2, "=1+2"]])
    err = error_of(path)
    assert (err.line, err.column) == (2, 11)
    assert "sel K2" in err.message and "rumus" in err.message


def test_xlsx_formula_with_cached_value_is_read(tmp_path):
    path = write_xlsx(tmp_path, [HEADER9, ["2024-05-01", "P", 4, 3, 3, 4, 3, 3, 4, 2, "=1+2"]])
    _patch_sheet(path, lambda xml: re.sub(rb"<f>1\+2</f><v\s*/>", b"<f>1+2</f><v>3</v>", xml))
    assert load_survey(path, M2017).responses == ((4, 3, 3, 4, 3, 3, 4, 2, 3),)


def test_xlsx_formula_with_an_empty_text_result_is_a_blank(tmp_path):
    path = write_xlsx(tmp_path, [HEADER9, ["2024-05-01", "P", 4, 3, 3, 4, 3, 3, 4, 2, 3],
                                 ["2024-05-02", "P", 4, 3, 3, 4, 3, 3, 4, "=IF(1,\"\",1)", 3]])
    _patch_sheet(path, lambda xml: re.sub(rb'<c r="J3"><f>(.*?)</f><v\s*/></c>',
                                          rb'<c r="J3" t="str"><f>\1</f><v></v></c>', xml))
    survey = load_survey(path, M2017)
    assert survey.responses[1][7] is None


def test_xlsx_merged_cells_are_an_error(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER9)
    ws.append(["2024-05-01", "P", 4, 3, 3, 4, 3, 3, 4, 2, 3])
    ws.append(["2024-05-01", "P", 4, 3, 3, 4, 3, 3, 4, 2, 3])
    ws.merge_cells("B2:B3")
    path = tmp_path / "gabung.xlsx"
    wb.save(path)
    err = error_of(path)
    assert (err.line, err.column) == (2, 2)
    assert "B2:B3" in err.message


def test_xlsx_sheet_selection(tmp_path):
    path = write_xlsx(tmp_path, [["Catatan"], ["bukan survei"]],
                      Survei=[HEADER9, ["2024-05-01", "P", 4, 3, 3, 4, 3, 3, 4, 2, 3]])
    assert load_survey(path, M2017, sheet="Survei").sheet == "Survei"
    assert "U1" in error_of(path).message  # the first sheet has no unsur columns
    err = error_of(path, sheet="Lembar9")
    assert '"Lembar9"' in err.message and "Respons Formulir 1, Survei" in err.message


def test_sheet_option_on_csv_is_an_error(tmp_path):
    path = write_csv(tmp_path, [",".join(HEADER9), row9(*[3] * 9)])
    assert "--sheet" in error_of(path, sheet="Survei").message


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("survei.xlsx", b"PK\x03\x04 this is not really a zip", "XLSX"),
    ("survei.xlsx", b"Timestamp,U1\n2024-05-01,3\n", "XLSX"),
    ("survei.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
])
def test_not_a_spreadsheet(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    assert fragment in error_of(path).message


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "survei.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    err = error_of(path)
    assert "XLSX" in err.message and "\n" not in str(err)


# --- CSV and XLSX agree ---------------------------------------------------------------------------

def _document_without_source(path: Path, **kwargs) -> dict:
    survey = load_survey(path, M2017, **kwargs)
    doc = to_document(compute(survey.responses, M2017, population=300), survey)
    del doc["source"]
    return doc


def test_fixture_xlsx_and_csv_give_the_same_json():
    csv_doc = _document_without_source(FIXTURES / "puskesmas-tenggarong-2024.csv")
    xlsx_doc = _document_without_source(FIXTURES / "puskesmas-tenggarong-2024.xlsx")
    assert csv_doc == xlsx_doc
    assert csv_doc["respondents"] == 80


def test_generated_xlsx_matches_csv(tmp_path):
    rows = [HEADER9]
    for i in range(12):
        rows.append([dt.datetime(2024, 5, 1 + i, 8, 30), "Perempuan" if i % 3 else "Laki-laki",
                     *[(i + j) % 4 + 1 for j in range(8)], None if i == 4 else 3])
    xlsx = write_xlsx(tmp_path, rows)
    lines = [",".join(HEADER9)]
    for r in rows[1:]:
        cells = ("" if v is None else str(v) for v in r[1:])
        lines.append(",".join([r[0].strftime("%Y-%m-%d %H:%M:%S"), *cells]))
    csv_path = write_csv(tmp_path, lines)
    assert _document_without_source(xlsx) == _document_without_source(csv_path)


def test_read_table_records_hash_and_kind():
    table = read_table(FIXTURES / "disdukcapil-2024.csv")
    assert table.kind == "csv" and len(table.sha256) == 64 and len(table.rows) == 120


def test_2004_fixture():
    survey = load_survey(FIXTURES / "dpmptsp-2004-method.csv", M2004)
    assert len(survey.columns) == 14 and len(survey.responses) == 45
