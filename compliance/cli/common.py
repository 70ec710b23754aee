"""Argument helpers and the terminal progress bar shared by the commands."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Iterable

from compliance.cli.argtext import tr
from compliance.errors import UnreadableError
from compliance.messages import LANGS


def positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr(f"{text!r} bukan bilangan bulat",
                                            f"{text!r} is not a whole number")) from None
    if n < 1 or n > 256:
        raise argparse.ArgumentTypeError(tr(f"{n} tidak di antara 1 dan 256", f"{n} is not between 1 and 256"))
    return n


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr(f"{text!r} bukan tanggal (YYYY-MM-DD)",
                                            f"{text!r} is not a date (YYYY-MM-DD)")) from None


def add_as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", type=iso_date, metavar="DATE",
                   help=tr("nilai kemutakhiran dokumen per tanggal DATE (YYYY-MM-DD; bawaan: hari ini)",
                           "judge document freshness as of DATE (YYYY-MM-DD; default: today)"))


def add_lang(p: argparse.ArgumentParser) -> None:
    """`--lang id|en` (every command has it; adding it twice is harmless). Unset, the locale decides
    (compliance.messages.resolve_lang); the command line replaces None by the resolved language."""
    if "--lang" in p._option_string_actions:
        return
    p.add_argument("--lang", choices=LANGS, default=None,
                   help=tr("bahasa keluaran dan pesan: id atau en (bawaan: dari locale LANG, selain "
                           "bahasa Inggris: id)",
                           "language of the output and messages: id or en (default: from the LANG locale, "
                           "Indonesian unless it is English)"))


def require_paths(paths: Iterable[str]) -> None:
    """Every input path named on the command line exists, else UnreadableError (exit 3, one line)."""
    for p in paths:
        if not os.path.exists(p):
            raise UnreadableError("no such file or folder", file=p)


def parse_as_of(value: dt.date | None) -> dt.date:
    """The as-of date: given, else today (the only place the clock is read)."""
    return value if value is not None else dt.date.today()


class ProgressBar:
    """A one-line progress bar on standard error, shown only on a terminal (or when forced)."""

    def __init__(self, total: int, mode: str = "auto") -> None:
        self.total = total
        self.count = 0
        self.enabled = mode == "always" or (mode == "auto" and sys.stderr.isatty() and total >= 20)
        self.last = 0.0
        self.start = time.monotonic()

    def step(self) -> None:
        self.count += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and self.count < self.total:
            return
        self.last = now
        width = 30
        filled = width * self.count // max(1, self.total)
        rate = self.count / max(1e-9, now - self.start)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total} units "
                         f"({rate:.0f}/s)")
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()
