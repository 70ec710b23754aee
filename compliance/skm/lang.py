"""Language of user-facing SKM text: Indonesian by default, English with `--lang en`."""

from __future__ import annotations

from compliance.messages import Msg, say
from compliance.model.format import month_names
from compliance.model.labels import LANGS, Lang

# The month names that survey dates are read with: the shared (Babel) names, the same ones dates are printed with.
MONTHS_ID = month_names("id")
MONTHS_EN = month_names("en")


def both(indonesian: str, english: str) -> Msg:
    """A message in both languages, taken literally (a user's value may hold braces), rendered at the edge in the
    run's language (compliance.messages)."""
    return Msg(indonesian.replace("{", "{{").replace("}", "}}"), english.replace("{", "{{").replace("}", "}}"))


def column_letter(number: int) -> str:
    """The spreadsheet letter of a 1-based column number: 1 → A, 27 → AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def shorten(header: str, limit: int = 64) -> str:
    """A header short enough for a one-line message. A long question keeps its start and its end, where
    Google Forms questions differ: "Bagaimana pendapat … kualitas sarana dan prasarana?"."""
    text = " ".join(header.split())
    if len(text) <= limit:
        return text
    head = text[: limit // 3].rsplit(" ", 1)[0]
    start = len(text) - (limit - len(head) - 3)
    space = text.rfind(" ", len(head) + 1, start + 1)  # begin the end part at a whole word
    if space < 0 or start - space > 20:
        space = text.find(" ", start)
    tail = text[space + 1:] if space > 0 else text[start:]
    return f"{head} … {tail}"


def where(lang: Lang, row: int, column: int, header: str) -> str:
    """`baris 5, kolom C "Persyaratan"` — the position as a spreadsheet user reads it."""
    label = f' "{shorten(header)}"' if header else ""
    return say(lang, f"baris {row}, kolom {column_letter(column)}{label}",
               f"row {row}, column {column_letter(column)}{label}")



def at_cell(row: int, column: int, header: str, indonesian: str, english: str) -> Msg:
    """A message about one cell, in both languages: `baris 5, kolom C "Persyaratan": …`."""
    return both(f"{where('id', row, column, header)}: {indonesian}", f"{where('en', row, column, header)}: {english}")


__all__ = ["LANGS", "MONTHS_EN", "MONTHS_ID", "Lang", "at_cell", "both", "column_letter", "say", "shorten", "where"]
