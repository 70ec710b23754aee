"""Derived facts: how a rule set reads its facts from evidence written for another rule set.

A `derives_from` entry of a rule set names the source rule set and, per target fact, the source fact it is the
same evidence as (the same document, photo or survey result), copied as it is or through one small transform.
Plain data; applying it is engine/mapping.py, checking it lint/checks/derivations.py.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from compliance.model.text import Text

Threshold = Literal["gte", "gt", "lte", "lt"]
THRESHOLDS: tuple[Threshold, ...] = ("gte", "gt", "lte", "lt")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def split_ref(ref: str) -> tuple[str, str]:
    """'proses.persyaratan.sp_document' -> ('proses.persyaratan', 'sp_document'): fact names hold no dot."""
    ind, _, fact = ref.rpartition(".")
    return ind, fact


class FactMap(_Model):
    """Where one target fact comes from: a source fact, and at most one transform (the schema holds that)."""

    from_: str = Field(alias="from")
    gte: float | None = None
    gt: float | None = None
    lte: float | None = None
    lt: float | None = None
    min_count: int | None = None
    map: dict[str, bool | int | float | str] | None = None

    @property
    def source(self) -> tuple[str, str]:
        """(source indicator id, source fact name)."""
        return split_ref(self.from_)

    @property
    def transform(self) -> str:
        """'copy', a threshold operator, 'min_count' or 'map'."""
        for op in THRESHOLDS:
            if getattr(self, op) is not None:
                return op
        if self.min_count is not None:
            return "min_count"
        return "map" if self.map is not None else "copy"

    def describe(self) -> str:
        """The mapping in one line, as written: 'proses.persyaratan.sp_document', 'skm.ikm ≥ 76.61'."""
        t = self.transform
        if t == "copy":
            return self.from_
        if t == "map":
            return f"{self.from_} → " + ", ".join(f"{k}: {_scalar(v)}" for k, v in (self.map or {}).items())
        if t == "min_count":
            return f"{self.from_}: ≥ {self.min_count} lampiran"
        sign = {"gte": "≥", "gt": ">", "lte": "≤", "lt": "<"}[t]
        return f"{self.from_} {sign} {getattr(self, t):g}"


def _scalar(v: bool | int | float | str) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


def map_key(value: bool | int | float | str) -> str:
    """The key a source value is looked up by in a `map`: booleans as true/false, numbers as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Derivation(_Model):
    """Facts of this rule set read from evidence of `ruleset`: target indicator -> target fact -> FactMap."""

    ruleset: str
    note: Text | None = None
    unit_kinds: dict[str, str] = Field(default_factory=dict)  # source unit kind -> this rule set's
    facts: dict[str, dict[str, FactMap]]

    def count(self) -> int:
        return sum(len(f) for f in self.facts.values())


__all__ = ["THRESHOLDS", "Derivation", "FactMap", "map_key", "split_ref"]
