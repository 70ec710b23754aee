"""The code registry: every lint code has a case in tests/cases/lint/ and a row in docs/rules.md, nothing names a
code lint does not have, each check family reports only the codes it declares, and lookups fail clearly."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from compliance.lint import checks
from compliance.lint.codes import (
    DOCS_URL,
    all_codes,
    describe,
    evidence_codes,
    help_uri,
    report_config_codes,
    ruleset_codes,
)
from compliance.lint.context import Context
from compliance.load.rulesets import load_chain

from conftest import ROOT

CASES = ROOT / "tests" / "cases" / "lint"
DOCS = ROOT / "docs" / "rules.md"
FINDING = re.compile(r": (error|warning) \[([a-z-]+)\] ")


def _case_codes() -> dict[str, set[str]]:
    """code -> the severities it has in the expected outputs of the corpus."""
    seen: dict[str, set[str]] = {}
    for expected in (CASES / "invalid").glob("*.expected.txt"):
        for severity, code in FINDING.findall(expected.read_text(encoding="utf-8")):
            seen.setdefault(code, set()).add(severity)
    return seen


def _docs_table(heading: str) -> dict[str, str]:
    """code -> E or W, from the first table after the heading."""
    text = DOCS.read_text(encoding="utf-8")
    start = text.index(f"\n### {heading}\n")
    rows = {}
    for line in text[start:].splitlines()[2:]:
        if rows and not line.startswith("|"):
            break
        m = re.match(r"\| `([a-z-]+)` \| ([EW]) \|", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


def test_every_code_has_a_case_and_every_case_a_known_code() -> None:
    seen = _case_codes()
    assert sorted(set(all_codes()) - set(seen)) == []
    assert sorted(set(seen) - set(all_codes())) == []


def test_every_code_has_a_row_in_the_docs_and_every_row_a_known_code() -> None:
    assert sorted(_docs_table("Lint codes")) == sorted(ruleset_codes())
    assert sorted(_docs_table("Evidence lint codes")) == sorted(evidence_codes())
    assert sorted(_docs_table("Report configuration lint codes")) == sorted(report_config_codes())


def test_the_docs_give_each_code_the_severity_it_is_reported_with() -> None:
    seen = _case_codes()
    for table in ("Lint codes", "Evidence lint codes", "Report configuration lint codes"):
        for code, letter in _docs_table(table).items():
            assert seen[code] == {"error" if letter == "E" else "warning"}, code


def test_help_links_point_at_headings_of_the_docs() -> None:
    headings = re.findall(r"^#+ (.+)$", DOCS.read_text(encoding="utf-8"), re.M)
    anchors = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings}
    for code in all_codes():
        base, _, anchor = help_uri(code).partition("#")
        assert base == DOCS_URL and anchor in anchors, code


def _checked_chains() -> list[Context]:
    out = []
    for path in sorted(CASES.rglob("*.yaml")):
        try:
            chain, _, complete = load_chain(str(path))
        except Exception:  # not YAML at all: a case of the reading stage
            continue
        if complete and chain and all(rf.schema_ok for rf in chain) and chain[-1].data.get("kind") == "RuleSet":
            out.append(Context(chain))
    return out


def test_each_family_reports_only_the_codes_it_declares() -> None:
    contexts = _checked_chains()
    assert len(contexts) >= 30
    reported: set[str] = set()
    for name, family in checks.FAMILIES.items():
        for ctx in contexts:
            codes = {f.code for f in family.check(ctx)}
            assert codes <= set(family.CODES), (name, codes - set(family.CODES))
            reported |= codes
    assert reported == set(checks.codes())  # and the corpus makes every family report every code it declares


def _emitted_codes(path: Path) -> set[str]:
    """String constants that a module passes as a finding's code: Finding(loc, CODE, ...), rf.at(path, CODE, ...),
    rf.finding(path, CODE, ...), _finding(doc, path, CODE, ...), or assigns to a variable named code."""
    positions = {"Finding": 1, "at": 1, "finding": 1, "_finding": 2}
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            i = positions.get(name)
            if i is not None and len(node.args) > i and isinstance(node.args[i], ast.Constant):
                found.add(node.args[i].value)
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets):
            for const in ast.walk(node.value):
                if isinstance(const, ast.Constant) and isinstance(const.value, str):
                    found.add(const.value)
    return found


def test_every_code_the_source_reports_is_registered() -> None:
    pkg = ROOT / "compliance"
    files = [*sorted((pkg / "lint").rglob("*.py")), pkg / "load" / "rulesets.py", pkg / "load" / "schema.py",
             pkg / "load" / "report_config.py"]
    emitted = set().union(*(_emitted_codes(f) for f in files))
    assert len(emitted) >= 40
    assert sorted(emitted - set(all_codes())) == []


def test_lookups_fail_clearly() -> None:
    assert checks.family("bands") is checks.FAMILIES["bands"]
    with pytest.raises(LookupError, match=r"no lint check family 'band' \(known: metadata, ids, "):
        checks.family("band")
    with pytest.raises(LookupError, match="unknown lint code 'band-gaps'"):
        describe("band-gaps")
    assert describe("band-gap") == "scores between two bands fall nowhere"
    # A code that several families report is described by all of them.
    assert describe("unknown-reference").count("; ") >= 2


def test_the_operator_vocabulary_is_defined_once_in_the_package() -> None:
    # The operator names are listed in one table (compliance/engine/operators.py); lint, the models and the engine
    # read it. A second list of them (as lint once had) would drift from it.
    listed = re.compile(r'"is_not",\s*"gt",\s*"gte"|"gte",\s*"lt",\s*"lte"')
    defined = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "compliance").rglob("*.py"))
               if "_generated" not in p.parts and listed.search(p.read_text(encoding="utf-8"))]
    assert defined == []
    from compliance.engine.operators import NAMES
    from compliance.lint.checks import conditions
    assert conditions.NAMES is NAMES


