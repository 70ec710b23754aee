"""The checklist workbook: template, reading as evidence (cells named), conversion both ways, hostile packages."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from compliance.catalog import load_ruleset
from compliance.checklist.writer import write_workbook
from compliance.cli import main
from compliance.engine.evaluate import evaluate
from compliance.errors import ComplianceError
from compliance.lint.paths import lint_paths
from compliance.load import checklist_layout as L
from compliance.load.evidence import load_evidence

from conftest import ROOT

KUKAR = ROOT / "fixtures" / "kukar"
UNITS = sorted(p.parent.name for p in KUKAR.glob("*/evidence.yaml"))
AS_OF = "2024-09-30"


def _template(tmp_path: Path, kind: str = "puskesmas", name: str = "c.xlsx") -> Path:
    out = tmp_path / name
    assert main(["template", "kukar-pra-penilaian", "--unit-kind", kind, "-o", str(out)]) == 0
    return out


def test_template_workbook_layout(tmp_path: Path) -> None:
    out = _template(tmp_path)
    rs = load_ruleset("kukar-pra-penilaian")
    assert out.read_bytes() == write_workbook(rs, "puskesmas"), "deterministic bytes"
    wb = openpyxl.load_workbook(out)
    cover = wb[L.COVER]
    assert wb.sheetnames[0] == L.COVER and cover["A1"].value == L.MARKER
    assert cover.protection.sheet and cover.column_dimensions["A"].hidden
    assert any(c.value == "Petunjuk pengisian" for row in cover.iter_rows() for c in row)
    sheet = wb[wb.sheetnames[1]]
    assert sheet.protection.sheet and sheet.freeze_panes == "C2"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 and sheet.page_setup.fitToWidth == 1
    assert [c.value for c in sheet[1]][1:4] == ["Indikator", "Pertanyaan", "Jawaban"]
    keys = [r[0].value for r in sheet.iter_rows(min_row=2)]
    prompts = {f"{ind.id}/{n}": f.prompt.id for _, _, ind in rs.indicators() for n, f in ind.facts.items()}
    assert all(k in prompts or "#" in k for k in keys)
    for row in sheet.iter_rows(min_row=2):
        key = row[0].value
        if "/" in key:
            assert row[2].value == prompts[key]
            answer = row[3] if not row[7].value.startswith("Isi kolom Lampiran") else row[4]
            assert answer.protection.locked is False, key
            assert row[2].protection.locked is not False
    lists = [dv.formula1 for dv in sheet.data_validations.dataValidation]
    assert '"Ya,Tidak"' in lists
    assert sheet.column_dimensions["C"].width >= 40


def test_template_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled = tmp_path / "filled.yaml"
    filled.write_text("isi", encoding="utf-8")
    assert main(["template", "kukar-pra-penilaian", "--unit-kind", "dinas", "-o", str(filled)]) == 2
    assert filled.read_text(encoding="utf-8") == "isi"
    assert "sudah ada" in capsys.readouterr().err
    assert main(["template", "kukar-pra-penilaian", "--unit-kind", "dinas", "-o", str(filled), "--force"]) == 0
    assert filled.read_text(encoding="utf-8").startswith("# Daftar periksa")
    assert main(["template", "kukar-pra-penilaian", "--unit-kind", "dinas", "-o", str(tmp_path / "x.yaml"),
                 "--format", "xlsx"]) == 0
    assert zipfile.is_zipfile(tmp_path / "x.yaml")


def _assess_json(paths: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["assess", "kukar-pra-penilaian", *paths, "--as-of", AS_OF, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _without_source(doc: dict[str, object]) -> str:
    for u in doc["units"]:  # type: ignore[attr-defined]
        u["evidence_file"] = u["evidence_sha256"] = ""
    return json.dumps(doc, sort_keys=True)


def test_every_kukar_unit_round_trips_yaml_xlsx_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for unit in UNITS:
        work = tmp_path / unit
        shutil.copytree(KUKAR / unit, work)
        src = work / "evidence.yaml"
        assert main(["convert", str(src), "-o", str(work / "evidence.xlsx")]) == 0
        assert main(["convert", str(work / "evidence.xlsx"), "-o", str(work / "back.yaml")]) == 0
        assert main(["convert", str(work / "back.yaml"), "-o", str(work / "again.xlsx")]) == 0
        assert main(["convert", str(work / "again.xlsx"), "-o", str(work / "again.yaml")]) == 0
        assert (work / "again.xlsx").read_bytes() == (work / "evidence.xlsx").read_bytes(), unit
        assert (work / "again.yaml").read_bytes() == (work / "back.yaml").read_bytes(), unit
        original = _assess_json([str(src)], capsys)
        via_xlsx = _assess_json([str(work / "evidence.xlsx")], capsys)
        back = _assess_json([str(work / "back.yaml")], capsys)
        assert _without_source(via_xlsx) == _without_source(original), unit
        assert _without_source(back) == _without_source(original), unit
        (work / "evidence.yaml").unlink()
        (work / "back.yaml").unlink()
        (work / "again.yaml").unlink()
        (work / "again.xlsx").unlink()
        # A folder holding the workbook is assessed from it: the same bytes as the workbook given by name.
        assert _without_source(_assess_json([str(work)], capsys)) == _without_source(via_xlsx)


def _filled(tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    out = _template(tmp_path, "dinas")
    wb = openpyxl.load_workbook(out)
    cover = wb[L.COVER]
    for row in cover.iter_rows(min_row=3):
        if row[0].value == "unit.id":
            row[2].value = "dinas-uji"
        elif row[0].value == "unit.name":
            row[2].value = "Dinas Uji"
        elif row[0].value == "unit.region":
            row[2].value = "Kabupaten Kutai Kartanegara"
    return out, wb


def _row_of(wb: openpyxl.Workbook, fact_type: str) -> tuple[str, int, str]:
    rs = load_ruleset("kukar-pra-penilaian")
    types = {f"{ind.id}/{n}": f.type for _, _, ind in rs.indicators() for n, f in ind.facts.items()}
    for ws in wb.worksheets[1:]:
        for row in ws.iter_rows(min_row=2):
            if types.get(row[0].value) == fact_type:
                return ws.title, row[0].row, row[0].value
    raise AssertionError(fact_type)


def test_indonesian_answers_in_a_workbook_score(tmp_path: Path) -> None:
    out, wb = _filled(tmp_path)
    title, r, key = _row_of(wb, "boolean")
    wb[title].cell(r, L.COL_ANSWER).value = "Ya"
    title2, r2, key2 = _row_of(wb, "number")
    wb[title2].cell(r2, L.COL_ANSWER).value = "82,5"
    wb.save(out)
    rs = load_ruleset("kukar-pra-penilaian")
    ev = load_evidence(out, rs)
    ind, fact = key.split("/")
    assert ev.indicators[ind].facts[fact] is True
    ind2, fact2 = key2.split("/")
    assert ev.indicators[ind2].facts[fact2] == 82.5
    a = evaluate(rs, ev, as_of=dt.date(2024, 9, 30))
    assert a.warnings == ()


def test_errors_name_the_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, wb = _filled(tmp_path)
    title, r, _ = _row_of(wb, "number")
    wb[title].cell(r, L.COL_ANSWER).value = "1.234"
    wb.save(out)
    with pytest.raises(ComplianceError) as err:
        load_evidence(out, load_ruleset("kukar-pra-penilaian"))
    assert str(err.value).startswith(f"{out}:{title}!D{r}: fakta ") and "ambigu" in str(err.value)
    [(_, findings)] = list(lint_paths([str(out)]))
    assert [f.as_text().split(": ")[0] for f in findings] == [f"{out}:{title}!D{r}"]
    assert main(["assess", "kukar-pra-penilaian", str(out), "--as-of", AS_OF]) == 1
    assert f"{title}!D{r}: fakta" in capsys.readouterr().out


def test_formula_cells_are_refused_never_evaluated(tmp_path: Path) -> None:
    out, wb = _filled(tmp_path)
    title, r, _ = _row_of(wb, "number")
    wb[title].cell(r, L.COL_ANSWER).value = "=1+1"
    wb.save(out)
    with pytest.raises(ComplianceError, match=rf"{title}!D{r}: sel berisi rumus"):
        load_evidence(out)


def test_user_text_is_written_as_text_not_formula(tmp_path: Path) -> None:
    rs = load_ruleset("kukar-pra-penilaian")
    data = {"unit": {"id": "x", "name": "=HYPERLINK(\"http://evil\")", "kind": "dinas", "region": "@SUM(A1)"},
            "indicators": {}}
    wb = openpyxl.load_workbook(io.BytesIO(write_workbook(rs, "dinas", data)))
    cells = [c for row in wb[L.COVER].iter_rows() for c in row if isinstance(c.value, str)
             and c.value.startswith(("=", "@"))]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)


def _package(tmp_path: Path, name: str, extra: dict[str, bytes], *, compress_bomb: int = 0) -> Path:
    src = _template(tmp_path, name="base-" + name)
    out = tmp_path / name
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        for member, body in extra.items():
            zout.writestr(member, body)
        if compress_bomb:
            zout.writestr("xl/media/zeros.bin.xml", b"\0" * compress_bomb)
    src.unlink()
    return out


@pytest.mark.parametrize(("member", "body", "message"), [
    ("xl/vbaProject.bin", b"\0" * 100, "makro"),
    ("xl/externalLinks/externalLink1.xml", b"<externalLink/>", "tautan eksternal"),
    ("xl/custom.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "DTD"),
])
def test_hostile_packages_are_refused(tmp_path: Path, member: str, body: bytes, message: str) -> None:
    out = _package(tmp_path, "h.xlsx", {member: body})
    with pytest.raises(ComplianceError, match=message):
        load_evidence(out)


def test_decompression_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    out = _package(tmp_path, "bomb.xlsx", {}, compress_bomb=60 * 1024 * 1024)
    assert out.stat().st_size < 1024 * 1024
    with pytest.raises(ComplianceError, match="bom dekompresi"):
        load_evidence(out)


def test_macro_workbook_by_extension_is_refused(tmp_path: Path) -> None:
    out = _template(tmp_path, name="m.xlsm")
    with pytest.raises(ComplianceError, match="makro"):
        load_evidence(out)


def test_a_workbook_that_is_not_a_checklist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "wilayah"
    shutil.copytree(KUKAR / "dinkes", folder / "dinkes")
    other = openpyxl.Workbook()
    other.active["A1"] = "Nama"
    other.save(folder / "survei.xlsx")
    other.save(folder / "dinkes" / "lampiran" / "data.xlsx")  # an attachment: not a candidate
    with pytest.raises(ComplianceError, match="bukan buku kerja daftar periksa"):
        load_evidence(folder / "survei.xlsx")
    assert main(["assess", "kukar-pra-penilaian", str(folder), "--as-of", AS_OF]) == 0
    err = capsys.readouterr().err
    assert "survei.xlsx: dilewati: bukan buku kerja daftar periksa" in err and "data.xlsx" not in err
    results = dict(lint_paths([str(folder)]))
    [finding] = results[str(folder / "survei.xlsx")]
    assert finding.code == "unknown-kind" and finding.severity.name == "WARNING"


def test_template_update_carries_answers_and_lists_new_questions(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "lama.yaml"
    shutil.copytree(KUKAR / "dinkes" / "lampiran", tmp_path / "lampiran")
    text = (KUKAR / "dinkes" / "evidence.yaml").read_text(encoding="utf-8")
    src.write_text(text.replace("version: '2024.1'", "version: '2023.1'"), encoding="utf-8")
    capsys.readouterr()
    assert main(["template", "kukar-pra-penilaian", "--update", str(src), "-o", str(tmp_path / "baru.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "pertanyaan baru" in out and "Survei Kepuasan Masyarakat" in out
    before = _assess_json([str(KUKAR / "dinkes" / "evidence.yaml")], capsys)
    after = _assess_json([str(tmp_path / "baru.xlsx")], capsys)
    assert after["units"][0]["ruleset"]["version"] == "2024.1"  # type: ignore[index]
    assert _without_source(after) == _without_source(before)


def test_csv_never_turns_user_text_into_a_formula(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import csv

    work = tmp_path / "u"
    shutil.copytree(KUKAR / "dinkes", work)
    text = (work / "evidence.yaml").read_text(encoding="utf-8")
    for i, evil in enumerate(['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\tnama"]):
        (work / "evidence.yaml").write_text(text.replace("name: Dinas Kesehatan", f"name: {json.dumps(evil)}"),
                                            encoding="utf-8")
        capsys.readouterr()
        assert main(["assess", "kukar-pra-penilaian", str(work), "--as-of", AS_OF, "--format", "csv"]) == 0
        [header, row] = list(csv.reader(io.StringIO(capsys.readouterr().out)))
        assert row[header.index("unit_name")] == "'" + evil, i
        assert row[header.index("score")][0].isdigit()


def test_report_reads_a_workbook_in_a_folder(tmp_path: Path) -> None:
    work = tmp_path / "wilayah" / "dinkes"
    shutil.copytree(KUKAR / "dinkes", work)
    assert main(["convert", str(work / "evidence.yaml"), "-o", str(work / "evidence.xlsx")]) == 0
    (work / "evidence.yaml").unlink()
    out = tmp_path / "out"
    assert main(["report", "kukar-pra-penilaian", str(tmp_path / "wilayah"), "-o", str(out), "--format", "html",
                 "--as-of", AS_OF]) == 0
    page = (out / "units" / "dinkes.html").read_text(encoding="utf-8")
    assert "Dinas Kesehatan" in page and "83,03" in page
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["units"][0]["evidence_file"].endswith("evidence.xlsx")
