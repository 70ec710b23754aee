"""Plain-text and CSV renderings of assessments for the terminal (Indonesian first, English with lang='en').

Numbers, dates and zone names come from the shared Formatter; the region part only formats the RegionSummary.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from compliance.model.assessment import Assessment, DimensionResult
from compliance.model.format import Formatter
from compliance.model.labels import ZONE_NAMES
from compliance.model.text import Text
from compliance.report.headline import completeness_note, provisional_headline
from compliance.report.next_steps import next_steps_text
from compliance.report.summary import RegionSummary
from compliance.report.warning_text import warning_text

WORDS = {
    "id": {"score": "Skor", "category": "Kategori", "range": "rentang", "dimensions": "Dimensi",
           "todo": "Prioritas perbaikan", "path": "Jalan ke", "unknown": "Data belum diisi", "units": "unit",
           "region": "Ringkasan wilayah", "mean": "rata-rata", "median": "median", "ranking": "Peringkat",
           "missed": "Indikator paling sering belum terpenuhi", "failed": "Gagal dinilai", "capped": "dibatasi oleh",
           "unreachable": "tidak dapat dicapai dengan bukti saja", "warnings": "Catatan",
           "changes": "Perubahan sejak putaran sebelumnya", "new": "unit baru", "gone": "tidak ada lagi",
           "improved": "naik", "fell": "turun", "zone_changes": "pindah zona atau kategori", "index": "Indeks",
           "qualifiers": "Kualifikasi", "yes": "terpenuhi", "no": "tidak terpenuhi", "unknown_q": "belum diketahui",
           "entity": "Hasil entitas", "sampled": "unit sampel", "kinds_missing": "jenis unit sampel tanpa unit",
           "changed": "berubah", "inferred": "rentang disimpulkan, tidak dipublikasikan",
           "derived": "Dibaca dari bukti {source}: {supplied} dari {facts} fakta terisi ({share} %), {mapped} "
                      "dipetakan; sisanya belum diketahui"},
    "en": {"score": "Score", "category": "Category", "range": "range", "dimensions": "Dimensions",
           "todo": "Priority actions", "path": "Path to", "unknown": "Facts not given", "units": "units",
           "region": "Region summary", "mean": "mean", "median": "median", "ranking": "Ranking",
           "missed": "Indicators most often not met", "failed": "Failed", "capped": "capped by",
           "unreachable": "not reachable with evidence alone", "warnings": "Notes",
           "changes": "Changes since the previous round", "new": "new units", "gone": "no longer present",
           "improved": "up", "fell": "down", "zone_changes": "changed zone or category", "index": "Index",
           "qualifiers": "Qualifiers", "yes": "holds", "no": "does not hold", "unknown_q": "not known",
           "entity": "Entity result", "sampled": "sampled units", "kinds_missing": "sampled unit kinds without a unit",
           "changed": "changed", "inferred": "range inferred, not published",
           "derived": "Read from {source} evidence: {supplied} of {facts} facts supplied ({share} %), {mapped} "
                      "mapped; the rest are unknown"},
}
WORDS_DATA = {"id": "data {pct} lengkap", "en": "data {pct} complete"}
MAX_MOVED = 20          # changes listed under the region summary (the counts cover them all)


def _zone(fmt: Formatter, zone: str | None) -> str:
    """ "ZONA HIJAU": the zone name in capitals, as the report's badge prints it; empty without a zone."""
    return fmt.zone(zone).upper() if zone is not None else ""


def _holds(w: dict[str, str], holds: bool | None) -> str:
    return w["unknown_q"] if holds is None else w["yes"] if holds else w["no"]


