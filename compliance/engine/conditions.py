"""The condition language compiled into closures, evaluated in three-valued logic (True, False, None = unknown).

Compiling works out, once per condition instead of once per unit, everything that does not depend on the facts:
the form, the operator (through the operator table, engine.operators), the operand and the texts. Pure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from compliance.engine.logic import Compiled, Evaluator, Outcome, Tri, and_, not_, or_
from compliance.engine.operators import compile_fact

if TYPE_CHECKING:
    from compliance.model.ruleset import Condition


def compile_condition(cond: Condition) -> Compiled:
    """A closure that evaluates `cond` in an Evaluator's context."""
    if cond.all is not None:
        return _compile_combine([compile_condition(c) for c in cond.all], and_)
    if cond.any is not None:
        return _compile_combine([compile_condition(c) for c in cond.any], or_)
    if cond.not_ is not None:
        inner_fn = compile_condition(cond.not_)

        def negate(ev: Evaluator) -> Outcome:
            inner = inner_fn(ev)
            return Outcome(not_(inner.value), [f"not ({'; '.join(inner.leaves)})"], inner.missing, inner.facts,
                           inner.attachments)
        return negate
    if cond.indicator is not None:
        ident, min_level = cond.indicator, cond.min_level or 0

        def level_test(ev: Evaluator) -> Outcome:
            assert ev.levels is not None
            worst, best = ev.levels(ident)
            value: Tri = True if worst >= min_level else (False if best < min_level else None)
            return Outcome(value, [f"{ident} at level {worst}" + (f"–{best}" if best != worst else "")
                                   + f" (needs {min_level})"], [], [], [])
        return level_test
    assert cond.fact is not None
    return compile_fact(cond)


def _compile_combine(parts: list[Compiled], fn: Callable[[list[Tri]], Tri]) -> Compiled:
    def combine(ev: Evaluator) -> Outcome:
        outs = [p(ev) for p in parts]
        value = fn([p.value for p in outs])
        out = Outcome(value, [], [], [], [])
        # Explain with the parts that decided the result.
        deciding = [p for p in outs if p.value == value] or outs
        for p in deciding:
            out.leaves.extend(p.leaves)
        for p in outs:
            out.missing.extend(m for m in p.missing if m not in out.missing)
            out.facts.extend(f for f in p.facts if f not in out.facts)
            out.attachments.extend(a for a in p.attachments if a not in out.attachments)
        return out
    return combine


def evaluate_condition(cond: Condition, ev: Evaluator) -> Outcome:
    """One condition evaluated once (compiled for the occasion: the engine keeps its compiled rule set instead)."""
    return compile_condition(cond)(ev)


__all__ = ["Compiled", "Evaluator", "Outcome", "compile_condition", "evaluate_condition"]
