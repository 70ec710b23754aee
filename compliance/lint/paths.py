"""Lint of files and folders: read each YAML file, dispatch on its `kind` to the linter of that kind."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from compliance.errors import ComplianceError, UnreadableError
from compliance.lint.rulesets import lint_ruleset
from compliance.load import schema
from compliance.load.files import iter_yaml_files
from compliance.load.rulesets import did_you_mean
from compliance.load.safe_yaml import Document, load_file
from compliance.messages import Msg
from compliance.model.findings import Finding, Location, Severity

# Codes of reading a file and checking its shape, whatever its kind (here and in compliance.load.schema).
CODES = {
    "syntax": "the file is not valid YAML, or uses something refused (duplicate key, alias, merge key, tag, "
              "non-UTF-8 text)",
    "unreadable": "the file cannot be read at all (missing, a folder, no permission)",
    "unknown-kind": "kind is missing or not one of RuleSet, Evidence, EvidenceFragment, RuleTest, ReportConfig",
    "schema": "the shape is wrong: unknown key, missing key, wrong type, value not allowed, pattern not matched",
    "weight-not-positive": "a weight (also in tailoring.weights) is 0 or negative",
}

Linter = Callable[[str, Document], list[Finding]]


def _lint_ruleset(path: str, doc: Document) -> list[Finding]:
    try:
        return lint_ruleset(path, doc)[1]
    except ComplianceError as exc:
        return [Finding(Location(path, exc.line, exc.column), "syntax", Severity.ERROR, exc.msg)]


def _lint_evidence(path: str, doc: Document, ruleset: str | None = None) -> list[Finding]:
    from compliance.lint.evidence import lint_evidence

    return lint_evidence(path, doc, ruleset)


def _lint_ruletest(path: str, doc: Document) -> list[Finding]:
    return list(schema.validate(doc, "ruletest.schema.json"))


def _lint_fragment(path: str, doc: Document) -> list[Finding]:
    return list(schema.validate(doc, "fragment.schema.json"))


def _lint_report_config(path: str, doc: Document) -> list[Finding]:
    from compliance.lint.report_config import lint_report_config

    return lint_report_config(path, doc)


KIND_LINTERS: dict[str, Linter] = {
    "RuleSet": _lint_ruleset,
    "Evidence": _lint_evidence,
    "EvidenceFragment": _lint_fragment,
    "RuleTest": _lint_ruletest,
    "ReportConfig": _lint_report_config,
}


def _kind_of(doc: Document) -> str | None:
    data = doc.data
    return data.get("kind") if isinstance(data, dict) and isinstance(data.get("kind"), str) else None


def lint_paths(paths: list[str], ruleset: str | None = None) -> Iterator[tuple[str, list[Finding]]]:
    """Lint files and folders; yields (file, findings) per YAML file, dispatching on `kind`, and per checklist
    workbook (.xlsx). Evidence is checked against the rule set it names, or against `ruleset` (a rule-set file or
    shipped id) when one is given."""
    from compliance.lint.workbooks import lint_workbook, workbooks_in

    yaml_paths = [p for p in paths if not p.lower().endswith((".xlsx", ".xlsm"))]
    for path, given in workbooks_in(paths):
        yield path, lint_workbook(path, given, ruleset)
    for path in iter_yaml_files(yaml_paths) if yaml_paths else ():
        try:
            doc = load_file(path, positions=True)
        except ComplianceError as exc:
            code = "unreadable" if isinstance(exc, UnreadableError) else "syntax"
            yield path, [Finding(Location(path, exc.line, exc.column), code, Severity.ERROR, exc.msg)]
            continue
        kind = _kind_of(doc)
        if kind == "Evidence" and ruleset is not None:
            yield path, sorted(set(_lint_evidence(path, doc, ruleset)))
        elif kind in KIND_LINTERS:
            yield path, sorted(set(KIND_LINTERS[kind](path, doc)))
        else:
            known = ", ".join(KIND_LINTERS)
            line, col = doc.position(("kind",)) if kind else (1, 1)
            msg = (Msg("kind yang tidak dikenal {kind!r}{dym}; seharusnya salah satu dari: {known}",
                       "unknown kind {kind!r}{dym}; expected one of: {known}", kind=kind,
                       dym=did_you_mean(kind, KIND_LINTERS), known=known)
                   if kind
                   else Msg("bukan berkas compliance: tidak ada 'kind' ({known})",
                            "not a compliance file: no 'kind' ({known})", known=known))
            yield path, [Finding(Location(path, line, col, "$.kind"), "unknown-kind", Severity.ERROR, msg)]
