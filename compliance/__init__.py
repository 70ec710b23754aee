"""kepatuhan: compliance assessment of Indonesian public services against declarative YAML rule sets.

Public API (imported lazily, so that `compliance lint` starts fast):

    load_ruleset(id_or_path) -> RuleSet          a shipped id or a file path, `extends` resolved
    RuleSet.classify(score) -> Classification    .category, .zone, .label (id/en), .zone_label
    load_evidence(path) -> Evidence              one unit's evidence file, attachments checked
    evaluate(ruleset, evidence, *, as_of) -> Assessment   pure and deterministic
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "load_ruleset": "compliance.catalog",
    "RuleSet": "compliance.model.ruleset",
    "Classification": "compliance.model.ruleset",
    "load_evidence": "compliance.load.evidence",
    "Evidence": "compliance.model.evidence",
    "evaluate": "compliance.engine.evaluate",
    "Assessment": "compliance.model.assessment",
    "ComplianceError": "compliance.errors",
}

if TYPE_CHECKING:
    from compliance.catalog import load_ruleset
    from compliance.engine.evaluate import evaluate
    from compliance.errors import ComplianceError
    from compliance.load.evidence import load_evidence
    from compliance.model.assessment import Assessment
    from compliance.model.evidence import Evidence
    from compliance.model.ruleset import Classification, RuleSet

__all__ = ["Assessment", "Classification", "ComplianceError", "Evidence", "RuleSet", "__version__", "evaluate",
           "load_evidence", "load_ruleset"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'compliance' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
