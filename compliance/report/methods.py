"""What a resolved rule set weighs: effective shares, level scales, bands, caps, disabled indicators. Pure.

`describe()` takes a `RuleSet` (after `extends` and tailoring) and returns plain data; `methods_text()` and
report.methods_json's `methods_json()` render it. The effective share follows docs/rules.md section 3, with
exact fractions:

    e_i = (w_d / Σ w_d') × (w_g / Σ w_g') × (w_i / Σ w_i')      sums over applicable siblings only

Without a unit kind every indicator counts; with one, indicators that do not apply to it (their own, their
group's or their dimension's `applies_to`) leave every denominator, as they do in the engine.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from compliance.model.ruleset import ZONE_LABELS, Band, Dimension, Group, Indicator, RuleSet, Text
from compliance.model.scoring import round_exact, to_fraction

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Node:
    """A dimension, group or indicator with its weight as written and its effective share of the total score.

    `share` is None when nothing of it applies to the chosen unit kind. `applies_to` is the effective list
    (the intersection with its parents'; None: every unit kind).
    """

    kind: str  # "dimension", "group" or "indicator"
    id: str
    title: Text
    weight: Fraction
    share: Fraction | None
    applies_to: tuple[str, ...] | None
    children: tuple[Node, ...] = ()
    levels: tuple[int, ...] = ()  # indicators only: the defined levels, lowest first
    scale: str = ""  # indicators only: "ladder", "pass-partial-fail" or "measure"
    inferred: bool = False  # the weight is not published (the rule set says how it was chosen)
    measure: str = ""  # a measured indicator: "fact from–to"


@dataclass(frozen=True)
class RuleSetWeights:
    """Everything `compliance methods` prints about one rule set."""

    ruleset: RuleSet
    unit_kind: str | None
    dimensions: tuple[Node, ...]

    @property
    def indicators(self) -> list[Node]:
        """Every indicator in document order (direct ones of a dimension before its groups')."""
        out: list[Node] = []
        for d in self.dimensions:
            for child in d.children:
                out.extend(child.children if child.kind == "group" else (child,))
        return out

    @property
    def total(self) -> Fraction:
        """The sum of the indicators' shares: 1, or 0 when nothing applies to the unit kind."""
        return sum((i.share for i in self.indicators if i.share is not None), Fraction(0))


def _narrow(outer: tuple[str, ...] | None, inner: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if outer is None:
        return inner
    if inner is None:
        return outer
    return tuple(k for k in inner if k in outer)


def _applies(kind: str | None, applies_to: tuple[str, ...] | None) -> bool:
    return kind is None or applies_to is None or kind in applies_to


def describe(ruleset: RuleSet, unit_kind: str | None = None) -> RuleSetWeights:
    """The effective weights of a resolved rule set, for every unit kind (None) or for one."""
    live_dims: list[tuple[Dimension, list[Indicator], list[tuple[Group, list[Indicator]]]]] = []
    for d in ruleset.dimensions:
        d_to = d.applies_to
        direct = [i for i in d.indicators if _applies(unit_kind, _narrow(d_to, i.applies_to))]
        groups = []
        for g in d.groups:
            g_to = _narrow(d_to, g.applies_to)
            members = [i for i in g.indicators if _applies(unit_kind, _narrow(g_to, i.applies_to))]
            if members:
                groups.append((g, members))
        if direct or groups:
            live_dims.append((d, direct, groups))
    total_d = sum((to_fraction(d.weight) for d, _, _ in live_dims), Fraction(0))
    shares: dict[tuple[str, str], Fraction] = {}  # ("d"|"g"|"i", id) -> share of the total
    for d, direct, groups in live_dims:
        fd = to_fraction(d.weight) / total_d
        shares["d", d.id] = fd
        denom = sum((to_fraction(i.weight) for i in direct), Fraction(0)) + \
            sum((to_fraction(g.weight) for g, _ in groups), Fraction(0))
        for i in direct:
            shares["i", i.id] = fd * to_fraction(i.weight) / denom
        for g, members in groups:
            fg = fd * to_fraction(g.weight) / denom
            shares["g", g.id] = fg
            gden = sum((to_fraction(i.weight) for i in members), Fraction(0))
            for i in members:
                shares["i", i.id] = fg * to_fraction(i.weight) / gden

    def indicator(i: Indicator, parent_to: tuple[str, ...] | None) -> Node:
        m = i.measure
        return Node("indicator", i.id, i.title, to_fraction(i.weight), shares.get(("i", i.id)),
                    _narrow(parent_to, i.applies_to),
                    levels=tuple(lv.level for lv in i.ladder) if m is None else (0, m.steps),
                    scale=i.scale if m is None else "measure", inferred=i.inferred is not None,
                    measure="" if m is None else f"{m.fact} {weight_text(to_fraction(m.from_))}–"
                                                 f"{weight_text(to_fraction(m.to))}")

    dims = []
    for d in ruleset.dimensions:
        children = [indicator(i, d.applies_to) for i in d.indicators]
        for g in d.groups:
            g_to = _narrow(d.applies_to, g.applies_to)
            children.append(Node("group", g.id, g.title, to_fraction(g.weight), shares.get(("g", g.id)), g_to,
                                 tuple(indicator(i, g_to) for i in g.indicators), inferred=g.inferred is not None))
        dims.append(Node("dimension", d.id, d.title, to_fraction(d.weight), shares.get(("d", d.id)), d.applies_to,
                         tuple(children), inferred=d.inferred is not None))
    return RuleSetWeights(ruleset, unit_kind, tuple(dims))


# --- rendering ----------------------------------------------------------------------------------------

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "ruleset": "Perangkat aturan", "version": "versi", "lineage": "Diturunkan (extends)", "kind": "Jenis unit",
        "all_kinds": "semua (tanpa --unit-kind: setiap indikator dihitung)",
        "weights": "Bobot efektif (porsi dari skor total)", "share": "Porsi", "weight": "Bobot",
        "levels": "Level", "item": "Dimensi / kelompok / indikator", "total": "Jumlah",
        "not_applicable": "tidak berlaku", "scale": "Skala level",
        "indicator": "indikator", "indicators": "indikator",
        "bands": "Kategori", "category": "Kat.", "range": "Rentang", "zone": "Zona", "label": "Label",
        "caps": "Batas (caps)", "max_category": "paling tinggi kategori", "max_zone": "paling tinggi",
        "disabled": "Indikator dinonaktifkan (tailoring)", "applies": "Berlaku untuk jenis unit",
        "every_kind": "Semua indikator berlaku untuk setiap jenis unit.", "not_for": "tidak untuk",
        "none": "tidak ada", "nothing": "Tidak ada indikator yang berlaku untuk jenis unit ini.",
        "pass_partial_fail": "lulus/sebagian/gagal", "measured": "terukur dari",
        "inferred": "* disimpulkan atau dipilih, tidak dipublikasikan (alasannya di perangkat aturan)",
        "index": "Indeks", "index_note": "nilai konversi = indeks × {factor}; rentang kategori pada skala indeks",
        "entity": "Hasil entitas", "sampled": "jenis unit sampel", "all_units": "semua unit",
        "combine": "digabung dengan", "mean": "rata-rata", "qualifiers": "Kualifikasi",
        "entity_bands": "Kategori entitas",
    },
    "en": {
        "ruleset": "Rule set", "version": "version", "lineage": "Extends", "kind": "Unit kind",
        "all_kinds": "all (no --unit-kind: every indicator counts)",
        "weights": "Effective weights (share of the total score)", "share": "Share", "weight": "Weight",
        "levels": "Levels", "item": "Dimension / group / indicator", "total": "Total",
        "not_applicable": "not applicable", "scale": "Level scale",
        "indicator": "indicator", "indicators": "indicators",
        "bands": "Categories", "category": "Cat.", "range": "Range", "zone": "Zone", "label": "Label",
        "caps": "Caps", "max_category": "at best category", "max_zone": "at best",
        "disabled": "Disabled indicators (tailoring)", "applies": "Applies to unit kinds",
        "every_kind": "Every indicator applies to every unit kind.", "not_for": "not for",
        "none": "none", "nothing": "No indicator applies to this unit kind.",
        "pass_partial_fail": "pass/partial/fail", "measured": "measured from",
        "inferred": "* inferred or chosen, not published (the rule set says why)",
        "index": "Index", "index_note": "converted value = index × {factor}; category ranges on the index scale",
        "entity": "Entity result", "sampled": "sampled unit kinds", "all_units": "every unit",
        "combine": "combined by", "mean": "mean", "qualifiers": "Qualifiers",
        "entity_bands": "Entity categories",
    },
}


def decimal_text(value: Decimal, lang: str) -> str:
    """A decimal as printed: decimal comma in Indonesian."""
    s = format(value, "f")
    return s.replace(".", ",") if lang == "id" else s


def percent(share: Fraction) -> Decimal:
    """A share of the total as a percentage, rounded half-up to 2 decimals."""
    return round_exact(share * 100, 2)


def percent_text(share: Fraction | None, lang: str) -> str:
    if share is None:
        return "–"
    return decimal_text(percent(share), lang) + (" %" if lang == "id" else "%")


def weight_text(weight: Fraction, lang: str = "en") -> str:
    """A weight as written in the rule set (its exact decimal, without trailing zeros)."""
    if weight.denominator == 1:
        return str(weight.numerator)
    d = Decimal(weight.numerator) / Decimal(weight.denominator)
    return decimal_text(d.normalize(), lang) if to_fraction(d) == weight else str(weight)


def levels_text(levels: Sequence[int]) -> str:
    """0–3 for a contiguous scale, else the levels listed (0, 2)."""
    if len(levels) > 1 and list(levels) == list(range(levels[0], levels[-1] + 1)):
        return f"{levels[0]}–{levels[-1]}"
    return ", ".join(str(x) for x in levels)


def _scale_text(node: Node, lang: str) -> str:
    if node.scale == "measure":
        return f"0–{node.levels[-1]} ({WORDS[lang]['measured']} {node.measure})"
    text = levels_text(node.levels)
    return text if node.scale == "ladder" else f"{text} ({WORDS[lang]['pass_partial_fail']})"


def _band_bound(value: float) -> Decimal:
    return round_exact(to_fraction(value), 2)


def methods_text(described: Iterable[RuleSetWeights], lang: str = "id") -> str:
    """The text report of one or more rule sets, blank line between them."""
    return "\n".join(_one_text(r, lang) for r in described)


def _one_text(r: RuleSetWeights, lang: str) -> str:
    w = WORDS[lang]
    rs = r.ruleset
    lines = [f"{w['ruleset']} {rs.id} ({w['version']} {rs.version}): {rs.metadata.title.get(lang)}"]
    if len(rs.lineage) > 1:
        lines.append(f"  {w['lineage']}: {' → '.join(rs.lineage)}")
    lines.append(f"  {w['kind']}: {r.unit_kind if r.unit_kind is not None else w['all_kinds']}")
    lines += ["", w["weights"], f"  {w['share']:>9}  {w['weight']:>6}  {w['levels']:<6}  {w['item']}"]

    def row(node: Node, depth: int, levels: str = "") -> None:
        note = f" ({w['not_applicable']})" if node.share is None else ""
        star = "*" if node.inferred else ""
        lines.append(f"  {percent_text(node.share, lang):>9}  {weight_text(node.weight, lang) + star:>6}  "
                     f"{levels:<6}  {'  ' * depth}{node.id}  {node.title.get(lang)}{note}")

    for d in r.dimensions:
        row(d, 0)
        for child in d.children:
            if child.kind == "indicator":
                row(child, 1, _scale_text(child, lang))
                continue
            row(child, 1)
            for i in child.children:
                row(i, 2, _scale_text(i, lang))
    if r.total:
        lines.append(f"  {percent_text(r.total, lang):>9}  {'':>6}  {'':<6}  {w['total']}")
    else:
        lines.append(f"  {w['nothing']}")

    scales: dict[str, int] = {}
    for i in r.indicators:
        key = _scale_text(i, lang)
        scales[key] = scales.get(key, 0) + 1
    counted = [f"{k} ({n} {w['indicator'] if n == 1 else w['indicators']})" for k, n in scales.items()]
    lines += ["", f"{w['scale']}: " + "; ".join(counted)]

    index = rs.scoring.index
    if index is not None:
        factor = weight_text(100 / to_fraction(index.max), lang)
        lines += ["", f"{w['index']}: {index.name.get(lang)} 0–{weight_text(to_fraction(index.max), lang)} ("
                      f"{w['index_note'].format(factor=factor)})"]
    lines += ["", w["bands"], *_bands_text(rs.bands, rs.zoned, lang)]
    if rs.entity is not None:
        lines += ["", *_entity_text(rs, lang)]
    if any(n.inferred for n in _all_nodes(r)) or any(b.inferred for b in rs.bands):
        lines += ["", w["inferred"]]

    lines += ["", w["caps"]]
    for cap in rs.caps:
        limits = []
        if cap.max_category is not None:
            limits.append(f"{w['max_category']} {cap.max_category}")
        if cap.max_zone is not None:
            limits.append(f"{w['max_zone']} {ZONE_LABELS[cap.max_zone].get(lang).lower()}")
        lines.append(_wrapped(f"{cap.id}: {', '.join(limits)}. {cap.reason.get(lang)}"))
    if not rs.caps:
        lines.append(f"  {w['none']}")

    lines += ["", w["disabled"]]
    lines += [_wrapped(f"{x.id}: {x.justification.get(lang)}") for x in rs.disabled]
    if not rs.disabled:
        lines.append(f"  {w['none']}")

    lines += ["", w["applies"]]
    restricted = [n for n in _all_nodes(r) if n.applies_to is not None and not _inherited(n, r)]
    for n in restricted:
        line = f"  {n.id}: {', '.join(n.applies_to or ())}"
        others = [k for k in rs.metadata.unit_kinds or () if k not in (n.applies_to or ())]
        if others:
            line += f" ({w['not_for']} {', '.join(others)})"
        lines.append(line)
    if not restricted:
        lines.append(f"  {w['every_kind']}")
    return "\n".join(lines) + "\n"


def _bands_text(bands: Sequence[Band], zoned: bool, lang: str) -> list[str]:
    """The band table; the zone column only when the bands carry zones; * on an inferred range."""
    w = WORDS[lang]
    zone_head = f"{w['zone']:<11}  " if zoned else ""
    lines = [f"  {w['category']:<4}  {w['range']:<13}  {zone_head}{w['label']}"]
    for b in bands:
        span = f"{decimal_text(_band_bound(b.min), lang)}–{decimal_text(_band_bound(b.max), lang)}"
        span += "*" if b.inferred else ""
        zone = f"{ZONE_LABELS[b.zone].get(lang) if b.zone else '–':<11}  " if zoned else ""
        lines.append(f"  {b.category:<4}  {span:<13}  {zone}{b.label.get(lang)}")
    return lines


def _entity_text(rs: RuleSet, lang: str) -> list[str]:
    w = WORDS[lang]
    e = rs.entity
    assert e is not None
    kinds = ", ".join(e.unit_kinds) if e.unit_kinds else w["all_units"]
    lines = [f"{w['entity']}: {e.title.get(lang)}", f"  {w['sampled']}: {kinds}",
             f"  {w['combine']}: {w[e.combine]}"]
    if e.bands:
        lines += [f"  {w['entity_bands']}:", *("  " + x for x in _bands_text(e.bands, any(b.zone for b in e.bands),
                                                                          lang))]
    for q in e.qualifiers:
        lines.append(_wrapped(f"{w['qualifiers']}: {q.label.get(lang)}"
                              + (f". {q.description.get(lang)}" if q.description else "")))
    return lines


def _wrapped(text: str) -> str:
    """A long note as an indented paragraph of at most 100 columns."""
    return textwrap.fill(" ".join(text.split()), width=100, initial_indent="  ", subsequent_indent="    ",
                         break_long_words=False, break_on_hyphens=False)


def _all_nodes(r: RuleSetWeights) -> list[Node]:
    out: list[Node] = []
    for d in r.dimensions:
        out.append(d)
        for child in d.children:
            out.append(child)
            out.extend(child.children)
    return out


def _inherited(node: Node, r: RuleSetWeights) -> bool:
    """True when a node's applies_to only repeats its parent's (listed once, at the parent)."""
    for d in r.dimensions:
        for child in d.children:
            if node is child:
                return child.applies_to == d.applies_to
            if node in child.children:
                return node.applies_to == child.applies_to
    return False
