"""Values as people type them: Indonesian booleans, dates and numbers, Windows paths; the ambiguous refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from compliance.catalog import load_ruleset
from compliance.cli import main
from compliance.engine.evaluate import evaluate
from compliance.errors import EvidenceError
from compliance.lint.paths import lint_paths
from compliance.load.evidence import load_evidence
from compliance.load.values import AmbiguousValue, coerce, parse_bool, parse_date, parse_number
from compliance.model.ruleset import Fact, Text

P = Text(id="p")


def fact(t: str, **kw: object) -> Fact:
    return Fact.model_validate({"type": t, "prompt": P, **kw})


@pytest.mark.parametrize(("text", "value"), [
    ("ya", True), ("Ya", True), ("YA ", True), ("benar", True), ("Benar", True),
    ("tidak", False), ("Tidak", False), ("salah", False), ("SALAH", False),
])
def test_indonesian_booleans(text: str, value: bool) -> None:
    assert parse_bool(text) is value
    assert coerce(fact("boolean"), text) is value


def test_unknown_word_is_left_for_the_type_check() -> None:
    assert coerce(fact("boolean"), "mungkin") == "mungkin"
    assert fact("boolean").value_problem("mungkin") is not None


@pytest.mark.parametrize(("text", "value"), [
    ("82,5", 82.5), ("1.234,5", 1234.5), ("1.234.567", 1234567), ("12", 12), ("-3,25", -3.25),
    ("82.5", 82.5), ("1 234,5", 1234.5), ("0,05", 0.05),
])
def test_numbers(text: str, value: float) -> None:
    assert parse_number(text) == value
    assert coerce(fact("number"), text) == value


def test_integer_fact_takes_thousands() -> None:
    assert coerce(fact("integer"), "1.234.567") == 1234567
    assert coerce(fact("integer"), "1.250,0") == 1250 and isinstance(coerce(fact("integer"), "1.250,0"), int)


@pytest.mark.parametrize("text", ["1.234", "12.500"])
def test_one_thousands_group_alone_is_ambiguous(text: str) -> None:
    with pytest.raises(AmbiguousValue, match="ambigu"):
        parse_number(text)


@pytest.mark.parametrize(("text", "iso"), [
    ("25/01/2024", "2024-01-25"), ("25-01-2024", "2024-01-25"), ("25.01.2024", "2024-01-25"),
    ("5/1/2024", "2024-01-05"), ("25 Januari 2024", "2024-01-25"), ("25 januari 2024", "2024-01-25"),
    ("25 Jan 2024", "2024-01-25"), ("3 Agt 2023", "2023-08-03"), ("3 Agustus 2023", "2023-08-03"),
    ("1 Mei 2024", "2024-05-01"), ("17 Okt. 2024", "2024-10-17"), ("2 Nopember 2023", "2023-11-02"),
    ("9 Des 2024", "2024-12-09"), ("29 Pebruari 2024", "2024-02-29"), ("2024-01-25", "2024-01-25"),
])
def test_dates(text: str, iso: str) -> None:
    assert parse_date(text) == iso
    assert coerce(fact("date"), text) == iso


@pytest.mark.parametrize(("text", "why"), [
    ("01/02/24", "tahun dua angka"), ("1 Jan 24", "tahun dua angka"), ("31/02/2024", "tidak ada di kalender"),
    ("30 Februari 2024", "tidak ada di kalender"),
])
def test_ambiguous_or_impossible_dates_are_refused(text: str, why: str) -> None:
    with pytest.raises(AmbiguousValue, match=why):
        parse_date(text)


def test_datetime_cell_is_a_date() -> None:
    assert coerce(fact("date"), dt.datetime(2024, 1, 25)) == "2024-01-25"


def test_choice_is_matched_without_case() -> None:
    f = fact("choice", choices=["Online", "Papan"])
    assert coerce(f, "online") == "Online"
    assert coerce(f, "lain") == "lain"


def test_windows_paths_in_attachments() -> None:
    f = fact("attachments")
    assert coerce(f, [{"path": "lampiran\\foto.jpg"}]) == [{"path": "lampiran/foto.jpg"}]
    assert coerce(f, "lampiran\\a.pdf; lampiran\\b.jpg") == [{"path": "lampiran/a.pdf"}, {"path": "lampiran/b.jpg"}]


MINI = Path(__file__).parent / "data" / "mini.yaml"


def _evidence(tmp_path: Path, published: str, date: str, sk: str) -> Path:
    (tmp_path / "lampiran").mkdir(exist_ok=True)
    (tmp_path / "lampiran" / "sk.pdf").write_bytes(b"%PDF-1.4 sk")
    (tmp_path / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    p = tmp_path / "evidence.yaml"
    p.write_text(f"""apiVersion: compliance/v1
kind: Evidence
unit: {{id: dinas-a, name: Dinas A, kind: dinas, region: Kab}}
ruleset: {{id: mini, version: "1"}}
indicators:
  d1.sp:
    facts:
      sk: [{{path: {sk}}}]
      published: {published}
  d2.skm:
    facts:
      date: {date}
""", encoding="utf-8")
    return p


def test_evidence_file_with_indonesian_values_scores_like_canonical(tmp_path: Path) -> None:
    rs = load_ruleset(str(MINI))
    typed = evaluate(rs, load_evidence(_evidence(tmp_path, "Ya", "'25 Januari 2024'", "'lampiran\\sk.pdf'"), rs),
                     as_of=dt.date(2024, 6, 30))
    canon_dir = tmp_path / "canon"
    canon_dir.mkdir()
    canon = evaluate(rs, load_evidence(_evidence(canon_dir, "true", "2024-01-25", "lampiran/sk.pdf"), rs),
                     as_of=dt.date(2024, 6, 30))
    assert typed.score == canon.score == 100.0
    assert typed.warnings == canon.warnings == ()
    assert [a.path for a in typed.attachments] == ["lampiran/sk.pdf"]
    [(_, findings)] = list(lint_paths([str(tmp_path / "evidence.yaml")]))
    assert findings == []


def test_ambiguous_value_is_refused_with_file_and_position(tmp_path: Path) -> None:
    rs = load_ruleset(str(MINI))
    p = _evidence(tmp_path, "ya", "'01/02/24'", "lampiran/sk.pdf")
    with pytest.raises(EvidenceError) as err:
        load_evidence(p, rs)
    assert str(err.value).startswith(f"{p}:12:13: fakta d2.skm.date: tanggal '01/02/24' memakai tahun dua angka")
    [(_, findings)] = list(lint_paths([str(p)]))
    assert [(f.code, f.location.line) for f in findings] == [("fact-type", 12)]
    assert "tahun dua angka" in findings[0].text("id")


def test_assess_uses_indonesian_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = _evidence(tmp_path, "benar", "'25/01/2024'", "lampiran/sk.pdf")
    assert main(["assess", str(MINI), str(p), "--as-of", "2024-06-30", "--format", "json"]) == 0
    assert '"score":100.0' in capsys.readouterr().out.replace(" ", "")


def test_the_refusal_speaks_english_with_lang_en(tmp_path: Path) -> None:
    from compliance.messages import using_lang

    rs = load_ruleset(str(MINI))
    p = _evidence(tmp_path, "ya", "'01/02/24'", "lampiran/sk.pdf")
    with pytest.raises(EvidenceError) as err:
        load_evidence(p, rs)
    with using_lang("en"):
        assert str(err.value).endswith("fact d2.skm.date: the date '01/02/24' has an ambiguous two-digit year; "
                                       "write the full year, e.g. 25/01/2024")
