from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance.cli import main
from compliance.lint.paths import lint_paths
from compliance.lint.rulesets import lint_ruleset

from conftest import MINI, write

BASE = MINI.read_text()


def codes(path: Path) -> list[tuple[str, int]]:
    _, findings = lint_ruleset(str(path))
    return [(f.code, f.location.line) for f in findings]


def variant(tmp_path: Path, old: str, new: str, name: str = "mini") -> Path:
    assert old in BASE, old
    return write(tmp_path / f"{name}.yaml", BASE.replace(old, new, 1).replace("id: mini", f"id: {name}", 1))


def test_the_mini_rule_set_is_clean() -> None:
    assert codes(MINI) == []


@pytest.mark.parametrize(("old", "new", "code"), [
    ("weight: 3", "weight: 0", "weight-not-positive"),
    ("weight: 3", "weight: -1", "weight-not-positive"),
    ("id: d2.skm", "id: d1.sp", "duplicate-id"),
    ("when: {fact: published, is: true}", "when: {fact: publishd, is: true}", "undeclared-fact"),
    ("when: {fact: published, is: true}", "when: {fact: published, gt: 3}", "operator-type"),
    ("when: {fact: published, is: true}", "when: {fact: published, is: 3}", "operator-type"),
    ("when: {fact: date, max_age_days: 365}", "when: {fact: date, max_age_days: 365, is: x}", "condition-form"),
    ("when: {fact: date, max_age_days: 365}", "when: {indicator: d1.sp, min_level: 1}", "condition-form"),
    ("min: 50, max: 79.99", "min: 50, max: 79.98", "band-gap"),
    ("min: 50, max: 79.99", "min: 50, max: 80.00", "band-overlap"),
    ("min: 0, max: 49.99", "min: 1, max: 49.99", "band-coverage"),
    ("min: 80, max: 100", "min: 80, max: 99", "band-coverage"),
    ("{level: 1, label: {id: Sudah", "{level: 0, label: {id: Sudah", "ladder-order"),
    ("indicator: d1.sp, min_level: 1", "indicator: d1.spx, min_level: 1", "unknown-reference"),
    ("indicator: d1.sp, min_level: 1", "indicator: d1.sp, min_level: 5", "unknown-reference"),
    ("max_category: B", "max_category: Z", "cap-unknown-limit"),
    ("applies_to: [dinas]", "applies_to: [dinass]", "unknown-unit-kind"),
    ("title: {id: Dua, en: Two}", "title: {id: Dua}", "missing-translation"),
    ("          - level: 1\n            label: {id: Ada SK, en: Decree}\n            when: {fact: sk, min_count: 1}\n",
     "          - level: 1\n            label: {id: Ada SK, en: Decree}\n", "missing-condition"),
    ("kind: RuleSet", "kind: RuleSet\nfoo: 1", "schema"),
])
def test_semantic_checks(tmp_path: Path, old: str, new: str, code: str) -> None:
    found = codes(variant(tmp_path, old, new))
    assert code in [c for c, _ in found], found


def test_finding_positions_point_at_the_value(tmp_path: Path) -> None:
    p = variant(tmp_path, "weight: 3", "weight: 0")
    _, findings = lint_ruleset(str(p))
    f = findings[0]
    line = next(i for i, t in enumerate(p.read_text().splitlines(), 1) if "weight: 0" in t)
    assert (f.location.line, f.location.json_path) == (line, "$.dimensions[0].weight")
    assert f.location.column == 13


def test_id_must_match_the_file_stem(tmp_path: Path) -> None:
    p = write(tmp_path / "other.yaml", BASE)
    assert ("id-mismatch", 4) in codes(p)


def child(tmp_path: Path, body: str, name: str = "child") -> Path:
    write(tmp_path / "mini.yaml", BASE)
    return write(tmp_path / f"{name}.yaml", f"""
        apiVersion: compliance/v1
        kind: RuleSet
        metadata: {{id: {name}, version: "1", title: {{id: Anak, en: Child}}}}
        extends: mini
        {body}
        """)


