"""Levels: a ladder ascends from 0, only levels above the bottom have a condition, all but the top a remediation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.lint.context import Context
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
                        f"levels must be listed in strictly ascending order without repeats, found {numbers}")
        elif numbers[0] != 0:
            yield rf.at((*lp, 0, "level"), "ladder-order", f"the bottom level must be 0, found {numbers[0]}")
        if ind.get("scale") == "pass-partial-fail" and not (set(numbers) <= {0, 1, 2} and {0, 2} <= set(numbers)):
            yield rf.at(lp, "ladder-order",
                        f"a pass-partial-fail scale has levels 0 (fail), 1 (partial, optional) and 2 (pass), "
                        f"found {numbers}")
        top = max(numbers)
        bottom = min(numbers)
        for i, lv in enumerate(levels):
            p = (*lp, i)
            if lv["level"] == bottom and "when" in lv:
                yield rf.at((*p, "when"), "bottom-level-condition",
                            "the bottom level is reached when no other level is; it takes no condition")
            if lv["level"] != bottom and "when" not in lv:
                yield rf.at(p, "missing-condition", f"level {lv['level']} has no condition (when)")
            if lv["level"] != top and "remediation" not in lv:
                yield rf.at(p, "missing-remediation",
                            f"level {lv['level']} has no remediation text saying how to reach the next level",
                            Severity.WARNING)
