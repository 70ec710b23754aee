"""`compliance lint --format sarif`: rules described from the code registry, file locations as valid URIs, and the
whole log validated by Microsoft's SARIF Multitool with zero errors and zero warnings.

The Multitool (npm @microsoft/sarif-multitool, pinned in scripts/sarif-multitool/) is installed by
scripts/install-sarif-multitool.sh, which `make setup` and `make test` run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from compliance.cli import main
from compliance.lint.codes import all_codes
from compliance.lint.formats import friendly_name

from conftest import ROOT

CASES = "tests/cases/lint/invalid/"
MISSING = "unreadable.yaml"  # the corpus's case of a file that is not there
TOOL_DIR = ROOT / "scripts" / "sarif-multitool"


def _sarif(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    main(["lint", "--format", "sarif", *args])
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _uris(doc: dict[str, Any]) -> list[str]:
    return [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]]


def test_every_rule_has_a_name_help_texts_and_a_link(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    rules = _sarif([CASES, CASES + MISSING], capsys)["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == set(all_codes())  # the corpus reports every code
    for rule in rules:
        assert rule["name"][0].isupper() and rule["name"].isalnum() and rule["name"].lower() != rule["id"], rule
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].endswith("."), rule
        assert rule["helpUri"].startswith("https://github.com/kepatuhan/kepatuhan/blob/main/docs/rules.md#"), rule
    assert friendly_name("band-gap") == "BandGap"


def test_relative_paths_stay_relative_references(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "aturan baru" / "wilayah#1"
    folder.mkdir(parents=True)
    (folder / "é.yaml").write_text("kind: Nope\n", encoding="utf-8")
    doc = _sarif(["aturan baru"], capsys)
    assert _uris(doc) == ["aturan%20baru/wilayah%231/%C3%A9.yaml"]
    loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert "uriBaseId" not in loc


def test_absolute_paths_are_absolute_file_uris(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "aturan baru"
    folder.mkdir()
    (folder / "x.yaml").write_text("kind: Nope\n", encoding="utf-8")
    doc = _sarif([str(folder)], capsys)
    assert _uris(doc) == [(folder / "x.yaml").as_uri()]
    assert _uris(doc)[0].startswith("file:///") and "%20" in _uris(doc)[0]
    loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert "uriBaseId" not in loc


# ---------------------------------------------------------------- validation by the SARIF Multitool


def _multitool() -> str | None:
    node = shutil.which("node")
    if node is None or not (TOOL_DIR / "node_modules").is_dir():
        return None
    proc = subprocess.run([node, "-p", "require('@microsoft/sarif-multitool')"], cwd=TOOL_DIR,
                          capture_output=True, text=True, timeout=60)
    path = proc.stdout.strip()
    return path if proc.returncode == 0 and os.access(path, os.X_OK) else None


@pytest.fixture(scope="module")
def validated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, str, list[str]]]]:
    """The Multitool's errors and warnings for three logs, validated in one run (it takes seconds to start):
    lint's output for the case corpus named by a relative and by an absolute path (in a folder whose name needs
    percent-encoding), and a log that writes an absolute path as a relative reference, as lint once did."""
    tool = _multitool()
    if tool is None:
        pytest.skip("SARIF Multitool not installed: run scripts/install-sarif-multitool.sh (make setup does)")
    work = tmp_path_factory.mktemp("sarif")
    corpus = work / "kasus uji"
    shutil.copytree(ROOT / CASES, corpus)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    logs = {"relative": (ROOT, CASES), "absolute": (work, f"{corpus}/")}
    for name, (cwd, target) in logs.items():
        cmd = [sys.executable, "-m", "compliance", "lint", "--format", "sarif", target, target + MISSING]
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 3 and proc.stdout.startswith("{"), proc.stderr
        (work / f"{name}.sarif").write_text(proc.stdout, encoding="utf-8")
    bad = json.loads((work / "absolute.sarif").read_text(encoding="utf-8"))
    for result in bad["runs"][0]["results"]:
        loc = result["locations"][0]["physicalLocation"]["artifactLocation"]
        loc["uri"] = loc["uri"].removeprefix("file://")
    (work / "old-absolute.sarif").write_text(json.dumps(bad), encoding="utf-8")
    out = work / "validation.sarif"
    names = ["relative", "absolute", "old-absolute"]
    proc = subprocess.run([tool, "validate", *(str(work / f"{n}.sarif") for n in names), "--output", str(out),
                           "--level", "Error;Warning"],
                          env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and out.is_file(), proc.stdout + proc.stderr
    run = json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is True
    found: dict[str, list[tuple[str, str, list[str]]]] = {n: [] for n in names}
    for r in run.get("results", []):
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        name = uri.rsplit("/", 1)[-1].removesuffix(".sarif")
        found[name].append((r["ruleId"], r.get("level", "warning"), r["message"].get("arguments", [])))
    return found


def test_the_multitool_rejects_an_absolute_path_as_a_relative_reference(
        validated: dict[str, list[tuple[str, str, list[str]]]]) -> None:
    assert {(rule, level) for rule, level, _ in validated["old-absolute"]} == {("SARIF1004", "error")}


@pytest.mark.parametrize("form", ["relative", "absolute"])
def test_the_multitool_finds_no_error_and_no_warning(validated: dict[str, list[tuple[str, str, list[str]]]],
                                                     form: str) -> None:
    assert validated[form] == []
