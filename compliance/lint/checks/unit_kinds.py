"""Applicability: `applies_to` names only unit kinds the rule set declares (or the built-in list)."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.lint.context import Context
from compliance.load.rulesets import did_you_mean
from compliance.messages import Msg
from compliance.model.findings import Finding

CODES = {
    "unknown-unit-kind": "an applies_to kind that is not in metadata.unit_kinds (or the built-in list)",
}


def check(ctx: Context) -> Iterator[Finding]:
    for _, node in ctx.nodes("dimension", "group", "indicator"):
        for i, kind in enumerate(node.data.get("applies_to", [])):
            if kind not in ctx.unit_kinds:
                yield node.file.at((*node.path, "applies_to", i), "unknown-unit-kind",
                                   Msg("jenis unit yang tidak dikenal {kind!r}{dym}; nyatakan di metadata.unit_kinds",
                                       "unknown unit kind {kind!r}{dym}; declare it in metadata.unit_kinds",
                                       kind=kind, dym=did_you_mean(kind, ctx.unit_kinds)))
