"""Completeness: the share of facts answered per indicator, dimension and unit is part of every assessment, and a
unit with facts open is shown as provisional (its range, with category and zone at both ends), never as a bare
verdict; the expected score still counts every open fact at its lowest level."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest

from compliance.catalog import load_ruleset
from compliance.cli import main
from compliance.engine.evaluate import evaluate
from compliance.model.assessment import Assessment
from compliance.model.format import Formatter
from compliance.report.headline import provisional_headline
from compliance.report.text import csv_header, csv_row, unit_text
from compliance.report.unit_view import build_unit_view

from conftest import MINI, evidence

AS_OF = dt.date(2024, 6, 30)


def _assess(indicators: dict[str, Any], kind: str = "dinas") -> Assessment:
    return evaluate(load_ruleset(MINI), evidence(indicators, kind=kind), as_of=AS_OF)


HALF = {"d1.sp": {"facts": {"sk": [{"path": "sk.pdf"}]}}}
FULL = {"d1.sp": {"facts": {"sk": [{"path": "sk.pdf"}], "published": True}},
        "d2.skm": {"facts": {"date": "2024-05-01"}}}


def test_completeness_per_indicator_dimension_and_unit() -> None:
    a = _assess(HALF)
    assert [(i.id, i.completeness and (i.completeness.answered, i.completeness.total, i.completeness.percent))
            for i in a.indicators] == [("d1.sp", (1, 2, 50.0)), ("d2.skm", (0, 1, 0.0))]
    assert [(d.id, d.completeness and d.completeness.percent) for d in a.dimensions] == [("d1", 50.0), ("d2", 0.0)]
    assert a.completeness is not None
    assert (a.completeness.answered, a.completeness.total, a.completeness.percent) == (1, 3, 33.33)
    assert not a.completeness.complete
    # Unknown still counts at its lowest level for the expected score; the best case is the top of the range.
    assert (a.score, a.score_best) == (37.5, 100.0)


def test_complete_data_and_not_applicable_indicators() -> None:
    a = _assess(FULL)
    assert a.completeness is not None and a.completeness.complete and a.completeness.percent == 100.0
    assert provisional_headline(Formatter("id"), a) is None
    k = _assess(HALF, kind="kecamatan")  # d2.skm does not apply to a kecamatan: it is not counted
    skm = next(i for i in k.indicators if i.id == "d2.skm")
    assert skm.completeness is None
    assert k.completeness is not None and (k.completeness.answered, k.completeness.total) == (1, 2)
    assert next(d for d in k.dimensions if d.id == "d2").completeness is None


def test_a_wrongly_typed_fact_is_not_an_answer() -> None:
    a = _assess({"d1.sp": {"facts": {"sk": [{"path": "sk.pdf"}], "published": "kadang"}}})
    assert a.indicators[0].completeness is not None and a.indicators[0].completeness.answered == 1


@pytest.mark.parametrize(("answered", "total", "shown"), [
    (0, 3, "0 %"), (1, 200, "1 %"), (199, 200, "99 %"), (7, 20, "35 %"), (1, 3, "33 %"), (2, 3, "67 %"),
    (3, 3, "100 %"), (0, 0, "100 %"),
])
def test_the_percentage_shown_is_never_complete_while_a_fact_is_open(answered: int, total: int, shown: str) -> None:
    assert Formatter("id").completeness(answered, total) == shown


def test_the_headline_says_provisional_with_both_ends() -> None:
    a = _assess(HALF)
    assert provisional_headline(Formatter("id"), a) == (
        "Nilai sementara, data 33 % lengkap: 37,50 (kategori C, Zona Merah) – 100,00 (kategori A, Zona Hijau)")
    assert provisional_headline(Formatter("en"), a) == (
        "Provisional score, data 33 % complete: 37.50 (category C, Red zone) – 100.00 (category A, Green zone)")
    text = unit_text(a)
    assert text.splitlines()[1] == ("  Nilai sementara, data 33 % lengkap: 37,50 (kategori C, Zona Merah) – 100,00 "
                                    "(kategori A, Zona Hijau)")
    assert "  Dimensi: Satu 50,00 (data 50 % lengkap) | Dua 0,00 (data 0 % lengkap)" in text.splitlines()


def test_open_facts_that_cannot_change_the_score_are_said_so() -> None:
    # sk = [] is an answer (no file): level 1 is not reached, so the open `published` cannot matter.
    a = _assess({"d1.sp": {"facts": {"sk": []}}, "d2.skm": {"facts": {"date": "2024-05-01"}}})
    assert a.completeness is not None and not a.completeness.complete and a.score == a.score_best
    head = provisional_headline(Formatter("id"), a)
    assert head is not None and head.startswith(f"Nilai {Formatter('id').num(a.score)} (kategori")
    assert "sementara" not in head and "data 67 % lengkap" in head


def test_csv_and_json_carry_completeness(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    a = _assess(HALF)
    rows = list(csv.DictReader(io.StringIO(csv_header(["d1", "d2"]) + csv_row(a, "e.yaml", None, ["d1", "d2"]))))
    assert rows[0]["completeness"] == "33.33"
    assert main(["assess", "kukar-pra-penilaian", "fixtures/kukar/dinkes", "--as-of", "2024-09-30",
                 "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    unit = doc["units"][0]
    assert unit["completeness"]["total"] == sum(i["completeness"]["total"] for i in unit["indicators"]
                                                if i["completeness"])
    assert doc["summary"]["ranking"][0]["completeness"] == unit["completeness"]["percent"]


def test_old_results_without_completeness_still_read() -> None:
    data = json.loads(_assess(HALF).model_dump_json())
    del data["completeness"]
    for part in data["indicators"] + data["dimensions"]:
        del part["completeness"]
    old = Assessment.model_validate(data)
    assert old.completeness is None and provisional_headline(Formatter("id"), old) is None
    assert "Skor 37,50" in unit_text(old)


def test_the_unit_report_shows_it_on_the_first_page_and_in_the_indicator_table() -> None:
    v = build_unit_view(_assess(HALF), "id")
    assert v.score_label == "Nilai sementara" and build_unit_view(_assess(FULL)).score_label == "Nilai"
    assert v.headline is not None and v.headline.startswith("Nilai sementara, data 33 % lengkap")
    assert v.completeness == "1 dari 3 data diisi (33 %)"
    assert [d.completeness for d in v.dimensions] == ["data 50 % lengkap", "data 0 % lengkap"]
    assert [(r.incomplete, r.completeness) for d in v.dimensions for r in d.rows] == [
        ("data belum lengkap", "1 dari 2 diisi"), ("data belum lengkap", "0 dari 1 diisi")]
    settled = build_unit_view(_assess({"d1.sp": {"facts": {"sk": []}}, "d2.skm": {"facts": {"date": "2024-05-01"}}}))
    assert [(r.incomplete, r.completeness) for d in settled.dimensions for r in d.rows] == [
        ("", "1 dari 2 diisi"), ("", "")]
    full = build_unit_view(_assess(FULL), "en")
    assert full.headline is None and [d.completeness for d in full.dimensions] == ["", ""]
