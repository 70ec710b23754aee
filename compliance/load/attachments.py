"""Attachments (I/O edge): confined to the evidence folder, hashed, their content checked against their name, and a
photo's date read from its EXIF data when none is given.

Loading decides and the engine only reads the outcome: an attachment with a `problem` (missing, empty, unreadable,
not what its name says) is kept in the results with that problem and never counts as proof.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import os
import re
import stat
import warnings
from typing import Any

from compliance.errors import EvidenceError
from compliance.messages import Msg

MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024
MAX_ATTACHMENTS = 20_000
HEAD_BYTES = 1 << 20  # what the content check and the EXIF reader see of a file: its first MiB


def _digest(fd: int, expected: int) -> tuple[str, int, bytes]:
    """sha256 (hex), size and first bytes (up to HEAD_BYTES) of what an open file holds, reading from where it
    stands to its end.

    The first read asks for the size fstat gave (and one byte more): a read allocates what it asks for, and a
    megabyte per small file costs an mmap, an mremap and a munmap each. A short read at that size is the end.
    """
    h = hashlib.sha256()
    size = 0
    head = b""
    want = min(expected + 1, 1 << 20)
    while chunk := os.read(fd, want):
        h.update(chunk)
        if size < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - size]
        size += len(chunk)
        if len(chunk) < want and size >= expected:
            break
        want = 1 << 20
    return h.hexdigest(), size, head


def sha256_file(path: str) -> tuple[str, int]:
    """sha256 (hex) and size of a file."""
    fd = os.open(path, _O_FLAGS)
    try:
        digest, size, _ = _digest(fd, os.fstat(fd).st_size)
        return digest, size
    finally:
        os.close(fd)


def read_head(path: str) -> tuple[bytes, int]:
    """The first bytes (up to HEAD_BYTES) and the size of a file."""
    fd = os.open(path, _O_FLAGS)
    try:
        size = os.fstat(fd).st_size
        return os.read(fd, min(size, HEAD_BYTES)) if size else b"", size
    finally:
        os.close(fd)


# ------------------------------------------------------------------------------------------------ content

def sniff(head: bytes) -> str | None:
    """The file format the first bytes show ("PDF", "JPEG", "DOCX", …), or None when not one of those known."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis", b"hevc"):
        return "HEIC"
    if b"%PDF-" in head[:1024]:
        return "PDF"
    if head.startswith(b"{\\rtf"):
        return "RTF"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "DOC/XLS"  # an OLE2 compound file: Word 97–2003 or Excel 97–2003
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in head:
            return "DOCX"
        if b"xl/" in head:
            return "XLSX"
        if b"opendocument.text" in head[:200]:
            return "ODT"
        if b"opendocument.spreadsheet" in head[:200]:
            return "ODS"
        return "ZIP"
    return None


# What an extension promises, as the formats sniff() may find for it; an extension not listed is not checked.
_OFFICE_ZIP = frozenset({"DOCX", "XLSX", "ODT", "ODS", "ZIP"})
EXPECTED: dict[str, tuple[str, frozenset[str]]] = {
    ".pdf": ("PDF", frozenset({"PDF"})),
    ".jpg": ("JPEG", frozenset({"JPEG"})), ".jpeg": ("JPEG", frozenset({"JPEG"})),
    ".png": ("PNG", frozenset({"PNG"})), ".gif": ("GIF", frozenset({"GIF"})),
    ".webp": ("WEBP", frozenset({"WEBP"})), ".heic": ("HEIC", frozenset({"HEIC"})),
    ".tif": ("TIFF", frozenset({"TIFF"})), ".tiff": ("TIFF", frozenset({"TIFF"})),
    ".docx": ("DOCX", _OFFICE_ZIP), ".xlsx": ("XLSX", _OFFICE_ZIP), ".odt": ("ODT", _OFFICE_ZIP),
    ".ods": ("ODS", _OFFICE_ZIP),
    ".doc": ("DOC", frozenset({"DOC/XLS", "RTF"}) | _OFFICE_ZIP), ".xls": ("XLS", frozenset({"DOC/XLS"}) | _OFFICE_ZIP),
    ".rtf": ("RTF", frozenset({"RTF"})),
}
_PILLOW_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP", "TIFF"})


