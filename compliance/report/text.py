"""Plain-text and CSV renderings of assessments for the terminal (Indonesian first, English with lang='en').

Numbers, dates and zone names come from the shared Formatter; the region part only formats the RegionSummary.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from compliance.model.assessment import Assessment
from compliance.model.format import Formatter
from compliance.model.labels import ZONE_NAMES
from compliance.report.summary import RegionSummary

WORDS = {
    "id": {"score": "Skor", "category": "Kategori", "range": "rentang", "dimensions": "Dimensi",
           "todo": "Prioritas perbaikan", "path": "Jalan ke", "unknown": "Data belum diisi", "units": "unit",
           "region": "Ringkasan wilayah", "mean": "rata-rata", "median": "median", "ranking": "Peringkat",
           "missed": "Indikator paling sering belum terpenuhi", "failed": "Gagal dinilai", "capped": "dibatasi oleh",
           "unreachable": "tidak dapat dicapai dengan bukti saja", "warnings": "Catatan",
           "changes": "Perubahan sejak putaran sebelumnya", "new": "unit baru", "gone": "tidak ada lagi",
           "improved": "naik", "fell": "turun", "zone_changes": "pindah zona",
           "derived": "Dibaca dari bukti {source}: {supplied} dari {facts} fakta terisi ({share} %), {mapped} "
                      "dipetakan; sisanya belum diketahui"},
    "en": {"score": "Score", "category": "Category", "range": "range", "dimensions": "Dimensions",
           "todo": "Priority actions", "path": "Path to", "unknown": "Facts not given", "units": "units",
           "region": "Region summary", "mean": "mean", "median": "median", "ranking": "Ranking",
           "missed": "Indicators most often not met", "failed": "Failed", "capped": "capped by",
           "unreachable": "not reachable with evidence alone", "warnings": "Notes",
           "changes": "Changes since the previous round", "new": "new units", "gone": "no longer present",
           "improved": "up", "fell": "down", "zone_changes": "changed zone",
           "derived": "Read from {source} evidence: {supplied} of {facts} facts supplied ({share} %), {mapped} "
                      "mapped; the rest are unknown"},
}
MAX_MOVED = 20          # changes listed under the region summary (the counts cover them all)


def _zone(fmt: Formatter, zone: str) -> str:
    """ "ZONA HIJAU": the zone name in capitals, as the report's badge prints it."""
    return fmt.zone(zone).upper()


def unit_text(a: Assessment, lang: str = "id", *, max_actions: int = 5) -> str:
    w = WORDS[lang]
    fmt = Formatter(lang)
    num = fmt.num
    c = a.classification
    lines = [f"{a.unit.name} ({a.unit.id}, {a.unit.kind})  {a.evidence_file}"]
    head = (f"  {w['score']} {num(a.score)} — {w['category']} {c.category} ({c.label.get(lang)}) — "
            f"{_zone(fmt, c.zone)}")
    if c.capped_by:
        head += f" [{w['capped']} {', '.join(c.capped_by)}]"
    if a.score_best != a.score or a.classification_best.category != c.category:
        head += (f"; {w['range']} {num(a.score)}–{num(a.score_best)} "
                 f"({a.classification_best.category}, {_zone(fmt, a.classification_best.zone).lower()})")
    lines.append(head)
    dims = " | ".join(f"{d.title.get(lang)} {num(d.score)}" for d in a.dimensions if d.applicable)
    lines.append(f"  {w['dimensions']}: {dims}")
    if a.derivation is not None:
        d = a.derivation
        lines.append("  " + w["derived"].format(source=d.source, supplied=d.supplied, facts=d.facts,
                                                share=num(d.share), mapped=d.mapped))
    if a.unknown_facts:
        shown = ", ".join(a.unknown_facts[:8]) + (" …" if len(a.unknown_facts) > 8 else "")
        lines.append(f"  {w['unknown']} ({len(a.unknown_facts)}): {shown}")
    for path in (a.path_to_next_zone, a.path_to_next_category):
        if path is None:
            continue
        target = _zone(fmt, path.target) if path.target in ZONE_NAMES else f"{w['category']} {path.target}"
        if path.reachable:
            steps = "; ".join(f"{x.indicator} {x.from_level}→{x.to_level}" for x in path.actions)
            lines.append(f"  {w['path']} {target}: {steps} (→ {num(path.score_after)})")
        else:
            lines.append(f"  {w['path']} {target}: {w['unreachable']}")
    if a.actions:
        lines.append(f"  {w['todo']}:")
        for i, act in enumerate(a.actions[:max_actions], 1):
            text = act.remediation[0].get(lang) if act.remediation else act.title.get(lang)
            lines.append(f"    {i}. [+{num(act.gain)}] {act.indicator}: {text}")
    if a.warnings:
        lines.append(f"  {w['warnings']}: " + "; ".join(a.warnings[:5]))
    return "\n".join(lines) + "\n"


