"""Property-based fuzzing of the loaders and the engine: whatever the input, the answer is a result or a
ComplianceError whose message is one line (never another exception, never a hang).

The default hypothesis profile (tests/conftest.py) keeps this fast in `make test`; `make fuzz` runs the same
tests under the `long` profile (HYPOTHESIS_PROFILE=long).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import json
import os
import string
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_support import MINI, Hang, time_limit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.errors import ComplianceError

AS_OF = dt.date(2024, 6, 1)
PER_EXAMPLE_SECONDS = 20  # a hang shows up as a failure, not as a stuck suite
_WORK = Path(tempfile.mkdtemp(prefix="kepatuhan-fuzz-"))
_COUNTER = itertools.count()
(_WORK / "mini.yaml").write_bytes(MINI.read_bytes())

fuzz = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])


def _fresh(suffix: str) -> Path:
    """A new file name per example: the rule-set cache is keyed on path, mtime and size."""
    folder = _WORK / f"ex{next(_COUNTER)}"
    folder.mkdir()
    return folder / f"f{suffix}"


def _one_line(exc: ComplianceError) -> None:
    text = str(exc)
    assert text.strip(), "an empty error message"
    assert "\n" not in text and "\r" not in text, f"a multi-line error message: {text!r}"


@contextlib.contextmanager
def _bounded() -> Iterator[None]:
    try:
        with time_limit(PER_EXAMPLE_SECONDS):
            yield
    except Hang as exc:  # pragma: no cover - only on a defect
        raise AssertionError(f"no answer within {PER_EXAMPLE_SECONDS} s") from exc


# --------------------------------------------------------------------------------------------- YAML

YAML_TOKENS = [
    "- ", ": ", "\n", "  ", "\t", "[", "]", "{", "}", ", ", "? ", "|\n", ">-\n", "'", '"', "# c", "&a ", "*a",
    "&b ", "*b", "!!python/object:os.system ", "!!binary ", "!include ", "!!set ", "<<: ", "---\n", "...\n",
    "key", "kind", "Evidence", "RuleSet", "1", "-1", "0x1F", "1e999", "1.0e+999", ".nan", ".inf", "~", "null",
    "yes", "2023-02-30", "2024-06-01", "12:30:00", "9" * 40, "é", "\ufeff", "\u2028", "\x85", "\\", "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n", "\x00", "\x07",
]


@fuzz
@given(st.binary(max_size=2000))
def test_fuzz_yaml_any_bytes(data: bytes) -> None:
    from compliance.load.safe_yaml import load_file

    path = _fresh(".yaml")
    path.write_bytes(data)
    with _bounded():
        try:
            load_file(path, positions=True)
        except ComplianceError as exc:
            _one_line(exc)


@fuzz
@given(st.lists(st.sampled_from(YAML_TOKENS), max_size=120).map("".join))
def test_fuzz_yaml_tokens(text: str) -> None:
    from compliance.load.safe_yaml import parse

    with _bounded():
        try:
            doc = parse(text, "f.yaml", positions=True)
        except ComplianceError as exc:
            _one_line(exc)
            return
    json.dumps(doc.data)  # JSON-compatible whatever was accepted


@fuzz
@given(st.integers(min_value=1, max_value=300), st.sampled_from(["- ", "? ", "[", "{a: ", "a:\n  "]))
def test_fuzz_yaml_nesting(depth: int, token: str) -> None:
    from compliance.load.safe_yaml import MAX_DEPTH, parse

    closing = {"[": "]", "{a: ": "}"}.get(token, "")
    text = token * depth + "x" + closing * depth
    if token == "a:\n  ":
        text = "".join("  " * i + "a:\n" for i in range(depth)) + "  " * depth + "x\n"
    with _bounded():
        try:
            parse(text, "f.yaml")
        except ComplianceError as exc:
            _one_line(exc)
            if "nesting" in exc.message:
                assert depth >= MAX_DEPTH - 2, f"refused at depth {depth}: {exc}"


# --------------------------------------------------------------------------------------------- structures

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30),
    st.sampled_from(["2024-02-29", "2023-02-30", "../../etc/passwd", "/dev/zero", "<script>", "0" * 64, "",
                     "lampiran/a.pdf", "C:\\x", "a\x00b", "\u202e", "🏛️"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=12)


def _mutate(data: Any, draw: Any, depth: int = 0) -> Any:
    """Replace, delete or add one key or item somewhere in data."""
    if isinstance(data, dict) and data and depth < 8 and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(data)))
        out = dict(data)
        action = draw(st.sampled_from(["recurse", "recurse", "replace", "delete", "add"]))
        if action == "recurse":
            out[key] = _mutate(data[key], draw, depth + 1)
        elif action == "replace":
            out[key] = draw(VALUES)
        elif action == "delete":
            del out[key]
        else:
            out[draw(st.text(max_size=10))] = draw(VALUES)
        return out
    if isinstance(data, list) and data and depth < 8 and draw(st.booleans()):
        i = draw(st.integers(0, len(data) - 1))
        out_list = list(data)
        out_list[i] = _mutate(data[i], draw, depth + 1) if draw(st.booleans()) else draw(VALUES)
        return out_list
    return draw(VALUES) if depth else data


MINI_DATA = yaml.load(MINI.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@fuzz
@given(st.data())
def test_fuzz_ruleset_loader(data: st.DataObject) -> None:
    from compliance.catalog import load_ruleset
    from compliance.lint.paths import lint_paths

    doc = MINI_DATA
    for _ in range(data.draw(st.integers(1, 4))):
        doc = _mutate(doc, data.draw)
    path = _fresh(".yaml")
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with _bounded():
        list(lint_paths([str(path)]))
        try:
            rs = load_ruleset(path)
        except ComplianceError as exc:
            _one_line(exc)
            return
    rs.classify(50)


def _evidence_doc(draw: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for name in ("sk", "published", "date", draw(st.text(max_size=8))):
        if draw(st.booleans()):
            facts[name] = draw(st.one_of(
                VALUES,
                st.lists(st.fixed_dictionaries({"path": st.one_of(SCALARS, st.sampled_from(
                    ["sk.pdf", "lampiran/a.pdf", "../sk.pdf", "/etc/passwd", "zero.pdf", "pipe.pdf", "dir"]))},
                    optional={"sha256": SCALARS, "date": SCALARS, "kind": SCALARS}), max_size=3)))
    indicator = draw(st.sampled_from(["d1.sp", "d2.skm", "zz"]))
    doc: dict[str, Any] = {"apiVersion": "compliance/v1", "kind": "Evidence",
                           "unit": {"id": "u1", "name": "Unit", "kind": "dinas", "region": "R"},
                           "ruleset": {"id": "mini"}, "indicators": {indicator: {"facts": facts}}}
    if draw(st.booleans()):
        doc = _mutate(doc, draw)
    return doc


@fuzz
@given(st.data())
def test_fuzz_evidence_loader_and_engine(data: st.DataObject) -> None:
    """Generated evidence, including attachments that escape, are devices, pipes or folders; then the engine."""
    import compliance

    path = _fresh(".yaml")
    folder = path.parent
    (folder / "sk.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "lampiran").mkdir()
    (folder / "dir").mkdir()
    os.symlink("/dev/zero", folder / "zero.pdf")
    os.mkfifo(folder / "pipe.pdf")
    doc = _evidence_doc(data.draw)
    style = data.draw(st.sampled_from(["block", "flow", "json"]))
    if style == "json":
        text = json.dumps(doc, ensure_ascii=data.draw(st.booleans()))
    else:
        text = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=(style == "flow"))
    path.write_text(text, encoding="utf-8")
    rs = compliance.load_ruleset(_WORK / "mini.yaml")
    with _bounded():
        try:
            ev = compliance.load_evidence(path)
            a = compliance.evaluate(rs, ev, as_of=AS_OF)
        except ComplianceError as exc:
            _one_line(exc)
            return
    assert 0 <= a.score <= 100
    assert a.score <= a.score_best <= 100


@fuzz
@given(st.data())
def test_fuzz_engine_shipped_ruleset(data: st.DataObject) -> None:
    """Any facts of any type for the indicators of a shipped rule set: a result within 0-100, or an error."""
    import compliance
    from compliance.model.evidence import Evidence

    rs = compliance.load_ruleset("kukar-pra-penilaian")
    indicators = [i for _, _, i in rs.indicators()]
    chosen = data.draw(st.lists(st.sampled_from(indicators), max_size=6, unique_by=lambda i: i.id))
    inds: dict[str, Any] = {}
    for ind in chosen:
        facts = {}
        for name, fact in ind.facts.items():
            if data.draw(st.booleans()):
                continue
            right = {
                "boolean": st.booleans(), "number": st.floats(-1e6, 1e6), "integer": st.integers(-10**6, 10**6),
                "date": st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)).map(str), "text": st.text(max_size=20),
                "choice": st.sampled_from(list(fact.choices or ["x"])),
                "attachments": st.lists(st.fixed_dictionaries({"path": st.text(max_size=10)}, optional={
                    "date": st.dates().map(str), "kind": st.sampled_from(["pdf", "photo"])}), max_size=3),
            }[fact.type]
            facts[name] = data.draw(st.one_of(right, SCALARS) if data.draw(st.booleans()) else right)
        inds[ind.id] = {"facts": facts}
    payload = {"apiVersion": "compliance/v1", "kind": "Evidence",
               "unit": {"id": "u1", "name": "U", "kind": data.draw(st.sampled_from(["dinas", "kecamatan", "rsud"])),
                        "region": "R"},
               "ruleset": {"id": rs.id}, "indicators": inds}
    try:
        ev = Evidence.model_validate(payload)
    except ValueError:
        return  # refused by the model: the loader turns this into an EvidenceError (fuzzed above)
    as_of = data.draw(st.dates(dt.date(1950, 1, 1), dt.date(2100, 1, 1)))
    with _bounded():
        try:
            a = compliance.evaluate(rs, ev, as_of=as_of)
        except ComplianceError as exc:
            _one_line(exc)
            return
    assert 0 <= a.score <= a.score_best <= 100
    assert a.classification.zone in ("green", "yellow", "red")


# --------------------------------------------------------------------------------------------- surveys

CSV_CELLS = st.one_of(
    st.sampled_from(["1", "2", "3", "4", "4,0", "3.0", " 2 ", "", "tiga", "5", "0", "-1", "=1+2", '"', '""', "\ufeff",
                     "2024-05-01", "31/05/2024", "05/31/2024", "2023-02-30", "1 Mei 2024", "\x00", "\t", "\n"]),
    st.text(alphabet=string.printable, max_size=6),
)
HEADERS = ["Timestamp", "Tanggal", "Jenis Kelamin", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", "U1", ""]


@fuzz
@given(st.data())
def test_fuzz_survey_loader(data: st.DataObject) -> None:
    from compliance.skm.ikm import METHODS, compute
    from compliance.skm.reading import load_survey

    method = METHODS["permenpanrb-14-2017"]
    if data.draw(st.booleans()):
        raw = data.draw(st.binary(max_size=1500))
    else:
        headers = data.draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=12))
        if data.draw(st.booleans()):
            headers = ["Timestamp", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"]
        sep = data.draw(st.sampled_from([",", ";", "\t"]))
        rows = data.draw(st.lists(st.lists(CSV_CELLS, min_size=len(headers) - 1, max_size=len(headers) + 1),
                                  max_size=15))
        raw = "\n".join(sep.join(r) for r in [headers, *rows]).encode("utf-8")
    path = _fresh(".csv")
    path.write_bytes(raw)
    with _bounded():
        try:
            survey = load_survey(path, method)
            compute(survey.responses, method, population=data.draw(st.none() | st.integers(1, 10**6)))
        except ComplianceError as exc:
            _one_line(exc)


@fuzz
@given(st.data())
def test_fuzz_survey_xlsx(data: st.DataObject) -> None:
    from hostile_support import GENERATORS

    from compliance.skm.ikm import METHODS
    from compliance.skm.reading import load_survey

    cell = st.one_of(st.none(), st.integers(-5, 9), st.floats(allow_nan=False, allow_infinity=False),
                     st.booleans(), st.text(alphabet=string.ascii_letters + "=+ ", max_size=5),
                     st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2100, 1, 1)))
    rows = [["Timestamp", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"],
            *data.draw(st.lists(st.lists(cell, min_size=1, max_size=11), max_size=6))]
    merge = data.draw(st.lists(st.sampled_from(["B2:B3", "A2:C2", "D3:E4"]), max_size=1))
    formulas = data.draw(st.dictionaries(st.sampled_from(["B2", "C3", "J2"]), st.sampled_from(["=1+1", "=B2"]),
                                         max_size=1))
    path = _fresh(".xlsx")
    GENERATORS["xlsx"](path, rows=rows, merge=merge, formulas=formulas, cached=data.draw(st.booleans()))
    with _bounded():
        try:
            load_survey(path, METHODS["permenpanrb-14-2017"])
        except ComplianceError as exc:
            _one_line(exc)


# --------------------------------------------------------------------------------------------- command line


@fuzz
@given(st.sampled_from(["lint", "test"]), st.lists(st.sampled_from(YAML_TOKENS), max_size=80).map("".join),
       st.sampled_from(["RuleSet", "Evidence", "EvidenceFragment", "RuleTest"]))
def test_fuzz_cli_never_internal_error(command: str, text: str, kind: str) -> None:
    """`compliance lint|test` on any YAML-ish file: never an internal error, never a traceback."""
    from compliance.cli import main

    path = _fresh(".yaml")
    path.write_text(f"apiVersion: compliance/v1\nkind: {kind}\n" + text, encoding="utf-8", errors="surrogatepass")
    out, err = io.StringIO(), io.StringIO()
    with _bounded(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([command, str(path)])
    assert "internal error" not in err.getvalue(), err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert code in (0, 1, 2, 3)


@pytest.fixture(autouse=True, scope="module")
def _cleanup() -> Iterator[None]:
    yield
    import shutil

    shutil.rmtree(_WORK, ignore_errors=True)
