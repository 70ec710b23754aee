"""`compliance verify`: an intact report passes; a changed embedded score, a changed attachment, a swapped
assessment or an edited rule set are caught; unreadable input exits 3."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_report_cli import MINI, make_region

from compliance.cli import main
from compliance.model.assessment import Assessment
from compliance.report import render as rendering
from compliance.report.verify import extract_assessment, verify_report


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("verify")
    region = make_region(root / "region")
    shutil.rmtree(region / "broken")
    shutil.rmtree(region / "c")
    out = root / "out"
    assert main(["report", str(MINI), str(region), "-o", str(out), "--as-of", "2024-06-01"]) == 0
    return region, out


def verify(*args):
    """In English: what these tests quote; the Indonesian default is tested below."""
    return main(["verify", *map(str, args), "--ruleset", str(MINI), "--lang", "en"])


def forge(original: Path, target: Path, change) -> Path:
    """A report whose embedded assessment.json was replaced (the printed pages stay those of `original`)."""
    a = extract_assessment(str(original))
    doc = a.model_dump(mode="json")
    change(doc)
    forged = Assessment.model_validate(doc)
    html = rendering.render_unit_html(a)
    target.write_bytes(rendering.html_to_pdf(html, date=a.as_of, embedded=[
        rendering.EmbeddedFile(rendering.ASSESSMENT_ATTACHMENT, rendering.assessment_json(forged))]))
    return target


def test_intact_report_with_evidence(made, capsys):
    region, out = made
    assert verify(out / "units" / "dinas-a.pdf", "--evidence", region / "a") == 0
    text = capsys.readouterr().out
    assert "OK" in text and "attachment hash(es) match" in text and "same assessment" in text


def test_intact_report_without_evidence(made):
    assert verify(made[1] / "units" / "kec-b.pdf") == 0


def test_changed_embedded_score(made, tmp_path, capsys):
    bad = forge(made[1] / "units" / "dinas-a.pdf", tmp_path / "x.pdf", lambda d: d.update(score=99.0))
    assert verify(bad) == 1
    assert "score: the report says 99.00" in capsys.readouterr().out


def test_consistently_changed_levels_are_caught_by_printed_score_and_evidence(made, tmp_path, capsys):
    region, out = made
    kec = extract_assessment(str(out / "units" / "kec-b.pdf")).model_dump(mode="json")

    def swap(d):                     # a self-consistent assessment of another unit's numbers
        for k in ("score", "score_best", "classification", "classification_best", "dimensions", "indicators",
                  "trace", "caps"):
            d[k] = kec[k]

    bad = forge(out / "units" / "dinas-a.pdf", tmp_path / "swap.pdf", swap)
    assert verify(bad, "--evidence", region / "a") == 1
    text = capsys.readouterr().out
    assert "printed on page 1" in text and "re-evaluating the evidence gives a different result" in text


def test_changed_attachment(made, tmp_path, capsys):
    region, out = made
    copy = tmp_path / "a"
    shutil.copytree(region / "a", copy)
    (copy / "sk.pdf").write_bytes(b"%PDF-1.4 a different decree\n")
    assert verify(out / "units" / "dinas-a.pdf", "--evidence", copy) == 1
    assert "attachment sk.pdf: sha256" in capsys.readouterr().out
    (copy / "sk.pdf").unlink()
    assert verify(out / "units" / "dinas-a.pdf", "--evidence", copy) == 1


def test_changed_rule_set(made, tmp_path, capsys):
    edited = tmp_path / "mini.yaml"
    edited.write_text(MINI.read_text(encoding="utf-8").replace("weight: 3", "weight: 2"), encoding="utf-8")
    assert main(["verify", str(made[1] / "units" / "dinas-a.pdf"), "--ruleset", str(edited), "--lang", "en"]) == 1
    assert "the rules changed" in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"not a pdf at all", b"", None])
def test_unreadable_input(tmp_path, content, capsys):
    path = tmp_path / "r.pdf"
    if content is not None:
        path.write_bytes(content)
    assert verify(path) == 3
    assert "UNREADABLE" in capsys.readouterr().err


def test_pdf_without_embedded_assessment(made, capsys, tmp_path):
    from pypdf import PdfWriter

    plain = tmp_path / "plain.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with plain.open("wb") as fh:
        writer.write(fh)
    assert verify(plain) == 3
    assert "no embedded assessment.json" in capsys.readouterr().err


def test_messages_are_indonesian_by_default(made, capsys):
    region, out = made
    assert main(["verify", str(out / "units" / "dinas-a.pdf"), "--ruleset", str(MINI), "--evidence",
                 str(region / "a")]) == 0
    text = capsys.readouterr().out
    assert ": UTUH: dinas-a" in text and "hash lampiran cocok" in text and "memberi hasil yang sama" in text
    for english in ("OK", "match", "attachment", "evidence", "score", "rule set"):
        assert english not in text.replace(str(out), "").replace(str(region), ""), english


def test_without_evidence_it_says_plainly_that_evidence_was_not_checked(made, capsys):
    assert main(["verify", str(made[1] / "units" / "kec-b.pdf"), "--ruleset", str(MINI)]) == 0
    assert "catatan: bukti tidak diperiksa" in capsys.readouterr().out
    assert verify(made[1] / "units" / "kec-b.pdf") == 0
    assert "note: evidence not checked" in capsys.readouterr().out
    assert verify(made[1] / "units" / "dinas-a.pdf", "--evidence", made[0] / "a") == 0
    assert "not checked" not in capsys.readouterr().out


def test_another_units_folder_is_one_line(made, capsys):
    region, out = made
    assert main(["verify", str(out / "units" / "dinas-a.pdf"), "--ruleset", str(MINI), "--evidence",
                 str(region / "b")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("TIDAK COCOK: 1 masalah")
    assert lines[1].strip() == f"laporan ini untuk unit dinas-a, folder {region / 'b'} berisi unit kec-b"
    assert len(lines) == 2
    assert verify(out / "units" / "dinas-a.pdf", "--evidence", region / "b") == 1
    assert "this report is for unit dinas-a, the folder" in capsys.readouterr().out


def test_a_folder_without_any_of_the_attachments_is_one_line(tmp_path):
    from compliance import evaluate, load_evidence, load_ruleset
    from compliance.report.verify_evidence import Verification, check_evidence

    unit = tmp_path / "u"
    unit.mkdir()
    for name in ("sk.pdf", "sk2.pdf", "sk3.pdf"):
        (unit / name).write_bytes(f"%PDF-1.4 {name}\n".encode())
    (unit / "evidence.yaml").write_text(
        "apiVersion: compliance/v1\nkind: Evidence\n"
        "unit: {id: dinas-u, name: Dinas U, kind: dinas, region: Kutai Kartanegara}\nruleset: {id: mini}\n"
        "indicators:\n  d1.sp: {facts: {sk: [{path: sk.pdf}, {path: sk2.pdf}, {path: sk3.pdf}], published: true}}\n",
        encoding="utf-8")
    rs = load_ruleset(MINI)
    a = evaluate(rs, load_evidence(unit / "evidence.yaml"), as_of=dt.date(2024, 6, 1))
    empty = tmp_path / "empty"
    empty.mkdir()
    v = Verification(report="r.pdf", assessment=a)
    check_evidence(v, rs, a, str(empty))
    assert [p.render("en") for p in v.problems] == [
        f"none of this report's 3 attachments is in {empty}: is this the evidence folder of unit dinas-u?"]
    assert [n.render("id") for n in v.notes] == ["berkas bukti tidak ditemukan di folder: hanya lampiran yang "
                                                 "diperiksa"]
    (unit / "sk2.pdf").unlink()
    v = Verification(report="r.pdf", assessment=a)
    check_evidence(v, rs, a, str(unit))
    assert v.problems[0].render("id") == f"lampiran sk2.pdf: tidak ada di {unit}"


def test_a_rollup_is_verified_as_one(made, capsys):
    assert verify(made[1] / "rollup.pdf") == 0                # tested in depth in test_rollup.py
    assert "OK: roll-up of 2 unit(s)" in capsys.readouterr().out
    assert main(["verify", str(made[1] / "rollup.pdf"), "--ruleset", str(MINI)]) == 0
    text = capsys.readouterr().out
    assert "UTUH: rekapitulasi 2 unit" in text and "cocok: digest rekapitulasi" in text and "roll-up" not in text


def test_api(made):
    v = verify_report(str(made[1] / "units" / "dinas-a.pdf"), ruleset=str(MINI))
    assert v.ok and v.assessment.unit.id == "dinas-a"
    assert json.loads(rendering.assessment_json(v.assessment))["unit"]["id"] == "dinas-a"


# A cap naming a zone that no band has (here red, with green and yellow bands only) limits a unit to the lowest
# band: the engine caps it there, and verify must expect the same rather than call the report altered.
NO_RED = """
apiVersion: compliance/v1
kind: RuleSet
metadata:
  id: no-red
  version: "1"
  title: {id: Tanpa zona merah, en: No red zone}