def unit_text(a: Assessment, lang: str = "id", *, max_actions: int = 5) -> str:
    w = WORDS[lang]
    fmt = Formatter(lang)
    num = fmt.num
    c = a.classification
    lines = [f"{a.unit.name} ({a.unit.id}, {a.unit.kind})  {a.evidence_file}"]
    provisional = provisional_headline(fmt, a)
    if provisional is not None:
        # While facts are open the score is the low end of a range, not a verdict: say so before anything else.
        head = f"  {provisional}"
        if a.index is not None and a.index_best is not None:
            head += f" — {w['index']} {num(a.index)}–{num(a.index_best)}"
    else:
        index = f"{w['index']} {num(a.index)} — " if a.index is not None else ""
        head = f"  {index}{w['score']} {num(a.score)} — {w['category']} {c.category} ({c.label.get(lang)})"
        if c.zone is not None:
            head += f" — {_zone(fmt, c.zone)}"
        if a.score_best != a.score or a.classification_best.category != c.category:
            cb = a.classification_best
            best = f"{cb.category}, {_zone(fmt, cb.zone).lower()}" if cb.zone is not None else cb.category
            head += f"; {w['range']} {num(a.score)}–{num(a.score_best)} ({best})"
    if c.capped_by:
        head += f" [{w['capped']} {', '.join(c.capped_by)}]"
    lines.append(head)
    if a.qualifiers:
        lines.append(f"  {w['qualifiers']}: " + "; ".join(f"{q.label.get(lang)}: {_holds(w, q.holds)}"
                                                          for q in a.qualifiers))
    lines.extend(next_steps_text(fmt, a, max_actions))  # what to do next comes first, before the detail

    def dim(d: DimensionResult) -> str:
        note = completeness_note(fmt, d.completeness)
        return f"{d.title.get(lang)} {num(d.score)}" + (f" ({note})" if note else "")

    dims = " | ".join(dim(d) for d in a.dimensions if d.applicable)
    lines.append(f"  {w['dimensions']}: {dims}")
    if a.derivation is not None:
        d = a.derivation
        lines.append("  " + w["derived"].format(source=d.source, supplied=d.supplied, facts=d.facts,
                                                share=num(d.share), mapped=d.mapped))
    if a.unknown_facts:
        # By the facts' prompts (a key only in results written before the prompts were recorded).
        prompts = {f"{i.id}.{f}": p.get(lang) for i in a.indicators for f, p in zip(i.missing_facts, i.missing_prompts,
                                                                                   strict=False)}
        named = [prompts.get(k, k) for k in a.unknown_facts]
        shown = "; ".join(named[:8]) + (" …" if len(named) > 8 else "")
        lines.append(f"  {w['unknown']} ({len(a.unknown_facts)}): {shown}")
    for path in (a.path_to_next_zone, a.path_to_next_category):
        if path is None:
            continue
        target = _zone(fmt, path.target) if path.target in ZONE_NAMES else f"{w['category']} {path.target}"
        if path.reachable:
            steps = "; ".join(f"{x.title.get(lang)} {x.from_level}→{x.to_level}" for x in path.actions)
            lines.append(f"  {w['path']} {target}: {steps} (→ {num(path.score_after)})")
        else:
            lines.append(f"  {w['path']} {target}: {w['unreachable']}")
    if a.warnings:
        lines.append(f"  {w['warnings']}: " + "; ".join(warning_text(x, lang) for x in a.warnings[:5]))
    return "\n".join(lines) + "\n"


