"""Reading survey exports (CSV, XLSX) into a checked `Survey`: answers, demographics, survey period.

Every problem is a `SurveyError` that names the file, the spreadsheet row (header = row 1) and the
column (letter and header), so a unit's staff can find the cell in the spreadsheet they exported.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import stat
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from xml.etree import ElementTree

from compliance.errors import SurveyError
from compliance.skm.ikm import MAX_ANSWER, MIN_ANSWER, Method
from compliance.skm.lang import MONTHS_EN, MONTHS_ID, Lang, column_letter, say, where

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
# A column with more distinct answers is free text (names, suggestions, exact ages): counted, not listed.
MAX_CATEGORIES = 30

# Headers (case-insensitive) of the column that dates each response; Google Forms writes "Timestamp"
# in English and "Stempel waktu" in Indonesian.
DATE_HEADERS = frozenset({
    "timestamp", "stempel waktu", "tanggal", "tanggal survei", "tanggal pengisian", "waktu pengisian", "date",
})

CellValue = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None
Kind = Literal["csv", "xlsx"]
Rows = tuple[tuple[int, tuple[CellValue, ...]], ...]  # (spreadsheet row number, cells)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_INTEGRAL_TEXT = re.compile(r"[+-]?\d+(?:[.,]0+)?")
_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s,])")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:$|[T\s,])")
_D_MONTH_Y = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4})(?:$|[T\s,])")
_MONTH_PREFIXES = {m[:3].lower(): i for i, m in enumerate(MONTHS_ID, 1)} | {
    m[:3].lower(): i for i, m in enumerate(MONTHS_EN, 1)} | {"agt": 8}


@dataclass(frozen=True)
class Table:
    """The cells of a survey export: a header and data rows, each with its spreadsheet row number."""

    file: str
    kind: Kind
    sha256: str
    sheet: str | None
    header_row: int
    headers: tuple[str, ...]
    rows: Rows


@dataclass(frozen=True)
class UnsurColumn:
    """Where one unsur's answers are: its header and 1-based column number."""

    unsur: str
    header: str
    column: int


@dataclass(frozen=True)
class Demographic:
    """Answer counts of one non-unsur column (e.g. Jenis Kelamin), over the scored respondents."""

    header: str
    column: int
    counts: Mapping[str, int]  # empty when free_text
    blank: int
    distinct: int
    free_text: bool


@dataclass(frozen=True)
class Survey:
    """A checked survey: one answer row per data row (None = blank), plus what is reported beside the IKM."""

    file: str
    kind: Kind
    sha256: str
    sheet: str | None
    columns: tuple[UnsurColumn, ...]
    responses: tuple[tuple[int | None, ...], ...]
    demographics: tuple[Demographic, ...]
    date_header: str | None
    period: tuple[dt.date, dt.date] | None


def load_survey(path: str | os.PathLike[str], method: Method, *, columns: Mapping[str, str] | None = None,
                sheet: str | None = None, lang: Lang = "id") -> Survey:
    """Read and check a CSV or XLSX survey export for `method`."""
    return parse_survey(read_table(path, sheet=sheet, lang=lang), method, columns=columns or {}, lang=lang)


# ---------------------------------------------------------------------------------------------------------
# Files → Table


def read_table(path: str | os.PathLike[str], *, sheet: str | None = None, lang: Lang = "id") -> Table:
    """Read the cells of a CSV or XLSX file (chosen by content, then by extension)."""
    name = os.fspath(path)
    data = _read_bytes(name, lang)
    sha256 = hashlib.sha256(data).hexdigest()
    if data.startswith(_OLE_MAGIC) or name.lower().endswith(".xls"):
        raise SurveyError(say(lang, "berkas Excel 97–2003 (.xls) tidak didukung; simpan sebagai .xlsx atau "
                                    "CSV UTF-8",
                              "Excel 97–2003 (.xls) files are not supported; save it as .xlsx or CSV UTF-8"),
                          file=name)
    if data.startswith(_ZIP_MAGIC) or name.lower().endswith((".xlsx", ".xlsm")):
        header_row, headers, rows, sheet_name = _read_xlsx(name, data, sheet, lang)
        return Table(name, "xlsx", sha256, sheet_name, header_row, headers, rows)
    if sheet is not None:
        raise SurveyError(say(lang, "--sheet hanya berlaku untuk berkas XLSX, sedangkan berkas ini CSV",
                              "--sheet applies to XLSX files only, and this file is CSV"), file=name)
    header_row, headers, rows = _read_csv(name, data, lang)
    return Table(name, "csv", sha256, None, header_row, headers, rows)


