"""Rule-set unit tests as data (`kind: RuleTest`), like `opa test`: facts in, expected levels and zone out."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from compliance.catalog import find_ruleset, load_ruleset
from compliance.engine.entity import EntityUnit, entity_result
from compliance.engine.evaluate import evaluate
from compliance.errors import ComplianceError, RuleSetError
from compliance.load import schema
from compliance.load.files import read_text
from compliance.load.rulesets import resolve_ruleset_ref
from compliance.load.safe_yaml import Document, load_file, parse
from compliance.model.evidence import Evidence
from compliance.model.ruleset import RuleSet
from compliance.model.scoring import to_fraction

_KIND_LINE = re.compile(r"""^\s*["']?kind["']?\s*:\s*["']?RuleTest\b""", re.MULTILINE)


@dataclass
class CaseResult:
    file: str
    name: str
    line: int
    diffs: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return not self.diffs and self.error is None


def _ruleset_for(test_file: str, ref: str) -> RuleSet:
    return load_ruleset(resolve_ruleset_ref(test_file, ref) or find_ruleset(ref))


def _evidence(case: dict[str, Any], ruleset: RuleSet) -> Evidence:
    unit = {"id": "test-unit", "name": "Unit uji", "kind": "dinas", "region": "Uji", **case.get("unit", {})}
    return Evidence.model_validate({
        "apiVersion": "compliance/v1", "kind": "Evidence", "unit": unit,
        "ruleset": {"id": ruleset.id, "version": ruleset.version},
        "indicators": case.get("indicators", {}),
    })


def _num(x: Any) -> str:
    return f"{float(x):.2f}"


def _opt_num(x: Any) -> str:
    return "null" if x is None else _num(x)


def run_entity_case(file: str, doc: Document, index: int, ruleset: RuleSet) -> CaseResult:
    """One entity check: unit results in, the entity's sample, score, category and qualifiers out."""
    case = doc.data["entity"][index]
    result = CaseResult(file, "entity: " + case["name"], doc.position(("entity", index))[0])
    units = [EntityUnit(u.get("id", f"unit-{i + 1}"), u["kind"], u["score"], u.get("qualifiers", {}))
             for i, u in enumerate(case["units"])]
    got = entity_result(ruleset, units)
    if got is None:
        result.error = f"rule set {ruleset.id!r} declares no entity result"
        return result
    exp = case["expect"]
    if "sampled" in exp and exp["sampled"] != len(got.sampled):
        result.diffs.append(f"sampled: expected {exp['sampled']}, got {len(got.sampled)}")
    if "score" in exp and _opt_num(exp["score"]) != _opt_num(got.score):
        result.diffs.append(f"score: expected {_opt_num(exp['score'])}, got {_opt_num(got.score)}")
    if "category" in exp and exp["category"] != got.category:
        result.diffs.append(f"category: expected {exp['category']}, got {got.category}")
    if "qualifiers" in exp and sorted(exp["qualifiers"]) != sorted(q.id for q in got.held):
        result.diffs.append(f"qualifiers: expected {sorted(exp['qualifiers'])}, got {sorted(q.id for q in got.held)}")
    possible = sorted(q.id for q in got.qualifiers if q.holds is None)
    if "possible_qualifiers" in exp and sorted(exp["possible_qualifiers"]) != possible:
        result.diffs.append(f"possible_qualifiers: expected {sorted(exp['possible_qualifiers'])}, got {possible}")
    return result


