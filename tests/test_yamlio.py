from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from compliance.errors import InputError, UnreadableError
from compliance.load.files import read_text
from compliance.load.safe_yaml import MAX_DEPTH, json_path, load_file, parse

# What these messages say is tested in English; tests/test_messages.py and the lint corpus test Indonesian.
pytestmark = pytest.mark.usefixtures("english")


def test_positions_of_values_and_keys() -> None:
    doc = parse("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml", positions=True)
    assert doc.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert doc.position(("b", 1, "c")) == (4, 9)
    assert doc.position(("b", 1, "c"), key=True) == (4, 6)
    assert doc.position(("b", 5)) == (3, 3)  # nearest ancestor


def test_timestamps_become_iso_strings() -> None:
    assert parse("d: 2024-01-31\n", "f").data == {"d": "2024-01-31"}


@pytest.mark.parametrize(("text", "message", "line"), [
    ("a: 1\na: 2\n", "duplicate key 'a'", 2),
    ("a: &x [1]\nb: *x\n", "aliases (*name) are not allowed in compliance files (found *x)", 2),
    ("a: !!python/object:os.system x\n", "tag", 1),
    ("a: .nan\n", "not a finite number", 1),
    ("a: .inf\n", "not a finite number", 1),
    ("a: 2023-02-30\n", "not a valid date", 1),
    ("a: 123456789012345678901234567890\n", "too large", 1),
    ("a: [\n", "YAML syntax error", 2),
    ("<<: {a: 1}\n", "merge keys", 1),
    ("", "empty", 0),
])
def test_refused_inputs_name_the_position(text: str, message: str, line: int) -> None:
    with pytest.raises(InputError) as exc:
        parse(text, "f.yaml")
    assert message in exc.value.message
    assert exc.value.line == line
    assert exc.value.file == "f.yaml"


def test_deep_flow_nesting_is_refused_before_parsing() -> None:
    with pytest.raises(InputError, match="nesting"):
        parse("a: " + "[" * 10_000 + "]" * 10_000, "f")


def test_bom_is_accepted_and_bad_utf8_is_located(tmp_path) -> None:
    p = tmp_path / "x.yaml"
    p.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_file(p).data == {"a": 1}
    p.write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(InputError) as exc:
        load_file(p)
    assert (exc.value.line, exc.value.column) == (2, 4)


def test_unreadable_paths(tmp_path) -> None:
    with pytest.raises(UnreadableError, match="not found"):
        load_file(tmp_path / "missing.yaml")
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(UnreadableError, match="folder"):
        load_file(tmp_path / "dir.yaml")


def test_json_path() -> None:
    assert json_path(("a", 0, "b.c", "d")) == "$.a[0]['b.c'].d"


def test_errors_are_one_line_whatever_the_input() -> None:
    from compliance.errors import SurveyError

    err = SurveyError('answer ",1\n1,1\r\n" is not a number', file="a\u2028b.csv", line=2, column=5)
    assert "\n" not in str(err) and "\r" not in str(err) and "\u2028" not in str(err)
    assert str(err) == 'a⏎b.csv:2:5: answer ",1⏎1,1⏎⏎" is not a number'


# --------------------------------------------------------------------------------------------- against PyYAML
# parse builds the data from libyaml's events itself; for what it accepts it must agree with PyYAML's own safe
# loader (timestamps as ISO strings), and what PyYAML cannot load it must refuse.

_REFUSED = object()


class _NotJson(Exception):
    pass


def _as_parsed(data: Any) -> Any:
    """PyYAML's data as parse returns it: dates as ISO strings; what parse refuses raises _NotJson."""
    if isinstance(data, dict):
        assert all(isinstance(k, str) for k in data), "the generators write string keys only"
        return {k: _as_parsed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_parsed(v) for v in data]
    if isinstance(data, dt.date):  # and datetime
        return data.isoformat()
    if isinstance(data, float) and not math.isfinite(data):
        raise _NotJson("not a finite number")
    if isinstance(data, int) and not isinstance(data, bool) and abs(data) > 10**15:
        raise _NotJson("too large a number")
    if data is None or isinstance(data, str | bool | int | float):
        return data
    raise _NotJson(type(data).__name__)  # bytes of !!binary, a set of !!set, ...


def _typed(data: Any) -> Any:
    """Data compared with its types: True is not 1, 1.0 is not 1."""
    if isinstance(data, dict):
        return {k: _typed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_typed(v) for v in data]
    return (type(data).__name__, data)


def _expected(text: str) -> Any:
    try:
        if yaml.compose(text, Loader=yaml.CSafeLoader) is None:
            return _REFUSED  # no document: an empty file
        return _as_parsed(yaml.load(text, Loader=yaml.CSafeLoader))
    except (yaml.YAMLError, ValueError, OverflowError, LookupError, AttributeError, _NotJson):
        return _REFUSED  # ValueError: e.g. an impossible date; the others: e.g. !!bool maybe, !!int ''


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**17), 10**17), st.floats(), st.text(max_size=20),
    st.dates(), st.datetimes(timezones=st.none() | st.timezones()),
    st.sampled_from(["yes", "no", "on", "~", "null", "0x1F", "1_000", "1:20", "2024-5-1", "<<", "=", "-", "", "#",
                     "12:30:00", ".inf", "1e3", "0o17", "017", "2001-12-14t21:59:43.10-05:00", "a: b", "- x"]),
)
_DATA = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=16)


