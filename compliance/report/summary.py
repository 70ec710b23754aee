"""The region summary over unit results, computed once: mean and median, counts per zone and category, the ranking,
the most-missed indicators and the changes since a previous round. Pure.

Every output only formats it: `assess --format text` and `--format json`, `report`'s results.json and its
roll-up. One rule for each decision, so that they never disagree:

- ranking: score descending, ties broken by unit id; tied scores share a rank ("1, 2, 2, 4");
- most missed: the TOP_MISSED indicators most often short of "met" (unmet, partial or unknown) among the units
  where they apply, ties broken by indicator id;
- changes: every unit found in both rounds, the largest movement first (either way), ties broken by unit id;
  units new in this round and units gone since the previous one, by id.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from compliance.engine.entity import EntityResult, EntityUnit, entity_result
from compliance.model.assessment import Assessment
from compliance.model.ruleset import RuleSet
from compliance.model.scoring import round_exact, to_fraction

TOP_MISSED = 10
MISSED = ("unmet", "partial", "unknown")     # the statuses short of "met" (not_applicable is not counted)


@dataclass(frozen=True)
class UnitSummary:
    """The few numbers of one unit that the region summary needs (kept small: results are streamed)."""

    file: str
    unit_id: str
    unit_name: str
    unit_kind: str
    region: str
    kecamatan: str | None
    score: float
    score_best: float
    category: str
    zone: str | None                                   # None: the rule set has no zones
    dimensions: tuple[tuple[str, float | None], ...]   # (dimension id, score; None when it does not apply)
    statuses: tuple[tuple[str, str], ...]              # (indicator id, status)
    qualifiers: tuple[tuple[str, bool | None], ...] = ()  # (qualifier id, whether it holds)
    label: str = ""                                    # the band's label (Indonesian), e.g. "Sangat Baik"
    completeness: float = 100.0                        # percent of the facts answered (100: the score is final)
    facts_answered: int = 0
    facts_total: int = 0                               # more than facts_answered: the score is provisional

    @property
    def missed(self) -> tuple[str, ...]:
        """The indicators not met (unmet, partial or unknown)."""
        return tuple(i for i, st in self.statuses if st in MISSED)

    def lean(self) -> UnitSummary:
        """The same without the per-indicator and per-dimension detail, for holding many units in memory."""
        return dataclasses.replace(self, dimensions=(), statuses=())

    @classmethod
    def of(cls, a: Assessment, file: str) -> UnitSummary:
        return cls.of_data({"unit": dict(a.unit), "score": a.score, "score_best": a.score_best,
                            "classification": dict(a.classification),
                            "qualifiers": [dict(q) for q in a.qualifiers],
                            "completeness": dict(a.completeness) if a.completeness else None,
                            "dimensions": [dict(d) for d in a.dimensions],
                            "indicators": [dict(i) for i in a.indicators]}, file)

    @classmethod
    def of_data(cls, data: Mapping[str, Any], file: str) -> UnitSummary:
        """From an assessment's plain data (engine.assessment_data)."""
        unit, cls_ = data["unit"], data["classification"]
        done = data.get("completeness") or {"percent": 100.0, "answered": 0, "total": 0}
        return cls(file=file, unit_id=unit["id"], unit_name=unit["name"], unit_kind=unit["kind"],
                   region=unit["region"], kecamatan=unit["kecamatan"], score=data["score"],
                   score_best=data["score_best"], category=cls_["category"], zone=cls_["zone"],
                   dimensions=tuple((d["id"], d["score"] if d["applicable"] else None) for d in data["dimensions"]),
                   statuses=tuple((i["id"], i["status"]) for i in data["indicators"]),
                   qualifiers=tuple((q["id"], q["holds"]) for q in data.get("qualifiers", ())),
                   label=_text_id(cls_.get("label")),
                   completeness=done["percent"], facts_answered=done["answered"], facts_total=done["total"])


def _text_id(label: Any) -> str:
    """The Indonesian text of a label given as a Text or its plain data."""
    if label is None:
        return ""
    return str(label["id"] if isinstance(label, Mapping) else label.id)


