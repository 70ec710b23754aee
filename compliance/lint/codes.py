"""Every code lint reports, with a one-line description: reading a file, reading an extends chain, the rule-set
check families and evidence lint. The SARIF output describes its rules from here; tests/test_lint_codes.py
holds that each code has a case under tests/cases/lint/ and a row in docs/rules.md."""

from __future__ import annotations

from compliance.lint import checks, evidence, paths, report_config, rulesets

# Where docs/rules.md lists the codes (the public repository's copy, so that links work from a SARIF viewer).
DOCS_URL = "https://github.com/kepatuhan/kepatuhan/blob/main/docs/rules.md"
RULESET_ANCHOR = "lint-codes"
EVIDENCE_ANCHOR = "evidence-lint-codes"
REPORT_CONFIG_ANCHOR = "report-configuration-lint-codes"


def ruleset_codes() -> dict[str, str]:
    """The codes of rule-set lint (and of the reading every file goes through)."""
    return checks.merge_codes(paths.CODES, rulesets.CODES, checks.codes())


def evidence_codes() -> dict[str, str]:
    """The codes of evidence lint, beyond those of reading the file."""
    return dict(evidence.CODES)


def report_config_codes() -> dict[str, str]:
    """The codes of report-configuration lint, beyond those of reading the file."""
    return dict(report_config.CODES)


def all_codes() -> dict[str, str]:
    return checks.merge_codes(ruleset_codes(), evidence_codes(), report_config_codes())


def describe(code: str) -> str:
    """The one-line description of a code; a LookupError for a code lint does not have."""
    try:
        return all_codes()[code]
    except KeyError:
        raise LookupError(f"unknown lint code {code!r}") from None


def help_uri(code: str) -> str:
    """The docs table that explains the code."""
    anchor = (RULESET_ANCHOR if code in ruleset_codes() else EVIDENCE_ANCHOR if code in evidence_codes()
              else REPORT_CONFIG_ANCHOR)
    return f"{DOCS_URL}#{anchor}"
