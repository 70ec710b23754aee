"""The results document (`assess --format json`, `report`'s results.json), written in pieces so it can stream.

    {"format": 1, "tool": {...}, "ruleset": {"id", "version", "sha256"}, "as_of": "...", "units":[
    <one Assessment per line>
    ],"summary": {...}}
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Iterable
from typing import Any

from compliance import __version__
from compliance.errors import InputError
from compliance.messages import Msg
from compliance.report.summary import Previous, previous_from_json

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


def load_previous(path: str) -> dict[str, Previous]:
    """The per-unit results of an earlier round, read from a results document; InputError when unusable."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(Msg("adalah folder, bukan berkas hasil", "is a folder, not a results file"), file=path)
        if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
            raise InputError(Msg("bukan berkas biasa", "is not a regular file"), file=path)
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(Msg("berkas tidak ada", "no such file"), file=path) from None
    except OSError as exc:
        raise InputError(Msg("tidak dapat dibaca ({e})", "cannot read ({e})", e=exc.strerror), file=path) from None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise InputError(Msg("bukan berkas hasil JSON ({e})", "not a JSON results file ({e})", e=str(exc)[:100]),
                         file=path) from None
    try:
        return previous_from_json(doc)
    except ValueError as exc:
        raise InputError(str(exc), file=path) from None


def document(ruleset: Any, as_of: dt.date, assessments: Iterable[Any], summary: Any) -> str:
    """The whole document as text, for callers that hold every assessment anyway."""
    parts = [head(ruleset, as_of)]
    parts.extend(unit(a, i == 0) for i, a in enumerate(assessments))
    parts.append(tail(summary))
    return "".join(parts)
