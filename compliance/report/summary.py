"""Region roll-up over unit results: mean and median, counts per zone and category, ranking, most-missed. Pure."""

from __future__ import annotations

import dataclasses
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from compliance.model.assessment import Assessment
from compliance.model.scoring import round_exact, to_fraction


@dataclass(frozen=True)
class UnitSummary:
    """The few numbers of one unit that the region summary needs (kept small: results are streamed)."""

    file: str
    unit_id: str
    unit_name: str
    unit_kind: str
    kecamatan: str | None
    score: float
    score_best: float
    category: str
    zone: str
    dimensions: tuple[tuple[str, float | None], ...]
    missed: tuple[str, ...]           # indicators not met (unmet, partial or unknown)

    def lean(self) -> UnitSummary:
        """The same without the per-indicator and per-dimension detail, for holding many units in memory."""
        return dataclasses.replace(self, dimensions=(), missed=())

    @classmethod
    def of(cls, a: Assessment, file: str) -> UnitSummary:
        return cls.of_data({"unit": dict(a.unit), "score": a.score, "score_best": a.score_best,
                            "classification": dict(a.classification),
                            "dimensions": [dict(d) for d in a.dimensions],
                            "indicators": [dict(i) for i in a.indicators]}, file)

    @classmethod
    def of_data(cls, data: Mapping[str, Any], file: str) -> UnitSummary:
        """From an assessment's plain data (engine.assessment_data)."""
        unit, cls_ = data["unit"], data["classification"]
        return cls(file=file, unit_id=unit["id"], unit_name=unit["name"], unit_kind=unit["kind"],
                   kecamatan=unit["kecamatan"], score=data["score"], score_best=data["score_best"],
                   category=cls_["category"], zone=cls_["zone"],
                   dimensions=tuple((d["id"], d["score"]) for d in data["dimensions"]),
                   missed=tuple(i["id"] for i in data["indicators"] if i["status"] in ("unmet", "partial", "unknown")))


@dataclass(frozen=True)
class Previous:
    """A unit's result in an earlier round."""

    score: float
    category: str
    zone: str


def previous_from_json(doc: Any) -> dict[str, Previous]:
    """Per unit id, the result of an earlier round, from a results document (`assess --format json`, a report's
    results.json), or a plain list of assessments (also under "assessments" or "results")."""
    items: Any = doc
    if isinstance(doc, dict):
        for key in ("assessments", "results", "units"):
            if isinstance(doc.get(key), list):
                items = doc[key]
                break
    if not isinstance(items, list):
        raise ValueError("not a results document: expected a list of assessments")
    out: dict[str, Previous] = {}
    for it in items:
        if not isinstance(it, dict):
            continue
        a = it.get("assessment", it)
        try:
            unit = a["unit"]["id"]
            cls = a["classification"]
            out[str(unit)] = Previous(score=float(a["score"]), category=str(cls["category"]), zone=str(cls["zone"]))
        except (KeyError, TypeError, ValueError):
            continue
    return out


@dataclass(frozen=True)
class Change:
    """One unit compared with the previous round."""

    unit_id: str
    unit_name: str
    previous: Previous
    score: float
    category: str
    zone: str

    @property
    def delta(self) -> float:
        return float(round_exact(to_fraction(self.score) - to_fraction(self.previous.score)))


@dataclass(frozen=True)
class Failure:
    file: str
    error: str


@dataclass
class RegionSummary:
    ruleset_id: str
    units: int
    failed: int
    mean: float | None
    median: float | None
    zones: dict[str, int]
    categories: dict[str, int]
    ranking: list[UnitSummary]
    most_missed: list[tuple[str, int]]
    failures: list[Failure] = field(default_factory=list)
    changes: list[Change] | None = None      # with a previous round: every unit found in both
    new_units: list[str] = field(default_factory=list)
    gone_units: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "ruleset": self.ruleset_id,
            "units": self.units,
            "failed": self.failed,
            "mean": self.mean,
            "median": self.median,
            "zones": self.zones,
            "categories": self.categories,
            "ranking": [{"rank": i + 1, "unit": u.unit_id, "name": u.unit_name, "score": u.score,
                         "category": u.category, "zone": u.zone} for i, u in enumerate(self.ranking)],
            "most_missed": [{"indicator": k, "units": n} for k, n in self.most_missed],
            "failures": [{"file": f.file, "error": f.error} for f in self.failures],
            **({} if self.changes is None else {"changes": {
                "units": [{"unit": c.unit_id, "previous_score": c.previous.score, "score": c.score, "delta": c.delta,
                           "previous_category": c.previous.category, "category": c.category,
                           "previous_zone": c.previous.zone, "zone": c.zone} for c in self.changes],
                "new": self.new_units, "gone": self.gone_units}}),
        }


def summarize(ruleset_id: str, categories: list[str], units: list[UnitSummary], failures: list[Failure],
              *, top_missed: int = 10, previous: dict[str, Previous] | None = None,
              missed: Counter[str] | None = None) -> RegionSummary:
    """Summarize unit results; ranking by score (desc), then unit id, so ties are stable."""
    scores = [to_fraction(u.score) for u in units]
    mean = float(round_exact(sum(scores, Fraction(0)) / len(scores))) if scores else None
    median = float(round_exact(to_fraction(statistics.median(scores)))) if scores else None
    zones = dict.fromkeys(("green", "yellow", "red"), 0)
    cats = dict.fromkeys(categories, 0)
    counted = missed is not None
    missed = Counter() if missed is None else missed
    for u in units:
        zones[u.zone] += 1
        cats[u.category] = cats.get(u.category, 0) + 1
        if not counted:
            missed.update(u.missed)
    ranking = sorted(units, key=lambda u: (-u.score, u.unit_id))
    most = sorted(missed.items(), key=lambda kv: (-kv[1], kv[0]))[:top_missed]
    changes = None
    new: list[str] = []
    gone: list[str] = []
    if previous is not None:
        changes = [Change(u.unit_id, u.unit_name, previous[u.unit_id], u.score, u.category, u.zone)
                   for u in ranking if u.unit_id in previous]
        # Largest movements first, so "who improved, who fell back" reads from the top.
        changes.sort(key=lambda c: (-abs(c.delta), c.unit_id))
        ids = {u.unit_id for u in units}
        new = sorted(ids - set(previous))
        gone = sorted(set(previous) - ids)
    return RegionSummary(ruleset_id=ruleset_id, units=len(units), failed=len(failures), mean=mean, median=median,
                         zones=zones, categories=cats, ranking=ranking, most_missed=most,
                         failures=sorted(failures, key=lambda f: f.file), changes=changes, new_units=new,
                         gone_units=gone)
