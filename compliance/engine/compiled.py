"""A rule set compiled for evaluation: the engine's one place for what it works out once and reuses.

A CompiledRuleSet holds, for one RuleSet: every level's and cap's condition compiled into a closure, the
indicator entries, the not-applicable reasons per unit kind, and a plan (weights, points, remediation actions)
per set of applicable indicators. It depends only on the rule set, so results are the same whether it is built
once per batch or once per unit. It pickles as its RuleSet and compiles again on the other side (a worker
started by spawn), since closures do not pickle.

`compile_ruleset` keeps the last few compiled sets, so `evaluate(ruleset, ...)` with a plain RuleSet compiles it
once, not once per call.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from compliance.engine.caps import CompiledCap, cap_refs
from compliance.engine.conditions import compile_condition
from compliance.engine.plan import Plan, make_plan
from compliance.model.labels import not_for_kind

if TYPE_CHECKING:
    from compliance.engine.logic import Compiled
    from compliance.engine.unit import Item, Ladder
    from compliance.model.ruleset import Dimension, Group, Indicator, Qualifier, RuleSet

_MAX_KINDS = 64  # not-applicable reasons kept for this many unit kinds
_MAX_PLANS = 64  # plans kept for this many sets of applicable indicators


def _applies(kind: str, applies_to: tuple[str, ...] | None) -> bool:
    return applies_to is None or kind in applies_to


class CompiledRuleSet:
    """A RuleSet with its conditions compiled and its per-rule-set results kept (see the module's doc)."""

    __slots__ = ("_plans", "_reasons", "bottoms", "cap_refs", "caps", "entries", "known", "ladders", "qualifiers",
                 "ruleset")

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.entries: list[tuple[Dimension, Group | None, Indicator]] = ruleset.indicators()
        quals = ruleset.entity.qualifiers if ruleset.entity is not None else ()
        # The qualifiers, their conditions compiled; their facts are given in the evidence under their ids.
        self.qualifiers: tuple[tuple[Qualifier, Compiled], ...] = tuple((q, compile_condition(q.when)) for q in quals)
        self.known = frozenset(i.id for _, _, i in self.entries) | {q.id for q in quals}
        # Per entry: the ladder above the bottom level, compiled, and the bottom level.
        self.ladders: list[Ladder] = [
            tuple((lv.level, compile_condition(lv.when) if lv.when is not None else None) for lv in ind.ladder[1:])
            for _, _, ind in self.entries]
        self.bottoms: list[int] = [ind.ladder[0].level if ind.ladder else ind.min_level for _, _, ind in self.entries]
        self.caps: tuple[CompiledCap, ...] = tuple(CompiledCap.of(c, ruleset.bands) for c in ruleset.caps)
        refs: set[str] = set()
        for c in ruleset.caps:
            cap_refs(c.when, refs)
        self.cap_refs = frozenset(refs)
        self._reasons: dict[str, list[str | None]] = {}
        self._plans: dict[tuple[str, ...], Plan] = {}

    def __reduce__(self) -> tuple[Any, ...]:
        return (CompiledRuleSet, (self.ruleset,))

    def reasons(self, kind: str) -> list[str | None]:
        """Per entry: None when it applies to a unit of this kind, else why not."""
        out = self._reasons.get(kind)
        if out is None:
            out = [None if (_applies(kind, d.applies_to) and _applies(kind, g.applies_to if g else None)
                            and _applies(kind, i.applies_to)) else not_for_kind(kind)
                   for d, g, i in self.entries]
            if len(self._reasons) < _MAX_KINDS:
                self._reasons[kind] = out
        return out

    def plan(self, live: Sequence[Item]) -> Plan:
        """The plan for this set of applicable indicators (in rule-set order), made once."""
        key = tuple(it.ind.id for it in live)
        plan = self._plans.get(key)
        if plan is None:
            plan = make_plan(self.ruleset, live)
            if len(self._plans) < _MAX_PLANS:
                self._plans[key] = plan
        return plan


_CACHE: dict[int, CompiledRuleSet] = {}  # id(RuleSet) -> compiled; the entry keeps its RuleSet (and id) alive
_CACHE_SIZE = 8
_CACHE_LOCK = threading.Lock()  # for adding and evicting only: a hit reads the dict without it


def compile_ruleset(ruleset: RuleSet | CompiledRuleSet) -> CompiledRuleSet:
    """The rule set compiled: itself when it already is; else compiled once and kept for the next calls."""
    if isinstance(ruleset, CompiledRuleSet):
        return ruleset
    found = _CACHE.get(id(ruleset))
    if found is not None and found.ruleset is ruleset:
        return found
    compiled = CompiledRuleSet(ruleset)
    with _CACHE_LOCK:
        while len(_CACHE) >= _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]  # the oldest first
        _CACHE[id(ruleset)] = compiled
    return compiled
