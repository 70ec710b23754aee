"""The fixed texts and class names of the report templates: the label table per language (STRINGS), the CSS class
per zone and status (fixed tables, so no input string ever reaches CSS), and the label/value pair of a table.

Zone and status names, and the "no value" marks, are shared with the terminal output: see model/labels.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from compliance.model.labels import NONE_MARK, NOT_GIVEN

ZONE_ORDER = ("green", "yellow", "red")
ZONE_CLASS = {"green": "zone-green", "yellow": "zone-yellow", "red": "zone-red", "none": "zone-none"}
# Greyscale-safe coding: each zone has its own shape in the badge and its own pattern in charts.
ZONE_SHAPE = {"green": "circle", "yellow": "triangle", "red": "square", "none": "none"}


def zone_key(zone: str | None) -> str:
    """The key of ZONE_CLASS and ZONE_SHAPE for a zone; "none" for a result of a rule set without zones."""
    return zone or "none"
STATUS_CLASS = {"met": "st-met", "partial": "st-partial", "unmet": "st-unmet", "not_applicable": "st-na",
                "unknown": "st-unknown"}


@dataclass(frozen=True)
class Field:
    """A row of a label/value table (the cover, the statistics)."""

    label: str
    value: str
    mono: bool = False


def clip(s: str, n: int) -> str:
    """`s` shortened to `n` characters, with an ellipsis."""
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


STRINGS: dict[str, dict[str, str]] = {
    "id": {
        "doc_title": "Laporan Penilaian Kepatuhan Standar Pelayanan Publik",
        "rollup_title": "Rekapitulasi Penilaian Kepatuhan Wilayah",
        "unit": "Unit layanan", "kind": "Jenis unit", "region": "Wilayah", "kecamatan": "Kecamatan",
        "address": "Alamat", "ruleset": "Perangkat aturan", "version": "versi", "period": "Periode penilaian",
        "assessor": "Penilai", "reviewer": "Pemeriksa", "as_of": "Tanggal acuan",
        "derived_from": "Dibaca dari bukti",
        "derived_value": "{source}: {supplied} dari {facts} fakta terisi ({share} %); sisanya belum diketahui",
        "score": "Nilai", "category": "Kategori", "zone": "Zona", "score_range": "Rentang nilai",
        "label": "Predikat", "index": "Indeks", "inferred_range": "rentang disimpulkan, tidak dipublikasikan",
        "entity_sample": "Unit sampel", "entity_missing": "Jenis unit sampel tanpa unit",
        "s_entity": "Hasil Entitas", "q_yes": "terpenuhi", "q_no": "tidak terpenuhi", "q_unknown": "belum diketahui",
        "evidence_file": "Berkas bukti", "ruleset_sha": "SHA-256 aturan", "evidence_sha": "SHA-256 berkas bukti",
        "not_given": NOT_GIVEN["id"], "page": "Halaman", "of": "dari", "to": "ke", "max": "paling tinggi",
        "s_dimensions": "Nilai per Dimensi", "s_indicators": "Rincian Indikator",
        "s_unknowns": "Data Belum Lengkap dan Rentang Nilai", "s_path": "Langkah Perbaikan",
        "s_trace": "Perhitungan Nilai", "s_evidence": "Daftar Bukti", "s_signature": "Pengesahan",
        "s_caps": "Batas Kategori", "s_warnings": "Catatan Pemrosesan",
        "chart_legend": "Batang penuh: nilai sekarang. Garis putus-putus: nilai tertinggi yang mungkin bila data "
                        "yang belum diisi dilengkapi.",
        "col_no": "No", "col_indicator": "Indikator", "col_level": "Level", "col_points": "Poin",
        "col_status": "Status", "col_evidence": "Bukti yang dipakai",
        "col_e": "e_i", "col_exact": "Poin (eksak)", "col_decimal": "Poin (desimal)", "col_file": "Berkas",
        "col_size": "Ukuran (bita)", "col_sha": "SHA-256", "col_fact": "Data yang belum diisi",
        "col_action": "Tindakan", "col_from_to": "Level",
        "none": NONE_MARK, "no_evidence": "tanpa berkas", "incomplete": "data belum lengkap",
        "no_unknowns": "Semua data yang diperlukan sudah diisi.",
        "unknowns_intro": ("Data yang belum diisi dihitung pada level terendahnya. Jika semua data ini dilengkapi "
                           "dengan hasil terbaik, nilai dapat naik sampai batas atas rentang."),
        "range_now": "Nilai sekarang (data kosong dihitung terendah)",
        "range_best": "Nilai tertinggi yang mungkin", "range_cat": "Kategori yang mungkin",
        "to_zone": "Menuju {target}", "to_category": "Menuju kategori {target}",
        "to_both": "Menuju {zone} dan kategori {category}",
        "path_top_zone": "Unit sudah berada di zona terbaik.", "path_top_category": "Unit sudah di kategori terbaik.",
        "path_unreachable": "Target ini tidak dapat dicapai hanya dengan menaikkan indikator.",
        "score_after": "Nilai sesudah langkah ini",
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
        "sign_place_date": "Tanggal",
        "cap_yes": "berlaku", "cap_possibly": "mungkin berlaku (data belum lengkap)",
        "capped_note": "Kategori dibatasi oleh aturan batas", "band_category": "Kategori menurut nilai",
        "embedded_note": ("Dokumen ini memuat lampiran assessment.json (hasil penilaian yang dapat dibaca mesin, "
                          "termasuk SHA-256 aturan dan setiap bukti); periksa dengan: compliance verify"),
        # roll-up
        "units_assessed": "Unit dinilai", "units_failed": "Unit gagal diproses", "mean": "Rata-rata",
        "median": "Median", "s_ranking": "Peringkat Unit dan Nilai per Dimensi", "s_zones": "Sebaran Zona",
        "s_categories": "Sebaran Kategori", "s_missed": "Indikator yang Paling Sering Belum Terpenuhi",
        "s_failures": "Unit yang Gagal Diproses", "s_changes": "Perubahan Zona Sejak Penilaian Sebelumnya",
        "s_changes_nz": "Perubahan Sejak Penilaian Sebelumnya",
        "no_class_changes_nz": "Tidak ada unit yang berpindah kategori.",
        "changes_counts_nz": "{moved} unit berpindah kategori; {new} unit baru; {gone} unit tidak dinilai kali ini.",
        "col_rank_short": "No", "col_category_short": "Kat.",
        "col_unit": "Unit", "col_score": "Nilai", "col_change": "Perubahan",
        "col_count": "Jumlah", "col_share": "Persentase", "col_units_missed": "Unit belum memenuhi",
        "col_unmet": "Tidak", "col_partial": "Sebagian", "col_unknown": "Belum diketahui",
        "col_error": "Masalah", "col_previous": "Nilai sebelumnya", "col_zone_change": "Perubahan zona",
        "legend_dims": "Kolom dimensi", "legend_heat": "Warna sel menunjukkan nilai dimensi (angka selalu dicetak)",
        "no_failures": "Semua berkas bukti berhasil diproses.", "new_unit": "baru", "gone": "tidak dinilai kali ini",
        "no_previous": "Tidak ada hasil penilaian sebelumnya yang diberikan.",
        "no_zone_changes": "Tidak ada unit yang berpindah zona.",
    },
    "en": {
        "doc_title": "Public Service Standards Compliance Assessment Report",
        "rollup_title": "Regional Compliance Assessment Summary",
        "unit": "Service unit", "kind": "Unit kind", "region": "Region", "kecamatan": "District",
        "address": "Address", "ruleset": "Rule set", "version": "version", "period": "Assessment period",
        "assessor": "Assessor", "reviewer": "Reviewer", "as_of": "As of",
        "derived_from": "Read from evidence of",
        "derived_value": "{source}: {supplied} of {facts} facts supplied ({share} %); the rest are unknown",
        "score": "Score", "category": "Category", "zone": "Zone", "score_range": "Score range",
        "label": "Label", "index": "Index", "inferred_range": "range inferred, not published",
        "entity_sample": "Sampled units", "entity_missing": "Sampled unit kinds without a unit",
        "s_entity": "Entity Result", "q_yes": "holds", "q_no": "does not hold", "q_unknown": "not known",
        "evidence_file": "Evidence file", "ruleset_sha": "Rule set SHA-256", "evidence_sha": "Evidence SHA-256",
        "not_given": NOT_GIVEN["en"], "page": "Page", "of": "of", "to": "to", "max": "at most",
        "s_dimensions": "Score per Dimension", "s_indicators": "Indicators",
        "s_unknowns": "Missing Data and Score Range", "s_path": "Improvement Steps",
        "s_trace": "Score Computation", "s_evidence": "Evidence Files", "s_signature": "Approval",
        "s_caps": "Category Caps", "s_warnings": "Processing Notes",
        "chart_legend": "Solid bar: current score. Dashed outline: the highest possible score once missing data "
                        "is given.",
        "col_no": "No", "col_indicator": "Indicator", "col_level": "Level", "col_points": "Points",
        "col_status": "Status", "col_evidence": "Evidence used",
        "col_e": "e_i", "col_exact": "Points (exact)", "col_decimal": "Points (decimal)", "col_file": "File",
        "col_size": "Size (bytes)", "col_sha": "SHA-256", "col_fact": "Data not given",
        "col_action": "Action", "col_from_to": "Level",
        "none": NONE_MARK, "no_evidence": "no file", "incomplete": "data missing",
        "no_unknowns": "All required data was given.",
        "unknowns_intro": ("Data not given counts at its lowest level. If all of it were given with the best "
                           "outcome, the score could rise to the top of the range."),
        "range_now": "Current score (missing data at its lowest)",
        "range_best": "Highest possible score", "range_cat": "Possible categories",
        "to_zone": "Towards the {target}", "to_category": "Towards category {target}",
        "to_both": "Towards the {zone} and category {category}",
        "path_top_zone": "The unit is already in the best zone.",
        "path_top_category": "The unit is already in the best category.",
        "path_unreachable": "This target cannot be reached by raising indicators alone.",
        "score_after": "Score after these steps",
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
        "sign_place_date": "Date",
        "cap_yes": "applies", "cap_possibly": "may apply (data missing)",
        "capped_note": "Category limited by a cap", "band_category": "Category by score",
        "embedded_note": ("This document carries an assessment.json attachment (the machine-readable result, "
                          "with the SHA-256 of the rule set and of every evidence file); check it with: "
                          "compliance verify"),
        "units_assessed": "Units assessed", "units_failed": "Units that failed", "mean": "Mean",
        "median": "Median", "s_ranking": "Unit Ranking and Score per Dimension", "s_zones": "Zone Distribution",
        "s_categories": "Category Distribution", "s_missed": "Indicators Most Often Not Met",
        "s_failures": "Units That Failed", "s_changes": "Zone Changes Since the Previous Round",
        "s_changes_nz": "Changes Since the Previous Round",
        "no_class_changes_nz": "No unit changed category.",
        "changes_counts_nz": "{moved} unit(s) changed category; {new} new unit(s); {gone} unit(s) not assessed this "
                             "time.",
        "col_rank_short": "#", "col_category_short": "Cat.",
        "col_unit": "Unit", "col_score": "Score", "col_change": "Change",
        "col_count": "Units", "col_share": "Share", "col_units_missed": "Units not meeting it",
        "col_unmet": "Unmet", "col_partial": "Partial", "col_unknown": "Unknown",
        "col_error": "Problem", "col_previous": "Previous score", "col_zone_change": "Zone change",
        "legend_dims": "Dimension columns", "legend_heat": "Cell shade shows the dimension score (the number is "
                                                           "always printed)",
        "no_failures": "Every evidence file was processed.", "new_unit": "new", "gone": "not assessed this time",
        "no_previous": "No previous results were given.",
        "no_zone_changes": "No unit changed zone.",
    },
}


DATE_SOURCE = {"id": {"exif": "dari EXIF foto", "given": ""}, "en": {"exif": "from the photo's EXIF", "given": ""}}
