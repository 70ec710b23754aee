"""Plain-text and CSV renderings of assessments for the terminal (Indonesian first, English with lang='en')."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from compliance.model.assessment import Assessment
from compliance.report.summary import RegionSummary

ZONE_WORD = {
    "id": {"green": "ZONA HIJAU", "yellow": "ZONA KUNING", "red": "ZONA MERAH"},
    "en": {"green": "GREEN ZONE", "yellow": "YELLOW ZONE", "red": "RED ZONE"},
}
STATUS_WORD = {
    "id": {"met": "terpenuhi", "partial": "sebagian", "unmet": "belum", "not_applicable": "tidak berlaku",
           "unknown": "belum diketahui"},
    "en": {"met": "met", "partial": "partial", "unmet": "unmet", "not_applicable": "not applicable",
           "unknown": "unknown"},
}
WORDS = {
    "id": {"score": "Skor", "category": "Kategori", "range": "rentang", "dimensions": "Dimensi",
           "todo": "Prioritas perbaikan", "path": "Jalan ke", "unknown": "Data belum diisi", "units": "unit",
           "region": "Ringkasan wilayah", "mean": "rata-rata", "median": "median", "ranking": "Peringkat",
           "missed": "Indikator paling sering belum terpenuhi", "failed": "Gagal dinilai", "capped": "dibatasi oleh",
           "reachable": "dapat dicapai", "unreachable": "tidak dapat dicapai dengan bukti saja", "warnings": "Catatan",
           "changes": "Perubahan sejak putaran sebelumnya", "unchanged": "tidak berubah", "new": "unit baru",
           "gone": "tidak ada lagi", "improved": "naik", "fell": "turun", "zone_changes": "pindah zona"},
    "en": {"score": "Score", "category": "Category", "range": "range", "dimensions": "Dimensions",
           "todo": "Priority actions", "path": "Path to", "unknown": "Facts not given", "units": "units",
           "region": "Region summary", "mean": "mean", "median": "median", "ranking": "Ranking",
           "missed": "Indicators most often not met", "failed": "Failed", "capped": "capped by",
           "reachable": "reachable", "unreachable": "not reachable with evidence alone", "warnings": "Notes",
           "changes": "Changes since the previous round", "unchanged": "unchanged", "new": "new units",
           "gone": "no longer present", "improved": "up", "fell": "down", "zone_changes": "changed zone"},
}


def num(x: float | None, lang: str) -> str:
    """A score with 2 decimals; decimal comma in Indonesian."""
    if x is None:
        return "–"
    s = f"{x:.2f}"
    return s.replace(".", ",") if lang == "id" else s


def unit_text(a: Assessment, lang: str = "id", *, max_actions: int = 5) -> str:
    w = WORDS[lang]
    c = a.classification
    lines = [f"{a.unit.name} ({a.unit.id}, {a.unit.kind})  {a.evidence_file}"]
    head = (f"  {w['score']} {num(a.score, lang)} — {w['category']} {c.category} ({c.label.get(lang)}) — "
            f"{ZONE_WORD[lang][c.zone]}")
    if c.capped_by:
        head += f" [{w['capped']} {', '.join(c.capped_by)}]"
    if a.score_best != a.score or a.classification_best.category != c.category:
        head += (f"; {w['range']} {num(a.score, lang)}–{num(a.score_best, lang)} "
                 f"({a.classification_best.category}, {ZONE_WORD[lang][a.classification_best.zone].lower()})")
    lines.append(head)
    dims = " | ".join(f"{d.title.get(lang)} {num(d.score, lang)}" for d in a.dimensions if d.applicable)
    lines.append(f"  {w['dimensions']}: {dims}")
    if a.unknown_facts:
        shown = ", ".join(a.unknown_facts[:8]) + (" …" if len(a.unknown_facts) > 8 else "")
        lines.append(f"  {w['unknown']} ({len(a.unknown_facts)}): {shown}")
    for path in (a.path_to_next_zone, a.path_to_next_category):
        if path is None:
            continue
        target = ZONE_WORD[lang].get(path.target, f"{w['category']} {path.target}")
        if path.reachable:
            steps = "; ".join(f"{x.indicator} {x.from_level}→{x.to_level}" for x in path.actions)
            lines.append(f"  {w['path']} {target}: {steps} (→ {num(path.score_after, lang)})")
        else:
            lines.append(f"  {w['path']} {target}: {w['unreachable']}")
    if a.actions:
        lines.append(f"  {w['todo']}:")
        for i, act in enumerate(a.actions[:max_actions], 1):
            text = act.remediation[0].get(lang) if act.remediation else act.title.get(lang)
            lines.append(f"    {i}. [+{num(act.gain, lang)}] {act.indicator}: {text}")
    if a.warnings:
        lines.append(f"  {w['warnings']}: " + "; ".join(a.warnings[:5]))
    return "\n".join(lines) + "\n"


def region_text(s: RegionSummary, lang: str = "id") -> str:
    w = WORDS[lang]
    z = ZONE_WORD[lang]
    lines = [f"{w['region']} ({s.ruleset_id}): {s.units} {w['units']}, {w['mean']} {num(s.mean, lang)}, "
             f"{w['median']} {num(s.median, lang)}"]
    lines.append("  " + ", ".join(f"{z[k]} {v}" for k, v in s.zones.items()) + "  |  " +
                 ", ".join(f"{k} {v}" for k, v in s.categories.items()))
    if s.ranking:
        lines.append(f"  {w['ranking']}:")
        width = len(str(len(s.ranking)))
        for i, u in enumerate(s.ranking, 1):
            lines.append(f"    {i:>{width}}. {num(u.score, lang):>6}  {u.category:<3} {z[u.zone]:<11} {u.unit_name}")
    if s.most_missed:
        lines.append(f"  {w['missed']}:")
        for ident, n in s.most_missed:
            lines.append(f"    {n:>4}  {ident}")
    if s.changes is not None:
        moved = [c for c in s.changes if c.delta != 0 or c.zone != c.previous.zone]
        up = sum(1 for c in s.changes if c.delta > 0)
        down = sum(1 for c in s.changes if c.delta < 0)
        zone_moves = sum(1 for c in s.changes if c.zone != c.previous.zone)
        lines.append(f"  {w['changes']}: {w['improved']} {up}, {w['fell']} {down}, {w['zone_changes']} {zone_moves}"
                     f", {w['new']} {len(s.new_units)}, {w['gone']} {len(s.gone_units)}")
        for c in moved[:20]:
            sign = "+" if c.delta > 0 else ""
            zone = f"  {z[c.previous.zone]} → {z[c.zone]}" if c.zone != c.previous.zone else ""
            scores = f"{num(c.previous.score, lang):>6} → {num(c.score, lang):>6}"
            lines.append(f"    {sign}{num(c.delta, lang):>6}  {scores}  {c.unit_name}{zone}")
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
