"""Lint of a report configuration (kind: ReportConfig): the schema, the document-number pattern, the logo
and the signatories' NIPs (the checks themselves are compliance/load/report_config.py's, which `report
--config` runs too)."""

from __future__ import annotations

from compliance.load.report_config import check
from compliance.load.safe_yaml import Document
from compliance.model.findings import Finding

CODES = {
    "report-number-pattern": "the document-number pattern names an unknown field or has a bad format spec",
    "report-number-unique": "the document-number pattern has neither {seq} nor {unit}: every report gets one number",
    "report-logo": "the letterhead's logo is missing, too large, or not the SVG, PNG or JPEG image its name says",
    "report-nip": "a signatory's NIP does not have 18 digits",
}


def lint_report_config(path: str, doc: Document) -> list[Finding]:
    return list(check(path, doc))
