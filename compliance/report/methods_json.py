"""The JSON document of `compliance methods` (`"format": 1`): exact shares as fractions, percentages as decimal
strings. The data is report.methods.describe's."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from compliance import __version__
from compliance.model.ruleset import ZONE_LABELS, Text
from compliance.report.methods import FORMAT_VERSION, Node, RuleSetWeights, _band_bound, percent, weight_text


def _text(t: Text) -> dict[str, str | None]:
    return {"id": t.id, "en": t.en}


def _share(share: Fraction | None) -> dict[str, Any]:
    return {"share": None if share is None else str(share),
            "percent": None if share is None else format(percent(share), "f")}


def _node_json(n: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"id": n.id, "title": _text(n.title), "weight": weight_text(n.weight),
                           "applies_to": None if n.applies_to is None else list(n.applies_to),
                           "applicable": n.share is not None, **_share(n.share)}
    if n.kind == "indicator":
        out.update(levels=list(n.levels), max_level=max(n.levels), scale=n.scale)
        if n.measure:
            out.update(measure=n.measure)
    out["inferred"] = n.inferred
    return out


def _dimension_json(d: Node) -> dict[str, Any]:
    groups = [c for c in d.children if c.kind == "group"]
    return {**_node_json(d),
            "indicators": [_node_json(c) for c in d.children if c.kind == "indicator"],
            "groups": [{**_node_json(g), "indicators": [_node_json(i) for i in g.children]} for g in groups]}


def methods_json(described: Iterable[RuleSetWeights], unit_kind: str | None) -> dict[str, Any]:
    """The JSON document (`"format": 1`): exact shares as fractions, percentages as decimal strings."""
    rulesets = []
    for r in described:
        rs = r.ruleset
        rulesets.append({
            "id": rs.id,
            "version": rs.version,
            "title": _text(rs.metadata.title),
            "sha256": rs.sha256,
            "lineage": list(rs.lineage),
            "unit_kinds": None if rs.metadata.unit_kinds is None else list(rs.metadata.unit_kinds),
            "total": str(r.total),
            "dimensions": [_dimension_json(d) for d in r.dimensions],
            "bands": [{"category": b.category, "min": format(_band_bound(b.min), "f"),
                       "max": format(_band_bound(b.max), "f"), "zone": b.zone,
                       "zone_label": _text(ZONE_LABELS[b.zone]) if b.zone else None,
                       "label": _text(b.label), "inferred": b.inferred is not None} for b in rs.bands],
            "index": None if rs.scoring.index is None else {"max": rs.scoring.index.max,
                                                            "name": _text(rs.scoring.index.name)},
            "entity": None if rs.entity is None else {
                "title": _text(rs.entity.title), "unit_kinds": rs.entity.unit_kinds, "combine": rs.entity.combine,
                "qualifiers": [{"id": q.id, "label": _text(q.label)} for q in rs.entity.qualifiers]},
            "caps": [{"id": c.id, "max_category": c.max_category, "max_zone": c.max_zone, "reason": _text(c.reason)}
                     for c in rs.caps],
            "disabled": [{"id": x.id, "justification": _text(x.justification)} for x in rs.disabled],
        })
    return {"format": FORMAT_VERSION, "tool": {"name": "kepatuhan", "command": "methods", "version": __version__},
            "unit_kind": unit_kind, "rulesets": rulesets}
