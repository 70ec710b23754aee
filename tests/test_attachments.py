"""Attachments as people have them: hashes computed, a photo's date from its EXIF data, and files that are empty,
damaged or not what their name says kept as a warning that does not count as proof; a Word file or workbook
renamed .yaml named for what it is."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from compliance.catalog import load_ruleset
from compliance.engine.evaluate import evaluate
from compliance.errors import EvidenceError, InputError
from compliance.lint.paths import lint_paths
from compliance.load.attachments import HEAD_BYTES, content_problem, exif_date, sniff
from compliance.load.evidence import load_evidence
from compliance.model.findings import Severity
from compliance.run.batch import discover

from conftest import MINI, ROOT, write

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg(taken: str | None = None, size: tuple[int, int] = (8, 8)) -> bytes:
    """A small real JPEG, with an EXIF DateTimeOriginal when `taken` ("2024:05:02 10:11:12") is given."""
    img = Image.new("RGB", size, (200, 30, 30))
    buf = io.BytesIO()
    if taken is None:
        img.save(buf, "JPEG")
    else:
        exif = Image.Exif()
        exif.get_ifd(0x8769)[0x9003] = taken
        img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


def docx_bytes() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


RULESET = """
apiVersion: compliance/v1
kind: RuleSet
metadata: {id: foto, version: "1", title: {id: Foto, en: Photo}, unit_kinds: [dinas]}
bands:
  - {category: A, zone: green, min: 50, max: 100, label: {id: Baik, en: Good}}
  - {category: C, zone: red, min: 0, max: 49.99, label: {id: Buruk, en: Poor}}
dimensions:
  - id: d
    title: {id: D, en: D}
    weight: 1
    indicators:
      - id: d.papan
        title: {id: Papan informasi, en: Notice board}
        weight: 1
        facts:
          foto: {type: attachments, prompt: {id: Foto papan informasi, en: Photo of the notice board}}
        levels:
          - {level: 0, label: {id: Tidak ada, en: None}, remediation: {id: Pasang papan, en: Put up a board}}
          - {level: 1, label: {id: Ada, en: Present}, when: {fact: foto, min_count: 1, max_age_days: 365}}