bands:
  - {category: A, zone: green, min: 70, max: 100, label: {id: Baik, en: Good}}
  - {category: B, zone: yellow, min: 0, max: 69.99, label: {id: Sedang, en: Fair}}
dimensions:
  - id: d1
    title: {id: Satu, en: One}
    weight: 1
    indicators:
      - id: d1.sp
        title: {id: Standar pelayanan, en: Service standard}
        weight: 3
        facts:
          ok: {type: boolean, prompt: {id: Ada?, en: Present?}}
        levels:
          - {level: 0, label: {id: Tidak, en: "No"}, remediation: {id: Tetapkan, en: Issue}}
          - {level: 1, label: {id: Ya, en: "Yes"}, when: {fact: ok, is: true}}
      - id: d1.skm
        title: {id: SKM, en: Survey}
        weight: 1
        facts:
          done: {type: boolean, prompt: {id: Sudah?, en: Done?}}
        levels:
          - {level: 0, label: {id: Belum, en: "No"}, remediation: {id: Lakukan SKM, en: Run a survey}}
          - {level: 1, label: {id: Sudah, en: "Yes"}, when: {fact: done, is: true}}
caps:
  - id: no-skm
    when: {not: {indicator: d1.skm, min_level: 1}}
    max_zone: red
    reason: {id: Tanpa SKM, en: No survey}
