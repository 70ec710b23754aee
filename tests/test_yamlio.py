from __future__ import annotations

import pytest

from compliance.errors import InputError, UnreadableError
from compliance.yamlio import json_path, load_file, parse


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
