"""Checks of an XLSX package before any XML of it is parsed: size, decompression bombs, macros, external links,
DTDs. Everything here reads the ZIP directory and at most a few KiB of each part, so a refusal takes bounded time
and memory whatever the file claims.
"""

from __future__ import annotations

import io
import zipfile

from compliance.errors import InputError

MAX_XLSX_BYTES = 20 * 1024 * 1024  # the file itself
MAX_PART_BYTES = 40 * 1024 * 1024  # one part, uncompressed (a checklist's largest sheet is well under 1 MiB)
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # all parts, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for parts over 1 MiB (a sheet of repeated cells compresses ~20x)
MAX_PARTS = 1_000


def check_package(name: str, raw: bytes) -> None:
    """Refuse what a checklist never holds, before parsing: one Indonesian sentence naming the file."""
    if len(raw) > MAX_XLSX_BYTES:
        raise InputError(f"buku kerja lebih besar dari batas {MAX_XLSX_BYTES // (1024 * 1024)} MiB", file=name)
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise InputError("bukan buku kerja XLSX yang dapat dibaca (bukan paket ZIP)", file=name)
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(f"bukan buku kerja XLSX yang dapat dibaca ({exc})", file=name) from None
    if len(infos) > MAX_PARTS:
        raise InputError(f"buku kerja berisi lebih dari {MAX_PARTS} bagian; ini bukan daftar periksa", file=name)
    total = 0
    for info in infos:
        lname = info.filename.lower()
        if "vbaproject" in lname or lname.endswith(".bin") or "macrosheets/" in lname:
            raise InputError("buku kerja berisi makro (VBA); makro tidak dijalankan: simpan sebagai .xlsx tanpa "
                             "makro", file=name)
        if lname.startswith("xl/externallinks/"):
            raise InputError("buku kerja berisi tautan eksternal ke berkas lain; hapus tautannya (Data > Edit "
                             "Links) dan simpan ulang", file=name)
        size = info.file_size
        total += size
        if size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or (
                size > 1024 * 1024 and size > MAX_RATIO * max(info.compress_size, 1)):
            raise InputError(f"bagian {info.filename!r} mengembang menjadi {size // (1024 * 1024)} MiB "
                             "(bom dekompresi?); buku kerja ditolak", file=name)
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")):
            try:
                with zf.open(info) as fh:
                    head = fh.read(4096)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
                raise InputError(f"bagian {info.filename!r} rusak ({type(exc).__name__})", file=name) from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise InputError(f"bagian {info.filename!r} memuat DTD/entitas XML; buku kerja ditolak",
                                 file=name)
            if info.filename == "[Content_Types].xml" and b"macroEnabled" in head:
                raise InputError("buku kerja bermakro (macroEnabled); simpan sebagai .xlsx tanpa makro", file=name)
