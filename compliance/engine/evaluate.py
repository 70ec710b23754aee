"""The evaluation engine: evidence + rule set + as-of date -> Assessment. Pure: no clock, no disk, no globals.

Scoring (the same formula the reports print):
  f_i  = level_i / max_level_i                                   per applicable indicator
  e_i  = (w_d / Σ w_d') × (w_g / Σ w_g') × (w_i / Σ w_i')        sums over applicable siblings only
  score = 100 × Σ e_i × f_i                                      exact fractions, rounded once, half-up, 2 decimals
Not-applicable indicators (and dimensions or groups left with none) leave every denominator.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from compliance.engine.conditions import Evaluator, Outcome
from compliance.model import assessment as A
from compliance.model.evidence import Evidence
from compliance.model.ruleset import ZONE_LABELS, Cap, Dimension, Group, Indicator, RuleSet, Text
from compliance.model.scoring import half_up, round_exact, to_fraction

FORMULA = ("score = 100 × Σ e_i × (level_i / max_level_i), where e_i = (w_dimension / Σ w_dimensions) × "
           "(w_group / Σ w_groups) × (w_indicator / Σ w_indicators), all sums over applicable siblings only; "
           "computed exactly and rounded once, half-up, to 2 decimals")
MAX_PATH_STEPS = 200


@dataclass(slots=True)
class _Ind:
    dim: Dimension
    grp: Group | None
    ind: Indicator
    applicable: bool = True
    na_reason: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    worst: int = 0
    best: int = 0
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    e: Fraction = Fraction(0)
    chain: str = ""
    top: int = 0
    note: str | None = None


def _applies(kind: str, applies_to: tuple[str, ...] | None) -> bool:
    return applies_to is None or kind in applies_to


def _bind_facts(ind: Indicator, given: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in given.items():
        fact = ind.facts.get(name)
        if fact is None:
            warnings.append(f"{ind.id}: unknown fact {name!r} ignored")
            continue
        if value is None:
            continue
        expected = fact.value_problem(value)
        if expected is not None:
            warnings.append(f"{ind.id}: fact {name!r} = {str(value)[:60]!r} is not {expected}; treated as not given")
            continue
        if fact.type == "date" and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        out[name] = value
    return out


def _ladder(item: _Ind, as_of: dt.date) -> None:
    ev = Evaluator(item.facts, item.ind.facts, as_of)
    levels = item.ind.ladder
    item.worst = item.best = levels[0].level
    sure = maybe = True
    outcomes = item.outcomes
    for lv in levels[1:]:
        assert lv.when is not None
        out = lv.when.compiled(ev)
        outcomes[lv.level] = out
        value = out.value
        if sure and value is True:
            item.worst = lv.level
        else:
            sure = False
        if maybe and value is not False:
            item.best = lv.level
        else:
            maybe = False
        if not maybe:
            break


def _weights(items: list[_Ind], ruleset: RuleSet) -> None:
    live = [it for it in items if it.applicable]
    dims = [d for d in ruleset.dimensions if any(it.dim.id == d.id for it in live)]
    total_d = sum((to_fraction(d.weight) for d in dims), Fraction(0))
    for d in dims:
        direct = [it for it in live if it.dim.id == d.id and it.grp is None]
        groups = [g for g in d.groups if any(it.grp is not None and it.grp.id == g.id for it in live)]
        denom = sum((to_fraction(it.ind.weight) for it in direct), Fraction(0)) + \
            sum((to_fraction(g.weight) for g in groups), Fraction(0))
        fd = to_fraction(d.weight) / total_d
        for it in direct:
            it.e = fd * to_fraction(it.ind.weight) / denom
            it.chain = f"{_n(d.weight)}/{_n(total_d)} × {_n(it.ind.weight)}/{_n(denom)}"
        for g in groups:
            members = [it for it in live if it.grp is not None and it.grp.id == g.id]
            gden = sum((to_fraction(it.ind.weight) for it in members), Fraction(0))
            fg = to_fraction(g.weight) / denom
            for it in members:
                it.e = fd * fg * to_fraction(it.ind.weight) / gden
                it.chain = (f"{_n(d.weight)}/{_n(total_d)} × {_n(g.weight)}/{_n(denom)} × "
                            f"{_n(it.ind.weight)}/{_n(gden)}")


def _n(x: Any) -> str:
    f = to_fraction(x)
    if f.denominator == 1:
        return str(f.numerator)
    d = round_exact(f, 4).normalize()
    return format(d, "f") if to_fraction(d) == f else str(f)


def _fr(f: Fraction) -> str:
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def _cap_limit(ruleset: RuleSet, cap: Cap) -> int:
    if cap.max_category is not None:
        return next(i for i, b in enumerate(ruleset.bands) if b.category == cap.max_category)
    return next((i for i, b in enumerate(ruleset.bands) if b.zone == cap.max_zone), len(ruleset.bands) - 1)


def _cap_refs(cond: Any, out: set[str]) -> set[str]:
    if cond.indicator is not None:
        out.add(cond.indicator)
    for sub in (cond.all or ()) + (cond.any or ()):
        _cap_refs(sub, out)
    if cond.not_ is not None:
        _cap_refs(cond.not_, out)
    return out


@dataclass
class _Plan:
    """What depends only on the rule set and which indicators apply: computed once, shared by many units."""

    e: dict[str, Fraction]
    chain: dict[str, str]
    den: int
    step: dict[str, int]
    thresholds: list[tuple[int, int]]
    lowest: int
    cap_refs: set[str]
    eff: dict[str, str]
    points: dict[str, list[tuple[float, str]]]
    max_points: dict[str, float]
    dims: list[tuple[str, list[str], int, str]]
    actions: dict[tuple[str, int, int], dict[str, Any]] = field(default_factory=dict)


def _plan(ruleset: RuleSet, items: list[_Ind]) -> _Plan:
    key = tuple(it.ind.id for it in items if it.applicable)
    memo = ruleset._memo
    cached = memo.get(key)
    if cached is not None:
        for it in items:
            if it.applicable:
                it.e = cached.e[it.ind.id]
                it.chain = cached.chain[it.ind.id]
        return cached  # type: ignore[no-any-return]
    _weights(items, ruleset)
    live = [it for it in items if it.applicable]
    per_level = {it.ind.id: 100 * it.e / it.top for it in live}
    den = 1
    for f in per_level.values():
        den = math.lcm(den, f.denominator)
    step = {k: int(f * den) for k, f in per_level.items()}
    # Band j holds a score whose half-up rounding reaches its minimum: exact >= min - 0.005.
    order = sorted(range(len(ruleset.bands)), key=lambda i: -ruleset.bands[i].min)
    thresholds = [(math.ceil((to_fraction(ruleset.bands[i].min) - Fraction(1, 200)) * den), i) for i in order]
    cap_refs: set[str] = set()
    for cap in ruleset.caps:
        _cap_refs(cap.when, cap_refs)
    points = {it.ind.id: [(float(round_exact(per_level[it.ind.id] * lv)), _fr(per_level[it.ind.id] * lv))
                          for lv in range(it.top + 1)] for it in live}
    dims = []
    for d in ruleset.dimensions:
        members = [it.ind.id for it in live if it.dim.id == d.id]
        share = sum((it.e for it in live if it.dim.id == d.id), Fraction(0))
        dims.append((d.id, members, sum(step[m] * by_top for m, by_top in
                                        ((it.ind.id, it.top) for it in live if it.dim.id == d.id))
                     if members else 0, _fr(share)))
    plan = _Plan(e={it.ind.id: it.e for it in live}, chain={it.ind.id: it.chain for it in live}, den=den, step=step,
                 thresholds=thresholds, lowest=order[-1], cap_refs=cap_refs,
                 eff={it.ind.id: _fr(it.e) for it in live}, points=points,
                 max_points={it.ind.id: float(round_exact(100 * it.e)) for it in live}, dims=dims)
    if len(memo) < 64:
        memo[key] = plan
    return plan


class _Scorer:
    """Classification of a level assignment, with caps; shared by the result and the remediation paths.

    Totals are kept as integers over one common denominator, so a trial raise costs one addition.
    """

    def __init__(self, ruleset: RuleSet, items: list[_Ind], as_of: dt.date, plan: _Plan) -> None:
        self.ruleset = ruleset
        self.items = items
        self.live = [it for it in items if it.applicable]
        self.by_id = {it.ind.id: it for it in items}
        self.as_of = as_of
        self.plan = plan
        self.den = plan.den
        self.step = plan.step
        self.thresholds = plan.thresholds
        self.lowest = plan.lowest
        self.cap_refs = plan.cap_refs

    def total(self, levels: dict[str, int]) -> int:
        return sum(self.step[k] * levels[k] for k in self.step)

    def fraction(self, total: int) -> Fraction:
        return Fraction(total, self.den)

    def band(self, total: int) -> int:
        for thr, i in self.thresholds:
            if total >= thr:
                return i
        return self.lowest

    def caps(self, low: dict[str, int], high: dict[str, int]) -> list[tuple[Cap, bool | None]]:
        if not self.ruleset.caps:
            return []

        def levels(ident: str) -> tuple[int, int]:
            it = self.by_id.get(ident)
            if it is None or not it.applicable:
                # A cap on an indicator that does not apply to this unit cannot bind it.
                return (10**6, 10**6)
            return low[ident], high[ident]

        ev = Evaluator({}, {}, self.as_of, levels)
        out: list[tuple[Cap, bool | None]] = []
        for cap in self.ruleset.caps:
            value = ev.evaluate(cap.when).value
            if value is not False:
                out.append((cap, value))
        return out

    def cap_floor(self, caps: Sequence[tuple[Cap, bool | None]]) -> int:
        return max((_cap_limit(self.ruleset, c) for c, _ in caps), default=0)

    def classify(self, total: int, caps: Sequence[tuple[Cap, bool | None]]) -> tuple[int, int, list[str]]:
        """(band index, final index after caps, ids of binding caps) for a total."""
        band = self.band(total)
        final = band
        binding = []
        for cap, _ in caps:
            limit = _cap_limit(self.ruleset, cap)
            if limit > band:
                binding.append(cap.id)
                final = max(final, limit)
        return band, final, binding


def _classification(ruleset: RuleSet, band: int, final: int, binding: list[str]) -> dict[str, Any]:
    b = ruleset.bands[final]
    return {"category": b.category, "zone": b.zone, "label": b.label, "band_category": ruleset.bands[band].category,
            "capped_by": binding}


def _reason(it: _Ind) -> str:
    if not it.applicable:
        return it.na_reason or "not applicable"
    top = it.top
    parts = []
    if it.worst > it.ind.min_level:
        out = it.outcomes[it.worst]
        parts.append(f"level {it.worst} reached: " + "; ".join(out.leaves))
    nxt = min((lv for lv in it.outcomes if lv > it.worst), default=None)
    if it.worst < top and nxt is not None:
        out = it.outcomes[nxt]
        verdict = "not known" if out.value is None else "not reached"
        parts.append(f"level {nxt} {verdict}: " + "; ".join(out.leaves))
    if not parts:
        parts.append(f"level {it.worst}")
    return " | ".join(parts)


def _status(it: _Ind) -> A.Status:
    if not it.applicable:
        return "not_applicable"
    if it.best > it.worst:
        return "unknown"
    if it.worst >= it.top:
        return "met"
    if it.worst <= it.ind.min_level:
        return "unmet"
    return "partial"


def _remediations(ind: Indicator, a: int, b: int) -> tuple[Text, ...]:
    return tuple(lv.remediation for lv in ind.ladder if a <= lv.level < b and lv.remediation is not None)


def _next_level(ind: Indicator, level: int) -> int:
    return next((lv.level for lv in ind.ladder if lv.level > level), level)


def _rounded(num: int, den: int) -> float:
    """float(round_exact(Fraction(num, den))) without a Fraction: both are the double nearest to q/100."""
    return half_up(num * 100, den) / 100


def _action(it: _Ind, frm: int, to: int, scorer: _Scorer) -> dict[str, Any]:
    """Raising one indicator from one level to another; the same for every unit, so made once per plan.

    The dict is shared between units' results: nothing changes it after it is made.
    """
    key = (it.ind.id, frm, to)
    cache = scorer.plan.actions
    out = cache.get(key)
    if out is None:
        out = cache[key] = {"indicator": it.ind.id, "title": it.ind.title, "from_level": frm, "to_level": to,
                            "gain": _rounded(scorer.step[it.ind.id] * (to - frm), scorer.den),
                            "remediation": _remediations(it.ind, frm, to)}
    return out


def _path(scorer: _Scorer, start: dict[str, int], target_index: int, target: str) -> dict[str, Any]:
    """Fewest indicators to raise (each as little as needed) so the final classification reaches target_index.

    Greedy on the largest gain; optimal in the number of indicators when no cap is involved, because the score
    is a weighted sum. Caps that stand in the way are lifted by raising the indicators they read.
    """
    items = scorer.live
    levels = dict(start)
    total = scorer.total(levels)
    floor = scorer.cap_floor(scorer.caps(levels, levels))

    def index(t: int, cap_floor: int) -> int:
        return max(scorer.band(t), cap_floor)

    chosen: list[str] = []
    if not scorer.cap_refs:
        # No cap reads an indicator level: the greedy choice is simply the largest remaining gain.
        ranked = sorted(((scorer.step[it.ind.id] * (it.top - levels[it.ind.id]), it.ind.id) for it in items
                         if levels[it.ind.id] < it.top), key=lambda g: (-g[0], g[1]))
        for gain, ident in ranked:
            if index(total, floor) <= target_index or len(chosen) >= MAX_PATH_STEPS:
                break
            chosen.append(ident)
            levels[ident] = scorer.by_id[ident].top
            total += gain
    while index(total, floor) > target_index and len(chosen) < MAX_PATH_STEPS:
        best: tuple[Any, ...] | None = None
        for it in items:
            ident = it.ind.id
            if ident in chosen or levels[ident] >= it.top:
                continue
            gain = scorer.step[ident] * (it.top - levels[ident])
            cap_floor = floor
            if ident in scorer.cap_refs:
                trial = dict(levels)
                trial[ident] = it.top
                cap_floor = scorer.cap_floor(scorer.caps(trial, trial))
            idx = index(total + gain, cap_floor)
            key = (idx <= target_index, -idx, -cap_floor, gain)
            if best is None or key > best[0] or (key == best[0] and ident < best[1]):
                best = (key, ident, cap_floor, gain)
        if best is None:
            break
        _, ident, floor, gain = best
        chosen.append(ident)
        levels[ident] = scorer.by_id[ident].top
        total += gain
    reachable = index(total, floor) <= target_index
    if reachable:
        # Lower each chosen raise as far as the target still holds (latest choices first).
        for ident in reversed(chosen):
            it = scorer.by_id[ident]
            for lv in sorted(x.level for x in it.ind.levels if start[ident] <= x.level < levels[ident]):
                trial = dict(levels)
                trial[ident] = lv
                t = total - scorer.step[ident] * (levels[ident] - lv)
                f = scorer.cap_floor(scorer.caps(trial, trial)) if ident in scorer.cap_refs else floor
                if index(t, f) <= target_index:
                    levels[ident] = lv
                    total = t
                    floor = f
                    break
    actions = tuple(sorted((_action(scorer.by_id[i], start[i], levels[i], scorer) for i in chosen
                            if levels[i] > start[i]), key=lambda a: (-a["gain"], a["indicator"])))
    return dict(target=target, reachable=reachable, actions=actions,
                score_after=_rounded(total, scorer.den) if reachable else None)


@dataclass
class _Static:
    """What depends only on the rule set: computed once per rule set, shared by every unit."""

    entries: list[tuple[Dimension, Group | None, Indicator]]
    known: frozenset[str]
    not_applicable: dict[str, list[str | None]] = field(default_factory=dict)  # per unit kind, per entry

    def reasons(self, kind: str) -> list[str | None]:
        """Per entry: None when it applies to a unit of this kind, else why not."""
        out = self.not_applicable.get(kind)
        if out is None:
            out = [None if (_applies(kind, d.applies_to) and _applies(kind, g.applies_to if g else None)
                            and _applies(kind, i.applies_to)) else f"does not apply to a unit of kind {kind!r}"
                   for d, g, i in self.entries]
            if len(self.not_applicable) < 64:
                self.not_applicable[kind] = out
        return out


def _static(ruleset: RuleSet) -> _Static:
    memo = ruleset._memo
    st: _Static | None = memo.get("static")
    if st is None:
        entries = ruleset.indicators()
        st = memo["static"] = _Static(entries, frozenset(i.id for _, _, i in entries))
    return st


def evaluate(ruleset: RuleSet, evidence: Evidence, *, as_of: dt.date) -> A.Assessment:
    """Score one unit's evidence against a resolved rule set, as of a date. Pure and deterministic."""
    return A.Assessment.model_validate(assessment_data(ruleset, evidence, as_of=as_of))


