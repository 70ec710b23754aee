"""Assessment -> report view models (pure): every label, number format, percentage and sort order is decided here.

Templates in reports/ only loop and print these values. Dates and numbers are formatted with Babel in the
report language (`id`: "2 November 2023", "37,50"; `en`: "2 November 2023", "37.50"). Enumerations (zone,
status, heat bucket) are mapped through fixed dictionaries to CSS class names, so no input string ever
reaches CSS.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from compliance.model.assessment import Action, Assessment, IndicatorResult, Path
from compliance.model.ruleset import ZONE_LABELS, Text
from compliance.report.summary import Previous, previous_from_json

LANGS = ("id", "en")
FONT_FAMILY = "Kepatuhan Noto Sans"
SVG_FONT = f"'{FONT_FAMILY}', 'Noto Sans', 'DejaVu Sans', sans-serif"
SHORT_SHA = 12

ZONE_CLASS = {"green": "zone-green", "yellow": "zone-yellow", "red": "zone-red"}
ZONE_ORDER = ("green", "yellow", "red")
# Greyscale-safe coding: each zone has its own shape in the badge and its own pattern in charts.
ZONE_SHAPE = {"green": "circle", "yellow": "triangle", "red": "square"}
# SVG paint per zone: a solid fill, a diagonal hatch and a cross hatch (patterns defined in reports/_macros).
BAR_FILL = {"green": ("#1b7a3a", "#0d4d22"), "yellow": ("url(#pat-yellow)", "#a07800"),
            "red": ("url(#pat-red)", "#b3261e")}
STATUS_CLASS = {"met": "st-met", "partial": "st-partial", "unmet": "st-unmet", "not_applicable": "st-na",
                "unknown": "st-unknown"}

STRINGS: dict[str, dict[str, str]] = {
    "id": {
        "doc_title": "Laporan Penilaian Kepatuhan Standar Pelayanan Publik",
        "rollup_title": "Rekapitulasi Penilaian Kepatuhan Wilayah",
        "unit": "Unit layanan", "kind": "Jenis unit", "region": "Wilayah", "kecamatan": "Kecamatan",
        "address": "Alamat", "ruleset": "Perangkat aturan", "version": "versi", "period": "Periode penilaian",
        "assessor": "Penilai", "reviewer": "Pemeriksa", "as_of": "Tanggal acuan",
        "assessment_date": "Tanggal penilaian",
        "score": "Nilai", "category": "Kategori", "zone": "Zona", "score_range": "Rentang nilai",
        "evidence_file": "Berkas bukti", "ruleset_sha": "SHA-256 aturan", "evidence_sha": "SHA-256 berkas bukti",
        "not_given": "tidak diisi", "page": "Halaman", "of": "dari", "to": "ke", "max": "paling tinggi",
        "s_summary": "Ringkasan", "s_dimensions": "Nilai per Dimensi", "s_indicators": "Rincian Indikator",
        "s_unknowns": "Data Belum Lengkap dan Rentang Nilai", "s_path": "Langkah Perbaikan",
        "s_trace": "Perhitungan Nilai", "s_evidence": "Daftar Bukti", "s_signature": "Pengesahan",
        "s_caps": "Batas Kategori", "s_warnings": "Catatan Pemrosesan",
        "chart_legend": "Batang penuh: nilai sekarang. Garis putus-putus: nilai tertinggi yang mungkin bila data "
                        "yang belum diisi dilengkapi.",
        "col_no": "No", "col_indicator": "Indikator", "col_level": "Level", "col_points": "Poin",
        "col_status": "Status", "col_evidence": "Bukti yang dipakai", "col_weight": "Rantai bobot",
        "col_e": "e_i", "col_exact": "Poin (eksak)", "col_decimal": "Poin (desimal)", "col_file": "Berkas",
        "col_size": "Ukuran (bita)", "col_sha": "SHA-256", "col_fact": "Data yang belum diisi",
        "col_gain": "Tambahan nilai", "col_action": "Tindakan", "col_from_to": "Level",
        "none": "—", "no_evidence": "tanpa berkas", "incomplete": "data belum lengkap",
        "no_unknowns": "Semua data yang diperlukan sudah diisi.",
        "unknowns_intro": ("Data yang belum diisi dihitung pada level terendahnya. Jika semua data ini dilengkapi "
                           "dengan hasil terbaik, nilai dapat naik sampai batas atas rentang."),
        "range_now": "Nilai sekarang (data kosong dihitung terendah)",
        "range_best": "Nilai tertinggi yang mungkin", "range_cat": "Kategori yang mungkin",
        "path_zone": "Menuju zona berikutnya", "path_category": "Menuju kategori berikutnya",
        "to_zone": "Menuju {target}", "to_category": "Menuju kategori {target}",
        "to_both": "Menuju {zone} dan kategori {category}",
        "path_top_zone": "Unit sudah berada di zona terbaik.", "path_top_category": "Unit sudah di kategori terbaik.",
        "path_unreachable": "Target ini tidak dapat dicapai hanya dengan menaikkan indikator.",
        "score_after": "Nilai sesudah langkah ini", "target": "Target",
        "path_same": "Langkah menuju kategori berikutnya sama dengan langkah menuju zona berikutnya.",
        "path_intro": ("Setiap baris menaikkan satu indikator dari level sekarang ke level tujuan; tambahan nilai "
                       "dihitung dengan bobot indikator itu. Cara perbaikan per level tercetak di bawah nama "
                       "indikator."),
        "step_absent": "—",
        "evidence_name_note": ("Nama berkas yang diawali id indikator dicetak tanpa awalan itu (…). Jalur lengkap "
                               "dan SHA-256 lengkap setiap berkas ada di Daftar Bukti."),
        "evidence_intro": "No merujuk ke nomor indikator pada Rincian Indikator.",
        "evidence_folder": "Semua berkas berada di folder {folder}; jalur di bawah dicetak tanpa awalan itu.",
        "trace_group": "kelompok",
        "trace_intro": ("Nilai dihitung dengan pecahan eksak lalu dibulatkan sekali (setengah ke atas) menjadi dua "
                        "desimal. Setiap baris di bawah dapat dihitung ulang dengan tangan."),
        "trace_formula": ("nilai = 100 × Σ e_i × (level_i / level_maks_i);  e_i = (bobot dimensi / Σ bobot dimensi) × "
                          "(bobot kelompok / Σ bobot kelompok) × (bobot indikator / Σ bobot indikator), "
                          "jumlah hanya atas indikator yang berlaku"),
        "trace_total": "Jumlah (eksak)", "trace_rounded": "Nilai dibulatkan",
        "trace_rows_note": ("Baris judul memuat rantai bobot yang sama untuk indikator di bawahnya: e_i = bobot "
                            "dimensi × bobot kelompok × bobot indikator; bila bobot indikator berbeda, faktornya "
                            "tercetak di kolom e_i."),
        "sign_assessor": "Penilai", "sign_reviewer": "Pemeriksa", "sign_head": "Kepala unit layanan",
        "sign_place_date": "Tanggal", "sign_name": "Nama",
        "cap_yes": "berlaku", "cap_possibly": "mungkin berlaku (data belum lengkap)",
        "capped_note": "Kategori dibatasi oleh aturan batas", "band_category": "Kategori menurut nilai",
        "embedded_note": ("Dokumen ini memuat lampiran assessment.json (hasil penilaian yang dapat dibaca mesin, "
                          "termasuk SHA-256 aturan dan setiap bukti); periksa dengan: compliance verify"),
        "generated_by": "Dibuat dengan kepatuhan",
        # roll-up
        "units_assessed": "Unit dinilai", "units_failed": "Unit gagal diproses", "mean": "Rata-rata",
        "median": "Median", "s_ranking": "Peringkat Unit dan Nilai per Dimensi", "s_zones": "Sebaran Zona",
        "s_categories": "Sebaran Kategori", "s_missed": "Indikator yang Paling Sering Belum Terpenuhi",
        "s_failures": "Unit yang Gagal Diproses", "s_changes": "Perubahan Zona Sejak Penilaian Sebelumnya",
        "col_rank": "Peringkat", "col_rank_short": "No", "col_category_short": "Kat.",
        "col_unit": "Unit", "col_score": "Nilai", "col_change": "Perubahan",
        "col_count": "Jumlah", "col_share": "Persentase", "col_units_missed": "Unit belum memenuhi",
        "col_unmet": "Tidak", "col_partial": "Sebagian", "col_unknown": "Belum diketahui",
        "col_error": "Masalah", "col_previous": "Nilai sebelumnya", "col_zone_change": "Perubahan zona",
        "legend_dims": "Kolom dimensi", "legend_heat": "Warna sel menunjukkan nilai dimensi (angka selalu dicetak)",
        "no_failures": "Semua berkas bukti berhasil diproses.", "new_unit": "baru", "gone": "tidak dinilai kali ini",
        "improved": "naik", "declined": "turun", "unchanged": "tetap",
        "no_previous": "Tidak ada hasil penilaian sebelumnya yang diberikan.",
        "no_zone_changes": "Tidak ada unit yang berpindah zona.",
    },
    "en": {
        "doc_title": "Public Service Standards Compliance Assessment Report",
        "rollup_title": "Regional Compliance Assessment Summary",
        "unit": "Service unit", "kind": "Unit kind", "region": "Region", "kecamatan": "District",
        "address": "Address", "ruleset": "Rule set", "version": "version", "period": "Assessment period",
        "assessor": "Assessor", "reviewer": "Reviewer", "as_of": "As of", "assessment_date": "Assessment date",
        "score": "Score", "category": "Category", "zone": "Zone", "score_range": "Score range",
        "evidence_file": "Evidence file", "ruleset_sha": "Rule set SHA-256", "evidence_sha": "Evidence SHA-256",
        "not_given": "not given", "page": "Page", "of": "of", "to": "to", "max": "at most",
        "s_summary": "Summary", "s_dimensions": "Score per Dimension", "s_indicators": "Indicators",
        "s_unknowns": "Missing Data and Score Range", "s_path": "Improvement Steps",
        "s_trace": "Score Computation", "s_evidence": "Evidence Files", "s_signature": "Approval",
        "s_caps": "Category Caps", "s_warnings": "Processing Notes",
        "chart_legend": "Solid bar: current score. Dashed outline: the highest possible score once missing data "
                        "is given.",
        "col_no": "No", "col_indicator": "Indicator", "col_level": "Level", "col_points": "Points",
        "col_status": "Status", "col_evidence": "Evidence used", "col_weight": "Weight chain",
        "col_e": "e_i", "col_exact": "Points (exact)", "col_decimal": "Points (decimal)", "col_file": "File",
        "col_size": "Size (bytes)", "col_sha": "SHA-256", "col_fact": "Data not given",
        "col_gain": "Score gain", "col_action": "Action", "col_from_to": "Level",
        "none": "—", "no_evidence": "no file", "incomplete": "data missing",
        "no_unknowns": "All required data was given.",
        "unknowns_intro": ("Data not given counts at its lowest level. If all of it were given with the best "
                           "outcome, the score could rise to the top of the range."),
        "range_now": "Current score (missing data at its lowest)",
        "range_best": "Highest possible score", "range_cat": "Possible categories",
        "path_zone": "Towards the next zone", "path_category": "Towards the next category",
        "to_zone": "Towards the {target}", "to_category": "Towards category {target}",
        "to_both": "Towards the {zone} and category {category}",
        "path_top_zone": "The unit is already in the best zone.",
        "path_top_category": "The unit is already in the best category.",
        "path_unreachable": "This target cannot be reached by raising indicators alone.",
        "score_after": "Score after these steps", "target": "Target",
        "path_same": "The steps towards the next category are the same as those towards the next zone.",
        "path_intro": ("Each row raises one indicator from its current level to the target level; the gain is "
                       "computed with that indicator's weight. How to improve, per level, is printed under the "
                       "indicator's name."),
        "step_absent": "—",
        "evidence_name_note": ("File names that start with the indicator id are printed without that prefix (…). "
                               "The full path and full SHA-256 of every file are in the Evidence Files list."),
        "evidence_intro": "No refers to the indicator number in the Indicators table.",
        "evidence_folder": "Every file is in the folder {folder}; the paths below are printed without it.",
        "trace_group": "group",
        "trace_intro": ("The score is computed with exact fractions and rounded once (half up) to two decimals. "
                        "Every row below can be recomputed by hand."),
        "trace_formula": ("score = 100 × Σ e_i × (level_i / max_level_i);  e_i = (w_dimension / Σ w_dimensions) × "
                          "(w_group / Σ w_groups) × (w_indicator / Σ w_indicators), sums over applicable "
                          "indicators only"),
        "trace_total": "Total (exact)", "trace_rounded": "Rounded score",
        "trace_rows_note": ("A heading row gives the weight chain shared by the indicators below it: e_i = dimension "
                            "weight × group weight × indicator weight; where indicator weights differ, the factor "
                            "is printed in the e_i column."),
        "sign_assessor": "Assessor", "sign_reviewer": "Reviewer", "sign_head": "Head of the service unit",
        "sign_place_date": "Date", "sign_name": "Name",
        "cap_yes": "applies", "cap_possibly": "may apply (data missing)",
        "capped_note": "Category limited by a cap", "band_category": "Category by score",
        "embedded_note": ("This document carries an assessment.json attachment (the machine-readable result, "
                          "with the SHA-256 of the rule set and of every evidence file); check it with: "
                          "compliance verify"),
        "generated_by": "Generated by kepatuhan",
        "units_assessed": "Units assessed", "units_failed": "Units that failed", "mean": "Mean",
        "median": "Median", "s_ranking": "Unit Ranking and Score per Dimension", "s_zones": "Zone Distribution",
        "s_categories": "Category Distribution", "s_missed": "Indicators Most Often Not Met",
        "s_failures": "Units That Failed", "s_changes": "Zone Changes Since the Previous Round",
        "col_rank": "Rank", "col_rank_short": "#", "col_category_short": "Cat.",
        "col_unit": "Unit", "col_score": "Score", "col_change": "Change",
        "col_count": "Units", "col_share": "Share", "col_units_missed": "Units not meeting it",
        "col_unmet": "Unmet", "col_partial": "Partial", "col_unknown": "Unknown",
        "col_error": "Problem", "col_previous": "Previous score", "col_zone_change": "Zone change",
        "legend_dims": "Dimension columns", "legend_heat": "Cell shade shows the dimension score (the number is "
                                                           "always printed)",
        "no_failures": "Every evidence file was processed.", "new_unit": "new", "gone": "not assessed this time",
        "improved": "up", "declined": "down", "unchanged": "same",
        "no_previous": "No previous results were given.",
        "no_zone_changes": "No unit changed zone.",
    },
}
STATUS_LABELS: dict[str, Text] = {
    "met": Text(id="Terpenuhi", en="Met"),
    "partial": Text(id="Sebagian", en="Partial"),
    "unmet": Text(id="Tidak terpenuhi", en="Not met"),
    "not_applicable": Text(id="Tidak berlaku", en="Not applicable"),
    "unknown": Text(id="Belum diketahui", en="Unknown"),
}


# --------------------------------------------------------------------------------------------- formatting


@dataclass(frozen=True)
class Formatter:
    """Locale-aware formatting of dates and numbers (Babel), for one report language."""

    lang: str = "id"

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"unsupported report language {self.lang!r} (use one of {', '.join(LANGS)})")

    def date(self, d: dt.date | None) -> str:
        if d is None:
            return STRINGS[self.lang]["not_given"]
        return str(format_date(d, "d MMMM y", locale=self.lang))

    def num(self, x: float | Decimal | Fraction | int | None, decimals: int = 2) -> str:
        if x is None:
            return STRINGS[self.lang]["none"]
        q = Decimal(x.numerator) / Decimal(x.denominator) if isinstance(x, Fraction) else Decimal(str(x))
        # Round half-up here (as the engine does), so Babel's half-even rounding never applies.
        q = q.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return str(format_decimal(q, format=pattern, locale=self.lang, decimal_quantization=True))

    def integer(self, n: int) -> str:
        return str(format_decimal(n, format="#,##0", locale=self.lang))

    def signed(self, x: float) -> str:
        s = self.num(abs(x))
        return ("+" if x > 0 else "−" if x < 0 else "±") + s

    def pct(self, part: int, whole: int) -> str:
        if whole == 0:
            return STRINGS[self.lang]["none"]
        return self.num(Decimal(100 * part) / Decimal(whole), 1) + " %"

    def text(self, t: Text | None) -> str:
        return t.get(self.lang) if t is not None else STRINGS[self.lang]["none"]

    def zone(self, zone: str) -> str:
        return ZONE_LABELS[zone].get(self.lang)


def _frac(s: str) -> Fraction:
    return Fraction(s)


# --------------------------------------------------------------------------------------------- shared pieces


@dataclass(frozen=True)
class Field:
    label: str
    value: str
    mono: bool = False


@dataclass(frozen=True)
class ZoneBadge:
    zone: str            # green | yellow | red (fixed set)
    css: str             # from ZONE_CLASS
    shape: str           # circle | triangle | square
    word: str            # "ZONA HIJAU"
    category: str
    category_label: str


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: float
    width: float
    best_width: float
    css: str
    text_y: float
    x: float = 0.0          # where the bar starts
    label_x: float = 0.0    # right edge of the label
    value_x: float = 0.0    # where the value text starts
    fill: str = "#1f3b57"   # from BAR_FILL (fixed), never from input
    stroke: str = "none"


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bar_width: int       # the width of 100 %
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]
    font: str = SVG_FONT
    grid_bottom: float = 0.0


def _badge(fmt: Formatter, zone: str, category: str, label: Text) -> ZoneBadge:
    return ZoneBadge(zone=zone, css=ZONE_CLASS[zone], shape=ZONE_SHAPE[zone], word=fmt.zone(zone).upper(),
                     category=category, category_label=fmt.text(label))


# --------------------------------------------------------------------------------------------- unit report


@dataclass(frozen=True)
class EvidenceRef:
    path: str
    name: str             # the file name, without its folder (the full path is in the evidence list)
    short_sha: str
    problem: str | None
    short_name: str = ""  # the name as printed: without a leading indicator id ("…briefing_record-1.pdf")


@dataclass(frozen=True)
class IndicatorRow:
    no: str
    id: str
    title: str
    level: str            # "1 / 2"
    level_label: str
    points: str           # "37,50 / 75,00"
    status: str
    status_css: str
    evidence: tuple[EvidenceRef, ...]
    note: str | None
    detail: str | None    # the not-applicable reason
    incomplete: str = ""  # "data belum lengkap" when facts are missing (listed in the unknowns table)


@dataclass(frozen=True)
class DimensionBlock:
    title: str
    score: str
    rows: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class UnknownRow:
    indicator: str
    title: str
    facts: str
    no: str = ""


@dataclass(frozen=True)
class ActionRow:
    indicator: str
    title: str
    levels: str
    gain: str
    remediation: tuple[str, ...]


@dataclass(frozen=True)
class PathView:
    heading: str
    target: str
    reachable: bool
    actions: tuple[ActionRow, ...]
    score_after: str
    message: str | None   # when there is no path (already at the top) or it is unreachable


@dataclass(frozen=True)
class StepCell:
    levels: str           # "1 ke 3", or "—" when the step is not part of this path
    gain: str             # "+3,70", or ""


@dataclass(frozen=True)
class StepRow:
    no: str
    indicator: str
    title: str
    remediation: tuple[str, ...]   # printed once, for the highest target level among the paths
    cells: tuple[StepCell, ...]    # one per ImprovementView.columns


@dataclass(frozen=True)
class PathColumn:
    heading: str          # "Menuju zona berikutnya" (or both headings when the paths are the same)
    target: str           # "Zona Hijau", "B", "Zona Hijau / B"
    score_after: str
    message: str | None   # "cannot be reached by raising indicators alone"


@dataclass(frozen=True)
class ImprovementView:
    """The path to the next zone and the one to the next category in one table: each action once."""

    intro: str
    columns: tuple[PathColumn, ...]
    rows: tuple[StepRow, ...]
    notes: tuple[str, ...]         # "already in the best zone", "the same steps as ..."
    column_mm: int = 29            # width of each path column (one merged column gets more room for its heading)


@dataclass(frozen=True)
class TraceRow:
    indicator: str
    title: str
    weights: str
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
    engine_formula: str
    rows: tuple[TraceRow, ...]
    total_exact: str
    total_decimal: str
    total_rounded: str
    groups: tuple[TraceGroup, ...] = ()
    rows_note: str = ""


@dataclass(frozen=True)
class AttachmentRow:
    path: str
    indicator: str
    size: str
    sha256: str
    problem: str | None
    no: str = ""          # the indicator's number in the indicator table
    first: bool = True    # the first file of its indicator (the number is printed once)


@dataclass(frozen=True)
class CapRow:
    id: str
    reason: str
    limit: str
    applies: str


@dataclass(frozen=True)
class Signatory:
    role: str
    name: str


@dataclass(frozen=True)
class UnitReportView:
    lang: str
    t: Mapping[str, str]
    title: str
    unit_name: str
    header_left: str        # rule set id and version, in the running header
    header_right: str       # unit name
    footer_left: str
    cover: tuple[Field, ...]
    score: str
    score_range: str
    badge: ZoneBadge
    band_note: str | None
    caps: tuple[CapRow, ...]
    chart: BarChart
    dimensions: tuple[DimensionBlock, ...]
    names_shortened: bool   # some evidence names are printed without their indicator-id prefix
    unknowns: tuple[UnknownRow, ...]
    range_rows: tuple[Field, ...]
    paths: tuple[PathView, ...]
    evidence_intro: str     # what No means, and the folder shared by every evidence path (printed once)
    improvement: ImprovementView
    trace: TraceView
    attachments: tuple[AttachmentRow, ...]
    signatories: tuple[Signatory, ...]
    sign_date: str
    warnings: tuple[str, ...]
    meta_description: str


def _dimension_chart(fmt: Formatter, a: Assessment) -> BarChart:
    label_w, bar_w, row_h, top = 210, 370, 28, 18
    bars = []
    dims = [d for d in a.dimensions if d.applicable]
    for i, d in enumerate(dims):
        y = top + i * row_h
        score = d.score or 0.0
        best = d.best_score if d.best_score is not None else score
        width, best_width = round(bar_w * score / 100, 2), round(bar_w * best / 100, 2)
        bars.append(Bar(label=_clip(fmt.text(d.title), 38), value_text=fmt.num(score), y=y, width=width,
                        best_width=best_width, css="bar-dim", text_y=y + 13, x=label_w, label_x=label_w - 6,
                        value_x=label_w + max(width, best_width) + 5))
    ticks = tuple((label_w + bar_w * p / 100, fmt.integer(p)) for p in (0, 25, 50, 75, 100))
    height = top + len(dims) * row_h + 4
    return BarChart(width=label_w + bar_w + 60, height=height, label_width=label_w,
                    bar_width=bar_w, bars=tuple(bars), ticks=ticks, grid_bottom=height - 2)


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _indicator_rows(fmt: Formatter, a: Assessment) -> tuple[DimensionBlock, ...]:
    t = STRINGS[fmt.lang]
    shas = {(r.indicator, r.path): r for r in a.attachments}
    blocks = []
    n = 0
    for d in a.dimensions:
        rows = []
        for ind in (i for i in a.indicators if i.dimension == d.id):
            n += 1
            refs = []
            for p in ind.attachments_used:
                rec = shas.get((ind.id, p))
                short = (rec.sha256 or "")[:SHORT_SHA] if rec else ""
                refs.append(EvidenceRef(path=p, name=_basename(p), short_sha=short,
                                        problem=rec.problem if rec else None,
                                        short_name=_without_id(_basename(p), ind.id)))
            rows.append(IndicatorRow(
                no=fmt.integer(n), id=ind.id, title=fmt.text(ind.title),
                level=(f"{ind.level} / {ind.max_level}" if ind.level is not None else t["none"]),
                level_label=fmt.text(ind.level_label) if ind.level_label else "",
                points=(f"{fmt.num(ind.points)} / {fmt.num(ind.max_points)}" if ind.status != "not_applicable"
                        else t["none"]),
                status=STATUS_LABELS[ind.status].get(fmt.lang), status_css=STATUS_CLASS[ind.status],
                evidence=tuple(refs), note=ind.note,
                incomplete=t["incomplete"] if ind.missing_facts and ind.status != "not_applicable" else "",
                detail=_detail(fmt, ind)))
        blocks.append(DimensionBlock(title=fmt.text(d.title),
                                     score=fmt.num(d.score) if d.applicable else t["none"], rows=tuple(rows)))
    return tuple(blocks)


def _without_id(name: str, indicator: str) -> str:
    """`name` without a leading indicator id (the row already prints it): "…briefing_record-1.pdf"."""
    rest = name[len(indicator):] if name.startswith(indicator) else ""
    if len(rest) > 1 and rest[0] in "._- ":
        return "…" + rest[1:]
    return name


def _numbers(a: Assessment) -> dict[str, str]:
    """Indicator id -> its number in the indicator table (dimension order, then rule-set order)."""
    out: dict[str, str] = {}
    for d in a.dimensions:
        for ind in a.indicators:
            if ind.dimension == d.id:
                out[ind.id] = str(len(out) + 1)
    return out


def _detail(fmt: Formatter, ind: IndicatorResult) -> str | None:
    if ind.status == "not_applicable":
        return ind.not_applicable_reason
    return None   # missing data is listed once, in the unknowns table (the row only flags it)


def _path_view(fmt: Formatter, heading: str, path: Path | None, top_message: str, kind: str) -> PathView:
    t = STRINGS[fmt.lang]
    if path is None:
        return PathView(heading=heading, target="", reachable=False, actions=(), score_after="",
                        message=top_message)
    target = fmt.zone(path.target) if kind == "zone" and path.target in ZONE_LABELS else path.target
    return PathView(heading=heading, target=target, reachable=path.reachable,
                    actions=tuple(_action_row(fmt, x) for x in path.actions),
                    score_after=fmt.num(path.score_after),
                    message=None if path.reachable else t["path_unreachable"])


def _action_row(fmt: Formatter, x: Action) -> ActionRow:
    to = STRINGS[fmt.lang]["to"]
    return ActionRow(indicator=x.indicator, title=fmt.text(x.title), levels=f"{x.from_level} {to} {x.to_level}",
                     gain="+" + fmt.num(x.gain), remediation=tuple(fmt.text(r) for r in x.remediation))


def _improvement(fmt: Formatter, a: Assessment, numbers: Mapping[str, str]) -> ImprovementView:
    """Both remediation paths in one table: every action once, its remediation text once, and one column per
    path (level change and gain), so a step shared by the two paths is never printed twice."""
    t = STRINGS[fmt.lang]
    notes: list[str] = []
    paths: list[tuple[str, str, Path]] = []
    for path, top, kind in ((a.path_to_next_zone, t["path_top_zone"], "zone"),
                            (a.path_to_next_category, t["path_top_category"], "category")):
        if path is None:
            notes.append(top)
            continue
        target = fmt.zone(path.target) if kind == "zone" and path.target in ZONE_LABELS else path.target
        paths.append((t[f"to_{kind}"].format(target=target), target, path))

    def steps(p: Path) -> list[tuple[str, int, int]]:
        return [(x.indicator, x.from_level, x.to_level) for x in p.actions]

    if (len(paths) == 2 and steps(paths[0][2]) == steps(paths[1][2])
            and paths[0][2].reachable == paths[1][2].reachable):
        (_, t1, p1), (_, t2, _) = paths
        paths = [(t["to_both"].format(zone=t1, category=t2), f"{t1} / {t2}", p1)]
        notes.append(t["path_same"])
    columns = tuple(PathColumn(heading=h, target=tg, score_after=fmt.num(p.score_after),
                               message=None if p.reachable else t["path_unreachable"]) for h, tg, p in paths)
    order: list[str] = []
    best: dict[str, Action] = {}
    for _, _, p in paths:
        for x in p.actions:
            if x.indicator not in best:
                order.append(x.indicator)
                best[x.indicator] = x
            elif x.to_level > best[x.indicator].to_level:
                best[x.indicator] = x
    by_path = [{x.indicator: x for x in p.actions} for _, _, p in paths]
    rows = []
    for ind in order:
        x = best[ind]
        cells = []
        for m in by_path:
            y = m.get(ind)
            if y is None:
                cells.append(StepCell(levels=t["step_absent"], gain=""))
            else:
                r = _action_row(fmt, y)
                cells.append(StepCell(levels=r.levels, gain=r.gain))
        rows.append(StepRow(no=numbers.get(ind, ""), indicator=ind, title=fmt.text(x.title),
                            remediation=tuple(fmt.text(r) for r in x.remediation), cells=tuple(cells)))
    return ImprovementView(intro=t["path_intro"], columns=columns, rows=tuple(rows), notes=tuple(notes),
                           column_mm=29 if len(columns) > 1 else 36)


def _trace(fmt: Formatter, a: Assessment, numbers: Mapping[str, str] | None = None) -> TraceView:
    t = STRINGS[fmt.lang]
    numbers = numbers or {}
    titles = {i.id: fmt.text(i.title) for i in a.indicators}
    dim_titles = {d.id: fmt.text(d.title) for d in a.dimensions}
    rows = tuple(TraceRow(indicator=term.indicator, title=titles.get(term.indicator, term.indicator),
                          weights=term.weights, e=term.effective_weight,
                          level=f"{term.level} / {term.max_level}", exact=term.points,
                          decimal=fmt.num(_frac(term.points), 4), no=numbers.get(term.indicator, ""))
                 for term in a.trace.terms)
    # One heading row per (dimension, group): the shared part of the weight chain is printed there once.
    keyed: dict[tuple[str, str | None], list[tuple[list[str], TraceRow]]] = {}
    for term, row in zip(a.trace.terms, rows, strict=True):
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
            grows = tuple(replace(r, factor=parts[-1] if chain else r.weights) for parts, r in members)
        groups.append(TraceGroup(title=title, chain=chain, e=e, rows=grows))
    total = _frac(a.trace.total_exact)
    return TraceView(intro=t["trace_intro"], formula=t["trace_formula"], engine_formula=a.trace.formula, rows=rows,
                     total_exact=a.trace.total_exact, total_decimal=fmt.num(total, 6),
                     total_rounded=fmt.num(Decimal(a.trace.total_rounded)), groups=tuple(groups),
                     rows_note=t["trace_rows_note"])


def build_unit_view(a: Assessment, lang: str = "id") -> UnitReportView:
    """The view of one unit's report, in `lang` (id or en)."""
    fmt = Formatter(lang)
    t = STRINGS[lang]
    u = a.unit
    period = (f"{fmt.date(a.period_from)} – {fmt.date(a.period_until)}"
              if a.period_from or a.period_until else t["not_given"])
    cover = [
        Field(t["unit"], u.name),
        Field(t["kind"], u.kind),
        Field(t["region"], u.region + (f", {t['kecamatan']} {u.kecamatan}" if u.kecamatan else "")),
    ]
    if u.address:
        cover.append(Field(t["address"], u.address))
    cover += [
        Field(t["ruleset"], f"{a.ruleset.id} ({t['version']} {a.ruleset.version}) — {fmt.text(a.ruleset.title)}"),
        Field(t["period"], period),
        Field(t["assessor"], a.assessor or t["not_given"]),
        Field(t["reviewer"], a.reviewer or t["not_given"]),
        Field(t["as_of"], fmt.date(a.as_of)),
    ]
    if a.evidence_file:
        cover.append(Field(t["evidence_file"], _basename(a.evidence_file)))
    cover.append(Field(t["ruleset_sha"], a.ruleset.sha256, mono=True))
    if a.evidence_sha256:
        cover.append(Field(t["evidence_sha"], a.evidence_sha256, mono=True))
    c = a.classification
    band_note = None
    if c.capped_by:
        band_note = (f"{t['capped_note']}: {', '.join(c.capped_by)} "
                     f"({t['band_category']}: {c.band_category})")
    numbers = _numbers(a)
    blocks = _indicator_rows(fmt, a)
    folder = _common_folder([r.path for r in a.attachments])
    unknowns = []
    for ind in a.indicators:
        if ind.missing_facts:
            unknowns.append(UnknownRow(indicator=ind.id, title=fmt.text(ind.title), facts=", ".join(ind.missing_facts),
                                       no=numbers.get(ind.id, "")))
    cb = a.classification_best
    range_rows = (
        Field(t["range_now"], f"{fmt.num(a.score)} ({t['category']} {c.category}, {fmt.zone(c.zone)})"),
        Field(t["range_best"], f"{fmt.num(a.score_best)} ({t['category']} {cb.category}, {fmt.zone(cb.zone)})"),
        Field(t["range_cat"], c.category if c.category == cb.category else f"{c.category} – {cb.category}"),
    )
    paths = (
        _path_view(fmt, t["path_zone"], a.path_to_next_zone, t["path_top_zone"], "zone"),
        _path_view(fmt, t["path_category"], a.path_to_next_category, t["path_top_category"], "category"),
    )
    atts = tuple(AttachmentRow(path=r.path[len(folder):], indicator=r.indicator,
                               size=fmt.integer(r.size) if r.size is not None else t["none"],
                               sha256=r.sha256 or t["none"], problem=r.problem, no=numbers.get(r.indicator, ""),
                               first=i == 0 or a.attachments[i - 1].indicator != r.indicator)
                 for i, r in enumerate(a.attachments))
    caps = tuple(CapRow(id=x.id, reason=fmt.text(x.reason), limit=x.limit,
                        applies=t["cap_yes"] if x.applies == "yes" else t["cap_possibly"]) for x in a.caps)
    signatories = (Signatory(t["sign_assessor"], a.assessor or ""), Signatory(t["sign_reviewer"], a.reviewer or ""),
                   Signatory(t["sign_head"], ""))
    rs_line = f"{a.ruleset.id} {t['version']} {a.ruleset.version}"
    return UnitReportView(
        lang=lang, t=t, title=t["doc_title"], unit_name=u.name,
        header_left=rs_line, header_right=_clip(u.name, 70),
        footer_left=f"{t['as_of']}: {fmt.date(a.as_of)}",
        cover=tuple(cover), score=fmt.num(a.score),
        score_range=f"{fmt.num(a.score)} – {fmt.num(a.score_best)}",
        badge=_badge(fmt, c.zone, c.category, c.label), band_note=band_note, caps=caps,
        chart=_dimension_chart(fmt, a), dimensions=blocks,
        names_shortened=any(e.short_name != e.name for d in blocks for r in d.rows for e in r.evidence),
        unknowns=tuple(unknowns),
        range_rows=range_rows, paths=paths,
        evidence_intro=t["evidence_intro"] + (" " + t["evidence_folder"].format(folder=folder) if folder else ""),
        improvement=_improvement(fmt, a, numbers),
        trace=_trace(fmt, a, numbers), attachments=atts, signatories=signatories,
        sign_date=fmt.date(a.assessment_date or a.as_of), warnings=a.warnings,
        meta_description=f"{t['doc_title']}: {u.name}; {rs_line}; {t['score']} {fmt.num(a.score)}",
    )