def region_text(s: RegionSummary, lang: str = "id", *, titles: Mapping[str, Text] | None = None) -> str:
    """The region summary; indicators by their titles in `lang` when `titles` (id -> title) are given."""
    w = WORDS[lang]
    fmt = Formatter(lang)
    num = fmt.num
    lines = [f"{w['region']} ({s.ruleset_id}): {s.units} {w['units']}, {w['mean']} {num(s.mean)}, "
             f"{w['median']} {num(s.median)}"]
    cats = ", ".join(f"{k} {v}" for k, v in s.categories.items())
    if s.zoned:
        lines.append("  " + ", ".join(f"{_zone(fmt, k)} {v}" for k, v in s.zones.items()) + "  |  " + cats)
    else:
        lines.append("  " + cats)
    if s.entity is not None:
        lines.extend(_entity_lines(s, fmt, w, lang))
    if s.ranking:
        lines.append(f"  {w['ranking']}:")
        width = len(str(len(s.ranking)))
        for r in s.ranking:
            u = r.unit
            open_ = (f"  ({WORDS_DATA[lang].format(pct=fmt.completeness(u.facts_answered, u.facts_total))})"
                     if u.facts_answered < u.facts_total else "")
            where = _zone(fmt, u.zone) if s.zoned else u.label
            lines.append(f"    {r.rank:>{width}}. {num(u.score):>6}  {u.category:<3} {where:<11} "
                         f"{u.unit_name}{open_}")
    if s.most_missed:
        lines.append(f"  {w['missed']}:")
        for m in s.most_missed:
            title = titles[m.indicator].get(lang) if titles and m.indicator in titles else m.indicator
            lines.append(f"    {m.units:>4}  {title}")
    if s.changes is not None:
        up = sum(1 for c in s.changes if c.delta > 0)
        down = sum(1 for c in s.changes if c.delta < 0)
        moved = len(s.class_changes)
        lines.append(f"  {w['changes']}: {w['improved']} {up}, {w['fell']} {down}, "
                     f"{w['zone_changes'] if s.zoned else w['changed']} {moved}, "
                     f"{w['new']} {len(s.new_units)}, "
                     f"{w['gone']} {len(s.gone)}")
        for c in s.moved[:MAX_MOVED]:
            sign = "+" if c.delta > 0 else ""
            zone = f"  {_zone(fmt, c.previous.zone)} → {_zone(fmt, c.zone)}" if c.zone_changed and s.zoned else ""
            cat = f"  {c.previous.category} → {c.category}" if c.category_changed else ""
            scores = f"{num(c.previous.score):>6} → {num(c.score):>6}"
            lines.append(f"    {sign}{num(c.delta):>6}  {scores}  {c.unit_name}{zone}{cat}")
    if s.failures:
        lines.append(f"  {w['failed']} ({len(s.failures)}):")
        for f in s.failures:
            lines.append(f"    {f.error}")
    return "\n".join(lines) + "\n"


def _entity_lines(s: RegionSummary, fmt: Formatter, w: dict[str, str], lang: str) -> list[str]:
    """The entity's result: its score (index), band and label with the qualifiers that hold, and its sample."""
    e = s.entity
    assert e is not None
    num = fmt.num
    if e.score is None:
        head = f"  {w['entity']} ({e.title.get(lang)}): —"
    else:
        label = " ".join([e.label.get(lang) if e.label else "", *(q.label.get(lang) for q in e.held)]).strip()
        index = f"{w['index']} {num(e.index)}, " if e.index is not None else ""
        head = f"  {w['entity']} ({e.title.get(lang)}): {index}{num(e.score)} — {e.category} {label}"
        if e.zone is not None:
            head += f" — {_zone(fmt, e.zone)}"
        if e.inferred is not None:
            head += f" ({w['inferred']})"
    out = [head, f"    {w['sampled']} ({len(e.sampled)}): {', '.join(e.sampled) or '—'}"]
    if e.missing_kinds:
        out.append(f"    {w['kinds_missing']}: {', '.join(e.missing_kinds)}")
    if e.qualifiers:
        out.append(f"    {w['qualifiers']}: " + "; ".join(f"{q.label.get(lang)}: {_holds(w, q.holds)}"
                                                            for q in e.qualifiers))
    return out


CSV_FIELDS = ["file", "unit_id", "unit_name", "unit_kind", "kecamatan", "score", "score_best", "category", "zone",
              "category_best", "zone_best", "capped_by", "unknown_facts", "completeness", "error"]


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
               f"{a.score_best:.2f}", a.classification.category, a.classification.zone or "",
               a.classification_best.category, a.classification_best.zone or "", " ".join(a.classification.capped_by),
               str(len(a.unknown_facts)), "" if a.completeness is None else f"{a.completeness.percent:.2f}", ""]
        row += ["" if dims.get(d) is None else f"{dims[d]:.2f}" for d in dimension_ids]
    csv.writer(buf, lineterminator="\n").writerow(_safe_csv(row))
    return buf.getvalue()


def _safe_csv(row: list[str]) -> list[str]:
    # Spreadsheet formula injection: a cell starting with = + - @ (or a tab or carriage return, which some
    # programs skip before reading a formula) is prefixed with a quote; a plain number such as -3.5 is left as is.
    return ["'" + c if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(c) else c for c in row]


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True