@st.composite
def _dumped(draw: Any) -> str:
    """Python data written by yaml.safe_dump in block, flow or mixed style."""
    return yaml.safe_dump(draw(_DATA), default_flow_style=draw(st.sampled_from([False, True, None])),
                          allow_unicode=draw(st.booleans()), explicit_start=draw(st.booleans()),
                          sort_keys=False, width=draw(st.sampled_from([20, 80])))


# Scalars as people write them: every implicit type of YAML 1.1, quoted look-alikes, explicit tags.
_SPELLINGS = [
    "yes", "No", "on", "OFF", "y", "true", "False", "~", "null", "NULL", "", "0", "-0", "+12", "0x1F", "0o17", "017",
    "0b101", "1_000", "1:20", "190:20:30", "-1:30", "1.5", "1.5e3", "1e3", "6.8523015e+5", "685.230_15e+03", ".5",
    "-.inf", ".inf", ".NaN", "123456789012345678", "1000000000000000", "9" * 41, "2024-5-1", "2024-01-31",
    "2024-02-30", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2024-01-31 10:00:00",
    "'quoted'", "'yes'", "'0x1F'", "''", '"2024-01-01"', '"1:20"', '"\\u00e9\\t"', "a b", "é", "-x", "=", "<<",
    "!!str 12", "!!str yes", "!!int '7'", "!!int 0x10", "!!float 3", "!!float '1e400'", "!!bool yes", "!!bool maybe",
    "!!null x", "!!timestamp 2024-01-01", "!!timestamp 2024-13-01", "!!binary aGk=", "!custom x", "! 12",
    "!<tag:yaml.org,2002:int> 5", "|\n  text", ">-\n  folded\n  text",
]
_KEYS = ["a", "b", "key", "nama", "é", "k 1", "x_y", "'quoted'", '"dq"']
_TREES = st.recursive(st.sampled_from(_SPELLINGS), lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(_KEYS), inner, max_size=4), max_leaves=16)


def _block(node: Any, indent: int) -> str:
    pad = " " * indent
    if isinstance(node, list):
        return "".join(f"\n{pad}-{_block(item, indent + 2)}" for item in node) if node else " []"
    if isinstance(node, dict):
        return "".join(f"\n{pad}{k}:{_block(v, indent + 2)}" for k, v in node.items()) if node else " {}"
    return " " + node.replace("\n", "\n" + pad)


def _flow(node: Any) -> str:
    if isinstance(node, list):
        return "[" + ", ".join(_flow(item) for item in node) + "]"
    if isinstance(node, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in node.items()) + "}"
    return str(node)


@st.composite
def _spelled(draw: Any) -> str:
    """Hand-written spellings of scalars in block or flow collections."""
    tree = draw(_TREES)
    flow = _flow(tree)
    if draw(st.booleans()) and "\n" not in flow:  # block scalars (| and >) only in block style
        return flow + "\n"
    return _block(tree, 0).lstrip("\n") + "\n"


@given(st.one_of(_dumped(), _spelled()))
def test_parse_agrees_with_pyyaml(text: str) -> None:
    expected = _expected(text)
    try:
        got = parse(text, "f.yaml")
    except InputError as exc:
        assert expected is _REFUSED, f"refused {text!r}: {exc}"
        return
    assert expected is not _REFUSED, f"accepted {text!r} as {got.data!r}"
    assert _typed(got.data) == _typed(expected)


def _paths(data: Any, path: tuple[str | int, ...] = ()) -> tuple[set[Any], set[Any]]:
    """Every path in data, and every path that ends in a mapping key."""
    values, keys = {path}, set()
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for k, v in items:
        if isinstance(data, dict):
            keys.add((*path, k))
        sub_values, sub_keys = _paths(v, (*path, k))
        values |= sub_values
        keys |= sub_keys
    return values, keys


def _outcome(text: str, positions: bool) -> Any:
    try:
        return parse(text, "f.yaml", positions=positions)
    except InputError as exc:
        return (exc.message, exc.line, exc.column)


@given(st.one_of(_dumped(), _spelled()))
def test_positions_do_not_change_the_outcome(text: str) -> None:
    with_positions, without = _outcome(text, True), _outcome(text, False)
    if isinstance(without, tuple):
        assert with_positions == without
        return
    assert with_positions.data == without.data
    assert not without.positions and not without.key_positions
    values, keys = _paths(with_positions.data)
    assert set(with_positions.positions) == values
    assert set(with_positions.key_positions) == keys


