"""Remediation: the action of raising one indicator, and the fewest raises that reach a better zone or category."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from compliance.model.scoring import rounded

if TYPE_CHECKING:
    from compliance.engine.scorer import Scorer
    from compliance.engine.unit import Item
    from compliance.model.ruleset import Condition, Indicator, Text

MAX_PATH_STEPS = 200


def remediations(ind: Indicator, a: int, b: int) -> tuple[Text, ...]:
    """The remediation texts of the levels from a up to (not including) b."""
    return tuple(lv.remediation for lv in ind.ladder if a <= lv.level < b and lv.remediation is not None)


def _facts_read(cond: Condition | None, out: list[str]) -> None:
    """The facts a condition reads, in the order written (another indicator's level is not a fact)."""
    if cond is None:
        return
    if cond.fact is not None and cond.fact not in out:
        out.append(cond.fact)
    for part in (cond.all or ()) + (cond.any or ()) + ((cond.not_,) if cond.not_ is not None else ()):
        _facts_read(part, out)


def needs(ind: Indicator, a: int, b: int) -> tuple[dict[str, Any], ...]:
    """The facts (name, prompt, proof) the conditions of the levels above a up to b read: what to gather or answer."""
    names: list[str] = []
    for lv in ind.ladder:
        if a < lv.level <= b:
            _facts_read(lv.when, names)
    return tuple({"fact": n, "prompt": ind.facts[n].prompt, "proof": ind.facts[n].proof} for n in names
                 if n in ind.facts)


def next_level(ind: Indicator, level: int) -> int:
    return next((lv.level for lv in ind.ladder if lv.level > level), level)


def action(it: Item, frm: int, to: int, scorer: Scorer) -> dict[str, Any]:
    """Raising one indicator from one level to another; the same for every unit, so made once per plan.

    The dict is shared between units' results: nothing changes it after it is made.
    """
    key = (it.ind.id, frm, to)
    cache = scorer.plan.actions
    out = cache.get(key)
    if out is None:
        out = cache[key] = {"indicator": it.ind.id, "title": it.ind.title, "from_level": frm, "to_level": to,
                            "gain": rounded(scorer.step[it.ind.id] * (to - frm), scorer.den),
                            "remediation": remediations(it.ind, frm, to), "needs": needs(it.ind, frm, to)}
    return out


def path(scorer: Scorer, start: dict[str, int], target_index: int, target: str) -> dict[str, Any]:
    """Fewest indicators to raise (each as little as needed) so the final classification reaches target_index.

    Greedy on the largest gain; optimal in the number of indicators when no cap is involved, because the score
    is a weighted sum. Caps that stand in the way are lifted by raising the indicators they read.
    """
    items = [it for it in scorer.live if it.ind.measure is None]  # a measured value is not raised by a document
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
    actions = tuple(sorted((action(scorer.by_id[i], start[i], levels[i], scorer) for i in chosen
                            if levels[i] > start[i]), key=lambda a: (-a["gain"], a["indicator"])))
    return dict(target=target, reachable=reachable, actions=actions,
                score_after=rounded(total, scorer.den) if reachable else None)
