"""The one exception hierarchy: raised for input that cannot be used at all, caught only at the edges."""

from __future__ import annotations

from typing import Any

from compliance.messages import Msg, as_msg, current_lang

# Line breaks that a user's value may carry into a message (a CSV cell, a file name): shown, never obeyed,
# so that every error stays one line whatever the input.
_BREAKS = str.maketrans(dict.fromkeys("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", "⏎"))


def one_line(text: str) -> str:
    """A message as one line: line breaks shown as ⏎."""
    return text.translate(_BREAKS)


class ComplianceError(Exception):
    """Base of every error this package raises on purpose; its message is one user-facing sentence.

    The message is a `Msg` (Indonesian and English) or a plain string (the same in both languages); `render(lang)`
    gives the error in one language, `str()` in the language of the run (compliance.messages.current_lang).
    """

    def __init__(self, message: str | Msg, *, file: str | None = None, line: int = 0, column: int = 0) -> None:
        self.msg = as_msg(message)
        super().__init__(self.msg.render("id"))
        self.file = file
        self.line = line
        self.column = column

    @property
    def message(self) -> str:
        """The message (without the position) in the run's language, as one line."""
        return self.msg.render(current_lang()).translate(_BREAKS)

    def where(self) -> str:
        """`file:line:col: ` (or `file: `, or nothing): the position the message is about."""
        if not self.file:
            return ""
        where = self.file.translate(_BREAKS)
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        return where + ": "

    def located(self) -> Msg:
        """The error with its position as a message, to embed in another one."""
        return Msg("{where}{msg}", "{where}{msg}", where=self.where(), msg=self.msg)

    def render(self, lang: str) -> str:
        """The error with its position, in `lang`, as one line."""
        return self.where() + self.msg.render(lang).translate(_BREAKS)

    def __str__(self) -> str:
        return self.render(current_lang())

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.msg, self.file, self.line, self.column))


def _rebuild(cls: type[ComplianceError], msg: Msg, file: str | None, line: int, column: int) -> ComplianceError:
    return cls(msg, file=file, line=line, column=column)


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
