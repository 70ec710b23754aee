"""The lint corpus: every tests/cases/lint/invalid/X.yaml gives exactly X.expected.txt; valid/ lints clean.

Adding a case needs no code: drop X.yaml and X.expected.txt (the text output of
`compliance lint tests/cases/lint/invalid/X.yaml`, run from the repository root) into the folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compliance.cli import main

from conftest import ROOT

CASES = ROOT / "tests" / "cases" / "lint"
INVALID = sorted((CASES / "invalid").glob("*.yaml"))
VALID = sorted((CASES / "valid").glob("*.yaml"))


def test_the_corpus_is_there() -> None:
    assert len(INVALID) >= 30 and len(VALID) >= 1


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_invalid_case(case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    expected_file = case.with_suffix(".expected.txt")
    if not expected_file.exists():
        pytest.skip("a helper file of another case (e.g. the parent of an extends chain)")
    rel = os.path.relpath(case, ROOT)
    code = main(["lint", rel])
    out = capsys.readouterr().out
    expected = expected_file.read_text(encoding="utf-8")
    assert out == expected
    assert code == (1 if " error [" in expected else 0)


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.stem)
def test_valid_case(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--strict", str(case)]) == 0, capsys.readouterr().out
