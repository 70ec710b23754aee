"""Atomic file output: write to a temporary file in the target folder, then rename over the target.

The one place the package writes result files: a target appears complete or not at all, with the usual
permissions (0644; mkstemp alone would leave 0600), and nothing partial is left behind on any error or Ctrl-C.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from compliance.errors import ComplianceError
from compliance.messages import Msg

FILE_MODE = 0o644


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8", *,
                 error: type[ComplianceError] = ComplianceError, what: str = "file",
                 folder_errors: bool = True) -> Iterator[IO[Any]]:
    """Yield a file object; the target appears only if the block completes.

    OSErrors (no such folder, read-only, disk full) become `error` with a one-line message naming the target.
    """
    target = os.fspath(path)
    try:
        st: os.stat_result | None = os.stat(target)
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise error(Msg("tidak dapat menulis {what}: itu sebuah folder", "cannot write {what} (it is a folder)",
                            what=_what(what)), file=target)
        # A device or a pipe (/dev/null, /dev/stdout, a FIFO): nothing to replace, and replacing it would put a
        # regular file where the device was (as root, even /dev/null). Write into it as a stream.
        with _stream(target, mode, encoding, error, what) as fh:
            yield fh
        return
    folder = os.path.dirname(os.path.abspath(target)) or "."
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        if folder_errors:
            raise error(Msg("tidak dapat menulis ke folder {folder} ({why})", "cannot write to folder {folder} ({why})",
                            folder=folder, why=exc.strerror or exc), file=target) from None
        raise error(_cannot(what, exc), file=target) from None
    try:
        binary = "b" in mode
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise error(_cannot(what, exc), file=target) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# What callers name the file they write (`what=`), in both languages.
_WHAT = {"file": ("berkas", "file"), "the evidence file": ("berkas bukti", "the evidence file"),
         "the output manifest": ("manifes keluaran", "the output manifest")}


def _what(what: str) -> Msg:
    id_, en = _WHAT.get(what, (what, what))
    return Msg(id_, en)


def _cannot(what: str, exc: OSError) -> Msg:
    return Msg("tidak dapat menulis {what} ({why})", "cannot write {what} ({why})", what=_what(what),
               why=exc.strerror or exc)


@contextlib.contextmanager
def _stream(target: str, mode: str, encoding: str | None, error: type[ComplianceError],
            what: str) -> Iterator[IO[Any]]:
    binary = "b" in mode
    try:
        with open(target, mode, encoding=None if binary else encoding, newline=None if binary else "\n") as fh:
            yield fh
    except OSError as exc:
        raise error(_cannot(what, exc), file=target) from None


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *,
                 error: type[ComplianceError] = ComplianceError, what: str = "file",
                 folder_errors: bool = True) -> None:
    """Write bytes or text (UTF-8) completely or not at all."""
    with atomic_write(path, "wb", error=error, what=what, folder_errors=folder_errors) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
