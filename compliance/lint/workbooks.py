"""Lint of checklist workbooks (.xlsx): read as evidence, checked like an evidence file, every finding at its cell.

A workbook found in a folder that is not a checklist is reported (a warning), not silently skipped; workbooks
inside a `lampiran` folder are attachments and are left alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from compliance.errors import ComplianceError, UnreadableError
from compliance.load.safe_yaml import Document
from compliance.model.findings import Finding, Location, Severity

ATTACHMENT_FOLDERS = frozenset({"lampiran"})


def workbooks_in(paths: list[str]) -> Iterator[tuple[str, bool]]:
    """(workbook, given by name) for the .xlsx/.xlsm files given and found in folders (sorted, recursively)."""
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d.lower() not in ATTACHMENT_FOLDERS)
                for f in sorted(files):
                    if f.lower().endswith((".xlsx", ".xlsm")) and not f.startswith("~$"):
                        yield os.path.join(root, f), False
        elif p.lower().endswith((".xlsx", ".xlsm")):
            yield p, True


def lint_workbook(path: str, given: bool = True, ruleset: str | None = None) -> list[Finding]:
    from compliance.lint.evidence import lint_evidence
    from compliance.load.workbook import NotAChecklist, read_workbook

    try:
        wb = read_workbook(path)
    except ComplianceError as exc:
        code = "unreadable" if isinstance(exc, UnreadableError) else "syntax"
        severity = Severity.ERROR
        if not given and isinstance(exc, NotAChecklist):
            code, severity = "unknown-kind", Severity.WARNING
        return [Finding(Location(exc.file or path, exc.line, exc.column), code, severity, exc.message)]
    cells = wb.by_json_path()
    out = []
    for f in lint_evidence(path, Document(path, wb.data), ruleset):
        where = cells.get(f.location.json_path)
        if where is None:  # the nearest ancestor that has a cell
            jp = f.location.json_path
            while where is None and ("." in jp[1:] or "[" in jp):
                jp = jp[: max(jp.rfind("."), jp.rfind("["))]
                where = cells.get(jp)
        out.append(Finding(Location(where or path, 0, 0, f.location.json_path), f.code, f.severity, f.message))
    return sorted(set(out))
