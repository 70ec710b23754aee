"""Safe YAML parsing: JSON-compatible data, optional source positions, strict limits (files.py reads the text).

We build the data ourselves from PyYAML's C event stream, without recursion, so that we can
refuse what a compliance file never needs (aliases, custom tags, duplicate keys, NaN) with
a position, and stop reading a file at the first node that breaks a limit (count, depth).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from compliance.errors import InputError
from compliance.load.files import read_text
from compliance.load.yaml_problems import problem_msg
from compliance.messages import Msg

try:  # pragma: no cover - depends on the PyYAML build
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NODES = 500_000
MAX_DEPTH = 64

KeyPath = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass
class Document:
    """Parsed YAML: the data and, when asked for, the (line, column) of every value and key."""

    file: str
    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """The 1-based position of the value (or key) at path, else of its nearest ancestor."""
        table = self.key_positions if key else self.positions
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if key and p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))


def json_path(path: KeyPath) -> str:
    """Render a path tuple the way jsonschema does: $.a[0].b."""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.replace("_", "").replace("-", "").isalnum() and "." not in part:
            out += f".{part}"
        else:
            out += "[" + repr(part) + "]"
    return out


def _shown(value: str, limit: int = 40) -> str:
    """A scalar for a message: quoted, and cut short so that a huge value keeps the message one line."""
    return repr(value) if len(value) <= limit else repr(value[:limit]) + f"… ({len(value):,} characters)"


def _tab_at(text: str, line: int, column: int) -> bool:
    start = -1
    for _ in range(line):
        start = text.find("\n", start + 1)
        if start < 0:
            return False
    return text[start + 1 + column: start + 2 + column] == "\t"


def parse(text: str, name: str, *, positions: bool = False) -> Document:
    """Parse one YAML document into JSON-compatible data (timestamps become ISO strings)."""
    loader = _Loader(text)
    try:
        return _build(loader.get_event, name, positions, "&" in text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        said = problem_msg(problem)
        if mark and "tab" not in problem and _tab_at(text, mark.line, mark.column):
            said = Msg("{p} (ada tab: YAML menjorok hanya dengan spasi)", "{p} (a tab: YAML indents with spaces only)",
                       p=said)
        raise InputError(Msg("kesalahan sintaks YAML: {p}", "YAML syntax error: {p}", p=said), file=name, line=line,
                         column=col) from None
    except yaml.YAMLError as exc:
        raise InputError(Msg("kesalahan YAML: {p}", "YAML error: {p}", p=str(exc).splitlines()[0]),
                         file=name) from None
    finally:
        loader.dispose()


def load_file(path: str | os.PathLike[str], *, positions: bool = False) -> Document:
    """Read and parse a YAML file."""
    name = os.fspath(path)
    return parse(read_text(name), name, positions=positions)


# ------------------------------------------------------------------------------------ the event-driven builder
#
# libyaml's event parser is a state machine: whatever the nesting or the size of the file, it keeps a small
# state per open level and hands over one event at a time. We build the data from the events with an explicit
# stack, counting nodes and levels as they arrive: nothing recursive ever sees the input, and the reading stops
# at the first node that breaks a limit (MAX_NODES, MAX_DEPTH), which is then the error.
#
# Otherwise the data and the refusals are those of PyYAML's C composer (CParser.get_single_node) followed by a
# walk over its node tree: scalars are resolved as BaseResolver.resolve does and constructed by
# SafeConstructor; a syntax error, or one of the composer's own errors (an undefined alias, a repeated anchor,
# a second document), anywhere in the file comes before our refusals of the data, which therefore wait until
# the rest of the file has been read (_drain).

_ScalarEvent = yaml.ScalarEvent
_MappingStart = yaml.MappingStartEvent
_SequenceStart = yaml.SequenceStartEvent
_MappingEnd = yaml.MappingEndEvent
_SequenceEnd = yaml.SequenceEndEvent
_AliasEvent = yaml.AliasEvent
_StreamEnd = yaml.StreamEndEvent

_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOL = "tag:yaml.org,2002:bool"
_MERGE = "tag:yaml.org,2002:merge"
_KEY_TAGS = frozenset(_SCALAR_TAGS)  # a key is kept as written, whatever its type
_Resolvers = tuple[tuple[str, re.Pattern[str]], ...]
_WILDCARD: _Resolvers = tuple(_Loader.yaml_implicit_resolvers.get(None, ()))
# The implicit resolvers by first character, wildcards last, as BaseResolver.resolve tries them.
_RESOLVERS: dict[str, _Resolvers] = {
    first: (*resolvers, *_WILDCARD)
    for first, resolvers in _Loader.yaml_implicit_resolvers.items() if first is not None
}
_CONSTRUCTORS = _CONSTRUCTOR.yaml_constructors
_NO_KEY: Any = object()  # a mapping waiting for its next key (a key may be any string, "null" included)


class _Refused(Exception):
    """Our refusal of the current event: raised inside the builder, reported once the stream is drained."""


# Short scalars already resolved and constructed: keys and values recur from file to file (facts, false, 1),
# and the resolvers' regular expressions and the constructors are the builder's largest costs.
_RESOLVED: dict[str, str] = {}  # plain scalar -> tag
_CONSTRUCTED: dict[tuple[str, str], Any] = {}  # (tag, scalar) -> value
_KNOWN_MAX_ENTRIES, _KNOWN_MAX_LENGTH = 10_000, 40


def _resolve(value: str) -> str:
    """The tag of an untagged plain scalar (BaseResolver.resolve for a ScalarNode)."""
    tag = _STR
    for candidate, regexp in _RESOLVERS.get(value[:1], _WILDCARD):
        if regexp.match(value):
            tag = candidate
            break
    if len(value) <= _KNOWN_MAX_LENGTH:
        if len(_RESOLVED) >= _KNOWN_MAX_ENTRIES:
            _RESOLVED.clear()
        _RESOLVED[value] = tag
    return tag


def _scalar(tag: str, value: str) -> Any:
    """The JSON-compatible value of a non-string scalar (a timestamp becomes its ISO string)."""
    result = _CONSTRUCTED.get((tag, value), _NO_KEY)
    if result is not _NO_KEY:
        return result
    if tag not in _SCALAR_TAGS:
        raise _Refused(_tag_refused(tag))
    if tag == _INT and len(value) > 40:  # before int(): 4,300 digits raise
        raise _Refused(_too_large(value))
    try:
        result = _CONSTRUCTORS[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    except (ValueError, OverflowError, LookupError, AttributeError):  # e.g. !!int x, !!bool x, !!timestamp x
        kind = {_TIMESTAMP: ("tanggal", "date"), _BOOL: ("boolean", "boolean")}.get(tag, ("angka", "number"))
        raise _Refused(Msg("{v} bukan {k} yang sah", "{v} is not a valid {k_en}", v=_shown(value), k=kind[0],
                           k_en=kind[1])) from None
    if tag == _TIMESTAMP:
        result = result.isoformat()
    elif isinstance(result, float) and not math.isfinite(result):
        raise _Refused(Msg("{v} bukan angka berhingga", "{v} is not a finite number", v=_shown(value)))
    elif isinstance(result, int) and not isinstance(result, bool) and abs(result) > 10**15:
        raise _Refused(_too_large(value))
    if len(value) <= _KNOWN_MAX_LENGTH:
        if len(_CONSTRUCTED) >= _KNOWN_MAX_ENTRIES:
            _CONSTRUCTED.clear()
        _CONSTRUCTED[tag, value] = result
    return result


def _tag_refused(tag: str) -> Msg:
    return Msg("tag YAML {t!r} tidak diizinkan", "YAML tag {t!r} is not allowed", t=tag)


def _too_large(value: str) -> Msg:
    return Msg("{v} adalah angka yang terlalu besar", "{v} is too large a number", v=_shown(value))


_MERGE_REFUSED = Msg("merge key YAML (<<) tidak diizinkan dalam berkas compliance",
                     "YAML merge keys (<<) are not allowed in compliance files")


def _error(event: Any, name: str, message: Msg | str) -> InputError:
    m = event.start_mark
    return InputError(message, file=name, line=m.line + 1, column=m.column + 1)


def _anchor(event: Any, anchors: set[str]) -> None:
    """The C composer's checks of anchors and aliases (yaml syntax errors, as it raised them)."""
    mark: Any = event.start_mark
    if event.__class__ is _AliasEvent:
        if event.anchor not in anchors:
            raise yaml.composer.ComposerError(None, None, "found undefined alias", mark)
    elif event.anchor in anchors:
        raise yaml.composer.ComposerError("found duplicate anchor; first occurrence", None, "second occurrence", mark)
    else:
        anchors.add(event.anchor)


