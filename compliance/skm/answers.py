"""The answers of one unsur column: numbers 1–4 or scale words (scales.py), each bad cell an error at its cell.

All bad cells of a survey are collected, not only the first: `BadCells` carries the first `MAX_REPORTED` of
them in spreadsheet order and the total count, so that the unit's staff can fix the export in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from compliance.errors import SurveyError
from compliance.skm.ikm import MAX_ANSWER, MIN_ANSWER
from compliance.skm.lang import Lang, say, where
from compliance.skm.scales import answer_key, column_scale, example_scales, read_words, scale_text
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

    def __init__(self, errors: Sequence[SurveyError], total: int, lang: Lang) -> None:
        first = errors[0]
        more = total - 1
        message = first.message if not more else first.message + say(
            lang, f" (dan {more} sel lain yang tidak dapat dibaca)", f" (and {more} more cells that cannot be read)")
        super().__init__(message, file=first.file, line=first.line, column=first.column)
        self.errors = tuple(errors)
        self.total = total
        self.summary = say(lang, f"{total} jawaban tidak dapat dibaca" + (
            f"; {len(errors)} yang pertama ditampilkan" if total > len(errors) else ""),
            f"{total} answers cannot be read" + (
                f"; the first {len(errors)} are shown" if total > len(errors) else ""))


def read_column(table: Table, column: int, lang: Lang) -> tuple[list[int | None], list[SurveyError], int]:
    """One unsur column: the answers (None = blank), the first MAX_REPORTED errors and the number of bad cells."""
    values: list[int | None] = []
    errors: list[SurveyError] = []
    bad = 0
    worded: list[tuple[int, int, str, str]] = []  # (index, row, text, key)

    def fail(row: int, id_text: str, en_text: str) -> None:
        nonlocal bad
        bad += 1
        if len(errors) < MAX_REPORTED:
            here = where(lang, row, column, table.headers[column - 1])
            errors.append(SurveyError(f"{here}: " + say(lang, id_text, en_text), file=table.file, line=row,
                                      column=column))

    for row, cells in table.rows:
        value = cells[column - 1]
        if value is None:
            values.append(None)
        elif type(value) in (int, str) and value in _PLAIN_ANSWERS:  # the common case, kept fast
            values.append(_PLAIN_ANSWERS[value])
        elif isinstance(value, str) and not _NUMBER_TEXT.fullmatch(value):
            worded.append((len(values), row, value, answer_key(value)))
            values.append(None)
        else:
            number, problem = _number(value)
            if problem:
                fail(row, *problem)
            values.append(number)
    if worded:
        readings = read_words(key for *_, key in worded)
        scale = column_scale(key for *_, key in worded)
        known_id = f"skala kolom ini: {', '.join(scale)}" if scale else f"seperti {example_scales()}"
        known_en = f"this column's scale: {', '.join(scale)}" if scale else f"such as {example_scales()}"
        for index, row, text, key in worded:
            reading = readings.get(key)
            if reading is None:
                fail(row, f'jawaban "{text}" bukan angka {_SCALE} dan bukan jawaban skala yang dikenali ({known_id})',
                     f'answer "{text}" is not a number {_SCALE} nor a known scale answer ({known_en})')
            elif reading.value is None:
                options = " atau ".join(f"{v} (skala {scale_text(s)})" for v, s in reading.choices)
                options_en = " or ".join(f"{v} (scale {scale_text(s)})" for v, s in reading.choices)
                fail(row, f'jawaban "{text}" bisa bernilai {options}, dan jawaban lain di kolom ini tidak '
                          f"menentukan skalanya; ganti jawaban kolom ini dengan angka {_SCALE}",
                     f'answer "{text}" can be worth {options_en}, and the other answers in this column do not '
                     f"settle the scale; replace this column's answers with numbers {_SCALE}")
            else:
                values[index] = reading.value
    return values, errors, bad


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


def read_answers(table: Table, columns: Sequence[int], lang: Lang) -> list[tuple[int | None, ...]]:
    """The answer rows (one per data row, in `columns` order); BadCells lists every cell that cannot be read."""
    per_column: list[list[int | None]] = []
    errors: list[SurveyError] = []
    total = 0
    for column in columns:
        values, column_errors, bad = read_column(table, column, lang)
        per_column.append(values)
        errors += column_errors
        total += bad
    if errors:
        errors.sort(key=lambda e: (e.line, e.column))
        raise BadCells(errors[:MAX_REPORTED], total, lang)
    return list(zip(*per_column, strict=True)) if per_column else [() for _ in table.rows]
