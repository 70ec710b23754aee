"""Lint findings: sortable values with 1-based positions."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from compliance.messages import Msg, as_msg


class Severity(enum.IntEnum):
    """Ordered, so that max() gives the worst."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()

    def word(self, lang: str) -> str:
        """The severity as the text output prints it: kesalahan/peringatan/info, error/warning/info in English."""
        if lang == "en":
            return str(self)
        return {Severity.ERROR: "kesalahan", Severity.WARNING: "peringatan"}.get(self, "info")


@dataclass(frozen=True, order=True)
class Location:
    """Where a finding is: file, 1-based line and column (0 = whole file), JSON path."""

    file: str
    line: int = 0
    column: int = 0
    json_path: str = "$"


_CELL = re.compile(r"\.xlsx:[^/\\]*![A-Z]{1,3}[0-9]+$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in a file. The message is bilingual (a plain string is kept as it is in both languages)."""

    location: Location
    code: str
    severity: Severity
    message: Msg | str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", as_msg(self.message))

    def text(self, lang: str) -> str:
        """The message in `lang`."""
        return as_msg(self.message).render(lang)

    def as_text(self, lang: str = "id") -> str:
        loc = self.location
        if not loc.line and _CELL.search(loc.file):  # a workbook's cell: `evidence.xlsx:Proses!D14`
            return f"{loc.file}: {self.severity.word(lang)} [{self.code}] {self.text(lang)}"
        return (f"{loc.file}:{loc.line or 1}:{loc.column or 1}: {self.severity.word(lang)} [{self.code}] "
                f"{self.text(lang)}")
