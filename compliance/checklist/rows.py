"""The rows of a checklist's fact sheets: which facts a unit kind answers, in rule-set order, with their values."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from compliance.load import checklist_layout as L
from compliance.model.ruleset import Dimension, Fact, Indicator, RuleSet

HINTS = {
    "boolean": "Pilih Ya atau Tidak.",
    "number": "Angka, mis. 82,5.",
    "integer": "Bilangan bulat, mis. 12.",
    "date": "Tanggal, mis. 25/01/2024.",
    "text": "Teks.",
    "choice": "Pilih salah satu: {choices}.",
    "attachments": "Isi kolom Lampiran dan tanggal dokumennya; 'tidak ada' bila tidak ada berkas.",
    "any": "Isian di luar daftar periksa (dipertahankan saat konversi).",
}


@dataclass(frozen=True)
class FactRow:
    key: str
    indicator_id: str
    indicator_title: str
    prompt: str
    proof: str | None
    hint: str
    type: str  # a FactType, or "any" for a value the checklist does not list
    fact: Fact | None
    value: Any


def applies(kind: str, *scopes: tuple[str, ...] | None) -> bool:
    return all(s is None or kind in s for s in scopes)


def _hint(fact: Fact) -> str:
    hint = HINTS[fact.type].format(choices=", ".join(fact.choices or ()))
    if fact.type in ("number", "integer") and (fact.minimum is not None or fact.maximum is not None):
        lo = "" if fact.minimum is None else f" paling kecil {fact.minimum:g}".replace(".", ",")
        hi = "" if fact.maximum is None else f" paling besar {fact.maximum:g}".replace(".", ",")
        hint = hint[:-1] + f";{lo}{',' if lo and hi else ''}{hi}."
    return hint


def _indicator_rows(ind: Indicator, ie: dict[str, Any], seen: set[str]) -> list[FactRow]:
    facts = ie.get("facts") if isinstance(ie.get("facts"), dict) else {}
    assert isinstance(facts, dict)
    title = ind.title.id
    rows = []
    for name, fact in ind.facts.items():
        key = f"{ind.id}/{name}"
        seen.add(key)
        rows.append(FactRow(key, ind.id, title, fact.prompt.id, fact.proof.id if fact.proof else None,
                            _hint(fact), fact.type, fact, facts.get(name)))
    na = ie.get("not_applicable") if isinstance(ie.get("not_applicable"), dict) else None
    if ind.allow_not_applicable or na:
        na = na or {}
        for suffix, prompt, field in (
                (L.NA_REASON, "Bila indikator ini tidak berlaku bagi unit: alasannya", "reason"),
                (L.NA_BASIS, "Bila tidak berlaku: dasar hukumnya", "legal_basis")):
            seen.add(ind.id + suffix)
            rows.append(FactRow(ind.id + suffix, ind.id, title, prompt, None,
                                "Teks; kosongkan bila indikator berlaku.", "text", None, na.get(field)))
    if ie.get("note") is not None:
        seen.add(ind.id + L.NOTE)
        rows.append(FactRow(ind.id + L.NOTE, ind.id, title, "Catatan (ditampilkan di laporan)", None, "Teks.",
                            "text", None, ie.get("note")))
    return rows


def fact_rows(rs: RuleSet, kind: str, indicators: dict[str, Any],
              seen: set[str]) -> Iterator[tuple[Dimension, list[FactRow]]]:
    """Per dimension that applies to the kind, its rows; `seen` collects the keys written."""
    for dim in rs.dimensions:
        if not applies(kind, dim.applies_to):
            continue
        items = [(None, i) for i in dim.indicators] + [(g, i) for g in dim.groups for i in g.indicators]
        rows: list[FactRow] = []
        for g, ind in items:
            if applies(kind, g.applies_to if g else None, ind.applies_to):
                ie = indicators.get(ind.id)
                rows.extend(_indicator_rows(ind, ie if isinstance(ie, dict) else {}, seen))
        if rows:
            yield dim, rows


def leftover_rows(indicators: dict[str, Any], seen: set[str]) -> list[FactRow]:
    """Rows for what the evidence holds beyond the checklist's facts, so that a conversion loses nothing."""
    rows: list[FactRow] = []
    for ind_id, ie in indicators.items():
        if not isinstance(ie, dict):
            continue
        for name, value in (ie.get("facts") or {}).items():
            key = f"{ind_id}/{name}"
            if key not in seen:
                typ = "attachments" if isinstance(value, list) else "any"
                rows.append(FactRow(key, ind_id, ind_id, name, None, HINTS["any"], typ, None, value))
        na = ie.get("not_applicable")
        if isinstance(na, dict) and ind_id + L.NA_REASON not in seen:
            for suffix, field in ((L.NA_REASON, "reason"), (L.NA_BASIS, "legal_basis")):
                rows.append(FactRow(ind_id + suffix, ind_id, ind_id, field, None, HINTS["any"], "text", None,
                                    na.get(field)))
        if ie.get("note") is not None and ind_id + L.NOTE not in seen:
            rows.append(FactRow(ind_id + L.NOTE, ind_id, ind_id, "note", None, HINTS["any"], "text", None,
                                ie.get("note")))
    return rows
