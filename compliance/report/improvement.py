"""The improvement table of a unit report: the path to the next zone and the one to the next category in one
table, every action once with its remediation text once, and one column per path (level change and gain)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from compliance.model.assessment import Action, Assessment, Route
from compliance.model.format import Formatter
from compliance.model.labels import ZONE_NAMES
from compliance.report.strings import STRINGS


@dataclass(frozen=True)
class StepCell:
    levels: str           # "1 ke 3", or "—" when the step is not part of this path
    gain: str             # "+3,70", or ""


@dataclass(frozen=True)
class StepRow:
    no: str
    title: str
    remediation: tuple[str, ...]   # printed once, for the highest target level among the paths
    cells: tuple[StepCell, ...]    # one per ImprovementView.columns


@dataclass(frozen=True)
class PathColumn:
    heading: str          # "Menuju Zona Hijau" (or both targets when the paths are the same)
    score_after: str
    message: str | None   # "cannot be reached by raising indicators alone"


@dataclass(frozen=True)
class ImprovementView:
    intro: str
    columns: tuple[PathColumn, ...]
    rows: tuple[StepRow, ...]
    notes: tuple[str, ...]         # "already in the best zone", "the same steps as ..."
    column_mm: int = 29            # width of each path column (one merged column gets more room for its heading)


def _step(fmt: Formatter, x: Action) -> StepCell:
    return StepCell(levels=f"{x.from_level} {STRINGS[fmt.lang]['to']} {x.to_level}", gain="+" + fmt.num(x.gain))


def improvement_view(fmt: Formatter, a: Assessment, numbers: Mapping[str, str]) -> ImprovementView:
    """`numbers` maps indicator ids to their number in the indicator table."""
    t = STRINGS[fmt.lang]
    notes: list[str] = []
    paths: list[tuple[str, str, Route]] = []
    for path, top, kind in ((a.path_to_next_zone, t["path_top_zone"], "zone"),
                            (a.path_to_next_category, t["path_top_category"], "category")):
        if path is None:
            notes.append(top)
            continue
        target = fmt.zone(path.target) if kind == "zone" and path.target in ZONE_NAMES else path.target
        paths.append((t[f"to_{kind}"].format(target=target), target, path))

    def steps(p: Route) -> list[tuple[str, int, int]]:
        return [(x.indicator, x.from_level, x.to_level) for x in p.actions]

    if (len(paths) == 2 and steps(paths[0][2]) == steps(paths[1][2])
            and paths[0][2].reachable == paths[1][2].reachable):
        (_, t1, p1), (_, t2, _) = paths
        paths = [(t["to_both"].format(zone=t1, category=t2), f"{t1} / {t2}", p1)]
        notes.append(t["path_same"])
    columns = tuple(PathColumn(heading=h, score_after=fmt.num(p.score_after),
                               message=None if p.reachable else t["path_unreachable"]) for h, _, p in paths)
    order: list[str] = []
    best: dict[str, Action] = {}
    for _, _, p in paths:
        for x in p.actions:
            if x.indicator not in best:
                order.append(x.indicator)
                best[x.indicator] = x
            elif x.to_level > best[x.indicator].to_level:
                best[x.indicator] = x
    by_path = [{x.indicator: x for x in p.actions} for _, _, p in paths]
    rows = []
    for ind in order:
        x = best[ind]
        cells = tuple(StepCell(levels=t["step_absent"], gain="") if m.get(ind) is None else _step(fmt, m[ind])
                      for m in by_path)
        rows.append(StepRow(no=numbers.get(ind, ""), title=fmt.text(x.title),
                            remediation=tuple(fmt.text(r) for r in x.remediation), cells=cells))
    return ImprovementView(intro=t["path_intro"], columns=columns, rows=tuple(rows), notes=tuple(notes),
                           column_mm=29 if len(columns) > 1 else 36)
