"""The view model of the region dashboard, `index.html` in a report's output folder (pure).

It formats the same region summary as the roll-up (report/summary.py) and reuses the roll-up view's statistics,
category counts, most-missed indicators and failures, so that the two never disagree. It adds what a browser can
do and paper cannot: every unit in one table that sorts and filters, with links to the unit reports. Every label
and number is decided here; reports/dashboard.html.j2 only loops and prints, and its script only reorders and
hides the rows it finds in the page.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from compliance.model.assessment import Completeness
from compliance.model.format import Formatter
from compliance.report.charts import BarChart
from compliance.report.headline import completeness_note
from compliance.report.region_view import CountRow, FailureRow, MissedRow, RollupView
from compliance.report.strings import STRINGS, ZONE_CLASS, ZONE_ORDER, ZONE_SHAPE, Field, zone_key
from compliance.report.summary import RegionSummary

UNITS_DIR = "units"

# The dashboard's own texts; the shared ones (column names, zone words) come from report/strings.py.
DASHBOARD_STRINGS: dict[str, dict[str, str]] = {
    "id": {
        "dash_title": "Dasbor Penilaian Kepatuhan Wilayah",
        "s_units": "Semua Unit", "s_summary": "Ringkasan Wilayah", "nav": "Isi halaman",
        "filters": "Saring unit", "all": "Semua", "search": "Cari nama unit", "reset": "Hapus saringan",
        "shown": "Menampilkan {shown} dari {total} unit.", "no_match": "Tidak ada unit yang cocok dengan saringan.",
        "sort_hint": "Klik judul kolom untuk mengurutkan; klik lagi untuk membalik urutan.",
        "no_script": "Pengurutan dan saringan memerlukan JavaScript; tabel di bawah diurutkan menurut nilai.",
        "col_reports": "Laporan", "report_html": "HTML", "report_pdf": "PDF", "no_report": "tidak ada laporan",
        "rollup_pdf": "Rekapitulasi wilayah (PDF)", "rollup_html": "Rekapitulasi wilayah (HTML)",
        "results_json": "Hasil yang dapat dibaca mesin (results.json)",
        "report_of": "Laporan {name} ({fmt})", "offline_note": "Halaman ini bekerja tanpa internet.",
    },
    "en": {
        "dash_title": "Regional Compliance Dashboard",
        "s_units": "All Units", "s_summary": "Region Summary", "nav": "On this page",
        "filters": "Filter units", "all": "All", "search": "Search unit name", "reset": "Clear filters",
        "shown": "Showing {shown} of {total} units.", "no_match": "No unit matches the filters.",
        "sort_hint": "Click a column heading to sort; click it again to reverse the order.",
        "no_script": "Sorting and filtering need JavaScript; the table below is ordered by score.",
        "col_reports": "Reports", "report_html": "HTML", "report_pdf": "PDF", "no_report": "no report",
        "rollup_pdf": "Regional summary (PDF)", "rollup_html": "Regional summary (HTML)",
        "results_json": "Machine-readable results (results.json)",
        "report_of": "Report of {name} ({fmt})", "offline_note": "This page works without internet.",
    },
}


@dataclass(frozen=True)
class ZoneCount:
    key: str              # green | yellow | red
    label: str
    count: str
    share: str
    css: str              # from ZONE_CLASS
    shape: str            # from ZONE_SHAPE: the zone is told by text and shape, never by colour alone


@dataclass(frozen=True)
class Link:
    label: str
    href: str             # relative to index.html
    aria: str = ""        # the link's accessible name when the label alone is not enough ("PDF")


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Filter:
    key: str              # the row attribute it filters on (data-<key>)
    label: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Column:
    key: str              # the row attribute it sorts on (data-<key>); "" for a column that does not sort
    label: str
    numeric: bool = False
    first: str = "ascending"     # the order of the first click
    sorted: str = ""             # "ascending" | "descending" for the column the page opens sorted by
    css: str = ""


@dataclass(frozen=True)
class Row:
    order: int            # the ranking position (0-based): ties in any sort keep this order
    rank: str
    unit_id: str
    name: str
    kind: str
    kecamatan: str        # "" when not given (printed as "—")
    score: str            # as printed ("87,50")
    score_key: str        # as sorted ("87.5")
    category: str
    category_key: int     # the band order (A first)
    zone: str             # green | yellow | red
    zone_key: int         # green first
    zone_word: str
    zone_css: str
    zone_shape: str
    change: str
    change_css: str
    change_key: str       # the delta; "" for a unit new this round
    reports: tuple[Link, ...]
    search: str           # the name and id, lower-cased, for the text search
    completeness: str = ""  # "data 35 % lengkap" while some of the unit's facts are not given


@dataclass(frozen=True)
class DashboardView:
    lang: str
    t: Mapping[str, str]
    title: str
    region: str
    cover: tuple[Field, ...]
    stats: tuple[Field, ...]
    zones: tuple[ZoneCount, ...]
    zone_chart: BarChart
    categories: tuple[CountRow, ...]
    missed: tuple[MissedRow, ...]
    failures: tuple[FailureRow, ...]
    documents: tuple[Link, ...]
    filters: tuple[Filter, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    has_previous: bool
    none: str


def _href(*parts: str) -> str:
    return "/".join(quote(p, safe="") for p in parts)


def build_dashboard_view(s: RegionSummary, rollup: RollupView, *, lang: str = "id",
                         files: Collection[str] = ()) -> DashboardView:
    """The dashboard of a summary, next to its roll-up view. `files` are the paths (relative to the output folder,
    with "/") that the run wrote: a report is linked only if it is there."""
    fmt = Formatter(lang)
    t: dict[str, Any] = {**STRINGS[lang], **DASHBOARD_STRINGS[lang]}
    none = t["none"]
    written = set(files)
    cat_order = {c: i for i, c in enumerate(s.categories)}
    changes = {c.unit_id: c for c in s.changes or ()}
    rows = []
    for i, r in enumerate(s.ranking):
        u = r.unit
        reports = tuple(Link(label=t[f"report_{ext}"], href=_href(UNITS_DIR, f"{u.unit_id}.{ext}"),
                             aria=t["report_of"].format(name=u.unit_name, fmt=t[f"report_{ext}"]))
                        for ext in ("html", "pdf") if f"{UNITS_DIR}/{u.unit_id}.{ext}" in written)
        change, change_css, change_key = "", "chg-none", ""
        if s.has_previous:
            c = changes.get(u.unit_id)
            if c is None:
                change, change_css = t["new_unit"], "chg-new"
            else:
                change = fmt.signed(c.delta)
                change_css = "chg-up" if c.delta > 0 else "chg-down" if c.delta < 0 else "chg-same"
                change_key = repr(c.delta)
        rows.append(Row(order=i, rank=fmt.integer(r.rank), unit_id=u.unit_id, name=u.unit_name, kind=u.unit_kind,
                        kecamatan=u.kecamatan or "", score=fmt.num(u.score), score_key=repr(float(u.score)),
                        category=u.category, category_key=cat_order.get(u.category, len(cat_order)),
                        zone=zone_key(u.zone), zone_key=ZONE_ORDER.index(u.zone) if u.zone else 0,
                        zone_word=fmt.zone(u.zone) if u.zone else u.label,
                        zone_css=ZONE_CLASS[zone_key(u.zone)], zone_shape=ZONE_SHAPE[zone_key(u.zone)], change=change,
                        change_css=change_css, change_key=change_key, reports=reports,
                        search=f"{u.unit_name} {u.unit_id}".lower(),
                        completeness=completeness_note(fmt, Completeness(
                            answered=u.facts_answered, total=u.facts_total, percent=u.completeness))))

    def options(values: Collection[str]) -> tuple[Option, ...]:
        return tuple(Option(v, v) for v in sorted(values, key=lambda v: (v.casefold(), v)))

    units = [r.unit for r in s.ranking]
    filters = tuple(f for f in (     # a filter with nothing to choose is left out
        Filter("kind", t["kind"], options({u.unit_kind for u in units})),
        Filter("kecamatan", t["kecamatan"], options({u.kecamatan for u in units if u.kecamatan})),
        Filter("zone", t["zone"], tuple(Option(z, fmt.zone(z)) for z in ZONE_ORDER if s.zones.get(z))),
        Filter("category", t["category"], tuple(Option(c, c) for c, k in s.categories.items() if k)),
    ) if f.options)
    columns = (
        Column("", t["col_rank_short"], css="num"),
        Column("name", t["col_unit"]),
        Column("kind", t["kind"]),
        Column("kecamatan", t["kecamatan"]),
        Column("score", t["col_score"], numeric=True, first="descending", sorted="descending", css="num"),
        Column("category", t["category"], numeric=True, css="c"),
        *((Column("zone", t["zone"], numeric=True),) if s.zoned else ()),
        *((Column("change", t["col_change"], numeric=True, first="descending", css="num"),)
          if s.has_previous else ()),
        Column("", t["col_reports"]),
    )
    documents = tuple(Link(label=t[key], href=name) for key, name in
                      (("rollup_pdf", "rollup.pdf"), ("rollup_html", "rollup.html"), ("results_json", "results.json"))
                      if name in written)
    n = s.units
    zones = tuple(ZoneCount(key=z, label=fmt.zone(z), count=fmt.integer(s.zones.get(z, 0)),
                            share=fmt.pct(s.zones.get(z, 0), n), css=ZONE_CLASS[z], shape=ZONE_SHAPE[z])
                  for z in ZONE_ORDER) if s.zoned else ()    # no zone wording for a rule set without zones
    region = ", ".join(s.regions)
    return DashboardView(lang=lang, t=t, title=t["dash_title"] + (f" — {region}" if region else ""),
                         region=region or t["dash_title"], cover=rollup.cover, stats=rollup.stats, zones=zones,
                         zone_chart=rollup.zone_chart, categories=rollup.categories, missed=rollup.missed,
                         failures=rollup.failures,
                         documents=documents, filters=filters, columns=columns, rows=tuple(rows),
                         has_previous=s.has_previous, none=none)


__all__ = ["DASHBOARD_STRINGS", "Column", "DashboardView", "Filter", "Link", "Option", "Row", "ZoneCount",
           "build_dashboard_view"]
