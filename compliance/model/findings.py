"""Lint findings: sortable values with 1-based positions."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Severity(enum.IntEnum):
    """Ordered, so that max() gives the worst."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


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
    """One problem found in a file."""

    location: Location
    code: str
    severity: Severity
    message: str

    def as_text(self) -> str:
        loc = self.location
        if not loc.line and _CELL.search(loc.file):  # a workbook's cell: `evidence.xlsx:Proses!D14`
            return f"{loc.file}: {self.severity} [{self.code}] {self.message}"
        return f"{loc.file}:{loc.line or 1}:{loc.column or 1}: {self.severity} [{self.code}] {self.message}"
