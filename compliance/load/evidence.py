"""Reading evidence files (I/O edge): includes merged, attachments confined to the evidence folder and hashed."""

from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from compliance.errors import ComplianceError, EvidenceError
from compliance.load import schema
from compliance.load.attachments import LOADER_FIELDS, MAX_ATTACHMENTS, check_attachment, safe_join
from compliance.load.files import read_text
from compliance.load.safe_yaml import Document, json_path, parse
from compliance.load.values import coerce_facts
from compliance.messages import Msg
from compliance.model.evidence import Evidence

if TYPE_CHECKING:
    from compliance.model.ruleset import RuleSet

_INVALID = Msg("berkas bukti tidak sah", "invalid evidence file")


def _schema_error(doc_text: str, name: str, schema_name: str) -> EvidenceError:
    doc = parse(doc_text, name, positions=True)
    for f in schema.validate(doc, schema_name):
        return EvidenceError(Msg("{at}: {m}", "{at}: {m}", at=f.location.json_path, m=f.message), file=name,
                             line=f.location.line,
                             column=f.location.column)
    return EvidenceError(_INVALID, file=name)


def _read(path: str, kind: str, schema_name: str) -> tuple[str, Document]:
    text = read_text(path)
    doc = parse(text, path)
    data = doc.data
    if not isinstance(data, dict) or data.get("kind") != kind:
        found = data.get("kind") if isinstance(data, dict) else type(data).__name__
        raise EvidenceError(Msg("seharusnya berkas dengan kind {k}, ditemukan {f!r}",
                                "expected a file of kind {k}, found {f!r}", k=kind, f=found), file=path)
    return text, doc


def load_evidence(path: str | os.PathLike[str], ruleset: RuleSet | None = None) -> Evidence:
    """Load one unit's evidence file; raises EvidenceError (or InputError) with file and position.

    With the rule set, values are read by their fact's type as people type them (`ya`, `25/01/2024`, `82,5`).
    """
    name = os.fspath(path)
    if name.lower().endswith((".xlsx", ".xlsm")):
        from compliance.load.workbook_evidence import load_workbook_evidence

        return load_workbook_evidence(name, ruleset, check=check_attachment, read=_read, join=safe_join)
    text, doc = _read(name, "Evidence", "evidence.schema.json")
    data: dict[str, Any] = doc.data
    root = os.path.dirname(os.path.abspath(name))
    indicators = data.get("indicators")
    if indicators is not None and not isinstance(indicators, dict):
        raise _schema_error(text, name, "evidence.schema.json")
    merged: dict[str, Any] = dict(indicators or {})
    includes = data.get("includes") or []
    if not isinstance(includes, list):
        raise _schema_error(text, name, "evidence.schema.json")
    for inc in includes:
        inc_path = safe_join(root, str(inc), file=name, what="include")
        try:
            ftext, fdoc = _read(inc_path, "EvidenceFragment", "fragment.schema.json")
        except EvidenceError as exc:
            raise EvidenceError(Msg("berkas sertaan {inc!r}: {e}", "included file {inc!r}: {e}", inc=inc, e=exc.msg),
                                file=name) from None
        except ComplianceError as exc:
            raise EvidenceError(Msg("berkas sertaan {inc!r}: {e}", "included file {inc!r}: {e}", inc=inc,
                                    e=exc.located()), file=name) from None
        frag = fdoc.data.get("indicators")
        if not isinstance(frag, dict) or any(f is not None and not isinstance(f, dict) for f in frag.values()):
            raise _schema_error(ftext, inc_path, "fragment.schema.json")
        for ind_id, ie in frag.items():
            target = merged.setdefault(ind_id, {})
            if not isinstance(target, dict) or not isinstance(ie, dict):
                raise _schema_error(text, name, "evidence.schema.json")
            facts = dict(target.get("facts") or {})
            for fact, value in (ie.get("facts") or {}).items():
                # null is "not known yet" (a template's placeholder), not an answer: it never conflicts
                if value is None:
                    facts.setdefault(fact, None)
                    continue
                if facts.get(fact) is not None:
                    raise EvidenceError(Msg("data {ind}.{fact} diisi di sini dan juga di berkas sertaan {inc!r}",
                                            "fact {ind}.{fact} is given both here and in the included file {inc!r}",
                                            ind=ind_id, fact=fact, inc=inc), file=name)
                facts[fact] = value
            merged[ind_id] = {**target, **{k: v for k, v in ie.items() if k != "facts"}, "facts": facts}
    if ruleset is not None:
        merged = {k: dict(v) if isinstance(v, dict) else v for k, v in merged.items()}
        for ind_id, fact_name, problem in coerce_facts(merged, ruleset):
            line, col = (0, 0)
            if ind_id in (indicators or {}):
                line, col = parse(text, name, positions=True).position(("indicators", ind_id, "facts", fact_name))
            raise EvidenceError(Msg("fakta {ref}: {problem}", "fact {ref}: {problem}", ref=f"{ind_id}.{fact_name}",
                                    problem=problem.msg), file=name, line=line, column=col)
    count = 0
    real_dirs: dict[str, str] = {}
    for ind_id, ie in merged.items():
        if not isinstance(ie, dict) or not isinstance(ie.get("facts", {}), dict):
            continue
        for fact, value in (ie.get("facts") or {}).items():
            if isinstance(value, list):
                for i, att in enumerate(value):
                    if isinstance(att, dict):
                        count += 1
                        if count > MAX_ATTACHMENTS:
                            raise EvidenceError(Msg("lebih dari {n} lampiran", "more than {n} attachments",
                                                    n=MAX_ATTACHMENTS), file=name)
                        if not LOADER_FIELDS.isdisjoint(att):
                            raise _schema_error(text, name, "evidence.schema.json")
                        try:
                            check_attachment(root, att, name, real_dirs)
                        except EvidenceError as exc:
                            where = ("indicators", ind_id, "facts", fact, i, "path")
                            line, col = (0, 0)
                            if ind_id in (indicators or {}):
                                line, col = parse(text, name, positions=True).position(where)
                            raise EvidenceError(exc.msg, file=name, line=line, column=col) from None
    payload = {**data, "indicators": merged, "source": name,
               "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
    try:
        return Evidence.model_validate(payload)
    except ValidationError as exc:
        err = _schema_error(text, name, "evidence.schema.json")
        if err.msg != _INVALID:
            raise err from None
        first = exc.errors()[0]
        loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and p in ("list[Attachment]",)))
        line, col = parse(text, name, positions=True).position(tuple(loc))
        raise EvidenceError(Msg("{at}: {m}", "{at}: {m}", at=json_path(tuple(loc)), m=first["msg"]), file=name,
                            line=line, column=col) from None
