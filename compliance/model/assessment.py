"""The result of evaluating one unit: a versioned, JSON round-trippable value."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic_core import to_json

from compliance.model.ruleset import Text, Zone

ASSESSMENT_FORMAT = 1
Status = Literal["met", "partial", "unmet", "not_applicable", "unknown"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RuleSetInfo(_Model):
    id: str
    version: str
    sha256: str
    title: Text
    lineage: tuple[str, ...] = ()


class UnitInfo(_Model):
    id: str
    name: str
    kind: str
    region: str
    kecamatan: str | None = None
    address: str | None = None


class ClassificationResult(_Model):
    category: str
    zone: Zone | None              # None: the rule set's bands carry no zones (labels only)
    label: Text
    band_category: str
    capped_by: tuple[str, ...] = ()


class Completeness(_Model):
    """How many of the facts the rule set asks for were answered (given, of the right type): per indicator, per
    dimension and for the unit. A unit with facts still open has a provisional score (its range is score to
    score_best)."""

    answered: int
    total: int
    percent: float                  # 100 × answered / total, rounded half-up to 2 decimals; 100 when total is 0

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


class IndicatorResult(_Model):
    id: str
    title: Text
    dimension: str
    group: str | None
    weight: float
    effective_weight: str          # exact fraction of the total, e.g. "437/20000"
    status: Status
    level: int | None               # the level reached (unknowns at their lowest); None when not applicable
    best_level: int | None
    max_level: int
    level_label: Text | None
    points: float                   # contribution to the total score (0-100 scale), rounded for display
    max_points: float
    reason: str
    facts_used: tuple[str, ...] = ()
    missing_facts: tuple[str, ...] = ()
    missing_prompts: tuple[Text, ...] = ()     # the prompts of missing_facts, in the same order
    completeness: Completeness | None = None    # None when not applicable (and in results written before it)
    attachments_used: tuple[str, ...] = ()
    not_applicable_reason: str | None = None
    remediation: Text | None = None
    note: str | None = None


class DimensionResult(_Model):
    id: str
    title: Text
    weight: float
    applicable: bool
    score: float | None             # 0-100 within the dimension, rounded for display
    best_score: float | None
    completeness: Completeness | None = None
    share: str                      # exact share of the total


class Need(_Model):
    """A fact an action's target level reads: what the unit must gather or answer, by the fact's prompt."""

    fact: str
    prompt: Text
    proof: Text | None = None       # the kind of proof the rule set expects for it


class Action(_Model):
    indicator: str
    title: Text
    from_level: int
    to_level: int
    gain: float                     # score points gained (rounded for display)
    remediation: tuple[Text, ...]
    needs: tuple[Need, ...] = ()    # the facts the target level reads (empty in results written before it)


class Route(_Model):
    target: str                     # a zone or a category
    reachable: bool
    actions: tuple[Action, ...]
    score_after: float | None


class CapResult(_Model):
    id: str
    reason: Text
    limit: str
    applies: Literal["yes", "possibly"]


class TraceTerm(_Model):
    indicator: str
    dimension: str
    group: str | None
    weights: str                    # the chain, e.g. "21.85/100 × 1/2 × 1/6"
    effective_weight: str           # exact fraction
    level: int
    max_level: int
    points: str                     # exact contribution × 100, as a fraction
    measure: str | None = None      # a measured indicator: how the level follows from the value


class Trace(_Model):
    formula: str
    terms: tuple[TraceTerm, ...]
    total_exact: str
    total_rounded: str


class QualifierResult(_Model):
    """A qualifier's condition for this unit: holds (True), does not (False), or not known (None)."""

    id: str
    label: Text
    holds: bool | None
    reason: str
    missing_facts: tuple[str, ...] = ()


class AttachmentRecord(_Model):
    indicator: str
    fact: str
    path: str
    sha256: str | None
    size: int | None
    problem: str | None
    date: dt.date | None = None
    date_source: Literal["given", "exif"] | None = None


class DerivationResult(_Model):
    """Evidence written for another rule set, read through this one's `derives_from`: of the facts of the
    unit's applicable indicators, how many the mapping declares and how many it filled (share in percent)."""

    source: str
    source_version: str | None = None
    facts: int
    mapped: int
    supplied: int
    share: float


class Assessment(_Model):
    """One unit's assessment. Numbers are rounded once, at the end, to 2 decimals."""

    format: int = ASSESSMENT_FORMAT
    ruleset: RuleSetInfo
    unit: UnitInfo
    as_of: dt.date
    period_from: dt.date | None = None
    period_until: dt.date | None = None
    assessor: str | None = None
    reviewer: str | None = None
    assessment_date: dt.date | None = None
    evidence_file: str = ""
    evidence_sha256: str = ""
    score: float
    score_best: float
    index: float | None = None      # the score on the rule set's index (scoring.index), e.g. IPP 0-5
    index_best: float | None = None
    classification: ClassificationResult
    classification_best: ClassificationResult
    completeness: Completeness | None = None    # None only in results written before it was recorded
    dimensions: tuple[DimensionResult, ...]
    indicators: tuple[IndicatorResult, ...]
    caps: tuple[CapResult, ...] = ()
    qualifiers: tuple[QualifierResult, ...] = ()
    unknown_facts: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    path_to_next_zone: Route | None = None
    path_to_next_category: Route | None = None
    trace: Trace
    attachments: tuple[AttachmentRecord, ...] = ()
    warnings: tuple[str, ...] = ()
    derivation: DerivationResult | None = None


def data_json(data: dict[str, Any]) -> bytes:
    """The JSON (UTF-8) of `engine.assessment_data` output: the Assessment's `model_dump_json()`, encoded.

    pydantic's own serializer writes both, so numbers, dates and non-ASCII text come out alike; the field order
    is the data's, which the engine builds in the model's order. tests/test_engine.py holds the two equal.
    Bytes, not text: a batch passes them from worker to output without decoding and encoding them again.
    """
    return to_json(data)
