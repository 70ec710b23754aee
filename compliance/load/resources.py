"""Locations of the data shipped with the package (rule sets, schemas, report templates)."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def _data_dir(name: str) -> Path:
    # In a wheel these are real folders; in a checkout they are symlinks to the top-level folders.
    with as_file(files("compliance") / "data" / name) as p:
        return Path(p)


def rules_dir() -> Path:
    """The folder of shipped rule sets (rules/ in the repository)."""
    return _data_dir("rules")


def reports_dir() -> Path:
    """The folder of report templates and static assets (reports/ in the repository)."""
    return _data_dir("reports")


def schema_path(name: str) -> Path:
    """A JSON Schema shipped in rules/schema/."""
    return rules_dir() / "schema" / name


def shipped_ruleset_path(ruleset_id: str) -> Path | None:
    """The file of a shipped rule set, or None."""
    p = rules_dir() / f"{ruleset_id}.yaml"
    return p if p.is_file() else None


def shipped_ruleset_ids() -> list[str]:
    """Ids of all shipped rule sets, sorted."""
    return sorted(p.stem for p in rules_dir().glob("*.yaml"))
