"""The hostile-input corpus: every `cases/<entry-point>/<case>.expect.yaml` is one test; adding a case needs no code.

Each case runs in a fresh folder under tmp_path (a copy of the case plus tests/data/mini.yaml), in-process or,
with `subprocess: true`, in a time- and memory-limited child process. Every run must also leave no temporary
file behind, print no traceback, and, on exit 3, say one line on standard error.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile_support import DEFAULT_ARGS, Case, check, discover, is_root, run_case

CASES = discover()
ENTRY_POINTS = {*DEFAULT_ARGS, "api"}


def test_every_entry_point_has_cases() -> None:
    assert {c.entry for c in CASES} == ENTRY_POINTS


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_case(case: Case, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if case.expect.get("skip_if_root") and is_root():
        pytest.skip("root reads files whatever their mode; the `fault:` variant of this case covers it")
    if case.expect.get("known_defect"):
        # A defect in a file outside this suite's remit: the case must fail until it is fixed, then the
        # strict xfail turns red so that the key is removed.
        request.applymarker(pytest.mark.xfail(reason=case.expect["known_defect"], strict=True))
    start = time.monotonic()
    result = run_case(case, tmp_path / "work")
    check(case, result, tmp_path / "work")
    limit = case.expect.get("max_seconds")
    if limit is not None:
        assert time.monotonic() - start <= limit, f"{case.id} took {time.monotonic() - start:.1f} s"
