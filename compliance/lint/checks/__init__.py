"""The registry of rule-set check families, yamllint-style.

Each family is a module with `CODES` (code -> one-line description of what that family reports under it) and
`check(ctx) -> Iterator[Finding]` over a `Context` (the parsed, schema-valid extends chain). A code may be
reported by more than one family (`unknown-reference`, `duplicate-id`, `condition-form`); its description is
then the families' descriptions joined. Adding a family: write the module, add it to FAMILIES, add a case under
tests/cases/lint/ and a row in docs/rules.md for each new code (tests/test_lint_codes.py holds all three).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol

from compliance.lint.checks import (
    bands,
    caps,
    conditions,
    derivations,
    facts,
    ids,
    levels,
    metadata,
    results,
    tailoring,
    texts,
    tree,
    unit_kinds,
)
from compliance.lint.context import Context
from compliance.model.findings import Finding


class Family(Protocol):
    """A check family: a module with CODES and check."""

    @property
    def CODES(self) -> Mapping[str, str]: ...  # a module constant

    def check(self, ctx: Context) -> Iterator[Finding]: ...


FAMILIES: dict[str, Family] = {
    "metadata": metadata,
    "ids": ids,
    "tailoring": tailoring,
    "unit-kinds": unit_kinds,
    "facts": facts,
    "levels": levels,
    "conditions": conditions,
    "caps": caps,
    "bands": bands,
    "results": results,
    "tree": tree,
    "texts": texts,
    "derivations": derivations,
}


def family(name: str) -> Family:
    """The check family of that name; a LookupError naming the known ones otherwise."""
    try:
        return FAMILIES[name]
    except KeyError:
        raise LookupError(f"no lint check family {name!r} (known: {', '.join(FAMILIES)})") from None


def merge_codes(*tables: Mapping[str, str]) -> dict[str, str]:
    """Code tables in one, the descriptions of a code that several tables have joined with '; '."""
    out: dict[str, str] = {}
    for table in tables:
        for code, text in table.items():
            out[code] = f"{out[code]}; {text}" if code in out else text
    return out


def codes() -> dict[str, str]:
    """Every code the families report, with its description."""
    return merge_codes(*(fam.CODES for fam in FAMILIES.values()))


def run(ctx: Context) -> Iterator[Finding]:
    """The findings of every family over one chain."""
    for fam in FAMILIES.values():
        yield from fam.check(ctx)
