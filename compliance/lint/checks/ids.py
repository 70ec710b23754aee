"""Ids: every dimension, group, indicator and cap id is used once across the whole extends chain."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.lint.context import Context, a_, where
from compliance.messages import Msg
from compliance.model.findings import Finding

CODES = {
    "duplicate-id": "an id of a dimension, group, indicator or cap is used twice in the rule set or its chain",
}


def check(ctx: Context) -> Iterator[Finding]:
    for node, prev in ctx.duplicates:
        ident = node.data["id"]
        yield node.file.at((*node.path, "id"), "duplicate-id",
                           Msg("id {ident!r} sudah dipakai oleh {kind} ({at})", "id {ident!r} is already used by "
                               "{kind} ({at})", ident=ident, kind=a_(prev.kind), at=where(prev.file, prev.path)))
