"""Derived facts (`derives_from`): evidence written for one rule set scored under another, with the share of the
target's facts the mapping supplied; the transforms; what stays unknown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from compliance.catalog import load_ruleset
from compliance.engine.evaluate import evaluate
from compliance.engine.mapping import convert, derivation_for
from compliance.load.evidence import load_evidence
from compliance.model.mapping import FactMap

from conftest import MINI, ROOT, evidence, write

AS_OF = dt.date(2024, 9, 30)
KUKAR = ROOT / "fixtures" / "kukar"

# A target with one fact per transform, derived from tests/data/mini.yaml's facts.
TARGET = """
apiVersion: compliance/v1
kind: RuleSet
metadata: {id: target, version: "1", title: {id: Target}, unit_kinds: [dinas, kecamatan]}
bands:
  - {category: A, zone: green, min: 50, max: 100, label: {id: Baik}}
  - {category: B, zone: red, min: 0, max: 49.99, label: {id: Buruk}}
dimensions:
  - id: d
    title: {id: D}
    weight: 1
    indicators:
      - id: t.sp
        title: {id: SP}
        weight: 1
        facts:
          decree: {type: attachments, prompt: {id: SK}}
          has_decree: {type: boolean, prompt: {id: Ada SK?}}
          public: {type: choice, prompt: {id: Publik?}, choices: [ya, tidak]}
          other: {type: text, prompt: {id: Lain}}
        levels:
          - {level: 0, label: {id: Tidak}}
          - {level: 1, label: {id: SK}, when: {fact: has_decree, is: true}}
          - {level: 2, label: {id: Publik}, when: {fact: public, is: ya}}
derives_from:
  - ruleset: mini
    facts:
      t.sp:
        decree: {from: d1.sp.sk}
        has_decree: {from: d1.sp.sk, min_count: 1}
        public: {from: d1.sp.published, map: {"true": ya, "false": tidak}}
