"""Bilingual user-facing messages: Indonesian first, English second, rendered in one language at the edge.

A `Msg` carries both texts and its arguments; code deep inside the package raises or returns one without
knowing the reader's language, and the command line renders it in the language chosen once per run
(`--lang`, else the locale: `LC_ALL`, `LC_MESSAGES`, `LANG`; an English locale gives English, anything else
Indonesian). This module is the lowest layer: it imports nothing of ours.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from typing import Any, Literal

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")
DEFAULT_LANG: Lang = "id"

_LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")


class Msg:
    """A message in Indonesian and English with `str.format` fields filled from `args` when rendered.

    Arguments that are themselves `Msg` are rendered in the same language; so are lists and tuples of them
    (joined with ", "). Literal braces in a template are doubled, as in `str.format`.
    """

    __slots__ = ("args", "en", "id")

    def __init__(self, id: str, en: str, /, **args: Any) -> None:
        self.id = id
        self.en = en
        self.args: dict[str, Any] = args

    @classmethod
    def text(cls, text: str) -> Msg:
        """A text that is the same in both languages (a file name, a message from a library), taken literally."""
        escaped = text.replace("{", "{{").replace("}", "}}")
        return cls(escaped, escaped)

    def render(self, lang: str) -> str:
        """The message in `lang` ("en" gives English, anything else Indonesian)."""
        template = self.en if lang == "en" else self.id
        if not self.args:
            return template.replace("{{", "{").replace("}}", "}")
        return template.format_map({k: _arg(v, lang) for k, v in self.args.items()})

    def __str__(self) -> str:
        return self.render(current_lang())

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.args.items())
        return f"Msg({self.id!r}, {self.en!r}{args})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Msg):
            return NotImplemented
        return (self.id, self.en, self.args) == (other.id, other.en, other.args)

    def __hash__(self) -> int:
        return hash((self.id, self.en))

    def _key(self) -> tuple[str, str]:
        return (self.render("en"), self.render("id"))

    def __lt__(self, other: object) -> bool:
        """Messages sort by their English text, then their Indonesian one (whatever language is shown)."""
        if isinstance(other, str):
            other = Msg.text(other)
        if not isinstance(other, Msg):
            return NotImplemented
        return self._key() < other._key()

    def __gt__(self, other: object) -> bool:
        if isinstance(other, str):
            other = Msg.text(other)
        if not isinstance(other, Msg):
            return NotImplemented
        return self._key() > other._key()

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.id, self.en, self.args))


def _rebuild(id_: str, en: str, args: dict[str, Any]) -> Msg:
    return Msg(id_, en, **args)


def _arg(value: Any, lang: str) -> Any:
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, (list, tuple)) and any(isinstance(v, Msg) for v in value):
        return ", ".join(_arg(v, lang) if isinstance(v, Msg) else str(v) for v in value)
    return value


def as_msg(message: str | Msg) -> Msg:
    """A Msg as it is; a plain string as a literal text, the same in both languages."""
    return message if isinstance(message, Msg) else Msg.text(message)


def render(message: str | Msg, lang: str) -> str:
    """A message in `lang`; a plain string as it is."""
    return message.render(lang) if isinstance(message, Msg) else message


def say(lang: str, indonesian: str, english: str) -> str:
    """The text in the chosen language: English for "en", Indonesian otherwise."""
    return english if lang == "en" else indonesian


def lang_of_locale(environ: Mapping[str, str] | None = None) -> Lang:
    """The language the locale asks for: the first set of LC_ALL, LC_MESSAGES, LANG (POSIX order); English for
    an English locale (`en`, `en_US.UTF-8`, `en_GB`), Indonesian for anything else, or when none is set."""
    env = os.environ if environ is None else environ
    for var in _LOCALE_VARS:
        value = env.get(var, "")
        if value:
            name = value.split(".", 1)[0].split("@", 1)[0]
            return "en" if name == "en" or name.startswith("en_") else "id"
    return DEFAULT_LANG


def resolve_lang(flag: str | None, environ: Mapping[str, str] | None = None) -> Lang:
    """The run's language: `--lang` when given (id|en), else the locale's."""
    if flag == "en":
        return "en"
    if flag == "id":
        return "id"
    return lang_of_locale(environ)


_current: list[Lang] = [DEFAULT_LANG]


def current_lang() -> Lang:
    """The language messages render in when no language is passed (set by the command line for one run)."""
    return _current[-1]


def set_process_lang(lang: Lang) -> None:
    """The language of this whole process (a worker process takes its parent's run language this way)."""
    _current[0] = lang


@contextlib.contextmanager
def using_lang(lang: Lang) -> Iterator[Lang]:
    """Render messages in `lang` inside the block; the previous language comes back after it."""
    _current.append(lang)
    try:
        yield lang
    finally:
        _current.pop()


__all__ = ["DEFAULT_LANG", "LANGS", "Lang", "Msg", "as_msg", "current_lang", "lang_of_locale", "render",
           "resolve_lang", "say", "set_process_lang", "using_lang"]
