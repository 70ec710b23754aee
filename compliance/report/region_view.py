"""The view model of the regional roll-up (pure). It only formats the RegionSummary (report/summary.py): the
ranking, its ties, the most-missed indicators and the changes are the ones `assess` prints and results.json holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from compliance.model.assessment import Completeness
from compliance.model.format import Formatter, Translated
from compliance.report.charts import BarChart, average_chart, heat, zone_chart
from compliance.report.headline import completeness_note
from compliance.report.region_doc import grouped
from compliance.report.rollup_strings import ROLLUP_STRINGS
from compliance.report.strings import STRINGS, ZONE_CLASS, ZONE_ORDER, Field, zone_key
from compliance.report.summary import Change, Group, RegionSummary, breakdown, dimension_means


@dataclass(frozen=True)
class HeatCell:
    text: str
    css: str


@dataclass(frozen=True)
class RankRow:
    rank: str
    name: str
    meta: str
    score: str
    category: str
    zone_word: str
    zone_css: str
    change: str
    change_css: str
    cells: tuple[HeatCell, ...]
    completeness: str = ""    # "data 35 % lengkap" while the unit's score is provisional


@dataclass(frozen=True)
class DimHead:
    key: str       # D1, D2, ...
    title: str


@dataclass(frozen=True)
class CountRow:
    label: str
    count: str
    share: str
    css: str


@dataclass(frozen=True)
class MissedRow:
    indicator: str
    title: str
    units: str
    share: str
    unmet: str
    partial: str
    unknown: str


@dataclass(frozen=True)
class FailureRow:
    file: str
    error: str


@dataclass(frozen=True)
class ChangeRow:
    name: str
    previous: str
    current: str
    change: str
    change_css: str
    zone_change: str
    category_change: str = ""


@dataclass(frozen=True)
class GroupRow:
    """One line of a breakdown (per unit kind, per kecamatan)."""

    label: str
    units: str
    mean: str
    green: str
    yellow: str
    red: str


@dataclass(frozen=True)
class UnitLine:
    """A unit added since the previous round, or gone since."""

    name: str
    result: str


@dataclass(frozen=True)
class RollupView:
    lang: str
    t: Mapping[str, str]
    title: str
    header_left: str
    header_right: str
    footer_left: str
    cover: tuple[Field, ...]
    stats: tuple[Field, ...]
    zone_chart: BarChart
    zones: tuple[CountRow, ...]
    categories: tuple[CountRow, ...]
    dim_heads: tuple[DimHead, ...]
    ranking: tuple[RankRow, ...]
    has_previous: bool
    changes: tuple[ChangeRow, ...]
    missed: tuple[MissedRow, ...]
    failures: tuple[FailureRow, ...]
    by_kind: tuple[GroupRow, ...] = ()
    by_kecamatan: tuple[GroupRow, ...] = ()
    dim_chart: BarChart | None = None
    changes_counts: str = ""
    new_units: tuple[UnitLine, ...] = ()
    gone_units: tuple[UnitLine, ...] = ()
    digest: str = ""          # the region digest (region_doc.py), printed grouped on the first page
    zoned: bool = True                  # False: the rule set has no zones (labels only; no zone wording)
    zone_head: str = ""                 # the ranking column's head: "Zona", or "Predikat" without zones
    entity: tuple[Field, ...] = ()      # the entity's result, when the rule set declares how it is formed


def _where(fmt: Formatter, zone: str | None, label: str = "") -> str:
    """A result's zone, or, for a rule set without zones, its label (or nothing)."""
    return fmt.zone(zone) if zone is not None else label


