"""A survey `Table` (tables.py) turned into a checked `Survey`: the unsur answers, demographics, survey period.

Every problem with the answers is a `SurveyError` that names the file, the spreadsheet row (header = row 1)
and the column (letter and header), so a unit's staff can find the cell in the spreadsheet they exported.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from compliance.errors import SurveyError
from compliance.skm.answers import BadCells, read_answers
from compliance.skm.demographics import Demographic, demographic
from compliance.skm.ikm import Method
from compliance.skm.lang import MONTHS_EN, MONTHS_ID, at_cell, both, column_letter
from compliance.skm.questions import UnsurColumn, find_unsur_columns, normal
from compliance.skm.tables import CellValue, Kind, Table, cell_text, read_table

# Headers (case-insensitive) of the column that dates each response; Google Forms writes "Timestamp"
# in English and "Stempel waktu" in Indonesian.
DATE_HEADERS = frozenset({
    "timestamp", "stempel waktu", "tanggal", "tanggal survei", "tanggal pengisian", "waktu pengisian", "date",
})

_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s,])")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:$|[T\s,])")
_D_MONTH_Y = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4})(?:$|[T\s,])")
_MONTH_PREFIXES = {m[:3].lower(): i for i, m in enumerate(MONTHS_ID, 1)} | {
    m[:3].lower(): i for i, m in enumerate(MONTHS_EN, 1)} | {"agt": 8}

__all__ = ["DATE_HEADERS", "BadCells", "Demographic", "Survey", "UnsurColumn", "load_survey", "parse_survey"]


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
                sheet: str | None = None) -> Survey:
    """Read and check a CSV or XLSX survey export for `method`. Errors carry both languages (compliance.messages)."""
    return parse_survey(read_table(path, sheet=sheet), method, columns=columns or {})


def parse_survey(table: Table, method: Method, *, columns: Mapping[str, str]) -> Survey:
    """Find the unsur columns, check every answer, and collect demographics and the survey period."""
    unsur_columns = find_unsur_columns(table, method, columns)
    used = {c.column for c in unsur_columns}
    date_column = next((i for i, h in enumerate(table.headers, 1)
                        if i not in used and normal(h) in DATE_HEADERS), None)
    other = [i for i in range(1, len(table.headers) + 1) if i not in used and i != date_column]

    responses = read_answers(table, [c.column for c in unsur_columns])
    answered_rows = [(row_number, cells) for (row_number, cells), answers in zip(table.rows, responses, strict=True)
                     if any(a is not None for a in answers)]
    if not responses:
        raise SurveyError(both(f"tidak ada baris jawaban di bawah baris judul (baris {table.header_row})",
                               f"has no response rows below the header (row {table.header_row})"),
                          file=table.file, line=table.header_row + 1)
    for index, column in enumerate(unsur_columns):
        if all(r[index] is None for r in responses):
            raise SurveyError(
                both(f'kolom {column_letter(column.column)} "{column.header}" ({column.unsur} '
                     f"{method.unsur[index]}) tidak berisi satu jawaban pun",
                    f'column {column_letter(column.column)} "{column.header}" ({column.unsur} '
                    f"{method.unsur[index]}) has no answers at all"),
                file=table.file, line=table.header_row, column=column.column)

    # A column without a header is reported only when it holds something.
    demographics = tuple(d for d in (demographic(table, i, answered_rows) for i in other)
                         if d.header or d.blank < len(answered_rows))
    period = None
    if date_column is not None:
        dates = _dates(table, date_column, answered_rows)
        if dates:
            period = (min(dates), max(dates))
    return Survey(
        file=table.file, kind=table.kind, sha256=table.sha256, sheet=table.sheet, columns=unsur_columns,
        responses=tuple(responses), demographics=demographics,
        date_header=table.headers[date_column - 1] if date_column is not None else None, period=period,
    )


def _dates(table: Table, column: int, rows: Iterable[tuple[int, tuple[CellValue, ...]]]) -> list[dt.date]:
    """The response dates. d/m/Y or m/d/Y is decided per column: day first unless a value shows otherwise."""
    header = table.headers[column - 1]
    dates: list[dt.date] = []
    ambiguous: list[tuple[int, str, int, int, int]] = []  # row, text, first, second, year

    def bad(row: int, value: CellValue) -> SurveyError:
        return SurveyError(
            at_cell(row, column, header,
                    f'"{cell_text(value)}" bukan tanggal yang dikenali (contoh: 2024-05-31 atau 31/05/2024)',
                    f'"{cell_text(value)}" is not a recognised date (e.g. 2024-05-31 or 31/05/2024)'),
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
            raise SurveyError(
                at_cell(row, column, header,
                        f'"{text}" memakai urutan bulan/hari, sedangkan baris {day_first[0][0]} memakai hari/bulan',
                        f'"{text}" is month/day but row {day_first[0][0]} is day/month'),
                file=table.file, line=row, column=column)
        for row, text, first, second, year in ambiguous:
            day, month = (second, first) if month_first else (first, second)
            try:
                dates.append(dt.date(year, month, day))
            except ValueError:
                raise bad(row, text) from None
    return dates

