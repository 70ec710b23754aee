"""Score arithmetic: exact fractions, rounded once, half-up, to 2 decimals."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol


class _Bounded(Protocol):
    """What band_index reads of a band: its inclusive lower bound."""

    @property
    def min(self) -> float: ...


def to_fraction(value: Any) -> Fraction:
    """Exact value of an int, float (its decimal literal), str, Decimal or Fraction."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    if isinstance(value, int | Decimal):
        return Fraction(value)
    return Fraction(Decimal(str(value)))


def half_up(num: int, den: int) -> int:
    """num / den rounded half-up to an integer (den > 0), in integers."""
    q, r = divmod(num, den)
    return q + 1 if 2 * r >= den else q


def round_exact(value: Fraction, places: int = 2) -> Decimal:
    """Half-up rounding of an exact fraction, without going through a float."""
    n = value * 10**places
    return Decimal(half_up(n.numerator, n.denominator)).scaleb(-places)


def band_index(bands: Sequence[_Bounded], score: Any) -> int:
    """Index (best first) of the band whose inclusive lower bound is the highest one not above the score."""
    s = round_exact(to_fraction(score))
    best: int | None = None
    for i, b in enumerate(bands):
        if s >= round_exact(to_fraction(b.min)) and (best is None or b.min > bands[best].min):
            best = i
    if best is None:
        return min(range(len(bands)), key=lambda i: bands[i].min)
    return best


def should_fail_under(score: Any, fail_under: float | None) -> bool:
    """True when a threshold is given and the rounded score is below it."""
    if fail_under is None:
        return False
    return round_exact(to_fraction(score)) < round_exact(to_fraction(fail_under))


def rounded(num: int, den: int) -> float:
    """num / den rounded half-up to 2 decimals, as a float: float(round_exact(Fraction(num, den))) without a
    Fraction (both are the double nearest to the rounded hundredths)."""
    return half_up(num * 100, den) / 100
