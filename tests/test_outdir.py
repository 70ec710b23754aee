"""`compliance report -o DIR` manages DIR: a manifest of what it wrote, stale files of its own removed, foreign files
never touched, and a run that fails leaves the previous complete set (compliance/report/outdir.py)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from compliance.cli import main
from compliance.errors import RenderError
from compliance.report import outdir
from compliance.report.outdir import MANIFEST_NAME, STAGING_PREFIX, OutputFolder, parse_manifest, safe_relpath

from conftest import MINI, write

UNIT = """
    apiVersion: compliance/v1
    kind: Evidence
    unit: {{id: {uid}, name: {name}, kind: dinas, region: Kutai Kartanegara}}
    ruleset: {{id: mini}}
    indicators:
      d2.skm: {{facts: {{date: 2024-03-01}}}}
    """


def region(root: Path, *uids: str) -> Path:
    for uid in uids:
        write(root / uid / "evidence.yaml", UNIT.format(uid=uid, name=f"Dinas {uid.upper()}"))
    return root


def report(evidence: Path, out: Path, *extra: str) -> int:
    return main(["report", str(MINI), str(evidence), "-o", str(out), "--as-of", "2024-06-01", "--format", "html",
                 *extra])


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones included) with its SHA-256."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def manifest(out: Path) -> dict:
    return json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))


def test_manifest_lists_every_file_written_with_its_hash(tmp_path):
    out = tmp_path / "out"
    assert report(region(tmp_path / "in", "a", "b"), out) == 0
    doc = manifest(out)
    assert (doc["format"], doc["version"], doc["complete"]) == ("kepatuhan-output-manifest", 1, True)
    files = snapshot(out)
    del files[MANIFEST_NAME]
    assert [f["path"] for f in doc["files"]] == sorted(files) == [
        "index.html", "results.json", "rollup.html", "units/a.html", "units/b.html"]
    for f in doc["files"]:
        assert f["sha256"] == files[f["path"]] and f["size"] == (out / f["path"]).stat().st_size
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
    # deterministic: the same input gives the same manifest, byte for byte
    before = (out / MANIFEST_NAME).read_bytes()
    assert report(tmp_path / "in", out) == 0
    assert (out / MANIFEST_NAME).read_bytes() == before


def test_next_run_removes_its_own_stale_files_and_no_foreign_file(tmp_path, capsys):
    out = tmp_path / "out"
    assert report(region(tmp_path / "in", "a", "b", "c", "d"), out) == 0
    assert {p.name for p in (out / "units").iterdir()} == {f"{u}.html" for u in "abcd"}
    # the user's own files, in the folder and among the reports, and one report the user has edited since
    write(out / "catatan.txt", "catatan rapat minggu ini\n")
    write(out / "units" / "c-notes.txt", "ditelepon 3 Juni\n")
    (out / "units" / "b.html").write_bytes(b"<p>annotated by the user</p>\n")
    capsys.readouterr()

    # units b, c and d leave the input
    assert report(region(tmp_path / "in2", "a"), out) == 0
    err = capsys.readouterr().err
    left = snapshot(out)
    assert sorted(left) == [MANIFEST_NAME, "catatan.txt", "index.html", "results.json", "rollup.html",
                            "units/a.html", "units/b.html", "units/c-notes.txt"]
    assert (out / "units" / "b.html").read_bytes() == b"<p>annotated by the user</p>\n"
    assert "b.html: left in place: changed since an earlier report run wrote it" in err
    assert "2 berkas lama dihapus" in err          # c.html and d.html
    assert [f["path"] for f in manifest(out)["files"]] == ["index.html", "results.json", "rollup.html",
                                                           "units/a.html"]
    # the edited file is no longer the report's: a third run leaves it too, silently
    assert report(tmp_path / "in2", out) == 0
    assert "b.html" not in capsys.readouterr().err and (out / "units" / "b.html").exists()


@pytest.mark.parametrize("failure", ["exception", "interrupt", "every-unit"])
def test_a_failing_run_leaves_the_previous_set(tmp_path, monkeypatch, capsys, failure):
    out = tmp_path / "out"
    assert report(region(tmp_path / "in", "a", "b"), out) == 0
    write(out / "catatan.txt", "milik pengguna\n")
    before = snapshot(out)
    region(tmp_path / "in", "c")                       # the next run has one unit more

    if failure == "exception":                         # mid-way, after every unit report was written
        def boom(*args, **kwargs):
            raise RuntimeError("boom")
        monkeypatch.setattr("compliance.report.region_view.build_rollup_view", boom)
        expected = 3
    elif failure == "interrupt":                       # Ctrl-C while the units are rendered
        calls = []

        def interrupt(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise KeyboardInterrupt
            return real(*args, **kwargs)
        from compliance.report import unit_view
        real = unit_view.build_unit_view
        monkeypatch.setattr(unit_view, "build_unit_view", interrupt)
        expected = 130
    else:                                              # every unit fails to render
        def fail(*args, **kwargs):
            raise RenderError("template broken")
        monkeypatch.setattr("compliance.report.unit_view.build_unit_view", fail)
        expected = 1
    assert report(tmp_path / "in", out) == expected
    err = capsys.readouterr().err
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
    if failure == "every-unit":
        assert f"tidak ada laporan unit yang dapat ditulis; {out} dibiarkan seperti semula" in err


def test_a_manifest_cannot_make_a_run_remove_anything_outside_the_folder(tmp_path):
    out = tmp_path / "out"
    assert report(region(tmp_path / "in", "a"), out) == 0
    outside = write(tmp_path / "outside.txt", "jangan dihapus\n")
    digest = hashlib.sha256(outside.read_bytes()).hexdigest()
    doc = manifest(out)
    for path in ["../outside.txt", str(outside), "units/../../outside.txt", "C:/outside.txt", "units\\..\\x"]:
        doc["files"].append({"path": path, "size": outside.stat().st_size, "sha256": digest})
    (out / MANIFEST_NAME).write_text(json.dumps(doc), encoding="utf-8")
    assert report(tmp_path / "in", out) == 0
    assert outside.read_text(encoding="utf-8") == "jangan dihapus\n"


@pytest.mark.parametrize(("path", "ok"), [
    ("units/a.pdf", True), ("index.html", True), ("", False), ("../x", False), ("/etc/passwd", False),
    ("units/../x", False), ("a//b", False), ("./a", False), ("C:/x", False), ("a\\b", False),
    (MANIFEST_NAME, False), (f"{STAGING_PREFIX}x/a.pdf", False), (3, False),
])
def test_safe_relpath(path, ok):
    assert (safe_relpath(path) is not None) == ok


def test_an_unusable_manifest_removes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    assert report(region(tmp_path / "in", "a", "b"), out) == 0
    (out / MANIFEST_NAME).write_text('{"format": "kepatuhan-output-manifest", "version": 99}', encoding="utf-8")
    capsys.readouterr()
    assert report(region(tmp_path / "in2", "a"), out) == 0
    assert "manifest version 99 is not supported" in capsys.readouterr().err
    assert (out / "units" / "b.html").exists()                    # not known to be ours any more: kept
    assert [f["path"] for f in manifest(out)["files"]][-1] == "units/a.html"


def test_an_interrupted_commit_is_cleaned_up_by_the_next_run(tmp_path, monkeypatch):
    """A commit that stops half-way (a file held open on Windows) leaves a manifest listing both sets."""
    out = tmp_path / "out"

    def commit(files: dict[str, str]) -> None:
        with OutputFolder(out) as folder:
            for rel, text in files.items():
                os.makedirs(os.path.dirname(folder.staged(rel)), exist_ok=True)
                Path(folder.staged(rel)).write_text(text, encoding="utf-8")
            folder.commit()

    commit({"units/old.html": "old", "units/kept.html": "kept v1"})
    real_replace = os.replace

    def replace(src, dst):
        if dst.endswith("z.html"):
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)
    monkeypatch.setattr(outdir.os, "replace", replace)
    with pytest.raises(RenderError, match="tutup lalu jalankan report lagi"):
        commit({"units/kept.html": "kept v2", "units/new.html": "new", "units/z.html": "z"})
    monkeypatch.undo()
    m = parse_manifest((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert not m.complete and {e.path for e in m.files} == {"units/old.html", "units/kept.html", "units/new.html",
                                                             "units/z.html"}
    assert (out / "units" / "new.html").exists() and (out / "units" / "old.html").exists()

    commit({"units/kept.html": "kept v3"})
    assert sorted(p.name for p in (out / "units").iterdir()) == ["kept.html"]
    assert parse_manifest((out / MANIFEST_NAME).read_text(encoding="utf-8")).complete


def test_a_staging_folder_left_by_a_killed_run_is_removed(tmp_path):
    out = tmp_path / "out"
    write(out / f"{STAGING_PREFIX}dead" / "units" / "a.pdf", "half")
    assert report(region(tmp_path / "in", "a"), out) == 0
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
