"""Levels: a ladder ascends from 0, only levels above the bottom have a condition, all but the top a remediation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.lint.context import Context
from compliance.messages import Msg
from compliance.model.findings import Finding, Severity

CODES = {
    "ladder-order": "levels not strictly ascending, a bottom level other than 0, "
                    "or a pass-partial-fail scale with levels other than 0, (1,) 2",
    "bottom-level-condition": "the bottom level has a condition (when)",
    "missing-condition": "a level above the bottom has no condition (when)",
    "missing-remediation": "a level below the top has no remediation",
}


def check(ctx: Context) -> Iterator[Finding]:
    for _, node in ctx.nodes("indicator"):
        ind, rf = node.data, node.file
        if "levels" not in ind:  # a measured indicator (checked by the results family)
            continue
        levels: list[dict[str, Any]] = ind["levels"]
        numbers = [lv["level"] for lv in levels]
        lp = (*node.path, "levels")
        if numbers != sorted(set(numbers)):
            yield rf.at(lp, "ladder-order",
                        Msg("level harus berurutan naik tanpa pengulangan, ditemukan {n}",
                            "levels must be listed in strictly ascending order without repeats, found {n}",
                            n=numbers))
        elif numbers[0] != 0:
            yield rf.at((*lp, 0, "level"), "ladder-order", Msg(
                "level terbawah harus 0, ditemukan {n}", "the bottom level must be 0, found {n}", n=numbers[0]))
        if ind.get("scale") == "pass-partial-fail" and not (set(numbers) <= {0, 1, 2} and {0, 2} <= set(numbers)):
            yield rf.at(lp, "ladder-order",
                        Msg("skala pass-partial-fail memiliki level 0 (gagal), 1 (sebagian, boleh tidak ada) "
                            "dan 2 (lulus), ditemukan {n}",
                            "a pass-partial-fail scale has levels 0 (fail), 1 (partial, optional) and 2 (pass), "
                            "found {n}", n=numbers))
        top = max(numbers)
        bottom = min(numbers)
        for i, lv in enumerate(levels):
            p = (*lp, i)
            if lv["level"] == bottom and "when" in lv:
                yield rf.at((*p, "when"), "bottom-level-condition",
                            Msg("level terbawah tercapai bila tidak ada level lain yang tercapai; level ini tidak "
                                "memakai syarat (when)",
                                "the bottom level is reached when no other level is; it takes no condition"))
            if lv["level"] != bottom and "when" not in lv:
                yield rf.at(p, "missing-condition", Msg(
                    "level {n} tidak memiliki syarat (when)", "level {n} has no condition (when)", n=lv["level"]))
            if lv["level"] != top and "remediation" not in lv:
                yield rf.at(p, "missing-remediation",
                            Msg("level {n} tidak memiliki teks perbaikan (remediation) tentang cara mencapai "
                                "level berikutnya",
                                "level {n} has no remediation text saying how to reach the next level",
                                n=lv["level"]),
                            Severity.WARNING)
