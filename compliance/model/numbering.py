"""The document number of a unit report and a signatory's NIP (pure, no pydantic: `compliance lint` reads it).

The number is a pattern filled from the unit and the round, never from a clock or a counter kept somewhere: the
same inputs give the same number. `seq` is the unit's position (from 1) among the round's units sorted by id.
"""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from compliance.messages import Msg

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
NUMBER_FIELDS = ("seq", "year", "month", "month_roman", "unit", "kind")
# Values used to check a pattern before any unit is known (each field with the type it will have).
_SAMPLE: dict[str, Any] = {"seq": 1, "year": 2024, "month": 9, "month_roman": "IX", "unit": "unit-id", "kind": "kind"}


def pattern_problem(pattern: str) -> Msg | None:
    """Why a document-number pattern cannot be used (an unknown field, a bad format spec), or None."""
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        return Msg("pola {p!r} bukan pola yang sah ({e})", "the pattern {p!r} is not a valid pattern ({e})", p=pattern,
                   e=str(exc))
    for _, name, _, _ in parsed:
        if name is None:
            continue
        if name not in NUMBER_FIELDS:
            known = ", ".join("{" + f + "}" for f in NUMBER_FIELDS)
            return Msg("kolom {{{n}}} yang tidak dikenal dalam pola {p!r}; kolom yang dikenal: {k}",
                       "unknown field {{{n}}} in the pattern {p!r}; known fields: {k}", n=name, p=pattern, k=known)
    try:
        pattern.format(**_SAMPLE)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        return Msg("pola {p!r} tidak dapat diisi ({e})", "the pattern {p!r} cannot be filled ({e})", p=pattern,
                   e=str(exc))
    return None


def pattern_fields(pattern: str) -> set[str]:
    """The fields a (valid) pattern names."""
    return {name for _, name, _, _ in string.Formatter().parse(pattern) if name}


def number_fields(*, seq: int, as_of: dt.date, unit: str, kind: str) -> dict[str, Any]:
    """The values a pattern is filled with, for one unit of one round."""
    return {"seq": seq, "year": as_of.year, "month": as_of.month, "month_roman": ROMAN_MONTHS[as_of.month - 1],
            "unit": unit, "kind": kind}


def document_number(pattern: str, *, seq: int, as_of: dt.date, unit: str, kind: str) -> str:
    """The document number of one unit's report (the pattern is checked when the configuration is loaded)."""
    return pattern.format(**number_fields(seq=seq, as_of=as_of, unit=unit, kind=kind))


def nip_problem(nip: str) -> Msg | None:
    """A civil servant's NIP has 18 digits (birth date, appointment month, sex, number); spaces are allowed."""
    digits = nip.replace(" ", "")
    if not (digits.isascii() and digits.isdigit() and len(digits) == 18):
        return Msg("NIP {n!r} tidak terdiri dari 18 angka", "NIP {n!r} does not have 18 digits", n=nip)
    return None


__all__ = ["NUMBER_FIELDS", "ROMAN_MONTHS", "document_number", "nip_problem", "number_fields", "pattern_fields",
           "pattern_problem"]
