"""Survey exports read into a `Table`: the cells of a CSV or XLSX file (chosen by content, then by extension),
each data row with its spreadsheet row number (header = row 1).

Every problem is a `SurveyError` naming the file, and the row and column where there is one.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import stat
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from xml.etree import ElementTree

from compliance.errors import SurveyError
from compliance.skm.lang import both

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000

CellValue = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None
Kind = Literal["csv", "xlsx"]
Rows = tuple[tuple[int, tuple[CellValue, ...]], ...]  # (spreadsheet row number, cells)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

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


def read_table(path: str | os.PathLike[str], *, sheet: str | None = None) -> Table:
    """Read the cells of a CSV or XLSX file (chosen by content, then by extension)."""
    name = os.fspath(path)
    data = _read_bytes(name)
    sha256 = hashlib.sha256(data).hexdigest()
    if data.startswith(_OLE_MAGIC) or name.lower().endswith(".xls"):
        raise SurveyError(both("berkas Excel 97–2003 (.xls) tidak didukung; simpan sebagai .xlsx atau "
                                    "CSV UTF-8",
                              "Excel 97–2003 (.xls) files are not supported; save it as .xlsx or CSV UTF-8"),
                          file=name)
    if data.startswith(_ZIP_MAGIC) or name.lower().endswith((".xlsx", ".xlsm")):
        header_row, headers, rows, sheet_name = _read_xlsx(name, data, sheet)
        return Table(name, "xlsx", sha256, sheet_name, header_row, headers, rows)
    if sheet is not None:
        raise SurveyError(both("--sheet hanya berlaku untuk berkas XLSX, sedangkan berkas ini CSV",
                              "--sheet applies to XLSX files only, and this file is CSV"), file=name)
    header_row, headers, rows = _read_csv(name, data)
    return Table(name, "csv", sha256, None, header_row, headers, rows)


def _read_bytes(name: str) -> bytes:
    try:
        path = Path(name)
        if path.is_dir():
            raise SurveyError(both("ini folder, bukan berkas", "is a folder, not a file"), file=name)
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block the read forever, a device never ends
            raise SurveyError(both("bukan berkas biasa", "is not a regular file"), file=name)
        size = info.st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise SurveyError(both(f"berkas lebih besar dari batas {limit} MB",
                                  f"file is larger than the limit of {limit} MB"), file=name)
        with open(name, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise SurveyError(both("berkas tidak ditemukan", "file not found"), file=name) from None
    except PermissionError:
        raise SurveyError(both("berkas tidak dapat dibaca (izin ditolak)",
                              "file is not readable (permission denied)"), file=name) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SurveyError(both(f"berkas tidak dapat dibaca ({reason})",
                              f"cannot read the file ({reason})"), file=name) from None
    if len(data) > MAX_FILE_BYTES:  # grew while we read it
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise SurveyError(both(f"berkas lebih besar dari batas {limit} MB",
                              f"file is larger than the limit of {limit} MB"), file=name)
    if not data.strip():
        raise SurveyError(both("berkas kosong; baris 1 harus berisi judul kolom (U1, U2, …)",
                              "file is empty; row 1 must hold the column headers (U1, U2, …)"), file=name)
    return data


def _too_many_rows(name: str) -> SurveyError:
    return SurveyError(both(f"berisi lebih dari {MAX_ROWS:,} baris jawaban (batas)".replace(",", "."),
                           f"has more than {MAX_ROWS:,} response rows, the limit"), file=name)


def _no_header(name: str) -> SurveyError:
    return SurveyError(both("tidak ada baris judul kolom; berkas hanya berisi sel kosong",
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


def _read_csv(name: str, data: bytes) -> tuple[int, tuple[str, ...], Rows]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SurveyError(both('berkas teks UTF-16, bukan UTF-8; simpan ulang sebagai "CSV UTF-8"',
                              'file is UTF-16 text, not UTF-8; save it again as "CSV UTF-8"'), file=name)
    if b"\x00" in data:
        raise SurveyError(both("berisi byte NUL; ini bukan berkas CSV teks",
                              "contains a NUL byte; it is not a CSV text file"), file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        raise SurveyError(both(f'baris {row}: bukan teks UTF-8; simpan ulang sebagai "CSV UTF-8"',
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
                    both(f"baris {record} berisi {len(fields)} kolom, sedangkan baris judul "
                              f"(baris {header_row}) berisi {len(header)} kolom",
                        f"row {record} has {len(fields)} columns but the header (row {header_row}) "
                        f"has {len(header)}"),
                    file=name, line=record, column=min(len(fields), len(header)) + 1)
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(name)
            rows.append((record, tuple(f.strip() or None for f in fields)))
    except csv.Error as exc:
        row = record + 1
        raise SurveyError(both(f"baris {row}: CSV tidak valid ({exc})",
                              f"row {row}: invalid CSV ({exc})"), file=name, line=row) from None
    if header is None:
        raise _no_header(name)
    return header_row, tuple(header), tuple(rows)


def _read_xlsx(name: str, data: bytes, sheet: str | None
               ) -> tuple[int, tuple[str, ...], Rows, str]:
    import openpyxl

    def not_xlsx(detail: str = "") -> SurveyError:
        return SurveyError(both(f"bukan spreadsheet XLSX yang dapat dibaca{detail}",
                                f"is not a readable XLSX spreadsheet{detail}"), file=name)

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise not_xlsx()
    # openpyxl warns about styles and extensions it ignores; they say nothing about the answers.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken package
            raise not_xlsx(f" ({type(exc).__name__}: {exc})") from None
        try:
            return _read_workbook(name, book, sheet)
        except SurveyError:
            raise
        except Exception as exc:  # a malformed sheet part fails while streaming
            raise not_xlsx(f" ({type(exc).__name__}: {exc})") from None
        finally:
            book.close()


def _read_workbook(name: str, book: Any, sheet: str | None) -> tuple[int, tuple[str, ...], Rows, str]:
    sheets = [ws.title for ws in book.worksheets]
    if not sheets:
        raise SurveyError(both("tidak berisi lembar kerja", "contains no worksheet"), file=name)
    title = sheets[0] if sheet is None else sheet
    if title not in sheets:
        raise SurveyError(both(f'tidak ada lembar "{sheet}"; lembar yang ada: {", ".join(sheets)}',
                              f'has no sheet "{sheet}"; its sheets are: {", ".join(sheets)}'), file=name)
    ws = book[title]
    if ws.max_row is not None and ws.max_row > MAX_ROWS + 1:
        raise _too_many_rows(name)
    merged, uncached = _scan_sheet(ws)
    for ref in merged:
        row, column = _cell_position(ref.split(":")[0])
        raise SurveyError(both(f"sel gabungan {ref} tidak didukung; pisahkan (unmerge) sel tersebut dan "
                                    "isi setiap baris",
                              f"merged cells {ref} are not supported; unmerge them and fill every row"),
                          file=name, line=row, column=column)
    for ref in uncached:
        row, column = _cell_position(ref)
        raise SurveyError(
            both(f"sel {ref} berisi rumus tanpa nilai tersimpan; buka dan simpan ulang berkas di Excel "
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
                header, header_row = [cell_text(v) if v is not None else "" for v in values], row_number
            continue
        if not values:
            continue
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows(name)
        rows.append((row_number, tuple(values)))
    if header is None:
        raise _no_header(name)
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


def cell_text(value: CellValue) -> str:
    """A cell as text: 3.0 → "3", dates in ISO form."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