def _single_document(get: Any) -> None:
    """After the document's end: the stream must end too (CParser.get_single_node)."""
    event = get()
    if event.__class__ is not _StreamEnd:
        raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                          "but found another document", event.start_mark)


def _count(event: Any, name: str, nodes: int, depth: int) -> None:
    """The limits, checked at each node (nodes: its number in the file, depth: how many collections hold it)."""
    if nodes > MAX_NODES:
        raise _error(event, name, Msg("dokumen memiliki lebih dari {n} node", "document has more than {n} nodes",
                                      n=MAX_NODES))
    if depth > MAX_DEPTH:
        raise _error(event, name, Msg("susunan bertingkat lebih dalam dari batas {n} tingkat",
                                      "nesting is deeper than the limit of {n} levels", n=MAX_DEPTH))


def _drain(get: Any, name: str, anchors: set[str], nodes: int, depth: int) -> None:
    """Read the rest of the file after a refusal of its data, for an error that comes first.

    The composer read the whole document before anything was checked, so a syntax error anywhere in the file
    was the one reported, and so were its own errors (see _anchor, _single_document). Reading on still stops
    at the first node that breaks a limit, which is then the error: libyaml's work stays bounded by the limits
    whatever follows (its time grows with the square of the depth of flow nesting).
    """
    while True:
        event = get()
        cls = event.__class__
        if cls is _ScalarEvent or cls is _MappingStart or cls is _SequenceStart or cls is _AliasEvent:
            nodes += 1
            _count(event, name, nodes, depth)
            if event.anchor is not None:
                _anchor(event, anchors)
            if cls is _MappingStart or cls is _SequenceStart:
                depth += 1
        elif cls is _MappingEnd or cls is _SequenceEnd:
            depth -= 1
        else:  # the document's end
            _single_document(get)
            return