@dataclass
class MissedTally:
    """Per indicator: in how many units it applies, and how many are unmet, partial or unknown.

    Added to unit by unit, so that a streamed run can drop each unit's detail once it is counted.
    """

    applicable: Counter[str] = field(default_factory=Counter)
    by_status: dict[str, Counter[str]] = field(default_factory=lambda: {st: Counter() for st in MISSED})

    def add(self, unit: UnitSummary) -> None:
        for ind, st in unit.statuses:
            if st == "not_applicable":
                continue
            self.applicable[ind] += 1
            if st in self.by_status:
                self.by_status[st][ind] += 1

    def top(self, n: int = TOP_MISSED) -> list[Missed]:
        missed: Counter[str] = Counter()
        for counts in self.by_status.values():
            missed.update(counts)
        ranked = sorted(((k, v) for k, v in missed.items() if v), key=lambda kv: (-kv[1], kv[0]))[:n]
        return [Missed(indicator=i, units=k, applicable=self.applicable[i], unmet=self.by_status["unmet"][i],
                       partial=self.by_status["partial"][i], unknown=self.by_status["unknown"][i])
                for i, k in ranked]


@dataclass(frozen=True)
class Missed:
    """An indicator not met in `units` of the `applicable` units where it applies."""

    indicator: str
    units: int
    applicable: int
    unmet: int
    partial: int
    unknown: int


@dataclass(frozen=True)
class Ranked:
    rank: int               # competition rank: tied scores share it ("1, 2, 2, 4")
    unit: UnitSummary


@dataclass(frozen=True)
class Previous:
    """A unit's result in an earlier round."""

    score: float
    category: str
    zone: str | None
    name: str | None = None     # the unit's name then (said for a unit gone since)


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
            name = a["unit"].get("name")
            zone = cls["zone"]
            out[str(unit)] = Previous(score=float(a["score"]), category=str(cls["category"]),
                                      zone=None if zone is None else str(zone),
                                      name=str(name) if name is not None else None)
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
    zone: str | None

    @property
    def delta(self) -> float:
        return float(round_exact(to_fraction(self.score) - to_fraction(self.previous.score)))

    @property
    def zone_changed(self) -> bool:
        return self.zone != self.previous.zone

    @property
    def category_changed(self) -> bool:
        return self.category != self.previous.category


@dataclass(frozen=True)
class Gone:
    """A unit of the previous round that is not in this one."""

    unit_id: str
    previous: Previous


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
    ranking: list[Ranked]
    most_missed: list[Missed]
    regions: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    changes: list[Change] | None = None      # with a previous round: every unit found in both
    new_units: list[str] = field(default_factory=list)
    gone: list[Gone] = field(default_factory=list)
    entity: EntityResult | None = None       # the entity's result, when the rule set declares how it is formed
    zoned: bool = True                        # whether the rule set's bands carry zones

    @property
    def has_previous(self) -> bool:
        return self.changes is not None

    @property
    def gone_units(self) -> list[str]:
        return [g.unit_id for g in self.gone]

    @property
    def moved(self) -> list[Change]:
        """The changes where the score, the zone or the category moved."""
        return [c for c in self.changes or () if c.delta != 0 or c.zone_changed or c.category_changed]

    @property
    def zone_changes(self) -> list[Change]:
        return [c for c in self.changes or () if c.zone_changed]

    @property
    def class_changes(self) -> list[Change]:
        """The changes where the zone or the category moved (88,39 A -> 87,39 B is one, in the same zone)."""
        return [c for c in self.changes or () if c.zone_changed or c.category_changed]

    def change_of(self, unit_id: str) -> Change | None:
        return next((c for c in self.changes or () if c.unit_id == unit_id), None)

    def as_json(self) -> dict[str, Any]:
        return {
            "ruleset": self.ruleset_id,
            "units": self.units,
            "failed": self.failed,
            "mean": self.mean,
            "median": self.median,
            "zones": self.zones,
            "categories": self.categories,
            "ranking": [{"rank": r.rank, "unit": r.unit.unit_id, "name": r.unit.unit_name, "score": r.unit.score,
                         "category": r.unit.category, "zone": r.unit.zone, "completeness": r.unit.completeness}
                        for r in self.ranking],
            "most_missed": [{"indicator": m.indicator, "units": m.units} for m in self.most_missed],
            "failures": [{"file": f.file, "error": f.error} for f in self.failures],
            **({} if self.changes is None else {"changes": {
                "units": [{"unit": c.unit_id, "previous_score": c.previous.score, "score": c.score, "delta": c.delta,
                           "previous_category": c.previous.category, "category": c.category,
                           "previous_zone": c.previous.zone, "zone": c.zone} for c in self.changes],
                "new": self.new_units, "gone": self.gone_units}}),
            **({} if self.entity is None else {"entity": self.entity.as_json()}),
        }