def _read_bytes(name: str, lang: Lang) -> bytes:
    try:
        path = Path(name)
        if path.is_dir():
            raise SurveyError(say(lang, "ini folder, bukan berkas", "is a folder, not a file"), file=name)
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block the read forever, a device never ends
            raise SurveyError(say(lang, "bukan berkas biasa", "is not a regular file"), file=name)
        size = info.st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise SurveyError(say(lang, f"berkas lebih besar dari batas {limit} MB",
                                  f"file is larger than the limit of {limit} MB"), file=name)
        with open(name, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise SurveyError(say(lang, "berkas tidak ditemukan", "file not found"), file=name) from None
    except PermissionError:
        raise SurveyError(say(lang, "berkas tidak dapat dibaca (izin ditolak)",
                              "file is not readable (permission denied)"), file=name) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SurveyError(say(lang, f"berkas tidak dapat dibaca ({reason})",
                              f"cannot read the file ({reason})"), file=name) from None
    if len(data) > MAX_FILE_BYTES:  # grew while we read it
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise SurveyError(say(lang, f"berkas lebih besar dari batas {limit} MB",
                              f"file is larger than the limit of {limit} MB"), file=name)
    if not data.strip():
        raise SurveyError(say(lang, "berkas kosong; baris 1 harus berisi judul kolom (U1, U2, …)",
                              "file is empty; row 1 must hold the column headers (U1, U2, …)"), file=name)
    return data


def _too_many_rows(name: str, lang: Lang) -> SurveyError:
    return SurveyError(say(lang, f"berisi lebih dari {MAX_ROWS:,} baris jawaban (batas)".replace(",", "."),
                           f"has more than {MAX_ROWS:,} response rows, the limit"), file=name)


def _no_header(name: str, lang: Lang) -> SurveyError:
    return SurveyError(say(lang, "tidak ada baris judul kolom; berkas hanya berisi sel kosong",
                           "has no header row; every cell is blank"), file=name)


def _sniff_delimiter(line: str) -> str:
    """`,` or `;` (or tab), whichever occurs most in the header line outside quotes; `,` on a tie."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts.values())
    return next(d for d in (",", ";", "\t") if counts[d] == best)


def _read_csv(name: str, data: bytes, lang: Lang) -> tuple[int, tuple[str, ...], Rows]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SurveyError(say(lang, 'berkas teks UTF-16, bukan UTF-8; simpan ulang sebagai "CSV UTF-8"',
                              'file is UTF-16 text, not UTF-8; save it again as "CSV UTF-8"'), file=name)
    if b"\x00" in data:
        raise SurveyError(say(lang, "berisi byte NUL; ini bukan berkas CSV teks",
                              "contains a NUL byte; it is not a CSV text file"), file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        raise SurveyError(say(lang, f'baris {row}: bukan teks UTF-8; simpan ulang sebagai "CSV UTF-8"',
                              f'row {row}: not UTF-8 text; save the file again as "CSV UTF-8"'),
                          file=name, line=row) from None
    first_line = next((ln for ln in text.splitlines() if ln.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line), strict=True)
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, tuple[CellValue, ...]]] = []
    record = 0
    try:
        for record, fields in enumerate(reader, 1):
            if header is None:
                if any(f.strip() for f in fields):
                    header, header_row = [f.strip() for f in fields], record
                continue
            if not any(f.strip() for f in fields):  # an empty spreadsheet row (blank line or only delimiters)
                continue
            if len(fields) != len(header):
                raise SurveyError(
                    say(lang, f"baris {record} berisi {len(fields)} kolom, sedangkan baris judul "
                              f"(baris {header_row}) berisi {len(header)} kolom",
                        f"row {record} has {len(fields)} columns but the header (row {header_row}) "
                        f"has {len(header)}"),
                    file=name, line=record, column=min(len(fields), len(header)) + 1)
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(name, lang)
            rows.append((record, tuple(f.strip() or None for f in fields)))
    except csv.Error as exc:
        row = record + 1
        raise SurveyError(say(lang, f"baris {row}: CSV tidak valid ({exc})",
                              f"row {row}: invalid CSV ({exc})"), file=name, line=row) from None
    if header is None:
        raise _no_header(name, lang)
    return header_row, tuple(header), tuple(rows)


def _read_xlsx(name: str, data: bytes, sheet: str | None, lang: Lang
               ) -> tuple[int, tuple[str, ...], Rows, str]:
    import openpyxl

    not_xlsx = say(lang, "bukan spreadsheet XLSX yang dapat dibaca", "is not a readable XLSX spreadsheet")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SurveyError(not_xlsx, file=name)
    # openpyxl warns about styles and extensions it ignores; they say nothing about the answers.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken package
            raise SurveyError(f"{not_xlsx} ({type(exc).__name__}: {exc})", file=name) from None
        try:
            return _read_workbook(name, book, sheet, lang)
        except SurveyError:
            raise
        except Exception as exc:  # a malformed sheet part fails while streaming
            raise SurveyError(f"{not_xlsx} ({type(exc).__name__}: {exc})", file=name) from None
        finally:
            book.close()


def _read_workbook(name: str, book: Any, sheet: str | None, lang: Lang) -> tuple[int, tuple[str, ...], Rows, str]:
    sheets = [ws.title for ws in book.worksheets]
    if not sheets:
        raise SurveyError(say(lang, "tidak berisi lembar kerja", "contains no worksheet"), file=name)
    title = sheets[0] if sheet is None else sheet
    if title not in sheets:
        raise SurveyError(say(lang, f'tidak ada lembar "{sheet}"; lembar yang ada: {", ".join(sheets)}',
                              f'has no sheet "{sheet}"; its sheets are: {", ".join(sheets)}'), file=name)
    ws = book[title]
    if ws.max_row is not None and ws.max_row > MAX_ROWS + 1:
        raise _too_many_rows(name, lang)
    merged, uncached = _scan_sheet(ws)
    for ref in merged:
        row, column = _cell_position(ref.split(":")[0])
        raise SurveyError(say(lang, f"sel gabungan {ref} tidak didukung; pisahkan (unmerge) sel tersebut dan "
                                    "isi setiap baris",
                              f"merged cells {ref} are not supported; unmerge them and fill every row"),
                          file=name, line=row, column=column)
    for ref in uncached:
        row, column = _cell_position(ref)
        raise SurveyError(
            say(lang, f"sel {ref} berisi rumus tanpa nilai tersimpan; buka dan simpan ulang berkas di Excel "
                      "atau LibreOffice agar nilainya dihitung",
                f"cell {ref} holds a formula without a cached value; open and save the file in Excel or "
                "LibreOffice so that its value is computed"),
            file=name, line=row, column=column)
    # Dimensions written by other tools can be wrong; read every cell that is really there.
    ws.reset_dimensions()
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, tuple[CellValue, ...]]] = []
    for row_number, cells in enumerate(ws.iter_rows(values_only=True), 1):
        values: list[CellValue] = [(v.strip() or None) if isinstance(v, str) else v for v in cells]
        while values and values[-1] is None:
            values.pop()
        if header is None:
            if values:
                header, header_row = [_text(v) if v is not None else "" for v in values], row_number
            continue
        if not values:
            continue
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows(name, lang)
        rows.append((row_number, tuple(values)))
    if header is None:
        raise _no_header(name, lang)
    width = max([len(header), *(len(cells) for _, cells in rows)])
    header += [""] * (width - len(header))
    padded = tuple((n, cells + (None,) * (width - len(cells))) for n, cells in rows)
    return header_row, tuple(header), padded, title


def _scan_sheet(ws: Any) -> tuple[list[str], list[str]]:
    """Merged ranges and formula cells without a cached value, from the worksheet XML.

    Read-only openpyxl exposes neither: with data_only=True a formula whose result was never saved
    reads as an empty cell, which would silently become a blank answer.
    """
    merged: list[str] = []
    uncached: list[str] = []
    cell_tag, formula_tag, value_tag = f"{_SHEET_NS}c", f"{_SHEET_NS}f", f"{_SHEET_NS}v"
    source = ws._get_source()  # the worksheet XML part, as ReadOnlyWorksheet itself reads it
    try:
        for _, element in ElementTree.iterparse(source, events=("end",)):
            tag = element.tag
            if tag == cell_tag:
                if element.find(formula_tag) is not None:
                    cached = element.find(value_tag)
                    # t="str" with an empty <v> is a formula whose saved result is "" (a blank), not uncached
                    if cached is None or (not cached.text and element.get("t") != "str"):
                        uncached.append(element.get("r", ""))
                element.clear()
            elif tag == f"{_SHEET_NS}mergeCell":
                merged.append(element.get("ref", ""))
            elif tag == f"{_SHEET_NS}row":
                element.clear()
    finally:
        source.close()
    return merged, uncached


def _cell_position(ref: str) -> tuple[int, int]:
    """"K2" → (row 2, column 11)."""
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    return int(digits or 0), _column_number(letters)


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - ord("A") + 1
    return number


def _text(value: CellValue) -> str:
    """A cell as text: 3.0 → "3", dates in ISO form."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# ---------------------------------------------------------------------------------------------------------
# Table → Survey


def _normal(header: str) -> str:
    return " ".join(header.split()).casefold()


def parse_survey(table: Table, method: Method, *, columns: Mapping[str, str], lang: Lang = "id") -> Survey:
    """Find the unsur columns, check every answer, and collect demographics and the survey period."""
    unsur_columns = _unsur_columns(table, method, columns, lang)
    used = {c.column for c in unsur_columns}
    date_column = next((i for i, h in enumerate(table.headers, 1)
                        if i not in used and _normal(h) in DATE_HEADERS), None)
    other = [i for i in range(1, len(table.headers) + 1) if i not in used and i != date_column]

    responses: list[tuple[int | None, ...]] = []
    answered_rows: list[tuple[int, tuple[CellValue, ...]]] = []
    for row_number, cells in table.rows:
        answers = tuple(_answer(table, row_number, c.column, cells[c.column - 1], lang)
                        for c in unsur_columns)
        responses.append(answers)
        if any(a is not None for a in answers):
            answered_rows.append((row_number, cells))
    if not responses:
        raise SurveyError(say(lang, f"tidak ada baris jawaban di bawah baris judul (baris "
                                    f"{table.header_row})",
                              f"has no response rows below the header (row {table.header_row})"),
                          file=table.file, line=table.header_row + 1)
    for index, column in enumerate(unsur_columns):
        if all(r[index] is None for r in responses):
            raise SurveyError(
                say(lang, f'kolom {column_letter(column.column)} "{column.header}" ({column.unsur} '
                          f"{method.unsur[index]}) tidak berisi satu jawaban pun",
                    f'column {column_letter(column.column)} "{column.header}" ({column.unsur} '
                    f"{method.unsur[index]}) has no answers at all"),
                file=table.file, line=table.header_row, column=column.column)

    # A column without a header is reported only when it holds something.
    demographics = tuple(d for d in (_demographic(table, i, answered_rows) for i in other)
                         if d.header or d.blank < len(answered_rows))
    period = None
    if date_column is not None:
        dates = _dates(table, date_column, answered_rows, lang)
        if dates:
            period = (min(dates), max(dates))
    return Survey(
        file=table.file, kind=table.kind, sha256=table.sha256, sheet=table.sheet, columns=unsur_columns,
        responses=tuple(responses), demographics=demographics,
        date_header=table.headers[date_column - 1] if date_column is not None else None, period=period,
    )


def _unsur_columns(table: Table, method: Method, columns: Mapping[str, str],
                   lang: Lang) -> tuple[UnsurColumn, ...]:
    by_header: dict[str, list[int]] = {}
    for i, header in enumerate(table.headers, 1):
        if header:
            by_header.setdefault(_normal(header), []).append(i)
    found: list[UnsurColumn] = []
    for uid, unsur_name in zip(method.unsur_ids, method.unsur, strict=True):
        if uid in columns:
            wanted = columns[uid]
            matches = by_header.get(_normal(wanted), [])
            if not matches:
                raise SurveyError(
                    say(lang, f'baris {table.header_row}: kolom "{wanted}" untuk {uid} ({unsur_name}) dari '
                              "--columns tidak ada di baris judul",
                        f'row {table.header_row}: column "{wanted}" given for {uid} ({unsur_name}) in '
                        "--columns is not in the header row"),
                    file=table.file, line=table.header_row)
        else:
            wanted = uid
            matches = by_header.get(_normal(uid)) or by_header.get(_normal(unsur_name), [])
            if not matches:
                shown = ", ".join(f'"{h}"' for h in table.headers[:12] if h)
                more = "…" if len(table.headers) > 12 else ""
                raise SurveyError(
                    say(lang, f"baris {table.header_row}: kolom unsur {uid} ({unsur_name}) tidak ditemukan; "
                              f"judul kolom yang ada: {shown}{more}; petakan dengan --columns "
                              f'"{uid}=Judul Kolom"',
                        f"row {table.header_row}: no column for unsur {uid} ({unsur_name}); the headers are "
                        f'{shown}{more}; map it with --columns "{uid}=Header"'),
                    file=table.file, line=table.header_row)
        if len(matches) > 1:
            letters = ", ".join(column_letter(i) for i in matches)
            twice = table.headers[matches[0] - 1]
            raise SurveyError(
                say(lang, f'baris {table.header_row}: judul kolom "{twice}" untuk {uid} muncul lebih dari '
                          f"sekali (kolom {letters})",
                    f'row {table.header_row}: header "{twice}" for {uid} appears more than once '
                    f"(columns {letters})"),
                file=table.file, line=table.header_row, column=matches[1])
        column = matches[0]
        for earlier in found:
            if earlier.column == column:
                raise SurveyError(
                    say(lang, f'baris {table.header_row}: kolom {column_letter(column)} "{wanted}" dipakai '
                              f"untuk {earlier.unsur} dan {uid}",
                        f'row {table.header_row}: column {column_letter(column)} "{wanted}" is used for '
                        f"both {earlier.unsur} and {uid}"),
                    file=table.file, line=table.header_row, column=column)
        found.append(UnsurColumn(uid, table.headers[column - 1], column))
    return tuple(found)


_PLAIN_ANSWERS: dict[object, int] = {
    **{n: n for n in range(MIN_ANSWER, MAX_ANSWER + 1)}, **{str(n): n for n in range(MIN_ANSWER, MAX_ANSWER + 1)},
}


def _answer(table: Table, row: int, column: int, value: CellValue, lang: Lang) -> int | None:
    """One answer 1–4 (None when blank); anything else is an error at its cell."""
    if value is None:
        return None
    if type(value) in (int, str) and value in _PLAIN_ANSWERS:  # the common case, kept fast for large files
        return _PLAIN_ANSWERS[value]

    def fail(id_text: str, en_text: str) -> SurveyError:
        here = where(lang, row, column, table.headers[column - 1])
        return SurveyError(f"{here}: " + say(lang, id_text, en_text), file=table.file, line=row,
                           column=column)

    scale = f"{MIN_ANSWER}–{MAX_ANSWER}"
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        kind = type(value).__name__
        raise fail(f"jawaban {_text(value)!r} ({kind}) bukan angka {scale}",
                   f"answer {_text(value)!r} ({kind}) is not a number {scale}")
    if isinstance(value, str):
        if not _NUMBER_TEXT.fullmatch(value):
            raise fail(f'jawaban "{value}" bukan angka {scale}', f'answer "{value}" is not a number {scale}')
        if not _INTEGRAL_TEXT.fullmatch(value):
            raise fail(f"jawaban {value} bukan bilangan bulat {scale}",
                       f"answer {value} is not a whole number {scale}")
        number = int(value.replace(",", ".").split(".")[0])
    elif isinstance(value, float):
        if not value.is_integer():
            raise fail(f"jawaban {value:g} bukan bilangan bulat {scale}",
                       f"answer {value:g} is not a whole number {scale}")
        number = int(value)
    else:
        number = value
    if not MIN_ANSWER <= number <= MAX_ANSWER:
        raise fail(f"jawaban {number} di luar skala {scale}", f"answer {number} is outside the scale {scale}")
    return number


def _demographic(table: Table, column: int, rows: Sequence[tuple[int, tuple[CellValue, ...]]]) -> Demographic:
    counts: Counter[str] = Counter()
    blank = 0
    for _, cells in rows:
        value = cells[column - 1]
        text = _text(value) if value is not None else ""
        if text:
            counts[text] += 1
        else:
            blank += 1
    free_text = len(counts) > MAX_CATEGORIES
    header = table.headers[column - 1]
    return Demographic(
        header=header, column=column, counts={} if free_text else dict(sorted(counts.items())),
        blank=blank, distinct=len(counts), free_text=free_text,
    )


def _dates(table: Table, column: int, rows: Iterable[tuple[int, tuple[CellValue, ...]]],
           lang: Lang) -> list[dt.date]:
    """The response dates. d/m/Y or m/d/Y is decided per column: day first unless a value shows otherwise."""
    header = table.headers[column - 1]
    dates: list[dt.date] = []
    ambiguous: list[tuple[int, str, int, int, int]] = []  # row, text, first, second, year

    def bad(row: int, value: CellValue) -> SurveyError:
        here = where(lang, row, column, header)
        return SurveyError(
            f"{here}: " + say(lang, f'"{_text(value)}" bukan tanggal yang dikenali (contoh: 2024-05-31 atau '
                                    "31/05/2024)",
                              f'"{_text(value)}" is not a recognised date (e.g. 2024-05-31 or 31/05/2024)'),
            file=table.file, line=row, column=column)

    for row, cells in rows:
        value = cells[column - 1]
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            dates.append(value.date())
            continue
        if isinstance(value, dt.date):
            dates.append(value)
            continue
        if not isinstance(value, str):
            raise bad(row, value)
        try:
            if m := _YMD.match(value):
                dates.append(dt.date(int(m[1]), int(m[2]), int(m[3])))
            elif m := _DMY.match(value):
                ambiguous.append((row, value, int(m[1]), int(m[2]), int(m[3])))
            elif (m := _D_MONTH_Y.match(value)) and m[2][:3].lower() in _MONTH_PREFIXES:
                dates.append(dt.date(int(m[3]), _MONTH_PREFIXES[m[2][:3].lower()], int(m[1])))
            else:
                raise bad(row, value)
        except ValueError:
            raise bad(row, value) from None
    if ambiguous:
        day_first = [a for a in ambiguous if a[2] > 12]
        month_first = [a for a in ambiguous if a[3] > 12]
        if day_first and month_first:
            row, text = month_first[0][0], month_first[0][1]
            here = where(lang, row, column, header)
            raise SurveyError(
                f"{here}: " + say(
                    lang, f'"{text}" memakai urutan bulan/hari, sedangkan baris {day_first[0][0]} memakai '
                          "hari/bulan",
                    f'"{text}" is month/day but row {day_first[0][0]} is day/month'),
                file=table.file, line=row, column=column)
        for row, text, first, second, year in ambiguous:
            day, month = (second, first) if month_first else (first, second)
            try:
                dates.append(dt.date(year, month, day))
            except ValueError:
                raise bad(row, text) from None
    return dates

