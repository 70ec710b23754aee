"""The SVG charts of the reports (geometry only; reports/_macros draws them): a unit's score per dimension, the
region's zone distribution, and the heat shade of a score in the roll-up ranking.

Paint and class names come from fixed tables, never from input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compliance.model.assessment import Assessment
from compliance.model.format import Formatter
from compliance.report.strings import STRINGS, ZONE_ORDER, clip

FONT_FAMILY = "Kepatuhan Noto Sans"
SVG_FONT = f"'{FONT_FAMILY}', 'Noto Sans', 'DejaVu Sans', sans-serif"
# SVG paint per zone: a solid fill, a diagonal hatch and a cross hatch (patterns defined in reports/_macros).
BAR_FILL = {"green": ("#1b7a3a", "#0d4d22"), "yellow": ("url(#pat-yellow)", "#a07800"),
            "red": ("url(#pat-red)", "#b3261e")}
HEAT_CLASSES = ("heat-0", "heat-1", "heat-2", "heat-3", "heat-4")


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: float
    width: float
    best_width: float
    text_y: float
    x: float = 0.0          # where the bar starts
    label_x: float = 0.0    # right edge of the label
    value_x: float = 0.0    # where the value text starts
    fill: str = "#1f3b57"   # from BAR_FILL (fixed), never from input
    stroke: str = "none"


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]
    font: str = SVG_FONT
    grid_bottom: float = 0.0
    title: str = ""         # the SVG <title>: the chart's alternative text (a tagged PDF's /Alt of the figure)


def alt_text(caption: str, bars: tuple[Bar, ...]) -> str:
    """What a chart shows, said in words: "Sebaran Zona: Hijau 3 (60 %); Kuning 2 (40 %); …"."""
    return f"{caption}: " + "; ".join(f"{b.label} {b.value_text}" for b in bars) + "."


DIM_LABEL_WIDTH, DIM_BAR_WIDTH = 210, 370       # the dimension chart: label column, width of 100 %


def dimension_chart(fmt: Formatter, a: Assessment) -> BarChart:
    """One bar per applicable dimension: the score solid, the highest possible score dashed."""
    label_w, bar_w, row_h, top = DIM_LABEL_WIDTH, DIM_BAR_WIDTH, 28, 18
    bars = []
    dims = [d for d in a.dimensions if d.applicable]
    for i, d in enumerate(dims):
        y = top + i * row_h
        score = d.score or 0.0
        best = d.best_score if d.best_score is not None else score
        width, best_width = round(bar_w * score / 100, 2), round(bar_w * best / 100, 2)
        bars.append(Bar(label=clip(fmt.text(d.title), 38), value_text=fmt.num(score), y=y, width=width,
                        best_width=best_width, text_y=y + 13, x=label_w, label_x=label_w - 6,
                        value_x=label_w + max(width, best_width) + 5))
    ticks = tuple((label_w + bar_w * p / 100, fmt.integer(p)) for p in (0, 25, 50, 75, 100))
    height = top + len(dims) * row_h + 4
    return BarChart(width=label_w + bar_w + 60, height=height, bars=tuple(bars), ticks=ticks,
                    grid_bottom=height - 2, title=alt_text(STRINGS[fmt.lang]["s_dimensions"], tuple(bars)))


def average_chart(fmt: Formatter, rows: Sequence[tuple[str, float]], caption: str) -> BarChart:
    """One bar per dimension: the region's mean score over the units where it applies (0-100 scale)."""
    label_w, bar_w, row_h, top = DIM_LABEL_WIDTH, DIM_BAR_WIDTH, 24, 18
    bars = []
    for i, (title, mean) in enumerate(rows):
        y = top + i * row_h
        width = round(bar_w * mean / 100, 2)
        bars.append(Bar(label=clip(title, 38), value_text=fmt.num(mean), y=y, width=width, best_width=0.0,
                        text_y=y + 13, x=label_w, label_x=label_w - 6, value_x=label_w + width + 5))
    ticks = tuple((label_w + bar_w * p / 100, fmt.integer(p)) for p in (0, 25, 50, 75, 100))
    height = top + len(rows) * row_h + 4
    return BarChart(width=label_w + bar_w + 60, height=height, bars=tuple(bars), ticks=ticks,
                    grid_bottom=height - 2, title=alt_text(caption, tuple(bars)))


def zone_chart(fmt: Formatter, zones: Mapping[str, int]) -> BarChart:
    """One bar per zone, its length the zone's share of the units."""
    label_w, bar_w, row_h, top_y = 92, 190, 28, 8
    n = sum(zones.values())
    bars = []
    for i, z in enumerate(ZONE_ORDER):
        count = zones.get(z, 0)
        width = round(bar_w * count / n, 2) if n else 0.0
        bars.append(Bar(label=fmt.zone(z), value_text=f"{fmt.integer(count)} ({fmt.pct(count, n)})",
                        y=top_y + i * row_h, width=width, best_width=0.0, text_y=top_y + i * row_h + 12,
                        x=label_w, label_x=label_w - 6, value_x=label_w + width + 5, fill=BAR_FILL[z][0],
                        stroke=BAR_FILL[z][1]))
    return BarChart(width=label_w + bar_w + 100, height=top_y + 3 * row_h + 4, bars=tuple(bars), ticks=(),
                    title=alt_text(STRINGS[fmt.lang]["s_zones"], tuple(bars)))


def heat(score: float | None) -> str:
    """The shade class of a score in the ranking: one per 20 points, "heat-na" where the dimension does not apply."""
    if score is None:
        return "heat-na"
    return HEAT_CLASSES[min(4, int(score // 20))]