def _common_folder(paths: Sequence[str]) -> str:
    """The folder ("lampiran/") that every path starts with, or "" (the evidence list prints it once)."""
    if not paths:
        return ""
    parts = [p.split("/")[:-1] for p in paths]
    common: list[str] = []
    for names in zip(*parts, strict=False):
        if len(set(names)) != 1 or not names[0] or names[0] in (".", ".."):
            break
        common.append(names[0])
    return "".join(f"{c}/" for c in common)


def _basename(p: str) -> str:
    return p.replace("\\", "/").rsplit("/", 1)[-1]


# --------------------------------------------------------------------------------------------- roll-up


@dataclass(frozen=True)
class UnitScores:
    """What the roll-up needs of one unit (small, so hundreds of units stay cheap)."""

    unit_id: str
    unit_name: str
    unit_kind: str
    region: str
    kecamatan: str | None
    score: float
    category: str
    zone: str
    dimensions: tuple[tuple[str, float | None], ...]
    statuses: tuple[tuple[str, str], ...]      # (indicator id, status)

    @classmethod
    def of(cls, a: Assessment) -> UnitScores:
        return cls(unit_id=a.unit.id, unit_name=a.unit.name, unit_kind=a.unit.kind, region=a.unit.region,
                   kecamatan=a.unit.kecamatan,
                   score=a.score, category=a.classification.category, zone=a.classification.zone,
                   dimensions=tuple((d.id, d.score if d.applicable else None) for d in a.dimensions),
                   statuses=tuple((i.id, i.status) for i in a.indicators))


