"""The tree: every dimension and group keeps at least one enabled indicator after tailoring."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.lint.context import Context, kind_word
from compliance.messages import Msg
from compliance.model.findings import Finding, Severity

CODES = {
    "empty-node": "a dimension or group with no enabled indicator",
}


def check(ctx: Context) -> Iterator[Finding]:
    live: dict[str, int] = {ident: 0 for ident, _ in ctx.nodes("dimension", "group")}
    off = ctx.disabled
    for rf in ctx.chain:
        for dim in rf.data.get("dimensions", []):
            for ind in dim.get("indicators", []):
                if ind["id"] not in off and dim["id"] not in off:
                    live[dim["id"]] += 1
            for grp in dim.get("groups", []):
                for ind in grp["indicators"]:
                    if ind["id"] not in off and grp["id"] not in off:
                        live[dim["id"]] += 1
                        live[grp["id"]] += 1
        for add in rf.data.get("tailoring", {}).get("add", []):
            target = ctx.defs.get(add["into"])
            if target is None:
                continue
            live[add["into"]] = live.get(add["into"], 0) + len(add["indicators"])
            if target.kind == "group":
                for dim_id, d in ctx.nodes("dimension"):
                    if any(g["id"] == add["into"] for g in d.data.get("groups", [])):
                        live[dim_id] += len(add["indicators"])
    for ident, n in live.items():
        node = ctx.defs[ident]
        if n == 0 and ident not in off:
            yield node.file.at(node.path, "empty-node", Msg(
                "{kind} {ident!r} tidak memiliki indikator yang aktif", "{kind} {ident!r} has no enabled indicators",
                kind=kind_word(node.kind), ident=ident), Severity.WARNING)
