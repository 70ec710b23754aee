"""Typed models of rule sets (mirroring rules/schema/ruleset.schema.json) and their resolved form."""

from __future__ import annotations

import datetime as dt
import functools
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from compliance.messages import Msg
from compliance.model.labels import ZONE_NAMES
from compliance.model.mapping import Derivation
from compliance.model.scoring import band_index, to_fraction
from compliance.model.text import Text as Text  # re-exported: defined here before model/text.py

Zone = Literal["green", "yellow", "red"]
FactType = Literal["boolean", "number", "integer", "date", "text", "choice", "attachments"]
AttachmentKind = Literal["pdf", "photo", "scan", "document", "spreadsheet", "other"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Model):
    title: str
    url: str | None = None


class Effective(_Model):
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None


class Metadata(_Model):
    id: str
    version: str
    title: Text
    description: Text | None = None
    legal_basis: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    effective: Effective | None = None
    unit_kinds: tuple[str, ...] | None = None


class Index(_Model):
    """The result read on a 0..max index (index = score × max / 100), e.g. PEKPPP's IPP 0-5 (score = IPP × 20)."""

    max: float
    name: Text


class Scoring(_Model):
    method: Literal["weighted-mean"] = "weighted-mean"
    decimals: Literal[2] = 2
    index: Index | None = None

    @property
    def scale_max(self) -> float:
        """The top of the scale the bands are written on: the index's max, else 100."""
        return self.index.max if self.index is not None else 100


class Band(_Model):
    category: str
    zone: Zone | None = None
    min: float
    max: float
    label: Text
    inferred: Text | None = None


class Condition(_Model):
    """One node of the condition language; exactly one form is used (checked by lint)."""

    all: tuple[Condition, ...] | None = None
    any: tuple[Condition, ...] | None = None
    not_: Condition | None = Field(default=None, alias="not")
    fact: str | None = None
    is_: bool | int | float | str | None = Field(default=None, alias="is")
    is_not: bool | int | float | str | None = None
    gt: int | float | str | None = None
    gte: int | float | str | None = None
    lt: int | float | str | None = None
    lte: int | float | str | None = None
    in_: tuple[bool | int | float | str, ...] | None = Field(default=None, alias="in")
    present: bool | None = None
    min_count: int | None = None
    kinds: tuple[AttachmentKind, ...] | None = None
    max_age_days: int | None = None
    indicator: str | None = None
    min_level: int | None = None


