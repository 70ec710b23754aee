"""Weights and points for one set of applicable indicators: the same for every unit with that set, so computed
once per set (CompiledRuleSet.plan keeps them) rather than once per unit.

  e_i  = (w_d / Σ w_d') × (w_g / Σ w_g') × (w_i / Σ w_i')        sums over applicable siblings only
Totals are kept as integers over one common denominator (`den`), so a unit's score is a sum of integers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from compliance.model.scoring import round_exact, to_fraction

if TYPE_CHECKING:
    from compliance.engine.unit import Item
    from compliance.model.ruleset import RuleSet


@dataclass
class Plan:
    """What depends only on the rule set and which indicators apply: computed once, shared by many units."""

    e: dict[str, Fraction]                     # effective weight per indicator
    chain: dict[str, str]                      # how it was computed, as the trace prints it
    den: int                                   # the common denominator of every total
    step: dict[str, int]                       # points per level, over den
    thresholds: list[tuple[int, int]]          # (lowest total over den reaching a band, band index), best first
    lowest: int                                # the band of a total below every threshold
    eff: dict[str, str]                        # e as a fraction string
    per_level: dict[str, Fraction]             # points (0-100 scale) per level
    max_points: dict[str, float]
    dims: list[tuple[str, list[str], int, str]]  # per dimension: id, applicable members, max total, share
    # Remediation actions (indicator, from, to) -> action dict, made once per plan (engine.paths.action).
    actions: dict[tuple[str, int, int], dict[str, Any]] = field(default_factory=dict)
    _points: dict[tuple[str, int], tuple[float, str]] = field(default_factory=dict)

    def points(self, ident: str, level: int) -> tuple[float, str]:
        """An indicator's points at a level: (rounded, exact as a fraction), worked out once per level reached
        (a measured indicator has thousands of levels)."""
        key = (ident, level)
        out = self._points.get(key)
        if out is None:
            f = self.per_level[ident] * level
            out = self._points[key] = (float(round_exact(f)), fr(f))
        return out


def n(x: Any) -> str:
    """A weight as the trace prints it: an integer, a short decimal, or else a fraction."""
    f = to_fraction(x)
    if f.denominator == 1:
        return str(f.numerator)
    d = round_exact(f, 4).normalize()
    return format(d, "f") if to_fraction(d) == f else str(f)


def fr(f: Fraction) -> str:
    """A fraction as `a/b` (or `a` when whole)."""
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def weights(ruleset: RuleSet, live: Sequence[Item]) -> tuple[dict[str, Fraction], dict[str, str]]:
    """Effective weight of each applicable indicator, and the chain of weights it came from."""
    e: dict[str, Fraction] = {}
    chain: dict[str, str] = {}
    dims = [d for d in ruleset.dimensions if any(it.dim.id == d.id for it in live)]
    total_d = sum((to_fraction(d.weight) for d in dims), Fraction(0))
    for d in dims:
        direct = [it for it in live if it.dim.id == d.id and it.grp is None]
        groups = [g for g in d.groups if any(it.grp is not None and it.grp.id == g.id for it in live)]
        denom = sum((to_fraction(it.ind.weight) for it in direct), Fraction(0)) + \
            sum((to_fraction(g.weight) for g in groups), Fraction(0))
        fd = to_fraction(d.weight) / total_d
        for it in direct:
            e[it.ind.id] = fd * to_fraction(it.ind.weight) / denom
            chain[it.ind.id] = f"{n(d.weight)}/{n(total_d)} × {n(it.ind.weight)}/{n(denom)}"
        for g in groups:
            members = [it for it in live if it.grp is not None and it.grp.id == g.id]
            gden = sum((to_fraction(it.ind.weight) for it in members), Fraction(0))
            fg = to_fraction(g.weight) / denom
            for it in members:
                e[it.ind.id] = fd * fg * to_fraction(it.ind.weight) / gden
                chain[it.ind.id] = (f"{n(d.weight)}/{n(total_d)} × {n(g.weight)}/{n(denom)} × "
                                    f"{n(it.ind.weight)}/{n(gden)}")
    return e, chain


def make_plan(ruleset: RuleSet, live: Sequence[Item]) -> Plan:
    """The plan for these applicable indicators (in rule-set order)."""
    e, chain = weights(ruleset, live)
    per_level = {it.ind.id: 100 * e[it.ind.id] / it.top for it in live}
    den = 1
    for f in per_level.values():
        den = math.lcm(den, f.denominator)
    step = {k: int(f * den) for k, f in per_level.items()}
    # Band j holds a score whose half-up rounding on the bands' scale (0-100, or the index's 0-max) reaches its
    # minimum: exact >= min - 0.005 on that scale.
    bands = ruleset.bands
    order = sorted(range(len(bands)), key=lambda i: -bands[i].min)
    to_score = 100 / to_fraction(ruleset.scoring.scale_max)
    thresholds = [(math.ceil((to_fraction(bands[i].min) - Fraction(1, 200)) * to_score * den), i) for i in order]
    dims = []
    for d in ruleset.dimensions:
        members = [it for it in live if it.dim.id == d.id]
        share = sum((e[it.ind.id] for it in members), Fraction(0))
        dims.append((d.id, [it.ind.id for it in members],
                     sum(step[it.ind.id] * it.top for it in members) if members else 0, fr(share)))
    return Plan(e=e, chain=chain, den=den, step=step, thresholds=thresholds, lowest=order[-1],
                eff={it.ind.id: fr(e[it.ind.id]) for it in live}, per_level=per_level,
                max_points={it.ind.id: float(round_exact(100 * e[it.ind.id])) for it in live}, dims=dims)
