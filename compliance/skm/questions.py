"""Which column holds which unsur: `--columns`, then `U1`…`Un` or the unsur's official name, then the wording
of a question header (a Google Forms export is headed by the full question text). Pure.

Position is never used: the sample questionnaire of PermenPANRB 14/2017 asks about sarana dan prasarana
(U9) before penanganan pengaduan (U8). A header that carries the wording of two unsur, two headers that carry
the wording of one, and an unsur that no header names are errors naming the header row and the column, never
a guess (docs/skm.md#google-forms-exports).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compliance.errors import SurveyError
from compliance.skm.ikm import Method
from compliance.skm.lang import both, column_letter, shorten
from compliance.skm.tables import Table

# Key words of each unsur, per method, as they appear in questions: regular expressions over the header in
# lower case with punctuation turned into spaces, anchored at the start of a word.
_WORDING_2017: dict[str, tuple[str, ...]] = {
    "U1": ("persyaratan", "syarat"),
    "U2": ("prosedur", "mekanisme", "alur pelayanan", "tata cara"),
    "U3": ("waktu penyelesaian", "waktu pelayanan", "kecepatan", "ketepatan waktu", "jangka waktu",
           r"lama(nya)? (waktu|proses|pelayanan)"),
    "U4": ("biaya", "tarif", "ongkos"),
    "U5": ("produk", "spesifikasi"),
    "U6": ("kompeten", "kemampuan", "keahlian", "keterampilan"),
    "U7": ("perilaku", "kesopanan", "keramahan", r"sopan\b", r"ramah\b"),
    "U8": ("pengaduan", "keluhan", "komplain"),
    "U9": (r"sarana\b", "prasarana", "fasilitas"),
}
_WORDING_2014: dict[str, tuple[str, ...]] = {
    **{k: v for k, v in _WORDING_2017.items() if k in {"U1", "U2", "U3", "U4", "U5", "U6", "U7"}},
    "U8": ("maklumat",),
    "U9": _WORDING_2017["U8"],
}
_WORDING_2004: dict[str, tuple[str, ...]] = {
    "U1": ("prosedur", "alur pelayanan", "tata cara", "tahapan pelayanan"),
    "U2": ("persyaratan", "syarat"),
    "U3": ("kejelasan", "kepastian petugas", "keberadaan petugas"),
    "U4": ("kedisiplinan", "disiplin"),
    "U5": (r"tanggung ?jawab",),
    "U6": ("kemampuan", "kompeten", "keahlian", "keterampilan"),
    "U7": ("kecepatan",),
    "U8": ("keadilan", r"adil\b"),
    "U9": ("kesopanan", "keramahan", r"sopan\b", r"ramah\b"),
    "U10": ("kewajaran", r"wajar\b"),
    "U11": ("kepastian biaya", "kesesuaian antara biaya", r"biaya yang (telah )?(ditetapkan|dibayarkan)"),
    "U12": ("jadwal",),
    "U13": ("kenyamanan", r"nyaman\b", "kebersihan", "lingkungan"),
    "U14": ("keamanan", r"aman\b"),
}
_WORDING = {"permenpanrb-14-2017": _WORDING_2017, "permenpanrb-16-2014": _WORDING_2014,
            "kepmenpan-25-2004": _WORDING_2004}
_PATTERNS = {method: {uid: re.compile(r"\b(?:" + "|".join(words) + ")") for uid, words in table.items()}
             for method, table in _WORDING.items()}

_GRID_ROW = re.compile(r"\[([^\[\]]+)\]\s*$")  # a Google Forms grid: "Penilaian Anda [Persyaratan]"
_NOT_WORD = re.compile(r"[\W_]+")
_QUESTION = re.compile(r"\?|^\s*(\d+\s*[.)]\s*)?(bagaimana|bagamana|apakah|seberapa|menurut)\b", re.IGNORECASE)


@dataclass(frozen=True)
class UnsurColumn:
    """Where one unsur's answers are: its header and 1-based column number."""

    unsur: str
    header: str
    column: int


def normal(header: str) -> str:
    """A header compared as people read it: case and repeated spaces ignored."""
    return " ".join(header.split()).casefold()


def wording_unsur(header: str, method: Method) -> tuple[str, ...]:
    """The unsur whose key words the header carries (of a grid header, the row label in brackets only)."""
    grid = _GRID_ROW.search(header)
    text = " " + _NOT_WORD.sub(" ", (grid[1] if grid else header).casefold()) + " "
    return tuple(uid for uid, pattern in _PATTERNS[method.id].items() if pattern.search(text))


