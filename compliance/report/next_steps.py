"""What the unit must do next, for the first page of its report and the top of the terminal text: the actions
that gain the most (one level up on an indicator each, ranked by the points gained, as the engine ranks them), by
the indicator's title, with the points, what to do, and what to gather, named by the facts' prompts."""

from __future__ import annotations

from dataclasses import dataclass

from compliance.model.assessment import Action, Assessment, Need
from compliance.model.format import Formatter

MAX_STEPS = 5

WORDS = {
    "id": {"heading": "Langkah berikutnya", "points": "poin", "level": "level {a} ke {b}",
           "intro": "Langkah yang paling menaikkan nilai, dimulai dari yang terbesar.",
           "needs": "Yang perlu disiapkan", "proof": "bukti", "none": "Tidak ada langkah lagi: semua indikator "
           "sudah di level tertingginya."},
    "en": {"heading": "Next steps", "points": "points", "level": "level {a} to {b}",
           "intro": "The steps that raise the score most, the largest first.",
           "needs": "To prepare", "proof": "proof", "none": "No steps left: every indicator is at its top level."},
}


@dataclass(frozen=True)
class NextStep:
    no: str
    title: str               # the indicator's title
    gain: str                # "+1,35 poin"
    levels: str              # "level 0 ke 1"
    todo: tuple[str, ...]    # the remediation texts of the levels climbed
    needs: tuple[str, ...]   # "SK penunjukan pengelola pengaduan (bukti: SK)"


@dataclass(frozen=True)
class NextSteps:
    heading: str
    intro: str
    needs_label: str
    steps: tuple[NextStep, ...]
    empty: str               # said when there is no step left


def _need(fmt: Formatter, n: Need) -> str:
    text = fmt.text(n.prompt)
    if n.proof is not None:
        proof = fmt.text(n.proof)
        if proof and proof.lower() not in text.lower():
            text += f" ({WORDS[fmt.lang]['proof']}: {proof})"
    return text


def _step(fmt: Formatter, i: int, x: Action) -> NextStep:
    w = WORDS[fmt.lang]
    return NextStep(no=fmt.integer(i), title=fmt.text(x.title), gain=f"+{fmt.num(x.gain)} {w['points']}",
                    levels=w["level"].format(a=x.from_level, b=x.to_level),
                    todo=tuple(fmt.text(r) for r in x.remediation),
                    needs=tuple(_need(fmt, n) for n in x.needs))


def next_steps(fmt: Formatter, a: Assessment, n: int = MAX_STEPS) -> NextSteps:
    """The first `n` of the unit's actions (already ranked by gain, then indicator id)."""
    w = WORDS[fmt.lang]
    steps = tuple(_step(fmt, i, x) for i, x in enumerate(a.actions[:n], 1))
    return NextSteps(heading=w["heading"], intro=w["intro"], needs_label=w["needs"], steps=steps, empty=w["none"])


def next_steps_text(fmt: Formatter, a: Assessment, n: int = MAX_STEPS, indent: str = "  ") -> list[str]:
    """The same as lines of the terminal text."""
    v = next_steps(fmt, a, n)
    if not v.steps:
        return [f"{indent}{v.heading}: {v.empty}"]
    lines = [f"{indent}{v.heading}:"]
    for s in v.steps:
        lines.append(f"{indent}  {s.no}. {s.title}: {s.gain} ({s.levels})")
        lines.extend(f"{indent}     {t}" for t in s.todo)
        if s.needs:
            lines.append(f"{indent}     {v.needs_label}: " + "; ".join(s.needs))
    return lines
