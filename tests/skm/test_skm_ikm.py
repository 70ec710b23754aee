"""The IKM arithmetic: categories, exact fractions, rounding, priority, Krejcie & Morgan."""

from __future__ import annotations

import math
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.skm.ikm import (
    METHODS,
    classify,
    compute,
    get_method,
    krejcie_morgan,
    round_half_up,
)

M2017 = METHODS["permenpanrb-14-2017"]
M2014 = METHODS["permenpanrb-16-2014"]
M2004 = METHODS["kepmenpan-25-2004"]


def matrix(method, respondents: int, total: int) -> list[list[int]]:
    """A full answer matrix (no blanks) whose answers add up to `total`; IKM = total / (n · respondents)."""
    n = method.size
    assert n * respondents <= total <= 4 * n * respondents
    rows = [[1] * n for _ in range(respondents)]
    extra = total - n * respondents
    for r in range(respondents):
        for c in range(n):
            step = min(3, extra)
            rows[r][c] += step
            extra -= step
    assert extra == 0
    return rows


def find_total(method, target: str, *, max_respondents: int = 500) -> tuple[int, int]:
    """The fewest respondents (and their answer total) whose converted score rounds half-up to `target`."""
    wanted = Decimal(target)
    low = Fraction(target) - Fraction(1, 200)  # the smallest value that rounds half-up to target
    for k in range(1, max_respondents + 1):
        total = math.ceil(low * method.size * k / 25)
        if round_half_up(Fraction(25 * total, method.size * k), 2) == wanted:
            return k, total
    raise AssertionError(f"no matrix reaches {target}")


# --- category tables ------------------------------------------------------------------------------