def _entity(fmt: Formatter, t: Mapping[str, str], s: RegionSummary) -> tuple[Field, ...]:
    """The entity's result as label/value rows: the result with its qualifiers, the sample, the qualifiers."""
    e = s.entity
    if e is None:
        return ()
    if e.score is None:
        result = t["none"]
    else:
        label = " ".join([fmt.text(e.label) if e.label else "", *(fmt.text(q.label) for q in e.held)]).strip()
        index = f"{t['index']} {fmt.num(e.index)} · " if e.index is not None else ""
        result = f"{index}{fmt.num(e.score)} — {t['category']} {e.category} · {label}"
        if e.zone is not None:
            result += f" · {fmt.zone(e.zone)}"
        if e.inferred is not None:
            result += f" ({t['inferred_range']})"
    rows = [Field(fmt.text(e.title), result),
            Field(t["entity_sample"], ", ".join(e.sampled) or t["none"])]
    if e.missing_kinds:
        rows.append(Field(t["entity_missing"], ", ".join(e.missing_kinds)))
    for q in e.qualifiers:
        rows.append(Field(fmt.text(q.label), t["q_unknown"] if q.holds is None else t["q_yes"] if q.holds
                          else t["q_no"]))
    return tuple(rows)


def _change(fmt: Formatter, c: Change) -> tuple[str, str]:
    """The signed change and its class."""
    return fmt.signed(c.delta), "chg-up" if c.delta > 0 else "chg-down" if c.delta < 0 else "chg-same"


def _groups(fmt: Formatter, groups: list[Group], none_label: str) -> tuple[GroupRow, ...]:
    return tuple(GroupRow(label=g.key if g.key is not None else none_label, units=fmt.integer(g.units),
                          mean=fmt.num(g.mean), green=fmt.integer(g.zones.get("green", 0)),
                          yellow=fmt.integer(g.zones.get("yellow", 0)), red=fmt.integer(g.zones.get("red", 0)))
                 for g in groups)


def _moved(before: str, after: str) -> str:
    """ "A → B" when it moved, the one value when it did not."""
    return after if before == after else f"{before} → {after}"


def _changes(fmt: Formatter, s: RegionSummary) -> tuple[list[ChangeRow], list[UnitLine], list[UnitLine]]:
    """The units whose category or zone moved (the summary's order: the largest movement first), the units new
    in this round and the units gone since."""
    rows = []
    for c in s.class_changes:
        change, change_css = _change(fmt, c)
        rows.append(ChangeRow(name=c.unit_name, previous=fmt.num(c.previous.score), current=fmt.num(c.score),
                              change=change, change_css=change_css,
                              zone_change=_moved(_where(fmt, c.previous.zone), _where(fmt, c.zone)),
                              category_change=_moved(c.previous.category, c.category)))
    names = {r.unit.unit_id: r.unit for r in s.ranking}
    new = [UnitLine(name=names[uid].unit_name if uid in names else uid,
                    result=f"{fmt.num(names[uid].score)} · {names[uid].category} · "
                           f"{_where(fmt, names[uid].zone, names[uid].label)}"
                    if uid in names else "") for uid in s.new_units]
    gone = [UnitLine(name=g.previous.name or g.unit_id, result=f"{fmt.num(g.previous.score)} · {g.previous.category}"
                     + (f" · {fmt.zone(g.previous.zone)}" if g.previous.zone else "")) for g in s.gone]
    return rows, new, gone


