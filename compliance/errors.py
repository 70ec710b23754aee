"""The one exception hierarchy: raised for input that cannot be used at all, caught only at the edges."""

from __future__ import annotations

# Line breaks that a user's value may carry into a message (a CSV cell, a file name): shown, never obeyed,
# so that every error stays one line whatever the input.
_BREAKS = str.maketrans(dict.fromkeys("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", "⏎"))


def one_line(text: str) -> str:
    """A message as one line: line breaks shown as ⏎."""
    return text.translate(_BREAKS)


class ComplianceError(Exception):
    """Base of every error this package raises on purpose; its message is one user-facing sentence."""

    def __init__(self, message: str, *, file: str | None = None, line: int = 0, column: int = 0) -> None:
        message = message.translate(_BREAKS)
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file.translate(_BREAKS)
            if self.line:
                where += f":{self.line}:{self.column or 1}"
            where += ": "
        return where + self.message


class InputError(ComplianceError):
    """A file cannot be read or parsed (missing, unreadable, not YAML, too large)."""


class UnreadableError(InputError):
    """A file or folder cannot be read at all (missing, permission denied, I/O error)."""


class RuleSetError(ComplianceError):
    """A rule set is invalid or cannot be resolved (schema, extends, references)."""


class EvidenceError(ComplianceError):
    """An evidence file is invalid for its rule set."""


class RenderError(ComplianceError):
    """A report could not be rendered."""


class SurveyError(ComplianceError):
    """A survey (SKM) file cannot be used."""
