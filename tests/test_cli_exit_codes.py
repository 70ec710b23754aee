"""One exit-code contract for every command: an input path that does not exist is unreadable input (exit 3),
said in one line that names the path, never a usage error (2) and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.cli import COMMANDS, main

from conftest import MINI, ROOT

UNIT = str(ROOT / "fixtures" / "kukar" / "dinkes")
KUKAR = "kukar-pra-penilaian"

# {nope}: a path that does not exist; {out}: an output folder that may be created.
MISSING: dict[str, list[str]] = {
    "lint": ["lint", "{nope}.yaml"],
    "lint-among-files": ["lint", str(MINI), "{nope}.yaml"],
    "test": ["test", "{nope}"],
    "test-among-files": ["test", str(ROOT / "rules" / "tests"), "{nope}"],
    "template": ["template", "{nope}.yaml", "--unit-kind", "dinas"],
    "assess-evidence": ["assess", str(MINI), "{nope}"],
    "assess-among-evidence": ["assess", KUKAR, UNIT, "{nope}"],
    "assess-ruleset": ["assess", "{nope}.yaml", UNIT],
    "assess-previous": ["assess", KUKAR, UNIT, "--previous", "{nope}.json"],
    "report-evidence": ["report", str(MINI), "{nope}", "-o", "{out}"],
    "report-ruleset": ["report", "{nope}.yaml", UNIT, "-o", "{out}"],
    "report-previous": ["report", KUKAR, UNIT, "--previous", "{nope}.json", "-o", "{out}"],
    "verify": ["verify", "{nope}.pdf"],
    "skm": ["skm", "{nope}.csv"],
    "methods": ["methods", "{nope}.yaml"],
    "convert": ["convert", "{nope}.yaml", "-o", "{out}.xlsx"],
    "convert-workbook": ["convert", "{nope}.xlsx", "-o", "{out}.yaml"],
    "convert-evidence": ["convert", "{nope}.yaml", "--to", "standar-pelayanan"],
    "convert-ruleset": ["convert", UNIT + "/evidence.yaml", "--to", "{nope}.yaml"],
}


def test_every_command_is_covered() -> None:
    assert {case.split("-")[0] for case in MISSING} == set(COMMANDS)


@pytest.mark.parametrize("case", sorted(MISSING))
def test_a_missing_input_path_exits_3_with_one_line(case: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    nope = str(tmp_path / "nope")
    argv = [a.replace("{nope}", nope).replace("{out}", str(tmp_path / "out")) for a in MISSING[case]]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 3, out + err
    said = [line for line in (out + err).splitlines() if nope in line]
    assert len(said) == 1, out + err
    assert "Traceback" not in out + err
    if case.startswith("lint"):  # lint reports every file on standard output, the missing one as [unreadable]
        assert said[0].startswith(f"{nope}.yaml:1:1: kesalahan [unreadable]") and err == ""
    else:
        assert err.splitlines() == said
    assert any(words in said[0] for words in ("no such file", "No such file", "not a file", "file not found",
                                              "berkas tidak ditemukan", "bukan berkas")), said[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.*"))
