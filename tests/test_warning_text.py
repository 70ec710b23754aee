"""The engine's warnings, recorded in English, are shown in Indonesian by the text output and the reports: every
sentence the engine writes (made here by evaluating evidence that provokes it) has its Indonesian form."""

from __future__ import annotations

from typing import Any

from compliance.engine.evaluate import evaluate
from compliance.report.text import unit_text
from compliance.report.unit_view import build_unit_view
from compliance.report.warning_text import warning_text

from conftest import AS_OF, evidence

ENGLISH = (" the ", " is not ", " ignored", " not counted", "attachment", "unknown", "treated as", "evidence",
           "rule set", "assessed", " version ", "claim")


def _warnings(mini: Any, indicators: dict[str, Any], **kw: Any) -> list[str]:
    return list(evaluate(mini, evidence(indicators, **kw), as_of=AS_OF).warnings)


def test_every_engine_warning_reads_in_indonesian(mini: Any) -> None:
    provoked = [
        *_warnings(mini, {"d9.x": {"facts": {"a": 1}}}),                                  # unknown indicator
        *_warnings(mini, {"d1.sp": {"facts": {"nope": True}}}),                           # unknown fact
        *_warnings(mini, {"d1.sp": {"facts": {"published": "ya"}}}),                      # wrong value type
        *_warnings(mini, {"d1.sp": {"not_applicable": {"reason": "x", "legal_basis": "y"}}}),  # claim not allowed
        *_warnings(mini, {}, kind="rsud"),                                                # unit kind not declared
        *_warnings(mini, {}, ruleset="other"),                                            # another rule set
    ]
    assert len(provoked) >= 6, provoked
    for english in provoked:
        indonesian = warning_text(english, "id")
        assert indonesian != english, english
        for word in ENGLISH:
            assert word not in indonesian, (word, indonesian)
        assert warning_text(english, "en") == english


def test_known_sentences() -> None:
    assert warning_text("d1.sp: fact 'published' = 'ya' is not true or false; treated as not given", "id") == \
        "d1.sp: data 'published' = 'ya' bukan true atau false; dianggap tidak diisi"
    assert warning_text("d1.sp.sk: attachment 'sk.pdf' is missing; not counted", "id").startswith(
        "d1.sp.sk: lampiran 'sk.pdf' ")
    assert warning_text("something new", "id") == "something new"


def test_text_output_and_report_show_warnings_in_the_language(mini: Any) -> None:
    a = evaluate(mini, evidence({"d9.x": {"facts": {"a": 1}}}), as_of=AS_OF)
    assert "bukti untuk indikator yang tidak dikenal 'd9.x' diabaikan" in unit_text(a, "id")
    assert "evidence for unknown indicator 'd9.x' ignored" in unit_text(a, "en")
    assert build_unit_view(a, "id").warnings == ("bukti untuk indikator yang tidak dikenal 'd9.x' diabaikan",)
