"""`compliance report`: files written, failures listed, languages, --previous, -j 2, atomic output."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from compliance.cli import main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
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
    assert "broken" in err and "'ruleset' wajib ada" in err
    assert sorted(p.name for p in (out / "units").iterdir()) == ["dinas-a.html", "dinas-c.html", "kec-b.html"]
    assert sorted(p.name for p in out.iterdir()) == [".kepatuhan-manifest.json", "index.html", "results.json",
                                                     "rollup.html", "units"]
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
    assert "+50.00" in rollup and "Yellow zone → Green zone" in rollup
    changes = json.loads((out / "results.json").read_text(encoding="utf-8"))["summary"]["changes"]
    assert changes["units"][0] == {"unit": "dinas-a", "previous_score": 50.0, "score": 100.0, "delta": 50.0,
                                   "previous_category": "A", "category": "A", "previous_zone": "yellow",
                                   "zone": "green"}
    assert changes["new"] == [] and changes["gone"] == []
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
    index = (out / "index.html").read_text(encoding="utf-8")   # the dashboard links both formats when both exist
    assert 'href="units/dinas-a.pdf"' in index and 'href="units/dinas-a.html"' in index and 'href="rollup.pdf"' in index
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


def _kukar_previous(path: Path) -> Path:
    """An earlier round of the sample region: two units changed zone, one moved within its zone, one unit is new
    this round and one is gone since."""
    doc = json.loads((ROOT / "tests" / "gold" / "assess" / "kukar.json").read_text(encoding="utf-8"))
    edits = {"kecamatan-anggana": (70.0, "yellow"), "kecamatan-samboja-barat": (60.0, "yellow"),
             "dinkes": (90.0, "green"), "kecamatan-tabang": (40.0, "red")}
    for u in doc["units"]:
        if u["unit"]["id"] in edits:
            u["score"], u["classification"]["zone"] = edits[u["unit"]["id"]]
    gone = json.loads(json.dumps(doc["units"][0]))
    gone["unit"]["id"], gone["unit"]["name"], gone["score"] = "kecamatan-lama", "Kantor Kecamatan Lama", 50.0
    doc["units"] = [u for u in doc["units"] if u["unit"]["id"] != "kecamatan-muara-wis"] + [gone]
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _cells(html: str, section: str) -> list[list[str]]:
    """The text of each body row's cells in the table under the heading `section`."""
    body = html.split(f">{section}</h2>", 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    return [[re.sub(r"<[^>]+>", " ", c).split()[0] if c.strip() else "" for c in re.findall(r"<td[^>]*>(.*?)</td>", r)]
            for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_assess_and_report_print_one_summary(tmp_path, capsys, monkeypatch):
    """Ranking, most-missed and changes of the sample region with a previous round: the same in assess's text
    and JSON, report's results.json and its roll-up."""
    monkeypatch.chdir(ROOT)
    prev = str(_kukar_previous(tmp_path / "prev.json"))
    args = ["kukar-pra-penilaian", "fixtures/kukar", "--as-of", "2024-09-30", "--previous", prev]
    assert main(["assess", *args, "--format", "json"]) == 0
    as_json = capsys.readouterr().out
    assert main(["assess", *args]) == 0
    text = capsys.readouterr().out.split("Ringkasan wilayah", 1)[1]
    assert main(["report", *args, "--format", "html", "-o", str(tmp_path / "out")]) == 0
    # results.json is the assess document, summary.changes included (report --previous used to drop them)
    assert (tmp_path / "out" / "results.json").read_text(encoding="utf-8") == as_json
    summary = json.loads(as_json)["summary"]
    names = {r["unit"]: r["name"] for r in summary["ranking"]}
    rollup = (tmp_path / "out" / "rollup.html").read_text(encoding="utf-8")

    ranking = [(str(r["rank"]), r["score"]) for r in summary["ranking"]]
    assert [tuple(m) for m in re.findall(r"^\s+(\d+)\.\s+([\d,]+)", text, re.M)] == [
        (k, f"{s:.2f}".replace(".", ",")) for k, s in ranking]
    assert [(row[0], row[2]) for row in _cells(rollup, "Peringkat Unit dan Nilai per Dimensi")] == [
        (k, f"{s:.2f}".replace(".", ",")) for k, s in ranking]

    missed = [(m["indicator"], str(m["units"])) for m in summary["most_missed"]]
    assert len(missed) == 10
    from compliance.catalog import load_ruleset

    titles = {ind.id: ind.title.get("id") for _, _, ind in load_ruleset("kukar-pra-penilaian").indicators()}
    shown = text.split("belum terpenuhi:")[1].split("\n  Perubahan")[0]
    assert re.findall(r"^\s+(\d+)  (.+)$", shown, re.M) == [(n, titles[i]) for i, n in missed]
    rows = re.findall(r'<span class="ind-id">([^<]+)</span></td><td class="num">(\d+)</td>',
                      rollup.split(">Indikator yang Paling Sering Belum Terpenuhi</h2>")[1].split("</table>")[0])
    assert rows == missed

    changes = summary["changes"]
    assert [c["unit"] for c in changes["units"][:4]] == ["kecamatan-tabang", "kecamatan-anggana",
                                                         "kecamatan-samboja-barat", "dinkes"]
    assert (changes["new"], changes["gone"]) == (["kecamatan-muara-wis"], ["kecamatan-lama"])
    moved = [names[c["unit"]] for c in changes["units"] if c["delta"] or c["zone"] != c["previous_zone"]]
    assert re.findall(r"→\s+[\d,]+\s+(.+?)(?:  ZONA.*)?$", text, re.M) == moved
    class_moves = [names[c["unit"]] for c in changes["units"]
                   if c["zone"] != c["previous_zone"] or c["category"] != c["previous_category"]]
    part = rollup.split(">Perubahan Sejak Penilaian Sebelumnya</h2>")[1]
    assert re.findall(r"<tr><td>([^<]+)</td>", part.split("</table>")[0]) == class_moves
    gone = part.split(">Unit yang Tidak Dinilai Kali Ini</h3>")[1].split("</table>")[0]
    assert re.findall(r"<tr><td>([^<]+)</td>", gone) == ["Kantor Kecamatan Lama"]
