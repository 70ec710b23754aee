"""Checking a roll-up PDF (I/O edge; reads PDFs with pypdf, never WeasyPrint).

A roll-up carries region.json (report/region_doc.py) and results.json. `verify_rollup` checks, in order:
  1. the rule set: its sha256 equals the one recorded;
  2. the unit list: the region digest recomputed from the units equals the recorded one and the one printed on
     page 1 (a unit added, removed or re-scored in the embedded document no longer matches the printed page);
  3. the figures: the number of units, mean, median, zones and categories recomputed from the units;
  4. results.json: the same units with the same digests, and each unit's score, category and zone recomputed
     from the rule set and its recorded levels (report/verify.py's arithmetic);
  5. with `units` (the folder of unit report PDFs): every unit report's embedded assessment has the digest the
     roll-up counted; a report in the folder that the roll-up does not count, or a unit without a report, is said.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from compliance.errors import ComplianceError, InputError
from compliance.messages import Msg
from compliance.model.assessment import Assessment
from compliance.report.region_doc import REGION_ATTACHMENT, REGION_KIND, region_digest, unit_digest
from compliance.report.summary import UnitSummary, summarize
from compliance.report.verify import _reader, check_arithmetic, extract_assessment

RESULTS_ATTACHMENT = "results.json"


@dataclass
class RegionVerification:
    """The outcome: `problems` is empty when the roll-up is intact."""

    report: str
    document: dict[str, Any]
    checks: list[Msg] = field(default_factory=list)
    problems: list[Msg] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _attachments(path: str) -> tuple[dict[str, list[bytes]], str]:
    """The PDF's embedded files and the text of its first page."""
    reader = _reader(path)
    try:
        files = {k: list(v) for k, v in reader.attachments.items()}
    except Exception as exc:
        raise InputError(Msg("lampiran PDF tidak dapat dibaca ({e})", "cannot read the PDF's attachments ({e})",
                             e=f"{type(exc).__name__}: {exc}"), file=path) from None
    try:
        text = str(reader.pages[0].extract_text() or "")
    except Exception:
        text = ""
    return files, text


def is_rollup(path: str) -> bool:
    """Whether the PDF carries a region document (a roll-up), not a unit's assessment."""
    files, _ = _attachments(path)
    return REGION_ATTACHMENT in files


def _json(blob: bytes, name: str, path: str) -> Any:
    try:
        return json.loads(blob)
    except (ValueError, RecursionError) as exc:
        raise InputError(Msg("{n} yang tersemat bukan JSON ({e})", "the embedded {n} is not JSON ({e})", n=name,
                             e=str(exc)[:80]), file=path) from None


def _region(files: dict[str, list[bytes]], path: str) -> dict[str, Any]:
    blobs = files.get(REGION_ATTACHMENT) or []
    if not blobs:
        raise InputError(Msg("tidak ada {n} tersemat: bukan rekapitulasi kepatuhan, atau lampirannya dibuang",
                             "no embedded {n}: not a kepatuhan roll-up, or it was stripped", n=REGION_ATTACHMENT),
                         file=path)
    doc = _json(blobs[0], REGION_ATTACHMENT, path)
    if not (isinstance(doc, dict) and doc.get("kind") == REGION_KIND and isinstance(doc.get("units"), list)
            and all(isinstance(u, dict) and {"id", "score", "category", "zone", "digest"} <= set(u)
                    for u in doc["units"])):
        raise InputError(Msg("{n} yang tersemat bukan dokumen wilayah", "the embedded {n} is not a region document",
                             n=REGION_ATTACHMENT), file=path)
    return doc


