"""Reading a checklist workbook (.xlsx) as evidence: the same data an evidence YAML file gives, each value with
its cell (`evidence.xlsx:Proses!D14`) for the messages.

Workbooks are hostile input: the package is checked before openpyxl parses anything (see workbook_safety), then
read in read-only mode, and a formula is refused, never evaluated.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import warnings
from dataclasses import dataclass, field
from typing import Any

from compliance.errors import EvidenceError, InputError, UnreadableError
from compliance.load import checklist_layout as L
from compliance.load.files import _read_bytes
from compliance.load.safe_yaml import KeyPath, json_path
from compliance.load.values import AmbiguousValue, parse_date, split_paths
from compliance.load.workbook_safety import MAX_XLSX_BYTES, check_package
from compliance.messages import Msg

MAX_ROWS = 5_000  # rows per sheet; a checklist has a few hundred


class NotAChecklist(InputError):
    """A workbook that is not a checklist (a survey export, say): reported and skipped inside folders."""


@dataclass
class Workbook:
    """A checklist workbook's data (as an evidence file's YAML would give it) and the cell of every value."""

    file: str
    data: dict[str, Any]
    cells: dict[KeyPath, str] = field(default_factory=dict)
    raw: bytes = b""
    keys: set[str] = field(default_factory=set)  # every row key, answered or not ("indicator/fact")

    def cell(self, path: KeyPath) -> str:
        """`file:Sheet!D14` of the value at path, else of its nearest ancestor, else the file."""
        p = tuple(path)
        while p:
            if p in self.cells:
                return f"{self.file}:{self.cells[p]}"
            p = p[:-1]
        return self.file

    def by_json_path(self) -> dict[str, str]:
        return {json_path(p): f"{self.file}:{c}" for p, c in self.cells.items()}


def is_workbook(path: str) -> bool:
    return path.lower().endswith((".xlsx", ".xlsm"))


def _ref(sheet: str, row: int, col: int) -> str:
    quoted = sheet if sheet.replace(" ", "").isalnum() and " " not in sheet else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{L.column_letter(col)}{row}"


def _scalar(value: Any) -> Any:
    """A cell's value as YAML would give it: text stripped (empty = none), whole floats kept, dates as dates."""
    if isinstance(value, str):
        if value == L.EMPTY_TEXT:
            return ""
        value = value.strip()
        return value or None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value.isoformat(sep=" ")
    return value


def _text(value: Any) -> str | None:
    """A cell as text (an identity field, a NIP typed as a number, a date)."""
    value = _scalar(value)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _lines(value: Any) -> list[str]:
    text = _text(value)
    return [] if text is None else [x.strip() for x in text.replace("\r", "\n").split("\n")]


def _rows(name: str, ws: Any) -> list[tuple[int, list[Any]]]:
    """The sheet's rows (number, the first 11 cells), refusing formulas and oversized sheets."""
    out: list[tuple[int, list[Any]]] = []
    for r, cells in enumerate(ws.iter_rows(max_col=len(L.HEADERS)), 1):
        if r > MAX_ROWS + 1:
            raise InputError(Msg("lembar {s!r} berisi lebih dari {n} baris; ini bukan daftar periksa",
                                 "the sheet {s!r} has more than {n} rows; this is not a checklist", s=ws.title,
                                 n=MAX_ROWS), file=name)
        values = []
        for c, cell in enumerate(cells, 1):
            if getattr(cell, "data_type", None) == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")
                                                           and getattr(cell, "data_type", None) != "s"):
                raise InputError(Msg("sel berisi rumus; rumus tidak dibaca demi keamanan: tulis nilainya saja",
                                     "the cell holds a formula; formulas are never read, for safety: write the value"),
                                 file=f"{name}:{_ref(ws.title, r, c)}")
            values.append(cell.value)
        out.append((r, values))
    return out


