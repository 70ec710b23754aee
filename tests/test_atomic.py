from __future__ import annotations

import os
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
    assert "tidak dapat menulis ke folder" in str(exc.value) and "\n" not in str(exc.value)
    with pytest.raises(SurveyError, match="tidak dapat menulis berkas bukti"):
        write_atomic(tmp_path / "missing" / "x.yaml", "x", error=SurveyError, what="the evidence file",
                     folder_errors=False)


def test_a_device_or_pipe_is_written_into_never_replaced(tmp_path: Path) -> None:
    # `assess -o /dev/null` as root once replaced /dev/null with a regular file: a target that is a device or a
    # pipe is written as a stream and stays what it was.
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "isi\n")
    reader.join(timeout=10)
    assert got == [b"isi\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left beside it
    write_atomic(os.devnull, b"nothing")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_folder_is_refused_with_one_line(tmp_path: Path) -> None:
    with pytest.raises(ComplianceError, match="itu sebuah folder"):
        write_atomic(tmp_path, "x")
