"""Property-based fuzzing of the checklist workbook reader: a real checklist with bytes of one of its parts
changed, or cells with any text, gives a result or a one-line ComplianceError (never another exception or a hang).

The default hypothesis profile keeps this fast in `make test`; `make fuzz` runs it under the `long` profile.
"""

from __future__ import annotations

import io
import itertools
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from hostile_support import Hang, time_limit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.catalog import load_ruleset
from compliance.checklist.writer import write_workbook
from compliance.errors import ComplianceError
from compliance.load import checklist_layout as L
from compliance.load.evidence import load_evidence

fuzz = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
_WORK = Path(tempfile.mkdtemp(prefix="kepatuhan-fuzz-xlsx-"))
_COUNTER = itertools.count()
RS = load_ruleset("kukar-pra-penilaian")
BLANK = write_workbook(RS, "dinas")
with zipfile.ZipFile(io.BytesIO(BLANK)) as _z:
    PARTS = sorted(_z.namelist())


def _check(raw: bytes) -> None:
    path = _WORK / f"f{next(_COUNTER)}.xlsx"
    path.write_bytes(raw)
    try:
        with time_limit(20):
            load_evidence(path, RS)
    except ComplianceError as exc:
        assert str(exc).strip() and "\n" not in str(exc)
    except Hang as exc:  # pragma: no cover - only on a defect
        raise AssertionError("no answer within 20 s") from exc


@fuzz
@given(st.sampled_from(PARTS), st.integers(min_value=0, max_value=10_000), st.binary(min_size=1, max_size=40))
def test_fuzz_workbook_part_bytes(part: str, offset: int, junk: bytes) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(BLANK)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            body = zin.read(name)
            if name == part:
                at = offset % (len(body) + 1)
                body = body[:at] + junk + body[at + len(junk):]
            zout.writestr(name, body)
    _check(out.getvalue())


@fuzz
@given(st.lists(st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=30), min_size=1, max_size=6))
def test_fuzz_workbook_answers(texts: list[str]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(BLANK))
    sheet = book.worksheets[1]
    for i, text in enumerate(texts):
        for col in (L.COL_ANSWER, L.COL_FILES, L.COL_DATES):
            cell = sheet.cell(L.FIRST_ROW + i, col)
            cell.value = text
            cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    _check(out.getvalue())
