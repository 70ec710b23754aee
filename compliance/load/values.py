"""Values as people type them, read by the fact's type: `ya`, `25/01/2024`, `25 Januari 2024`, `82,5`, `lampiran\\x`.

`coerce(fact, value)` gives the value the engine expects (a bool, a number, an ISO date string, a choice as the rule
set spells it, a list of attachments with `/` paths), or the value unchanged when it is not a form it knows (the
type check then says what was expected). A value that could mean two things (`1.234`, `01/02/24`) raises
`AmbiguousValue` with one Indonesian sentence: guessing would change a score silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from compliance.messages import Msg

if TYPE_CHECKING:  # lint imports this module and must not load pydantic
    from compliance.model.ruleset import Fact, RuleSet

TRUE_WORDS = frozenset({"ya", "benar", "true", "yes"})
FALSE_WORDS = frozenset({"tidak", "salah", "false", "no", "tdk"})

MONTHS: dict[str, int] = {}
for _n, _names in enumerate((
        ("januari", "jan"), ("februari", "pebruari", "feb", "peb"), ("maret", "mar"), ("april", "apr"),
        ("mei",), ("juni", "jun"), ("juli", "jul"), ("agustus", "agu", "agt", "ags", "agust"),
        ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nopember", "nov", "nop"),
        ("desember", "des")), 1):
    for _name in _names:
        MONTHS[_name] = _n

_INT = re.compile(r"[+-]?\d+")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
_THOUSANDS_COMMA = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+")
_DECIMAL_POINT = re.compile(r"[+-]?\d+\.\d+")
_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2,4})")
_WORDED_DATE = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{2,4})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


class AmbiguousValue(ValueError):
    """A value that could mean two things; `msg` says so and what to write instead (Indonesian and English)."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.render("id"))
        self.msg = msg


def parse_bool(text: str) -> bool | None:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def parse_number(text: str) -> int | float | None:
    """`82,5`, `1.234,5`, `1.234.567`, `82.5`, `12` → the number; None when not a number. `1.234` is ambiguous."""
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    if _INT.fullmatch(s):
        return int(s)
    if _DECIMAL_COMMA.fullmatch(s):
        return float(s.replace(",", "."))
    if _THOUSANDS_COMMA.fullmatch(s):
        return float(s.replace(".", "").replace(",", "."))
    if _THOUSANDS.fullmatch(s):
        if s.count(".") == 1:
            whole, frac = s.lstrip("+-").split(".")
            raise AmbiguousValue(Msg("angka {v!r} ambigu: bisa berarti {a} (ribuan) atau {b} (desimal); tulis {a} "
                                     "atau {b}",
                                     "the number {v!r} is ambiguous: it can mean {a} (thousands) or {b} (decimals); "
                                     "write {a} or {b}", v=text.strip(), a=whole + frac, b=f"{whole},{frac}"))
        return int(s.replace(".", ""))
    if _DECIMAL_POINT.fullmatch(s):
        return float(s)
    return None


def _date(day: int, month: int, year: int, text: str) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise AmbiguousValue(Msg("tanggal {v!r} tidak ada di kalender; tulis tanggal seperti 25/01/2024 atau "
                                 "25 Januari 2024",
                                 "the date {v!r} is not in the calendar; write a date such as 25/01/2024 or "
                                 "25 Januari 2024", v=text.strip())) from None


def _two_digit(text: str) -> AmbiguousValue:
    return AmbiguousValue(Msg("tanggal {v!r} memakai tahun dua angka yang ambigu; tulis tahun lengkap, "
                              "mis. 25/01/2024",
                              "the date {v!r} has an ambiguous two-digit year; write the full year, e.g. "
                              "25/01/2024", v=text.strip()))


def parse_date(text: str) -> str | None:
    """`25/01/2024`, `25-01-2024`, `25.01.2024` (day first), `25 Januari 2024`, `25 Jan 2024`, ISO → ISO date."""
    s = text.strip()
    if _ISO.fullmatch(s):
        try:
            return dt.date.fromisoformat(s).isoformat()
        except ValueError:
            return _date(int(s[8:10]), int(s[5:7]), int(s[:4]), text)
    m = _NUMERIC_DATE.fullmatch(s)
    if m:
        if len(m.group(4)) != 4:
            raise _two_digit(text)
        return _date(int(m.group(1)), int(m.group(3)), int(m.group(4)), text)
    m = _WORDED_DATE.fullmatch(s)
    if m and m.group(2).lower() in MONTHS:
        if len(m.group(3)) != 4:
            raise _two_digit(text)
        return _date(int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3)), text)
    return None


def attachment_path(path: str) -> str:
    """A path as written on Windows (`lampiran\\foto.jpg`) with `/` between its parts."""
    return path.strip().replace("\\", "/")


def split_paths(text: str) -> list[str]:
    """File names separated by new lines or `;` (as typed in one spreadsheet cell)."""
    return [p for p in (attachment_path(x) for x in re.split(r"[;\n\r]+", text)) if p]


def coerce(fact: Fact, value: Any) -> Any:
    """The value in the form the engine expects, when it is a form people type; otherwise unchanged.

    Raises AmbiguousValue for a value that could mean two things.
    """
    t = fact.type
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat() if t in ("date", "text") else value
    if t == "attachments":
        if isinstance(value, str):
            return [{"path": p} for p in split_paths(value)]
        if isinstance(value, list):
            return [{**a, "path": attachment_path(a["path"])}
                    if isinstance(a, dict) and isinstance(a.get("path"), str) and "\\" in a["path"] else a
                    for a in value]
        return value
    if not isinstance(value, str):
        return value
    if t == "boolean":
        b = parse_bool(value)
        return value if b is None else b
    if t in ("number", "integer"):
        n = parse_number(value)
        if n is None:
            return value
        if t == "integer" and isinstance(n, float) and n.is_integer():
            return int(n)
        return n
    if t == "date":
        d = parse_date(value)
        return value if d is None else d
    if t == "choice":
        folded = value.strip().casefold()
        for choice in fact.choices or ():
            if choice.casefold() == folded:
                return choice
    return value


def coerce_facts(indicators: dict[str, Any], ruleset: RuleSet) -> Iterator[tuple[str, str, AmbiguousValue]]:
    """Read the values of known facts as people type them (compliance.load.values), in place; yields
    (indicator id, fact name, problem) for each ambiguous value, which is left as it was."""
    index = {ind.id: ind for _, _, ind in ruleset.indicators()}
    for ind_id, ie in indicators.items():
        ind = index.get(ind_id)
        if ind is None or not isinstance(ie, dict) or not isinstance(ie.get("facts"), dict):
            continue
        facts = dict(ie["facts"])
        for name, value in facts.items():
            fact = ind.facts.get(name)
            if fact is None or value is None:
                continue
            try:
                facts[name] = coerce(fact, value)
            except AmbiguousValue as exc:
                yield ind_id, name, exc
        ie["facts"] = facts
