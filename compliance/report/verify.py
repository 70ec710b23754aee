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

import os
import re
from fractions import Fraction
from typing import Any

from compliance.engine.caps import cap_limit
from compliance.errors import InputError
from compliance.messages import Msg
from compliance.model.assessment import Assessment
from compliance.model.ruleset import RuleSet
from compliance.model.scoring import round_exact, to_fraction
from compliance.report.verify_evidence import Verification, check_evidence

ATTACHMENT_NAME = "assessment.json"
MAX_PDF_BYTES = 200 * 1024 * 1024
_TOO_LARGE = Msg("lebih besar dari {n} MiB", "larger than {n} MiB", n=MAX_PDF_BYTES // (1024 * 1024))


def _zone(zone: str | None) -> tuple[str, str]:
    """A zone's name in both languages, for a message."""
    from compliance.model.labels import ZONE_NAMES

    names = ZONE_NAMES.get(zone or "")
    return (names["id"], names["en"]) if names else (zone or "-", zone or "-")


def read_pdf_bytes(path: str) -> bytes:
    """The bytes of a report file, bounded: a regular file of at most MAX_PDF_BYTES. Raises InputError."""
    import stat

    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):  # a FIFO blocks, a device never ends
            raise InputError(Msg("bukan berkas biasa", "is not a regular file"), file=path)
        if st.st_size > MAX_PDF_BYTES:
            raise InputError(_TOO_LARGE, file=path)
        with open(path, "rb") as fh:
            data = fh.read(MAX_PDF_BYTES + 1)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(Msg("tidak dapat dibaca ({e})", "cannot read ({e})", e=exc.strerror), file=path) from None
    if len(data) > MAX_PDF_BYTES:
        raise InputError(_TOO_LARGE, file=path)
    return data


def _reader(path: str, data: bytes | None = None) -> Any:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs its own complaints (e.g. "EOF marker not found") on stderr; ours is the one line that counts.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)
    if data is None:
        data = read_pdf_bytes(path)
    try:
        return PdfReader(io.BytesIO(data))
    except (PyPdfError, OSError, ValueError) as exc:
        raise InputError(Msg("bukan PDF yang dapat dibaca ({e})", "not a readable PDF ({e})", e=str(exc)),
                         file=path) from None


def embedded_assessment(path: str, data: bytes | None = None) -> tuple[bytes, Assessment]:
    """The assessment.json embedded in a report PDF (its bytes, which the report's digest is taken over, and the
    Assessment they hold); `data` is the file's bytes when already read. Raises InputError when there is none or
    it is unreadable."""
    reader = _reader(path, data)
    try:
        attachments = reader.attachments
        blobs = attachments.get(ATTACHMENT_NAME) or []
    except Exception as exc:
        raise InputError(Msg("lampiran PDF tidak dapat dibaca ({e})", "cannot read the PDF's attachments ({e})",
                             e=f"{type(exc).__name__}: {exc}"), file=path) from None
    if not blobs:
        raise InputError(Msg("tidak ada {n} tersemat: bukan laporan unit kepatuhan, atau lampirannya dibuang",
                             "no embedded {n}: not a kepatuhan unit report, or it was stripped", n=ATTACHMENT_NAME),
                         file=path)
    blob = bytes(blobs[0])
    try:
        return blob, Assessment.model_validate_json(blob)
    except ValueError as exc:
        first = str(exc).splitlines()[0]
        raise InputError(Msg("{n} yang tersemat bukan hasil penilaian yang sah ({e})",
                             "the embedded {n} is not a valid assessment ({e})", n=ATTACHMENT_NAME, e=first),
                         file=path) from None


def extract_assessment(path: str) -> Assessment:
    """The Assessment embedded in a report PDF. Raises InputError when there is none or it is unreadable."""
    return embedded_assessment(path)[1]


def first_page_text(path: str) -> str:
    """The text of page 1 (for comparing the printed score with the embedded one)."""
    reader = _reader(path)
    try:
        return str(reader.pages[0].extract_text() or "")
    except Exception:
        return ""


# --------------------------------------------------------------------------------------------- recomputation