"""


def test_cap_to_a_zone_no_band_has_verifies_as_genuine(tmp_path, capsys):
    rules = tmp_path / "no-red.yaml"
    rules.write_text(NO_RED, encoding="utf-8")
    unit = tmp_path / "region" / "u"
    unit.mkdir(parents=True)
    (unit / "evidence.yaml").write_text(
        "apiVersion: compliance/v1\nkind: Evidence\n"
        "unit: {id: dinas-u, name: Dinas U, kind: dinas, region: Kutai Kartanegara}\n"
        "ruleset: {id: no-red}\n"
        "indicators:\n  d1.sp: {facts: {ok: true}}\n  d1.skm: {facts: {done: false}}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(rules), str(tmp_path / "region"), "-o", str(out), "--as-of", "2024-06-01",
                 "--format", "pdf"]) == 0
    pdf = out / "units" / "dinas-u.pdf"
    a = extract_assessment(str(pdf))
    # 75 points: band A, capped by no-skm to the lowest band, B
    assert (a.score, a.classification.band_category, a.classification.category) == (75.0, "A", "B")
    assert a.classification.capped_by == ("no-skm",)
    capsys.readouterr()
    assert main(["verify", str(pdf), "--ruleset", str(rules), "--evidence", str(unit)]) == 0, capsys.readouterr().out
