"""The engine's warnings (Assessment.warnings, recorded in English in the JSON) in the reader's language.

The engine writes each warning from one of a few fixed sentences (engine/evaluate.py, engine/unit.py,
engine/mapping.py); here each has its Indonesian form. A warning that matches none is shown as recorded.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from compliance.load.attachments import problem_text

# What a fact value should have been (model.ruleset.Fact.value_problem, in English) in Indonesian.
_EXPECTED: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"true or false"), "true atau false"),
    (re.compile(r"a whole number"), "bilangan bulat"),
    (re.compile(r"a number of at least (?P<n>\S+)"), r"angka paling sedikit \g<n>"),
    (re.compile(r"a number of at most (?P<n>\S+)"), r"angka paling banyak \g<n>"),
    (re.compile(r"a number"), "angka"),
    (re.compile(r"a date \(YYYY-MM-DD\)"), "tanggal (YYYY-MM-DD)"),
    (re.compile(r"text"), "teks"),
    (re.compile(r"one of: (?P<c>.*)"), r"salah satu dari: \g<c>"),
    (re.compile(r"a list of attachments \(\{path: \.\.\.\}\)"), "daftar lampiran ({path: ...})"),
]


def _expected(text: str) -> str:
    for pattern, words in _EXPECTED:
        if pattern.fullmatch(text):
            return pattern.sub(words, text)
    return text


def _attachment(m: re.Match[str]) -> str:
    return f"{m['f']}: lampiran {m['p']} {problem_text(m['x'], 'id')}; tidak dihitung"


def _fact_value(m: re.Match[str]) -> str:
    return f"{m['i']}: data {m['n']} = {m['v']} bukan {_expected(m['e'])}; dianggap tidak diisi"


_WARNINGS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"unit kind (?P<k>'.*') is not one the rule set declares"),
     r"jenis unit \g<k> tidak termasuk jenis unit yang dinyatakan perangkat aturan"),
    (re.compile(r"the evidence answers rule set (?P<e>'.*'), assessed here with (?P<r>'.*')"),
     r"bukti ini menjawab perangkat aturan \g<e>, di sini dinilai dengan \g<r>"),
    (re.compile(r"the evidence answers version (?P<v>.*) of (?P<r>\S+), assessed here with version (?P<w>.*)"),
     r"bukti ini menjawab versi \g<v> dari \g<r>, di sini dinilai dengan versi \g<w>"),
    (re.compile(r"(?P<i>\S+): the rule set does not allow a not-applicable claim; claim ignored"),
     r"\g<i>: perangkat aturan tidak membolehkan pernyataan tidak berlaku; pernyataan itu diabaikan"),
    (re.compile(r"(?P<f>\S+): attachment (?P<p>'.*') is (?P<x>.*); not counted"), _attachment),
    (re.compile(r"evidence for unknown indicator (?P<i>'.*') ignored"),
     r"bukti untuk indikator yang tidak dikenal \g<i> diabaikan"),
    (re.compile(r"(?P<i>\S+): unknown fact (?P<n>'.*') ignored"), r"\g<i>: data yang tidak dikenal \g<n> diabaikan"),
    (re.compile(r"(?P<i>\S+): fact (?P<n>'[^']*') = (?P<v>.*) is not (?P<e>.*); treated as not given"), _fact_value),
    (re.compile(r"(?P<f>\S+): the source fact (?P<s>\S+) (?P<x>.*); left unknown"),
     r"\g<f>: data sumber \g<s> \g<x>; dibiarkan belum diketahui"),
]


def warning_text(warning: str, lang: str) -> str:
    """A recorded warning in `lang` (as recorded in English, or when no sentence of the engine matches)."""
    if lang == "en":
        return warning
    for pattern, words in _WARNINGS:
        m = pattern.fullmatch(warning)
        if m is not None:
            return words(m) if callable(words) else m.expand(words)
    return warning


__all__ = ["warning_text"]
