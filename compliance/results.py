"""The results document (`assess --format json`, `report`'s results.json), written in pieces so it can stream.

    {"format": 1, "tool": {...}, "ruleset": {"id", "version", "sha256"}, "as_of": "...", "units":[
    <one Assessment per line>
    ],"summary": {...}}
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from . import __version__

RESULTS_FORMAT = 1


def head(ruleset: Any, as_of: dt.date) -> str:
    doc = {"format": RESULTS_FORMAT, "tool": {"name": "kepatuhan", "version": __version__},
           "ruleset": {"id": ruleset.id, "version": ruleset.version, "sha256": ruleset.sha256},
           "as_of": as_of.isoformat()}
    return json.dumps(doc, ensure_ascii=False)[:-1] + ',"units":['


def unit(assessment: Any, first: bool) -> str:
    return ("\n" if first else ",\n") + assessment.model_dump_json()  # type: ignore[no-any-return]


def tail(summary: Any, interrupted: bool = False) -> str:
    rest: dict[str, Any] = {"summary": summary.as_json()}
    if interrupted:
        rest["interrupted"] = True
    return "\n]," + json.dumps(rest, ensure_ascii=False)[1:] + "\n"


def document(ruleset: Any, as_of: dt.date, assessments: Iterable[Any], summary: Any) -> str:
    """The whole document as text, for callers that hold every assessment anyway."""
    parts = [head(ruleset, as_of)]
    parts.extend(unit(a, i == 0) for i, a in enumerate(assessments))
    parts.append(tail(summary))
    return "".join(parts)