def _extension(path: str) -> str:
    name = path.replace("\\", "/").rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _open_image(head: bytes) -> Any:
    """The image Pillow reads from the first bytes (headers only, no pixels decoded); raises when it cannot."""
    from PIL import Image  # here: Pillow is imported only when a photo is checked

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a large image is no problem here: no pixel is decoded
        try:
            return Image.open(io.BytesIO(head))
        except Image.DecompressionBombError:
            return None


def content_problem(path: str, head: bytes, size: int) -> str | None:
    """Why the content does not fit the file's name (empty, not the format its extension says, an image Pillow
    cannot read), or None. `head` is the file's first bytes."""
    if size == 0:
        return "empty (0 bytes)"
    expected = EXPECTED.get(_extension(path))
    if expected is None:
        return None
    name, allowed = expected
    found = sniff(head)
    if found not in allowed:
        return f"not a {name} file (its content is {found or 'of another kind'})"
    if found in _PILLOW_FORMATS:
        try:
            _open_image(head)
        except Exception:  # Pillow's errors on a damaged header are of many kinds
            return f"not a readable {name} image"
    return None


# An attachment's problem as check_attachment records it (English, in the results) -> the Indonesian words.
_PROBLEMS_ID: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"missing"), "tidak ditemukan"),
    (re.compile(r"unreadable \((.*)\)"), r"tidak dapat dibaca (\1)"),
    (re.compile(r"not a regular file"), "bukan berkas biasa"),
    (re.compile(r"larger than (\d+) MiB"), r"lebih besar dari \1 MiB"),
    (re.compile(r"empty \(0 bytes\)"), "kosong (0 bita)"),
    (re.compile(r"not a (\S+) file \(its content is of another kind\)"), r"bukan berkas \1 (isinya jenis lain)"),
    (re.compile(r"not a (\S+) file \(its content is (\S+)\)"), r"bukan berkas \1 (isinya \2)"),
    (re.compile(r"not a readable (\S+) image"), r"gambar \1 yang tidak dapat dibaca"),
)


def problem_text(problem: str, lang: str) -> str:
    """An attachment's recorded problem in `lang` (a problem not known here is shown as recorded)."""
    if lang == "en":
        return problem
    for pattern, words in _PROBLEMS_ID:
        if pattern.fullmatch(problem):
            return pattern.sub(words, problem)
    return problem


_DATE_TIME_ORIGINAL = 0x9003
_EXIF_IFD = 0x8769


def exif_date(head: bytes) -> dt.date | None:
    """The EXIF DateTimeOriginal of a photo, as a date; None when the first bytes carry none (or a bad one)."""
    try:
        img = _open_image(head)
        if img is None:
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = img.getexif().get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL)
    except Exception:  # a damaged EXIF block is no date, not an error
        return None
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.strptime(value.strip("\x00 ")[:10], "%Y:%m:%d").date()
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------------ paths

# What a path names, as its messages say it: (Indonesian, English).
_WHAT = {"attachment": ("lampiran", "attachment"), "include": ("berkas sertaan", "include")}


def _path_msg(what: str, rel: str, indonesian: str, english: str) -> Msg:
    """'jalur lampiran 'x' ...' / 'attachment path 'x' ...'."""
    w_id, w_en = _WHAT.get(what, (what, what))
    return Msg("jalur {w_id} {rel!r} " + indonesian, "{w_en} path {rel!r} " + english, w_id=w_id, w_en=w_en, rel=rel)


def _confined(rel: str, *, file: str, what: str) -> list[str]:
    """The parts of a relative path, refusing absolute paths and '..'."""
    if not rel or "\x00" in rel:
        raise EvidenceError(_path_msg(what, rel, "kosong atau tidak sah", "is empty or invalid"), file=file)
    if os.path.isabs(rel) or rel.startswith(("/", "\\")) or (len(rel) > 1 and rel[1] == ":"):
        raise EvidenceError(_path_msg(what, rel, "harus relatif terhadap folder berkas bukti",
                                      "must be relative to the evidence file's folder"), file=file)
    parts = rel.replace("\\", "/").split("/")
    if ".." in parts:
        raise EvidenceError(_path_msg(what, rel, "tidak boleh memuat '..'", "must not contain '..'"), file=file)
    return parts