def _check_digest(v: RegionVerification, doc: dict[str, Any], page1: str) -> None:
    digest = region_digest(doc["units"])
    if doc.get("digest") != digest:
        v.problems.append(Msg("daftar unit tidak menghasilkan digest rekapitulasi yang tercatat {r}… (hasilnya {d}…): "
                              "ada unit yang ditambah, dihapus atau diubah",
                              "the unit list does not give the recorded roll-up digest {r}… (it gives {d}…): a unit "
                              "was added, removed or changed", r=str(doc.get("digest"))[:12], d=digest[:12]))
    printed = "".join(page1.split()).lower()
    if not page1:
        v.problems.append(Msg("halaman 1 tidak memuat teks yang terbaca: digest rekapitulasi yang tercetak tidak dapat "
                              "dibandingkan",
                              "page 1 has no readable text: the printed roll-up digest cannot be compared"))
    elif digest not in printed:
        v.problems.append(Msg("digest rekapitulasi yang tercetak di halaman 1 bukan {d}… (hasil unit yang tersemat): "
                              "dokumen tersemat diubah setelah rekapitulasi dicetak",
                              "the roll-up digest printed on page 1 is not {d}… (what the embedded units give): the "
                              "embedded documents were changed after the roll-up was printed", d=digest[:12]))
    elif doc.get("digest") == digest:
        v.checks.append(Msg("digest rekapitulasi {d}… cocok dengan {n} unit dan halaman 1",
                            "roll-up digest {d}… matches the {n} units and page 1", d=digest[:12],
                            n=len(doc["units"])))


def _check_figures(v: RegionVerification, doc: dict[str, Any], categories: list[str]) -> None:
    units = [UnitSummary(file="", unit_id=str(u["id"]), unit_name=str(u.get("name", "")),
                         unit_kind=str(u.get("kind", "")), region="", kecamatan=u.get("kecamatan"),
                         score=float(u["score"]), score_best=float(u["score"]), category=str(u["category"]),
                         zone=u["zone"], dimensions=(), statuses=()) for u in doc["units"]]
    try:
        s = summarize(str(doc.get("ruleset", {}).get("id", "")), categories, units, [])
    except (KeyError, ValueError, TypeError) as exc:
        v.problems.append(Msg("angka-angka unit tidak dapat dihitung ulang ({e})",
                              "the units' figures cannot be recomputed ({e})", e=str(exc)))
        return
    want = {"units": s.units, "mean": s.mean, "median": s.median, "zones": s.zones, "categories": s.categories}
    got = doc.get("summary") or {}
    wrong = [k for k in want if got.get(k) != want[k]]
    if wrong:
        v.problems.append(Msg("{w} pada rekapitulasi berbeda dari hasil unit-unitnya ({d})",
                              "the roll-up's {w} differ from what its units give ({d})", w=", ".join(wrong),
                              d=", ".join(f"{k}: {got.get(k)!r} vs {want[k]!r}" for k in wrong)[:200]))
    else:
        v.checks.append(Msg("{n} unit: jumlah, rata-rata, median, zona dan kategori dihitung ulang",
                            "{n} units: count, mean, median, zones and categories recomputed", n=s.units))


def _assessments(blob: bytes, path: str) -> list[Assessment]:
    doc = _json(blob, RESULTS_ATTACHMENT, path)
    items = doc.get("units") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise InputError(Msg("{n} yang tersemat tidak memiliki daftar unit", "the embedded {n} has no unit list",
                             n=RESULTS_ATTACHMENT), file=path)
    try:
        return [Assessment.model_validate(it) for it in items]
    except ValueError as exc:
        first = str(exc).splitlines()[0]
        raise InputError(Msg("{n} yang tersemat memuat hasil penilaian yang tidak sah ({e})",
                             "the embedded {n} holds an invalid assessment ({e})", n=RESULTS_ATTACHMENT, e=first),
                         file=path) from None


def _compare(v: RegionVerification, doc: dict[str, Any], digests: dict[str, str], where: str) -> None:
    """The roll-up's units against `digests` (unit id -> digest) found in `where`."""
    recorded = {str(u["id"]): str(u["digest"]) for u in doc["units"]}
    for uid in sorted(set(digests) - set(recorded)):
        v.problems.append(Msg("unit {u}: ada di {w} tetapi tidak dihitung dalam rekapitulasi (ada unit yang ditambah "
                              "atau dihapus)", "unit {u}: in {w} but not counted in the roll-up (a unit was added "
                              "or removed)", u=uid, w=where))
    for uid in sorted(set(recorded) - set(digests)):
        v.problems.append(Msg("unit {u}: dihitung dalam rekapitulasi tetapi tidak ada di {w} (ada unit yang ditambah "
                              "atau dihapus)", "unit {u}: counted in the roll-up but not in {w} (a unit was added "
                              "or removed)", u=uid, w=where))
    for uid in sorted(set(recorded) & set(digests)):
        if recorded[uid] != digests[uid]:
            v.problems.append(Msg("unit {u}: hasil penilaian di {w} (digest {d}…) bukan yang dihitung rekapitulasi "
                                  "({r}…)", "unit {u}: the assessment in {w} (digest {d}…) is not the one the roll-up "
                                  "counted ({r}…)", u=uid, w=where, d=digests[uid][:12], r=recorded[uid][:12]))


