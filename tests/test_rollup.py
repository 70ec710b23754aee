"""The roll-up: changes in zone and category, breakdowns per unit kind and kecamatan, the chart of dimension means,
and `verify rollup.pdf` (the region document it embeds, each unit's digest): an edited unit score, a unit added and
a unit removed are caught, in the embedded documents and against the folder of unit reports."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_report_cli import MINI, make_region

from compliance.cli import main
from compliance.model.assessment import Assessment
from compliance.model.format import Formatter
from compliance.report import render as rendering
from compliance.report.charts import average_chart
from compliance.report.region_doc import REGION_ATTACHMENT, canonical_assessment, region_digest, unit_digest
from compliance.report.region_view import build_rollup_view
from compliance.report.summary import Previous, UnitSummary, breakdown, dimension_means, summarize
from compliance.report.verify_region import verify_rollup

AS_OF = dt.date(2024, 6, 1)


def unit(uid, score, category, zone, kind="kecamatan", kecamatan=None, dims=()):
    return UnitSummary(file=f"{uid}.yaml", unit_id=uid, unit_name=uid.title(), unit_kind=kind, region="Kukar",
                       kecamatan=kecamatan, score=score, score_best=score, category=category, zone=zone,
                       dimensions=tuple(dims), statuses=())


# --------------------------------------------------------------------------------------------- the view


def test_a_category_change_in_the_same_zone_is_a_change():
    # 88,39 A -> 87,39 B, both green: the zone did not move, the category did.
    units = [unit("kec-a", 87.39, "B", "green"), unit("kec-b", 70.0, "C", "yellow"),
             unit("kec-new", 60.0, "C", "yellow")]
    prev = {"kec-a": Previous(88.39, "A", "green", "Kec A"), "kec-b": Previous(70.0, "C", "yellow"),
            "kec-old": Previous(40.0, "D", "red", "Kecamatan Lama")}
    s = summarize("x", ["A", "B", "C", "D"], units, [], previous=prev)
    assert [c.unit_id for c in s.zone_changes] == []
    assert [c.unit_id for c in s.class_changes] == ["kec-a"]
    v = build_rollup_view(s, ruleset=_ruleset_info(), as_of=AS_OF, lang="id")
    assert [(c.name, c.previous, c.current, c.change, c.category_change, c.zone_change) for c in v.changes] == [
        ("Kec-A", "88,39", "87,39", "−1,00", "A → B", "Zona Hijau")]
    assert [(n.name, n.result) for n in v.new_units] == [("Kec-New", "60,00 · C · Zona Kuning")]
    assert [(g.name, g.result) for g in v.gone_units] == [("Kecamatan Lama", "40,00 · D · Zona Merah")]
    assert v.changes_counts == "1 unit berpindah kategori atau zona; 1 unit baru; 1 unit tidak dinilai kali ini."
    html = rendering.render_html(v)
    assert "A → B" in html and "Kecamatan Lama" in html and "Perubahan Sejak Penilaian Sebelumnya" in html


def test_breakdowns_per_kind_and_kecamatan():
    units = [unit("a", 90.0, "A", "green", "dinas", "Tenggarong"),
             unit("b", 60.0, "C", "yellow", "kecamatan", "Loa Kulu"),
             unit("c", 30.01, "D", "red", "kecamatan", "Tenggarong"), unit("d", 50.0, "C", "yellow", "kecamatan")]
    kinds = breakdown(units, "unit_kind")
    assert [(g.key, g.units, g.mean, g.zones) for g in kinds] == [
        ("dinas", 1, 90.0, {"green": 1, "yellow": 0, "red": 0}),
        ("kecamatan", 3, 46.67, {"green": 0, "yellow": 2, "red": 1})]
    kec = breakdown(units, "kecamatan")
    assert [(g.key, g.units, g.mean) for g in kec] == [("Loa Kulu", 1, 60.0), ("Tenggarong", 2, 60.01), (None, 1, 50.0)]
    v = build_rollup_view(summarize("x", ["A", "B", "C", "D"], units, []), ruleset=_ruleset_info(), as_of=AS_OF)
    assert [(r.label, r.units, r.mean, r.green, r.yellow, r.red) for r in v.by_kecamatan] == [
        ("Loa Kulu", "1", "60,00", "0", "1", "0"), ("Tenggarong", "2", "60,01", "1", "0", "1"),
        ("(kecamatan tidak disebut)", "1", "50,00", "0", "1", "0")]
    assert [r.label for r in v.by_kind] == ["dinas", "kecamatan"]


def test_dimension_means_and_their_chart():
    units = [unit("a", 0, "A", "green", dims=[("d1", 80.0), ("d2", None)]),
             unit("b", 0, "A", "green", dims=[("d1", 61.0), ("d2", 50.0)])]
    assert dimension_means(units) == [("d1", 70.5, 2), ("d2", 50.0, 1)]
    chart = average_chart(Formatter("id"), [("Satu", 70.5), ("Dua", 50.0)], "Rata-rata Nilai per Dimensi")
    assert chart == average_chart(Formatter("id"), [("Satu", 70.5), ("Dua", 50.0)], "Rata-rata Nilai per Dimensi")
    assert [b.width for b in chart.bars] == [round(370 * 0.705, 2), 185.0]
    assert chart.title == "Rata-rata Nilai per Dimensi: Satu 70,50; Dua 50,00."
    v = build_rollup_view(summarize("x", ["A"], units, []), ruleset=_ruleset_info(), as_of=AS_OF,
                          dimension_titles={"d1": {"id": "Satu"}})
    assert v.dim_chart is not None and [b.label for b in v.dim_chart.bars] == ["Satu", "d2"]
    assert "<title>Rata-rata Nilai per Dimensi: Satu 70,50; d2 50,00.</title>" in rendering.render_html(v)


def _ruleset_info():
    from compliance.model.assessment import RuleSetInfo

    return RuleSetInfo(id="x", version="1", sha256="ab" * 32, title={"id": "X"})


def test_region_digest_covers_ids_scores_classes_and_unit_digests():
    units = [{"id": "a", "score": 90.0, "category": "A", "zone": "green", "digest": "1" * 64},
             {"id": "b", "score": 60.0, "category": "B", "zone": "yellow", "digest": "2" * 64}]
    d = region_digest(units)
    assert d == region_digest(list(reversed(units)))                      # order-free
    for change in ({"score": 90.01}, {"category": "B"}, {"zone": "yellow"}, {"digest": "3" * 64}, {"id": "c"}):
        assert region_digest([{**units[0], **change}, units[1]]) != d
    assert region_digest(units[:1]) != d


# --------------------------------------------------------------------------------------------- verify


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("rollup")
    region = make_region(root / "region")
    shutil.rmtree(region / "broken")
    out = root / "out"
    assert main(["report", str(MINI), str(region), "-o", str(out), "--as-of", "2024-06-01", "--format", "both"]) == 0
    return out


def verify(*args):
    """In English: what these tests quote (tests/test_verify.py tests the Indonesian default)."""
    return main(["verify", *map(str, args), "--ruleset", str(MINI), "--lang", "en"])


def embedded(pdf: Path) -> tuple[dict, dict]:
    from pypdf import PdfReader

    files = PdfReader(str(pdf)).attachments
    return json.loads(files[REGION_ATTACHMENT][0]), json.loads(files[rendering.RESULTS_ATTACHMENT][0])


def forge(out: Path, target: Path, change) -> Path:
    """A roll-up whose embedded documents were edited by `change(region, results)`; the printed pages stay."""
    region, results = embedded(out / "rollup.pdf")
    change(region, results)
    html = (out / "rollup.html").read_text(encoding="utf-8")
    target.write_bytes(rendering.html_to_pdf(html, date=AS_OF, embedded=[
        rendering.EmbeddedFile(REGION_ATTACHMENT, json.dumps(region).encode()),
        rendering.EmbeddedFile(rendering.RESULTS_ATTACHMENT, json.dumps(results).encode())]))
    return target


def test_intact_rollup(made, capsys):
    assert verify(made / "rollup.pdf", "--units", made / "units") == 0
    text = capsys.readouterr().out
    assert "OK: roll-up of 3 unit(s)" in text
    assert "roll-up digest" in text and "matches the 3 units and page 1" in text
    assert "the 3 unit reports in" in text and "every score, category and zone recomputed" in text


def test_region_document_holds_each_units_digest(made):
    region, results = embedded(made / "rollup.pdf")
    assert [u["id"] for u in region["units"]] == ["dinas-a", "dinas-c", "kec-b"]
    for a in results["units"]:
        assessment = Assessment.model_validate(a)
        pdf_bytes = extract_unit_json(made / "units" / f"{assessment.unit.id}.pdf")
        entry = next(u for u in region["units"] if u["id"] == assessment.unit.id)
        assert entry["digest"] == unit_digest(assessment) == hashlib.sha256(pdf_bytes).hexdigest()
        assert canonical_assessment(assessment) == pdf_bytes
    assert region["digest"] == region_digest(region["units"])


def extract_unit_json(pdf: Path) -> bytes:
    from pypdf import PdfReader

    return PdfReader(str(pdf)).attachments[rendering.ASSESSMENT_ATTACHMENT][0]


def _rescore(region, results, uid, score):
    for u in region["units"]:
        if u["id"] == uid:
            u["score"] = score
    for a in results["units"]:
        if a["unit"]["id"] == uid:
            a["score"] = score


def test_edited_unit_score(made, tmp_path, capsys):
    bad = forge(made, tmp_path / "score.pdf", lambda r, res: _rescore(r, res, "kec-b", 99.0))
    assert verify(bad) == 1
    text = capsys.readouterr().out
    assert "a unit was added, removed or changed" in text                # the recorded digest
    assert "unit kec-b: score: the report says 99.00" in text            # the arithmetic from the rule set
    assert "unit kec-b: the assessment in results.json" in text          # its digest


def test_edited_score_with_a_recomputed_digest_still_differs_from_page_1(made, tmp_path, capsys):
    def change(region, results):
        _rescore(region, results, "kec-b", 99.0)
        region["digest"] = region_digest(region["units"])

    assert verify(forge(made, tmp_path / "score2.pdf", change)) == 1
    assert "the roll-up digest printed on page 1 is not" in capsys.readouterr().out


def test_unit_removed_from_the_rollup(made, tmp_path, capsys):
    def change(region, results):
        region["units"] = [u for u in region["units"] if u["id"] != "dinas-c"]
        results["units"] = [a for a in results["units"] if a["unit"]["id"] != "dinas-c"]
        region["digest"] = region_digest(region["units"])

    bad = forge(made, tmp_path / "removed.pdf", change)
    assert verify(bad, "--units", made / "units") == 1
    text = capsys.readouterr().out
    assert "printed on page 1 is not" in text
    assert "the roll-up's units, mean, median" in text and "units: 3 vs 2" in text   # 3 counted, 2 listed
    assert "unit dinas-c: in " in text and "not counted in the roll-up" in text  # the folder still holds it


def test_unit_added_to_the_rollup(made, tmp_path, capsys):
    def change(region, results):
        extra = dict(next(a for a in results["units"] if a["unit"]["id"] == "kec-b"))
        extra["unit"] = {**extra["unit"], "id": "kec-z", "name": "Kecamatan Z"}
        results["units"].append(extra)
        a = Assessment.model_validate(extra)
        region["units"].append({"id": "kec-z", "name": "Kecamatan Z", "kind": "kecamatan", "kecamatan": None,
                                "score": a.score, "category": a.classification.category,
                                "zone": a.classification.zone, "digest": unit_digest(a)})
        region["digest"] = region_digest(region["units"])

    bad = forge(made, tmp_path / "added.pdf", change)
    assert verify(bad, "--units", made / "units") == 1
    text = capsys.readouterr().out
    assert "printed on page 1 is not" in text
    assert "unit kec-z: counted in the roll-up but not in" in text


def test_unit_reports_folder_checked_against_the_rollup(made, tmp_path, capsys):
    folder = tmp_path / "units"
    shutil.copytree(made / "units", folder)
    (folder / "dinas-c.pdf").unlink()                                     # a unit's report removed
    a = Assessment.model_validate_json(extract_unit_json(folder / "kec-b.pdf"))
    edited = a.model_copy(update={"score": 12.5})                         # a unit's report edited
    (folder / "kec-b.pdf").write_bytes(rendering.html_to_pdf(rendering.render_unit_html(a), date=AS_OF, embedded=[
        rendering.EmbeddedFile(rendering.ASSESSMENT_ATTACHMENT, canonical_assessment(edited))]))
    other = a.model_copy(update={"unit": a.unit.model_copy(update={"id": "kec-q"})})   # a report added
    (folder / "kec-q.pdf").write_bytes(rendering.html_to_pdf("<p>x</p>", date=AS_OF, embedded=[
        rendering.EmbeddedFile(rendering.ASSESSMENT_ATTACHMENT, canonical_assessment(other))]))
    assert verify(made / "rollup.pdf", "--units", folder) == 1
    problems = [p.render("en") for p in
                verify_rollup(str(made / "rollup.pdf"), units=str(folder), ruleset=str(MINI)).problems]
    assert any(p.startswith("unit dinas-c: counted in the roll-up but not in") for p in problems)
    assert any(p.startswith("unit kec-q: in ") and "not counted in the roll-up" in p for p in problems)
    assert any(p.startswith("unit kec-b: the assessment in") for p in problems)
    assert len(problems) == 3
    capsys.readouterr()


def test_a_unit_report_is_not_taken_for_a_rollup(made, capsys):
    assert verify(made / "units" / "kec-b.pdf") == 0
    assert "OK: kec-b" in capsys.readouterr().out


@pytest.mark.parametrize("region", [b"not json", b"[1, 2]", b'{"kind": "kepatuhan-region", "units": [{"id": 1}]}'])
def test_a_broken_region_document_is_unreadable(made, tmp_path, region, capsys):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(rendering.html_to_pdf("<p>x</p>", date=AS_OF, embedded=[
        rendering.EmbeddedFile(REGION_ATTACHMENT, region)]))
    assert verify(bad) == 3
    err = capsys.readouterr().err
    assert "UNREADABLE" in err and "region.json" in err and "Traceback" not in err


# --------------------------------------------------------------------------------------------- page layout


def _page_fill(pdf: Path) -> list[float]:
    """Per page, how far down the body area (inside the page margins) ink reaches: 1.0 is a full page."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["pdftoppm", "-gray", "-r", "30", str(pdf), str(Path(d) / "p")], check=True)
        fills = []
        for page in sorted(Path(d).glob("p-*.pgm")):
            magic, w, h, _, pixels = page.read_bytes().split(maxsplit=4)
            assert magic == b"P5"
            width, height = int(w), int(h)
            top, bottom = height * 20 // 297, height * (297 - 18) // 297      # report.css: @page margins
            inked = [r for r in range(top, bottom) if min(pixels[r * width:(r + 1) * width]) < 200]
            fills.append((max(inked) - top) / (bottom - top) if inked else 0.0)
    return fills


