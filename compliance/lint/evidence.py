"""Lint of evidence files against the rule set they name: names, types, attachments, applicability.

The rule set is found, linted and resolved here (lint-clean chains only), not through compliance.catalog,
which sits above lint; resolved rule sets are kept while their file is unchanged, as the catalog does.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from compliance.errors import ComplianceError, RuleSetError
from compliance.lint.rulesets import checked_chain
from compliance.load import schema
from compliance.load.rulesets import did_you_mean, find_ruleset, resolve, resolve_ruleset_ref
from compliance.load.safe_yaml import Document, KeyPath, json_path
from compliance.load.values import AmbiguousValue, coerce
from compliance.messages import Msg
from compliance.model.findings import Finding, Location, Severity

if TYPE_CHECKING:
    from compliance.model.ruleset import RuleSet

CODES = {
    "unknown-ruleset": "the rule set named in ruleset.id cannot be loaded",
    "ruleset-version": "the evidence answers another version of the rule set",
    "unknown-unit-kind": "unit.kind is not one of the rule set's unit kinds",
    "unknown-indicator": "evidence for an indicator the rule set does not have",
    "unknown-fact": "a fact the indicator does not declare",
    "fact-type": "a value of the wrong type, out of the fact's range, or not one of its choices",
    "not-applicable": "a not-applicable claim on an indicator that does not allow one",
    "not-applicable-indicator": "evidence for an indicator that does not apply to this kind of unit (it is ignored)",
    "include": "an included fragment that is missing, outside the evidence folder, or not a readable fragment",
    "include-conflict": "a fact given (not null) both in the evidence file and in an included fragment, or in two "
                        "fragments",
    "attachment-path": "an attachment path that is absolute, contains .., or leaves the folder through a symbolic link",
    "missing-attachment": "an attachment that does not exist or is not a regular file",
    "attachment-hash": "a declared sha256 that does not match the file",
    "attachment-content": "an attachment that is empty, unreadable or not what its name says (a .jpg that is not an "
                          "image, a .pdf that is not a PDF); it does not count as proof",
}


def _named_ruleset(near: str, ref: str) -> RuleSet:
    """The resolved rule set an evidence file at `near` names (or a rule-set file / shipped id given on the
    command line, with near=""). Raises RuleSetError."""
    path = (resolve_ruleset_ref(near, ref) if near else None) or find_ruleset(ref)
    st = os.stat(path)
    found = _load_cached(os.path.realpath(path), st.st_mtime_ns, st.st_size)
    if isinstance(found, RuleSetError):
        raise found.with_traceback(None)
    return found


@lru_cache(maxsize=32)
def _load_cached(path: str, _mtime: int, _size: int) -> RuleSet | RuleSetError:
    try:
        return resolve(checked_chain(path))
    except RuleSetError as exc:
        return exc


def _finding(doc: Document, path: KeyPath, code: str, message: Msg | str, severity: Severity = Severity.ERROR,
             *, key: bool = False) -> Finding:
    line, col = doc.position(path, key=key)
    return Finding(Location(doc.file, line, col, json_path(path)), code, severity, message)


def lint_evidence(path: str, doc: Document, ruleset: str | None = None) -> list[Finding]:
    """Schema findings first; when the shape is right, check the file against its rule set: the one it names, or
    `ruleset` (a rule-set file or shipped id, as `lint --ruleset` gives) when given."""
    findings = list(schema.validate(doc, "evidence.schema.json"))
    if findings:
        return findings
    from compliance.load.attachments import safe_join  # here: off the path of linting rule sets

    data: dict[str, Any] = doc.data
    ref = data["ruleset"]["id"]
    try:
        rs = _named_ruleset(path, ref) if ruleset is None else _named_ruleset("", ruleset)
    except ComplianceError as exc:
        shown = ref if ruleset is None else ruleset
        return [_finding(doc, ("ruleset", "id"), "unknown-ruleset", Msg(
            "perangkat aturan {ref!r} tidak dapat dimuat: {e}", "cannot load rule set {ref!r}: {e}", ref=shown,
            e=exc.msg))]
    if rs.id != ref:
        findings.append(_finding(doc, ("ruleset", "id"), "unknown-ruleset",
                                 Msg("bukti ini menjawab perangkat aturan {ref!r}, bukan {rs!r} dari --ruleset",
                                     "the evidence answers rule set {ref!r}, not {rs!r} given by --ruleset",
                                     ref=ref, rs=rs.id)))
    if data["ruleset"].get("version") not in (None, rs.version):
        findings.append(_finding(doc, ("ruleset", "version"), "ruleset-version",
                                 Msg("bukti ini menjawab versi {v}, perangkat aturannya versi {rv}",
                                     "the evidence answers version {v}, the rule set is version {rv}",
                                     v=data["ruleset"]["version"], rv=rs.version), Severity.WARNING))
    kind = data["unit"]["kind"]
    kinds = rs.metadata.unit_kinds
    if kinds and kind not in kinds:
        findings.append(_finding(doc, ("unit", "kind"), "unknown-unit-kind",
                                 Msg("jenis unit {kind!r} bukan salah satu dari {kinds}{dym}",
                                     "unit kind {kind!r} is not one of {kinds}{dym}", kind=kind,
                                     kinds=", ".join(kinds), dym=did_you_mean(kind, kinds))))
    root = os.path.dirname(os.path.abspath(path))
    # The facts given so far (null is not given), and where: what an include may not give again (as assess holds).
    given: dict[tuple[str, str], str] = {
        (ind_id, name): "here" for ind_id, ie in (data.get("indicators") or {}).items() if isinstance(ie, dict)
        for name, value in (ie.get("facts") or {}).items() if value is not None}
    for i, inc in enumerate(data.get("includes", [])):
        try:
            full = safe_join(root, inc, file=path, what="include")
        except ComplianceError as exc:
            findings.append(_finding(doc, ("includes", i), "include", exc.msg))
            continue
        if not os.path.isfile(full):
            findings.append(_finding(doc, ("includes", i), "include", Msg(
                "berkas sertaan {inc!r} tidak ditemukan", "included file {inc!r} not found", inc=inc)))
            continue
        findings.extend(_check_include(doc, i, inc, full, given))
    index = {ind.id: (d, g, ind) for d, g, ind in rs.indicators()}
    # A qualifier's facts are given like an indicator's, under its id.
    quals = {q.id: q.facts for q in (rs.entity.qualifiers if rs.entity is not None else ())}
    for ind_id, ie in (data.get("indicators") or {}).items():
        base: KeyPath = ("indicators", ind_id)
        if ind_id in quals:
            declared = quals[ind_id]
        elif ind_id not in index:
            findings.append(_finding(doc, base, "unknown-indicator",
                                     Msg("perangkat aturan {rs} tidak memiliki indikator {ind!r}{dym}",
                                         "rule set {rs} has no indicator {ind!r}{dym}", rs=rs.id, ind=ind_id,
                                         dym=did_you_mean(ind_id, index)), key=True))
            continue
        else:
            d, g, ind = index[ind_id]
            declared = ind.facts
            applies = all(x is None or kind in x for x in (d.applies_to, g.applies_to if g else None,
                                                           ind.applies_to))
            if not applies:
                findings.append(_finding(doc, base, "not-applicable-indicator",
                                         Msg("indikator {ind!r} tidak berlaku untuk unit berjenis {kind!r}; buktinya "
                                             "diabaikan", "indicator {ind!r} does not apply to a unit of kind "
                                             "{kind!r}; its evidence is ignored", ind=ind_id, kind=kind),
                                         Severity.WARNING, key=True))
            if ie.get("not_applicable") and not ind.allow_not_applicable:
                findings.append(_finding(doc, (*base, "not_applicable"), "not-applicable",
                                         Msg("indikator {ind!r} tidak boleh dinyatakan tidak berlaku",
                                             "indicator {ind!r} does not allow a not-applicable claim", ind=ind_id),
                                         key=True))
        for name, value in (ie.get("facts") or {}).items():
            fp: KeyPath = (*base, "facts", name)
            fact = declared.get(name)
            if fact is None:
                findings.append(_finding(doc, fp, "unknown-fact", Msg(
                    "indikator {ind!r} tidak memiliki data {name!r}{dym}",
                    "indicator {ind!r} has no fact {name!r}{dym}",
                    ind=ind_id, name=name, dym=did_you_mean(name, declared)), key=True))
                continue
            if value is None:
                continue
            try:
                value = coerce(fact, value)
            except AmbiguousValue as exc:
                said = Msg("fakta {name!r}: {problem}", "fact {name!r}: {problem}", name=name, problem=exc.msg)
                findings.append(_finding(doc, fp, "fact-type", said))
                continue
            expected = fact.value_problem(value)
            if expected is not None and fact.type == "choice" and isinstance(value, str):
                expected = Msg("{e}{dym}", "{e}{dym}", e=expected, dym=did_you_mean(value, fact.choices or ()))
            if expected is not None:
                shown = Msg.text(repr(value)) if not isinstance(value, list) else Msg("sebuah daftar", "a list")
                findings.append(_finding(doc, fp, "fact-type", Msg("data {name!r} harus {e}, ditemukan {shown}",
                                                                   "fact {name!r} must be {e}, found {shown}",
                                                                   name=name, e=expected, shown=shown)))
                continue
            if fact.type == "attachments":
                findings.extend(_check_attachments(doc, fp, root, path, value))
    return findings


def _check_include(doc: Document, i: int, inc: str, full: str,
                   given: dict[tuple[str, str], str]) -> list[Finding]:
    """An included fragment read as assess reads it: a readable fragment whose facts no other place gives."""
    from compliance.load.safe_yaml import load_file

    try:
        fdoc = load_file(full)
    except ComplianceError as exc:
        return [_finding(doc, ("includes", i), "include", Msg("berkas sertaan {inc!r}: {e}",
                                                              "included file {inc!r}: {e}", inc=inc, e=exc.msg))]
    problems = list(schema.validate(fdoc, "fragment.schema.json"))
    if problems or fdoc.data.get("kind") != "EvidenceFragment":
        return [_finding(doc, ("includes", i), "include",
                         Msg("berkas sertaan {inc!r} bukan potongan bukti yang sah (periksa sendiri dengan lint)",
                             "included file {inc!r} is not a valid evidence fragment (lint it on its own)",
                             inc=inc))]
    out = []
    for ind_id, ie in (fdoc.data.get("indicators") or {}).items():
        for name, value in ((ie or {}).get("facts") or {}).items():
            if value is None:
                continue
            where = given.get((ind_id, name))
            if where is not None:
                other = (Msg("di berkas ini", "in this file") if where == "here" else
                         Msg("di berkas sertaan {w!r}", "in the included file {w!r}", w=where))
                out.append(_finding(doc, ("includes", i), "include-conflict",
                                    Msg("data {ind}.{name} diisi {other} dan juga di berkas sertaan {inc!r}",
                                        "fact {ind}.{name} is given both {other} and in the included file {inc!r}",
                                        ind=ind_id, name=name, other=other, inc=inc)))
            else:
                given[(ind_id, name)] = inc
    return out


def _check_attachments(doc: Document, fp: KeyPath, root: str, path: str, value: list[Any]) -> list[Finding]:
    from compliance.load.attachments import content_problem, problem_text, read_head, safe_join, sha256_file

    out = []
    for j, att in enumerate(value):
        ap: KeyPath = (*fp, j, "path")
        try:
            full = safe_join(root, att["path"], file=path)
        except ComplianceError as exc:
            out.append(_finding(doc, ap, "attachment-path", exc.msg))
            continue
        if not os.path.exists(full):
            out.append(_finding(doc, ap, "missing-attachment", Msg("lampiran {p!r} tidak ditemukan",
                                                                   "attachment {p!r} not found", p=att["path"])))
        elif not os.path.isfile(full):
            out.append(_finding(doc, ap, "missing-attachment", Msg("lampiran {p!r} bukan berkas biasa",
                                                                   "attachment {p!r} is not a regular file",
                                                                   p=att["path"])))
        else:
            if att.get("sha256"):
                digest, _ = sha256_file(full)
                if digest != att["sha256"]:
                    out.append(_finding(doc, (*fp, j, "sha256"), "attachment-hash",
                                        Msg("sha256 yang dinyatakan tidak cocok dengan berkas {p!r} ({d}…)",
                                            "declared sha256 does not match the file {p!r} ({d}…)", p=att["path"],
                                            d=digest[:12])))
            try:
                problem = content_problem(att["path"], *read_head(full))
            except OSError as exc:
                problem = f"unreadable ({exc.strerror})"
            if problem is not None:
                msg = Msg("lampiran {path!r} {problem}; tidak dihitung sebagai bukti",
                          "attachment {path!r} is {problem}; it does not count as proof",
                          path=att["path"], problem=_literal(problem_text(problem, "id"), problem))
                out.append(_finding(doc, ap, "attachment-content", msg, Severity.WARNING))
    return out


def _literal(indonesian: str, english: str) -> Msg:
    """A message of two literal texts (braces in them are not fields)."""
    return Msg(indonesian.replace("{", "{{").replace("}", "}}"), english.replace("{", "{{").replace("}", "}}"))
