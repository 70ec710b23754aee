"""What the OPD must do next opens the text output and the unit report: the actions that gain the most, by the
indicator's title, with the points each gains and what to prepare, named by the facts' prompts (never keys)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from compliance.catalog import load_ruleset
from compliance.cli import main
from compliance.engine.evaluate import evaluate
from compliance.model.assessment import Assessment
from compliance.model.format import Formatter
from compliance.report.next_steps import next_steps
from compliance.report.text import unit_text
from compliance.report.unit_view import build_unit_view

from conftest import MINI, evidence

AS_OF = dt.date(2024, 6, 30)


def _assess(indicators: dict[str, Any]) -> Assessment:
    return evaluate(load_ruleset(MINI), evidence(indicators), as_of=AS_OF)


def test_actions_name_what_the_target_level_reads() -> None:
    a = _assess({})
    sp = next(x for x in a.actions if x.indicator == "d1.sp")
    assert (sp.from_level, sp.to_level) == (0, 1)
    assert [(n.fact, n.prompt.id, n.prompt.en) for n in sp.needs] == [("sk", "SK penetapan", "Decree")]
    a = _assess({"d1.sp": {"facts": {"sk": [{"path": "sk.pdf"}]}}})
    sp = next(x for x in a.actions if x.indicator == "d1.sp")
    assert [n.fact for n in sp.needs] == ["published"]


def test_the_steps_by_title_points_and_prompts() -> None:
    a = _assess({})
    v = next_steps(Formatter("id"), a)
    assert [(s.no, s.title, s.gain, s.levels) for s in v.steps] == [
        ("1", "Standar pelayanan", "+37,50 poin", "level 0 ke 1"), ("2", "SKM", "+25,00 poin", "level 0 ke 1")]
    assert v.steps[0].todo == ("Tetapkan SK",) and v.steps[0].needs == ("SK penetapan",)
    assert v.heading == "Langkah berikutnya"
    en = next_steps(Formatter("en"), a)
    assert (en.heading, en.steps[0].title, en.steps[0].gain, en.steps[0].needs) == (
        "Next steps", "Service standard", "+37.50 points", ("Decree",))


def test_at_most_five_steps_and_none_when_at_the_top() -> None:
    a = evaluate(load_ruleset("kukar-pra-penilaian"), _kukar_blank(), as_of=AS_OF)
    steps = next_steps(Formatter("id"), a).steps
    assert len(steps) == 5
    gains = [x.gain for x in a.actions[:5]]
    assert gains == sorted(gains, reverse=True)
    top = _assess({"d1.sp": {"facts": {"sk": [{"path": "sk.pdf"}], "published": True}},
                   "d2.skm": {"facts": {"date": "2024-05-01"}}})
    assert next_steps(Formatter("id"), top).steps == ()
    assert "Langkah berikutnya: Tidak ada langkah lagi" in unit_text(top)


def _kukar_blank() -> Any:
    from compliance.model.evidence import Evidence

    return Evidence.model_validate({"apiVersion": "compliance/v1", "kind": "Evidence",
                                    "unit": {"id": "u", "name": "U", "kind": "dinas", "region": "R"},
                                    "ruleset": {"id": "kukar-pra-penilaian"}})


def test_the_text_opens_with_the_headline_then_the_steps_and_names_no_keys() -> None:
    a = _assess({})
    lines = unit_text(a).splitlines()
    assert lines[1].startswith("  Nilai sementara, data 0 % lengkap: 0,00 (kategori C, Zona Merah)")
    assert lines[2:7] == ["  Langkah berikutnya:", "    1. Standar pelayanan: +37,50 poin (level 0 ke 1)",
                          "       Tetapkan SK", "       Yang perlu disiapkan: SK penetapan",
                          "    2. SKM: +25,00 poin (level 0 ke 1)"]
    text = "\n".join(lines)
    assert "Data belum diisi (3): SK penetapan; Dipublikasikan?; Tanggal" in text
    for key in ("d1.sp", "d2.skm", "sk", "published"):
        assert f" {key}" not in text and f"{key}:" not in text


def test_english_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "kukar-pra-penilaian", "fixtures/kukar/dinkes", "--as-of", "2024-09-30",
                 "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("  Provisional score, data 89 % complete: 83.03 (category B, Green zone)")
    assert out[2] == "  Next steps:" and out[3].startswith("    1. ") and "points (level" in out[3]
    assert any(line.startswith("       To prepare: ") for line in out[4:8])


def test_the_unit_report_puts_the_steps_on_the_first_page() -> None:
    from compliance.report.render import render_html

    a = _assess({})
    v = build_unit_view(a, "id")
    assert [s.title for s in v.next_steps.steps] == ["Standar pelayanan", "SKM"]
    html = render_html(v)
    cover = html[html.index('<section class="cover">'):html.index("</section>")]
    assert "Langkah berikutnya" in cover and "SK penetapan" in cover and "+37,50 poin" in cover
    assert cover.index("Nilai sementara") < cover.index("Langkah berikutnya")
    # the missing data table names facts by their prompts
    assert [u.facts for u in v.unknowns] == ["SK penetapan; Dipublikasikan?", "Tanggal"]


def test_results_json_carries_needs_and_prompts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "kukar-pra-penilaian", "fixtures/kukar/dinkes", "--as-of", "2024-09-30",
                 "--format", "json"]) == 0
    unit = json.loads(capsys.readouterr().out)["units"][0]
    assert all(x["needs"] for x in unit["actions"])
    assert all(len(i["missing_prompts"]) == len(i["missing_facts"]) for i in unit["indicators"])
