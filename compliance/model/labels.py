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


# Why an indicator does not apply, as the engine records it (IndicatorResult.not_applicable_reason, in English in
# the JSON): made by these functions, and shown in the reader's language by `not_applicable_text`.
DECLARED_NOT_APPLICABLE = "declared not applicable: "
NOT_APPLICABLE = "not applicable"


def not_for_kind(kind: str) -> str:
    """The recorded reason of an indicator that does not apply to a unit of this kind."""
    return f"does not apply to a unit of kind {kind!r}"


def declared_not_applicable(reason: str, legal_basis: str) -> str:
    """The recorded reason of an indicator the unit declared not applicable (its reason and legal basis)."""
    return f"{DECLARED_NOT_APPLICABLE}{reason} ({legal_basis})"


def not_applicable_text(recorded: str | None, kind: str, lang: str) -> str:
    """A recorded not-applicable reason in `lang`: the engine's own words translated, the unit's words as written."""
    if recorded is None or recorded == NOT_APPLICABLE:
        return word(STATUS_NAMES["not_applicable"], lang)
    if recorded == not_for_kind(kind):
        return recorded if lang == "en" else f"tidak berlaku untuk unit berjenis {kind}"
    if recorded.startswith(DECLARED_NOT_APPLICABLE) and lang != "en":
        return "dinyatakan tidak berlaku: " + recorded[len(DECLARED_NOT_APPLICABLE):]
    return recorded


def word(words: Words, lang: str) -> str:
    """The word in `lang`, Indonesian when there is none in that language."""
    return words.get(lang) or words["id"]


# The unit kinds of a rule set that declares none (metadata.unit_kinds) anywhere in its extends chain.
DEFAULT_UNIT_KINDS: tuple[str, ...] = (
    "dinas", "badan", "kecamatan", "kelurahan", "rsud", "puskesmas",
    "sekretariat", "inspektorat", "kantor", "upt",
)

__all__ = ["DECLARED_NOT_APPLICABLE", "DEFAULT_UNIT_KINDS", "LANGS", "NONE_MARK", "NOT_APPLICABLE", "NOT_GIVEN",
           "STATUS_NAMES", "ZONE_NAMES", "Lang", "Words", "declared_not_applicable", "not_applicable_text",
           "not_for_kind", "word"]
