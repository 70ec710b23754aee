"""Dates and numbers in the reader's language, with Babel: the one formatter of the terminal text, the reports and
the SKM output (`id`: "2 November 2023", "1.234,50"; `en`: "2 November 2023", "1,234.50").

Numbers are rounded half-up here (as the engine rounds), so Babel's half-even rounding never applies. Babel is
imported by this module only; nothing on the `compliance lint` path imports it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache, lru_cache
from typing import Protocol

from babel.core import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import NumberPattern, format_decimal, parse_pattern

from compliance.model.labels import LANGS, NONE_MARK, NOT_GIVEN, STATUS_NAMES, ZONE_NAMES, Lang, word

DATE_PATTERN = "d MMMM y"


class Translated(Protocol):
    """A text with a version per language (model.ruleset.Text)."""

    def get(self, lang: str = "id") -> str: ...


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@cache
def _pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


@lru_cache(maxsize=4096)
def _number(text: str, decimals: int, lang: str) -> str:
    """The number written `text` (str() of a float, int or Decimal), rounded half-up to `decimals` places.

    Cached on the text: Babel takes several µs a number, and the same scores and gains recur in every unit.
    """
    q = Decimal(text).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return str(format_decimal(q, format=_pattern(decimals), locale=_locale(lang), decimal_quantization=True))


def month_names(lang: Lang) -> tuple[str, ...]:
    """The twelve month names, January first ("Januari", ..., "Desember")."""
    names = get_month_names("wide", locale=_locale(lang))
    return tuple(str(names[m]) for m in range(1, 13))


@dataclass(frozen=True)
class Formatter:
    """Labels, numbers and dates for one language (id or en)."""

    lang: str = "id"

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"unsupported report language {self.lang!r} (use one of {', '.join(LANGS)})")

    def date(self, d: dt.date | None) -> str:
        """ "2 November 2023"; "tidak diisi" when there is no date."""
        if d is None:
            return word(NOT_GIVEN, self.lang)
        return str(format_date(d, DATE_PATTERN, locale=_locale(self.lang)))

    def num(self, x: float | Decimal | Fraction | int | None, decimals: int = 2) -> str:
        """ "37,50" (grouped thousands, `decimals` places, half-up); "—" for no value."""
        if x is None:
            return NONE_MARK
        text = str(Decimal(x.numerator) / Decimal(x.denominator)) if isinstance(x, Fraction) else str(x)
        return _number(text, decimals, self.lang)

    def integer(self, n: int) -> str:
        return _number(str(n), 0, self.lang)

    def signed(self, x: float) -> str:
        """ "+3,70", "−3,70" (a true minus sign), "±0,00"."""
        return ("+" if x > 0 else "−" if x < 0 else "±") + self.num(abs(x))

    def pct(self, part: int, whole: int) -> str:
        """ "37,5 %"; "—" for a share of nothing."""
        if whole == 0:
            return NONE_MARK
        return self.num(Decimal(100 * part) / Decimal(whole), 1) + " %"

    def completeness(self, answered: int, total: int) -> str:
        """ "35 %": the whole percentage of facts answered, never 100 % while one is open nor 0 % once one is
        answered (half-up otherwise)."""
        if total <= 0 or answered >= total:
            return "100 %"
        whole = (200 * answered + total) // (2 * total)
        return f"{min(max(whole, 1 if answered else 0), 99)} %"

    def text(self, t: Translated | None) -> str:
        return t.get(self.lang) if t is not None else NONE_MARK

    def zone(self, zone: str) -> str:
        """ "Zona Hijau" (the badge and the terminal print it in capitals)."""
        return word(ZONE_NAMES[zone], self.lang)

    def status(self, status: str) -> str:
        """ "Tidak terpenuhi"."""
        return word(STATUS_NAMES[status], self.lang)


__all__ = ["DATE_PATTERN", "Formatter", "Translated", "month_names"]
