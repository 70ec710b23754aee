"""Checks of an XLSX package before any XML of it is parsed: size, decompression bombs, macros, external links,
DTDs. Everything here reads the ZIP directory and at most a few KiB of each part, so a refusal takes bounded time
and memory whatever the file claims.
"""

from __future__ import annotations

import io
import zipfile

from compliance.errors import InputError
from compliance.messages import Msg

MAX_XLSX_BYTES = 20 * 1024 * 1024  # the file itself
MAX_PART_BYTES = 40 * 1024 * 1024  # one part, uncompressed (a checklist's largest sheet is well under 1 MiB)
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # all parts, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for parts over 1 MiB (a sheet of repeated cells compresses ~20x)
MAX_PARTS = 1_000


def check_package(name: str, raw: bytes) -> None:
    """Refuse what a checklist never holds, before parsing: one sentence naming the file."""
    if len(raw) > MAX_XLSX_BYTES:
        raise InputError(Msg("buku kerja lebih besar dari batas {n} MiB",
                             "the workbook is larger than the limit of {n} MiB", n=MAX_XLSX_BYTES // (1024 * 1024)),
                         file=name)
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise InputError(Msg("bukan buku kerja XLSX yang dapat dibaca (bukan paket ZIP)",
                             "is not a readable XLSX workbook (not a ZIP package)"), file=name)
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(Msg("bukan buku kerja XLSX yang dapat dibaca ({e})", "is not a readable XLSX workbook ({e})",
                             e=str(exc)), file=name) from None
    if len(infos) > MAX_PARTS:
        raise InputError(Msg("buku kerja berisi lebih dari {n} bagian; ini bukan daftar periksa",
                             "the workbook has more than {n} parts; this is not a checklist", n=MAX_PARTS), file=name)
    total = 0
    for info in infos:
        lname = info.filename.lower()
        if "vbaproject" in lname or lname.endswith(".bin") or "macrosheets/" in lname:
            raise InputError(Msg("buku kerja berisi makro (VBA); makro tidak dijalankan: simpan sebagai .xlsx "
                                 "tanpa makro",
                                 "the workbook contains macros (VBA), which are never run: save it as .xlsx without "
                                 "macros"), file=name)
        if lname.startswith("xl/externallinks/"):
            raise InputError(Msg("buku kerja berisi tautan eksternal ke berkas lain; hapus tautannya (Data > Edit "
                                 "Links) dan simpan ulang",
                                 "the workbook links to other files; remove the links (Data > Edit Links) and save it "
                                 "again"), file=name)
        size = info.file_size
        total += size
        if size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or (
                size > 1024 * 1024 and size > MAX_RATIO * max(info.compress_size, 1)):
            raise InputError(Msg("bagian {part!r} mengembang menjadi {n} MiB (bom dekompresi?); buku kerja ditolak",
                                 "the part {part!r} expands to {n} MiB (a decompression bomb?); the workbook is "
                                 "refused", part=info.filename, n=size // (1024 * 1024)), file=name)
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")):
            try:
                with zf.open(info) as fh:
                    head = fh.read(4096)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
                raise InputError(Msg("bagian {part!r} rusak ({e})", "the part {part!r} is broken ({e})",
                                     part=info.filename, e=type(exc).__name__), file=name) from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise InputError(Msg("bagian {part!r} memuat DTD/entitas XML; buku kerja ditolak",
                                     "the part {part!r} holds an XML DTD or entities; the workbook is refused",
                                     part=info.filename), file=name)
            if info.filename == "[Content_Types].xml" and b"macroEnabled" in head:
                raise InputError(Msg("buku kerja bermakro (macroEnabled); simpan sebagai .xlsx tanpa makro",
                                     "a macro-enabled workbook; save it as .xlsx without macros"), file=name)
