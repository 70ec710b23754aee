from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from compliance.model.scoring import round_exact, should_fail_under, to_fraction


@pytest.mark.parametrize(("value", "expected"), [
    (Fraction(1, 200), "0.01"),      # half-up, exactly
    (Fraction(1, 201), "0.00"),
    (Fraction(7799, 100), "77.99"),
    (Fraction(155979, 2000), "77.99"),   # 77.9895
    (Fraction(155990, 2000), "78.00"),   # 77.995
    (Fraction(100), "100.00"),
])
def test_round_exact_half_up(value: Fraction, expected: str) -> None:
    assert round_exact(value) == Decimal(expected)


def test_to_fraction_uses_the_decimal_literal_of_floats() -> None:
    assert to_fraction(0.1) == Fraction(1, 10)
    assert to_fraction(21.85) == Fraction(2185, 100)


def test_should_fail_under() -> None:
    assert should_fail_under(77.99, 78)
    assert not should_fail_under(78.0, 78)
    assert not should_fail_under(10, None)
