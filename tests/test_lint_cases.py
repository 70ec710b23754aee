"""The lint corpus: every tests/cases/lint/invalid/X.expected.txt is exactly the output of linting X.yaml
(Indonesian, the default), X.en.expected.txt that of `--lang en`; valid/ lints clean.

Adding a case needs no code: drop X.yaml, X.expected.txt and X.en.expected.txt (the text output of
`compliance lint [--lang en] tests/cases/lint/invalid/X.yaml`, run from the repository root) into the folder.
A YAML file without an expected output is a helper of other cases (the parent of an extends chain, the rule set evidence
cases answer); an expected output without its YAML file is a case of a file that is not there (`unreadable`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compliance.cli import main

from conftest import ROOT

CASES = ROOT / "tests" / "cases" / "lint"
INVALID = sorted(p.with_name(p.name.removesuffix(".en.expected.txt") + ".yaml")
                 for p in (CASES / "invalid").glob("*.en.expected.txt"))
VALID = sorted((CASES / "valid").glob("*.yaml"))


def test_the_corpus_is_there() -> None:
    assert len(INVALID) >= 30 and len(VALID) >= 1


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_invalid_case(case: Path, lang: str, capsys: pytest.CaptureFixture[str],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    suffix = ".en.expected.txt" if lang == "en" else ".expected.txt"
    expected = case.with_suffix(suffix).read_text(encoding="utf-8")
    code = main(["lint", os.path.relpath(case, ROOT), *(["--lang", "en"] if lang == "en" else [])])
    assert capsys.readouterr().out == expected
    error = " error [" if lang == "en" else " kesalahan ["
    assert code == (3 if f"{error}unreadable]" in expected else 1 if error in expected else 0)


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_both_languages_report_the_same_findings(case: Path) -> None:
    """Same positions and codes, one language each; no English sentence in the Indonesian output."""
    def shape(text: str) -> list[str]:
        return [line.split(" [", 1)[0].rsplit(":", 1)[0] + " [" + line.split(" [", 1)[1].split("]", 1)[0]
                for line in text.splitlines() if " [" in line]

    indonesian = case.with_suffix(".expected.txt").read_text(encoding="utf-8")
    english = case.with_suffix(".en.expected.txt").read_text(encoding="utf-8")
    assert shape(indonesian) == shape(english) and indonesian != english
    for word in (" error", " warning", "file(s)", " is not ", " must ", " cannot ", " not found", " unknown "):
        assert word not in indonesian, word


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.stem)
def test_valid_case(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--strict", str(case)]) == 0, capsys.readouterr().out
