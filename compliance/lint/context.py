"""What every check family reads: a schema-valid extends chain and an index of its ids.

The index keeps the first definition of each id (a later one is a `duplicate-id`, reported by the ids family)
and the ids that tailoring disables (the first valid `disable` entry of each), so that no family depends on
another having run first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from compliance.load.rulesets import RuleFile
from compliance.load.safe_yaml import KeyPath
from compliance.messages import Msg
from compliance.model.labels import DEFAULT_UNIT_KINDS

# The kinds of defined ids, as the messages name them.
KIND_WORDS: dict[str, tuple[str, str]] = {
    "dimension": ("dimensi", "dimension"), "group": ("kelompok", "group"),
    "indicator": ("indikator", "indicator"), "cap": ("batas", "cap"),
}


def kind_word(kind: str) -> Msg:
    """The kind of a defined id in either language: 'indikator' / 'indicator'."""
    indonesian, english = KIND_WORDS.get(kind, (kind, kind))
    return Msg.text(indonesian) if indonesian == english else Msg(indonesian, english)


def a_(kind: str) -> Msg:
    """The kind with its indefinite article in English ('an indicator', 'a cap'); Indonesian has none."""
    indonesian, english = KIND_WORDS.get(kind, (kind, kind))
    article = "an " if english[:1] in "aeiou" else "a "
    return Msg(indonesian, article + english)


def where(rf: RuleFile, path: KeyPath) -> str:
    """'file.yaml:LINE' of a value, for messages that point at another place."""
    return f"{os.path.basename(rf.path)}:{rf.doc.position(path)[0]}"


@dataclass
class Node:
    """One defined id: a dimension, group, indicator or cap, where it is and its data."""

    kind: str  # dimension | group | indicator | cap
    file: RuleFile
    path: KeyPath
    data: dict[str, Any]


class Context:
    """The parsed chain (base first, every file schema-valid) and the index the checks share."""

    def __init__(self, chain: list[RuleFile]) -> None:
        self.chain = chain
        self.defs: dict[str, Node] = {}
        self.duplicates: list[tuple[Node, Node]] = []  # (the later definition, the one it repeats)
        self.disabled: dict[str, tuple[RuleFile, KeyPath]] = {}
        kinds = None
        for rf in chain:
            kinds = rf.data["metadata"].get("unit_kinds", kinds)
        self.unit_kinds: tuple[str, ...] = tuple(kinds) if kinds else DEFAULT_UNIT_KINDS
        self._index()

    def _define(self, kind: str, rf: RuleFile, path: KeyPath, data: dict[str, Any]) -> None:
        node = Node(kind, rf, path, data)
        if data["id"] in self.defs:
            self.duplicates.append((node, self.defs[data["id"]]))
        else:
            self.defs[data["id"]] = node

    def _index(self) -> None:
        for rf in self.chain:
            for di, dim in enumerate(rf.data.get("dimensions", [])):
                dp: KeyPath = ("dimensions", di)
                self._define("dimension", rf, dp, dim)
                for ii, ind in enumerate(dim.get("indicators", [])):
                    self._define("indicator", rf, (*dp, "indicators", ii), ind)
                for gi, grp in enumerate(dim.get("groups", [])):
                    gp: KeyPath = (*dp, "groups", gi)
                    self._define("group", rf, gp, grp)
                    for ii, ind in enumerate(grp["indicators"]):
                        self._define("indicator", rf, (*gp, "indicators", ii), ind)
            for ai, add in enumerate(rf.data.get("tailoring", {}).get("add", [])):
                for ii, ind in enumerate(add["indicators"]):
                    self._define("indicator", rf, ("tailoring", "add", ai, "indicators", ii), ind)
            for ci, cap in enumerate(rf.data.get("caps", [])):
                self._define("cap", rf, ("caps", ci), cap)
        for rf in self.chain:
            for i, dis in enumerate((rf.data.get("tailoring") or {}).get("disable", [])):
                target = self.defs.get(dis["id"])
                if target is not None and target.kind != "cap" and dis["id"] not in self.disabled:
                    self.disabled[dis["id"]] = (rf, ("tailoring", "disable", i, "id"))

    def nodes(self, *kinds: str) -> list[tuple[str, Node]]:
        """The defined ids of these kinds with their nodes, in the order of the chain."""
        return [(ident, n) for ident, n in self.defs.items() if n.kind in kinds]

    def indicator_ids(self) -> list[str]:
        return [ident for ident, _ in self.nodes("indicator")]

    def index_of(self, rf: RuleFile) -> int:
        """Where a file is in the chain (0 = the base)."""
        return next(i for i, other in enumerate(self.chain) if other is rf)

    def bands(self) -> tuple[list[dict[str, Any]], RuleFile] | None:
        """The band table in force (the nearest file of the chain that has one) and its file, or None."""
        for rf in reversed(self.chain):
            if "bands" in rf.data:
                return rf.data["bands"], rf
        return None
