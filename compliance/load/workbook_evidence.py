"""A checklist workbook as an Evidence: values read by their fact's type, includes merged, attachments checked,
every error naming its cell (`evidence.xlsx:Proses!D14: ...`)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from compliance.errors import ComplianceError, EvidenceError
from compliance.load.values import coerce_facts
from compliance.load.workbook import Workbook, read_workbook
from compliance.messages import Msg
from compliance.model.evidence import Evidence

if TYPE_CHECKING:
    from compliance.load.safe_yaml import Document
    from compliance.model.ruleset import RuleSet

# The YAML loader's helpers, passed in by compliance.load.evidence (which imports this module): checking one
# attachment, reading an included fragment, joining a path under the evidence folder.
Check = Callable[[str, dict[str, Any], str, dict[str, str]], None]
Read = Callable[[str, str, str], tuple[str, "Document"]]
Join = Callable[..., str]


def named_ruleset(wb: Workbook) -> RuleSet | None:
    """The rule set a workbook names (beside it, or shipped), resolved; None when it cannot be (lint says why)."""
    from compliance.load.rulesets import find_ruleset, load_chain, resolve, resolve_ruleset_ref

    ref = (wb.data.get("ruleset") or {}).get("id")
    if not isinstance(ref, str):
        return None
    try:
        path = resolve_ruleset_ref(wb.file, ref) or find_ruleset(ref)
        chain, problems, complete = load_chain(path)
        if not complete or any(p.severity.name == "ERROR" for p in problems):
            return None
        return resolve(chain)
    except ComplianceError:
        return None


def _merge_includes(wb: Workbook, merged: dict[str, Any], root: str, read: Read, join: Join) -> None:
    for inc in wb.data.get("includes") or []:
        where = wb.cell(("includes",))
        inc_path = join(root, str(inc), file=where, what="include")
        try:
            _, fdoc = read(inc_path, "EvidenceFragment", "fragment.schema.json")
        except ComplianceError as exc:
            raise EvidenceError(Msg("berkas tambahan {inc!r}: {e}", "included file {inc!r}: {e}", inc=inc, e=str(exc)),
                                file=where) from None
        frag = fdoc.data.get("indicators")
        if not isinstance(frag, dict):
            raise EvidenceError(Msg("berkas tambahan {inc!r} tidak berisi indicators",
                                    "included file {inc!r} has no indicators", inc=inc), file=where)
        for ind_id, ie in frag.items():
            if not isinstance(ie, dict):
                continue
            target = merged.setdefault(ind_id, {})
            facts = dict(target.get("facts") or {})
            for fact, value in (ie.get("facts") or {}).items():
                if fact in facts:
                    raise EvidenceError(Msg("fakta {ref} diisi di sini dan juga di berkas tambahan {inc!r}",
                                            "fact {ref} is given both here and in the included file {inc!r}",
                                            ref=f"{ind_id}.{fact}", inc=inc),
                                        file=wb.cell(("indicators", ind_id, "facts", fact)))
                facts[fact] = value
            merged[ind_id] = {**target, **{k: v for k, v in ie.items() if k != "facts"}, "facts": facts}


def evidence_of(wb: Workbook, ruleset: RuleSet | None, check: Check, read: Read, join: Join) -> Evidence:
    """The Evidence of a read workbook; raises EvidenceError naming the cell."""
    name = wb.file
    root = os.path.dirname(os.path.abspath(name))
    rs = ruleset if ruleset is not None else named_ruleset(wb)
    merged: dict[str, Any] = {k: dict(v) for k, v in (wb.data.get("indicators") or {}).items()}
    if rs is not None:
        for ind_id, fact, problem in coerce_facts(merged, rs):
            raise EvidenceError(Msg("fakta {ref}: {problem}", "fact {ref}: {problem}", ref=f"{ind_id}.{fact}",
                                    problem=problem.msg),
                                file=wb.cell(("indicators", ind_id, "facts", fact)))
    _merge_includes(wb, merged, root, read, join)
    real_dirs: dict[str, str] = {}
    for ind_id, ie in merged.items():
        for fact, value in (ie.get("facts") or {}).items():
            if isinstance(value, list):
                for i, att in enumerate(value):
                    if isinstance(att, dict):
                        where = wb.cell(("indicators", ind_id, "facts", fact, i, "path"))
                        try:
                            check(root, att, where, real_dirs)
                        except EvidenceError as exc:
                            raise EvidenceError(exc.msg, file=where) from None
    payload = {**wb.data, "indicators": merged, "source": name, "sha256": hashlib.sha256(wb.raw).hexdigest()}
    try:
        return Evidence.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and p in ("list[Attachment]",)))
        raise EvidenceError(f"{'.'.join(str(p) for p in loc)}: {first['msg']}", file=wb.cell(loc)) from None


def load_workbook_evidence(path: str, ruleset: RuleSet | None, *, check: Check, read: Read, join: Join) -> Evidence:
    return evidence_of(read_workbook(path), ruleset, check, read, join)
