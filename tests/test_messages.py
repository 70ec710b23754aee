"""Bilingual messages: the Msg type, the language of a run (--lang, else the locale), errors and argparse in it."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.cli import lang_flag, main
from compliance.errors import ComplianceError, EvidenceError, InputError
from compliance.messages import Msg, as_msg, current_lang, lang_of_locale, render, resolve_lang, using_lang

ROOT = Path(__file__).resolve().parent.parent


def test_a_message_renders_in_either_language_with_its_arguments() -> None:
    m = Msg("berkas {name!r} tidak ditemukan", "file {name!r} not found", name="a.yaml")
    assert m.render("id") == "berkas 'a.yaml' tidak ditemukan"
    assert m.render("en") == "file 'a.yaml' not found"
    assert m.render("fr") == m.render("id")  # anything but English is Indonesian


def test_nested_messages_and_lists_of_them_render_in_the_same_language() -> None:
    zone = Msg("kuning", "yellow")
    m = Msg("paling tinggi {zone}; {others}", "at most {zone}; {others}", zone=zone,
            others=[Msg("merah", "red"), Msg("hijau", "green")])
    assert m.render("id") == "paling tinggi kuning; merah, hijau"
    assert m.render("en") == "at most yellow; red, green"


def test_a_plain_text_is_taken_literally_braces_included() -> None:
    m = as_msg("key {x} stays")
    assert m.render("id") == m.render("en") == "key {x} stays"
    assert Msg.text("{a}").render("en") == "{a}"
    assert render("plain", "en") == "plain"
    assert render(Msg("ya", "yes"), "en") == "yes"


def test_messages_compare_and_pickle() -> None:
    m = Msg("a {n}", "b {n}", n=1)
    assert m == Msg("a {n}", "b {n}", n=1) and m != Msg("a {n}", "b {n}", n=2)
    assert pickle.loads(pickle.dumps(m)) == m


@pytest.mark.parametrize(("env", "lang"), [
    ({}, "id"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "en"}, "en"),
    ({"LANG": "en_GB@euro"}, "en"),
    ({"LANG": "id_ID.UTF-8"}, "id"),
    ({"LANG": "C.UTF-8"}, "id"),
    ({"LANG": "POSIX"}, "id"),
    ({"LANG": "de_DE.UTF-8"}, "id"),
    ({"LANG": "eno"}, "id"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "id_ID.UTF-8"}, "id"),   # LC_MESSAGES before LANG
    ({"LC_MESSAGES": "id_ID", "LC_ALL": "en_US.UTF-8"}, "en"),       # LC_ALL before both
    ({"LC_ALL": "", "LANG": "en_US.UTF-8"}, "en"),                   # an empty variable is not set
])
def test_the_locale_decides_when_no_flag_is_given(env: dict[str, str], lang: str) -> None:
    assert lang_of_locale(env) == lang
    assert resolve_lang(None, env) == lang


def test_the_flag_wins_over_the_locale() -> None:
    assert resolve_lang("id", {"LANG": "en_US.UTF-8"}) == "id"
    assert resolve_lang("en", {"LANG": "id_ID.UTF-8"}) == "en"


def test_the_flag_is_found_before_parsing() -> None:
    assert lang_flag(["lint", "--lang", "en", "x"]) == "en"
    assert lang_flag(["--lang=en", "lint"]) == "en"
    assert lang_flag(["lint", "--", "--lang", "en"]) is None
    assert lang_flag(["lint"]) is None


def test_an_error_renders_in_the_chosen_language_with_its_position() -> None:
    err = EvidenceError(Msg("fakta {f} diisi dua kali", "fact {f} is given twice", f="a.b"),
                        file="u.yaml", line=3, column=5)
    assert err.render("id") == "u.yaml:3:5: fakta a.b diisi dua kali"
    assert err.render("en") == "u.yaml:3:5: fact a.b is given twice"
    assert str(err) == err.render("id")
    with using_lang("en"):
        assert str(err) == err.render("en") and err.message == "fact a.b is given twice"
    assert current_lang() == "id"


def test_an_error_stays_one_line_and_survives_pickling() -> None:
    err = InputError(Msg("nilai {v} salah", "bad value {v}", v="a\nb"), file="f\n.yaml")
    assert err.render("en") == "f⏎.yaml: bad value a⏎b"
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is InputError and back.render("en") == err.render("en") and back.file == err.file
    plain = ComplianceError("as is", file="x")
    assert plain.render("id") == plain.render("en") == "x: as is"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_usage_error_is_in_indonesian_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["lint", "--format", "xml"], capsys)
    assert code == 2
    assert err.startswith("penggunaan: compliance lint")
    assert "compliance lint: kesalahan: argumen --format: pilihan tidak sah: 'xml'" in err
    assert "usage" not in err and "error" not in err and "invalid" not in err


def test_a_usage_error_is_in_english_with_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["lint", "--lang", "en", "--format", "xml"], capsys)
    assert code == 2
    assert err.startswith("usage: compliance lint")
    assert "compliance lint: error: argument --format: invalid choice: 'xml'" in err


def test_the_flag_also_goes_before_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["--lang", "en", "assess"], capsys)
    assert code == 2 and "error: the following arguments are required: RULESET, EVIDENCE" in err


def test_every_command_takes_lang(capsys: pytest.CaptureFixture[str]) -> None:
    from compliance.cli import COMMANDS

    for name in COMMANDS:
        code, out, _ = _run([name, "--help"], capsys)
        assert code == 0 and "--lang {id,en}" in out, name
        assert out.startswith("penggunaan: ") and "opsi:" in out and "options:" not in out, name
        for english in ("default", " the ", "write ", "files", "output format"):
            assert english not in out, (name, english)
        code, out, _ = _run([name, "--help", "--lang", "en"], capsys)
        assert code == 0 and out.startswith("usage: ") and "options:" in out and "bawaan" not in out, name


def test_help_headings_and_command_summaries_follow_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["--help"], capsys)
    assert "nilai bukti terhadap perangkat aturan" in out and "argumen posisi" in out and "PERINTAH" in out
    _, out, _ = _run(["--lang", "en", "--help"], capsys)
    assert "score evidence against a rule set" in out and "positional arguments" in out and "COMMAND" in out


def test_a_fatal_error_is_in_the_chosen_language(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    code, _, err = _run(["test", str(missing)], capsys)
    assert code == 3 and err.startswith("compliance: kesalahan: ")
    code, _, err = _run(["test", "--lang", "en", str(missing)], capsys)
    assert code == 3 and err.startswith("compliance: error: ")
    assert current_lang() == "id"  # the run's language does not outlive the run


def _cli_env(lang: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    return {**env, "LANG": lang, "PYTHONPATH": str(ROOT)}


def test_an_english_locale_gives_english_without_the_flag() -> None:
    run = subprocess.run([sys.executable, "-m", "compliance", "lint", "--format", "xml"], capture_output=True,
                         text=True, env=_cli_env("en_US.UTF-8"), check=False)
    assert run.returncode == 2 and "error: argument --format: invalid choice" in run.stderr
    run = subprocess.run([sys.executable, "-m", "compliance", "lint", "--format", "xml"], capture_output=True,
                         text=True, env=_cli_env("id_ID.UTF-8"), check=False)
    assert run.returncode == 2 and "kesalahan: argumen --format: pilihan tidak sah" in run.stderr


@pytest.mark.parametrize("lang", ["id", "en"])
def test_worker_processes_speak_the_runs_language(lang: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_report_cli import MINI, make_region

    region = make_region(tmp_path / "region")
    code = main(["assess", str(MINI), str(region), "-j", "2", "--as-of", "2024-06-01", "--lang", lang])
    err = capsys.readouterr().err
    assert code == 1
    assert ("'ruleset' is required" if lang == "en" else "'ruleset' wajib ada") in err, err
