"""Lint of a rule-set file: read its extends chain, then run every check family over it."""

from __future__ import annotations

import os

from compliance.errors import RuleSetError
from compliance.lint import checks
from compliance.lint.context import Context
from compliance.load.rulesets import RuleFile, load_chain
from compliance.load.safe_yaml import Document
from compliance.messages import Msg
from compliance.model.findings import Finding, Severity

# Codes of reading the extends chain (compliance.load.rulesets.load_chain and lint_ruleset below).
CODES = {
    "unknown-reference": "extends names neither a file beside this one nor a shipped rule set",
    "unreadable-extends": "the rule set named in extends cannot be read or parsed",
    "extends-cycle": "extends leads back to this file",
    "invalid-extends": "the rule set named in extends has errors of its own",
}


def lint_ruleset(path: str, doc: Document | None = None) -> tuple[list[RuleFile], list[Finding]]:
    """Lint a rule-set file and its extends chain; returns the chain and the findings in this file (sorted,
    unique). Findings in the files it extends are reported when those files are linted themselves."""
    chain, findings, complete = load_chain(path, doc)
    own = os.path.realpath(path)
    leaf = chain[-1] if chain else None
    if leaf is not None and os.path.realpath(leaf.path) == own:
        for rf in chain[:-1]:
            errors = [f for f in rf.findings if f.severity >= Severity.ERROR]
            if errors:
                first = errors[0]
                findings.append(leaf.at(("extends",), "invalid-extends",
                                        Msg("perangkat aturan yang diperluas {f} memiliki {n} kesalahan, yang "
                                            "pertama di baris {line}: {m}",
                                            "the extended rule set {f} has {n} error(s), first at line {line}: {m}",
                                            f=os.path.basename(rf.path), n=len(errors), line=first.location.line,
                                            m=first.message)))
                complete = False
                break
    if complete and chain and all(rf.schema_ok for rf in chain):
        findings.extend(checks.run(Context(chain)))
    findings = [f for f in findings if os.path.realpath(f.location.file) == own]
    return chain, sorted(set(findings))


def checked_chain(path: str) -> list[RuleFile]:
    """The extends chain of a rule-set file that lints without errors. Raises RuleSetError naming the first
    error (and how many more there are)."""
    chain, findings = lint_ruleset(path)
    errors = [f for f in findings if f.severity >= Severity.ERROR]
    if errors:
        first = errors[0]
        more = (Msg(" (dan {n} lagi; jalankan 'compliance lint {p}')", " (and {n} more; run 'compliance lint {p}')",
                    n=len(errors) - 1, p=path) if len(errors) > 1 else "")
        raise RuleSetError(Msg("[{code}] {m}{more}", "[{code}] {m}{more}", code=first.code, m=first.message,
                               more=more), file=first.location.file,
                           line=first.location.line, column=first.location.column)
    return chain