def safe_join(root: str, rel: str, *, file: str, what: str = "attachment",
              real_dirs: dict[str, str] | None = None, final_link: bool = True) -> str:
    """Join a relative path under root, refusing absolute paths, '..' and symlinks that leave root.

    `real_dirs` caches resolved folders across the attachments of one evidence file. With final_link=False
    the last component is not checked for being a symbolic link: the caller opens it with O_NOFOLLOW and
    calls this again with final_link=True only when that fails with ELOOP.
    """
    parts = _confined(rel, file=file, what=what)
    if os.sep == "/" and "//" not in rel and "\\" not in rel and not root.endswith("/"):
        full = root + "/" + rel  # what os.path.join(root, *parts) gives here, at a fraction of its cost
    else:
        full = os.path.join(root, *parts)
    cache = real_dirs if real_dirs is not None else {}
    parent, _, name = full.rpartition(os.sep)
    parent = parent or os.sep
    real_parent = cache.get(parent)
    if real_parent is None:
        real_root = cache.get(root)
        if real_root is None:
            real_root = cache[root] = os.path.realpath(root)
        real_parent = os.path.realpath(parent)
        if real_parent != real_root and not real_parent.startswith(real_root + os.sep):
            raise EvidenceError(_path_msg(what, rel, "keluar dari folder bukti (melalui tautan simbolik)",
                                          "leaves the evidence folder (through a symbolic link)"), file=file)
        cache[parent] = real_parent  # only folders found inside root are cached
    if final_link:
        real = real_parent + os.sep + name
        if os.path.islink(real):
            real = os.path.realpath(real)
            real_root = cache[root]
            if real != real_root and not real.startswith(real_root + os.sep):
                raise EvidenceError(_path_msg(what, rel, "keluar dari folder bukti (melalui tautan simbolik)",
                                              "leaves the evidence folder (through a symbolic link)"), file=file)
    return full


_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block the open; fstat then refuses it
_O_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0) | _O_NONBLOCK

# Set by the loader on each attachment; an evidence file that gives one of them is refused.
LOADER_FIELDS = frozenset({"actual_sha256", "size", "problem", "date_source"})


def check_attachment(root: str, att: dict[str, Any], file: str, real_dirs: dict[str, str]) -> None:
    """Record the attachment's sha256, size and date source, or its problem; one open, one fstat and the reads.

    The final component is opened with O_NOFOLLOW, so a symbolic link is seen by the ELOOP it causes and only
    then resolved and checked for leaving the folder (its parent folders are checked by safe_join, cached).
    A declared sha256 that differs from the file's is an error of the whole file (the file was changed).
    """
    rel = str(att.get("path", ""))
    full = safe_join(root, rel, file=file, real_dirs=real_dirs, final_link=not _O_NOFOLLOW)
    if att.get("date") is not None:
        att["date_source"] = "given"
    try:
        try:
            fd = os.open(full, _O_FLAGS | _O_NOFOLLOW)
        except OSError as exc:
            if not _O_NOFOLLOW or exc.errno != errno.ELOOP:
                raise
            safe_join(root, rel, file=file, real_dirs=real_dirs)  # a symbolic link: where does it lead?
            fd = os.open(full, _O_FLAGS)
    except FileNotFoundError:
        att["problem"] = "missing"
        return
    except OSError as exc:
        att["problem"] = f"unreadable ({exc.strerror})"
        return
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            att["problem"] = "not a regular file"
            return
        if st.st_size > MAX_ATTACHMENT_BYTES:
            att["problem"] = f"larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MiB"
            return
        digest, size, head = _digest(fd, st.st_size)
    except OSError as exc:
        att["problem"] = f"unreadable ({exc.strerror})"
        return
    finally:
        os.close(fd)
    att["actual_sha256"] = digest
    att["size"] = size
    declared = att.get("sha256")
    if isinstance(declared, str) and declared and declared != digest:  # another type: the schema check says so
        raise EvidenceError(Msg("lampiran {p!r}: sha256 yang dinyatakan {d}… tidak cocok dengan sha256 berkasnya "
                                "{a}… (berkas telah diubah atau hash-nya salah)",
                                "attachment {p!r}: declared sha256 {d}… does not match the file's {a}… (the file "
                                "was changed or the hash is wrong)", p=att["path"], d=declared[:12], a=digest[:12]),
                            file=file)
    problem = content_problem(rel, head, size)
    if problem is not None:
        att["problem"] = problem
    elif att.get("date") is None and sniff(head) in ("JPEG", "TIFF", "WEBP", "PNG"):
        taken = exif_date(head)
        if taken is not None:
            att["date"] = taken.isoformat()
            att["date_source"] = "exif"