def assessment_data(ruleset: RuleSet, evidence: Evidence, *, as_of: dt.date) -> dict[str, Any]:
    """What `evaluate` returns, as plain data in the Assessment's field order, not yet validated.

    `Assessment.model_validate` of it is the Assessment; `assessment.data_json` of it is, byte for byte, that
    Assessment's JSON (a test holds the two equal), which lets a batch skip building the model.
    """
    warnings: list[str] = []
    kind = evidence.unit.kind
    if ruleset.metadata.unit_kinds and kind not in ruleset.metadata.unit_kinds:
        warnings.append(f"unit kind {kind!r} is not one the rule set declares")
    if evidence.ruleset.id not in ruleset.lineage:
        warnings.append(f"the evidence answers rule set {evidence.ruleset.id!r}, assessed here with {ruleset.id!r}")
    elif evidence.ruleset.id == ruleset.id and evidence.ruleset.version not in (None, ruleset.version):
        warnings.append(f"the evidence answers version {evidence.ruleset.version} of {ruleset.id}, "
                        f"assessed here with version {ruleset.version}")
    attachments = evidence.attachments()
    for ind_id, fact, att in attachments:
        if att.problem is not None:
            warnings.append(f"{ind_id}.{fact}: attachment {att.path!r} is {att.problem}; not counted")
    static = _static(ruleset)
    for ident in evidence.indicators:
        if ident not in static.known:
            warnings.append(f"evidence for unknown indicator {ident!r} ignored")

    items: list[_Ind] = []
    given_all = evidence.indicators
    for (dim, grp, ind), na in zip(static.entries, static.reasons(kind), strict=True):
        it = _Ind(dim, grp, ind, top=ind.max_level)
        given = given_all.get(ind.id)
        if given is not None:
            it.note = given.note
        if na is not None:
            it.applicable = False
            it.na_reason = na
        elif given is not None and given.not_applicable is not None:
            if ind.allow_not_applicable:
                it.applicable = False
                claim = given.not_applicable
                it.na_reason = f"declared not applicable: {claim.reason} ({claim.legal_basis})"
            else:
                warnings.append(f"{ind.id}: the rule set does not allow a not-applicable claim; claim ignored")
        if it.applicable:
            if given is not None and given.facts:
                it.facts = _bind_facts(ind, given.facts, warnings)
            _ladder(it, as_of)
        items.append(it)

    live = [it for it in items if it.applicable]
    if not live:
        from compliance.errors import EvidenceError

        raise EvidenceError(f"no indicator of rule set {ruleset.id!r} applies to unit {evidence.unit.id!r} "
                            f"(kind {kind!r})", file=evidence.source or None)
    plan = _plan(ruleset, items)
    low = {it.ind.id: it.worst for it in live}
    high = {it.ind.id: it.best for it in live}
    scorer = _Scorer(ruleset, items, as_of, plan)
    low_int, high_int = scorer.total(low), scorer.total(high)
    worst_total = scorer.fraction(low_int)
    caps_now = scorer.caps(low, high)
    band, final, binding = scorer.classify(low_int, caps_now)
    caps_best = [(c, v) for c, v in scorer.caps(high, high) if v is True]
    band_b, final_b, binding_b = scorer.classify(high_int, caps_best)

    indicator_results: list[dict[str, Any]] = []
    unknown: list[str] = []
    for it in items:
        ind = it.ind
        ident = ind.id
        missing: list[str] = []
        facts_used: list[str] = []
        atts: list[str] = []
        if it.applicable:
            worst = it.worst
            level: int | None = worst
            lv = ind.level(worst)
            best = it.best
            for n, out in it.outcomes.items():  # in level order: the ladder is walked upwards
                if worst < n <= best:
                    for m in out.missing:
                        if m not in missing:
                            missing.append(m)
                if n <= worst + 1:
                    for f in out.facts:
                        if f not in facts_used:
                            facts_used.append(f)
                    if n <= worst:
                        for a in out.attachments:
                            if a not in atts:
                                atts.append(a)
            unknown.extend(f"{ident}.{m}" for m in missing)
        else:
            level = lv = None
        indicator_results.append({
            "id": ident, "title": ind.title, "dimension": it.dim.id, "group": it.grp.id if it.grp else None,
            "weight": ind.weight, "effective_weight": plan.eff.get(ident, "0"), "status": _status(it),
            "level": level, "best_level": it.best if it.applicable else None, "max_level": it.top,
            "level_label": lv.label if lv else None,
            "points": plan.points[ident][it.worst][0] if it.applicable else 0.0,
            "max_points": plan.max_points.get(ident, 0.0), "reason": _reason(it), "facts_used": facts_used,
            "missing_facts": missing, "attachments_used": atts,
            "not_applicable_reason": None if it.applicable else it.na_reason,
            "remediation": lv.remediation if lv is not None and it.worst < it.top else None,
            "note": it.note,
        })

    dimension_results: list[dict[str, Any]] = []
    for d, (_, members, max_int, share) in zip(ruleset.dimensions, plan.dims, strict=True):
        dimension_results.append({
            "id": d.id, "title": d.title, "weight": d.weight, "applicable": bool(members),
            "score": _rounded(100 * sum(plan.step[m] * low[m] for m in members), max_int) if members else None,
            "best_score": _rounded(100 * sum(plan.step[m] * high[m] for m in members), max_int) if members else None,
            "share": share})

    actions = [_action(it, it.worst, _next_level(it.ind, it.worst), scorer) for it in live if it.worst < it.top]
    actions.sort(key=lambda a: (-a["gain"], a["indicator"]))

    zone_order = ["green", "yellow", "red"]
    current_zone = ruleset.bands[final].zone
    path_zone = None
    if zone_order.index(current_zone) > 0:
        better = zone_order[zone_order.index(current_zone) - 1]
        target_idx = max((i for i, b in enumerate(ruleset.bands) if zone_order.index(b.zone) <=
                          zone_order.index(better)), default=None)
        if target_idx is not None:
            path_zone = _path(scorer, low, target_idx, better)
    path_cat = None
    if final > 0:
        path_cat = _path(scorer, low, final - 1, ruleset.bands[final - 1].category)

    terms = [{"indicator": it.ind.id, "dimension": it.dim.id, "group": it.grp.id if it.grp else None,
              "weights": it.chain, "effective_weight": plan.eff[it.ind.id], "level": it.worst,
              "max_level": it.top, "points": plan.points[it.ind.id][it.worst][1]} for it in live]
    caps_out = [{"id": c.id, "reason": c.reason, "limit": c.max_category or str(c.max_zone),
                 "applies": "yes" if v is True else "possibly"} for c, v in caps_now]
    atts_out = [{"indicator": i, "fact": f, "path": a.path, "sha256": a.actual_sha256, "size": a.size,
                 "problem": a.problem} for i, f, a in attachments]
    period = evidence.period
    return {
        "format": A.ASSESSMENT_FORMAT,
        "ruleset": {"id": ruleset.id, "version": ruleset.version, "sha256": ruleset.sha256,
                    "title": ruleset.metadata.title, "lineage": ruleset.lineage},
        "unit": evidence.unit.model_dump(),
        "as_of": as_of,
        "period_from": period.from_ if period else None,
        "period_until": period.until if period else None,
        "assessor": evidence.assessor.name if evidence.assessor else None,
        "reviewer": evidence.reviewer.name if evidence.reviewer else None,
        "assessment_date": evidence.assessment_date,
        "evidence_file": evidence.source, "evidence_sha256": evidence.sha256,
        "score": _rounded(low_int, plan.den), "score_best": _rounded(high_int, plan.den),
        "classification": _classification(ruleset, band, final, binding),
        "classification_best": _classification(ruleset, band_b, final_b, binding_b),
        "dimensions": dimension_results, "indicators": indicator_results, "caps": caps_out,
        "unknown_facts": unknown, "actions": actions, "path_to_next_zone": path_zone,
        "path_to_next_category": path_cat,
        "trace": {"formula": FORMULA, "terms": terms, "total_exact": _fr(worst_total),
                  "total_rounded": str(round_exact(worst_total))},
        "attachments": atts_out, "warnings": warnings,
    }


__all__ = ["FORMULA", "ZONE_LABELS", "assessment_data", "evaluate"]
