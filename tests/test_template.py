from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
import yaml

from compliance.catalog import load_ruleset
from compliance.cli import main
from compliance.cli.template import render_template
from compliance.engine.evaluate import evaluate
from compliance.lint.paths import lint_paths
from compliance.load.evidence import load_evidence

from synth import attachment_bytes, facts_for_level

AS_OF = dt.date(2024, 6, 30)


@pytest.mark.parametrize(("ruleset", "kind"), [("kukar-pra-penilaian", "kecamatan"), ("standar-pelayanan", "dinas"),
                                               ("ombudsman-2021", "puskesmas")])
def test_blank_template_lints_clean_and_lists_every_applicable_fact(tmp_path: Path, ruleset: str, kind: str) -> None:
    rs = load_ruleset(ruleset)
    text = render_template(rs, kind)
    p = tmp_path / "evidence.yaml"
    p.write_text(text, encoding="utf-8")
    [(_, findings)] = list(lint_paths([str(p)]))
    assert findings == []
    doc = yaml.safe_load(text)
    for _, _, ind in rs.indicators():
        assert set(doc["indicators"][ind.id]["facts"]) == set(ind.facts)
        for fact in ind.facts.values():
            assert f"# {fact.prompt.id}" in text
    # A blank checklist is all unknown: the expected score is the floor, the best case the ceiling.
    a = evaluate(rs, load_evidence(p), as_of=AS_OF)
    assert a.score == 0.0 and a.score_best == 100.0


def test_filled_template_lints_clean_and_scores(tmp_path: Path) -> None:
    rs = load_ruleset("kukar-pra-penilaian")
    doc = yaml.safe_load(render_template(rs, "kecamatan"))
    doc["unit"].update(id="kecamatan-uji", name="Kantor Kecamatan Uji", region="Kabupaten Kutai Kartanegara")
    for _, _, ind in rs.indicators():
        facts = facts_for_level(ind, ind.max_level, AS_OF, random.Random(ind.id))
        for value in facts.values():
            if isinstance(value, list):
                for att in value:
                    target = tmp_path / att["path"]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(attachment_bytes(att["path"]))
        doc["indicators"][ind.id]["facts"].update(facts)
    p = tmp_path / "evidence.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    [(_, findings)] = list(lint_paths([str(p)]))
    assert findings == []
    a = evaluate(rs, load_evidence(p), as_of=AS_OF)
    assert a.score == 100.0 and a.classification.zone == "green"


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.yaml"
    assert main(["template", "kukar-pra-penilaian", "--unit-kind", "puskesmas", "-o", str(out)]) == 0
    assert "kind: puskesmas" in out.read_text()
    assert main(["template", "kukar-pra-penilaian", "--unit-kind", "kapal"]) == 2
    assert main(["template", "nope", "--unit-kind", "dinas"]) == 3
    assert "Traceback" not in capsys.readouterr().err
