"""The evaluation engine: evidence + rule set + as-of date -> Assessment. Pure: no clock, no disk, no globals
apart from a small cache of compiled rule sets (engine.compiled), which changes no result.

Scoring (the same formula the reports print):
  f_i  = level_i / max_level_i                                   per applicable indicator
  e_i  = (w_d / Σ w_d') × (w_g / Σ w_g') × (w_i / Σ w_i')        sums over applicable siblings only
  score = 100 × Σ e_i × f_i                                      exact fractions, rounded once, half-up, 2 decimals
Not-applicable indicators (and dimensions or groups left with none) leave every denominator.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from compliance.engine.compiled import CompiledRuleSet, compile_ruleset
from compliance.engine.logic import Evaluator
from compliance.engine.mapping import Derived, coverage, derivation_for, derive
from compliance.engine.paths import action, next_level, path
from compliance.engine.plan import Plan, fr
from compliance.engine.scorer import Scorer
from compliance.engine.unit import Item, bind_facts, climb, measure, reason, status
from compliance.errors import EvidenceError
from compliance.messages import Msg
from compliance.model import assessment as A
from compliance.model.evidence import Evidence
from compliance.model.labels import declared_not_applicable
from compliance.model.ruleset import RuleSet
from compliance.model.scoring import round_exact, rounded, to_fraction

FORMULA = ("score = 100 × Σ e_i × (level_i / max_level_i), where e_i = (w_dimension / Σ w_dimensions) × "
           "(w_group / Σ w_groups) × (w_indicator / Σ w_indicators), all sums over applicable siblings only; "
           "computed exactly and rounded once, half-up, to 2 decimals")
ZONE_ORDER = ("green", "yellow", "red")


def evaluate(ruleset: RuleSet | CompiledRuleSet, evidence: Evidence, *, as_of: dt.date) -> A.Assessment:
    """Score one unit's evidence against a resolved rule set, as of a date. Pure and deterministic."""
    return A.Assessment.model_validate(assessment_data(ruleset, evidence, as_of=as_of))


def _classification(ruleset: RuleSet, band: int, final: int, binding: list[str]) -> dict[str, Any]:
    b = ruleset.bands[final]
    return {"category": b.category, "zone": b.zone, "label": b.label, "band_category": ruleset.bands[band].category,
            "capped_by": binding}


def _warnings(ruleset: RuleSet, evidence: Evidence) -> list[str]:
    """What does not fit between the evidence and the rule set, before any indicator is read."""
    warnings: list[str] = []
    kind = evidence.unit.kind
    if ruleset.metadata.unit_kinds and kind not in ruleset.metadata.unit_kinds:
        warnings.append(f"unit kind {kind!r} is not one the rule set declares")
    if evidence.ruleset.id not in ruleset.lineage:
        warnings.append(f"the evidence answers rule set {evidence.ruleset.id!r}, assessed here with {ruleset.id!r}")
    elif evidence.ruleset.id == ruleset.id and evidence.ruleset.version not in (None, ruleset.version):
        warnings.append(f"the evidence answers version {evidence.ruleset.version} of {ruleset.id}, "
                        f"assessed here with version {ruleset.version}")
    return warnings


def _items(crs: CompiledRuleSet, evidence: Evidence, as_of: dt.date, warnings: list[str]) -> list[Item]:
    """Every indicator of the rule set for this unit: applicable or why not, facts bound, ladder climbed."""
    items: list[Item] = []
    given_all = evidence.indicators
    for (dim, grp, ind), na, ladder, bottom in zip(crs.entries, crs.reasons(evidence.unit.kind), crs.ladders,
                                                  crs.bottoms, strict=True):
        it = Item(dim, grp, ind, ind.max_level)
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
                it.na_reason = declared_not_applicable(claim.reason, claim.legal_basis)
            else:
                warnings.append(f"{ind.id}: the rule set does not allow a not-applicable claim; claim ignored")
        if it.applicable:
            if given is not None and given.facts:
                it.facts = bind_facts(ind.id, ind.facts, given.facts, warnings)
            if ind.measure is not None:
                measure(it)
            else:
                climb(it, ladder, bottom, as_of)
        items.append(it)
    return items


