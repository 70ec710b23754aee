"""Tailoring: weight overrides, disabled ids and additions name what the extended rule sets define."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.lint.context import Context, a_
from compliance.load.rulesets import did_you_mean
from compliance.messages import Msg
from compliance.model.findings import Finding

CODES = {
    "unknown-reference": "a tailoring weight or disable names an unknown id, or add.into is not a dimension or group",
    "duplicate-id": "an id is disabled twice",
}


def check(ctx: Context) -> Iterator[Finding]:
    for rf in ctx.chain:
        tail = rf.data.get("tailoring") or {}
        for ident in tail.get("weights", {}):
            target = ctx.defs.get(ident)
            if target is None or target.kind == "cap":
                yield rf.at(("tailoring", "weights", ident), "unknown-reference",
                            Msg("bobot pengganti untuk id yang tidak dikenal {ident!r}{dym}",
                                "weight override for unknown id {ident!r}{dym}", ident=ident,
                                dym=did_you_mean(ident, ctx.defs)), key=True)
        for i, dis in enumerate(tail.get("disable", [])):
            ident = dis["id"]
            path = ("tailoring", "disable", i, "id")
            if ident not in ctx.defs or ctx.defs[ident].kind == "cap":
                yield rf.at(path, "unknown-reference",
                            Msg("tidak dapat menonaktifkan id yang tidak dikenal {ident!r}{dym}",
                                "cannot disable unknown id {ident!r}{dym}", ident=ident,
                                dym=did_you_mean(ident, ctx.defs)))
            elif ctx.disabled[ident][0] is not rf or ctx.disabled[ident][1] != path:  # not the first disable
                yield rf.at(path, "duplicate-id", Msg("{ident!r} dinonaktifkan dua kali",
                                                                "{ident!r} is disabled twice", ident=ident))
        for i, add in enumerate(tail.get("add", [])):
            into = add["into"]
            target = ctx.defs.get(into)
            if target is None:
                yield rf.at(("tailoring", "add", i, "into"), "unknown-reference",
                            Msg("tidak dapat menambah ke id yang tidak dikenal {into!r}{dym}",
                                "cannot add into unknown id {into!r}{dym}", into=into,
                                dym=did_you_mean(into, ctx.defs)))
            elif target.kind not in ("dimension", "group"):
                yield rf.at(("tailoring", "add", i, "into"), "unknown-reference",
                            Msg("{into!r} adalah {kind}; indikator hanya dapat ditambahkan ke dimensi atau kelompok",
                                "{into!r} is {kind}; indicators can only be added into a dimension or group",
                                into=into, kind=a_(target.kind)))
