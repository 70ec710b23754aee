"""Language of user-facing SKM text: Indonesian by default, English with `--lang en`."""

from __future__ import annotations

from typing import Literal

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")


def say(lang: Lang, indonesian: str, english: str) -> str:
    """The text in the chosen language."""
    return english if lang == "en" else indonesian


def column_letter(number: int) -> str:
    """The spreadsheet letter of a 1-based column number: 1 → A, 27 → AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def where(lang: Lang, row: int, column: int, header: str) -> str:
    """`baris 5, kolom C "Persyaratan"` — the position as a spreadsheet user reads it."""
    label = f' "{header}"' if header else ""
    return say(lang, f"baris {row}, kolom {column_letter(column)}{label}",
               f"row {row}, column {column_letter(column)}{label}")