def _check_results(v: RegionVerification, doc: dict[str, Any], assessments: list[Assessment], rs: Any) -> None:
    before = len(v.problems)
    _compare(v, doc, {a.unit.id: unit_digest(a) for a in assessments}, RESULTS_ATTACHMENT)
    for a in assessments:
        v.problems.extend(Msg("unit {u}: {p}", "unit {u}: {p}", u=a.unit.id, p=p) for p in check_arithmetic(rs, a))
    if len(v.problems) == before:
        v.checks.append(Msg("{n}: {k} unit yang sama; setiap nilai, kategori dan zona dihitung ulang dari perangkat "
                            "aturan", "{n}: the same {k} units; every score, category and zone recomputed from the "
                            "rule set", n=RESULTS_ATTACHMENT, k=len(assessments)))


def _check_units(v: RegionVerification, doc: dict[str, Any], folder: str) -> None:
    if not os.path.isdir(folder):
        raise InputError(Msg("bukan folder laporan unit", "not a folder of unit reports"), file=folder)
    digests: dict[str, str] = {}
    before = len(v.problems)
    for name in sorted(os.listdir(folder)):
        if not name.lower().endswith(".pdf"):
            continue
        path = os.path.join(folder, name)
        try:
            a = extract_assessment(path)
        except ComplianceError as exc:
            v.problems.append(Msg("{n}: bukan laporan unit yang dapat dibaca ({e})",
                                  "{n}: not a readable unit report ({e})", n=name, e=exc.located()))
            continue
        digests[a.unit.id] = unit_digest(a)
    _compare(v, doc, digests, folder)
    if len(v.problems) == before:
        v.checks.append(Msg("{n} laporan unit di {f} adalah yang dihitung rekapitulasi",
                            "the {n} unit reports in {f} are the ones the roll-up counted", n=len(digests), f=folder))


def verify_rollup(path: str, *, units: str | None = None, ruleset: str | None = None) -> RegionVerification:
    """Verify one roll-up PDF. Raises InputError/ComplianceError when it cannot be read or checked at all."""
    from compliance.catalog import load_ruleset

    files, page1 = _attachments(path)
    doc = _region(files, path)
    v = RegionVerification(report=path, document=doc)
    recorded = doc.get("ruleset") or {}
    rs = load_ruleset(ruleset or str(recorded.get("id", "")))
    if rs.sha256 != recorded.get("sha256"):
        v.problems.append(Msg("perangkat aturan {id} {ver}: sha256 {s}… berbeda dari sha256 rekapitulasi {r}… "
                              "(aturannya berubah sejak rekapitulasi dibuat)",
                              "rule set {id} {ver}: sha256 {s}… differs from the roll-up's {r}… (the rules changed "
                              "since the roll-up was made)", id=rs.id, ver=rs.version, s=rs.sha256[:12],
                              r=str(recorded.get("sha256"))[:12]))
    else:
        v.checks.append(Msg("perangkat aturan {id} {ver} cocok (sha256 {s}…)",
                            "rule set {id} {ver} matches (sha256 {s}…)", id=rs.id, ver=rs.version, s=rs.sha256[:12]))
    _check_digest(v, doc, page1)
    _check_figures(v, doc, [b.category for b in rs.bands])
    results = files.get(RESULTS_ATTACHMENT) or []
    if results:
        _check_results(v, doc, _assessments(results[0], path), rs)
    else:
        v.problems.append(Msg("tidak ada {n} tersemat: nilai unit-unit tidak dapat dihitung ulang",
                              "no embedded {n}: the units' scores cannot be recomputed", n=RESULTS_ATTACHMENT))
    if units is not None:
        _check_units(v, doc, units)
    return v


__all__ = ["RegionVerification", "is_rollup", "verify_rollup"]
