"""The headline of a unit whose data is not complete: a provisional score, how complete the data is, and the range
the engine gives (the expected score with every open fact at its lowest level, up to the best case), with the
category and zone at both ends; the terminal text and the unit report print the same words."""

from __future__ import annotations

from compliance.model.assessment import Assessment, ClassificationResult, Completeness
from compliance.model.format import Formatter

WORDS = {
    "id": {"provisional": "Nilai sementara, data {pct} lengkap", "label": "Nilai sementara",
           "settled": "Nilai {score}; data {pct} lengkap, data yang belum diisi tidak dapat mengubah nilai ini",
           "category": "kategori", "data": "data {pct} lengkap", "facts": "{answered} dari {total} data diisi",
           "short": "{answered} dari {total} diisi"},
    "en": {"provisional": "Provisional score, data {pct} complete", "label": "Provisional score",
           "settled": "Score {score}; data {pct} complete, the facts not given cannot change this score",
           "category": "category", "data": "data {pct} complete", "facts": "{answered} of {total} facts given",
           "short": "{answered} of {total} given"},
}


def is_provisional(a: Assessment) -> bool:
    """Whether facts are still open that could change the score or category: the score is then the low end of
    a range, not a final figure."""
    c = a.completeness
    return (c is not None and not c.complete
            and (a.score_best != a.score or a.classification_best.category != a.classification.category))


def _end(fmt: Formatter, score: float, c: ClassificationResult) -> str:
    """A score with its category and zone, or, for a rule set without zones, its label."""
    where = fmt.zone(c.zone) if c.zone is not None else fmt.text(c.label)
    return f"{fmt.num(score)} ({WORDS[fmt.lang]['category']} {c.category}, {where})"


def score_range(fmt: Formatter, a: Assessment) -> str:
    """ "5,69 (kategori E, Zona Merah) – 96,93 (kategori A, Zona Hijau)"; one end when both are the same."""
    low = _end(fmt, a.score, a.classification)
    if a.score_best == a.score and a.classification_best.category == a.classification.category:
        return low
    return f"{low} – {_end(fmt, a.score_best, a.classification_best)}"


def provisional_headline(fmt: Formatter, a: Assessment) -> str | None:
    """While facts are open: "Nilai sementara, data 35 % lengkap: 5,69 (kategori E, Zona Merah) – 96,93 (kategori
    A, Zona Hijau)", or, when the open facts cannot change the score, the score with how complete the data is.
    None when the data is complete (the score is then final)."""
    c = a.completeness
    if c is None or c.complete:
        return None
    w = WORDS[fmt.lang]
    pct = fmt.completeness(c.answered, c.total)
    if not is_provisional(a):
        return w["settled"].format(score=score_range(fmt, a), pct=pct)
    return f"{w['provisional'].format(pct=pct)}: {score_range(fmt, a)}"


def completeness_note(fmt: Formatter, c: Completeness | None) -> str:
    """ "data 80 % lengkap" for a part whose facts are not all given; "" when complete or not recorded."""
    if c is None or c.complete:
        return ""
    return WORDS[fmt.lang]["data"].format(pct=fmt.completeness(c.answered, c.total))


def completeness_facts(fmt: Formatter, c: Completeness | None) -> str:
    """ "7 dari 20 data diisi"; "" when not recorded."""
    if c is None:
        return ""
    return WORDS[fmt.lang]["facts"].format(answered=fmt.integer(c.answered), total=fmt.integer(c.total))


def completeness_short(fmt: Formatter, c: Completeness) -> str:
    """ "1 dari 3 diisi": an indicator's count, short enough for a narrow table cell."""
    return WORDS[fmt.lang]["short"].format(answered=fmt.integer(c.answered), total=fmt.integer(c.total))


def provisional_label(fmt: Formatter) -> str:
    """ "Nilai sementara": the label of the score box while the score is provisional."""
    return WORDS[fmt.lang]["label"]