def _build(get: Any, name: str, keep: bool, anchored: bool) -> Document:
    """The document from the parser's events (get: CParser.get_event), with positions if keep.

    anchored: the text holds a "&", without which no node has an anchor (the check is then saved).
    """
    doc = Document(file=name, data=None)
    positions, key_positions = doc.positions, doc.key_positions
    get()  # the stream's start
    if get().__class__ is _StreamEnd:  # else the document's start
        raise InputError(Msg("berkas kosong; seharusnya berisi mapping YAML", "file is empty; expected a YAML mapping"),
                         file=name)
    holder: list[Any] = []  # receives the root
    cur: Any = holder  # the open collection
    in_map = False  # cur is a mapping
    key: Any = _NO_KEY  # in a mapping, the key awaiting its value
    path: KeyPath = ()  # of cur (kept up to date only if keep)
    here: KeyPath = ()  # of the current node (only if keep)
    stack: list[tuple[Any, bool, KeyPath]] = []  # the enclosing collections
    depth = 0  # of the next node: how many collections hold it
    nodes = 0
    anchors: set[str] = set()
    event: Any = None
    # the module's names as locals: this loop runs once per event
    scalar_event, mapping_start, sequence_start, mapping_end, sequence_end, alias_event = (
        _ScalarEvent, _MappingStart, _SequenceStart, _MappingEnd, _SequenceEnd, _AliasEvent)
    resolvers, resolved, wildcard, key_tags, no_key, max_nodes, max_depth = (
        _RESOLVERS, _RESOLVED, _WILDCARD, _KEY_TAGS, _NO_KEY, MAX_NODES, MAX_DEPTH)
    try:
        while True:
            event = get()
            cls = event.__class__
            if cls is scalar_event:
                nodes += 1
                if nodes > max_nodes:
                    _count(event, name, nodes, 0)
                if anchored and event.anchor is not None:
                    _anchor(event, anchors)
                value = event.value
                tag = event.tag
                if tag is None or tag == "!":
                    plain = event.implicit[0] and (value[:1] in resolvers or wildcard)
                    tag = (resolved.get(value) or _resolve(value)) if plain else _STR
                if in_map and key is no_key:  # a key: kept as written
                    if tag not in key_tags:
                        raise _Refused(_MERGE_REFUSED if tag == _MERGE else _tag_refused(tag))
                    if value in cur:
                        raise _Refused(Msg("kunci ganda {k} (YAML diam-diam hanya menyimpan yang terakhir)",
                                           "duplicate key {k} (YAML would silently keep only the last one)",
                                           k=_shown(value)))
                    key = value
                    if keep:
                        m = event.start_mark
                        key_positions[(*path, key)] = (m.line + 1, m.column + 1)
                    continue
                if depth > max_depth:
                    _count(event, name, nodes, depth)
                if tag != _STR:
                    value = _scalar(tag, value)
                if keep:
                    m = event.start_mark
                    positions[(*path, key if in_map else len(cur)) if depth else ()] = (m.line + 1, m.column + 1)
                if in_map:
                    cur[key] = value
                    key = no_key
                else:
                    cur.append(value)
            elif cls is mapping_end or cls is sequence_end:
                cur, in_map, path = stack.pop()
                depth -= 1
            elif cls is mapping_start or cls is sequence_start:
                nodes += 1
                if nodes > max_nodes:
                    _count(event, name, nodes, 0)
                if event.anchor is not None:
                    _anchor(event, anchors)
                tag = event.tag
                if in_map and key is no_key:
                    raise _Refused(_MERGE_REFUSED if tag == _MERGE else Msg(
                        "kunci mapping harus berupa teks biasa", "mapping keys must be plain strings"))
                if depth > max_depth:
                    _count(event, name, nodes, depth)
                if tag is not None and tag != "!" and tag != (_MAP if cls is mapping_start else _SEQ):
                    raise _Refused(_tag_refused(tag))
                collection: Any = {} if cls is mapping_start else []
                if keep:
                    m = event.start_mark
                    here = (*path, key if in_map else len(cur)) if depth else ()
                    positions[here] = (m.line + 1, m.column + 1)
                if in_map:
                    cur[key] = collection
                    key = no_key
                else:
                    cur.append(collection)
                stack.append((cur, in_map, path))
                cur, in_map, path = collection, cls is mapping_start, here
                depth += 1
            elif cls is alias_event:
                nodes += 1
                if nodes > max_nodes:
                    _count(event, name, nodes, 0)
                _anchor(event, anchors)
                if depth > max_depth and not (in_map and key is no_key):
                    _count(event, name, nodes, depth)
                raise _Refused(Msg("alias YAML (*nama) tidak diizinkan dalam berkas compliance (ditemukan *{a})",
                                   "YAML aliases (*name) are not allowed in compliance files (found *{a})",
                                   a=event.anchor))
            else:  # the document's end
                break
    except _Refused as refused:
        opened = event.__class__ is _MappingStart or event.__class__ is _SequenceStart  # not yet on the stack
        _drain(get, name, anchors, nodes, depth + opened)
        raise _error(event, name, refused.args[0]) from None
    _single_document(get)
    doc.data = holder[0]
    return doc
