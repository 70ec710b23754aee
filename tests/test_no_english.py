"""No English word on an Indonesian page: the sample region's HTML (every unit report, the roll-up and the
dashboard) is rendered in Indonesian and its visible text is checked against English words that must not appear;
the English rendering says the same things in English."""

from __future__ import annotations

import html
import re

import pytest

from compliance.cli import main
from compliance.model.labels import declared_not_applicable, not_applicable_text, not_for_kind

from conftest import ROOT

REGION = ROOT / "fixtures" / "kukar"
# Words of the engine's and the views' own English that leaked before (e.g. "paling tinggi yellow", "does not apply
# to a unit of kind 'puskesmas'", "declared not applicable"), and common English words of the report's subject.
ENGLISH = {
    "the", "and", "does", "not", "apply", "applies", "declared", "applicable", "kind", "green", "yellow", "red",
    "zone", "score", "category", "given", "reached", "needs", "missing", "unknown", "none", "level",
    "points", "page", "evidence", "attachment", "attachments", "report", "rule", "rules", "set", "cap", "caps",
    "at", "most", "of", "to", "is", "with", "from", "for", "than", "days", "error", "warning", "failed", "units",
    "met", "unmet", "partial", "range", "mean", "ranking", "summary", "changes",
}
# Not English here: words both languages share, or Indonesian words spelled like English ones.
SHARED = {"level"}  # "Level" is the Indonesian column heading as well (KBBI: level)


def _visible_words(page: str) -> list[str]:
    """The words a reader sees: tags, styles, scripts and attribute values left out; file names, paths, ids and
    hashes (anything with . / _ - or a digit inside) are data, not language."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    tokens = re.findall(r"[^\s()\[\],;:«»\"'“”…·—–]+", text)
    return [t for t in tokens if not re.search(r"[./_\-\d@]", t)]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for lang in ("id", "en"):
        folder = tmp_path_factory.mktemp(f"kukar-{lang}")
        assert main(["report", "kukar-pra-penilaian", str(REGION), "--as-of", "2024-09-30", "-o", str(folder),
                     "--format", "html", "--lang", lang]) == 0
        files = [*sorted(folder.glob("units/*.html")), folder / "rollup.html", folder / "index.html"]
        out[lang] = {str(f.relative_to(folder)): f.read_text(encoding="utf-8") for f in files}
    return out


def test_the_sample_region_renders_units_rollup_and_dashboard(pages: dict[str, dict[str, str]]) -> None:
    assert {"rollup.html", "index.html"} <= set(pages["id"]) and len(pages["id"]) >= 20


def test_no_english_word_on_an_indonesian_page(pages: dict[str, dict[str, str]]) -> None:
    found: dict[str, set[str]] = {}
    for name, page in pages["id"].items():
        leaked = {w for w in _visible_words(page) if w.lower() in ENGLISH - SHARED}
        if leaked:
            found[name] = leaked
    assert found == {}


def test_the_known_leaks_are_said_in_indonesian(pages: dict[str, dict[str, str]]) -> None:
    pages_id = "\n".join(pages["id"].values())
    assert "tidak berlaku untuk unit berjenis puskesmas" in pages_id
    assert "dinyatakan tidak berlaku: " in pages_id
    assert "paling tinggi Zona Kuning" in pages_id
    pages_en = "\n".join(pages["en"].values())
    assert "does not apply to a unit of kind &#39;puskesmas&#39;" in pages_en or \
        "does not apply to a unit of kind 'puskesmas'" in pages_en
    assert "declared not applicable: " in pages_en and "at most Yellow zone" in pages_en


def test_the_check_finds_an_english_word() -> None:
    """The word list bites: a page with the old leak fails the check."""
    page = "<p>Batas (paling tinggi yellow; does not apply to a unit of kind 'puskesmas')</p><p>sk_perda.pdf</p>"
    assert {w for w in _visible_words(page) if w.lower() in ENGLISH} == {"yellow", "does", "not", "apply", "to",
                                                                          "kind", "of"}


def test_recorded_reasons_are_shown_in_the_readers_language() -> None:
    assert not_applicable_text(not_for_kind("rsud"), "rsud", "id") == "tidak berlaku untuk unit berjenis rsud"
    assert not_applicable_text(not_for_kind("rsud"), "rsud", "en") == "does not apply to a unit of kind 'rsud'"
    recorded = declared_not_applicable("Tidak ada loket", "Perbup 12/2020")
    assert not_applicable_text(recorded, "dinas", "id") == "dinyatakan tidak berlaku: Tidak ada loket (Perbup 12/2020)"
    assert not_applicable_text(recorded, "dinas", "en") == recorded
    assert not_applicable_text(None, "dinas", "id") == "Tidak berlaku"

