"""The answers of one unsur column: numbers 1–4 or scale words (scales.py), each bad cell an error at its cell.

All bad cells of a survey are collected, not only the first: `BadCells` carries the first `MAX_REPORTED` of
them in spreadsheet order and the total count, so that the unit's staff can fix the export in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from compliance.errors import SurveyError
from compliance.skm.ikm import MAX_ANSWER, MIN_ANSWER
from compliance.skm.lang import at_cell, both
from compliance.skm.scales import answer_key, column_scale, example_scales, read_words, scale_text, split_number
from compliance.skm.tables import CellValue, Table, cell_text

MAX_REPORTED = 20  # bad cells listed; the rest are counted

_INTEGRAL_TEXT = re.compile(r"[+-]?\d+(?:[.,]0+)?")
_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_PLAIN_ANSWERS: dict[object, int] = {
    **{n: n for n in range(MIN_ANSWER, MAX_ANSWER + 1)}, **{str(n): n for n in range(MIN_ANSWER, MAX_ANSWER + 1)},
}
_SCALE = f"{MIN_ANSWER}–{MAX_ANSWER}"


class BadCells(SurveyError):
    """Answers that cannot be read: the first one is the message, all of them (up to a limit) are `errors`."""

    def __init__(self, errors: Sequence[SurveyError], total: int) -> None:
        first = errors[0]
        more = total - 1
        message = first.msg if not more else both(
            first.msg.render("id") + f" (dan {more} sel lain yang tidak dapat dibaca)",
            first.msg.render("en") + f" (and {more} more cells that cannot be read)")
        super().__init__(message, file=first.file, line=first.line, column=first.column)
        self.errors = tuple(errors)
        self.total = total
        shown = len(errors)
        self.summary = both(f"{total} jawaban tidak dapat dibaca" + (
            f"; {shown} yang pertama ditampilkan" if total > shown else ""),
            f"{total} answers cannot be read" + (f"; the first {shown} are shown" if total > shown else ""))

    def __reduce__(self) -> tuple[Any, ...]:  # crosses process boundaries like every ComplianceError
        return (BadCells, (self.errors, self.total))


def read_column(table: Table, column: int) -> tuple[list[int | None], list[SurveyError], int]:
    """One unsur column: the answers (None = blank), its first MAX_REPORTED errors by row and the number of bad cells.

    Each distinct cell value is read once (a survey repeats a handful of answers over thousands of rows).
    """
    values: list[int | None] = [None] * len(table.rows)
    number: int | None
    failures: list[tuple[int, str, str]] = []  # (row, Indonesian, English), every bad cell
    by_text: dict[str, list[tuple[int, int]]] = {}  # text -> [(index, row)]
    for index, (row, cells) in enumerate(table.rows):
        value = cells[column - 1]
        if value is None:
            continue
        if isinstance(value, str):
            by_text.setdefault(value, []).append((index, row))
        elif type(value) is int and value in _PLAIN_ANSWERS:  # the common case of a spreadsheet, kept fast
            values[index] = value
        else:
            number, problem = _number(value)
            if problem:
                failures.append((row, *problem))
            values[index] = number
    worded: dict[str, str] = {}  # text -> key
    for text, places in by_text.items():
        if text in _PLAIN_ANSWERS:
            number = _PLAIN_ANSWERS[text]
        elif _NUMBER_TEXT.fullmatch(text):
            number, problem = _number(text)
            if problem:
                failures.extend((row, *problem) for _, row in places)
        else:
            worded[text] = answer_key(text)
            continue
        for index, _ in places:
            values[index] = number
    if worded:
        readings = read_words(worded.values())
        scale = column_scale(worded.values())
        known_id = f"skala kolom ini: {', '.join(scale)}" if scale else f"seperti {example_scales()}"
        known_en = f"this column's scale: {', '.join(scale)}" if scale else f"such as {example_scales()}"
        for text, key in worded.items():
            reading = readings.get(key)
            written = split_number(text)[1]
            if reading is not None and reading.value is not None and written in (None, reading.value):
                for index, _ in by_text[text]:
                    values[index] = reading.value
                continue
            if reading is not None and reading.value is not None:
                word = split_number(text)[0].strip()
                problem = (f'jawaban "{text}": angka {written} tidak sama dengan nilai "{word}" ({reading.value})',
                           f'answer "{text}": the number {written} is not the value of "{word}" ({reading.value})')
            elif reading is None:
                problem = (f'jawaban "{text}" bukan angka {_SCALE} dan bukan jawaban skala yang dikenali ({known_id})',
                           f'answer "{text}" is not a number {_SCALE} nor a known scale answer ({known_en})')
            else:
                options = " atau ".join(f"{v} (skala {scale_text(s)})" for v, s in reading.choices)
                options_en = " or ".join(f"{v} (scale {scale_text(s)})" for v, s in reading.choices)
                problem = (f'jawaban "{text}" bisa bernilai {options}, dan jawaban lain di kolom ini tidak '
                           f"menentukan skalanya; ganti jawaban kolom ini dengan angka {_SCALE}",
                           f'answer "{text}" can be worth {options_en}, and the other answers in this column do not '
                           f"settle the scale; replace this column's answers with numbers {_SCALE}")
            failures.extend((row, *problem) for _, row in by_text[text])
    failures.sort(key=lambda f: f[0])
    header = table.headers[column - 1]
    errors = [SurveyError(at_cell(row, column, header, id_text, en_text), file=table.file, line=row, column=column)
              for row, id_text, en_text in failures[:MAX_REPORTED]]
    return values, errors, len(failures)


def _number(value: CellValue) -> tuple[int | None, tuple[str, str] | None]:
    """A numeric answer 1–4, or the (Indonesian, English) reason it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        kind = type(value).__name__
        return None, (f"jawaban {cell_text(value)!r} ({kind}) bukan angka {_SCALE}",
                      f"answer {cell_text(value)!r} ({kind}) is not a number {_SCALE}")
    if isinstance(value, str):
        if not _INTEGRAL_TEXT.fullmatch(value):
            return None, (f"jawaban {value} bukan bilangan bulat {_SCALE}",
                          f"answer {value} is not a whole number {_SCALE}")
        number = int(value.replace(",", ".").split(".")[0])
    elif isinstance(value, float):
        if not value.is_integer():
            return None, (f"jawaban {value:g} bukan bilangan bulat {_SCALE}",
                          f"answer {value:g} is not a whole number {_SCALE}")
        number = int(value)
    else:
        number = value
    if not MIN_ANSWER <= number <= MAX_ANSWER:
        return None, (f"jawaban {number} di luar skala {_SCALE}", f"answer {number} is outside the scale {_SCALE}")
    return number, None


def read_answers(table: Table, columns: Sequence[int]) -> list[tuple[int | None, ...]]:
    """The answer rows (one per data row, in `columns` order); BadCells lists every cell that cannot be read."""
    per_column: list[list[int | None]] = []
    errors: list[SurveyError] = []
    total = 0
    for column in columns:
        values, column_errors, bad = read_column(table, column)
        per_column.append(values)
        errors += column_errors
        total += bad
    if errors:
        errors.sort(key=lambda e: (e.line, e.column))
        raise BadCells(errors[:MAX_REPORTED], total)
    return list(zip(*per_column, strict=True)) if per_column else [() for _ in table.rows]