def test_sample_rollup_pages_are_full_and_the_ranking_header_repeats(tmp_path):
    from pypdf import PdfReader

    from compliance.catalog import load_ruleset
    from compliance.model.assessment import RuleSetInfo
    from compliance.report.region_doc import region_document
    from compliance.run.batch import assess_files, discover

    root = Path(__file__).resolve().parent.parent
    as_of = dt.date(2024, 9, 30)
    rs = load_ruleset("kukar-pra-penilaian")
    outcomes = [o for o in assess_files(rs, discover([str(root / "fixtures" / "kukar")]), as_of=as_of)
                if o.assessment is not None]
    assessments = [o.assessment for o in outcomes if o.assessment is not None]
    units = [UnitSummary.of(a, o.file) for a, o in zip(assessments, outcomes, strict=True)]
    prev = {u.unit_id: Previous(u.score - 1, "A" if u.category != "A" else "B", u.zone, u.unit_name)
            for u in units[3:]}
    prev["kecamatan-lama"] = Previous(50.0, "C", "yellow", "Kantor Kecamatan Lama")
    s = summarize(rs.id, [b.category for b in rs.bands], units, [], previous=prev)
    info = RuleSetInfo(id=rs.id, version=rs.version, sha256=rs.sha256, title=rs.metadata.title)
    view = build_rollup_view(s, ruleset=info, as_of=as_of, titles={i.id: i.title for _, _, i in rs.indicators()},
                             dimension_titles={d.id: d.title for d in rs.dimensions},
                             digest=region_document(info, as_of, assessments, s)["digest"])
    pdf = tmp_path / "rollup.pdf"
    pdf.write_bytes(rendering.render_rollup_pdf(view, as_of=as_of))
    fills = _page_fill(pdf)
    assert len(fills) >= 3
    assert all(f > 0.8 for f in fills[:-1]), f"a page before the last is not full: {fills}"
    pages = [p.extract_text() for p in PdfReader(str(pdf)).pages]
    first = next(i for i, t in enumerate(pages) if "Peringkat Unit dan Nilai per Dimensi" in t)
    last = next(i for i, t in enumerate(pages) if "Perubahan Sejak Penilaian Sebelumnya" in t)
    assert last > first                                        # the 27-unit ranking runs over a page break
    for text in pages[first:last + 1]:
        assert "Kat." in text and "D5" in text                 # the header row on every page of the ranking
