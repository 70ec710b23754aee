"""Evidence between YAML and a checklist workbook, both ways, without loss; and carrying answers into a new
rule-set version (`template --update`)."""

from __future__ import annotations

import os
from typing import Any

import yaml

from compliance.checklist.rows import fact_rows
from compliance.checklist.writer import write_workbook
from compliance.errors import InputError
from compliance.load.rulesets import find_ruleset, resolve_ruleset_ref
from compliance.load.safe_yaml import load_file
from compliance.load.values import coerce_facts
from compliance.load.workbook import is_workbook, read_workbook
from compliance.messages import Msg
from compliance.model.ruleset import RuleSet

ORDER = ("apiVersion", "kind", "unit", "ruleset", "period", "assessor", "reviewer", "assessment_date", "includes",
         "indicators")


def ruleset_for(path: str, data: dict[str, Any], ruleset: str | None = None) -> RuleSet:
    from compliance.catalog import load_ruleset

    if ruleset:
        return load_ruleset(ruleset)
    ref = (data.get("ruleset") or {}).get("id") if isinstance(data.get("ruleset"), dict) else None
    if not isinstance(ref, str):
        raise InputError(Msg("tidak menyebut perangkat aturan (ruleset.id)", "names no rule set (ruleset.id)"),
                         file=path)
    return load_ruleset(resolve_ruleset_ref(path, ref) or find_ruleset(ref))


def read_any(path: str) -> dict[str, Any]:
    """An evidence file's data as written (YAML) or as read from a checklist workbook, values as typed."""
    if is_workbook(path):
        return read_workbook(path).data
    data = load_file(path).data
    if not isinstance(data, dict) or data.get("kind") != "Evidence":
        raise InputError(Msg("bukan berkas bukti (kind: Evidence)", "is not an evidence file (kind: Evidence)"),
                         file=path)
    return data


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: data[k] for k in ORDER if k in data}
    out.update({k: v for k, v in data.items() if k not in out})
    return out


def to_yaml(data: dict[str, Any], rs: RuleSet) -> str:
    """The evidence data as YAML, values in the canonical form of their fact's type (`Ya` → true)."""
    data = dict(data)
    indicators = {k: dict(v) for k, v in (data.get("indicators") or {}).items()}
    for ind_id, fact, problem in coerce_facts(indicators, rs):
        raise InputError(Msg("fakta {ref}: {problem}", "fact {ref}: {problem}", ref=f"{ind_id}.{fact}",
                             problem=problem.msg))
    data["indicators"] = indicators
    head = "# Bukti unit, ditulis oleh compliance convert.\n"
    return head + yaml.safe_dump(_ordered(data), allow_unicode=True, sort_keys=False, default_flow_style=False,
                                 width=120)


def convert(src: str, dst: str, ruleset: str | None = None) -> bytes | str:
    """The content of `dst` (.yaml/.yml or .xlsx) converted from `src`."""
    data = read_any(src)
    rs = ruleset_for(src, data, ruleset)
    if is_workbook(dst):
        kind = (data.get("unit") or {}).get("kind")
        if not isinstance(kind, str):
            raise InputError(Msg("tidak menyebut jenis unit (unit.kind)", "names no unit kind (unit.kind)"), file=src)
        return write_workbook(rs, kind, data)
    if dst.lower().endswith((".yaml", ".yml")):
        return to_yaml(data, rs)
    raise InputError(Msg("jenis berkas tujuan tidak dikenal; pakai .yaml atau .xlsx",
                         "unknown kind of output file; use .yaml or .xlsx"), file=dst)


def update(existing: str, rs: RuleSet, kind: str | None, dst: str) -> tuple[bytes | str, list[str]]:
    """An older checklist's answers in the current rule set's checklist, and the questions it did not list
    ("indikator: pertanyaan", Indonesian): a blank checklist lists every fact, answered or not."""
    data = read_any(existing)
    if is_workbook(existing):
        listed = read_workbook(existing).keys
    else:
        listed = {f"{i}/{f}" for i, ie in (data.get("indicators") or {}).items() if isinstance(ie, dict)
                  for f in (ie.get("facts") or {})}
    kind = kind or (data.get("unit") or {}).get("kind")
    if not isinstance(kind, str):
        raise InputError(Msg("tidak menyebut jenis unit (unit.kind); berikan --unit-kind",
                             "names no unit kind (unit.kind); give --unit-kind"), file=existing)
    new: list[str] = []
    for _, rows in fact_rows(rs, kind, {}, set()):
        new.extend(f"{r.indicator_title}: {r.prompt}" for r in rows if r.fact is not None and r.key not in listed)
    data = {**data, "ruleset": {"id": rs.id, "version": rs.version}}
    data["unit"] = {**(data.get("unit") or {}), "kind": kind}
    if is_workbook(dst):
        return write_workbook(rs, kind, data), new
    return to_yaml(data, rs), new


def exists(path: str) -> bool:
    return os.path.lexists(path)
