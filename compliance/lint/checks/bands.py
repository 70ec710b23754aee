"""Bands: one table in force, from the best band down, covering 0 to 100 without gaps or overlaps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.lint.context import Context
from compliance.load.rulesets import RuleFile
from compliance.load.safe_yaml import KeyPath
from compliance.messages import Msg
from compliance.model.findings import Finding, Severity

CODES = {
    "missing-bands": "no band table, neither here nor inherited",
    "duplicate-id": "a band category used twice",
    "band-order": "bands not listed from the best down, or a band with min above max",
    "band-coverage": "the top band does not reach 100 (the index's max, with scoring.index) or the lowest does not "
                     "start at 0",
    "band-gap": "scores between two bands fall nowhere",
    "band-overlap": "two bands overlap",
    "zone-order": "zones not in the order green, yellow, red from the best band down",
}
ZONE_ORDER = {"green": 0, "yellow": 1, "red": 2}


def _scale_max(ctx: Context) -> float:
    """The top of the bands' scale: the index's max when the scoring in force declares one, else 100."""
    for rf in reversed(ctx.chain):
        if "scoring" in rf.data:
            return float(rf.data["scoring"].get("index", {}).get("max", 100))
    return 100.0


def check(ctx: Context) -> Iterator[Finding]:
    found = ctx.bands()
    if found is None:
        yield ctx.chain[0].at((), "missing-bands", Msg("perangkat aturan tidak memiliki tabel kategori (bands)",
                                                            "the rule set has no band table (bands)"))
        return
    bands, rf = found
    top = _scale_max(ctx)
    yield from check_table(bands, rf, ("bands",), top)
    for erf in ctx.chain:  # an entity's own bands (opinions) follow the same rules, on the same scale
        ebands = (erf.data.get("entity") or {}).get("bands")
        if ebands:
            yield from check_table(ebands, erf, ("entity", "bands"), top)


def check_table(bands: list[dict[str, Any]], rf: RuleFile, at: KeyPath, top: float) -> Iterator[Finding]:
    """The findings of one band table at `at` in `rf`, on a scale from 0 to `top`."""
    cats: set[str] = set()
    for i, b in enumerate(bands):
        if b["category"] in cats:
            yield rf.at((*at, i, "category"), "duplicate-id", Msg("kategori {c!r} muncul dua kali",
                                                                  "category {c!r} appears twice", c=b["category"]))
        cats.add(b["category"])
        if b["min"] > b["max"]:
            yield rf.at((*at, i), "band-order", Msg("kategori {c}: min {lo} di atas max {hi}",
                                                    "band {c}: min {lo} is above max {hi}",
                                                    c=b["category"], lo=b["min"], hi=b["max"]))
    mins = [b["min"] for b in bands]
    if mins != sorted(mins, reverse=True):
        yield rf.at(at, "band-order", Msg("kategori harus diurutkan dari yang terbaik (tertinggi) ke yang terendah",
                                          "bands must be listed from the best (highest) to the lowest"))
        return
    cents = [(round(b["min"] * 100), round(b["max"] * 100)) for b in bands]
    if cents[0][1] != round(top * 100):
        yield rf.at((*at, 0, "max"), "band-coverage",
                    Msg("kategori teratas harus mencapai {top:g}, ditemukan {v}",
                        "the top band must reach {top:g}, found {v}", top=top, v=bands[0]["max"]))
    if cents[-1][0] != 0:
        yield rf.at((*at, len(bands) - 1, "min"), "band-coverage",
                    Msg("kategori terendah harus mulai dari 0, ditemukan {v}",
                        "the lowest band must start at 0, found {v}", v=bands[-1]["min"]))
    for i in range(1, len(bands)):
        upper_min = cents[i - 1][0]
        lower_max = cents[i][1]
        if lower_max + 1 < upper_min:
            yield rf.at((*at, i, "max"), "band-gap",
                        Msg("celah antara kategori {c} (max {hi}) dan kategori {c2} (min {lo}): nilai di "
                            "antaranya tidak masuk kategori mana pun",
                            "gap between band {c} (max {hi}) and band {c2} (min {lo}): scores in between fall "
                            "nowhere", c=bands[i]["category"], hi=bands[i]["max"], c2=bands[i - 1]["category"],
                            lo=bands[i - 1]["min"]))
        elif lower_max + 1 > upper_min:
            yield rf.at((*at, i, "max"), "band-overlap",
                        Msg("kategori {c} (max {hi}) bertumpang tindih dengan kategori {c2} (min {lo})",
                            "band {c} (max {hi}) overlaps band {c2} (min {lo})", c=bands[i]["category"],
                            hi=bands[i]["max"], c2=bands[i - 1]["category"], lo=bands[i - 1]["min"]))
    zones = [ZONE_ORDER[b["zone"]] for b in bands if "zone" in b]
    if zones != sorted(zones):
        yield rf.at(at, "zone-order", Msg(
            "zona seharusnya berurutan hijau (green), kuning (yellow), merah (red) dari kategori terbaik ke bawah",
            "zones should go green, yellow, red from the best band down"),
                    Severity.WARNING)
