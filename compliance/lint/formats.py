"""Lint report formats: text, json (versioned), github (workflow annotations), sarif (code scanning)."""

from __future__ import annotations

import json
import os
import pathlib
import urllib.parse
from collections.abc import Callable, Sequence
from typing import Any

from compliance import __version__
from compliance.lint.codes import describe, help_uri
from compliance.messages import say
from compliance.model.findings import Finding, Severity

JSON_FORMAT_VERSION = 1


def _text(findings: Sequence[Finding], files: int, lang: str) -> str:
    lines = [f.as_text(lang) for f in findings]
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity == Severity.WARNING)
    lines.append(say(lang, f"{files} berkas diperiksa: {errors} kesalahan, {warnings} peringatan",
                     f"{files} file(s) checked: {errors} error(s), {warnings} warning(s)"))
    return "\n".join(lines) + "\n"


def _json(findings: Sequence[Finding], files: int, lang: str) -> str:
    doc = {
        "format": JSON_FORMAT_VERSION,
        "tool": {"name": "kepatuhan", "version": __version__},
        "files_checked": files,
        "summary": {
            "errors": sum(1 for f in findings if f.severity == Severity.ERROR),
            "warnings": sum(1 for f in findings if f.severity == Severity.WARNING),
        },
        "findings": [
            {
                "file": f.location.file, "line": f.location.line, "column": f.location.column,
                "json_path": f.location.json_path, "severity": str(f.severity), "code": f.code,
                "message": f.text(lang),
            }
            for f in findings
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def _github(findings: Sequence[Finding], files: int, lang: str) -> str:
    out = []
    for f in findings:
        level = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(f.severity, "notice")
        loc = f.location
        out.append(f"::{level} file={_escape_prop(loc.file)},line={loc.line or 1},col={loc.column or 1},"
                   f"title={_escape_prop(f.code)}::{_escape_data(f.text(lang))}")
    return "\n".join(out) + ("\n" if out else "")


def _uri(file: str) -> str:
    """A file as a SARIF artifact URI: an absolute path as an absolute file:// URI, a relative one as a relative
    reference (to the folder lint ran in), both percent-encoded."""
    if os.path.isabs(file):
        return pathlib.Path(file).as_uri()
    return urllib.parse.quote(file.replace("\\", "/"), safe="/")


# SARIF wants a rule's friendly name to differ from its id: one-word codes get a name of their own.
_NAMES = {"syntax": "InvalidYaml", "unreadable": "UnreadableFile", "schema": "SchemaViolation",
          "include": "MissingInclude"}


def friendly_name(code: str) -> str:
    """The rule's Pascal-case name in SARIF: band-gap is BandGap."""
    return _NAMES.get(code) or "".join(part.capitalize() for part in code.split("-"))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _sarif_rule(code: str) -> dict[str, Any]:
    text = _sentence(describe(code))
    uri = help_uri(code)
    return {
        "id": code,
        "name": friendly_name(code),
        "shortDescription": {"text": text},
        "fullDescription": {"text": f"{text} Reported by kepatuhan lint under the code {code}."},
        "help": {"text": f"{text} The table of lint codes in docs/rules.md ({uri}) explains each code, and "
                         f"tests/cases/lint/ shows an example of each."},
        "helpUri": uri,
    }


def _sarif(findings: Sequence[Finding], files: int, lang: str) -> str:
    rules = sorted({f.code for f in findings})
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kepatuhan", "version": __version__,
                "informationUri": "https://github.com/kepatuhan/kepatuhan",
                "rules": [_sarif_rule(r) for r in rules],
            }},
            "results": [{
                "ruleId": f.code,
                "ruleIndex": rules.index(f.code),
                "level": {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(f.severity, "note"),
                "message": {"text": f.text(lang)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(f.location.file)},
                    "region": {"startLine": f.location.line or 1, "startColumn": f.location.column or 1},
                }, "logicalLocations": [{"fullyQualifiedName": f.location.json_path}]}],
            } for f in findings],
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# (findings, files checked, language of the messages) -> the report.
FORMATTERS: dict[str, Callable[[Sequence[Finding], int, str], str]] = {
    "text": _text,
    "json": _json,
    "github": _github,
    "sarif": _sarif,
}
