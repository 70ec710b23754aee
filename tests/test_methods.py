"""`compliance methods`: effective weights after extends and tailoring, bands, caps, disabled indicators."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from compliance.catalog import load_ruleset
from compliance.cli import main
from compliance.engine.evaluate import evaluate
from compliance.load.evidence import load_evidence
from compliance.load.resources import shipped_ruleset_ids
from compliance.report.methods import describe, levels_text, weight_text

from conftest import ROOT

PUBLISHED_2023 = {"input": "21.85", "proses": "32.37", "output": "24.24", "pengaduan": "21.54"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["methods", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def indicators(rs_doc: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for d in rs_doc["dimensions"]:
        out.extend(d["indicators"])
        for g in d["groups"]:
            out.extend(g["indicators"])
    return out


def dimension_line(text: str, dim_id: str) -> str:
    lines = [line for line in text.splitlines() if re.search(rf"\s{re.escape(dim_id)}  ", line)]
    assert len(lines) == 1, lines
    return lines[0]


# --- the published Ombudsman 2023 weights -----------------------------------------------------------------

def test_ombudsman_2023_dimension_shares_are_the_published_weights(capsys):
    code, out, err = run(capsys, "ombudsman-2023")
    assert code == 0 and err == ""
    for dim_id, published in PUBLISHED_2023.items():
        line = dimension_line(out, dim_id)
        assert line.split()[:2] == [published.replace(".", ","), "%"], line
    assert re.search(r"100,00 %\s+Jumlah", out)
    assert out.startswith("Perangkat aturan ombudsman-2023 (versi 2023.1)")
    assert "Bobot efektif (porsi dari skor total)" in out and "Kategori" in out


def test_english_uses_a_decimal_point(capsys):
    code, out, _ = run(capsys, "ombudsman-2023", "--lang", "en")
    assert code == 0
    for dim_id, published in PUBLISHED_2023.items():
        assert dimension_line(out, dim_id).split()[0] == f"{published}%"
    assert "Effective weights (share of the total score)" in out
    assert re.search(r"A\s+88\.00–100\.00\s+Green zone\s+Highest quality", out)


def test_ombudsman_2023_json_shares_are_exactly_the_published_weights(capsys):
    doc = run_json(capsys, "ombudsman-2023")
    (rs,) = doc["rulesets"]
    for d in rs["dimensions"]:
        assert d["percent"] == PUBLISHED_2023[d["id"]]
        assert Fraction(d["share"]) * 100 == Fraction(Decimal(PUBLISHED_2023[d["id"]]))
    # equal weights inside the dimension: Input's 6 + 9 indicators in two equal groups
    kompetensi = rs["dimensions"][0]["groups"][0]
    assert kompetensi["share"] == str(Fraction(437, 2000) / 2)
    assert {i["share"] for i in kompetensi["indicators"]} == {str(Fraction(437, 2000) / 2 / 6)}
    assert [b["category"] for b in rs["bands"]] == ["A", "B", "C", "D", "E"]
    assert (rs["bands"][1]["min"], rs["bands"][1]["max"], rs["bands"][1]["zone"]) == ("78.00", "87.99", "green")


# --- tailoring ------------------------------------------------------------------------------------------

def test_kukar_tailoring_shows(capsys):
    code, out, _ = run(capsys, "kukar-pra-penilaian")
    assert code == 0
    assert "Diturunkan (extends): ombudsman-2023 → kukar-pra-penilaian" in out
    # the regency's dimension (weight 20) changes every share: Input is now 21.85 / 120
    assert dimension_line(out, "input").split()[:3] == ["18,21", "%", "21,85"]
    assert dimension_line(out, "kewajiban-daerah").split()[:3] == ["16,67", "%", "20"]
    # the disabled indicator is listed with its justification and is no longer weighed
    disabled = out.split("Indikator dinonaktifkan (tailoring)\n", 1)[1]
    assert disabled.startswith("  input.kompetensi.rekomendasi: Indikator 'pengetahuan tentang rekomendasi")
    weights = out.split("Skala level", 1)[0]
    assert "input.kompetensi.rekomendasi" not in weights
    assert "pengaduan.sp4n-admin" in weights
    # the caps of both files
    assert "tanpa-skm-12-bulan: paling tinggi kategori C." in out
    assert "sp-belum-ditetapkan-dipublikasikan: paling tinggi zona kuning." in out


def test_kukar_json_weights(capsys):
    base = run_json(capsys, "ombudsman-2023")["rulesets"][0]
    (rs,) = run_json(capsys, "kukar-pra-penilaian")["rulesets"]
    assert rs["disabled"][0]["id"] == "input.kompetensi.rekomendasi"
    assert rs["disabled"][0]["justification"]["en"].startswith("The indicator 'knowledge of Ombudsman")
    shares = {i["id"]: Fraction(i["share"]) for i in indicators(rs)}
    assert "input.kompetensi.rekomendasi" not in shares
    assert len(shares) == len(indicators(base)) - 1 + 1 + 3  # one disabled, one added, three in the new dimension
    # kompetensi lost an indicator: each of the remaining five gets a fifth of the group
    kompetensi = Fraction(2185, 12000) / 2
    assert shares["input.kompetensi.ombudsman"] == kompetensi / 5
    # pengaduan gained one: six equal indicators
    assert shares["pengaduan.sp4n-admin"] == shares["pengaduan.kanal"] == Fraction(2154, 12000) / 6
    assert shares["skm"] == Fraction(20, 120) / 3


def test_unit_kind_drops_indicators_that_do_not_apply(capsys):
    (rs,) = run_json(capsys, "kukar-pra-penilaian", "--unit-kind", "puskesmas")["rulesets"]
    by_id = {i["id"]: i for i in indicators(rs)}
    admin = by_id["pengaduan.sp4n-admin"]
    assert (admin["applicable"], admin["share"], admin["percent"]) == (False, None, None)
    assert admin["applies_to"] == ["dinas", "dinas-pendidikan", "dinas-sosial", "dinas-kesehatan", "badan",
                                   "kecamatan", "kelurahan", "rsud", "sekretariat", "inspektorat", "kantor", "upt"]
    # it leaves the denominator: the other five share the Pengaduan dimension
    assert Fraction(by_id["pengaduan.kanal"]["share"]) == Fraction(2154, 12000) / 5
    assert sum(Fraction(i["share"]) for i in by_id.values() if i["share"] is not None) == 1
    code, out, _ = run(capsys, "kukar-pra-penilaian", "--unit-kind", "puskesmas")
    assert code == 0 and "Jenis unit: puskesmas" in out
    assert re.search(r"–\s+1\s+0–3\s+pengaduan\.sp4n-admin .*\(tidak berlaku\)", out)
    assert "pengaduan.sp4n-admin: dinas, dinas-pendidikan, dinas-sosial, dinas-kesehatan, badan, kecamatan, " \
           "kelurahan, rsud, sekretariat, inspektorat, kantor, upt (tidak untuk puskesmas)" in out


def test_tailored_weights_in_a_local_file(tmp_path: Path, capsys):
    child = tmp_path / "lokal.yaml"
    child.write_text(
        "apiVersion: compliance/v1\nkind: RuleSet\nextends: ombudsman-2023\n"
        "metadata: {id: lokal, version: '1', title: {id: Lokal, en: Local}}\n"
        "tailoring:\n  weights: {input: 40, input.kompetensi: 3, proses.biaya: 2}\n", encoding="utf-8")
    (rs,) = run_json(capsys, str(child))["rulesets"]
    dims = {d["id"]: d for d in rs["dimensions"]}
    total = Fraction(40) + Fraction("32.37") + Fraction("24.24") + Fraction("21.54")
    assert Fraction(dims["input"]["share"]) == 40 / total and dims["input"]["weight"] == "40"
    assert Fraction(dims["input"]["groups"][0]["share"]) == 40 / total * Fraction(3, 4)
    proses = {i["id"]: Fraction(i["share"]) for i in dims["proses"]["indicators"]}
    assert proses["proses.biaya"] == 2 * proses["proses.persyaratan"]
    assert sum(Fraction(i["share"]) for i in indicators(rs)) == 1
    code, out, _ = run(capsys, str(child), "--lang", "en")
    assert code == 0 and dimension_line(out, "input").split()[:2] == [f"{float(40 / total * 100):.2f}%", "40"]


# --- every shipped rule set ----------------------------------------------------------------------------

def test_default_is_every_shipped_rule_set_and_json_sums_to_100(capsys):
    doc = run_json(capsys)
    assert doc["format"] == 1 and doc["unit_kind"] is None
    assert [r["id"] for r in doc["rulesets"]] == shipped_ruleset_ids()
    for rs in doc["rulesets"]:
        assert sum(Fraction(d["share"]) for d in rs["dimensions"]) == 1
        assert sum(Fraction(i["share"]) * 100 for i in indicators(rs)) == 100, rs["id"]
        assert rs["total"] == "1"
        for d in rs["dimensions"]:
            inner = [Fraction(i["share"]) for i in d["indicators"]] + [Fraction(g["share"]) for g in d["groups"]]
            assert sum(inner) == Fraction(d["share"])
            for g in d["groups"]:
                assert sum(Fraction(i["share"]) for i in g["indicators"]) == Fraction(g["share"])


@pytest.mark.parametrize("kind", ["dinas", "puskesmas", "kecamatan"])
def test_json_sums_to_100_for_a_unit_kind(capsys, kind):
    for rs in run_json(capsys, "--unit-kind", kind)["rulesets"]:
        assert sum(Fraction(i["share"]) for i in indicators(rs) if i["applicable"]) == 1, rs["id"]


def test_json_is_deterministic(capsys):
    first = run(capsys, "--format", "json")[1]
    assert run(capsys, "--format", "json")[1] == first


@pytest.mark.parametrize(("folder", "kind"), [("dinkes", "dinas-kesehatan"), ("puskesmas-samboja", "puskesmas")])
def test_shares_equal_the_engines_effective_weights(folder, kind):
    rs = load_ruleset("kukar-pra-penilaian")
    evidence = load_evidence(str(ROOT / "fixtures" / "kukar" / folder / "evidence.yaml"))
    assert evidence.unit.kind == kind
    assessment = evaluate(rs, evidence, as_of=dt.date(2024, 9, 30))
    described = describe(rs, kind)
    ours = {i.id: i.share for i in described.indicators}
    engine = {i.id: Fraction(i.effective_weight) if i.status != "not_applicable" else None
              for i in assessment.indicators}
    assert ours == engine


def test_level_scales(capsys):
    code, out, _ = run(capsys, "standar-pelayanan", "--lang", "en")
    assert code == 0
    assert "Level scale: 0–2 (6 indicators); 0, 2 (pass/partial/fail) (8 indicators)" in out
    assert levels_text([0, 1, 2, 3]) == "0–3" and levels_text([0, 2]) == "0, 2" and levels_text([0]) == "0"
    assert weight_text(Fraction("21.85"), "id") == "21,85" and weight_text(Fraction(20)) == "20"


# --- errors ---------------------------------------------------------------------------------------------

def test_unknown_rule_set_exits_3_with_one_line(capsys):
    code, out, err = run(capsys, "ombudsman-2023", "no-such-ruleset")
    assert code == 3 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("compliance: kesalahan: tidak ada perangkat aturan 'no-such-ruleset'")


def test_unknown_unit_kind_is_a_usage_error(capsys):
    code, out, err = run(capsys, "ombudsman-2023", "--unit-kind", "warung")
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "jenis unit 'warung' bukan salah satu jenis unit perangkat aturan ombudsman-2023" in err


def test_the_worked_example_of_docs_rules(tmp_path: Path, capsys):
    # docs/rules.md section 3: contoh-kabupaten's shares for a dinas, and for a kecamatan, where the group
    # layanan.skm (applies_to: [dinas, puskesmas]) leaves the dimension's denominator.
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- check: file -->\n```yaml\n(.*?)```", text, re.S)
    assert block is not None and "id: contoh-kabupaten" in block.group(1)
    path = tmp_path / "contoh-kabupaten.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    expected = {
        "dinas": {"kebijakan.sp": "1/3", "kebijakan.maklumat": "1/6", "layanan.pengaduan.kanal": "1/4",
                  "layanan.skm.survei": "1/4"},
        "kecamatan": {"kebijakan.sp": "1/3", "kebijakan.maklumat": "1/6", "layanan.pengaduan.kanal": "1/2",
                      "layanan.skm.survei": None},
    }
    for kind, shares in expected.items():
        (rs,) = run_json(capsys, str(path), "--unit-kind", kind)["rulesets"]
        assert {i["id"]: i["share"] for i in indicators(rs)} == shares
        groups = {g["id"]: g for d in rs["dimensions"] for g in d["groups"]}
        assert groups["layanan.skm"]["applies_to"] == ["dinas", "puskesmas"]
        assert groups["layanan.skm"]["applicable"] is (kind == "dinas")
    code, out, _ = run(capsys, str(path))
    assert code == 0 and "  layanan.skm: dinas, puskesmas (tidak untuk kecamatan)" in out
    assert "layanan.skm.survei: " not in out  # the group's restriction is listed once, at the group
