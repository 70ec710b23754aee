"""Worded answers on four-point scales, as a Google Forms multiple-choice question exports them. Pure.

The scales of the sample questionnaire of PermenPANRB 14/2017 (Tidak sesuai … Sangat sesuai, Tidak mudah …
Sangat mudah, Sangat mahal … Gratis, Buruk … Sangat baik, Tidak ada … Dikelola dengan baik, …) and the common
ones (Tidak puas … Sangat puas, Sangat tidak puas … Sangat puas, the same for setuju) map to 1–4. A word that
two scales value differently ("Tidak puas" is 1 on Tidak puas … Sangat puas but 2 on Sangat tidak puas …
Sangat puas) takes its value from the scale that the column's other answers show; when they do not settle it,
it is reported, never guessed (docs/skm.md#google-forms-exports).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

Scale = tuple[str, str, str, str]  # the answers worth 1, 2, 3 and 4, as the questionnaire prints them

# Adjectives that the questionnaires of 14/2017, 16/2014 and 25/2004 grade as "Tidak X, Kurang X, X, Sangat X",
# plus the common satisfaction and agreement scales.
_ADJECTIVES = ("sesuai", "mudah", "cepat", "kompeten", "sopan dan ramah", "baik", "puas", "setuju", "jelas",
               "disiplin", "bertanggung jawab", "mampu", "adil", "wajar", "nyaman", "aman", "tepat", "memadai",
               "lengkap", "ramah", "sopan", "cakap", "terampil")
_SANGAT_TIDAK = ("puas", "setuju")


def _kurang(x: str) -> Scale:
    return (f"Tidak {x}", f"Kurang {x}", x.capitalize(), f"Sangat {x}")


def _sangat_tidak(x: str) -> Scale:
    return (f"Sangat tidak {x}", f"Tidak {x}", x.capitalize(), f"Sangat {x}")


SCALES: tuple[Scale, ...] = (
    *(_kurang(x) for x in _ADJECTIVES),
    ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),  # 14/2017, Biaya/Tarif
    ("Buruk", "Cukup", "Baik", "Sangat baik"),  # 14/2017, Sarana dan Prasarana
    ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),  # pengaduan
    ("Selalu tidak tepat", "Kadang-kadang tepat", "Banyak tepatnya", "Selalu tepat"),  # 25/2004, Kepastian Jadwal
    # Likert-style scales without "Kurang": "Tidak puas" is 2 here, 1 above; the column's other answers decide.
    # The questionnaire's own scales get no such twin, so that their answers are never in doubt.
    *(_sangat_tidak(x) for x in _SANGAT_TIDAK),
)
# Other spellings of the same answers, in key form.
_ALIASES = {
    "ada tapi tidak berfungsi": "ada tetapi tidak berfungsi",
    "ada namun tidak berfungsi": "ada tetapi tidak berfungsi",
    "berfungsi kurang optimal": "berfungsi kurang maksimal",
    "dikelola dengan sangat baik": "dikelola dengan baik",
    "kadang kadang tepat": "kadang-kadang tepat",
    "tidak sopan ramah": "tidak sopan dan ramah",
    "kurang sopan ramah": "kurang sopan dan ramah",
    "sopan ramah": "sopan dan ramah",
    "sangat sopan ramah": "sangat sopan dan ramah",
}
_LABEL = re.compile(r"^\(?[a-d][.)]\s+|^\([a-d]\)\s*", re.IGNORECASE)  # "a. Tidak sesuai", "(b) Kurang sesuai"


# A number written with the word, as some forms label their options: "4. Sangat sesuai", "4 - Sangat sesuai",
# "Sangat sesuai (4)". It must agree with the word's value (answers.py), it never replaces it.
_NUMBER_BEFORE = re.compile(r"^\s*\(?([0-9])\s*[.):=-]\s*(\D.*)$")
_NUMBER_AFTER = re.compile(r"^(.*\D)\s*\(([0-9])\)\s*$")


def answer_key(text: str) -> str:
    """An answer as compared: case, spacing, a trailing full stop and a leading "a." or "4." label ignored."""
    text = split_number(text)[0]
    key = " ".join(_LABEL.sub("", text.strip()).split()).casefold().rstrip(".").strip()
    return _ALIASES.get(key, key)


def split_number(text: str) -> tuple[str, int | None]:
    """"4. Sangat sesuai" → ("Sangat sesuai", 4); text without such a number → (text, None)."""
    if m := _NUMBER_BEFORE.match(text):
        return m[2], int(m[1])
    if m := _NUMBER_AFTER.match(text):
        return m[1], int(m[2])
    return text, None


_VALUES: dict[str, list[tuple[int, int]]] = {}  # key -> [(scale index, value 1–4)]
for _index, _scale in enumerate(SCALES):
    for _value, _word in enumerate(_scale, 1):
        _VALUES.setdefault(answer_key(_word), []).append((_index, _value))


def scale_text(scale: Scale) -> str:
    """"Tidak sesuai … Sangat sesuai"."""
    return f"{scale[0]} … {scale[-1]}"


@dataclass(frozen=True)
class Reading:
    """What one worded answer is worth in its column: a value, or the values that scales disagree on."""

    value: int | None
    choices: tuple[tuple[int, Scale], ...] = ()  # when value is None and the word is known: (value, scale)


def read_words(keys: Iterable[str]) -> dict[str, Reading]:
    """The value of each distinct worded answer of one column (keys from `answer_key`); unknown words absent.

    Scales that hold every known word of the column are preferred; a word that those scales (or, when no
    scale holds them all, all scales) value differently has no value but the list of its choices.
    """
    known = sorted({k for k in keys if k in _VALUES})
    covering = set(range(len(SCALES)))
    for key in known:
        covering &= {index for index, _ in _VALUES[key]}
    out: dict[str, Reading] = {}
    for key in known:
        options = [(index, value) for index, value in _VALUES[key] if not covering or index in covering]
        values = sorted({value for _, value in options})
        if len(values) == 1:
            out[key] = Reading(values[0])
        else:
            first = {value: SCALES[index] for index, value in reversed(options)}  # the first scale per value
            out[key] = Reading(None, tuple(sorted(first.items())))
    return out


def column_scale(keys: Iterable[str]) -> Scale | None:
    """The scale that holds every known answer of a column (the first such), None when none or no known answer."""
    known = {k for k in keys if k in _VALUES}
    if not known:
        return None
    covering = set(range(len(SCALES)))
    for key in known:
        covering &= {index for index, _ in _VALUES[key]}
    return SCALES[min(covering)] if covering else None


def example_scales() -> str:
    """Examples for a message: the first scales of the 14/2017 questionnaire."""
    return ", ".join(scale_text(s) for s in SCALES[:2])
