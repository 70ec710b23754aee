"""Safe YAML reading: JSON-compatible data, optional source positions, strict limits.

PyYAML's C composer builds the node tree; we construct the data ourselves so that we can
refuse what a compliance file never needs (aliases, custom tags, duplicate keys, NaN) with
a position, and bound size and depth before any recursive walk.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import InputError, UnreadableError

try:  # pragma: no cover - depends on the PyYAML build
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 500_000
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]

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
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
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


def json_path(path: Path_) -> str:
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


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file (a BOM is accepted), with one-sentence errors."""
    name = os.fspath(path)
    try:
        if os.path.isdir(name):
            raise UnreadableError("is a folder, not a file", file=name)
        if os.path.exists(name) and not os.path.isfile(name):
            raise UnreadableError("is not a regular file", file=name)
        with open(name, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except InputError:
        raise
    except FileNotFoundError:
        raise UnreadableError("file not found", file=name) from None
    except PermissionError:
        raise UnreadableError("file is not readable (permission denied)", file=name) from None
    except OSError as exc:
        raise UnreadableError(f"cannot read file ({exc.strerror or exc})", file=name) from None
    if len(raw) > max_bytes:
        raise InputError(f"file is larger than the limit of {max_bytes // (1024 * 1024)} MiB", file=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError("is not valid UTF-8 text", file=name, line=line, column=col) from None
    if "\x00" in text:
        raise InputError("contains a NUL byte; it is not a text file", file=name)
    return text


_BRACKETS = re.compile(r"[\[\]{}]")


def _check_flow_depth(text: str, name: str) -> None:
    """Refuse absurd nesting before the (recursive) C composer sees it."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for m in _BRACKETS.finditer(text):
        if m.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(f"nesting is deeper than the limit of {MAX_DEPTH} levels", file=name)
        elif depth:
            depth -= 1


# Block nesting needs a new column per level (two levels per column at most: a sequence may sit at its
# key's column), so a file whose lines are all shorter than this cannot nest deeper than the C composer's
# recursion can take.
_LONG_LINE = re.compile(r"[^\n]{1000}")
# Every node but the first needs one of these characters (a flow separator, a key, an item, a line break),
# and a mapping entry two nodes: twice their count bounds the node count.
_NODE_MARKS = ",:-?[{\n"


def _prescan(text: str, name: str) -> None:
    """Bound nesting and node count with the streaming event parser before the C composer sees the text.

    The composer recurses once per level, overflowing the C stack (a crash, not an exception) at about
    100,000 levels of `- - - x`; and it builds every node before ours are counted: a 5 MB file of 2.6 million
    scalars took 17 s and 900 MB just to be refused. Only a file that could break a limit is scanned.
    """
    if not _LONG_LINE.search(text) and 2 * sum(text.count(c) for c in _NODE_MARKS) + 1 <= MAX_NODES:
        return
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise _event_error(event, name, f"document has more than {MAX_NODES} nodes")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _event_error(event, name, f"nesting is deeper than the limit of {MAX_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _event_error(event: yaml.Event, name: str, message: str) -> InputError:
    m = event.start_mark
    line, col = (m.line + 1, m.column + 1) if m is not None else (0, 0)
    return InputError(message, file=name, line=line, column=col)


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
    _check_flow_depth(text, name)
    loader = _Loader(text)
    try:
        _prescan(text, name)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if mark and "tab" not in problem and _tab_at(text, mark.line, mark.column):
            problem += " (a tab: YAML indents with spaces only)"
        raise InputError(f"YAML syntax error: {problem}", file=name, line=line, column=col) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {str(exc).splitlines()[0]}", file=name) from None
    except RecursionError:
        raise InputError(f"nesting is deeper than the limit of {MAX_DEPTH} levels", file=name) from None
    finally:
        loader.dispose()
    doc = Document(file=name, data=None)
    if node is None:
        raise InputError("file is empty; expected a YAML mapping", file=name)
    builder = _Builder(doc, positions, text)
    doc.data = builder.build(node, (), 0)
    return doc


def load_file(path: str | os.PathLike[str], *, positions: bool = False) -> Document:
    """Read and parse a YAML file."""
    name = os.fspath(path)
    return parse(read_text(name), name, positions=positions)


class _Builder:
    def __init__(self, doc: Document, positions: bool, text: str = "") -> None:
        self.doc = doc
        self.keep = positions
        self.text = text
        self.count = 0
        self.seen: set[int] = set()

    def _alias_error(self, node: yaml.Node) -> InputError:
        """The composer hands back the anchored node for an alias; find the first `*alias` token itself."""
        message = "YAML aliases (*name) are not allowed in compliance files"
        try:
            for token in yaml.scan(self.text, Loader=_Loader):
                if isinstance(token, yaml.AliasToken):
                    m = token.start_mark
                    return InputError(f"{message} (found *{token.value})", file=self.doc.file, line=m.line + 1,
                                      column=m.column + 1)
        except yaml.YAMLError:
            pass
        return self._fail(node, message)

    def _fail(self, node: yaml.Node, message: str) -> InputError:
        m = node.start_mark
        return InputError(message, file=self.doc.file, line=m.line + 1, column=m.column + 1)

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(node, f"document has more than {MAX_NODES} nodes")
        if depth > MAX_DEPTH:
            raise self._fail(node, f"nesting is deeper than the limit of {MAX_DEPTH} levels")
        if id(node) in self.seen:
            raise self._alias_error(node)
        self.seen.add(id(node))
        if self.keep:
            self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self._fail(node, f"YAML tag {node.tag!r} is not allowed")
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._fail(key_node, "YAML merge keys (<<) are not allowed in compliance files")
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(key_node, "mapping keys must be plain strings")
                key = key_node.value
                if key_node.tag not in (_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool",
                                        "tag:yaml.org,2002:float", "tag:yaml.org,2002:null",
                                        "tag:yaml.org,2002:timestamp"):
                    raise self._fail(key_node, f"YAML tag {key_node.tag!r} is not allowed")
                if key in out:
                    raise self._fail(key_node, f"duplicate key {_shown(key)} (YAML would silently keep only the "
                                               "last one)")
                if self.keep:
                    self.doc.key_positions[(*path, key)] = (key_node.start_mark.line + 1,
                                                            key_node.start_mark.column + 1)
                out[key] = self.build(value_node, (*path, key), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self._fail(node, f"YAML tag {node.tag!r} is not allowed")
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        # scalar
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            raise self._fail(node, f"YAML tag {tag!r} is not allowed")
        if tag == _STR:
            return node.value
        if tag == "tag:yaml.org,2002:int" and len(node.value) > 40:  # before int(): 4,300 digits raise
            raise self._fail(node, f"{_shown(node.value)} is too large a number")
        try:
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ValueError, OverflowError):
            if tag == "tag:yaml.org,2002:timestamp":
                raise self._fail(node, f"{_shown(node.value)} is not a valid date") from None
            raise self._fail(node, f"{_shown(node.value)} is not a valid number") from None
        if tag == "tag:yaml.org,2002:timestamp":
            return value.isoformat()
        if isinstance(value, float) and not math.isfinite(value):
            raise self._fail(node, f"{_shown(node.value)} is not a finite number")
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
            raise self._fail(node, f"{_shown(node.value)} is too large a number")
        return value


def iter_yaml_files(paths: list[str]) -> Iterator[str]:
    """Expand files and folders (recursively, sorted) into .yaml/.yml files."""
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.endswith((".yaml", ".yml")) and os.path.isfile(os.path.join(root, f)):
                        yield os.path.join(root, f)
        else:
            yield p