def test_positions_of_a_hand_written_document() -> None:
    text = (
        "name: Unit\n"
        "tags: [a, 'b', {c: 1}]\n"
        "nested:\n"
        "  - x\n"
        "  -\n"
        "    k: |\n"
        "      text\n"
        '    "q k": ~\n'
        "when: 2024-01-31\n"
        "empty:\n"
    )
    doc = parse(text, "f.yaml", positions=True)
    assert doc.data == {"name": "Unit", "tags": ["a", "b", {"c": 1}], "nested": ["x", {"k": "text\n", "q k": None}],
                        "when": "2024-01-31", "empty": None}
    assert doc.positions == {
        (): (1, 1), ("name",): (1, 7), ("tags",): (2, 7), ("tags", 0): (2, 8), ("tags", 1): (2, 11),
        ("tags", 2): (2, 16), ("tags", 2, "c"): (2, 20), ("nested",): (4, 3), ("nested", 0): (4, 5),
        ("nested", 1): (6, 5), ("nested", 1, "k"): (6, 8), ("nested", 1, "q k"): (8, 12), ("when",): (9, 7),
        ("empty",): (10, 7),
    }
    assert doc.key_positions == {
        ("name",): (1, 1), ("tags",): (2, 1), ("tags", 2, "c"): (2, 17), ("nested",): (3, 1),
        ("nested", 1, "k"): (6, 5), ("nested", 1, "q k"): (8, 5), ("when",): (9, 1), ("empty",): (10, 1),
    }


def test_keys_are_kept_as_written() -> None:
    assert parse("1: a\nnull: b\n~: c\nyes: d\n2024-01-01: e\n", "f").data == {
        "1": "a", "null": "b", "~": "c", "yes": "d", "2024-01-01": "e"}


@pytest.mark.parametrize(("text", "message", "position"), [
    # the composer's errors and syntax errors anywhere come before a refusal of the data, as before
    ("a: 1\n---\nb: 2\n", "YAML syntax error: but found another document", (2, 1)),
    ("a: 1\na: 2\n---\nb: 2\n", "YAML syntax error: but found another document", (3, 1)),
    ("a: 1\na: 2\nb: [\n", "YAML syntax error: did not find expected node content", (4, 1)),
    ("a: 1\na: 2\nb: *x\n", "YAML syntax error: found undefined alias", (3, 4)),
    ("a: &x 1\nb: &x 2\n", "YAML syntax error: second occurrence", (2, 4)),
    ("a: 1\na: 2\nb:\n\t- 1\n", "start any token (a tab: YAML indents with spaces only)", (4, 1)),
    # every alias is refused where it stands, as a key or naming a key's node too
    ("a: &x k\n*x : 2\n", "YAML aliases (*name) are not allowed in compliance files (found *x)", (2, 1)),
    ("&x k: 1\nb: *x\n", "YAML aliases (*name) are not allowed in compliance files (found *x)", (2, 4)),
    # explicit tags on values that are not of the type
    ("a: !!bool maybe\n", "'maybe' is not a valid boolean", (1, 4)),
    ("a: !!timestamp soon\n", "'soon' is not a valid date", (1, 4)),
    ("a: !!int ''\n", "'' is not a valid number", (1, 4)),
    ("? [a]\n: 1\n", "mapping keys must be plain strings", (1, 3)),
    ("a: =\n", "YAML tag 'tag:yaml.org,2002:value' is not allowed", (1, 4)),
    ("a: !!set {b}\n", "YAML tag 'tag:yaml.org,2002:set' is not allowed", (1, 4)),
    # the limits stop the reading where they are broken
    ("a: " + "[" * 100 + "]" * 100, f"nesting is deeper than the limit of {MAX_DEPTH} levels", (1, 68)),
    ("- " * 100 + "x\n", f"nesting is deeper than the limit of {MAX_DEPTH} levels", (1, 131)),
    ("a: 1\na: 2\nb: " + "[" * 100 + "]" * 100, "nesting is deeper", (3, 68)),
])
def test_refusals_and_their_order(text: str, message: str, position: tuple[int, int]) -> None:
    for positions in (False, True):
        with pytest.raises(InputError) as exc:
            parse(text, "f.yaml", positions=positions)
        assert message in exc.value.message
        assert (exc.value.line, exc.value.column) == position


def test_nesting_up_to_the_limit_is_accepted() -> None:
    doc = parse("- " * MAX_DEPTH + "x\n", "f")
    for _ in range(MAX_DEPTH):
        doc.data = doc.data[0]
    assert doc.data == "x"


def test_read_text_of_a_file_whose_size_is_not_known_beforehand() -> None:
    """procfs reports size 0 for files that have content: reading goes on to the end, not to the size."""
    if not os.path.exists("/proc/self/status"):
        pytest.skip("no procfs here")
    assert "Name:" in read_text("/proc/self/status")


def test_read_text_of_a_large_file(tmp_path: Path) -> None:
    text = "# é\n" * 300_000  # 1.5 MB, many reads' worth
    (tmp_path / "big.yaml").write_text(text, encoding="utf-8")
    assert read_text(tmp_path / "big.yaml") == text
