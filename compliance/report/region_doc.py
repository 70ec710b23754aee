"""The region document: what a roll-up PDF carries so that `compliance verify rollup.pdf` can check it (pure).

    {"format": 1, "kind": "kepatuhan-region", "ruleset": {"id", "version", "sha256"}, "as_of": "2024-09-30",
     "units": [{"id", "name", "kind", "kecamatan", "score", "category", "zone", "digest"}, ...],   # by id
     "failed": 0, "summary": {"units", "mean", "median", "zones", "categories"},
     "digest": "<region digest>"}

A unit's `digest` is the SHA-256 of its canonical assessment JSON: the very bytes its unit report embeds as
assessment.json (and the digest that report prints). The region digest is the SHA-256 of the canonical JSON of
every unit's [id, score, category, zone, digest], in id order: a unit added, removed or re-scored changes it. The
roll-up prints it on its first page, so a PDF whose embedded documents were edited no longer matches its own page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from compliance.model.assessment import Assessment

REGION_ATTACHMENT = "region.json"
REGION_FORMAT = 1
REGION_KIND = "kepatuhan-region"


def canonical_assessment(a: Assessment) -> bytes:
    """The canonical JSON of one Assessment (what a unit report embeds as assessment.json)."""
    return (json.dumps(a.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def unit_digest(a: Assessment) -> str:
    """SHA-256 (hex) of the unit's canonical assessment JSON."""
    return hashlib.sha256(canonical_assessment(a)).hexdigest()


def unit_entry(a: Assessment) -> dict[str, Any]:
    u = a.unit
    return {"id": u.id, "name": u.name, "kind": u.kind, "kecamatan": u.kecamatan, "score": a.score,
            "category": a.classification.category, "zone": a.classification.zone, "digest": unit_digest(a)}


def region_digest(units: Iterable[Mapping[str, Any]]) -> str:
    """SHA-256 (hex) over every unit's [id, score, category, zone, digest], in id order."""
    rows = sorted(([u["id"], u["score"], u["category"], u["zone"], u["digest"]] for u in units),
                  key=lambda r: str(r[0]))
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def figures(summary: Any) -> dict[str, Any]:
    """The region's printed figures from a RegionSummary (what `verify` recomputes from the units)."""
    return {"units": summary.units, "mean": summary.mean, "median": summary.median, "zones": dict(summary.zones),
            "categories": dict(summary.categories)}


def region_document(ruleset: Any, as_of: dt.date, assessments: Sequence[Assessment], summary: Any) -> dict[str, Any]:
    """The region document of a roll-up. `ruleset` has id, version and sha256; `summary` is the RegionSummary."""
    units = sorted((unit_entry(a) for a in assessments), key=lambda u: str(u["id"]))
    return {"format": REGION_FORMAT, "kind": REGION_KIND,
            "ruleset": {"id": ruleset.id, "version": ruleset.version, "sha256": ruleset.sha256},
            "as_of": as_of.isoformat(), "units": units, "failed": summary.failed, "summary": figures(summary),
            "digest": region_digest(units)}


def region_json(doc: Mapping[str, Any]) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def grouped(digest: str, size: int = 4) -> str:
    """A digest in groups of four, as printed."""
    return " ".join(digest[i:i + size] for i in range(0, len(digest), size))


__all__ = ["REGION_ATTACHMENT", "REGION_FORMAT", "REGION_KIND", "canonical_assessment", "figures", "grouped",
           "region_digest", "region_document", "region_json", "unit_digest", "unit_entry"]
