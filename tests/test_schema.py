"""The JSON Schemas are the contract: shipped files pass them and the pydantic models; the fast path is in sync."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from compliance.load import schema
from compliance.load.safe_yaml import load_file, parse
from compliance.model.ruleset import RuleSetDocument

from conftest import ROOT

SCHEMAS = sorted((ROOT / "rules" / "schema").glob("*.json"))
RULESETS = sorted((ROOT / "rules").glob("*.yaml"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schemas_are_valid_draft_2020_12(path: Path) -> None:
    Draft202012Validator.check_schema(json.loads(path.read_text()))


def test_generated_fast_validators_are_in_sync() -> None:
    result = subprocess.run([sys.executable, "scripts/gen_validators.py", "--check"], cwd=ROOT)
    assert result.returncode == 0, "run: python scripts/gen_validators.py"


def test_there_are_shipped_rule_sets() -> None:
    assert {p.stem for p in RULESETS} >= {"standar-pelayanan", "ombudsman-2021", "ombudsman-2023"}


@pytest.mark.parametrize("path", RULESETS, ids=lambda p: p.stem)
def test_shipped_rule_sets_pass_schema_and_models(path: Path) -> None:
    doc = load_file(path, positions=True)
    assert list(schema._validate_slow(doc, "ruleset.schema.json")) == []
    assert list(schema.validate(doc, "ruleset.schema.json")) == []
    RuleSetDocument.model_validate(doc.data)
    first = path.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/ruleset.schema.json"


def test_fast_and_slow_paths_agree_on_a_rejection() -> None:
    doc = parse("apiVersion: compliance/v1\nkind: RuleSet\nmetadata: {id: x, version: '1', title: {id: X}}\n"
                "dimensions: [{id: d, title: {id: D}, weight: 0}]\n", "x.yaml", positions=True)
    found = list(schema.validate(doc, "ruleset.schema.json"))
    assert [(f.code, f.location.line) for f in found] == [("weight-not-positive", 4)]
