"""Checking a report PDF against its rule set and evidence (I/O edge; reads PDFs with pypdf, never WeasyPrint).

A unit report carries `assessment.json`. `verify_report` extracts it and checks, in order:
  1. the rule set: its sha256 equals the one recorded (the rules did not change since the report was made);
  2. the arithmetic: the score is recomputed independently from the rule set's weights and the recorded levels
     (not by calling the engine), and compared with the trace, every indicator's points, the score, the band
     category and the zone;
  3. the printed cover: the score printed on page 1 is the embedded one;
  4. with the evidence (a folder or the evidence file): every attachment's sha256 is recomputed, the evidence
     file's own sha256 is compared, and the unit is re-evaluated with the engine at the recorded as-of date.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from compliance.engine.caps import cap_limit
from compliance.errors import ComplianceError, InputError
from compliance.model.assessment import Assessment
from compliance.model.ruleset import RuleSet
from compliance.model.scoring import round_exact, to_fraction

ATTACHMENT_NAME = "assessment.json"
MAX_PDF_BYTES = 200 * 1024 * 1024


@dataclass
class Verification:
    """The outcome: `problems` is empty when the report is intact."""

    report: str
    assessment: Assessment
    checks: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _reader(path: str) -> Any:
    import io
    import logging
    import stat

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs its own complaints (e.g. "EOF marker not found") on stderr; ours is the one line that counts.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):  # a FIFO blocks, a device never ends
            raise InputError("is not a regular file", file=path)
        if st.st_size > MAX_PDF_BYTES:
            raise InputError(f"larger than {MAX_PDF_BYTES // (1024 * 1024)} MiB", file=path)
        with open(path, "rb") as fh:
            data = fh.read(MAX_PDF_BYTES + 1)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", file=path) from None
    if len(data) > MAX_PDF_BYTES:
        raise InputError(f"larger than {MAX_PDF_BYTES // (1024 * 1024)} MiB", file=path)
    try:
        return PdfReader(io.BytesIO(data))
    except (PyPdfError, OSError, ValueError) as exc:
        raise InputError(f"not a readable PDF ({exc})", file=path) from None


def extract_assessment(path: str) -> Assessment:
    """The Assessment embedded in a report PDF. Raises InputError when there is none or it is unreadable."""
    reader = _reader(path)
    try:
        attachments = reader.attachments
        blobs = attachments.get(ATTACHMENT_NAME) or []
    except Exception as exc:
        raise InputError(f"cannot read the PDF's attachments ({type(exc).__name__}: {exc})", file=path) from None
    if not blobs:
        raise InputError(f"no embedded {ATTACHMENT_NAME}: not a kepatuhan unit report, or it was stripped",
                         file=path)
    try:
        return Assessment.model_validate_json(blobs[0])
    except ValueError as exc:
        first = str(exc).splitlines()[0]
        raise InputError(f"the embedded {ATTACHMENT_NAME} is not a valid assessment ({first})", file=path) from None


def first_page_text(path: str) -> str:
    """The text of page 1 (for comparing the printed score with the embedded one)."""
    reader = _reader(path)
    try:
        return str(reader.pages[0].extract_text() or "")
    except Exception:
        return ""


# --------------------------------------------------------------------------------------------- recomputation


def rescore(ruleset: RuleSet, a: Assessment) -> tuple[Fraction, dict[str, Fraction], list[str]]:
    """Recompute the exact total and each indicator's exact points from the rule set and the recorded levels.

    Implements the published formula directly (not through the engine), so a changed level, weight or total is
    caught. Returns (total, points per indicator, problems found on the way).
    """
    problems: list[str] = []
    recorded = {i.id: i for i in a.indicators}
    rule_ids = [ind.id for _, _, ind in ruleset.indicators()]
    if set(rule_ids) != set(recorded):
        extra = sorted(set(recorded) - set(rule_ids))
        missing = sorted(set(rule_ids) - set(recorded))
        problems.append(f"the indicators differ from the rule set's (unknown: {', '.join(extra) or '-'}; "
                        f"missing: {', '.join(missing) or '-'})")
    live = {i for i, r in recorded.items() if r.status != "not_applicable" and r.level is not None}
    levels: dict[str, Fraction] = {}
    for _, _, ind in ruleset.indicators():
        r = recorded.get(ind.id)
        if r is None or ind.id not in live:
            continue
        assert r.level is not None
        valid = range(ind.max_level + 1) if ind.measure is not None else {lv.level for lv in ind.levels}
        if r.level not in valid or r.max_level != ind.max_level:
            problems.append(f"{ind.id}: level {r.level} of {r.max_level} is not a level of the rule set")
            live.discard(ind.id)
            continue
        levels[ind.id] = Fraction(r.level, ind.max_level)
    points: dict[str, Fraction] = {}
    dims = [d for d in ruleset.dimensions if any(i.id in live for _, _, i in _of_dim(d))]
    total_d = sum((to_fraction(d.weight) for d in dims), Fraction(0))
    for d in dims:
        direct = [i for i in d.indicators if i.id in live]
        groups = [g for g in d.groups if any(i.id in live for i in g.indicators)]
        denom = sum((to_fraction(i.weight) for i in direct), Fraction(0)) + \
            sum((to_fraction(g.weight) for g in groups), Fraction(0))
        fd = to_fraction(d.weight) / total_d
        for i in direct:
            points[i.id] = 100 * fd * to_fraction(i.weight) / denom * levels[i.id]
        for g in groups:
            members = [i for i in g.indicators if i.id in live]
            gden = sum((to_fraction(i.weight) for i in members), Fraction(0))
            for i in members:
                points[i.id] = 100 * fd * to_fraction(g.weight) / denom * to_fraction(i.weight) / gden * levels[i.id]
    total = sum(points.values(), Fraction(0))
    return total, points, problems


def _of_dim(d: Any) -> list[tuple[Any, Any, Any]]:
    out = [(d, None, i) for i in d.indicators]
    for g in d.groups:
        out.extend((d, g, i) for i in g.indicators)
    return out


def check_arithmetic(ruleset: RuleSet, a: Assessment) -> list[str]:
    """Problems with the recorded score, trace, points, category and zone (empty when all agree)."""
    total, points, problems = rescore(ruleset, a)
    score = round_exact(total)
    if round_exact(to_fraction(a.score)) != score:
        problems.append(f"score: the report says {a.score:.2f}, the rule set and the recorded levels give {score}")
    try:
        if Fraction(a.trace.total_exact) != total:
            problems.append(f"trace: total {a.trace.total_exact} differs from the recomputed {total}")
    except (ValueError, ZeroDivisionError):
        problems.append(f"trace: total {a.trace.total_exact!r} is not a fraction")
    if a.trace.total_rounded != str(score):
        problems.append(f"trace: rounded total {a.trace.total_rounded} differs from the recomputed {score}")
    for term in a.trace.terms:
        want = points.get(term.indicator)
        try:
            got = Fraction(term.points)
        except (ValueError, ZeroDivisionError):
            got = None
        if want is None or got != want:
            problems.append(f"trace: {term.indicator} points {term.points} differ from the recomputed "
                            f"{want if want is not None else 'nothing (not applicable)'}")
    for ind in a.indicators:
        want = points.get(ind.id, Fraction(0))
        if round_exact(to_fraction(ind.points)) != round_exact(want):
            problems.append(f"{ind.id}: points {ind.points:.2f} differ from the recomputed {round_exact(want)}")
    band = ruleset.bands[ruleset.band_index(total)]
    c = a.classification
    if c.band_category != band.category:
        problems.append(f"category: the score's band is {band.category}, the report says {c.band_category}")
    limit = ruleset.band_index(total)
    caps = {cap.id: cap for cap in ruleset.caps}
    for cap_id in c.capped_by:
        cap = caps.get(cap_id)
        if cap is None:
            problems.append(f"category: cap {cap_id!r} is not in the rule set")
            continue
        limit = max(limit, cap_limit(ruleset.bands, cap))  # the engine's rule for where a cap limits
    final = ruleset.bands[limit]
    if c.category != final.category:
        problems.append(f"category: expected {final.category}, the report says {c.category}")
    if c.zone != final.zone:
        problems.append(f"zone: expected {final.zone or 'none'}, the report says {c.zone or 'none'}")
    if ruleset.scoring.index is not None:
        index = round_exact(ruleset.on_scale(total))
        if a.index is None or round_exact(to_fraction(a.index)) != index:
            problems.append(f"index: the report says {a.index}, the rule set and the recorded levels give {index}")
    return problems


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _printed_scores(a: Assessment) -> set[str]:
    from compliance.model.format import Formatter

    return {Formatter(lang).num(a.score) for lang in ("id", "en")}


def _comparable(a: Assessment) -> dict[str, Any]:
    d = a.model_dump(mode="json")
    d.pop("evidence_file", None)        # where the file sits is not part of the result
    return d


def _diff(old: Any, new: Any, where: str = "$") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in sorted(set(old) | set(new)):
            out.extend(_diff(old.get(k), new.get(k), f"{where}.{k}"))
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        out = []
        for i, (x, y) in enumerate(zip(old, new, strict=True)):
            out.extend(_diff(x, y, f"{where}[{i}]"))
        return out
    if old != new:
        return [f"{where}: report {json.dumps(old, ensure_ascii=False)[:80]}, "
                f"now {json.dumps(new, ensure_ascii=False)[:80]}"]
    return []


def verify_report(path: str, *, evidence: str | None = None, ruleset: str | None = None) -> Verification:
    """Verify one report PDF. Raises InputError/ComplianceError when it cannot be read or checked at all."""
    from compliance.catalog import load_ruleset

    a = extract_assessment(path)
    v = Verification(report=path, assessment=a)
    rs = load_ruleset(ruleset or a.ruleset.id)
    if rs.sha256 != a.ruleset.sha256:
        v.problems.append(f"rule set {rs.id} {rs.version}: sha256 {rs.sha256[:12]}… differs from the report's "
                          f"{a.ruleset.sha256[:12]}… (the rules changed since the report was made)")
    else:
        v.checks.append(f"rule set {rs.id} {rs.version} matches (sha256 {rs.sha256[:12]}…)")
    arith = check_arithmetic(rs, a)
    v.problems.extend(arith)
    if not arith:
        zone = f"zone {a.classification.zone}" if a.classification.zone is not None else "no zone (labels only)"
        v.checks.append(f"score {a.score:.2f}, category {a.classification.category} and {zone} recomputed from the "
                        "rule set")
    text = first_page_text(path)
    printed = [re.compile(rf"(?<![\d.,]){re.escape(s)}(?![\d])") for s in _printed_scores(a)]
    if text and not any(rx.search(text) for rx in printed):
        v.problems.append(f"the score printed on page 1 is not the embedded score {a.score:.2f}")
    elif text:
        v.checks.append("the printed score matches the embedded one")
    if evidence is not None:
        _check_evidence(v, rs, a, evidence)
    return v


def _check_evidence(v: Verification, rs: RuleSet, a: Assessment, evidence: str) -> None:
    from compliance.engine.evaluate import evaluate
    from compliance.load.evidence import load_evidence

    name = os.path.basename(a.evidence_file.replace("\\", "/")) if a.evidence_file else ""
    if os.path.isdir(evidence):
        folder = evidence
        ev_file = os.path.join(evidence, name) if name else None
    elif os.path.isfile(evidence):
        folder, ev_file = os.path.dirname(os.path.abspath(evidence)), evidence
    else:
        raise InputError("no such file or folder", file=evidence)
    for rec in a.attachments:
        if rec.sha256 is None:
            continue
        full = os.path.join(folder, *rec.path.replace("\\", "/").split("/"))
        try:
            digest = _sha256(full)
        except FileNotFoundError:
            v.problems.append(f"attachment {rec.path}: missing from {folder}")
            continue
        except OSError as exc:
            v.problems.append(f"attachment {rec.path}: unreadable ({exc.strerror})")
            continue
        if digest != rec.sha256:
            v.problems.append(f"attachment {rec.path}: sha256 {digest[:12]}… differs from the report's "
                              f"{rec.sha256[:12]}… (the file was changed)")
    if not any(p.startswith("attachment ") for p in v.problems):
        v.checks.append(f"{sum(1 for r in a.attachments if r.sha256)} attachment hash(es) match")
    if ev_file is None or not os.path.isfile(ev_file):
        v.checks.append("evidence file not found in the folder: only attachments were checked")
        return
    if a.evidence_sha256 and _sha256(ev_file) != a.evidence_sha256:
        v.problems.append(f"evidence file {os.path.basename(ev_file)}: sha256 differs from the report's "
                          "(the evidence was edited)")
    try:
        again = evaluate(rs, load_evidence(ev_file, rs), as_of=a.as_of)
    except ComplianceError as exc:
        v.problems.append(f"re-evaluation failed: {exc}")
        return
    diffs = _diff(_comparable(a), _comparable(again))
    if diffs:
        v.problems.append(f"re-evaluating the evidence gives a different result ({len(diffs)} difference(s)): "
                          + "; ".join(diffs[:5]))
    else:
        v.checks.append("re-evaluating the evidence gives the same assessment")


__all__ = ["Verification", "check_arithmetic", "extract_assessment", "rescore", "verify_report"]