def test_tailoring_resolves(tmp_path: Path) -> None:
    from compliance.catalog import load_ruleset

    p = child(tmp_path, """
        tailoring:
          weights: {d1: 1, d2.skm: 2}
          disable: [{id: d1.sp, justification: {id: Alasan, en: Reason}}]
          add:
            - into: d1
              indicators:
                - id: d1.new
                  title: {id: Baru, en: New}
                  weight: 1
                  facts: {ok: {type: boolean, prompt: {id: Ok?, en: Ok?}}}
                  levels:
                    - {level: 0, label: {id: Tidak, en: "No"}, remediation: {id: Lakukan, en: Do it}}
                    - {level: 1, label: {id: Ya, en: "Yes"}, when: {fact: ok, is: true}}
        caps: []
        """)
    _, findings = lint_ruleset(str(p))
    # The base's cap reads d1.sp, which the child disabled: a warning on the child's disable entry.
    line = next(i for i, t in enumerate(p.read_text().splitlines(), 1) if "disable:" in t)
    assert [(f.code, f.location.line) for f in findings] == [("disabled-reference", line)]
    rs = load_ruleset(p)
    assert [i.id for _, _, i in rs.indicators()] == ["d1.new", "d2.skm"]
    assert rs.dimensions[0].weight == 1
    assert rs.lineage == ("mini", "child")
    assert rs.disabled[0].id == "d1.sp"


def test_tailoring_unknown_references(tmp_path: Path) -> None:
    p = child(tmp_path, """
        tailoring:
          weights: {d9: 1}
          disable: [{id: d1.spp, justification: {id: A, en: B}}]
        """)
    found = [c for c, _ in codes(p)]
    assert found.count("unknown-reference") == 2


def test_extends_cycle_and_dangling(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", BASE.replace("id: mini", "id: a", 1).replace("bands:", "extends: b\nbands:", 1))
    write(tmp_path / "b.yaml", BASE.replace("id: mini", "id: b", 1).replace("bands:", "extends: a\nbands:", 1))
    assert "extends-cycle" in [c for c, _ in codes(a)]
    d = write(tmp_path / "d.yaml", BASE.replace("id: mini", "id: d", 1).replace("bands:", "extends: nope\nbands:", 1))
    assert "unknown-reference" in [c for c, _ in codes(d)]


def test_lint_paths_dispatches_on_kind(tmp_path: Path) -> None:
    write(tmp_path / "x.yaml", "apiVersion: compliance/v1\nkind: Nope\n")
    write(tmp_path / "y.yaml", "a: [\n")
    results = dict(lint_paths([str(tmp_path)]))
    assert results[str(tmp_path / "x.yaml")][0].code == "unknown-kind"
    assert results[str(tmp_path / "y.yaml")][0].code == "syntax"


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_cli_formats_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    bad = variant(tmp_path, "weight: 3", "weight: 0")
    assert main(["lint", "--format", fmt, str(bad)]) == 1
    out = capsys.readouterr().out
    if fmt == "json":
        doc = json.loads(out)
        assert doc["format"] == 1 and doc["findings"][0]["code"] == "weight-not-positive"
    elif fmt == "sarif":
        doc = json.loads(out)
        assert doc["version"] == "2.1.0"
        assert doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] > 1
    elif fmt == "github":
        assert out.startswith("::error file=") and "title=weight-not-positive" in out
    else:
        assert "kesalahan [weight-not-positive]" in out


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_every_format_carries_the_message_in_the_chosen_language(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 fmt: str) -> None:
    bad = variant(tmp_path, "weight: 3", "weight: 0")
    main(["lint", "--format", fmt, str(bad)])
    indonesian = capsys.readouterr().out
    main(["lint", "--format", fmt, "--lang", "en", str(bad)])
    english = capsys.readouterr().out
    assert "bobot harus angka positif, ditemukan 0" in indonesian and "weight must" not in indonesian
    assert "weight must be a positive number, found 0" in english and "bobot" not in english
    if fmt in ("json", "sarif"):
        json.loads(indonesian)


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(MINI)]) == 0
    warn = variant(tmp_path, "title: {id: Dua, en: Two}", "title: {id: Dua}")
    assert main(["lint", str(warn)]) == 0
    assert main(["lint", "--strict", str(warn)]) == 1
    assert main(["lint", str(tmp_path / "missing.yaml")]) == 3
    assert main(["lint", "--format", "nope"]) == 2
    assert main(["lint", str(tmp_path / "empty-dir")]) == 3
    assert "Traceback" not in capsys.readouterr().err


def test_clean_lint_imports_no_heavy_library() -> None:
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import sys; from compliance.cli import main; rc = main(['lint', 'rules/']); "
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pydantic', 'jsonschema', 'weasyprint', 'jinja2', 'babel', 'openpyxl')); "
            "assert not heavy, heavy; sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
