from __future__ import annotations

import stat
from pathlib import Path

import pytest

from compliance.atomic import atomic_write, write_atomic
from compliance.errors import ComplianceError, SurveyError


def test_whole_file_with_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    write_atomic(target, b"abc")
    assert target.read_bytes() == b"abc"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]
    write_atomic(target, "teks é")
    assert target.read_text(encoding="utf-8") == "teks é"


def test_nothing_left_when_the_block_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_write(target) as fh:
        fh.write("partial")
        raise KeyboardInterrupt
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_errors_are_one_sentence_of_the_chosen_class(tmp_path: Path) -> None:
    with pytest.raises(ComplianceError) as exc:
        write_atomic(tmp_path / "missing" / "x.json", "x")
    assert "cannot write to folder" in str(exc.value) and "\n" not in str(exc.value)
    with pytest.raises(SurveyError, match="cannot write the evidence file"):
        write_atomic(tmp_path / "missing" / "x.yaml", "x", error=SurveyError, what="the evidence file",
                     folder_errors=False)
