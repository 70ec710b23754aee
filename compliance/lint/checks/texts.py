"""Texts: every user-facing text in Indonesian also has its English version (en)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.lint.context import Context
from compliance.load.rulesets import RuleFile
from compliance.load.safe_yaml import KeyPath
from compliance.messages import Msg
from compliance.model.findings import Finding, Severity

CODES = {
    "missing-translation": "a text without English (en)",
}
TEXT_KEYS = {"title", "description", "label", "prompt", "proof", "remediation", "reason", "justification"}


def check(ctx: Context) -> Iterator[Finding]:
    for rf in ctx.chain:
        yield from _texts(rf, rf.data, ())


def _texts(rf: RuleFile, node: Any, path: KeyPath) -> Iterator[Finding]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k in TEXT_KEYS and isinstance(v, dict) and "id" in v and "en" not in v:
                yield rf.at((*path, k), "missing-translation", Msg("{k} tidak memiliki teks bahasa Inggris (en)",
                                                                      "{k} has no English text (en)", k=k),
                             Severity.WARNING)
            elif k != "facts" or not isinstance(v, dict):
                yield from _texts(rf, v, (*path, k))
            else:
                for name, fact in v.items():
                    yield from _texts(rf, fact, (*path, k, name))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _texts(rf, v, (*path, i))