def find_unsur_columns(table: Table, method: Method, columns: Mapping[str, str]) -> tuple[UnsurColumn, ...]:
    """The column of every unsur of `method`, in unsur order; SurveyError when one is missing or not certain."""
    by_header: dict[str, list[int]] = {}
    for i, header in enumerate(table.headers, 1):
        if header:
            by_header.setdefault(normal(header), []).append(i)
    chosen: dict[str, int] = {}
    for uid, unsur_name in zip(method.unsur_ids, method.unsur, strict=True):
        if uid in columns:
            wanted = columns[uid]
            matches = by_header.get(normal(wanted), [])
            if not matches:
                raise _at_header(table, f'kolom "{wanted}" untuk {uid} ({unsur_name}) dari --columns tidak '
                                              "ada di baris judul",
                                 f'column "{wanted}" given for {uid} ({unsur_name}) in --columns is not in '
                                 "the header row")
        else:
            matches = by_header.get(normal(uid)) or by_header.get(normal(unsur_name), [])
        if matches:
            chosen[uid] = _one(table, uid, matches, chosen)
    wording = {i: wording_unsur(h, method) for i, h in enumerate(table.headers, 1)
               if h and i not in chosen.values()}
    for uid, unsur_name in zip(method.unsur_ids, method.unsur, strict=True):
        if uid in chosen:
            continue
        candidates = [i for i, found in wording.items() if uid in found]
        for i in candidates:
            if len(wording[i]) > 1:
                names = ", ".join(f"{u} ({method.unsur[method.unsur_ids.index(u)]})" for u in wording[i])
                raise _at_header(table, _col(table, i, "id") + f" cocok dengan lebih dari satu unsur: {names}; "
                                        f'tentukan dengan --columns "{uid}=Judul Kolom"',
                                 _col(table, i, "en") + f" matches more than one unsur: {names}; choose with "
                                        f'--columns "{uid}=Header"', column=i)
        if len(candidates) > 1:
            first, second = candidates[:2]
            raise _at_header(table, f"{_col(table, first, 'id')} dan {_col(table, second, 'id')} sama-sama cocok "
                                    f'dengan unsur {uid} ({unsur_name}); tentukan dengan --columns "{uid}=Judul Kolom"',
                             f"{_col(table, first, 'en')} and {_col(table, second, 'en')} both match unsur {uid} "
                             f'({unsur_name}); choose with --columns "{uid}=Header"', column=second)
        if not candidates:
            raise _missing(table, method, uid, unsur_name, wording)
        chosen[uid] = candidates[0]
    return tuple(UnsurColumn(uid, table.headers[chosen[uid] - 1], chosen[uid]) for uid in method.unsur_ids)


def _one(table: Table, uid: str, matches: Sequence[int], chosen: Mapping[str, int]) -> int:
    """The one column a header names; twice in the header row, or already taken by another unsur, is an error."""
    if len(matches) > 1:
        letters = ", ".join(column_letter(i) for i in matches)
        twice = table.headers[matches[0] - 1]
        raise _at_header(table, f'judul kolom "{twice}" untuk {uid} muncul lebih dari sekali (kolom {letters})',
                         f'header "{twice}" for {uid} appears more than once (columns {letters})',
                         column=matches[1])
    column = matches[0]
    for earlier, taken in chosen.items():
        if taken == column:
            raise _at_header(table, f"{_col(table, column, 'id')} dipakai untuk {earlier} dan {uid}",
                             f"{_col(table, column, 'en')} is used for both {earlier} and {uid}", column=column)
    return column


def _missing(table: Table, method: Method, uid: str, unsur_name: str,
             wording: Mapping[int, tuple[str, ...]]) -> SurveyError:
    """No column for an unsur: name a question header that matched nothing, or list the headers."""
    loose = [i for i, found in wording.items() if not found and _QUESTION.search(table.headers[i - 1])]
    if loose:
        i = loose[0]
        return _at_header(
            table, f"unsur {uid} ({unsur_name}) tidak ditemukan, dan judul {_col(table, i, 'id')} tidak cocok "
                   f'dengan unsur mana pun; petakan dengan --columns "{uid}=Judul Kolom"',
            f"no column for unsur {uid} ({unsur_name}), and the header of {_col(table, i, 'en')} matches no unsur; "
            f'map it with --columns "{uid}=Header"', column=i)
    shown = ", ".join(f'"{shorten(h)}"' for h in table.headers[:12] if h)
    more = "…" if len(table.headers) > 12 else ""
    return _at_header(table, f"kolom unsur {uid} ({unsur_name}) tidak ditemukan; judul kolom yang ada: "
                                   f'{shown}{more}; petakan dengan --columns "{uid}=Judul Kolom"',
                      f"no column for unsur {uid} ({unsur_name}); the headers are {shown}{more}; map it with "
                      f'--columns "{uid}=Header"')


def _col(table: Table, column: int, lang: str) -> str:
    word = "column" if lang == "en" else "kolom"
    return f'{word} {column_letter(column)} "{shorten(table.headers[column - 1])}"'


def _at_header(table: Table, indonesian: str, english: str, *, column: int = 0) -> SurveyError:
    return SurveyError(both(f"baris {table.header_row}: {indonesian}", f"row {table.header_row}: {english}"),
                       file=table.file, line=table.header_row, column=column)
