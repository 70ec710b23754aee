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
    "load_ruleset": "compliance.rulesets",
    "RuleSet": "compliance.models",
    "Classification": "compliance.models",
    "load_evidence": "compliance.loading",
    "Evidence": "compliance.evidence",
    "evaluate": "compliance.engine",
    "Assessment": "compliance.assessment",
    "ComplianceError": "compliance.errors",
}

if TYPE_CHECKING:
    from .assessment import Assessment
    from .engine import evaluate
    from .errors import ComplianceError
    from .evidence import Evidence
    from .loading import load_evidence
    from .models import Classification, RuleSet
    from .rulesets import load_ruleset

__all__ = ["Assessment", "Classification", "ComplianceError", "Evidence", "RuleSet", "__version__", "evaluate",
           "load_evidence", "load_ruleset"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'compliance' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