BOUNDARIES_2017 = [
    ("100.00", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"),
    ("65.00", "C"), ("64.99", "D"), ("25.00", "D"),
]
BOUNDARIES_2004 = [
    ("100.00", "A"), ("81.26", "A"), ("81.25", "B"), ("62.51", "B"), ("62.50", "C"),
    ("43.76", "C"), ("43.75", "D"), ("25.00", "D"),
]


@pytest.mark.parametrize(("score", "mutu"), BOUNDARIES_2017)
def test_classify_2017_boundaries(score, mutu):
    assert classify(Decimal(score), M2017).mutu == mutu


@pytest.mark.parametrize(("score", "mutu"), BOUNDARIES_2004)
def test_classify_2014_uses_the_2004_table(score, mutu):
    # 16/2014 kept the 2004-style intervals (inferred from published reports; docs/methods.md#permenpanrb-162014)
    assert classify(Decimal(score), M2014).mutu == mutu


@pytest.mark.parametrize("score", ["75.98", "76.04", "76.47"])
def test_2014_reported_scores_are_baik(score):
    # Units that applied 16/2014 published these converted scores as "Baik"; under 14/2017 they would be C.
    category = classify(Decimal(score), M2014)
    assert (category.mutu, category.kinerja) == ("B", "Baik")
    assert classify(Decimal(score), M2017).mutu == "C"


def test_2014_survey_of_76_04_is_b():
    k, total = find_total(M2014, "76.04")
    result = compute(matrix(M2014, k, total), M2014)
    assert str(result.converted_display) == "76.04"
    assert (result.category.mutu, result.category.kinerja) == ("B", "Baik")


@pytest.mark.parametrize(("score", "mutu"), BOUNDARIES_2004)
def test_classify_2004_boundaries(score, mutu):
    assert classify(Decimal(score), M2004).mutu == mutu


def test_kinerja_labels():
    assert [c.kinerja for c in M2017.categories] == ["Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik"]
    assert [c.kinerja for c in M2004.categories] == ["Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik"]


def test_below_the_scale_is_an_error():
    with pytest.raises(ValueError, match="below the lowest category"):
        classify(Decimal("24.99"), M2017)


@pytest.mark.parametrize("score", ["81.30", "85.00", "88.30"])
def test_same_score_differs_between_2004_and_2017(score):
    assert classify(Decimal(score), M2004).mutu == "A"
    assert classify(Decimal(score), M2017).mutu == "B"


@pytest.mark.parametrize(("method", "target", "mutu"), [
    (M2017, "88.31", "A"), (M2017, "88.30", "B"), (M2017, "76.61", "B"), (M2017, "76.60", "C"),
    (M2017, "65.00", "C"), (M2017, "64.99", "D"),
    (M2004, "81.26", "A"), (M2004, "81.25", "B"), (M2004, "62.51", "B"), (M2004, "62.50", "C"),
    (M2004, "43.76", "C"), (M2004, "43.75", "D"),
    (M2014, "81.26", "A"), (M2014, "81.25", "B"), (M2014, "62.51", "B"), (M2014, "62.50", "C"),
    (M2014, "43.76", "C"), (M2014, "43.75", "D"),
])
def test_computed_surveys_on_both_sides_of_each_boundary(method, target, mutu):
    k, total = find_total(method, target)
    result = compute(matrix(method, k, total), method)
    assert str(result.converted_display) == target
    assert result.category.mutu == mutu


def test_exact_boundary_values_are_reached_exactly():
    # 2004, two respondents: converted = 25·T/28. T = 91 gives exactly 81.25 (B), T = 49 exactly 43.75 (D).
    assert compute(matrix(M2004, 2, 91), M2004).converted == Fraction("81.25")
    assert compute(matrix(M2004, 2, 91), M2004).category.mutu == "B"
    assert compute(matrix(M2004, 2, 49), M2004).converted == Fraction("43.75")
    assert compute(matrix(M2004, 2, 49), M2004).category.mutu == "D"
    # 2017, five respondents: converted = 25·S/45. S = 117 gives exactly 65.00 (C); S = 116 gives 64.44 (D).
    assert compute(matrix(M2017, 5, 117), M2017).converted == 65
    assert compute(matrix(M2017, 5, 117), M2017).category.mutu == "C"
    assert compute(matrix(M2017, 5, 116), M2017).category.mutu == "D"


# --- exact arithmetic -----------------------------------------------------------------------------

@pytest.mark.parametrize("method", [M2017, M2014, M2004])
def test_perfect_survey_is_exactly_100(method):
    result = compute([[4] * method.size] * 7, method)
    assert result.ikm == 4
    assert result.converted == 100
    assert str(result.converted_display) == "100.00"
    assert result.category.mutu == "A"
    # the printed weight 0.111 would give 99.90 instead
    assert round_half_up(Fraction("0.111") * 4 * 9 * 25, 2) == Decimal("99.90")


@pytest.mark.parametrize("method", [M2017, M2004])
def test_worst_survey_is_exactly_25(method):
    result = compute([[1] * method.size] * 3, method)
    assert result.converted == 25
    assert result.category.mutu == "D"


def test_printed_weight_would_change_the_category():
    # exact 88.31 ≤ x < 88.40: with the printed weight 0.111 (×0.999) the score drops below 88.31 (B).
    k, total = find_total(M2017, "88.33")
    result = compute(matrix(M2017, k, total), M2017)
    assert result.category.mutu == "A"
    printed = sum(Fraction("0.111") * u.nrr for u in result.unsur) * 25
    assert printed != result.converted
    assert classify(round_half_up(printed, 2), M2017).mutu == "B"


def test_nrr_and_ikm_values():
    rows = [
        [4, 3, 3, 4, 3, 3, 4, 2, 3],
        [3, 3, 2, 4, 3, 4, 4, 3, 3],
        [4, 2, 3, 4, 3, 3, 3, 2, 2],
    ]
    result = compute(rows, M2017)
    assert [u.nrr for u in result.unsur] == [
        Fraction(11, 3), Fraction(8, 3), Fraction(8, 3), 4, 3, Fraction(10, 3), Fraction(11, 3),
        Fraction(7, 3), Fraction(8, 3),
    ]
    assert result.ikm == Fraction(28, 9)  # (11+8+8+12+9+10+11+7+8)/3 NRR points × 1/9
    assert result.converted == Fraction(700, 9)
    assert str(result.ikm_display) == "3.1111"
    assert str(result.converted_display) == "77.78"
    assert result.category.mutu == "B"
    assert result.respondents == 3


@pytest.mark.parametrize(("value", "places", "expected"), [
    (Fraction(1, 200), 2, "0.01"),         # 0.005 → 0.01 (half-up, not banker's)
    (Fraction(88305, 1000), 2, "88.31"),
    (Fraction(88304999, 1000000), 2, "88.30"),
    (Fraction(2125, 27), 2, "78.70"),
    (Fraction(100), 2, "100.00"),
    (Fraction(1, 3), 4, "0.3333"),
    (Fraction(39, 2), 0, "20"),
])
def test_round_half_up(value, places, expected):
    assert str(round_half_up(value, places)) == expected


# --- blanks and priority --------------------------------------------------------------------------

def test_blanks_are_excluded_per_unsur_and_blank_rows_skipped():
    rows = [
        [4, 3, 3, 4, 3, 3, 4, None, 3],
        [2, 3, 3, 4, 3, 3, 4, 2, 3],
        [None] * 9,
        [3, 3, 3, 4, 3, 3, 4, None, 3],
    ]
    result = compute(rows, M2017)
    assert result.respondents == 3
    assert result.skipped_rows == 1
    u8 = result.unsur[7]
    assert (u8.answers, u8.blanks, u8.nrr) == (1, 2, 2)
    assert result.unsur[0].nrr == 3
    assert result.priority.id == "U8"


def test_unsur_without_answers_is_an_error():
    with pytest.raises(ValueError, match="U9"):
        compute([[3] * 8 + [None]], M2017)


def test_wrong_width_and_bad_answers_are_errors():
    with pytest.raises(ValueError, match="9 unsur"):
        compute([[3] * 8], M2017)
    with pytest.raises(ValueError, match="not an integer 1–4"):
        compute([[3] * 8 + [5]], M2017)
    with pytest.raises(ValueError, match="not an integer 1–4"):
        compute([[3] * 8 + [True]], M2017)


def test_priority_ties_go_to_the_lowest_unsur_number():
    rows = [[4, 4, 2, 4, 2, 4, 4, 2, 4]]
    assert compute(rows, M2017).priority.id == "U3"
    rows = [[4] * 13 + [1]]
    assert compute(rows, M2004).priority.id == "U14"


# --- methods --------------------------------------------------------------------------------------

def test_methods_unsur_lists():
    assert M2017.size == 9 and M2017.unsur[8] == "Sarana dan Prasarana"
    assert M2014.size == 9 and "Sarana dan Prasarana" not in M2014.unsur
    assert M2004.size == 14
    assert (M2004.unsur[0], M2004.unsur[13]) == ("Prosedur Pelayanan", "Keamanan Pelayanan")
    assert M2004.unsur_ids[-1] == "U14"
    with pytest.raises(KeyError, match="known"):
        get_method("permenpanrb-99-2030")


def test_2014_unsur_names_and_order():
    # As units that applied 16/2014 published them: Maklumat Pelayanan U8, complaints U9, no Sarana dan Prasarana.
    assert dict(zip(M2014.unsur_ids, M2014.unsur, strict=True)) == {
        "U1": "Persyaratan",
        "U2": "Prosedur",
        "U3": "Waktu Pelayanan",
        "U4": "Biaya/Tarif",
        "U5": "Produk Spesifikasi Jenis Pelayanan",
        "U6": "Kompetensi Pelaksana",
        "U7": "Perilaku Pelaksana",
        "U8": "Maklumat Pelayanan",
        "U9": "Penanganan Pengaduan, Saran dan Masukan",
    }


def test_2014_results_carry_the_2014_names():
    rows = [[4, 4, 4, 4, 4, 4, 4, 2, 2]]
    result = compute(rows, M2014)
    assert (result.unsur[7].id, result.unsur[7].name) == ("U8", "Maklumat Pelayanan")
    assert (result.unsur[8].id, result.unsur[8].name) == ("U9", "Penanganan Pengaduan, Saran dan Masukan")
    assert result.priority.name == "Maklumat Pelayanan"  # the tie between U8 and U9 goes to U8


# --- Krejcie & Morgan -----------------------------------------------------------------------------

KM_TABLE = {
    10: 10, 20: 19, 30: 28, 50: 44, 75: 63, 100: 80, 150: 108, 200: 132, 300: 169, 400: 196, 500: 217,
    750: 254, 1000: 278, 1500: 306, 2000: 322, 3000: 341, 5000: 357, 10000: 370, 20000: 377, 50000: 381,
    1_000_000: 384,
}


@pytest.mark.parametrize(("population", "sample"), sorted(KM_TABLE.items()))
def test_krejcie_morgan_table(population, sample):
    assert krejcie_morgan(population) == sample


def test_krejcie_morgan_ceil_would_not_reproduce_the_table():
    # Why the formula is rounded to the nearest integer: rounding up gives 20 for N = 20, the table says 19.
    pq = Fraction(1, 4)
    raw = Fraction("3.841") * 20 * pq / (Fraction(1, 400) * 19 + Fraction("3.841") * pq)
    assert math.ceil(raw) == 20 != KM_TABLE[20]


def test_sample_adequacy():
    rows = [[3] * 9] * 80
    assert compute(rows, M2017, population=100).sample.adequate is True
    assert compute(rows, M2017, population=101).sample.required == 80
    assert compute(rows, M2017, population=102).sample.adequate is False  # 102 → 81 needed
    assert compute(rows, M2017).sample is None
    with pytest.raises(ValueError):
        krejcie_morgan(0)


# --- properties -----------------------------------------------------------------------------------

@st.composite
def answer_matrices(draw):
    method = draw(st.sampled_from([M2017, M2004]))
    rows = draw(st.lists(
        st.lists(st.one_of(st.integers(1, 4), st.none()), min_size=method.size, max_size=method.size),
        min_size=1, max_size=25))
    # every unsur needs at least one answer
    rows.append(draw(st.lists(st.integers(1, 4), min_size=method.size, max_size=method.size)))
    return method, rows


@settings(max_examples=150, deadline=None)
@given(answer_matrices(), st.randoms(use_true_random=False))
def test_converted_is_within_scale_and_row_order_does_not_matter(case, rnd: random.Random):
    method, rows = case
    result = compute(rows, method)
    assert 25 <= result.converted <= 100
    assert 1 <= result.ikm <= 4
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert compute(shuffled, method) == result
