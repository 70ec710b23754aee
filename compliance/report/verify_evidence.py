"""Verifying a report against its unit's evidence (a folder or the evidence file): attachment hashes, the evidence
file's hash and a re-evaluation with the engine at the recorded as-of date. A folder of another unit is said in
one line, not as a list of every attachment and difference."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Any

from compliance.errors import ComplianceError, InputError
from compliance.messages import Msg
from compliance.model.assessment import Assessment
from compliance.model.ruleset import RuleSet


@dataclass
class Verification:
    """The outcome: `problems` is empty when the report is intact; `notes` say what was not checked."""

    report: str
    assessment: Assessment
    checks: list[Msg] = field(default_factory=list)
    problems: list[Msg] = field(default_factory=list)
    notes: list[Msg] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _comparable(a: Assessment) -> dict[str, Any]:
    d = a.model_dump(mode="json")
    d.pop("evidence_file", None)        # where the file sits is not part of the result
    return d


def _diff(old: Any, new: Any, where: str = "$") -> list[tuple[str, str, str]]:
    """(where, in the report, now) of every value that differs."""
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
        return [(where, json.dumps(old, ensure_ascii=False)[:80], json.dumps(new, ensure_ascii=False)[:80])]
    return []


def _units_in(folder: str, ev_file: str | None) -> list[str]:
    """The unit ids of the evidence in a folder: its evidence file's, else those of the evidence files at its top
    (a few dozen at most); empty when none can be read."""
    from compliance.load.safe_yaml import load_file

    if ev_file is not None and os.path.isfile(ev_file):
        candidates = [ev_file]
    else:
        try:
            names = sorted(n for n in os.listdir(folder) if n.endswith((".yaml", ".yml")))[:50]
        except OSError:
            return []
        candidates = [os.path.join(folder, n) for n in names]
    units: list[str] = []
    for path in candidates:
        try:
            data = load_file(path).data
        except ComplianceError:
            continue
        unit = data.get("unit") if isinstance(data, dict) and data.get("kind") == "Evidence" else None
        if isinstance(unit, dict) and isinstance(unit.get("id"), str) and unit["id"] not in units:
            units.append(unit["id"])
    return units


def check_evidence(v: Verification, rs: RuleSet, a: Assessment, evidence: str) -> None:
    """The attachments' hashes, the evidence file's hash and a re-evaluation, unless the folder is another unit's."""
    from compliance.engine.evaluate import evaluate
    from compliance.load.evidence import load_evidence

    name = os.path.basename(a.evidence_file.replace("\\", "/")) if a.evidence_file else ""
    if os.path.isdir(evidence):
        folder = evidence
        ev_file = os.path.join(evidence, name) if name else None
    elif os.path.isfile(evidence):
        folder, ev_file = os.path.dirname(os.path.abspath(evidence)), evidence
    else:
        raise InputError(Msg("tidak ada berkas atau folder ini", "no such file or folder"), file=evidence)
    units = _units_in(folder, ev_file)
    if units and a.unit.id not in units:
        # Another unit's evidence: one line says so, instead of every attachment and difference.
        v.problems.append(Msg("laporan ini untuk unit {x}, folder {f} berisi unit {y}",
                              "this report is for unit {x}, the folder {f} holds unit {y}", x=a.unit.id,
                              f=evidence, y=", ".join(units)))
        return
    _check_attachments(v, a, folder)
    if ev_file is None or not os.path.isfile(ev_file):
        v.notes.append(Msg("berkas bukti tidak ditemukan di folder: hanya lampiran yang diperiksa",
                           "evidence file not found in the folder: only attachments were checked"))
        return
    if a.evidence_sha256 and _sha256(ev_file) != a.evidence_sha256:
        v.problems.append(Msg("berkas bukti {f}: sha256 berbeda dari sha256 laporan (buktinya telah diubah)",
                              "evidence file {f}: sha256 differs from the report's (the evidence was edited)",
                              f=os.path.basename(ev_file)))
    try:
        again = evaluate(rs, load_evidence(ev_file, rs), as_of=a.as_of)
    except ComplianceError as exc:
        v.problems.append(Msg("penilaian ulang gagal: {e}", "re-evaluation failed: {e}", e=exc.located()))
        return
    diffs = _diff(_comparable(a), _comparable(again))
    if diffs:
        v.problems.append(Msg("penilaian ulang atas bukti memberi hasil yang berbeda ({n} perbedaan): {d}",
                              "re-evaluating the evidence gives a different result ({n} difference(s)): {d_en}",
                              n=len(diffs), d=Msg.text("; ".join(f"{w}: laporan {o}, sekarang {n}"
                                                                 for w, o, n in diffs[:5])),
                              d_en=Msg.text("; ".join(f"{w}: report {o}, now {n}" for w, o, n in diffs[:5]))))
    else:
        v.checks.append(Msg("penilaian ulang atas bukti memberi hasil yang sama",
                            "re-evaluating the evidence gives the same assessment"))


def _check_attachments(v: Verification, a: Assessment, folder: str) -> None:
    """Every recorded attachment's sha256 against the file in the folder; none there at all is one problem."""
    hashed = [rec for rec in a.attachments if rec.sha256 is not None]
    found: list[Msg] = []
    missing = 0
    for rec in hashed:
        full = os.path.join(folder, *rec.path.replace("\\", "/").split("/"))
        try:
            digest = _sha256(full)
        except FileNotFoundError:
            missing += 1
            found.append(Msg("lampiran {p}: tidak ada di {f}", "attachment {p}: missing from {f}", p=rec.path,
                             f=folder))
            continue
        except OSError as exc:
            found.append(Msg("lampiran {p}: tidak dapat dibaca ({e})", "attachment {p}: unreadable ({e})",
                             p=rec.path, e=exc.strerror))
            continue
        if digest != rec.sha256:
            found.append(Msg("lampiran {p}: sha256 {d}… berbeda dari sha256 laporan {r}… (berkasnya telah diubah)",
                             "attachment {p}: sha256 {d}… differs from the report's {r}… (the file was changed)",
                             p=rec.path, d=digest[:12], r=(rec.sha256 or "")[:12]))
    if missing > 1 and missing == len(hashed):
        v.problems.append(Msg("tidak satu pun dari {n} lampiran laporan ini ada di {f}: apakah ini folder bukti "
                              "unit {u}?", "none of this report's {n} attachments is in {f}: is this the evidence "
                              "folder of unit {u}?", n=missing, f=folder, u=a.unit.id))
    elif found:
        v.problems.extend(found)
    else:
        v.checks.append(Msg("{n} hash lampiran cocok", "{n} attachment hash(es) match", n=len(hashed)))


__all__ = ["Verification", "check_evidence"]