def _qualifiers(crs: CompiledRuleSet, evidence: Evidence, as_of: dt.date, warnings: list[str],
                unknown: list[str]) -> list[dict[str, Any]]:
    """Each qualifier's condition on the facts the unit gives under the qualifier's id."""
    out: list[dict[str, Any]] = []
    for q, when in crs.qualifiers:
        given = evidence.indicators.get(q.id)
        facts = bind_facts(q.id, q.facts, given.facts, warnings) if given is not None and given.facts else {}
        res = when(Evaluator(facts, q.facts, as_of))
        missing = list(dict.fromkeys(res.missing))
        unknown.extend(f"{q.id}.{m}" for m in missing)
        out.append({"id": q.id, "label": q.label, "holds": res.value, "reason": "; ".join(res.leaves),
                    "missing_facts": missing})
    return out


def _index(rs: RuleSet, num: int, den: int) -> float | None:
    """A total (num / den, on 0-100) on the rule set's index, rounded; None without an index."""
    if rs.scoring.index is None:
        return None
    f = Fraction(num, den) * to_fraction(rs.scoring.index.max) / 100
    return rounded(f.numerator, f.denominator)


def completeness(answered: int, total: int) -> dict[str, Any]:
    """The share of facts answered, as the Assessment records it."""
    return {"answered": answered, "total": total, "percent": rounded(100 * answered, total) if total else 100.0}


def _answered(it: Item) -> tuple[int, int]:
    """(facts answered, facts asked) of an applicable indicator; (0, 0) for one that does not apply."""
    if not it.applicable:
        return 0, 0
    declared = it.ind.facts
    return sum(1 for name in declared if name in it.facts), len(declared)


def _indicator_result(it: Item, plan: Plan, unknown: list[str]) -> dict[str, Any]:
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
        if ind.measure is not None:
            fact = ind.measure.fact
            (facts_used if fact in it.facts else missing).append(fact)
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
    return {
        "id": ident, "title": ind.title, "dimension": it.dim.id, "group": it.grp.id if it.grp else None,
        "weight": ind.weight, "effective_weight": plan.eff.get(ident, "0"), "status": status(it),
        "level": level, "best_level": it.best if it.applicable else None, "max_level": it.top,
        "level_label": lv.label if lv else None,
        "points": plan.points(ident, it.worst)[0] if it.applicable else 0.0,
        "max_points": plan.max_points.get(ident, 0.0), "reason": reason(it), "facts_used": facts_used,
        "missing_facts": missing, "missing_prompts": [ind.facts[m].prompt for m in missing if m in ind.facts],
        "completeness": completeness(*_answered(it)) if it.applicable else None,
        "attachments_used": atts,
        "not_applicable_reason": None if it.applicable else it.na_reason,
        "remediation": lv.remediation if lv is not None and it.worst < it.top else None,
        "note": it.note,
    }