@dataclass(frozen=True)
class Group:
    """The units of one kind, or of one kecamatan (key None: not given)."""

    key: str | None
    units: int
    mean: float
    zones: dict[str, int]


def breakdown(units: Iterable[UnitSummary], by: str) -> list[Group]:
    """Units grouped by `by` ("unit_kind" or "kecamatan"): count, mean score and zones; by key, "not given" last."""
    groups: dict[str | None, list[UnitSummary]] = {}
    for u in units:
        groups.setdefault(getattr(u, by), []).append(u)
    out = []
    for key in sorted(groups, key=lambda k: (k is None, k or "")):
        members = groups[key]
        zones = dict.fromkeys(("green", "yellow", "red"), 0)
        for u in members:
            if u.zone is not None:
                zones[u.zone] = zones.get(u.zone, 0) + 1
        mean = float(round_exact(sum((to_fraction(u.score) for u in members), Fraction(0)) / len(members)))
        out.append(Group(key=key, units=len(members), mean=mean, zones=zones))
    return out


def dimension_means(units: Iterable[UnitSummary]) -> list[tuple[str, float, int]]:
    """Per dimension (in first-seen order): the mean score over the units where it applies, and their number."""
    sums: dict[str, Fraction] = {}
    counts: dict[str, int] = {}
    for u in units:
        for d, score in u.dimensions:
            if score is None:
                sums.setdefault(d, Fraction(0))
                counts.setdefault(d, 0)
                continue
            sums[d] = sums.get(d, Fraction(0)) + to_fraction(score)
            counts[d] = counts.get(d, 0) + 1
    return [(d, float(round_exact(sums[d] / counts[d])), counts[d]) for d in sums if counts[d]]


def rank(units: list[UnitSummary]) -> list[Ranked]:
    """Best score first, ties by unit id; tied scores share the rank of the first of them."""
    ordered = sorted(units, key=lambda u: (-u.score, u.unit_id))
    out: list[Ranked] = []
    for i, u in enumerate(ordered):
        same = i and u.score == ordered[i - 1].score
        out.append(Ranked(out[-1].rank if same else i + 1, u))
    return out


def summarize(ruleset_id: str, categories: list[str], units: list[UnitSummary], failures: list[Failure],
              *, previous: Mapping[str, Previous] | None = None, missed: MissedTally | None = None,
              ruleset: RuleSet | None = None) -> RegionSummary:
    """Summarize unit results. `missed` is the tally of units already counted (a streamed run drops their
    detail); without it, the units' own statuses are counted. With the rule set, the entity's result is formed
    as its `entity` block declares (engine.entity)."""
    scores = [to_fraction(u.score) for u in units]
    mean = float(round_exact(sum(scores, Fraction(0)) / len(scores))) if scores else None
    median = float(round_exact(to_fraction(statistics.median(scores)))) if scores else None
    zones = dict.fromkeys(("green", "yellow", "red"), 0)
    counts = Counter(u.category for u in units)
    cats = {c: counts.get(c, 0) for c in [*categories, *sorted(set(counts) - set(categories))]}
    if missed is None:
        missed = MissedTally()
        for u in units:
            missed.add(u)
    for u in units:
        if u.zone is not None:
            zones[u.zone] += 1
    ranking = rank(units)
    entity = None
    zoned = True
    if ruleset is not None:
        zoned = ruleset.zoned
        entity = entity_result(ruleset, [EntityUnit(u.unit_id, u.unit_kind, u.score, dict(u.qualifiers))
                                         for u in units])
    changes = None
    new: list[str] = []
    gone: list[Gone] = []
    if previous is not None:
        changes = [Change(r.unit.unit_id, r.unit.unit_name, previous[r.unit.unit_id], r.unit.score,
                          r.unit.category, r.unit.zone) for r in ranking if r.unit.unit_id in previous]
        # Largest movements first, either way, so "who improved, who fell back" reads from the top.
        changes.sort(key=lambda c: (-abs(c.delta), c.unit_id))
        ids = {u.unit_id for u in units}
        new = sorted(ids - set(previous))
        gone = [Gone(uid, previous[uid]) for uid in sorted(set(previous) - ids)]
    return RegionSummary(ruleset_id=ruleset_id, units=len(units), failed=len(failures), mean=mean, median=median,
                         zones=zones, categories=cats, ranking=ranking, most_missed=missed.top(),
                         regions=sorted({u.region for u in units}),
                         failures=sorted(failures, key=lambda f: (f.file, f.error)), changes=changes,
                         new_units=new, gone=gone, entity=entity, zoned=zoned)