"""


def unit(tmp_path: Path, files: dict[str, bytes], atts: list[dict[str, Any]]) -> Path:
    for name, data in files.items():
        (tmp_path / "lampiran").mkdir(exist_ok=True)
        (tmp_path / "lampiran" / name).write_bytes(data)
    write(tmp_path / "foto.yaml", RULESET)
    flow = ", ".join("{" + ", ".join(f"{k}: {v!r}" if k != "date" else f"{k}: {v}" for k, v in a.items()) + "}"
                     for a in atts)
    return write(tmp_path / "evidence.yaml", f"""
        apiVersion: compliance/v1
        kind: Evidence
        unit: {{id: u, name: U, kind: dinas, region: R}}
        ruleset: {{id: foto}}
        indicators:
          d.papan: {{facts: {{foto: [{flow}]}}}}
        """)


def assess(ev_path: Path) -> Any:
    rs = load_ruleset(ev_path.parent / "foto.yaml")
    return evaluate(rs, load_evidence(ev_path), as_of=dt.date(2024, 12, 31))


def test_a_photos_date_comes_from_its_exif_data_and_makes_it_fresh(tmp_path: Path) -> None:
    ev = unit(tmp_path, {"papan.jpg": jpeg("2024:05:02 10:11:12")}, [{"path": "lampiran/papan.jpg"}])
    (_, _, att), = load_evidence(ev).attachments()
    assert att.date == dt.date(2024, 5, 2) and att.date_source == "exif" and att.usable
    a = assess(ev)
    assert a.indicators[0].level == 1
    rec, = a.attachments
    assert (rec.date, rec.date_source, rec.problem) == (dt.date(2024, 5, 2), "exif", None)
    assert rec.sha256 is not None and len(rec.sha256) == 64


def test_an_old_exif_date_is_not_fresh_and_a_photo_without_one_has_no_date(tmp_path: Path) -> None:
    ev = unit(tmp_path, {"lama.jpg": jpeg("2019:01:01 00:00:00"), "tanpa.jpg": jpeg()},
              [{"path": "lampiran/lama.jpg"}, {"path": "lampiran/tanpa.jpg"}])
    a = assess(ev)
    assert a.indicators[0].level == 0
    assert [(r.date, r.date_source) for r in a.attachments] == [(dt.date(2019, 1, 1), "exif"), (None, None)]


def test_a_given_date_wins_over_exif(tmp_path: Path) -> None:
    ev = unit(tmp_path, {"papan.jpg": jpeg("2019:01:01 00:00:00")},
              [{"path": "lampiran/papan.jpg", "date": "2024-06-01"}])
    (_, _, att), = load_evidence(ev).attachments()
    assert (att.date, att.date_source) == (dt.date(2024, 6, 1), "given")


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("kosong.jpg", b"", "empty (0 bytes)"),
    ("dokumen.jpg", PDF, "not a JPEG file (its content is PDF)"),
    ("surat.pdf", b"bukan pdf, hanya teks\n", "not a PDF file (its content is of another kind)"),
    ("rusak.jpg", b"\xff\xd8\xff" + b"\x00" * 64, "not a readable JPEG image"),
    ("foto.png", jpeg(), "not a PNG file (its content is JPEG)"),
])
def test_a_weak_attachment_is_named_and_does_not_count(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    ev = unit(tmp_path, {name: data}, [{"path": f"lampiran/{name}", "date": "2024-06-01"}])
    a = assess(ev)
    assert a.attachments[0].problem == problem
    assert a.indicators[0].level == 0 and a.indicators[0].status == "unmet"  # not proven
    assert any(f"lampiran/{name}" in w and "not counted" in w for w in a.warnings)
    (_, findings), = lint_paths([str(ev)])
    content = [f for f in findings if f.code == "attachment-content"]
    assert len(content) == 1 and content[0].severity is Severity.WARNING
    assert content[0].text("id").startswith(f"lampiran 'lampiran/{name}' ")
    assert content[0].text("id").endswith("; tidak dihitung sebagai bukti")
    english, = (f.text("en") for f in findings if f.code == "attachment-content")
    assert english == f"attachment 'lampiran/{name}' is {problem}; it does not count as proof"


def test_a_good_attachment_has_no_lint_finding(tmp_path: Path) -> None:
    ev = unit(tmp_path, {"sk.pdf": PDF, "papan.jpg": jpeg()},
              [{"path": "lampiran/sk.pdf", "date": "2024-06-01"}, {"path": "lampiran/papan.jpg", "date": "2024-06-01"}])
    (_, findings), = lint_paths([str(ev)])
    assert findings == []
    assert assess(ev).indicators[0].level == 1


def test_the_hash_is_computed_and_a_declared_one_still_checked(tmp_path: Path) -> None:
    ev = unit(tmp_path, {"sk.pdf": PDF}, [{"path": "lampiran/sk.pdf", "sha256": "0" * 64}])
    with pytest.raises(EvidenceError, match="tidak cocok"):
        load_evidence(ev)


@pytest.mark.parametrize("field", ["date_source", "problem", "size", "actual_sha256"])
def test_what_the_loader_records_cannot_be_typed(tmp_path: Path, field: str) -> None:
    ev = unit(tmp_path, {"sk.pdf": PDF}, [{"path": "lampiran/sk.pdf", field: "exif"}])
    with pytest.raises(EvidenceError):
        load_evidence(ev)


def test_the_exif_reader_sees_only_the_first_bytes() -> None:
    big = jpeg("2024:05:02 10:11:12", size=(3000, 3000))
    assert exif_date(big[:HEAD_BYTES]) == dt.date(2024, 5, 2)
    assert exif_date(b"\xff\xd8\xff\xe1garbage") is None
    assert exif_date(jpeg("0000:00:00 00:00:00")) is None


def test_sniffing_and_extensions() -> None:
    assert sniff(docx_bytes()) == "DOCX"
    assert sniff(PDF) == "PDF" and sniff(jpeg()) == "JPEG" and sniff(b"hello") is None
    assert content_problem("lampiran\\foto.JPG", jpeg(), 100) is None
    assert content_problem("catatan.txt", b"\x00\x01", 2) is None  # an extension not checked
    assert content_problem("daftar.docx", PDF, len(PDF)) == "not a DOCX file (its content is PDF)"


@pytest.mark.parametrize(("data", "kind"), [(docx_bytes(), "DOCX"), (PDF, "PDF")])
def test_a_document_renamed_yaml_is_named_for_what_it_is(tmp_path: Path, data: bytes, kind: str) -> None:
    bad = tmp_path / "unit" / "evidence.yaml"
    bad.parent.mkdir()
    bad.write_bytes(data)
    with pytest.raises(InputError) as exc:
        load_evidence(bad)
    assert exc.value.msg.render("id") == f"berkas ini {kind}, bukan YAML"
    assert exc.value.msg.render("en") == f"this is a {kind} file, not YAML"
    assert discover([str(tmp_path)]) == [str(bad)]  # in a folder: reported, not skipped
    (_, findings), = lint_paths([str(tmp_path)])
    assert [f.code for f in findings] == ["syntax"] and findings[0].text("id") == f"berkas ini {kind}, bukan YAML"


def test_assess_reports_a_workbook_renamed_yaml_in_a_folder(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    buf = io.BytesIO()
    wb.save(buf)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "evidence.yaml").write_bytes(buf.getvalue())
    out = subprocess.run([sys.executable, "-m", "compliance", "assess", str(MINI), str(tmp_path),
                          "--as-of", "2024-12-31"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert out.returncode == 1, out.stderr
    assert "XLSX" in out.stdout + out.stderr and "UTF-8" not in out.stdout + out.stderr


def test_the_report_says_where_a_date_came_from_and_what_is_wrong_in_indonesian(tmp_path: Path) -> None:
    from compliance.report.unit_view import build_unit_view

    ev = unit(tmp_path, {"papan.jpg": jpeg("2024:05:02 10:11:12"), "sk.pdf": b"teks"},
              [{"path": "lampiran/papan.jpg"}, {"path": "lampiran/sk.pdf"}])
    a = assess(ev)
    rows = build_unit_view(a, "id").attachments
    assert [(r.date, r.problem) for r in rows] == [("2 Mei 2024 (dari EXIF foto)", None),
                                                   ("", "bukan berkas PDF (isinya jenis lain)")]
    rows = build_unit_view(a, "en").attachments
    assert [(r.date, r.problem) for r in rows] == [("2 May 2024 (from the photo's EXIF)", None),
                                                   ("", "not a PDF file (its content is of another kind)")]
