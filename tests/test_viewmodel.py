"""View models: formatting (Babel), labels, sorting, percentages; no rendering."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from compliance import evaluate, load_ruleset
from compliance.model.evidence import Evidence
from compliance.model.format import Formatter
from compliance.report.charts import DIM_BAR_WIDTH
from compliance.report.improvement import StepCell
from compliance.report.region_view import build_rollup_view
from compliance.report.strings import STRINGS
from compliance.report.summary import Failure, Previous, UnitSummary, previous_from_json, summarize
from compliance.report.unit_view import build_unit_view

MINI = Path(__file__).resolve().parent / "data" / "mini.yaml"
AS_OF = dt.date(2024, 6, 1)
SHA = "ab" * 32


def assess(uid="dinas-a", name="Dinas A", kind="dinas", indicators=None, **extra):
    doc = {"apiVersion": "compliance/v1", "kind": "Evidence",
           "unit": {"id": uid, "name": name, "kind": kind, "region": "Kutai Kartanegara", "kecamatan": "Tenggarong"},
           "ruleset": {"id": "mini"}, "indicators": indicators or {}, **extra}
    return evaluate(load_ruleset(MINI), Evidence.model_validate(doc), as_of=AS_OF)


PARTIAL = {"d1.sp": {"facts": {"sk": [{"path": "sk.pdf", "actual_sha256": SHA, "size": 1234}]}}}
FULL = {"d1.sp": {"facts": {"sk": [{"path": "sk.pdf", "actual_sha256": SHA, "size": 1}], "published": True}},
        "d2.skm": {"facts": {"date": "2024-01-01"}}}


@pytest.mark.parametrize(("lang", "date", "expected"), [
    ("id", dt.date(2023, 11, 2), "2 November 2023"),
    ("id", dt.date(2024, 6, 1), "1 Juni 2024"),
    ("id", dt.date(2024, 8, 17), "17 Agustus 2024"),
    ("en", dt.date(2023, 11, 2), "2 November 2023"),
    ("en", dt.date(2024, 6, 1), "1 June 2024"),
])
def test_dates_come_from_babel(lang, date, expected):
    assert Formatter(lang).date(date) == expected


@pytest.mark.parametrize(("lang", "value", "decimals", "expected"), [
    ("id", 37.5, 2, "37,50"),
    ("en", 37.5, 2, "37.50"),
    ("id", 1234.5, 2, "1.234,50"),
    ("en", 1234.5, 2, "1,234.50"),
    ("id", 0.125, 2, "0,13"),           # half-up, like the engine (Babel alone would round half-even)
    ("id", 100, 0, "100"),
])
def test_numbers_use_the_locale(lang, value, decimals, expected):
    assert Formatter(lang).num(value, decimals) == expected


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unsupported report language"):
        Formatter("fr")


def test_unit_view_in_indonesian():
    a = assess(indicators=PARTIAL, period={"from": "2024-01-01", "until": "2024-05-31"},
               assessor={"name": "Siti"})
    v = build_unit_view(a, "id")
    assert v.score == "37,50"
    assert v.badge.word == "ZONA MERAH" and v.badge.css == "zone-red" and v.badge.shape == "square"
    assert v.badge.category == "C"
    assert v.score_range == "37,50 – 100,00"
    fields = {f.label: f.value for f in v.cover}
    assert fields["Periode penilaian"] == "1 Januari 2024 – 31 Mei 2024"
    assert fields["Penilai"] == "Siti"
    assert fields["Pemeriksa"] == "tidak diisi"
    assert fields["Tanggal acuan"] == "1 Juni 2024"
    rows = [r for d in v.dimensions for r in d.rows]
    sp = rows[0]
    assert (sp.level, sp.points, sp.status, sp.status_css) == ("1 / 2", "37,50 / 75,00", "Belum diketahui",
                                                               "st-unknown")
    assert sp.evidence[0].name == "sk.pdf" and sp.evidence[0].short_sha == SHA[:12]
    assert [(u.no, u.title) for u in v.unknowns] == [("1", "Standar pelayanan"), ("2", "SKM")]
    step = v.improvement.columns[0]
    assert step.heading == "Menuju Zona Kuning dan kategori B" and step.score_after == "75,00"
    assert v.improvement.rows[0].cells[0] == StepCell(levels="1 ke 2", gain="+37,50")
    first = v.trace.groups[0].rows[0]
    assert first.exact == "75/2" and first.decimal == "37,5000"
    assert v.trace.total_rounded == "37,50"
    assert v.header_left == "mini versi 1"
    assert [s.name for s in v.signatories] == ["Siti", "", ""]


def test_unit_view_in_english_and_green():
    v = build_unit_view(assess(indicators=FULL), "en")
    assert v.score == "100.00"
    assert v.badge.word == "GREEN ZONE" and v.badge.shape == "circle"
    assert v.improvement.notes[0] == STRINGS["en"]["path_top_zone"]
    assert v.t["page"] == "Page" and v.t["of"] == "of"
    assert not v.unknowns


def test_dimension_chart_geometry():
    v = build_unit_view(assess(indicators=PARTIAL), "id")
    bars = v.chart.bars
    assert [b.value_text for b in bars] == ["50,00", "0,00"]
    assert bars[0].width == pytest.approx(DIM_BAR_WIDTH / 2)
    assert bars[0].best_width == pytest.approx(DIM_BAR_WIDTH)
    assert "Noto Sans" in v.chart.font


def test_cap_and_not_applicable_are_labelled():
    a = assess(uid="kec-b", name="Kecamatan B", kind="kecamatan", indicators={"d1.sp": {"facts": {"sk": []}}})
    v = build_unit_view(a, "id")
    rows = {r.id: r for d in v.dimensions for r in d.rows}
    assert rows["d2.skm"].status == "Tidak berlaku" and rows["d2.skm"].points == "—"
    assert v.caps and v.caps[0].id == "no-sp"


def region(previous=None, failures=()):
    units = [UnitSummary.of(assess("a", "Alpha", indicators=FULL), "a.yaml"),
             UnitSummary.of(assess("b", "Beta", indicators=PARTIAL), "b.yaml"),
             UnitSummary.of(assess("c", "Charlie", indicators=PARTIAL), "c.yaml"),
             UnitSummary.of(assess("d", "Delta"), "d.yaml")]
    return summarize("mini", ["A", "B", "C"], units, [Failure(f, e) for f, e in failures], previous=previous)


def test_rollup_ranking_ties_counts_and_missed():
    rs = assess().ruleset
    v = build_rollup_view(region(failures=[("x.yaml", "x.yaml: broken")]), ruleset=rs, as_of=AS_OF, lang="id")
    assert [(r.rank, r.name, r.score) for r in v.ranking] == [
        ("1", "Alpha", "100,00"), ("2", "Beta", "37,50"), ("2", "Charlie", "37,50"), ("4", "Delta", "0,00")]
    assert [(z.label, z.count, z.share) for z in v.zones] == [
        ("Zona Hijau", "1", "25,0 %"), ("Zona Kuning", "0", "0,0 %"), ("Zona Merah", "3", "75,0 %")]
    assert [(c.label, c.count) for c in v.categories] == [("A", "1"), ("B", "0"), ("C", "3")]
    stats = {f.label: f.value for f in v.stats}
    assert stats["Rata-rata"] == "43,75" and stats["Median"] == "37,50" and stats["Unit gagal diproses"] == "1"
    assert [(m.indicator, m.units, m.share) for m in v.missed] == [("d1.sp", "3", "75,0 %"),
                                                                   ("d2.skm", "3", "75,0 %")]
    assert v.failures[0].file == "x.yaml"
    assert [c.css for c in v.ranking[0].cells] == ["heat-4", "heat-4"]
    assert [c.text for c in v.ranking[3].cells] == ["0", "0"]
    assert not v.has_previous and v.changes == ()


def test_rollup_with_previous_round():
    rs = assess().ruleset
    prev = {"a": Previous(80.0, "A", "green"), "b": Previous(50.0, "B", "yellow"), "z": Previous(10.0, "C", "red")}
    v = build_rollup_view(region(previous=prev), ruleset=rs, as_of=AS_OF, lang="en")
    changes = {r.name: r.change for r in v.ranking}
    assert changes == {"Alpha": "+20.00", "Beta": "−12.50", "Charlie": "new", "Delta": "new"}
    # The changes of category or zone in the summary's order; the units gone since the previous round apart.
    assert [(c.name, c.change, c.category_change, c.zone_change) for c in v.changes] == [
        ("Beta", "−12.50", "B → C", "Yellow zone → Red zone")]
    assert [(g.name, g.result) for g in v.gone_units] == [("z", "10.00 · C · Red zone")]
    assert [n.name for n in v.new_units] == ["Charlie", "Delta"]
    assert v.changes_counts == "1 unit(s) changed category or zone; 2 new unit(s); 1 unit(s) not assessed this time."


def test_previous_from_assess_json_and_plain_list():
    a = assess(indicators=FULL).model_dump(mode="json")
    assert previous_from_json({"format": 1, "units": [a]}) == {"dinas-a": Previous(100.0, "A", "green", "Dinas A")}
    assert previous_from_json([a]) == {"dinas-a": Previous(100.0, "A", "green", "Dinas A")}
    with pytest.raises(ValueError, match="not a results document"):
        previous_from_json({"something": 1})


def test_identical_paths_are_printed_once():
    v = build_unit_view(assess(indicators=PARTIAL), "id")
    imp = v.improvement
    assert STRINGS["id"]["path_same"] in imp.notes
    assert [c.heading for c in imp.columns] == ["Menuju Zona Kuning dan kategori B"]
    assert [(r.no, r.title, r.cells[0].levels, r.cells[0].gain) for r in imp.rows] == [
        ("1", "Standar pelayanan", "1 ke 2", "+37,50")]
    assert imp.rows[0].remediation == ("Publikasikan",)
    assert imp.columns[0].score_after == "75,00"


def test_top_zone_leaves_a_note_and_no_table():
    imp = build_unit_view(assess(indicators=FULL), "en").improvement
    assert imp.rows == () and imp.columns == ()
    assert imp.notes == (STRINGS["en"]["path_top_zone"], STRINGS["en"]["path_top_category"])


def test_trace_states_each_weight_chain_once():
    v = build_unit_view(assess(indicators=PARTIAL), "id")
    groups = v.trace.groups
    assert [(g.title, g.chain, g.e) for g in groups] == [("Satu", "3/4 × 1/1", "3/4"),
                                                         ("Dua · kelompok d2.g", "1/4 × 1/1 × 1/1", "1/4")]
    assert [(r.no, r.indicator, r.e, r.factor, r.level, r.exact) for g in groups for r in g.rows] == [
        ("1", "d1.sp", "3/4", "", "1 / 2", "75/2"), ("2", "d2.skm", "1/4", "", "0 / 1", "0")]


def test_evidence_names_and_the_shared_folder_are_printed_once():
    files = [{"path": "lampiran/d1.sp.sk-1.pdf", "actual_sha256": SHA, "size": 10},
             {"path": "lampiran/sk-2.pdf", "actual_sha256": "cd" * 32, "size": 20}]
    v = build_unit_view(assess(indicators={"d1.sp": {"facts": {"sk": files}}}), "id")
    ev = v.dimensions[0].rows[0].evidence
    assert [(e.name, e.short_name, e.short_sha) for e in ev] == [("d1.sp.sk-1.pdf", "…sk-1.pdf", SHA[:12]),
                                                                ("sk-2.pdf", "sk-2.pdf", "cd" * 6)]
    assert v.names_shortened
    assert [(a.no, a.first, a.path, a.sha256) for a in v.attachments] == [("1", True, "d1.sp.sk-1.pdf", SHA),
                                                                          ("1", False, "sk-2.pdf", "cd" * 32)]
    assert "lampiran/" in v.evidence_intro