def rescore(ruleset: RuleSet, a: Assessment) -> tuple[Fraction, dict[str, Fraction], list[Msg]]:
    """Recompute the exact total and each indicator's exact points from the rule set and the recorded levels.

    Implements the published formula directly (not through the engine), so a changed level, weight or total is
    caught. Returns (total, points per indicator, problems found on the way).
    """
    problems: list[Msg] = []
    recorded = {i.id: i for i in a.indicators}
    rule_ids = [ind.id for _, _, ind in ruleset.indicators()]
    if set(rule_ids) != set(recorded):
        extra = sorted(set(recorded) - set(rule_ids))
        missing = sorted(set(rule_ids) - set(recorded))
        problems.append(Msg("indikatornya berbeda dari indikator perangkat aturan (tidak dikenal: {x}; hilang: {m})",
                            "the indicators differ from the rule set's (unknown: {x}; missing: {m})",
                            x=", ".join(extra) or "-", m=", ".join(missing) or "-"))
    live = {i for i, r in recorded.items() if r.status != "not_applicable" and r.level is not None}
    levels: dict[str, Fraction] = {}
    for _, _, ind in ruleset.indicators():
        r = recorded.get(ind.id)
        if r is None or ind.id not in live:
            continue
        assert r.level is not None
        valid = range(ind.max_level + 1) if ind.measure is not None else {lv.level for lv in ind.levels}
        if r.level not in valid or r.max_level != ind.max_level:
            problems.append(Msg("{i}: level {lv} dari {mx} bukan level perangkat aturan",
                                "{i}: level {lv} of {mx} is not a level of the rule set", i=ind.id, lv=r.level,
                                mx=r.max_level))
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


def check_arithmetic(ruleset: RuleSet, a: Assessment) -> list[Msg]:
    """Problems with the recorded score, trace, points, category and zone (empty when all agree)."""
    total, points, problems = rescore(ruleset, a)
    score = round_exact(total)
    if round_exact(to_fraction(a.score)) != score:
        problems.append(Msg("nilai: laporan menyebut {s:.2f}, perangkat aturan dan level yang tercatat memberi {r}",
                            "score: the report says {s:.2f}, the rule set and the recorded levels give {r}",
                            s=a.score, r=score))
    try:
        if Fraction(a.trace.total_exact) != total:
            problems.append(Msg("perhitungan: jumlah {t} berbeda dari hasil hitung ulang {r}",
                                "trace: total {t} differs from the recomputed {r}", t=a.trace.total_exact, r=total))
    except (ValueError, ZeroDivisionError):
        problems.append(Msg("perhitungan: jumlah {t!r} bukan pecahan", "trace: total {t!r} is not a fraction",
                            t=a.trace.total_exact))
    if a.trace.total_rounded != str(score):
        problems.append(Msg("perhitungan: jumlah dibulatkan {t} berbeda dari hasil hitung ulang {r}",
                            "trace: rounded total {t} differs from the recomputed {r}", t=a.trace.total_rounded,
                            r=score))
    for term in a.trace.terms:
        want = points.get(term.indicator)
        try:
            got = Fraction(term.points)
        except (ValueError, ZeroDivisionError):
            got = None
        if want is None or got != want:
            problems.append(Msg("perhitungan: poin {i} {p} berbeda dari hasil hitung ulang {w}",
                                "trace: {i} points {p} differ from the recomputed {w}", i=term.indicator,
                                p=term.points, w=Msg.text(str(want)) if want is not None else
                                Msg("tidak ada (tidak berlaku)", "nothing (not applicable)")))
    for ind in a.indicators:
        want = points.get(ind.id, Fraction(0))
        if round_exact(to_fraction(ind.points)) != round_exact(want):
            problems.append(Msg("{i}: poin {p:.2f} berbeda dari hasil hitung ulang {w}",
                                "{i}: points {p:.2f} differ from the recomputed {w}", i=ind.id, p=ind.points,
                                w=round_exact(want)))
    band = ruleset.bands[ruleset.band_index(total)]
    c = a.classification
    if c.band_category != band.category:
        problems.append(Msg("kategori: rentang nilainya {b}, laporan menyebut {c}",
                            "category: the score's band is {b}, the report says {c}", b=band.category,
                            c=c.band_category))
    limit = ruleset.band_index(total)
    caps = {cap.id: cap for cap in ruleset.caps}
    for cap_id in c.capped_by:
        cap = caps.get(cap_id)
        if cap is None:
            problems.append(Msg("kategori: batas {c!r} tidak ada dalam perangkat aturan",
                                "category: cap {c!r} is not in the rule set", c=cap_id))
            continue
        limit = max(limit, cap_limit(ruleset.bands, cap))  # the engine's rule for where a cap limits
    final = ruleset.bands[limit]
    if c.category != final.category:
        problems.append(Msg("kategori: seharusnya {e}, laporan menyebut {c}",
                            "category: expected {e}, the report says {c}", e=final.category, c=c.category))
    if c.zone != final.zone:
        problems.append(Msg("zona: seharusnya {e}, laporan menyebut {c}", "zone: expected {e}, the report says {c}",
                            e=final.zone or "-", c=c.zone or "-"))
    if ruleset.scoring.index is not None:
        index = round_exact(ruleset.on_scale(total))
        if a.index is None or round_exact(to_fraction(a.index)) != index:
            problems.append(Msg("indeks: laporan menyebut {r}, perangkat aturan dan level yang tercatat memberi {i}",
                                "index: the report says {r}, the rule set and the recorded levels give {i}",
                                r=a.index, i=index))
    return problems


