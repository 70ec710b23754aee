"""The IKM arithmetic of a Survei Kepuasan Masyarakat: methods, exact NRR/IKM, categories, sample size. Pure.

Every value is an exact `Fraction` until it is shown. Rounding happens once, half-up, through
`round_half_up()`; classification uses the converted score rounded to 2 decimals, which is the number a
reader sees, so a printed 88.31 is always mutu A (docs/methods.md#skm-methods; docs/skm.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

MIN_ANSWER, MAX_ANSWER = 1, 4
CONVERSION_FACTOR = 25

# Krejcie & Morgan (1970): S = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), docs/methods.md#sample-size.
KM_CHI_SQUARE = Fraction("3.841")
KM_PROPORTION = Fraction(1, 2)
KM_MARGIN = Fraction(5, 100)


@dataclass(frozen=True)
class Category:
    """One row of a method's category table; `lower` is the inclusive lower bound of the converted score."""

    mutu: str
    lower: Decimal
    kinerja: str
    kinerja_en: str


@dataclass(frozen=True)
class Method:
    """An SKM/IKM method: its unsur (U1..Un in order) and its category table (best category first)."""

    id: str
    title: str
    unsur: tuple[str, ...]
    categories: tuple[Category, ...]

    @property
    def size(self) -> int:
        return len(self.unsur)

    @property
    def unsur_ids(self) -> tuple[str, ...]:
        return tuple(f"U{i}" for i in range(1, self.size + 1))


_TABLE_2017 = (
    Category("A", Decimal("88.31"), "Sangat Baik", "Very good"),
    Category("B", Decimal("76.61"), "Baik", "Good"),
    Category("C", Decimal("65.00"), "Kurang Baik", "Less than good"),
    Category("D", Decimal("25.00"), "Tidak Baik", "Not good"),
)
_TABLE_2004 = (
    Category("A", Decimal("81.26"), "Sangat Baik", "Very good"),
    Category("B", Decimal("62.51"), "Baik", "Good"),
    Category("C", Decimal("43.76"), "Kurang Baik", "Less than good"),
    Category("D", Decimal("25.00"), "Tidak Baik", "Not good"),
)
_UNSUR_2017 = (
    "Persyaratan",
    "Sistem, Mekanisme, dan Prosedur",
    "Waktu Penyelesaian",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Penanganan Pengaduan, Saran dan Masukan",
    "Sarana dan Prasarana",
)
# PermenPANRB 16/2014 had Maklumat Pelayanan in place of Sarana dan Prasarana; names and order as units that applied
# it published them, Maklumat Pelayanan U8 before the complaints unsur U9 (docs/methods.md#permenpanrb-162014).
_UNSUR_2014 = (
    "Persyaratan",
    "Prosedur",
    "Waktu Pelayanan",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Maklumat Pelayanan",
    "Penanganan Pengaduan, Saran dan Masukan",
)
_UNSUR_2004 = (
    "Prosedur Pelayanan",
    "Persyaratan Pelayanan",
    "Kejelasan Petugas",
    "Kedisiplinan Petugas",
    "Tanggung Jawab Petugas",
    "Kemampuan Petugas",
    "Kecepatan Pelayanan",
    "Keadilan Mendapatkan Pelayanan",
    "Kesopanan dan Keramahan Petugas",
    "Kewajaran Biaya",
    "Kepastian Biaya",
    "Kepastian Jadwal",
    "Kenyamanan Lingkungan",
    "Keamanan Pelayanan",
)

METHODS: dict[str, Method] = {
    m.id: m
    for m in (
        Method("permenpanrb-14-2017", "PermenPANRB 14/2017", _UNSUR_2017, _TABLE_2017),
        # Inferred from published reports, the annex was not found: 16/2014 kept the 2004-style category table
        # (reports call 75.98-76.47 "Baik": B from 62.51, C under 14/2017; docs/methods.md#permenpanrb-162014).
        Method("permenpanrb-16-2014", "PermenPANRB 16/2014", _UNSUR_2014, _TABLE_2004),
        Method("kepmenpan-25-2004", "KepmenPAN 25/KEP/M.PAN/2/2004", _UNSUR_2004, _TABLE_2004),
    )
}
DEFAULT_METHOD = "permenpanrb-14-2017"


def get_method(method_id: str) -> Method:
    """The method with this id; KeyError names the known ids."""
    try:
        return METHODS[method_id]
    except KeyError:
        raise KeyError(f"unknown SKM method {method_id!r}; known: {', '.join(sorted(METHODS))}") from None


