"""The fixed words every output shares (terminal text, reports, SKM): languages, zone and status names. Plain data.

Indonesian first, English second. Plain dictionaries (no models), so that importing them costs nothing.
"""

from __future__ import annotations

from compliance.messages import LANGS, Lang

# A word per language: {"id": ..., "en": ...}.
Words = dict[str, str]

ZONE_NAMES: dict[str, Words] = {
    "green": {"id": "Zona Hijau", "en": "Green zone"},
    "yellow": {"id": "Zona Kuning", "en": "Yellow zone"},
    "red": {"id": "Zona Merah", "en": "Red zone"},
}
STATUS_NAMES: dict[str, Words] = {
    "met": {"id": "Terpenuhi", "en": "Met"},
    "partial": {"id": "Sebagian", "en": "Partial"},
    "unmet": {"id": "Tidak terpenuhi", "en": "Not met"},
    "not_applicable": {"id": "Tidak berlaku", "en": "Not applicable"},
    "unknown": {"id": "Belum diketahui", "en": "Unknown"},
}
NONE_MARK = "—"                                       # printed where there is no value
NOT_GIVEN: Words = {"id": "tidak diisi", "en": "not given"}


def word(words: Words, lang: str) -> str:
    """The word in `lang`, Indonesian when there is none in that language."""
    return words.get(lang) or words["id"]


# The unit kinds of a rule set that declares none (metadata.unit_kinds) anywhere in its extends chain.
DEFAULT_UNIT_KINDS: tuple[str, ...] = (
    "dinas", "badan", "kecamatan", "kelurahan", "rsud", "puskesmas",
    "sekretariat", "inspektorat", "kantor", "upt",
)

__all__ = ["DEFAULT_UNIT_KINDS", "LANGS", "NONE_MARK", "NOT_GIVEN", "STATUS_NAMES", "ZONE_NAMES", "Lang", "Words",
           "word"]
