"""Results beyond the ladder: measured indicators, bands without zones, the entity's result and its qualifiers."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.lint.checks.conditions import walk
from compliance.lint.context import Context
from compliance.messages import Msg
from compliance.model.findings import Finding, Severity

CODES = {
    "measure-levels": "a measured indicator (measure) that also lists levels: its level follows from the value",
    "measure-fact": "a measure that reads a fact the indicator does not declare as a number or integer, "
                    "or whose from equals its to",
    "zone-mixed": "some bands carry a zone and others do not: a rule set either zones its results or only "
                  "labels them",
    "qualifier-id": "a qualifier id that is also an indicator id (the evidence gives both under the same key)",
    "entity-unit-kind": "an entity's sampled unit kind that the rule set's metadata.unit_kinds does not list",
}


def check(ctx: Context) -> Iterator[Finding]:
    for _, node in ctx.nodes("indicator"):
        m = node.data.get("measure")
        if m is None:
            continue
        rf, p = node.file, node.path
        if "levels" in node.data:
            yield rf.at((*p, "levels"), "measure-levels",
                        Msg("indikator terukur tidak memakai levels: levelnya langkah × (nilai − from) / (to − from)",
                            "a measured indicator takes no levels: its level is steps × (value − from) / (to − from)"))
        fact = node.data["facts"].get(m["fact"])
        if fact is None or fact["type"] not in ("number", "integer"):
            yield rf.at((*p, "measure", "fact"), "measure-fact",
                        Msg("measure membaca {f!r}, yang tidak dinyatakan indikator sebagai angka atau bilangan bulat",
                            "measure reads {f!r}, which the indicator does not declare as a number or integer",
                            f=m["fact"]))
        if m["from"] == m["to"]:
            yield rf.at((*p, "measure", "to"), "measure-fact", Msg(
                "measure: from dan to sama-sama {v}", "measure: from and to are both {v}", v=m["to"]))
    for rf in ctx.chain:
        for key, bands in (("bands", rf.data.get("bands")), ("entity", (rf.data.get("entity") or {}).get("bands"))):
            if not bands:
                continue
            zoned = [b for b in bands if "zone" in b]
            if zoned and len(zoned) != len(bands):
                where = ("bands",) if key == "bands" else ("entity", "bands")
                yield rf.at(where, "zone-mixed",
                            Msg("{z} dari {n} kategori memiliki zona: beri setiap kategori zona, atau tidak "
                                "sama sekali",
                                "{z} of {n} bands carry a zone: give every band a zone, or none", z=len(zoned),
                                n=len(bands)))
    indicators = set(ctx.indicator_ids())
    kinds = None
    for rf in ctx.chain:
        kinds = rf.data.get("metadata", {}).get("unit_kinds", kinds)
    for rf in ctx.chain:
        entity = rf.data.get("entity")
        if entity is None:
            continue
        for i, q in enumerate(entity.get("qualifiers", ())):
            qp = ("entity", "qualifiers", i)
            if q["id"] in indicators:
                yield rf.at((*qp, "id"), "qualifier-id",
                            Msg("qualifier {q!r} memakai id sebuah indikator; bukti memakai id untuk keduanya",
                                "qualifier {q!r} has the id of an indicator; the evidence keys both by id",
                                q=q["id"]))
            yield from walk(rf, (*qp, "when"), q["when"], q["facts"], None)
        for i, kind in enumerate(entity.get("unit_kinds", ())):
            if kinds is not None and kind not in kinds:
                yield rf.at(("entity", "unit_kinds", i), "entity-unit-kind",
                            Msg("entity mengambil sampel jenis unit {k!r}, yang tidak tercantum di metadata.unit_kinds",
                                "entity samples unit kind {k!r}, which metadata.unit_kinds does not list", k=kind),
                            Severity.WARNING)