def round_half_up(value: Fraction, places: int) -> Decimal:
    """Round an exact value half-up (halves away from zero) to `places` decimals."""
    scaled = abs(value) * 10**places
    digits = math.floor(scaled + Fraction(1, 2))
    return Decimal(-digits if value < 0 else digits).scaleb(-places)


def classify(converted: Decimal, method: Method) -> Category:
    """The category of a converted score (already rounded to 2 decimals); lower bounds are inclusive."""
    for category in method.categories:
        if converted >= category.lower:
            return category
    lowest = method.categories[-1].lower
    raise ValueError(f"converted score {converted} is below the lowest category ({lowest})")


def krejcie_morgan(population: int) -> int:
    """The Krejcie & Morgan sample size for a population of N, the formula rounded half-up to an integer.

    Rounding to the nearest integer (not up) is what reproduces the published table: N=20 gives 19.06 → 19.
    """
    if population < 1:
        raise ValueError("population must be at least 1")
    pq = KM_PROPORTION * (1 - KM_PROPORTION)
    s = KM_CHI_SQUARE * population * pq / (KM_MARGIN**2 * (population - 1) + KM_CHI_SQUARE * pq)
    return int(round_half_up(s, 0))


@dataclass(frozen=True)
class UnsurResult:
    """The answers to one unsur and its exact NRR (mean answer)."""

    id: str
    number: int
    name: str
    answers: int
    blanks: int
    total: int
    nrr: Fraction
    weighted: Fraction


@dataclass(frozen=True)
class SampleResult:
    """Sample size against Krejcie & Morgan for a given population."""

    population: int
    required: int
    respondents: int

    @property
    def adequate(self) -> bool:
        return self.respondents >= self.required


@dataclass(frozen=True)
class SkmResult:
    """The outcome of one survey under one method; exact values plus their rounded display forms."""

    method: Method
    respondents: int
    skipped_rows: int
    unsur: tuple[UnsurResult, ...]
    ikm: Fraction
    converted: Fraction
    category: Category
    priority: UnsurResult
    sample: SampleResult | None

    @property
    def ikm_display(self) -> Decimal:
        return round_half_up(self.ikm, 4)

    @property
    def converted_display(self) -> Decimal:
        return round_half_up(self.converted, 2)


Answer = int | None


def compute(responses: Sequence[Sequence[Answer]], method: Method, *,
            population: int | None = None) -> SkmResult:
    """Score a response matrix (one row per respondent, one answer 1–4 or None per unsur, in U1..Un order).

    Rows without any answer are skipped and counted. Raises ValueError for a malformed matrix or an unsur
    that nobody answered; readers check these first and report them with a position.
    """
    n = method.size
    totals = [0] * n
    answers = [0] * n
    blanks = [0] * n
    respondents = skipped = 0
    for index, row in enumerate(responses):
        if len(row) != n:
            raise ValueError(f"response {index + 1} has {len(row)} answers; {method.id} has {n} unsur")
        if all(a is None for a in row):
            skipped += 1
            continue
        respondents += 1
        for i, a in enumerate(row):
            if a is None:
                blanks[i] += 1
                continue
            if isinstance(a, bool) or not isinstance(a, int) or not MIN_ANSWER <= a <= MAX_ANSWER:
                raise ValueError(f"response {index + 1}, U{i + 1}: answer {a!r} is not an integer 1–4")
            totals[i] += a
            answers[i] += 1
    results = []
    weight = Fraction(1, n)
    for i in range(n):
        if answers[i] == 0:
            raise ValueError(f"U{i + 1} ({method.unsur[i]}) has no answers")
        nrr = Fraction(totals[i], answers[i])
        results.append(UnsurResult(
            id=f"U{i + 1}", number=i + 1, name=method.unsur[i], answers=answers[i], blanks=blanks[i],
            total=totals[i], nrr=nrr, weighted=nrr * weight,
        ))
    ikm = sum((r.weighted for r in results), Fraction(0))
    converted = ikm * CONVERSION_FACTOR
    category = classify(round_half_up(converted, 2), method)
    # Weakest unsur first; ties go to the lowest unsur number.
    priority = min(results, key=lambda r: (r.nrr, r.number))
    sample = None
    if population is not None:
        sample = SampleResult(population=population, required=krejcie_morgan(population),
                              respondents=respondents)
    return SkmResult(
        method=method, respondents=respondents, skipped_rows=skipped, unsur=tuple(results), ikm=ikm,
        converted=converted, category=category, priority=priority, sample=sample,
    )