"""


@pytest.fixture
def target(tmp_path: Path) -> Any:
    (tmp_path / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    return load_ruleset(write(tmp_path / "target.yaml", TARGET))


def _att(path: str = "sk.pdf") -> dict[str, Any]:
    return {"path": path, "kind": "pdf"}


def test_mini_evidence_is_scored_under_the_target_with_its_coverage(target: Any) -> None:
    ev = evidence({"d1.sp": {"facts": {"sk": [_att()], "published": True}}})
    a = evaluate(target, ev, as_of=AS_OF)
    ind = a.indicators[0]
    assert ind.level == 2 and a.score == 100
    assert a.derivation is not None
    assert (a.derivation.source, a.derivation.facts, a.derivation.mapped, a.derivation.supplied) == ("mini", 4, 3, 3)
    assert a.derivation.share == 75.0
    assert a.unknown_facts == () and a.warnings == ()  # the unmapped fact decides no level here


def test_what_the_source_does_not_give_stays_unknown(target: Any) -> None:
    a = evaluate(target, evidence({"d1.sp": {"facts": {"sk": [_att()]}}}), as_of=AS_OF)
    assert a.derivation is not None and a.derivation.supplied == 2
    assert a.indicators[0].level == 1 and a.indicators[0].best_level == 2
    assert "t.sp.public" in a.unknown_facts and a.score_best == 100


def test_false_in_the_source_is_an_answer_not_unknown(target: Any) -> None:
    a = evaluate(target, evidence({"d1.sp": {"facts": {"sk": [], "published": False}}}), as_of=AS_OF)
    assert a.indicators[0].level == 0 and a.indicators[0].best_level == 0 and a.score_best == 0
    assert a.derivation is not None and a.derivation.supplied == 3


def test_unit_kinds_are_translated(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    text = TARGET.replace("unit_kinds: [dinas, kecamatan]", "unit_kinds: [opd, kecamatan]").replace(
        "  - ruleset: mini\n", "  - ruleset: mini\n    unit_kinds: {dinas: opd}\n")
    rs = load_ruleset(write(tmp_path / "target.yaml", text))
    a = evaluate(rs, evidence({"d1.sp": {"facts": {"sk": [_att()]}}}), as_of=AS_OF)
    assert a.unit.kind == "opd" and a.warnings == ()
    k = evaluate(rs, evidence({"d1.sp": {"facts": {"sk": [_att()]}}}, kind="kecamatan"), as_of=AS_OF)
    assert k.unit.kind == "kecamatan"


def test_evidence_of_the_rule_set_itself_is_not_derived(target: Any) -> None:
    ev = evidence({"t.sp": {"facts": {"has_decree": True}}}, ruleset="target")
    assert derivation_for(target, ev) is None
    a = evaluate(target, ev, as_of=AS_OF)
    assert a.derivation is None and a.indicators[0].level == 1


def test_evidence_of_an_unmapped_rule_set_is_read_as_it_is(target: Any) -> None:
    a = evaluate(target, evidence({"t.sp": {"facts": {"has_decree": True}}}, ruleset="other"), as_of=AS_OF)
    assert a.derivation is None and a.indicators[0].level == 1
    assert any("other" in w for w in a.warnings)


@pytest.mark.parametrize(("fm", "value", "expected"), [
    ({"from": "a.b"}, 3, (3, None)),
    ({"from": "a.b", "gte": 76.61}, 76.61, (True, None)),
    ({"from": "a.b", "gte": 76.61}, 76.6, (False, None)),
    ({"from": "a.b", "gt": 0}, 0, (False, None)),
    ({"from": "a.b", "lte": 5}, 5, (True, None)),
    ({"from": "a.b", "lt": 5}, 5, (False, None)),
    ({"from": "a.b", "gte": 1}, True, (None, "is not a number")),
    ({"from": "a.b", "min_count": 2}, [{"path": "x.pdf"}], (False, None)),
    ({"from": "a.b", "min_count": 1}, "x", (None, "is not a list of attachments")),
    ({"from": "a.b", "map": {"A": True, "B": True, "C": False}}, "C", (False, None)),
    ({"from": "a.b", "map": {"A": True}}, "D", (None, "= 'D' has no entry in the map")),
    ({"from": "a.b", "map": {"true": "ya"}}, True, ("ya", None)),
    ({"from": "a.b", "map": {"3": "tiga"}}, 3.0, ("tiga", None)),
])
def test_transforms(fm: dict[str, Any], value: Any, expected: tuple[Any, str | None]) -> None:
    if isinstance(value, list):
        from compliance.model.evidence import Attachment

        value = [Attachment.model_validate(v) for v in value]
    assert convert(FactMap.model_validate(fm), value) == expected


def test_a_value_the_transform_cannot_read_is_unknown_with_a_warning(target: Any) -> None:
    ev = evidence({"d1.sp": {"facts": {"sk": [_att()], "published": "ya"}}})
    a = evaluate(target, ev, as_of=AS_OF)
    assert "t.sp.public" in a.unknown_facts
    assert any("d1.sp.published" in w and "left unknown" in w for w in a.warnings)


def test_an_extending_rule_set_inherits_and_overrides_derivations(tmp_path: Path, target: Any) -> None:
    child = write(tmp_path / "child.yaml", """
        apiVersion: compliance/v1
        kind: RuleSet
        metadata: {id: child, version: "1", title: {id: Child}}
        extends: target
        derives_from:
          - ruleset: mini
            facts:
              t.sp:
                has_decree: {from: d1.sp.sk, min_count: 2}
        """)
    rs = load_ruleset(child)
    (der,) = rs.derives_from
    assert der.facts["t.sp"]["has_decree"].min_count == 2
    assert der.facts["t.sp"]["decree"].from_ == "d1.sp.sk"


def test_disabled_target_indicators_leave_the_derivation(tmp_path: Path, target: Any) -> None:
    write(tmp_path / "target.yaml", TARGET.replace("dimensions:", "dimensions:\n  - id: e\n    title: {id: E}\n"
                                                   "    weight: 1\n    indicators:\n      - id: e.x\n"
                                                   "        title: {id: X}\n        weight: 1\n"
                                                   "        facts: {f: {type: boolean, prompt: {id: F}}}\n"
                                                   "        levels:\n          - {level: 0, label: {id: N}}\n"
                                                   "          - {level: 1, label: {id: Y}, when: {fact: f, is: true}}",
                                                   1))
    child = write(tmp_path / "child.yaml", """
        apiVersion: compliance/v1
        kind: RuleSet
        metadata: {id: child, version: "1", title: {id: Child}}
        extends: target
        tailoring:
          disable: [{id: t.sp, justification: {id: Tidak dinilai}}]
        """)
    rs = load_ruleset(child)
    assert rs.derives_from[0].facts == {}


# ---------------------------------------------------------------- the shipped pair: standar-pelayanan ← kukar


def test_kukar_evidence_scores_under_standar_pelayanan() -> None:
    rs = load_ruleset("standar-pelayanan")
    ev = load_evidence(KUKAR / "disdukcapil" / "evidence.yaml")
    a = evaluate(rs, ev, as_of=AS_OF)
    assert a.derivation is not None
    assert (a.derivation.source, a.derivation.facts, a.derivation.mapped) == ("kukar-pra-penilaian", 26, 16)
    # The same document and publication: the requirements component reads what proses.persyaratan was given.
    src = ev.indicators["proses.persyaratan"].facts
    sd_b = next(i for i in a.indicators if i.id == "sd.b-persyaratan")
    published = bool(src.get("board_photo")) or bool(src.get("online_url"))
    assert sd_b.level == (2 if published else 1 if src.get("sp_document") else 0)
    # Components with no same evidence in the pre-assessment stay unknown, never false.
    assert "sd.j-pengaduan.sp_document" in a.unknown_facts
    assert next(i for i in a.indicators if i.id == "m.g-sarana-prasarana").status == "unknown"
    assert a.score_best > a.score


# ---------------------------------------------------------------- compliance convert --to


def test_convert_writes_the_target_checklist_prefilled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from compliance.cli import main

    unit = tmp_path / "dinkes"
    shutil.copytree(KUKAR / "dinkes", unit)
    out = unit / "bukti-standar-pelayanan.yaml"
    assert main(["convert", str(unit / "evidence.yaml"), "--to", "standar-pelayanan", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    text = out.read_text(encoding="utf-8")
    assert "ruleset: {id: standar-pelayanan" in text and "# Sumber: proses.persyaratan.sp_document" in text
    assert "path: \"lampiran/proses.persyaratan.sp_document-1.pdf\"" in text
    assert main(["lint", "--strict", str(out)]) == 0
    # The converted file scores exactly as the derived assessment of the source evidence does.
    rs = load_ruleset("standar-pelayanan")
    direct = evaluate(rs, load_evidence(unit / "evidence.yaml"), as_of=AS_OF)
    converted = evaluate(rs, load_evidence(out), as_of=AS_OF)
    assert (converted.score, converted.score_best) == (direct.score, direct.score_best)
    assert [i.level for i in converted.indicators] == [i.level for i in direct.indicators]
    assert converted.derivation is None and set(converted.unknown_facts) == set(direct.unknown_facts)


def test_convert_says_where_attachments_lie_outside(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from compliance.cli import main

    out = tmp_path / "sp.yaml"
    assert main(["convert", str(KUKAR / "dinkes" / "evidence.yaml"), "--to", "standar-pelayanan",
                 "-o", str(out)]) == 0
    assert "di luar folder" in capsys.readouterr().err and out.exists()


def test_convert_to_a_rule_set_that_derives_nothing_is_a_usage_error(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from compliance.cli import main

    out = tmp_path / "x.yaml"
    assert main(["convert", str(KUKAR / "dinkes" / "evidence.yaml"), "--to", "ombudsman-2021", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "kukar-pra-penilaian" in err and "ombudsman-2021" in err and not out.exists()


def test_convert_refuses_an_output_named_after_a_rule_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from compliance.cli import main

    out = tmp_path / "standar-pelayanan.yaml"
    assert main(["convert", str(KUKAR / "dinkes" / "evidence.yaml"), "--to", "standar-pelayanan",
                 "-o", str(out)]) == 2
    assert "pilih nama lain" in capsys.readouterr().err and not out.exists()


def test_the_unit_report_says_where_its_facts_were_read_from() -> None:
    from compliance.report.unit_view import build_unit_view

    a = evaluate(load_ruleset("standar-pelayanan"), load_evidence(KUKAR / "dinkes" / "evidence.yaml"), as_of=AS_OF)
    assert a.derivation is not None
    rows = {f.label: f.value for f in build_unit_view(a, "id").cover}
    assert rows["Dibaca dari bukti"] == (f"kukar-pra-penilaian: {a.derivation.supplied} dari 26 fakta terisi "
                                         f"({str(a.derivation.share).replace('.', ',')} %); sisanya belum diketahui")
    en = {f.label: f.value for f in build_unit_view(a, "en").cover}
    assert en["Read from evidence of"].startswith("kukar-pra-penilaian: ")
    own = evaluate(load_ruleset("kukar-pra-penilaian"), load_evidence(KUKAR / "dinkes" / "evidence.yaml"), as_of=AS_OF)
    assert "Dibaca dari bukti" not in {f.label for f in build_unit_view(own, "id").cover}


def test_convert_writes_a_given_date_but_leaves_a_photo_date_to_the_photo(tmp_path: Path) -> None:
    from compliance.model.evidence import Attachment
    from compliance.report.checklist import _attachment, _Paths

    paths = _Paths(str(tmp_path / "evidence.yaml"), str(tmp_path))
    given = Attachment(path="a.pdf", date=dt.date(2024, 3, 1), date_source="given", sha256="0" * 64)
    exif = Attachment(path="foto.jpg", date=dt.date(2024, 3, 2), date_source="exif")
    assert _attachment(given, paths) == '{path: "a.pdf", kind: pdf, date: "2024-03-01", sha256: ' + "0" * 64 + "}"
    assert _attachment(exif, paths) == '{path: "foto.jpg", kind: photo}'