def assessment_data(ruleset: RuleSet | CompiledRuleSet, evidence: Evidence, *, as_of: dt.date) -> dict[str, Any]:
    """What `evaluate` returns, as plain data in the Assessment's field order, not yet validated.

    Evidence written for another rule set that this one derives facts from (`derives_from`) is read through
    that derivation first (engine/mapping.py); the result then says how many facts it supplied.

    `Assessment.model_validate` of it is the Assessment; `assessment.data_json` of it is, byte for byte, that
    Assessment's JSON (a test holds the two equal), which lets a batch skip building the model.
    """
    crs = compile_ruleset(ruleset)
    rs = crs.ruleset
    derived: Derived | None = None
    derivation = derivation_for(rs, evidence)
    pre: list[str] = []
    if derivation is not None:
        evidence, derived = derive(rs, derivation, evidence, pre)
    warnings = _warnings(rs, evidence) + pre
    attachments = evidence.attachments()
    for ind_id, fact, att in attachments:
        if att.problem is not None:
            warnings.append(f"{ind_id}.{fact}: attachment {att.path!r} is {att.problem}; not counted")
    for ident in evidence.indicators:
        if ident not in crs.known:
            warnings.append(f"evidence for unknown indicator {ident!r} ignored")
    items = _items(crs, evidence, as_of, warnings)

    live = [it for it in items if it.applicable]
    if not live:
        raise EvidenceError(Msg("tidak ada indikator perangkat aturan {rs!r} yang berlaku untuk unit {u!r} (jenis "
                                "{k!r})", "no indicator of rule set {rs!r} applies to unit {u!r} (kind {k!r})",
                                rs=rs.id, u=evidence.unit.id, k=evidence.unit.kind), file=evidence.source or None)
    plan = crs.plan(live)
    low = {it.ind.id: it.worst for it in live}
    high = {it.ind.id: it.best for it in live}
    scorer = Scorer(crs.caps, crs.cap_refs, items, as_of, plan)
    low_int, high_int = scorer.total(low), scorer.total(high)
    worst_total = scorer.fraction(low_int)
    caps_now = scorer.caps(low, high)
    band, final, binding = scorer.classify(low_int, caps_now)
    caps_best = [(c, v) for c, v in scorer.caps(high, high) if v is True]
    band_b, final_b, binding_b = scorer.classify(high_int, caps_best)

    unknown: list[str] = []
    indicator_results = [_indicator_result(it, plan, unknown) for it in items]
    qualifiers = _qualifiers(crs, evidence, as_of, warnings, unknown)
    counts = {it.ind.id: _answered(it) for it in items}
    dimension_results: list[dict[str, Any]] = []
    for d, (_, members, max_int, share) in zip(rs.dimensions, plan.dims, strict=True):
        dim_answered = sum(counts[m][0] for m in members)
        dim_total = sum(counts[m][1] for m in members)
        dimension_results.append({
            "id": d.id, "title": d.title, "weight": d.weight, "applicable": bool(members),
            "score": rounded(100 * sum(plan.step[m] * low[m] for m in members), max_int) if members else None,
            "best_score": rounded(100 * sum(plan.step[m] * high[m] for m in members), max_int) if members else None,
            "completeness": completeness(dim_answered, dim_total) if members else None,
            "share": share})

    actions = [action(it, it.worst, next_level(it.ind, it.worst), scorer) for it in live
               if it.worst < it.top and it.ind.measure is None]
    actions.sort(key=lambda a: (-a["gain"], a["indicator"]))

    zone = rs.bands[final].zone
    current = ZONE_ORDER.index(zone) if zone is not None else 0
    path_zone = None
    if current > 0:
        better = ZONE_ORDER[current - 1]
        target_idx = max((i for i, b in enumerate(rs.bands)
                          if b.zone is not None and ZONE_ORDER.index(b.zone) <= current - 1),
                         default=None)
        if target_idx is not None:
            path_zone = path(scorer, low, target_idx, better)
    path_cat = None
    if final > 0:
        path_cat = path(scorer, low, final - 1, rs.bands[final - 1].category)

    terms = [{"indicator": it.ind.id, "dimension": it.dim.id, "group": it.grp.id if it.grp else None,
              "weights": plan.chain[it.ind.id], "effective_weight": plan.eff[it.ind.id], "level": it.worst,
              "max_level": it.top, "points": plan.points(it.ind.id, it.worst)[1], "measure": it.measured}
             for it in live]
    caps_out = [{"id": c.cap.id, "reason": c.cap.reason, "limit": c.cap.max_category or str(c.cap.max_zone),
                 "applies": "yes" if v is True else "possibly"} for c, v in caps_now]
    atts_out = [{"indicator": i, "fact": f, "path": a.path, "sha256": a.actual_sha256, "size": a.size,
                 "problem": a.problem, "date": a.date, "date_source": a.date_source} for i, f, a in attachments]
    period = evidence.period
    return {
        "format": A.ASSESSMENT_FORMAT,
        "ruleset": {"id": rs.id, "version": rs.version, "sha256": rs.sha256,
                    "title": rs.metadata.title, "lineage": rs.lineage},
        "unit": evidence.unit.model_dump(),
        "as_of": as_of,
        "period_from": period.from_ if period else None,
        "period_until": period.until if period else None,
        "assessor": evidence.assessor.name if evidence.assessor else None,
        "reviewer": evidence.reviewer.name if evidence.reviewer else None,
        "assessment_date": evidence.assessment_date,
        "evidence_file": evidence.source, "evidence_sha256": evidence.sha256,
        "score": rounded(low_int, plan.den), "score_best": rounded(high_int, plan.den),
        "index": _index(rs, low_int, plan.den), "index_best": _index(rs, high_int, plan.den),
        "classification": _classification(rs, band, final, binding),
        "classification_best": _classification(rs, band_b, final_b, binding_b),
        "completeness": completeness(sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())),
        "dimensions": dimension_results, "indicators": indicator_results, "caps": caps_out,
        "qualifiers": qualifiers,
        "unknown_facts": unknown, "actions": actions, "path_to_next_zone": path_zone,
        "path_to_next_category": path_cat,
        "trace": {"formula": FORMULA, "terms": terms, "total_exact": fr(worst_total),
                  "total_rounded": str(round_exact(worst_total))},
        "attachments": atts_out, "warnings": warnings,
        "derivation": coverage(derived, (it.ind for it in live)) if derived is not None else None,
    }


__all__ = ["FORMULA", "assessment_data", "evaluate"]