def region_text(s: RegionSummary, lang: str = "id") -> str:
    w = WORDS[lang]
    fmt = Formatter(lang)
    num = fmt.num
    lines = [f"{w['region']} ({s.ruleset_id}): {s.units} {w['units']}, {w['mean']} {num(s.mean)}, "
             f"{w['median']} {num(s.median)}"]
    lines.append("  " + ", ".join(f"{_zone(fmt, k)} {v}" for k, v in s.zones.items()) + "  |  " +
                 ", ".join(f"{k} {v}" for k, v in s.categories.items()))
    if s.ranking:
        lines.append(f"  {w['ranking']}:")
        width = len(str(len(s.ranking)))
        for r in s.ranking:
            u = r.unit
            lines.append(f"    {r.rank:>{width}}. {num(u.score):>6}  {u.category:<3} {_zone(fmt, u.zone):<11} "
                         f"{u.unit_name}")
    if s.most_missed:
        lines.append(f"  {w['missed']}:")
        for m in s.most_missed:
            lines.append(f"    {m.units:>4}  {m.indicator}")
    if s.changes is not None:
        up = sum(1 for c in s.changes if c.delta > 0)
        down = sum(1 for c in s.changes if c.delta < 0)
        lines.append(f"  {w['changes']}: {w['improved']} {up}, {w['fell']} {down}, "
                     f"{w['zone_changes']} {len(s.zone_changes)}, {w['new']} {len(s.new_units)}, "
                     f"{w['gone']} {len(s.gone)}")
        for c in s.moved[:MAX_MOVED]:
            sign = "+" if c.delta > 0 else ""
            zone = f"  {_zone(fmt, c.previous.zone)} → {_zone(fmt, c.zone)}" if c.zone_changed else ""
            scores = f"{num(c.previous.score):>6} → {num(c.score):>6}"
            lines.append(f"    {sign}{num(c.delta):>6}  {scores}  {c.unit_name}{zone}")
    if s.failures:
        lines.append(f"  {w['failed']} ({len(s.failures)}):")
        for f in s.failures:
            lines.append(f"    {f.error}")
    return "\n".join(lines) + "\n"


CSV_FIELDS = ["file", "unit_id", "unit_name", "unit_kind", "kecamatan", "score", "score_best", "category", "zone",
              "category_best", "zone_best", "capped_by", "unknown_facts", "error"]


def csv_header(dimension_ids: Sequence[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(CSV_FIELDS + [f"dim_{d}" for d in dimension_ids])
    return buf.getvalue()


def csv_row(a: Assessment | None, file: str, error: str | None, dimension_ids: Sequence[str]) -> str:
    buf = io.StringIO()
    if a is None:
        row = [file] + [""] * (len(CSV_FIELDS) - 2) + [error or ""] + [""] * len(dimension_ids)
    else:
        dims = {d.id: d.score for d in a.dimensions}
        row = [file, a.unit.id, a.unit.name, a.unit.kind, a.unit.kecamatan or "", f"{a.score:.2f}",
               f"{a.score_best:.2f}", a.classification.category, a.classification.zone,
               a.classification_best.category, a.classification_best.zone, " ".join(a.classification.capped_by),
               str(len(a.unknown_facts)), ""]
        row += ["" if dims.get(d) is None else f"{dims[d]:.2f}" for d in dimension_ids]
    csv.writer(buf, lineterminator="\n").writerow(_safe_csv(row))
    return buf.getvalue()


def _safe_csv(row: list[str]) -> list[str]:
    # Spreadsheet formula injection: a cell starting with = + - @ is prefixed with a quote.
    return ["'" + c if c[:1] in ("=", "+", "-", "@") and not _is_number(c) else c for c in row]


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True