class Fact(_Model):
    type: FactType
    prompt: Text
    proof: Text | None = None
    choices: tuple[str, ...] | None = None
    kinds: tuple[AttachmentKind, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None


    def value_problem(self, value: Any) -> Msg | None:
        """None when `value` (a non-null fact value) fits this fact, else what was expected, as a phrase."""
        t = self.type
        if t == "boolean":
            return None if isinstance(value, bool) else Msg("true atau false", "true or false")
        if t in ("integer", "number"):
            if isinstance(value, bool) or not isinstance(value, int | float) or (
                    t == "integer" and not isinstance(value, int)):
                return Msg("bilangan bulat", "a whole number") if t == "integer" else Msg("angka", "a number")
            if self.minimum is not None and value < self.minimum:
                return Msg("angka paling sedikit {n:g}", "a number of at least {n:g}", n=self.minimum)
            if self.maximum is not None and value > self.maximum:
                return Msg("angka paling banyak {n:g}", "a number of at most {n:g}", n=self.maximum)
            return None
        if t == "date":
            date = Msg("tanggal (YYYY-MM-DD)", "a date (YYYY-MM-DD)")
            if isinstance(value, dt.date):
                return None
            try:
                dt.date.fromisoformat(str(value))
            except ValueError:
                return date
            return None if isinstance(value, str) else date
        if t == "text":
            return None if isinstance(value, str) else Msg("teks", "text")
        if t == "choice":
            return None if isinstance(value, str) and value in (self.choices or ()) else \
                Msg("salah satu dari: {c}", "one of: {c}", c=", ".join(self.choices or ()))
        return None if isinstance(value, list) else Msg("daftar lampiran ({{path: ...}})",
                                                        "a list of attachments ({{path: ...}})")


class Measure(_Model):
    """An indicator scored linearly from a numeric fact: level = steps × (value − from) / (to − from)."""

    fact: str
    from_: float = Field(alias="from")
    to: float
    steps: int = 100


class Level(_Model):
    level: int
    label: Text
    when: Condition | None = None
    remediation: Text | None = None


class Indicator(_Model):
    id: str
    title: Text
    description: Text | None = None
    legal_basis: tuple[str, ...] = ()
    weight: float
    inferred: Text | None = None
    applies_to: tuple[str, ...] | None = None
    allow_not_applicable: bool = False
    scale: Literal["ladder", "pass-partial-fail"] = "ladder"
    measure: Measure | None = None
    facts: dict[str, Fact]
    levels: tuple[Level, ...] = ()

    @functools.cached_property
    def ladder(self) -> tuple[Level, ...]:
        """The levels from the lowest up (none for a measured indicator)."""
        return tuple(sorted(self.levels, key=lambda lv: lv.level))

    @functools.cached_property
    def max_level(self) -> int:
        if self.measure is not None:
            return self.measure.steps
        return max(lv.level for lv in self.levels)

    @functools.cached_property
    def min_level(self) -> int:
        if self.measure is not None:
            return 0
        return min(lv.level for lv in self.levels)

    def level(self, n: int) -> Level | None:
        for lv in self.levels:
            if lv.level == n:
                return lv
        return None


class Group(_Model):
    id: str
    title: Text
    description: Text | None = None
    weight: float
    inferred: Text | None = None
    applies_to: tuple[str, ...] | None = None
    indicators: tuple[Indicator, ...]


class Dimension(_Model):
    id: str
    title: Text
    description: Text | None = None
    weight: float
    inferred: Text | None = None
    applies_to: tuple[str, ...] | None = None
    groups: tuple[Group, ...] = ()
    indicators: tuple[Indicator, ...] = ()


class Cap(_Model):
    id: str
    when: Condition
    max_category: str | None = None
    max_zone: Zone | None = None
    reason: Text


class Disable(_Model):
    id: str
    justification: Text


class Addition(_Model):
    into: str
    indicators: tuple[Indicator, ...]


class Tailoring(_Model):
    weights: dict[str, float] = Field(default_factory=dict)
    disable: tuple[Disable, ...] = ()
    add: tuple[Addition, ...] = ()


class Qualifier(_Model):
    """A named condition on facts that adds a qualifier (e.g. "Tanpa Maladministrasi") to the entity's result.

    Its facts are given in a unit's evidence like an indicator's, under the qualifier's id."""

    id: str
    label: Text
    description: Text | None = None
    facts: dict[str, Fact]
    when: Condition


class Entity(_Model):
    """How the entity's (region's or agency's) result is formed from its sampled units."""

    title: Text
    description: Text | None = None
    unit_kinds: tuple[str, ...] | None = None
    combine: Literal["mean"] = "mean"
    bands: tuple[Band, ...] | None = None
    qualifiers: tuple[Qualifier, ...] = ()


class RuleSetDocument(_Model):
    """One rule-set file as written (before `extends` is resolved)."""

    apiVersion: Literal["compliance/v1"]
    kind: Literal["RuleSet"]
    metadata: Metadata
    extends: str | None = None
    scoring: Scoring = Scoring()
    bands: tuple[Band, ...] | None = None
    dimensions: tuple[Dimension, ...] = ()
    caps: tuple[Cap, ...] = ()
    tailoring: Tailoring | None = None
    entity: Entity | None = None
    derives_from: tuple[Derivation, ...] = ()


class Classification(_Model):
    """Where a score falls: category, zone and the band's labels."""

    category: str
    zone: Zone | None
    label: Text
    zone_label: Text | None


ZONE_LABELS: dict[str, Text] = {zone: Text(id=w["id"], en=w["en"]) for zone, w in ZONE_NAMES.items()}


class RuleSet(_Model):
    """A resolved rule set: `extends` applied, ready for evaluation."""

    metadata: Metadata
    scoring: Scoring
    bands: tuple[Band, ...]
    dimensions: tuple[Dimension, ...]
    caps: tuple[Cap, ...] = ()
    disabled: tuple[Disable, ...] = ()
    entity: Entity | None = None
    derives_from: tuple[Derivation, ...] = ()
    lineage: tuple[str, ...] = ()
    sha256: str = ""
    source: str = ""

    @property
    def id(self) -> str:
        return self.metadata.id

    @property
    def version(self) -> str:
        return self.metadata.version

    def indicators(self) -> list[tuple[Dimension, Group | None, Indicator]]:
        """Every indicator with its dimension and group, in document order."""
        out: list[tuple[Dimension, Group | None, Indicator]] = []
        for d in self.dimensions:
            out.extend((d, None, i) for i in d.indicators)
            for g in d.groups:
                out.extend((d, g, i) for i in g.indicators)
        return out

    @property
    def zoned(self) -> bool:
        """Whether the bands carry zones (a rule set without zones labels its results only)."""
        return any(b.zone is not None for b in self.bands)

    def on_scale(self, score: Any) -> Fraction:
        """A 0-100 score on the scale the bands are written on (the index, when the rule set declares one)."""
        return to_fraction(score) * to_fraction(self.scoring.scale_max) / 100

    def band_index(self, score: Any) -> int:
        """Index into `bands` (best first) of the band holding a score, read on the bands' scale and rounded to 2
        decimals."""
        return band_index(self.bands, self.on_scale(score))

    def classify(self, score: Any) -> Classification:
        """The category and zone of a score (a number; rounded half-up to 2 decimals first)."""
        band = self.bands[self.band_index(score)]
        return Classification(category=band.category, zone=band.zone, label=band.label,
                              zone_label=ZONE_LABELS[band.zone] if band.zone else None)
