"""Shared helpers for the test suite."""

from __future__ import annotations

import datetime as dt
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
# Messages follow the locale when --lang is not given (compliance.messages): the suite runs under a neutral locale,
# whatever the developer's, so that the default language is Indonesian; tests of English set it themselves.
for _var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_var, None)
os.environ["LANG"] = "C.UTF-8"
# The synthetic-unit generator lives with the benchmarks (benchmarks/synth.py); tests use it too.
sys.path.insert(0, str(ROOT / "benchmarks"))
DATA = ROOT / "tests" / "data"
MINI = DATA / "mini.yaml"
AS_OF = dt.date(2024, 6, 1)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def evidence(indicators: dict[str, Any] | None = None, kind: str = "dinas", ruleset: str = "mini") -> Any:
    from compliance.model.evidence import Evidence

    return Evidence.model_validate({
        "apiVersion": "compliance/v1", "kind": "Evidence",
        "unit": {"id": "u1", "name": "Unit", "kind": kind, "region": "Kukar"},
        "ruleset": {"id": ruleset}, "indicators": indicators or {},
    })


@pytest.fixture
def mini() -> Any:
    from compliance.catalog import load_ruleset

    return load_ruleset(MINI)


@pytest.fixture
def english() -> Any:
    """Messages render in English inside the test (for tests of what a message says, written in English);
    the command line still sets its own language per run."""
    from compliance.messages import using_lang

    with using_lang("en"):
        yield
