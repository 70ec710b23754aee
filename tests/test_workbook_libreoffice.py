"""The checklist workbook in a real spreadsheet program: LibreOffice Calc (headless) opens it and saves it again,
and the re-saved workbook reads back with the same answers and scores the same."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from compliance.cli import main
from compliance.load.workbook import read_workbook

from conftest import ROOT

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: the Debian package "
                                "libreoffice-calc-nogui, which `make test` installs")


def _resave(src: Path, outdir: Path, profile: Path) -> Path:
    assert SOFFICE is not None
    env = {**os.environ, "HOME": str(profile.parent)}
    proc = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                           "--convert-to", "xlsx", "--outdir", str(outdir), str(src)],
                          capture_output=True, text=True, timeout=300, env=env)
    out = outdir / src.name
    assert proc.returncode == 0 and out.is_file(), proc.stdout + proc.stderr
    return out


def _assess(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["assess", "kukar-pra-penilaian", str(path), "--as-of", "2024-09-30", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for u in doc["units"]:
        u["evidence_file"] = u["evidence_sha256"] = ""
    return doc  # type: ignore[no-any-return]


def test_libreoffice_resave_keeps_the_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "dinkes"
    shutil.copytree(ROOT / "fixtures" / "kukar" / "dinkes", work)
    ours = work / "evidence.xlsx"
    assert main(["convert", str(work / "evidence.yaml"), "-o", str(ours)]) == 0
    resaved = _resave(ours, tmp_path / "resaved", tmp_path / "lo-profile")
    assert resaved.read_bytes() != ours.read_bytes()  # really written by LibreOffice
    assert read_workbook(resaved).data == read_workbook(ours).data
    beside = work / "resaved.xlsx"  # beside lampiran/, where the attachments are
    shutil.copy(resaved, beside)
    assert _assess(beside, capsys) == _assess(ours, capsys) == _assess(work / "evidence.yaml", capsys)


def test_libreoffice_opens_the_blank_template(tmp_path: Path) -> None:
    blank = tmp_path / "checklist-puskesmas.xlsx"
    assert main(["template", "kukar-pra-penilaian", "--unit-kind", "puskesmas", "-o", str(blank)]) == 0
    resaved = _resave(blank, tmp_path / "resaved", tmp_path / "lo-profile")
    again = read_workbook(resaved)
    assert again.data == read_workbook(blank).data
    assert again.keys == read_workbook(blank).keys and len(again.keys) > 50
