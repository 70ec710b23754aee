"""The score computation table of a unit report: every indicator's weight chain and points, grouped by dimension
and group so that a shared chain is printed once, and the exact and rounded totals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from compliance.model.assessment import Assessment
from compliance.model.format import Formatter
from compliance.report.strings import STRINGS


@dataclass(frozen=True)
class TraceRow:
    indicator: str
    e: str
    level: str
    exact: str
    decimal: str
    no: str = ""
    factor: str = ""      # the indicator's own factor, printed only when it differs within its heading group


@dataclass(frozen=True)
class TraceGroup:
    title: str            # "Input · kelompok input.kompetensi"
    chain: str            # "21.85/120 × 1/2 × 1/5" (the indicator factor only when shared by every row)
    e: str                # the shared e_i, or ""
    rows: tuple[TraceRow, ...]


@dataclass(frozen=True)
class TraceView:
    intro: str
    formula: str
    total_exact: str
    total_decimal: str
    total_rounded: str
    groups: tuple[TraceGroup, ...] = ()
    rows_note: str = ""


def trace_view(fmt: Formatter, a: Assessment, numbers: Mapping[str, str]) -> TraceView:
    """`numbers` maps indicator ids to their number in the indicator table."""
    t = STRINGS[fmt.lang]
    dim_titles = {d.id: fmt.text(d.title) for d in a.dimensions}
    # One heading row per (dimension, group): the shared part of the weight chain is printed there once.
    keyed: dict[tuple[str, str | None], list[tuple[list[str], TraceRow]]] = {}
    for term in a.trace.terms:
        row = TraceRow(indicator=term.indicator, e=term.effective_weight, level=f"{term.level} / {term.max_level}",
                       exact=term.points, decimal=fmt.num(Fraction(term.points), 4),
                       no=numbers.get(term.indicator, ""))
        keyed.setdefault((term.dimension, term.group), []).append((term.weights.split(" × "), row))
    groups = []
    for (dim, grp), members in keyed.items():
        prefix = members[0][0][:-1]
        factors = {parts[-1] for parts, _ in members}
        uniform = len(factors) == 1 and all(parts[:-1] == prefix for parts, _ in members)
        title = dim_titles.get(dim, dim) + (f" · {t['trace_group']} {grp}" if grp is not None else "")
        if uniform:
            chain = " × ".join([*prefix, next(iter(factors))])
            e = members[0][1].e
            grows = tuple(r for _, r in members)
        else:
            chain = " × ".join(prefix) if all(parts[:-1] == prefix for parts, _ in members) else ""
            e = ""
            grows = tuple(replace(r, factor=parts[-1] if chain else " × ".join(parts)) for parts, r in members)
        groups.append(TraceGroup(title=title, chain=chain, e=e, rows=grows))
    return TraceView(intro=t["trace_intro"], formula=t["trace_formula"], total_exact=a.trace.total_exact,
                     total_decimal=fmt.num(Fraction(a.trace.total_exact), 6),
                     total_rounded=fmt.num(Decimal(a.trace.total_rounded)), groups=tuple(groups),
                     rows_note=t["trace_rows_note"])
