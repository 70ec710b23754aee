"""A survey `Table` (tables.py) turned into a checked `Survey`: the unsur answers, demographics, survey period.

Every problem with the answers is a `SurveyError` that names the file, the spreadsheet row (header = row 1)
and the column (letter and header), so a unit's staff can find the cell in the spreadsheet they exported.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from compliance.errors import SurveyError
from compliance.skm.ikm import MAX_ANSWER, MIN_ANSWER, Method
from compliance.skm.lang import MONTHS_EN, MONTHS_ID, Lang, column_letter, say, where
from compliance.skm.tables import CellValue, Kind, Table, cell_text, read_table

# A column with more distinct answers is free text (names, suggestions, exact ages): counted, not listed.
MAX_CATEGORIES = 30

# Headers (case-insensitive) of the column that dates each response; Google Forms writes "Timestamp"
# in English and "Stempel waktu" in Indonesian.
DATE_HEADERS = frozenset({
    "timestamp", "stempel waktu", "tanggal", "tanggal survei", "tanggal pengisian", "waktu pengisian", "date",
})

_INTEGRAL_TEXT = re.compile(r"[+-]?\d+(?:[.,]0+)?")
_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s,])")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:$|[T\s,])")
_D_MONTH_Y = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4})(?:$|[T\s,])")
_MONTH_PREFIXES = {m[:3].lower(): i for i, m in enumerate(MONTHS_ID, 1)} | {
    m[:3].lower(): i for i, m in enumerate(MONTHS_EN, 1)} | {"agt": 8}


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
        raise fail(f"jawaban {cell_text(value)!r} ({kind}) bukan angka {scale}",
                   f"answer {cell_text(value)!r} ({kind}) is not a number {scale}")
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
        text = cell_text(value) if value is not None else ""
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
            f"{here}: " + say(lang, f'"{cell_text(value)}" bukan tanggal yang dikenali (contoh: 2024-05-31 atau '
                                    "31/05/2024)",
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