@dataclass(frozen=True)
class HeatCell:
    text: str
    css: str


@dataclass(frozen=True)
class RankRow:
    rank: str
    unit_id: str
    name: str
    meta: str
    score: str
    category: str
    zone_word: str
    zone_css: str
    change: str
    change_css: str
    cells: tuple[HeatCell, ...]


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


HEAT_CLASSES = ("heat-0", "heat-1", "heat-2", "heat-3", "heat-4")


def _heat(score: float | None) -> str:
    if score is None:
        return "heat-na"
    return HEAT_CLASSES[min(4, int(score // 20))]


def _ranks(scores: Sequence[float]) -> list[int]:
    """Competition ranking ("1, 2, 2, 4") of scores already sorted best first."""
    out: list[int] = []
    for i, s in enumerate(scores):
        out.append(out[-1] if i and s == scores[i - 1] else i + 1)
    return out


def build_rollup_view(units: Iterable[UnitScores], *, ruleset: Any, as_of: dt.date, lang: str = "id",
                      failures: Sequence[tuple[str, str]] = (), previous: Mapping[str, Previous] | None = None,
                      titles: Mapping[str, Text] | None = None, dimension_titles: Mapping[str, Text] | None = None,
                      categories: Sequence[str] = (), region: str | None = None,
                      top_missed: int = 15) -> RollupView:
    """The regional roll-up view. `ruleset` is an `assessment.RuleSetInfo`; `titles` maps indicator ids to
    titles and `dimension_titles` dimension ids to titles (both optional: ids are printed otherwise)."""
    fmt = Formatter(lang)
    t = STRINGS[lang]
    us = sorted(units, key=lambda u: (-u.score, u.unit_name.casefold(), u.unit_id))
    titles = titles or {}
    dim_ids: list[str] = []
    for u in us:
        for d, _ in u.dimensions:
            if d not in dim_ids:
                dim_ids.append(d)
    dim_titles = dimension_titles or {}
    heads = tuple(DimHead(key=f"D{i + 1}", title=f"{fmt.text(dim_titles[d]) if d in dim_titles else d}")
                  for i, d in enumerate(dim_ids))
    ranks = _ranks([u.score for u in us])
    prev = previous or {}
    rows = []
    changes: list[tuple[float, str, ChangeRow]] = []
    for r, u in zip(ranks, us, strict=True):
        dims = dict(u.dimensions)
        change, change_css = "", "chg-none"
        p = prev.get(u.unit_id)
        if previous is not None:
            if p is None:
                change, change_css = t["new_unit"], "chg-new"
            else:
                diff = float(Decimal(str(u.score)) - Decimal(str(p.score)))
                change = fmt.signed(diff)
                change_css = "chg-up" if diff > 0 else "chg-down" if diff < 0 else "chg-same"
                if p.zone != u.zone:
                    changes.append((-diff, u.unit_name.casefold(), ChangeRow(
                        name=u.unit_name, previous=fmt.num(p.score), current=fmt.num(u.score), change=change,
                        change_css=change_css, zone_change=f"{fmt.zone(p.zone)} {t['to']} {fmt.zone(u.zone)}")))
        meta = u.unit_kind + (f" · {u.kecamatan}" if u.kecamatan else "")
        rows.append(RankRow(rank=fmt.integer(r), unit_id=u.unit_id, name=u.unit_name, meta=meta, score=fmt.num(u.score),
                            category=u.category, zone_word=fmt.zone(u.zone), zone_css=ZONE_CLASS[u.zone],
                            change=change, change_css=change_css,
                            cells=tuple(HeatCell(text=fmt.num(dims.get(d), 0) if dims.get(d) is not None
                                                 else t["none"], css=_heat(dims.get(d))) for d in dim_ids)))
    if previous is not None:
        present = {u.unit_id for u in us}
        for uid, p in sorted(previous.items()):
            if uid not in present:
                changes.append((0.0, uid, ChangeRow(name=uid, previous=fmt.num(p.score), current=t["none"],
                                                    change=t["none"], change_css="chg-none", zone_change=t["gone"])))
    changes.sort(key=lambda c: (c[0], c[1]))
    n = len(us)
    zone_counts = Counter(u.zone for u in us)
    zones = tuple(CountRow(label=fmt.zone(z), count=fmt.integer(zone_counts[z]), share=fmt.pct(zone_counts[z], n),
                           css=ZONE_CLASS[z]) for z in ZONE_ORDER)
    cat_counts = Counter(u.category for u in us)
    cat_order = list(categories) + sorted(c for c in cat_counts if c not in categories)
    cats = tuple(CountRow(label=c, count=fmt.integer(cat_counts[c]), share=fmt.pct(cat_counts[c], n), css="")
                 for c in cat_order)
    # Most missed: any status short of "met" among units where the indicator applies.
    missed: Counter[str] = Counter()
    applicable: Counter[str] = Counter()
    by_status: dict[str, Counter[str]] = {"unmet": Counter(), "partial": Counter(), "unknown": Counter()}
    for u in us:
        for ind, st in u.statuses:
            if st == "not_applicable":
                continue
            applicable[ind] += 1
            if st in by_status:
                missed[ind] += 1
                by_status[st][ind] += 1
    top = sorted(missed.items(), key=lambda kv: (-kv[1], kv[0]))[:top_missed]
    missed_rows = tuple(MissedRow(indicator=i, title=fmt.text(titles[i]) if i in titles else i, units=fmt.integer(k),
                                  share=fmt.pct(k, applicable[i]), unmet=fmt.integer(by_status["unmet"][i]),
                                  partial=fmt.integer(by_status["partial"][i]),
                                  unknown=fmt.integer(by_status["unknown"][i])) for i, k in top)
    scores = [Fraction(Decimal(str(u.score))) for u in us]
    mean = sum(scores, Fraction(0)) / len(scores) if scores else None
    median = statistics.median(scores) if scores else None
    regions = region or ", ".join(sorted({u.region for u in us}))
    stats = (
        Field(t["units_assessed"], fmt.integer(n)),
        Field(t["units_failed"], fmt.integer(len(failures))),
        Field(t["mean"], fmt.num(mean) if mean is not None else t["none"]),
        Field(t["median"], fmt.num(median) if median is not None else t["none"]),
    )
    cover = (
        Field(t["region"], regions or t["not_given"]),
        Field(t["ruleset"], f"{ruleset.id} ({t['version']} {ruleset.version}) — {fmt.text(ruleset.title)}"),
        Field(t["ruleset_sha"], ruleset.sha256, mono=True),
        Field(t["as_of"], fmt.date(as_of)),
    )
    label_w, bar_w, row_h, top_y = 92, 190, 28, 8
    zbars = []
    for i, z in enumerate(ZONE_ORDER):
        width = round(bar_w * zone_counts[z] / n, 2) if n else 0.0
        zbars.append(Bar(label=fmt.zone(z), value_text=f"{fmt.integer(zone_counts[z])} ({fmt.pct(zone_counts[z], n)})",
                         y=top_y + i * row_h, width=width, best_width=0.0, css=ZONE_CLASS[z],
                         text_y=top_y + i * row_h + 12, x=label_w, label_x=label_w - 6, value_x=label_w + width + 5,
                         fill=BAR_FILL[z][0], stroke=BAR_FILL[z][1]))
    chart = BarChart(width=label_w + bar_w + 100, height=top_y + 3 * row_h + 4, label_width=label_w,
                     bar_width=bar_w, bars=tuple(zbars), ticks=())
    rs_line = f"{ruleset.id} {t['version']} {ruleset.version}"
    return RollupView(
        lang=lang, t=t, title=t["rollup_title"], header_left=rs_line, header_right=regions or t["rollup_title"],
        footer_left=f"{t['as_of']}: {fmt.date(as_of)}", cover=cover, stats=stats, zone_chart=chart, zones=zones,
        categories=cats, dim_heads=heads, ranking=tuple(rows), has_previous=previous is not None,
        changes=tuple(c for _, _, c in changes), missed=missed_rows,
        failures=tuple(FailureRow(file=f, error=e) for f, e in sorted(failures)),
    )


__all__ = ["FONT_FAMILY", "STRINGS", "Formatter", "Previous", "RollupView", "UnitReportView", "UnitScores",
           "build_rollup_view", "build_unit_view", "previous_from_json"]
