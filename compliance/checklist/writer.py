"""Writing a checklist workbook (openpyxl): a cover sheet, one sheet per dimension, one row per fact.

Deterministic: the same rule set, unit kind and answers give the same bytes (fixed document properties, fixed
ZIP timestamps). A user's text is always written as a string cell, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from compliance.checklist.rows import FactRow, fact_rows, leftover_rows
from compliance.load import checklist_layout as L
from compliance.model.ruleset import RuleSet

FIXED_TIME = dt.datetime(2024, 1, 1)
_HEAD = Font(bold=True, color="FFFFFF")
_HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
_ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
_SHADE = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_OPEN = Protection(locked=False)
_DATE_FORMAT = "DD/MM/YYYY"
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")

INSTRUCTIONS = (
    "Petunjuk pengisian",
    "1. Isi identitas unit di atas (sel berwarna kuning). ID unit ditulis dengan huruf kecil, angka dan tanda "
    "hubung, mis. puskesmas-tenggarong.",
    "2. Setiap lembar berikutnya memuat satu dimensi penilaian; setiap baris satu pertanyaan. Isi kolom Jawaban "
    "(kuning): pilih Ya/Tidak atau salah satu pilihan dari daftar, atau ketik tanggal (25/01/2024 atau 25 Januari "
    "2024) atau angka (82,5).",
    "3. Bukti berupa berkas: simpan berkasnya di folder lampiran/ di samping buku kerja ini dan tulis namanya di "
    "kolom Lampiran (mis. lampiran/sk-standar-pelayanan.pdf), satu berkas per baris, beserta tanggal dokumennya.",
    "4. Biarkan kosong bila belum diketahui: sel kosong berarti belum diketahui, bukan 'Tidak'. Nilai sementara "
    "dihitung dari yang sudah diisi.",
    "5. Jangan mengubah nama lembar, urutan kolom atau kolom tersembunyi; jangan menulis rumus (rumus ditolak).",
    "6. Periksa isian dengan: compliance lint NAMA-BERKAS.xlsx; nilai dengan: compliance assess ATURAN "
    "NAMA-BERKAS.xlsx.",
)


def _text(cell: Any, value: str) -> None:
    """A string cell, whatever the text starts with (`=`, `+`, `-`, `@` stay text, never a formula)."""
    cell.value = value
    cell.data_type = "s"


def _set(cell: Any, value: Any, *, date: bool = False) -> None:
    if value is None:
        return
    if isinstance(value, (bool, int | float)):
        cell.value = value
    elif date and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            cell.value = dt.datetime.fromisoformat(value)
            cell.number_format = _DATE_FORMAT
        except ValueError:
            _text(cell, value)
    else:
        _text(cell, str(value) or L.EMPTY_TEXT)


def _sheet_title(title: str, used: set[str]) -> str:
    base = _BAD_TITLE.sub(" ", title).strip().strip("'")[:31] or "Dimensi"
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.casefold())
    return name


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # allowed: widen a column, heighten a row
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _print_setup(ws: Worksheet, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True


def _cover(ws: Worksheet, rs: RuleSet, kind: str, data: dict[str, Any]) -> None:
    ws["A1"] = L.MARKER
    _text(ws["B1"], f"Daftar periksa bukti: {rs.metadata.title.id}")
    ws["B1"].font = Font(bold=True, size=14)
    values: dict[str, Any] = {"ruleset.id": rs.id, "ruleset.version": rs.version, "unit.kind": kind}
    for key, _ in L.COVER_FIELDS:
        head, _, tail = key.partition(".")
        section = data.get(head)
        if key in ("ruleset.id", "ruleset.version", "unit.kind"):
            continue
        if tail and isinstance(section, dict):
            values[key] = section.get(tail)
        elif not tail:
            values[key] = "; ".join(section) if key == "includes" and isinstance(section, list) else section
    dates = DataValidation(type="date", operator="greaterThan", formula1="1", errorStyle="warning",
                           error="Tulis tanggal, mis. 25/01/2024.", errorTitle="Tanggal", allow_blank=True)
    ws.add_data_validation(dates)
    for i, (key, label) in enumerate(L.COVER_FIELDS):
        row = 3 + i
        ws.cell(row, 1, key)
        _text(ws.cell(row, 2), label)
        cell = ws.cell(row, 3)
        _set(cell, values.get(key), date=key in L.COVER_DATES)
        cell.alignment = _WRAP
        if key not in L.COVER_LOCKED:
            cell.protection = _OPEN
            cell.fill = _ANSWER_FILL
        if key in L.COVER_DATES:
            cell.number_format = _DATE_FORMAT
            dates.add(cell.coordinate)
    row = 4 + len(L.COVER_FIELDS)
    for i, line in enumerate(INSTRUCTIONS):
        c = ws.cell(row + i, 2)
        _text(c, line)
        c.alignment = _WRAP
        if i == 0:
            c.font = Font(bold=True)
        ws.merge_cells(start_row=row + i, start_column=2, end_row=row + i, end_column=3)
        ws.row_dimensions[row + i].height = 15 if i == 0 else 45
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 48
    ws.column_dimensions["C"].width = 60
    _protect(ws)
    _print_setup(ws, landscape=False)


def _validation(ws: Worksheet, row: FactRow, cache: dict[str, DataValidation]) -> DataValidation | None:
    t, f = row.type, row.fact
    make: Callable[[], DataValidation]
    if t == "boolean":
        key = "bool"
        make = lambda: DataValidation(type="list", formula1=f'"{L.TRUE_TEXT},{L.FALSE_TEXT}"',  # noqa: E731
                                      allow_blank=True, error="Pilih Ya atau Tidak.", errorTitle="Jawaban")
    elif t == "choice" and f is not None:
        choices = f.choices or ()
        inline = ",".join(choices)
        if any(("," in c or '"' in c) for c in choices) or len(inline) > 250:
            return None
        key = "choice:" + inline
        make = lambda: DataValidation(type="list", formula1=f'"{inline}"', allow_blank=True,  # noqa: E731
                                      error="Pilih salah satu dari daftar.", errorTitle="Jawaban")
    elif t == "date":
        key = "date"
        make = lambda: DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,  # noqa: E731
                                      errorStyle="warning", error="Tulis tanggal, mis. 25/01/2024.",
                                      errorTitle="Tanggal")
    elif t in ("number", "integer") and f is not None:
        lo = f.minimum if f.minimum is not None else -1e15
        hi = f.maximum if f.maximum is not None else 1e15
        key = f"{t}:{lo:g}:{hi:g}"
        make = lambda: DataValidation(type="whole" if t == "integer" else "decimal",  # noqa: E731
                                      operator="between", formula1=f"{lo:g}", formula2=f"{hi:g}",
                                      allow_blank=True, errorStyle="warning", errorTitle="Angka",
                                      error=f"Tulis angka antara {lo:g} dan {hi:g}.")
    else:
        return None
    if key not in cache:
        cache[key] = make()
        ws.add_data_validation(cache[key])
    return cache[key]


def _fact_sheet(ws: Worksheet, rows: list[FactRow]) -> None:
    for col, (title, width) in enumerate(L.HEADERS, 1):
        c = ws.cell(1, col)
        _text(c, title)
        c.font, c.fill, c.alignment = _HEAD, _HEAD_FILL, _WRAP
        ws.column_dimensions[L.column_letter(col)].width = width
    ws.column_dimensions["A"].hidden = True
    ws.row_dimensions[1].height = 45
    cache: dict[str, DataValidation] = {}
    shade = False
    last = None
    for i, row in enumerate(rows):
        r = L.FIRST_ROW + i
        if row.indicator_id != last:
            shade, last = not shade, row.indicator_id
            _text(ws.cell(r, L.COL_INDICATOR), row.indicator_title)
        ws.cell(r, L.COL_KEY, row.key)
        _text(ws.cell(r, L.COL_PROMPT), row.prompt)
        if row.proof:
            _text(ws.cell(r, L.COL_PROOF), row.proof)
        _text(ws.cell(r, L.COL_HINT), row.hint)
        open_cols = (L.COL_FILES, L.COL_DATES, L.COL_KINDS, L.COL_TITLES, L.COL_SHA) if row.type == "attachments" \
            else (L.COL_ANSWER,)
        for col in range(1, len(L.HEADERS) + 1):
            c = ws.cell(r, col)
            c.alignment = _WRAP
            if col in open_cols:
                c.protection = _OPEN
                c.fill = _ANSWER_FILL
            elif shade:
                c.fill = _SHADE
        if row.type == "attachments":
            _attachments(ws, r, row.value)
        else:
            answer = ws.cell(r, L.COL_ANSWER)
            value = row.value
            if row.type == "boolean" and isinstance(value, bool):
                _text(answer, L.TRUE_TEXT if value else L.FALSE_TEXT)
            else:
                _set(answer, value, date=row.type == "date")
            if row.type == "date":
                answer.number_format = _DATE_FORMAT
            dv = _validation(ws, row, cache)
            if dv is not None:
                dv.add(answer.coordinate)
    _fit_rows(ws, L.FIRST_ROW, L.FIRST_ROW + len(rows) - 1)
    ws.freeze_panes = "C2"
    ws.print_title_rows = "1:1"
    ws.print_area = f"B1:H{max(L.FIRST_ROW, L.FIRST_ROW + len(rows) - 1)}"
    _protect(ws)
    _print_setup(ws, landscape=True)


def _attachments(ws: Worksheet, r: int, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, list) and not value:
        _text(ws.cell(r, L.COL_FILES), "tidak ada")
        return
    if not isinstance(value, list):
        _set(ws.cell(r, L.COL_FILES), value)
        return
    atts = [a if isinstance(a, dict) else {"path": a} for a in value]

    def lines(field: str) -> str | None:
        got = ["" if a.get(field) is None else _shown_date(a[field]) if field == "date" else str(a.get(field))
               for a in atts]
        return "\n".join(got) if any(got) else None

    for col, field in ((L.COL_FILES, "path"), (L.COL_DATES, "date"), (L.COL_KINDS, "kind"),
                       (L.COL_TITLES, "title"), (L.COL_SHA, "sha256")):
        text = lines(field)
        if text is not None:
            _text(ws.cell(r, col), text)


def _shown_date(value: Any) -> str:
    """An ISO date as Indonesians write it (25/01/2024); anything else as it is (the reader says what is wrong)."""
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text


def _fit_rows(ws: Worksheet, first: int, last: int) -> None:
    """Row heights for the wrapped text (spreadsheet programs do not grow a row when the file is opened)."""
    widths = {col: width for col, (_, width) in enumerate(L.HEADERS, 1)}
    for r in range(first, last + 1):
        lines = 1
        for col, width in widths.items():
            value = ws.cell(r, col).value
            if isinstance(value, str) and col != L.COL_KEY:
                per_line = max(1, int(width * 1.1) - 1)
                lines = max(lines, sum(max(1, -(-len(seg) // per_line)) for seg in value.split("\n")))
        ws.row_dimensions[r].height = 15 * lines + 2


def _deterministic(raw: bytes) -> bytes:
    """The same package with fixed timestamps: ZIP entry times and the document's modified time."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", body)
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def write_workbook(rs: RuleSet, kind: str, data: dict[str, Any] | None = None) -> bytes:
    """The checklist workbook of a unit kind, with the answers of an evidence file's data (as parsed) if given."""
    data = data or {}
    wb = Workbook()
    wb.properties.creator = "kepatuhan"
    wb.properties.lastModifiedBy = "kepatuhan"
    wb.properties.title = f"Daftar periksa bukti: {rs.metadata.title.id}"
    wb.properties.keywords = L.MARKER
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    cover = wb.active
    assert cover is not None
    cover.title = L.COVER
    _cover(cover, rs, kind, data)
    used = {L.COVER.casefold(), L.OTHER.casefold()}
    indicators = data.get("indicators") if isinstance(data.get("indicators"), dict) else {}
    assert isinstance(indicators, dict)
    seen: set[str] = set()
    for dim, rows in fact_rows(rs, kind, indicators, seen):
        _fact_sheet(wb.create_sheet(_sheet_title(dim.title.id, used)), rows)
    rest = leftover_rows(indicators, seen)
    if rest:
        _fact_sheet(wb.create_sheet(L.OTHER), rest)
    buf = io.BytesIO()
    wb.save(buf)
    return _deterministic(buf.getvalue())