def run_case(file: str, doc: Document, index: int, ruleset: RuleSet, default_as_of: dt.date) -> CaseResult:
    case = doc.data["cases"][index]
    line = doc.position(("cases", index))[0]
    result = CaseResult(file, case["name"], line)
    try:
        as_of = dt.date.fromisoformat(case.get("as_of", default_as_of.isoformat()))
        a = evaluate(ruleset, _evidence(case, ruleset), as_of=as_of)
    except ComplianceError as exc:
        result.error = exc.message
        return result
    except ValueError as exc:  # pydantic validation of the case's facts
        result.error = str(exc).splitlines()[0]
        return result
    exp = case["expect"]
    by_id = {r.id: r for r in a.indicators}
    for ident, level in exp.get("levels", {}).items():
        got = by_id.get(ident)
        if got is None:
            result.diffs.append(f"levels.{ident}: no such indicator")
        elif got.level != level:
            result.diffs.append(f"levels.{ident}: expected {level}, got {got.level} ({got.reason})")
    for ident, status in exp.get("statuses", {}).items():
        got = by_id.get(ident)
        if got is None:
            result.diffs.append(f"statuses.{ident}: no such indicator")
        elif got.status != status:
            result.diffs.append(f"statuses.{ident}: expected {status}, got {got.status}")
    checks: list[tuple[str, Any, Callable[[Any], str]]] = [("score", a.score, _num), ("score_best", a.score_best, _num),
              ("category", a.classification.category, str), ("zone", a.classification.zone, str),
              ("category_best", a.classification_best.category, str), ("index", a.index, _opt_num)]
    for key, got_value, fmt in checks:
        if key in exp and fmt(exp[key]) != fmt(got_value):
            result.diffs.append(f"{key}: expected {fmt(exp[key])}, got {fmt(got_value)}")
    holds = {q.id: q.holds for q in a.qualifiers}
    for ident, want in exp.get("qualifiers", {}).items():
        if ident not in holds:
            result.diffs.append(f"qualifiers.{ident}: no such qualifier")
        elif holds[ident] is not want:
            result.diffs.append(f"qualifiers.{ident}: expected {want}, got {holds[ident]}")
    if "capped_by" in exp and sorted(exp["capped_by"]) != sorted(a.classification.capped_by):
        result.diffs.append(f"capped_by: expected {sorted(exp['capped_by'])}, "
                            f"got {sorted(a.classification.capped_by)}")
    return result


def run_file(path: str) -> list[CaseResult]:
    """Run every case of one RuleTest file. A broken file gives one failing result, not an exception."""
    try:
        doc = load_file(path, positions=True)
        problems = list(schema.validate(doc, "ruletest.schema.json"))
        if problems:
            p = problems[0]
            raise RuleSetError(p.message, file=path, line=p.location.line, column=p.location.column)
        ruleset = _ruleset_for(path, doc.data["ruleset"])
        as_of = dt.date.fromisoformat(doc.data["as_of"])
    except ComplianceError as exc:
        return [CaseResult(path, "(file)", exc.line, error=str(exc))]
    results = [run_case(path, doc, i, ruleset, as_of) for i in range(len(doc.data.get("cases", [])))]
    results += [run_entity_case(path, doc, i, ruleset) for i in range(len(doc.data.get("entity", [])))]
    for i, check in enumerate(doc.data.get("classify", [])):
        line = doc.position(("classify", i))[0]
        # An index value is read on the index's scale: the same as its score, index × 100 / max.
        on_index = "score" not in check
        value = check["index"] if on_index else check["score"]
        r = CaseResult(path, f"classify {'index ' if on_index else ''}{_num(value)}", line)
        score = to_fraction(value) * 100 / to_fraction(ruleset.scoring.scale_max) if on_index else value
        got = ruleset.classify(score)
        if got.category != check["category"]:
            r.diffs.append(f"category: expected {check['category']}, got {got.category}")
        if "zone" in check and got.zone != check["zone"]:  # zone: null for a band without a zone
            r.diffs.append(f"zone: expected {check['zone']}, got {got.zone}")
        results.append(r)
    return results


def is_ruletest(path: str) -> bool:
    """Whether a YAML file is a rule test: its top-level `kind`, read as YAML, is RuleTest.

    However it is written (`kind: "RuleTest"`, flow style, JSON). A file that cannot be read or parsed but has a
    `kind: RuleTest` line still counts, so that `compliance test` reports why it is broken instead of skipping it.
    """
    if not os.path.isfile(path):  # a FIFO named on the command line would block the read forever
        return False
    try:
        text = read_text(path)
    except ComplianceError:  # not UTF-8, too large, unreadable
        return _has_kind_line(path)
    if "RuleTest" not in text:  # rule sets and evidence files are not parsed here
        return False
    try:
        data = parse(text, path).data
    except ComplianceError:
        return _KIND_LINE.search(text) is not None
    return isinstance(data, dict) and data.get("kind") == "RuleTest"


def _has_kind_line(path: str) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return _KIND_LINE.search(fh.read(4096)) is not None
    except OSError:
        return False