def _printed_scores(a: Assessment) -> set[str]:
    from compliance.model.format import Formatter

    return {Formatter(lang).num(a.score) for lang in ("id", "en")}


def verify_report(path: str, *, evidence: str | None = None, ruleset: str | None = None) -> Verification:
    """Verify one report PDF. Raises InputError/ComplianceError when it cannot be read or checked at all."""
    from compliance.catalog import load_ruleset

    a = extract_assessment(path)
    v = Verification(report=path, assessment=a)
    rs = load_ruleset(ruleset or a.ruleset.id)
    if rs.sha256 != a.ruleset.sha256:
        v.problems.append(Msg("perangkat aturan {id} {ver}: sha256 {s}… berbeda dari sha256 laporan {r}… (aturannya "
                              "berubah sejak laporan dibuat)",
                              "rule set {id} {ver}: sha256 {s}… differs from the report's {r}… (the rules changed "
                              "since the report was made)", id=rs.id, ver=rs.version, s=rs.sha256[:12],
                              r=a.ruleset.sha256[:12]))
    else:
        v.checks.append(Msg("perangkat aturan {id} {ver} cocok (sha256 {s}…)", "rule set {id} {ver} matches "
                            "(sha256 {s}…)", id=rs.id, ver=rs.version, s=rs.sha256[:12]))
    arith = check_arithmetic(rs, a)
    v.problems.extend(arith)
    if not arith:
        zone = a.classification.zone
        z = Msg(*_zone(zone)) if zone is not None else Msg("tanpa zona (hanya label)", "no zone (labels only)")
        v.checks.append(Msg("nilai {s}, kategori {c} dan {z} dihitung ulang dari perangkat aturan",
                            "score {s:.2f}, category {c} and {z} recomputed from the rule set",
                            s=a.score, c=a.classification.category, z=z))
    text = first_page_text(path)
    printed = [re.compile(rf"(?<![\d.,]){re.escape(s)}(?![\d])") for s in _printed_scores(a)]
    if text and not any(rx.search(text) for rx in printed):
        v.problems.append(Msg("nilai yang tercetak di halaman 1 bukan nilai tersemat {s:.2f}",
                              "the score printed on page 1 is not the embedded score {s:.2f}", s=a.score))
    elif text:
        v.checks.append(Msg("nilai yang tercetak sama dengan nilai tersemat",
                            "the printed score matches the embedded one"))
    if evidence is not None:
        check_evidence(v, rs, a, evidence)
    else:
        v.notes.append(Msg("bukti tidak diperiksa: lampiran dan penilaian ulang hanya diperiksa dengan --evidence "
                           "FOLDER", "evidence not checked: attachments and the re-evaluation are checked only with "
                           "--evidence FOLDER"))
    return v


__all__ = ["Verification", "check_arithmetic", "extract_assessment", "rescore", "verify_report"]