def _cover(name: str, ws: Any, wb: Workbook) -> None:
    data = wb.data
    for r, values in _rows(name, ws):
        key = values[0] if values else None
        if key == "unit.id":
            wb.cells[("unit",)] = _ref(ws.title, r, 3)
        if not isinstance(key, str) or key not in dict(L.COVER_FIELDS):
            continue
        raw = values[2] if len(values) > 2 else None
        where = _ref(ws.title, r, 3)
        if key == "includes":
            got = split_paths(_text(raw) or "")
            if got:
                data["includes"] = got
                wb.cells[("includes",)] = where
            continue
        value = _text(raw)
        if key in L.COVER_DATES and value is not None:
            try:
                value = parse_date(value) or value
            except AmbiguousValue as exc:
                raise EvidenceError(exc.msg, file=f"{name}:{where}") from None
        if value is None:
            continue
        head, _, tail = key.partition(".")
        if tail:
            data.setdefault(head, {})[tail] = value
            wb.cells[(head, tail)] = where
            wb.cells.setdefault((head,), where)
        else:
            data[head] = value
            wb.cells[(head,)] = where


def _attachments(name: str, sheet: str, r: int, values: list[Any], wb: Workbook, path: KeyPath) -> list[Any]:
    def col(c: int) -> Any:
        return values[c - 1] if len(values) >= c else None

    files_text = _text(col(L.COL_FILES))
    if files_text is not None and files_text.strip().lower() in L.NONE_WORDS:
        return []
    paths = split_paths(files_text or "")
    where_files = _ref(sheet, r, L.COL_FILES)
    atts: list[dict[str, Any]] = [{"path": p} for p in paths]
    raw_dates = col(L.COL_DATES)
    dates = [_text(raw_dates) or ""] if isinstance(raw_dates, dt.datetime | dt.date) else _lines(raw_dates)
    for c, fieldname, items in ((L.COL_DATES, "date", dates), (L.COL_KINDS, "kind", _lines(col(L.COL_KINDS))),
                                (L.COL_TITLES, "title", _lines(col(L.COL_TITLES))),
                                (L.COL_SHA, "sha256", _lines(col(L.COL_SHA)))):
        if not any(items):
            continue
        where = _ref(sheet, r, c)
        if not atts:
            raise EvidenceError(Msg("ada isian lampiran tetapi kolom Lampiran kosong; tulis nama berkasnya",
                                    "attachment details are given but the Lampiran column is empty; write the file "
                                    "names"), file=f"{name}:{where}")
        if len(items) == 1 and len(atts) > 1 and fieldname == "date":
            items = items * len(atts)
        if len(items) != len(atts):
            raise EvidenceError(Msg("berisi {n} baris, sedangkan kolom Lampiran berisi {m} berkas; tulis satu baris "
                                    "per berkas", "holds {n} lines while the Lampiran column names {m} files; write "
                                    "one line per file", n=len(items), m=len(atts)), file=f"{name}:{where}")
        for i, (att, item) in enumerate(zip(atts, items, strict=True)):
            if not item:
                continue
            if fieldname == "date":
                try:
                    item = parse_date(item) or item
                except AmbiguousValue as exc:
                    raise EvidenceError(exc.msg, file=f"{name}:{where}") from None
            att[fieldname] = item
            wb.cells[(*path, i, fieldname)] = where
    for i in range(len(atts)):
        wb.cells[(*path, i, "path")] = where_files
        wb.cells[(*path, i)] = where_files
    return atts


