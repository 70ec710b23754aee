"""The region summary (report/summary.py) is computed once: ranking and ties, most-missed, changes; and the text,
the JSON document and the roll-up view print the same decisions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

from compliance import evaluate, load_ruleset
from compliance.model.evidence import Evidence
from compliance.report import results
from compliance.report.region_view import build_rollup_view
from compliance.report.summary import (
    TOP_MISSED,
    Failure,
    MissedTally,
    Previous,
    UnitSummary,
    rank,
    summarize,
)
from compliance.report.text import region_text

MINI = Path(__file__).resolve().parent / "data" / "mini.yaml"
AS_OF = dt.date(2024, 6, 1)
SHA = "ab" * 32
PARTIAL = {"d1.sp": {"facts": {"sk": [{"path": "sk.pdf", "actual_sha256": SHA, "size": 1234}]}}}
FULL = {"d1.sp": {"facts": {"sk": [{"path": "sk.pdf", "actual_sha256": SHA, "size": 1}], "published": True}},
        "d2.skm": {"facts": {"date": "2024-01-01"}}}


def assess(uid, name, indicators=None):
    doc = {"apiVersion": "compliance/v1", "kind": "Evidence",
           "unit": {"id": uid, "name": name, "kind": "dinas", "region": "Kutai Kartanegara"},
           "ruleset": {"id": "mini"}, "indicators": indicators or {}}
    return evaluate(load_ruleset(MINI), Evidence.model_validate(doc), as_of=AS_OF)


def tied_region():
    """Two pairs of tied scores, with names sorting the other way round from ids (a name tie rule would differ)."""
    return [assess("a-top", "Zulu", FULL), assess("b-tie", "Yankee", PARTIAL), assess("c-tie", "Xray", PARTIAL),
            assess("d-low", "Whiskey"), assess("e-low", "Victor")]


def summary_of(assessments, previous=None):
    units = [UnitSummary.of(a, f"{a.unit.id}.yaml") for a in assessments]
    return summarize("mini", ["A", "B", "C"], units, [Failure("bad.yaml", "bad.yaml: broken")], previous=previous)


def unit(uid, score, name=None):
    return UnitSummary(file="", unit_id=uid, unit_name=name or uid, unit_kind="dinas", region="R", kecamatan=None,
                       score=score, score_best=score, category="A", zone="green", dimensions=(), statuses=())


def test_ranking_is_by_score_then_id_and_ties_share_a_rank():
    ranked = rank([unit("c", 50.0), unit("a", 90.0), unit("b", 50.0, name="Aaa"), unit("d", 10.0)])
    assert [(r.rank, r.unit.unit_id) for r in ranked] == [(1, "a"), (2, "b"), (2, "c"), (4, "d")]
    assert rank([]) == []


def test_most_missed_breaks_down_the_statuses_and_keeps_the_top_ten():
    tally = MissedTally()
    for i in range(12):
        statuses = tuple((f"ind-{j:02d}", "unmet" if j <= i else "met") for j in range(12))
        tally.add(dataclasses.replace(unit(f"u{i}", 50.0), statuses=(*statuses, ("na", "not_applicable"),
                                                                     ("p", "partial"), ("k", "unknown"))))
    top = tally.top()
    assert len(top) == TOP_MISSED == 10
    assert [(m.indicator, m.units) for m in top[:4]] == [("ind-00", 12), ("k", 12), ("p", 12), ("ind-01", 11)]
    assert (top[1].unknown, top[2].partial, top[0].unmet, top[0].applicable) == (12, 12, 12, 12)
    assert "na" not in {m.indicator for m in top}


def test_changes_largest_movement_first_with_new_and_gone():
    units = [unit("up", 60.0), unit("down", 40.0), unit("same", 50.0), unit("new", 10.0)]
    prev = {"up": Previous(50.0, "B", "yellow"), "down": Previous(60.0, "A", "green"),
            "same": Previous(50.0, "A", "green"), "gone": Previous(30.0, "C", "red")}
    s = summarize("x", ["A"], units, [], previous=prev)
    assert s.changes is not None
    assert [(c.unit_id, c.delta) for c in s.changes] == [("down", -20.0), ("up", 10.0), ("same", 0.0)]
    assert [c.unit_id for c in s.moved] == ["down", "up"]
    assert [c.unit_id for c in s.zone_changes] == ["up"]
    assert (s.new_units, s.gone_units) == (["new"], ["gone"])
    assert summarize("x", ["A"], units, []).changes is None


def test_text_json_and_rollup_print_the_same_ranking_ties_and_missed():
    s = summary_of(tied_region())
    expected = [(1, "Zulu"), (2, "Yankee"), (2, "Xray"), (4, "Whiskey"), (4, "Victor")]
    # JSON (assess --format json and report's results.json are the same document)
    doc = json.loads(results.document(load_ruleset(MINI), AS_OF, [], s))
    assert [(r["rank"], r["name"]) for r in doc["summary"]["ranking"]] == expected
    # text
    text = region_text(s, "id")
    rows = re.findall(r"^\s+(\d+)\.\s+\S+\s+\S+\s+ZONA \w+\s+(\w+)(?:  \(data \d+ % lengkap\))?$", text, re.M)
    assert [(int(r), n) for r, n in rows] == expected
    # roll-up view
    v = build_rollup_view(s, ruleset=tied_region()[0].ruleset, as_of=AS_OF)
    assert [(int(r.rank), r.name) for r in v.ranking] == expected
    missed = [(m["indicator"], m["units"]) for m in doc["summary"]["most_missed"]]
    assert missed == [(m.indicator, int(m.units)) for m in v.missed] == [("d1.sp", 4), ("d2.skm", 4)]
    assert re.findall(r"^\s+(\d+)  (\S+)$", text.split("Indikator paling sering")[1], re.M) == [
        (str(n), i) for i, n in missed]


def test_text_json_and_rollup_print_the_same_changes():
    prev = {"a-top": Previous(80.0, "A", "green"), "b-tie": Previous(60.0, "B", "yellow"),
            "c-tie": Previous(20.0, "C", "red"), "e-low": Previous(0.0, "C", "red"),
            "z-gone": Previous(5.0, "C", "red")}
    s = summary_of(tied_region(), previous=prev)
    doc = json.loads(results.document(load_ruleset(MINI), AS_OF, [], s))["summary"]["changes"]
    names = {r.unit.unit_id: r.unit.unit_name for r in s.ranking}
    order = [c["unit"] for c in doc["units"]]
    assert order == ["b-tie", "a-top", "c-tie", "e-low"]                 # |delta| 22.5, 20, 17.5, 0
    assert (doc["new"], doc["gone"]) == (["d-low"], ["z-gone"])
    moved_in_text = re.findall(r"^\s+[+-]\s*[\d,]+\s+[\d,]+ →\s+[\d,]+\s+(\w+)", region_text(s, "id"), re.M)
    assert moved_in_text == [names[u] for u in order if u != "e-low"]   # e-low did not move
    v = build_rollup_view(s, ruleset=tied_region()[0].ruleset, as_of=AS_OF, lang="en")
    class_moves = [c["unit"] for c in doc["units"]
                   if c["zone"] != c["previous_zone"] or c["category"] != c["previous_category"]]
    assert [c.name for c in v.changes] == [names[u] for u in class_moves]
    assert [g.name for g in v.gone_units] == ["z-gone"]
    assert {r.name: r.change for r in v.ranking}["Whiskey"] == "new"
