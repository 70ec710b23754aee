"""A rule set's evidence checklist for one unit, pre-filled with the facts derived from evidence written for another
rule set (`compliance convert EVIDENCE --to RULESET`). Every applicable fact is listed with its prompt; a derived
fact says where it came from; a fact the mapping does not supply stays null (not known yet, never 'no').

Attachment paths are rewritten relative to the folder the checklist is written to, so they still name the same
files; a path that would leave that folder is kept and reported (the loader refuses such paths).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from compliance.engine.mapping import Derived
from compliance.model.evidence import Attachment, Evidence
from compliance.model.mapping import Derivation
from compliance.model.ruleset import Indicator, RuleSet


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _c(s: str) -> str:
    """Text for a `#` comment, on one line (YAML also breaks lines at CR, NEL, LS and PS)."""
    return " ".join(s.split())


def _live(rs: RuleSet, kind: str) -> Iterator[tuple[str, Indicator]]:
    for dim in rs.dimensions:
        if dim.applies_to is not None and kind not in dim.applies_to:
            continue
        items = [(None, i) for i in dim.indicators] + [(grp, i) for grp in dim.groups for i in grp.indicators]
        for g, ind in items:
            if (g is None or g.applies_to is None or kind in g.applies_to) and (
                    ind.applies_to is None or kind in ind.applies_to):
                yield dim.title.id, ind


class _Paths:
    """Attachment paths, from the source evidence's folder to the checklist's."""

    def __init__(self, source_file: str, out_dir: str) -> None:
        self.src = os.path.dirname(os.path.abspath(source_file)) if source_file else os.getcwd()
        self.out = os.path.abspath(out_dir)
        self.outside: list[str] = []

    def __call__(self, path: str) -> str:
        rel = os.path.relpath(os.path.join(self.src, path), self.out).replace(os.sep, "/")
        if rel.startswith("../") and path not in self.outside:
            self.outside.append(path)
        return rel


def _attachment(a: Attachment, paths: _Paths) -> str:
    parts = [f"path: {_q(paths(a.path))}", f"kind: {a.effective_kind}"]
    if a.date is not None and a.date_source != "exif":  # a date read from the photo is read again from it
        parts.append(f"date: {_q(a.date.isoformat())}")
    sha = a.sha256 or a.actual_sha256
    if sha:
        parts.append(f"sha256: {sha}")
    if a.title:
        parts.append(f"title: {_q(a.title)}")
    return "{" + ", ".join(parts) + "}"


def _value(value: Any, paths: _Paths) -> list[str]:
    """The YAML of a fact value: one line, or an attachment list as one item per line."""
    if isinstance(value, list):
        return ["[]"] if not value else [""] + [f"- {_attachment(a, paths)}" for a in value]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, int | float):
        return [repr(value)]
    return [_q(str(value))]


def render_prefilled(rs: RuleSet, target: Evidence, derived: Derived, derivation: Derivation,
                     out_dir: str) -> tuple[str, list[str]]:
    """The checklist text, and the attachment paths that leave the checklist's folder."""
    u = target.unit
    paths = _Paths(target.source, out_dir)
    out = [
        f"# Daftar periksa bukti: {_c(rs.metadata.title.id)} ({rs.id} versi {_c(rs.version)})",
        f"# Diisi dari bukti {derived.source} ({_c(os.path.basename(target.source) or '-')}) melalui derives_from "
        f"{rs.id}: {len(derived.supplied)} fakta terisi. Fakta bernilai null belum diketahui (bukan 'tidak');",
        "# lengkapi sebelum dinilai. Lampiran ditulis relatif terhadap folder berkas ini.",
        "apiVersion: compliance/v1",
        "kind: Evidence",
        "unit:",
        f"  id: {u.id}",
        f"  name: {_q(u.name)}",
        f"  kind: {_q(u.kind)}",
        f"  region: {_q(u.region)}",
    ]
    out += [f"  {k}: {_q(v)}" for k, v in (("kecamatan", u.kecamatan), ("address", u.address)) if v]
    out.append(f"ruleset: {{id: {rs.id}, version: {_q(rs.version)}}}")
    if target.period is not None:
        out.append(f"period: {{from: {_q(target.period.from_.isoformat())}, "
                   f"until: {_q(target.period.until.isoformat())}}}")
    if target.assessor is not None:
        out.append(f"assessor: {{name: {_q(target.assessor.name)}}}")
    if target.assessment_date is not None:
        out.append(f"assessment_date: {_q(target.assessment_date.isoformat())}")
    out.append("indicators:")
    dim_seen = None
    for dim_title, ind in _live(rs, u.kind):
        if dim_title != dim_seen:
            out.append(f"  # ===== {_c(dim_title)} =====")
            dim_seen = dim_title
        out += [f"  {ind.id}:", f"    # {_c(ind.title.id)}", "    facts:"]
        given = target.indicators.get(ind.id)
        maps = derivation.facts.get(ind.id, {})
        for name, fact in ind.facts.items():
            out.append(f"      # {_c(fact.prompt.id)}")
            fm = maps.get(name)
            if fm is not None:
                how = "terisi" if (ind.id, name) in derived.supplied else "kosong di sumber"
                out.append(f"      # Sumber: {_c(fm.describe())} ({how})")
            value = given.facts.get(name) if given is not None else None
            lines = ["null"] if value is None else _value(value, paths)
            out.append(f"      {name}: {lines[0]}".rstrip())
            out += [f"        {line}" for line in lines[1:]]
    return "\n".join(out) + "\n", paths.outside


__all__ = ["render_prefilled"]