def build_rollup_view(s: RegionSummary, *, ruleset: Any, as_of: dt.date, lang: str = "id",
                      titles: Mapping[str, Translated] | None = None,
                      dimension_titles: Mapping[str, Translated] | None = None, digest: str = "") -> RollupView:
    """The regional roll-up of a summary whose ranking holds the units' detail (not `UnitSummary.lean()`).
    `ruleset` is an `assessment.RuleSetInfo`; `titles` maps indicator ids to titles and `dimension_titles`
    dimension ids to titles (both optional: ids are printed otherwise); `digest` is the region digest
    (region_doc.region_digest) printed on the first page for `verify`."""
    fmt = Formatter(lang)
    t = {**STRINGS[lang], **ROLLUP_STRINGS[lang]}
    titles = titles or {}
    dim_titles = dimension_titles or {}
    dim_ids: list[str] = []
    for r in s.ranking:
        for d, _ in r.unit.dimensions:
            if d not in dim_ids:
                dim_ids.append(d)
    heads = tuple(DimHead(key=f"D{i + 1}", title=fmt.text(dim_titles[d]) if d in dim_titles else d)
                  for i, d in enumerate(dim_ids))
    changes = {c.unit_id: c for c in s.changes or ()}
    rows = []
    for r in s.ranking:
        u = r.unit
        change, change_css = "", "chg-none"
        if s.has_previous:
            c = changes.get(u.unit_id)
            change, change_css = (t["new_unit"], "chg-new") if c is None else _change(fmt, c)
        dims = dict(u.dimensions)
        cells = tuple(HeatCell(text=t["none"] if dims.get(d) is None else fmt.num(dims[d], 0), css=heat(dims.get(d)))
                      for d in dim_ids)
        rows.append(RankRow(rank=fmt.integer(r.rank), name=u.unit_name,
                            meta=u.unit_kind + (f" · {u.kecamatan}" if u.kecamatan else ""), score=fmt.num(u.score),
                            category=u.category, zone_word=_where(fmt, u.zone, u.label),
                            zone_css=ZONE_CLASS[zone_key(u.zone)],
                            change=change, change_css=change_css, cells=cells,
                            completeness=completeness_note(fmt, Completeness(
                                answered=u.facts_answered, total=u.facts_total, percent=u.completeness))))
    change_rows, new_units, gone_units = _changes(fmt, s)
    units = [r.unit for r in s.ranking]
    means = dimension_means(units)
    dim_chart = average_chart(fmt, [(fmt.text(dim_titles[d]) if d in dim_titles else d, m) for d, m, _ in means],
                              t["s_dim_means"]) if means else None
    n = s.units
    zones = tuple(CountRow(label=fmt.zone(z), count=fmt.integer(s.zones[z]), share=fmt.pct(s.zones[z], n),
                           css=ZONE_CLASS[z]) for z in ZONE_ORDER) if s.zoned else ()
    cats = tuple(CountRow(label=c, count=fmt.integer(k), share=fmt.pct(k, n), css="")
                 for c, k in s.categories.items())
    missed = tuple(MissedRow(indicator=m.indicator, title=fmt.text(titles[m.indicator]) if m.indicator in titles
                             else m.indicator, units=fmt.integer(m.units), share=fmt.pct(m.units, m.applicable),
                             unmet=fmt.integer(m.unmet), partial=fmt.integer(m.partial),
                             unknown=fmt.integer(m.unknown)) for m in s.most_missed)
    regions = ", ".join(s.regions)
    stats = (
        Field(t["units_assessed"], fmt.integer(n)),
        Field(t["units_failed"], fmt.integer(s.failed)),
        Field(t["mean"], fmt.num(s.mean)),
        Field(t["median"], fmt.num(s.median)),
    )
    cover = (
        Field(t["region"], regions or t["not_given"]),
        Field(t["ruleset"], f"{ruleset.id} ({t['version']} {ruleset.version}) — {fmt.text(ruleset.title)}"),
        Field(t["ruleset_sha"], ruleset.sha256, mono=True),
        Field(t["as_of"], fmt.date(as_of)),
    )
    return RollupView(
        lang=lang, t=t, title=t["rollup_title"], header_left=f"{ruleset.id} {t['version']} {ruleset.version}",
        header_right=regions or t["rollup_title"], footer_left=f"{t['as_of']}: {fmt.date(as_of)}", cover=cover,
        stats=stats, zone_chart=zone_chart(fmt, s.zones), zones=zones, categories=cats, dim_heads=heads,
        ranking=tuple(rows), has_previous=s.has_previous, changes=tuple(change_rows), missed=missed,
        failures=tuple(FailureRow(file=f.file, error=f.error) for f in s.failures),
        by_kind=_groups(fmt, breakdown(units, "unit_kind"), t["none"]),
        by_kecamatan=_groups(fmt, breakdown(units, "kecamatan"), t["no_kecamatan"]),
        dim_chart=dim_chart,
        changes_counts=t["changes_counts" if s.zoned else "changes_counts_nz"].format(
            moved=fmt.integer(len(change_rows)), new=fmt.integer(len(new_units)), gone=fmt.integer(len(gone_units))),
        new_units=tuple(new_units), gone_units=tuple(gone_units), digest=grouped(digest) if digest else "",
        zoned=s.zoned, zone_head=t["zone"] if s.zoned else t["label"], entity=_entity(fmt, t, s),
    )
