"""Caps: one limit that the band table in force has, and a condition of indicator tests that can bind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial
from typing import Any

from compliance.lint.checks.conditions import walk
from compliance.lint.context import Context, Node, where
from compliance.load.rulesets import RuleFile, did_you_mean
from compliance.load.safe_yaml import KeyPath
from compliance.messages import Msg
from compliance.model.findings import Finding, Severity

CODES = {
    "cap-limit": "a cap without exactly one of max_category and max_zone",
    "cap-unknown-limit": "a cap's max_category that no band of the rule set (with what it extends) has",
    "cap-unknown-zone": "a cap's max_zone that no band of the rule set has: the cap limits to the lowest band",
    "condition-form": "a cap condition that reads a fact, or an indicator test without exactly indicator and min_level",
    "unknown-reference": "a cap test names an unknown indicator, or a min_level above that indicator's top level",
    "disabled-reference": "a disabled indicator is read by a cap, which can then no longer bind",
    "cap-always": "a cap test {indicator: X, min_level: N} with N at or below X's bottom level: always true",
}


def check(ctx: Context) -> Iterator[Finding]:
    for ident, node in ctx.nodes("cap"):
        cap, rf, path = node.data, node.file, node.path
        limits = [k for k in ("max_category", "max_zone") if k in cap]
        if len(limits) != 1:
            yield rf.at(path, "cap-limit", Msg("batas {ident!r} memerlukan tepat satu dari max_category atau max_zone",
                                               "cap {ident!r} needs exactly one of max_category or max_zone",
                                               ident=ident))
        yield from _limits(ctx, ident, node)
        yield from walk(rf, (*path, "when"), cap["when"], None, partial(_indicator_test, ctx))


def _limits(ctx: Context, ident: str, node: Node) -> Iterator[Finding]:
    found = ctx.bands()
    if found is None:
        return  # missing-bands, reported by the bands family
    bands, bands_rf = found
    tables = {"max_category": [b["category"] for b in bands],
              "max_zone": list(dict.fromkeys(b["zone"] for b in bands))}
    for key, what in (("max_category", Msg("kategori", "category")), ("max_zone", Msg("zona", "zone"))):
        if key not in node.data or node.data[key] in tables[key]:
            continue
        value, have = node.data[key], ", ".join(tables[key])
        # A zone no band has is well defined (the engine caps to the lowest band): a warning. A category is not.
        code, severity = (("cap-unknown-zone", Severity.WARNING) if key == "max_zone"
                          else ("cap-unknown-limit", Severity.ERROR))
        if ctx.index_of(node.file) >= ctx.index_of(bands_rf):
            of = "" if bands_rf is node.file else os.path.basename(bands_rf.path)
            yield node.file.at((*node.path, key), code,
                               Msg("{what} {value!r} tidak ada dalam tabel kategori{of} ({have})",
                                   "{what} {value!r} is not in the band table{of} ({have})", what=what, value=value,
                                   of=Msg(" {f}", " of {f}", f=of) if of else "", have=have), severity)
        else:  # a later file of the chain replaced the band table the cap was written against
            yield bands_rf.at(("bands",), code,
                              Msg("batas {ident!r} ({at}) membatasi ke {what} {value!r}, yang tidak ada dalam "
                                  "tabel kategori ini ({have})",
                                  "cap {ident!r} ({at}) limits to {what} {value!r}, which this band table does "
                                  "not have ({have})", ident=ident, at=where(node.file, (*node.path, key)),
                                  what=what, value=value, have=have), severity, key=True)


def _indicator_test(ctx: Context, rf: RuleFile, path: KeyPath, cond: dict[str, Any]) -> Iterator[Finding]:
    ident = cond["indicator"]
    extra = [k for k in cond if k not in ("indicator", "min_level")]
    if "min_level" not in cond or extra:
        yield rf.at(path, "condition-form", Msg(
            "syarat indikator memiliki tepat kunci indicator dan min_level",
            "an indicator condition has exactly the keys indicator and min_level"))
        return
    target = ctx.defs.get(ident)
    if target is None or target.kind != "indicator":
        yield rf.at((*path, "indicator"), "unknown-reference",
                    Msg("indikator yang tidak dikenal {ident!r}{dym}", "unknown indicator {ident!r}{dym}",
                        ident=ident, dym=did_you_mean(ident, ctx.indicator_ids())))
        return
    if ident in ctx.disabled:
        drf, dpath = ctx.disabled[ident]
        yield drf.at(dpath, "disabled-reference",
                     Msg("indikator {ident!r} dibaca oleh batas ({at}); bila dinonaktifkan, batas itu tidak "
                         "dapat berlaku lagi",
                         "indicator {ident!r} is read by a cap ({at}); disabled, it can no longer bind that cap",
                         ident=ident, at=where(rf, path)), Severity.WARNING)
        return
    m = target.data.get("measure")
    levels = [0, m.get("steps", 100)] if m is not None else [lv["level"] for lv in target.data["levels"]]
    if cond["min_level"] <= min(levels):
        yield rf.at((*path, "min_level"), "cap-always",
                    Msg("setiap unit mencapai level {n} dari {ident!r}: uji ini selalu benar",
                        "every unit reaches level {n} of {ident!r}: this test is always true",
                        n=cond["min_level"], ident=ident),
                    Severity.WARNING)
    if cond["min_level"] > max(levels):
        yield rf.at((*path, "min_level"), "unknown-reference",
                    Msg("indikator {ident!r} tidak memiliki level {n} (level tertingginya {top})",
                        "indicator {ident!r} has no level {n} (its top level is {top})", ident=ident,
                        n=cond["min_level"], top=max(levels)))
