"""The lint corpus: every tests/cases/lint/invalid/X.expected.txt is exactly the output of linting X.yaml;
valid/ lints clean.

Adding a case needs no code: drop X.yaml and X.expected.txt (the text output of
`compliance lint tests/cases/lint/invalid/X.yaml`, run from the repository root) into the folder. A YAML file
without an expected output is a helper of other cases (the parent of an extends chain, the rule set evidence
cases answer); an expected output without its YAML file is a case of a file that is not there (`unreadable`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compliance.cli import main

from conftest import ROOT

CASES = ROOT / "tests" / "cases" / "lint"
INVALID = sorted(p.with_name(p.name.removesuffix(".expected.txt") + ".yaml")
                 for p in (CASES / "invalid").glob("*.expected.txt"))
VALID = sorted((CASES / "valid").glob("*.yaml"))


def test_the_corpus_is_there() -> None:
    assert len(INVALID) >= 30 and len(VALID) >= 1


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_invalid_case(case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    expected = case.with_suffix(".expected.txt").read_text(encoding="utf-8")
    code = main(["lint", os.path.relpath(case, ROOT)])
    assert capsys.readouterr().out == expected
    assert code == (3 if " error [unreadable]" in expected else 1 if " error [" in expected else 0)


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.stem)
def test_valid_case(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--strict", str(case)]) == 0, capsys.readouterr().out
