"""Facts: choices go with choice facts, kinds with attachments facts."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.lint.context import Context
from compliance.messages import Msg
from compliance.model.findings import Finding

CODES = {
    "fact-choices": "a choice fact without choices, or choices on a fact of another type",
    "fact-kinds": "kinds on a fact that is not of type attachments",
}


def check(ctx: Context) -> Iterator[Finding]:
    for _, node in ctx.nodes("indicator"):
        for name, fact in node.data["facts"].items():
            fp = (*node.path, "facts", name)
            if fact["type"] == "choice" and not fact.get("choices"):
                yield node.file.at(fp, "fact-choices", Msg(
                    "data {name!r} bertipe choice memerlukan daftar pilihan (choices)",
                    "fact {name!r} of type choice needs a list of choices", name=name))
            if fact.get("choices") and fact["type"] != "choice":
                yield node.file.at((*fp, "choices"), "fact-choices", Msg(
                    "choices hanya berlaku untuk data bertipe choice", "choices only apply to facts of type choice"))
            if fact.get("kinds") and fact["type"] != "attachments":
                yield node.file.at((*fp, "kinds"), "fact-kinds", Msg(
                    "kinds hanya berlaku untuk data bertipe attachments",
                    "kinds only apply to facts of type attachments"))
