"""The columns that are not scored (Jenis Kelamin, Usia, Pendidikan, Saran, …), counted per answer. Pure.

Exact ages are grouped into ranges; free text (more than MAX_CATEGORIES different answers) and personal data
(e-mail addresses, names, telephone numbers, NIK, addresses) are counted, never listed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compliance.skm.tables import CellValue, Table, cell_text

# A column with more distinct answers is free text (names, suggestions): counted, not listed.
MAX_CATEGORIES = 30
# Age ranges (years): the project's choice, ten-year bands as SKM reports usually print them (docs/skm.md).
AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 19, "0–19"), (20, 29, "20–29"), (30, 39, "30–39"), (40, 49, "40–49"), (50, 59, "50–59"),
    (60, 120, "≥ 60"),
)

_AGE_HEADER = re.compile(r"\b(usia|umur|age)\b", re.IGNORECASE)
_AGE_VALUE = re.compile(r"(\d{1,3})(?:[.,]0+)?\s*(?:tahun|thn|th)?\.?", re.IGNORECASE)
_PERSONAL_HEADER = re.compile(
    r"e-?mail|surel|telepon|telp|\bhp\b|\bwa\b|whats ?app|\bnik\b|\bktp\b|^\s*alamat\b"
    r"|^\s*(nama|name)\b(?!\s+(jenis\s+)?(layanan|pelayanan|unit|instansi|poli|desa|kelurahan|kecamatan|service))",
    re.IGNORECASE)


@dataclass(frozen=True)
class Demographic:
    """Answer counts of one non-unsur column (e.g. Jenis Kelamin), over the scored respondents."""

    header: str
    column: int
    counts: Mapping[str, int]  # empty when free_text
    blank: int
    distinct: int
    free_text: bool


def is_personal(header: str) -> bool:
    """A column of personal data (e-mail address, name, telephone, NIK, address): never listed."""
    return bool(_PERSONAL_HEADER.search(header))


def age_band(value: CellValue) -> str | None:
    """The range of an exact age (35, "35", "35 tahun"); None for anything else (kept as written)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        years = value
    elif isinstance(value, str) and (m := _AGE_VALUE.fullmatch(value.strip())):
        years = int(m[1])
    else:
        return None
    return next((label for low, high, label in AGE_BANDS if low <= years <= high), None)


def demographic(table: Table, column: int, rows: Sequence[tuple[int, tuple[CellValue, ...]]]) -> Demographic:
    """The counts of one column over `rows`; ages grouped, free text and personal data only counted."""
    header = table.headers[column - 1]
    ages = bool(_AGE_HEADER.search(header))
    # Each distinct value is read once; keyed with its type, since True == 1 and 3 == 3.0 in Python.
    raw: Counter[tuple[type, CellValue]] = Counter((type(v), v) for v in (cells[column - 1] for _, cells in rows))
    blank = raw.pop((type(None), None), 0)
    counts: Counter[str] = Counter()
    for (_, value), times in raw.items():
        text = cell_text(value)
        if not text:
            blank += times
            continue
        counts[(age_band(value) if ages else None) or text] += times
    free_text = len(counts) > MAX_CATEGORIES or is_personal(header)
    return Demographic(
        header=header, column=column, counts={} if free_text else dict(sorted(counts.items())),
        blank=blank, distinct=len(counts), free_text=free_text,
    )
