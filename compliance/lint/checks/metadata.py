"""Metadata: the id matches the file name, the effective period is a period, tailoring has something to tailor."""

from __future__ import annotations

import os
from collections.abc import Iterator

from compliance.lint.context import Context
from compliance.messages import Msg
from compliance.model.findings import Finding

CODES = {
    "id-mismatch": "metadata.id differs from the file name stem",
    "effective-period": "effective.until is before effective.from",
    "tailoring-without-extends": "tailoring in a rule set that extends nothing",
}


def check(ctx: Context) -> Iterator[Finding]:
    for rf in ctx.chain:
        meta = rf.data["metadata"]
        stem = os.path.splitext(os.path.basename(rf.path))[0]
        if meta["id"] != stem:
            yield rf.at(("metadata", "id"), "id-mismatch",
                        Msg("metadata.id {id!r} harus sama dengan nama berkas tanpa akhiran {stem!r}",
                            "metadata.id {id!r} must equal the file name stem {stem!r}", id=meta["id"], stem=stem))
        eff = meta.get("effective")
        if eff and eff.get("until") and eff["until"] < eff["from"]:
            yield rf.at(("metadata", "effective", "until"), "effective-period",
                        Msg("effective.until {u} lebih awal dari effective.from {f}",
                            "effective.until {u} is before effective.from {f}", u=eff["until"], f=eff["from"]))
        if rf.data.get("tailoring") and not rf.data.get("extends"):
            yield rf.at(("tailoring",), "tailoring-without-extends",
                        Msg("tailoring hanya bermakna dalam perangkat aturan yang memperluas (extends) perangkat "
                            "aturan lain", "tailoring only makes sense in a rule set that extends another one"),
                        key=True)
