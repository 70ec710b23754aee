"""argparse in the run's language: its own texts (usage, errors, help headings) in Indonesian unless English is
chosen, and `tr` for the help texts of our own options."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from compliance.messages import current_lang, say

# argparse's user-facing texts (its gettext message ids, Python 3.11–3.13) in Indonesian.
INDONESIAN: dict[str, str] = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen posisi",
    "options": "opsi",
    "optional arguments": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "the following arguments are required: %s": "argumen berikut wajib diberikan: %s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diberikan",
    "expected one argument": "perlu satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "expected at least one argument": "perlu paling sedikit satu nilai",
    "expected %s argument": "perlu %s nilai",
    "expected %s arguments": "perlu %s nilai",
    "ambiguous option: %(option)s could match %(matches)s": "opsi ambigu: %(option)s bisa berarti %(matches)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "pilihan tidak sah: %(value)r (pilih dari %(choices)s)",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "argumen %r diabaikan",
    "unexpected option string: %s": "opsi tak terduga: %s",
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: kesalahan: %(message)s\n",
}


def _indonesian(message: str) -> str:
    return INDONESIAN.get(message, message)


def _indonesian_n(singular: str, plural: str, n: int) -> str:
    return _indonesian(singular if n == 1 else plural)


@contextlib.contextmanager
def argparse_in(lang: str) -> Iterator[None]:
    """argparse's own texts in `lang` inside the block (Indonesian unless "en")."""
    if lang == "en":
        yield
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _indonesian, _indonesian_n  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def tr(indonesian: str, english: str) -> str:
    """A help text in the run's language (parsers are built inside the run, once its language is known)."""
    return say(current_lang(), indonesian, english)


__all__ = ["INDONESIAN", "argparse_in", "tr"]
