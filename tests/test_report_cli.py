"""`compliance report`: files written, failures listed, languages, --previous, -j 2, atomic output."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from compliance.cli import main

HERE = Path(__file__).resolve().parent
MINI = HERE / "data" / "mini.yaml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def make_region(root: Path) -> Path:
    """Three units (one with an attachment and hostile text) and one broken evidence file."""
    (root / "a").mkdir(parents=True)
    (root / "a" / "sk.pdf").write_bytes(b"%PDF-1.4 SK penetapan standar pelayanan\n")
    write(root / "a" / "evidence.yaml", """
        apiVersion: compliance/v1
        kind: Evidence
        unit: {id: dinas-a, name: "Dinas A <img src=\\"file:///etc/passwd\\">", kind: dinas,
               region: Kutai Kartanegara, kecamatan: Tenggarong}
        ruleset: {id: mini}
        period: {from: 2024-01-01, until: 2024-05-31}
        assessor: {name: Siti Rahmawati}
        reviewer: {name: Budi Santoso}
        indicators:
          d1.sp:
            facts: {sk: [{path: sk.pdf}], published: true}
            note: "background: url(http://127.0.0.1:9/x)"
          d2.skm: {facts: {date: 2024-01-01}}
        """)
    write(root / "b" / "evidence.yaml", """
        apiVersion: compliance/v1
        kind: Evidence
        unit: {id: kec-b, name: Kecamatan B, kind: kecamatan, region: Kutai Kartanegara}
        ruleset: {id: mini}
        indicators:
          d1.sp: {facts: {sk: []}}
        """)
    write(root / "c" / "evidence.yaml", """
        apiVersion: compliance/v1
        kind: Evidence
        unit: {id: dinas-c, name: Dinas C, kind: dinas, region: Kutai Kartanegara}
        ruleset: {id: mini}
        indicators:
          d2.skm: {facts: {date: 2024-03-01}}
        """)
    write(root / "broken" / "evidence.yaml", """
        apiVersion: compliance/v1
        kind: Evidence
        unit: {id: x}
        """)
    return root


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    return make_region(tmp_path_factory.mktemp("region"))


def report(region, out, *extra):
    return main(["report", str(MINI), str(region), "-o", str(out), "--as-of", "2024-06-01", *extra])


def test_html_reports_results_and_failures(region, tmp_path, capsys):
    out = tmp_path / "out"
    assert report(region, out, "--format", "html") == 1          # one broken unit -> 1, the others still done
    err = capsys.readouterr().err
    assert "broken" in err and "'ruleset' is required" in err
    assert sorted(p.name for p in (out / "units").iterdir()) == ["dinas-a.html", "dinas-c.html", "kec-b.html"]
    assert sorted(p.name for p in out.iterdir()) == ["results.json", "rollup.html", "units"]
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert doc["format"] == 1 and doc["as_of"] == "2024-06-01" and doc["ruleset"]["id"] == "mini"
    assert [u["unit"]["id"] for u in doc["units"]] == ["dinas-a", "kec-b", "dinas-c"]
    assert doc["summary"]["failed"] == 1
    rollup = (out / "rollup.html").read_text(encoding="utf-8")
    assert "Unit yang Gagal Diproses" in rollup and "broken" in rollup
    assert "Dinas A &lt;img" in rollup and '<img src="file' not in rollup
    unit = (out / "units" / "dinas-a.html").read_text(encoding="utf-8")
    assert "ZONA HIJAU" in unit and "100,00" in unit and "1 Juni 2024" in unit
    assert not [p for p in out.rglob("*") if p.name.startswith(".tmp-")]


def test_english_and_previous_round(region, tmp_path):
    first = tmp_path / "first"
    report(region, first, "--format", "html")
    prev = json.loads((first / "results.json").read_text(encoding="utf-8"))
    prev["units"][0]["score"] = 50.0                      # pretend dinas-a was yellow last time
    prev["units"][0]["classification"]["zone"] = "yellow"
    (tmp_path / "prev.json").write_text(json.dumps(prev), encoding="utf-8")
    out = tmp_path / "out"
    report(region, out, "--format", "html", "--lang", "en", "--previous", str(tmp_path / "prev.json"))
    rollup = (out / "rollup.html").read_text(encoding="utf-8")
    assert "Regional Compliance Assessment Summary" in rollup
    assert "+50.00" in rollup and "Yellow zone to Green zone" in rollup
    assert "1 June 2024" in (out / "units" / "dinas-a.html").read_text(encoding="utf-8")


def test_pdf_reports_with_two_workers(region, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "out"
    assert report(region, out, "--format", "both", "-j", "2") == 1
    for uid in ["dinas-a", "kec-b", "dinas-c"]:
        reader = PdfReader(out / "units" / f"{uid}.pdf")
        assert "assessment.json" in reader.attachments
        n = len(reader.pages)
        assert f"Halaman 1 dari {n}" in reader.pages[0].extract_text()
    rollup = PdfReader(out / "rollup.pdf")
    text = rollup.pages[0].extract_text()
    assert "REKAPITULASI" in text.upper() and "Kutai Kartanegara" in text
    assert json.loads(rollup.attachments["results.json"][0])["summary"]["units"] == 3


@pytest.mark.parametrize(("args", "code"), [
    (["--previous", "/nonexistent/prev.json"], 3),
    (["--timeout", "0"], 2),
])
def test_bad_arguments(region, tmp_path, args, code, capsys):
    assert report(region, tmp_path / "o", "--format", "html", *args) == code
    assert "Traceback" not in capsys.readouterr().err


def test_missing_evidence_path_is_unreadable_input(tmp_path):
    assert main(["report", str(MINI), str(tmp_path / "nope"), "-o", str(tmp_path / "o")]) == 3