def _facts(name: str, ws: Any, wb: Workbook) -> None:
    rows = _rows(name, ws)
    if not rows or not rows[0][1] or rows[0][1][0] != L.HEADERS[0][0]:
        return  # not a fact sheet of ours (a sheet the user added): nothing to read
    indicators: dict[str, Any] = wb.data.setdefault("indicators", {})
    for r, values in rows[1:]:
        key = values[0] if values else None
        filled = [v for v in values[L.COL_ANSWER - 1:] if _scalar(v) is not None] if len(values) >= L.COL_ANSWER \
            else []
        if not isinstance(key, str) or not key:
            if filled and r > 1:
                raise EvidenceError(Msg("isian di baris tanpa kunci (kolom A tersembunyi kosong; baris disisipkan?); "
                                        "pindahkan isian ke baris pertanyaannya",
                                        "an answer in a row without a key (hidden column A is empty: an inserted "
                                        "row?); move it to its question's row"),
                                    file=f"{name}:{_ref(ws.title, r, 4)}")
            continue
        if "#" in key:
            ind_id, _, what = key.partition("#")
            note = _text(values[L.COL_ANSWER - 1]) if len(values) >= L.COL_ANSWER else None
            if note is None:
                continue
            ie = indicators.setdefault(ind_id, {})
            where = _ref(ws.title, r, L.COL_ANSWER)
            if what == "note":
                ie["note"] = note
                wb.cells[("indicators", ind_id, "note")] = where
            elif what in ("na.reason", "na.legal_basis"):
                f = what.partition(".")[2]
                ie.setdefault("not_applicable", {})[f] = note
                wb.cells[("indicators", ind_id, "not_applicable", f)] = where
            continue
        wb.keys.add(key)
        ind_id, _, fact = key.partition("/")
        path: KeyPath = ("indicators", ind_id, "facts", fact)
        answer = _scalar(values[L.COL_ANSWER - 1]) if len(values) >= L.COL_ANSWER else None
        has_files = any(_scalar(values[c - 1]) is not None for c in
                        (L.COL_FILES, L.COL_DATES, L.COL_KINDS, L.COL_TITLES, L.COL_SHA) if len(values) >= c)
        if has_files:
            value: Any = _attachments(name, ws.title, r, values, wb, path)
            wb.cells[path] = _ref(ws.title, r, L.COL_FILES)
        else:
            value = answer
            wb.cells[path] = _ref(ws.title, r, L.COL_ANSWER)
        if value is None:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        indicators.setdefault(ind_id, {}).setdefault("facts", {})[fact] = value
        wb.cells[("indicators", ind_id)] = _ref(ws.title, r, L.COL_KEY + 1)


def read_workbook(path: str | os.PathLike[str]) -> Workbook:
    """Read a checklist workbook; raises InputError (not a checklist, unsafe, unreadable) or EvidenceError."""
    name = os.fspath(path)
    if name.lower().endswith(".xlsm"):
        raise InputError(Msg("buku kerja bermakro (.xlsm) tidak dibaca; simpan sebagai .xlsx tanpa makro",
                             "a macro-enabled workbook (.xlsm) is not read; save it as .xlsx without macros"),
                         file=name)
    try:
        raw = _read_bytes(name, MAX_XLSX_BYTES)
    except InputError:
        raise
    except FileNotFoundError:
        raise UnreadableError(Msg("berkas tidak ditemukan", "file not found"), file=name) from None
    except OSError as exc:
        raise UnreadableError(Msg("berkas tidak dapat dibaca ({e})", "cannot read the file ({e})",
                                  e=str(exc.strerror or exc)), file=name) from None
    check_package(name, raw)
    import openpyxl

    wb = Workbook(name, {"apiVersion": "compliance/v1", "kind": "Evidence"}, raw=raw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_links=False,
                                          keep_vba=False)
        except Exception as exc:  # openpyxl raises many types for a broken package
            raise InputError(Msg("bukan buku kerja XLSX yang dapat dibaca ({e})",
                                 "is not a readable XLSX workbook ({e})", e=type(exc).__name__), file=name) from None
        try:
            sheets = book.worksheets
            cover = next((ws for ws in sheets if ws.title == L.COVER), sheets[0] if sheets else None)
            if cover is None or next(cover.iter_rows(max_row=1, max_col=1, values_only=True), (None,))[0] \
                    != L.MARKER:
                raise NotAChecklist(Msg("bukan buku kerja daftar periksa kepatuhan (lembar Sampul dengan penanda "
                                        "tidak ditemukan); buat dengan: compliance template ATURAN --unit-kind JENIS "
                                        "-o berkas.xlsx",
                                        "not a compliance checklist workbook (no Sampul sheet with its marker); "
                                        "write one with: compliance template RULESET --unit-kind KIND -o file.xlsx"),
                                    file=name)
            _cover(name, cover, wb)
            for ws in sheets:
                if ws is not cover:
                    _facts(name, ws, wb)
        except (InputError, EvidenceError):
            raise
        except Exception as exc:  # a malformed sheet part fails while streaming
            raise InputError(Msg("bukan buku kerja XLSX yang dapat dibaca ({e})",
                                 "is not a readable XLSX workbook ({e})", e=type(exc).__name__), file=name) from None
        finally:
            book.close()
    return wb
