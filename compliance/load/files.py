"""Reading input files: the text of a regular file (UTF-8, size-limited, one-sentence errors), and the YAML files
among the files and folders given on a command line."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

from compliance.errors import InputError, UnreadableError
from compliance.messages import Msg

MAX_FILE_BYTES = 5 * 1024 * 1024

_O_READ = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def _not_a_file(name: str) -> None:
    if os.path.isdir(name):
        raise UnreadableError(Msg("adalah folder, bukan berkas", "is a folder, not a file"), file=name)
    if os.path.exists(name) and not os.path.isfile(name):
        raise UnreadableError(Msg("bukan berkas biasa", "is not a regular file"), file=name)


def _read_bytes(name: str, max_bytes: int) -> bytes:
    """At most max_bytes + 1 bytes of a regular file: one open, one fstat and (usually) one read.

    O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
    """
    try:
        fd = os.open(name, _O_READ)
    except OSError:
        _not_a_file(name)  # a socket, say, fails to open: name what it is, as for the kinds that open
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            _not_a_file(name)
            raise UnreadableError(Msg("bukan berkas biasa", "is not a regular file"), file=name)
        parts: list[bytes] = []
        total = 0
        while total <= max_bytes:
            # What fstat says is there, and one more byte (a read allocates what it asks for).
            want = min(st.st_size + 1 if st.st_size and not parts else 1 << 16, max_bytes + 1 - total)
            chunk = os.read(fd, want)
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            if len(chunk) < want:  # a short read of a regular file: its end
                break
        return parts[0] if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)


def binary_format(head: bytes) -> str | None:
    """The name of the document or image format that these first bytes of a file show ("DOCX", "XLSX", "PDF",
    "JPEG", …): a file people open with something else than a text editor. None for anything else."""
    from compliance.load.attachments import sniff

    found = sniff(head[:1 << 16])
    return None if found in (None, "RTF") else found


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file (a BOM is accepted), with one-sentence errors."""
    name = os.fspath(path)
    try:
        raw = _read_bytes(name, max_bytes)
    except InputError:
        raise
    except FileNotFoundError:
        raise UnreadableError(Msg("berkas tidak ditemukan", "file not found"), file=name) from None
    except PermissionError:
        raise UnreadableError(Msg("berkas tidak dapat dibaca (izin ditolak)",
                                  "file is not readable (permission denied)"), file=name) from None
    except OSError as exc:
        raise UnreadableError(Msg("berkas tidak dapat dibaca ({e})", "cannot read file ({e})",
                                  e=exc.strerror or str(exc)), file=name) from None
    if len(raw) > max_bytes:
        raise InputError(Msg("berkas lebih besar dari batas {n} MiB", "file is larger than the limit of {n} MiB",
                             n=max_bytes // (1024 * 1024)), file=name)
    not_text = binary_format(raw)
    if not_text is not None:
        raise InputError(Msg("berkas ini {kind}, bukan YAML", "this is a {kind} file, not YAML", kind=not_text)
                         if not_text not in ("XLSX", "ODS") else
                         Msg("berkas ini {kind}, bukan YAML (simpan daftar periksa sebagai YAML, atau berikan buku "
                             "kerjanya dengan nama .xlsx)",
                             "this is a {kind} file, not YAML (save the checklist as YAML, or give the workbook "
                             "itself as .xlsx)", kind=not_text), file=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(Msg("bukan teks UTF-8 yang sah", "is not valid UTF-8 text"), file=name, line=line,
                         column=col) from None
    if "\x00" in text:
        raise InputError(Msg("berisi bita NUL; ini bukan berkas teks", "contains a NUL byte; it is not a text file"),
                         file=name)
    return text


def iter_yaml_files(paths: list[str]) -> Iterator[str]:
    """Expand files and folders (recursively, sorted) into .yaml/.yml files."""
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.endswith((".yaml", ".yml")) and os.path.isfile(os.path.join(root, f)):
                        yield os.path.join(root, f)
        else:
            yield p
