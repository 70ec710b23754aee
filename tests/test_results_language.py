"""The rule-set language beyond zones and ladders (issue #12 section 1), through the shipped ombudsman-2025:
results without zones, measured indicators with their formula in the trace, the entity's result from its sampled
units and the qualifier, in the engine, `verify`, the text output, the region summary and the roll-up."""

from __future__ import annotations

import datetime as dt

from compliance import evaluate, load_ruleset
from compliance.model.evidence import Evidence
from compliance.report.region_view import build_rollup_view
from compliance.report.render import render_html
from compliance.report.summary import UnitSummary, summarize
from compliance.report.text import region_text, unit_text
from compliance.report.unit_view import build_unit_view
from compliance.report.verify import check_arithmetic

AS_OF = dt.date(2025, 10, 31)
NONE_GIVEN = {"tk_diterima": 0, "sp_diterima": 0, "spn_diterima": 0, "rek_diterima": 0}


def unit(uid: str, kind: str, trust: float, qualifier: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
    rs = load_ruleset("ombudsman-2025")
    inds: dict[str, object] = {"kepercayaan.indeks-kepercayaan": {"facts": {"indeks": trust}},
                               "proses.persepsi-maladministrasi": {"facts": {"indeks": 90}},
                               "output.kepuasan": {"facts": {"nilai_skm": 85}},
                               "pengaduan.kanal": {"facts": {"kanal_langsung": True, "akun_sp4n": True}}}
    if qualifier is not None:
        inds["tanpa-maladministrasi"] = {"facts": qualifier}
    doc = {"apiVersion": "compliance/v1", "kind": "Evidence",
           "unit": {"id": uid, "name": uid.upper(), "kind": kind, "region": "Kutai Kartanegara"},
           "ruleset": {"id": "ombudsman-2025"}, "indicators": inds}
    return rs, evaluate(rs, Evidence.model_validate(doc), as_of=AS_OF)


def test_a_result_without_zones_has_a_label_and_no_zone_anywhere() -> None:
    rs, a = unit("disdik", "dinas-pendidikan", 80, NONE_GIVEN)
    assert a.classification.zone is None and a.path_to_next_zone is None
    assert a.classification.label.id in {"Sangat Baik", "Baik", "Cukup", "Kurang"}
    text = unit_text(a)
    assert "ZONA" not in text.upper() and a.classification.label.id in text
    html = render_html(build_unit_view(a))
    assert "Zona Hijau" not in html and "zone-none" in html
    assert check_arithmetic(rs, a) == []


def test_a_measured_indicator_prints_its_formula_and_verify_rechecks_it() -> None:
    rs, a = unit("disdik", "dinas-pendidikan", 83.455)
    term = next(t for t in a.trace.terms if t.indicator == "kepercayaan.indeks-kepercayaan")
    assert term.level == 8346 and term.max_level == 10000
    assert term.measure == "level = 10000 × (83.455 − 0) / (100 − 0) = 8346 of 10000"
    ind = next(i for i in a.indicators if i.id == "kepercayaan.indeks-kepercayaan")
    assert ind.points == 25.04  # 30 × 0.8346
    assert not any(x.indicator == "kepercayaan.indeks-kepercayaan" for x in a.actions)
    assert check_arithmetic(rs, a) == []
    tampered = a.model_copy(update={"score": a.score + 1})
    assert any(p.render("en").startswith("score:") for p in check_arithmetic(rs, tampered))


def test_the_entity_opinion_is_the_mean_of_the_sampled_units_with_the_qualifier() -> None:
    rs, a1 = unit("disdik", "dinas-pendidikan", 95, NONE_GIVEN)
    _, a2 = unit("rsud", "rsud", 90, NONE_GIVEN)
    _, a3 = unit("dukcapil", "dinas", 10)     # not a sampled kind: left out of the opinion
    units = [UnitSummary.of(a, f"{a.unit.id}.yaml") for a in (a1, a2, a3)]
    s = summarize(rs.id, [b.category for b in rs.bands], units, [], ruleset=rs)
    assert s.entity is not None and not s.zoned
    assert s.entity.sampled == ("disdik", "rsud")
    assert s.entity.score == round((a1.score + a2.score) / 2, 2)
    assert [q.id for q in s.entity.held] == ["tanpa-maladministrasi"]
    assert set(s.entity.missing_kinds) == {"dinas-sosial", "dinas-kesehatan"}
    text = region_text(s)
    assert "Opini Ombudsman" in text and "Tanpa Maladministrasi" in text and "ZONA" not in text.upper()
    assert s.as_json()["entity"]["qualifiers"][0]["holds"] is True
    view = build_rollup_view(s, ruleset=a1.ruleset, as_of=AS_OF)
    html = render_html(view)
    assert "Sebaran Zona" not in html and "Hasil Entitas" in html and "Tanpa Maladministrasi" in html


def test_one_unit_without_follow_up_drops_the_qualifier() -> None:
    rs, a1 = unit("disdik", "dinas-pendidikan", 95, NONE_GIVEN)
    _, a2 = unit("dinsos", "dinas-sosial", 95, {**NONE_GIVEN, "tk_diterima": 1, "tk_ditindaklanjuti": False,
                                                 "tk_batas_waktu": "2025-01-31"})
    assert a2.qualifiers[0].holds is False
    s = summarize(rs.id, [b.category for b in rs.bands], [UnitSummary.of(a, "x") for a in (a1, a2)], [], ruleset=rs)
    assert s.entity is not None and s.entity.held == ()


def _pekppp_unit(levels: int):  # type: ignore[no-untyped-def]
    """A PEKPPP unit with every indicator at `levels` (its ladders are cumulative: the first k facts)."""
    rs = load_ruleset("pekppp-2024")
    inds: dict[str, object] = {}
    for _, _, ind in rs.indicators():
        facts: dict[str, object] = {}
        for j, (name, fact) in enumerate(ind.facts.items()):
            on = j < levels
            facts[name] = ([{"path": "bukti.pdf"}] if on else []) if fact.type == "attachments" else on
        inds[ind.id] = {"facts": facts}
    doc = {"apiVersion": "compliance/v1", "kind": "Evidence",
           "unit": {"id": "dpmptsp", "name": "DPMPTSP", "kind": "dinas", "region": "Kutai Kartanegara"},
           "ruleset": {"id": "pekppp-2024"}, "indicators": inds}
    return rs, evaluate(rs, Evidence.model_validate(doc), as_of=dt.date(2024, 10, 31))


def test_an_index_is_recorded_printed_and_rechecked() -> None:
    rs, a = _pekppp_unit(4)
    assert (a.score, a.index, a.classification.category) == (80.0, 4.0, "B")
    assert "Indeks 4,00 — Skor 80,00" in unit_text(a)
    assert "Indeks 4,00" in render_html(build_unit_view(a))
    assert check_arithmetic(rs, a) == []
    assert any(p.render("en").startswith("index:") for p in check_arithmetic(rs, a.model_copy(update={"index": 4.5})))


def test_a_unit_report_shows_the_units_part_of_a_qualifier() -> None:
    _, a = unit("dinsos", "dinas-sosial", 95, {**NONE_GIVEN, "tk_diterima": 1, "tk_ditindaklanjuti": False,
                                                "tk_batas_waktu": "2025-01-31"})
    html = render_html(build_unit_view(a))
    assert "Tanpa Maladministrasi</th><td>tidak terpenuhi" in html


def test_the_roll_up_check_of_verify_accepts_units_without_zones() -> None:
    from compliance.report.verify_region import RegionVerification, _check_figures

    rs, a1 = unit("disdik", "dinas-pendidikan", 95, NONE_GIVEN)
    s = summarize(rs.id, [b.category for b in rs.bands], [UnitSummary.of(a1, "x")], [], ruleset=rs)
    entry = {"id": "disdik", "score": a1.score, "category": a1.classification.category, "zone": None,
             "digest": "0" * 64}
    doc = {"ruleset": {"id": rs.id}, "units": [entry],
           "summary": {"units": s.units, "mean": s.mean, "median": s.median, "zones": s.zones,
                       "categories": s.categories}}
    v = RegionVerification(report="rollup.pdf", document=doc)
    _check_figures(v, doc, [b.category for b in rs.bands])
    assert v.problems == [] and v.checks


def test_the_checklist_asks_for_the_qualifiers_facts_under_the_qualifiers_id() -> None:
    from compliance.cli.template import render_template

    rs = load_ruleset("ombudsman-2025")
    text = render_template(rs, "dinas-sosial")
    block = text.split("  tanpa-maladministrasi:\n", 1)[1]
    for product in ("tk", "sp", "spn", "rek"):
        for fact in ("diterima", "batas_waktu", "ditindaklanjuti", "bukti"):
            assert f"      {product}_{fact}: null" in block
    filled = text.replace("tk_diterima: null", "tk_diterima: 0").replace("sp_diterima: null", "sp_diterima: 0") \
        .replace("spn_diterima: null", "spn_diterima: 0").replace("rek_diterima: null", "rek_diterima: 0") \
        .replace("id: isi-id-unit", "id: dinsos")
    import yaml
    doc = yaml.safe_load(filled)
    a = evaluate(rs, Evidence.model_validate(doc), as_of=AS_OF)
    assert a.qualifiers[0].holds is True and not a.warnings


def test_a_provisional_headline_gives_the_index_range_too() -> None:
    rs = load_ruleset("pekppp-2024")
    doc = {"apiVersion": "compliance/v1", "kind": "Evidence",
           "unit": {"id": "dpmptsp", "name": "DPMPTSP", "kind": "dinas", "region": "Kutai Kartanegara"},
           "ruleset": {"id": "pekppp-2024"},
           "indicators": {"sipp.sistem-informasi": {"facts": {"informasi_layanan": True, "elektronik": True,
                                                              "terintegrasi": True, "layanan_daring": True,
                                                              "diperbarui_berkala": True}}}}
    a = evaluate(rs, Evidence.model_validate(doc), as_of=dt.date(2024, 10, 31))
    assert (a.index, a.index_best) == (0.55, 5.0)
    assert "Indeks 0,55–5,00" in unit_text(a)
