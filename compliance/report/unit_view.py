"""The view model of one unit's report (pure): every label, number, date and sort order is decided here or in the
pieces it uses (improvement.py, trace.py, charts.py); reports/unit.html.j2 only loops and prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compliance.load.attachments import problem_text
from compliance.model.assessment import Assessment, IndicatorResult
from compliance.model.format import Formatter, Translated
from compliance.model.labels import ZONE_NAMES, not_applicable_text
from compliance.model.report_config import Official
from compliance.report.charts import BarChart, dimension_chart
from compliance.report.digest import digest_of
from compliance.report.headline import (
    completeness_facts,
    completeness_note,
    completeness_short,
    is_provisional,
    provisional_headline,
    provisional_label,
)
from compliance.report.improvement import ImprovementView, improvement_view
from compliance.report.next_steps import NextSteps, next_steps
from compliance.report.official import (
    OFFICIAL_STRINGS,
    LetterheadView,
    SignatoryView,
    VerificationView,
    letterhead,
    signatories,
    verification,
)
from compliance.report.strings import (
    DATE_SOURCE,
    STATUS_CLASS,
    STRINGS,
    ZONE_CLASS,
    ZONE_SHAPE,
    Field,
    clip,
    zone_key,
)
from compliance.report.trace import TraceView, trace_view
from compliance.report.warning_text import warning_text

SHORT_SHA = 12


@dataclass(frozen=True)
class ZoneBadge:
    css: str             # from ZONE_CLASS
    shape: str           # circle | triangle | square
    word: str            # "ZONA HIJAU"
    category: str
    category_label: str


@dataclass(frozen=True)
class EvidenceRef:
    name: str             # the file name, without its folder (the full path is in the evidence list)
    short_sha: str
    problem: str | None
    short_name: str = ""  # the name as printed: without a leading indicator id ("…briefing_record-1.pdf")


@dataclass(frozen=True)
class IndicatorRow:
    no: str
    id: str
    title: str
    level: str            # "1 / 2"
    level_label: str
    points: str           # "37,50 / 75,00"
    status: str
    status_css: str
    evidence: tuple[EvidenceRef, ...]
    note: str | None
    detail: str | None    # the not-applicable reason
    incomplete: str = ""  # "data belum lengkap" when facts are missing (listed in the unknowns table)
    completeness: str = ""  # "1 dari 3 diisi" while some of the indicator's facts are not given


@dataclass(frozen=True)
class DimensionBlock:
    title: str
    score: str
    rows: tuple[IndicatorRow, ...]
    completeness: str = ""  # "data 80 % lengkap" while some of the dimension's facts are not given


@dataclass(frozen=True)
class UnknownRow:
    no: str
    title: str
    facts: str


@dataclass(frozen=True)
class AttachmentRow:
    path: str
    size: str
    sha256: str
    problem: str | None
    no: str = ""          # the indicator's number in the indicator table
    date: str = ""        # "2 Mei 2024 (dari EXIF foto)": a date not given in the evidence file but read from the photo
    first: bool = True    # the first file of its indicator (the number is printed once)


@dataclass(frozen=True)
class CapRow:
    id: str
    reason: str
    limit: str
    applies: str


@dataclass(frozen=True)
class Signatory:
    role: str
    name: str


@dataclass(frozen=True)
class DisabledRow:
    id: str
    reason: str


@dataclass(frozen=True)
class UnitReportView:
    lang: str
    t: Mapping[str, str]
    title: str
    unit_name: str
    header_left: str        # rule set id and version, in the running header
    header_right: str       # unit name
    footer_left: str
    cover: tuple[Field, ...]    # page 1: what the unit and the round are
    details: tuple[Field, ...]  # the appendix: everything, with the assessor, the files and their SHA-256
    score: str
    score_range: str
    headline: str | None    # "Nilai sementara, data 35 % lengkap: 5,69 (…) – 96,93 (…)" while facts are open
    next_steps: NextSteps   # the first page's "Langkah berikutnya"
    score_label: str        # "Nilai", or "Nilai sementara" while open facts could change the score
    completeness: str       # "7 dari 20 data diisi (35 %)" on the cover
    badge: ZoneBadge
    band_note: str | None
    caps: tuple[CapRow, ...]
    chart: BarChart
    dimensions: tuple[DimensionBlock, ...]
    names_shortened: bool   # some evidence names are printed without their indicator-id prefix
    unknowns: tuple[UnknownRow, ...]
    range_rows: tuple[Field, ...]
    evidence_intro: str     # what No means, and the folder shared by every evidence path (printed once)
    improvement: ImprovementView
    trace: TraceView
    attachments: tuple[AttachmentRow, ...]
    signatories: tuple[Signatory, ...]
    sign_date: str
    warnings: tuple[str, ...]
    index: str = ""         # "Indeks 4,61" for a rule set with an index (scoring.index); "" without one
    letterhead: LetterheadView | None = None
    number: str | None = None           # the document number (with a report configuration)
    place_date: str = ""                # "Tenggarong, 30 September 2024"
    official_signatories: tuple[SignatoryView, ...] = ()
    verification: VerificationView | None = None
    appendix: bool = True               # the auditor's detail is printed (always in HTML; PDF with --detail full)
    disabled: tuple[DisabledRow, ...] = ()


def badge(fmt: Formatter, zone: str | None, category: str, label: Translated) -> ZoneBadge:
    """The result's badge: the zone's word, colour and shape; without zones, the band's label on a neutral one."""
    word = fmt.zone(zone) if zone is not None else fmt.text(label)
    return ZoneBadge(css=ZONE_CLASS[zone_key(zone)], shape=ZONE_SHAPE[zone_key(zone)], word=word.upper(),
                     category=category, category_label=fmt.text(label))


def build_unit_view(a: Assessment, lang: str = "id", *, official: Official | None = None, number: str | None = None,
                    appendix: bool = True, disabled: Sequence[tuple[str, Translated]] = ()) -> UnitReportView:
    """The view of one unit's report, in `lang` (id or en).

    `official`: the report configuration (letterhead, place, signatories); `number`: the document number;
    `appendix`: print the auditor's detail; `disabled`: the rule set's disabled indicators (id, justification).
    """
    fmt = Formatter(lang)
    t = {**STRINGS[lang], **OFFICIAL_STRINGS[lang]}
    u = a.unit
    period = (f"{fmt.date(a.period_from)} – {fmt.date(a.period_until)}"
              if a.period_from or a.period_until else t["not_given"])
    cover = [
        Field(t["unit"], u.name),
        Field(t["kind"], u.kind),
        Field(t["region"], u.region + (f", {t['kecamatan']} {u.kecamatan}" if u.kecamatan else "")),
    ]
    if u.address:
        cover.append(Field(t["address"], u.address))
    cover += [
        Field(t["ruleset"], f"{a.ruleset.id} ({t['version']} {a.ruleset.version}) — {fmt.text(a.ruleset.title)}"),
        Field(t["period"], period),
        Field(t["assessor"], a.assessor or t["not_given"]),
        Field(t["reviewer"], a.reviewer or t["not_given"]),
        Field(t["as_of"], fmt.date(a.as_of)),
    ]
    # A qualifier (e.g. "Tanpa Maladministrasi") is decided for the entity; the unit's own part is shown here.
    cover += [Field(fmt.text(q.label), t["q_unknown"] if q.holds is None else t["q_yes"] if q.holds else t["q_no"])
              for q in a.qualifiers]
    if a.derivation is not None:
        d = a.derivation
        cover.append(Field(t["derived_from"], t["derived_value"].format(
            source=d.source, supplied=fmt.integer(d.supplied), facts=fmt.integer(d.facts), share=fmt.num(d.share))))
    details = list(cover)   # the appendix: the cover, the evidence file and the hashes
    if a.evidence_file:
        details.append(Field(t["evidence_file"], _basename(a.evidence_file)))
    details.append(Field(t["ruleset_sha"], a.ruleset.sha256, mono=True))
    if a.evidence_sha256:
        details.append(Field(t["evidence_sha"], a.evidence_sha256, mono=True))
    c = a.classification
    band_note = None
    if c.capped_by:
        band_note = (f"{t['capped_note']}: {', '.join(c.capped_by)} "
                     f"({t['band_category']}: {c.band_category})")
    numbers = _numbers(a)
    blocks = _indicator_rows(fmt, a)
    folder = _common_folder([r.path for r in a.attachments])
    unknowns = tuple(UnknownRow(no=numbers.get(ind.id, ""), title=fmt.text(ind.title), facts=_missing(fmt, ind))
                     for ind in a.indicators if ind.missing_facts)
    cb = a.classification_best
    range_rows = (
        Field(t["range_now"], f"{fmt.num(a.score)} ({t['category']} {c.category}, "
                              f"{fmt.zone(c.zone) if c.zone else fmt.text(c.label)})"),
        Field(t["range_best"], f"{fmt.num(a.score_best)} ({t['category']} {cb.category}, "
                               f"{fmt.zone(cb.zone) if cb.zone else fmt.text(cb.label)})"),
        Field(t["range_cat"], c.category if c.category == cb.category else f"{c.category} – {cb.category}"),
    )
    atts = tuple(AttachmentRow(path=r.path[len(folder):],
                               size=fmt.integer(r.size) if r.size is not None else t["none"],
                               sha256=r.sha256 or t["none"], no=numbers.get(r.indicator, ""),
                               problem=problem_text(r.problem, lang) if r.problem else None,
                               date=_attachment_date(fmt, r.date, r.date_source),
                               first=i == 0 or a.attachments[i - 1].indicator != r.indicator)
                 for i, r in enumerate(a.attachments))
    caps = tuple(CapRow(id=x.id, reason=fmt.text(x.reason),
                        limit=fmt.zone(x.limit) if x.limit in ZONE_NAMES else f"{t['category']} {x.limit}",
                        applies=t["cap_yes"] if x.applies == "yes" else t["cap_possibly"]) for x in a.caps)
    signers = (Signatory(t["sign_assessor"], a.assessor or ""), Signatory(t["sign_reviewer"], a.reviewer or ""),
               Signatory(t["sign_head"], ""))
    sign_date = fmt.date(a.assessment_date or a.as_of)
    return UnitReportView(
        lang=lang, t=t, title=t["doc_title"], unit_name=u.name,
        header_left=f"{a.ruleset.id} {t['version']} {a.ruleset.version}", header_right=clip(u.name, 70),
        footer_left=f"{t['as_of']}: {fmt.date(a.as_of)}",
        cover=tuple(cover), details=tuple(details), score=fmt.num(a.score),
        index=f"{t['index']} {fmt.num(a.index)}" if a.index is not None else "",
        score_range=f"{fmt.num(a.score)} – {fmt.num(a.score_best)}",
        headline=provisional_headline(fmt, a), next_steps=next_steps(fmt, a),
        score_label=provisional_label(fmt) if is_provisional(a) else t["score"],
        completeness=("" if a.completeness is None else
                      f"{completeness_facts(fmt, a.completeness)} "
                      f"({fmt.completeness(a.completeness.answered, a.completeness.total)})"),
        badge=badge(fmt, c.zone, c.category, c.label), band_note=band_note, caps=caps,
        chart=dimension_chart(fmt, a), dimensions=blocks,
        names_shortened=any(e.short_name != e.name for d in blocks for r in d.rows for e in r.evidence),
        unknowns=unknowns, range_rows=range_rows,
        evidence_intro=t["evidence_intro"] + (" " + t["evidence_folder"].format(folder=folder) if folder else ""),
        improvement=improvement_view(fmt, a, numbers),
        trace=trace_view(fmt, a, numbers), attachments=atts, signatories=signers,
        sign_date=sign_date, warnings=tuple(warning_text(x, lang) for x in a.warnings),
        letterhead=letterhead(official), number=number,
        place_date=f"{official.config.place}, {sign_date}" if official else "",
        official_signatories=signatories(official, t) if official else (),
        verification=verification(digest_of(a)), appendix=appendix,
        disabled=tuple(DisabledRow(id=i, reason=fmt.text(j)) for i, j in disabled),
    )


def _attachment_date(fmt: Formatter, date: dt.date | None, source: str | None) -> str:
    """The date the loader read from the file itself, saying so; "" for a date the evidence gives (or none)."""
    said = DATE_SOURCE[fmt.lang].get(source or "", "")
    return f"{fmt.date(date)} ({said})" if date is not None and said else ""


def _indicator_rows(fmt: Formatter, a: Assessment) -> tuple[DimensionBlock, ...]:
    t = STRINGS[fmt.lang]
    shas = {(r.indicator, r.path): r for r in a.attachments}
    blocks = []
    n = 0
    for d in a.dimensions:
        rows = []
        for ind in (i for i in a.indicators if i.dimension == d.id):
            n += 1
            refs = []
            for p in ind.attachments_used:
                rec = shas.get((ind.id, p))
                short = (rec.sha256 or "")[:SHORT_SHA] if rec else ""
                problem = problem_text(rec.problem, fmt.lang) if rec and rec.problem else None
                refs.append(EvidenceRef(name=_basename(p), short_sha=short, problem=problem,
                                        short_name=_without_id(_basename(p), ind.id)))
            rows.append(IndicatorRow(
                no=fmt.integer(n), id=ind.id, title=fmt.text(ind.title),
                level=(f"{ind.level} / {ind.max_level}" if ind.level is not None else t["none"]),
                level_label=fmt.text(ind.level_label) if ind.level_label else "",
                points=(f"{fmt.num(ind.points)} / {fmt.num(ind.max_points)}" if ind.status != "not_applicable"
                        else t["none"]),
                status=fmt.status(ind.status), status_css=STATUS_CLASS[ind.status],
                evidence=tuple(refs), note=ind.note,
                incomplete=t["incomplete"] if ind.missing_facts and ind.status != "not_applicable" else "",
                completeness=("" if ind.completeness is None or ind.completeness.complete
                              else completeness_short(fmt, ind.completeness)),
                detail=_detail(ind, a.unit.kind, fmt.lang)))
        blocks.append(DimensionBlock(title=fmt.text(d.title),
                                     score=fmt.num(d.score) if d.applicable else t["none"], rows=tuple(rows),
                                     completeness=completeness_note(fmt, d.completeness)))
    return tuple(blocks)


def _without_id(name: str, indicator: str) -> str:
    """`name` without a leading indicator id (the row already prints it): "…briefing_record-1.pdf"."""
    rest = name[len(indicator):] if name.startswith(indicator) else ""
    if len(rest) > 1 and rest[0] in "._- ":
        return "…" + rest[1:]
    return name


def _numbers(a: Assessment) -> dict[str, str]:
    """Indicator id -> its number in the indicator table (dimension order, then rule-set order)."""
    out: dict[str, str] = {}
    for d in a.dimensions:
        for ind in a.indicators:
            if ind.dimension == d.id:
                out[ind.id] = str(len(out) + 1)
    return out


def _missing(fmt: Formatter, ind: IndicatorResult) -> str:
    """The facts not given, by their prompts (by name only in results written before prompts were recorded)."""
    if len(ind.missing_prompts) == len(ind.missing_facts):
        return "; ".join(fmt.text(p) for p in ind.missing_prompts)
    return ", ".join(ind.missing_facts)


def _detail(ind: IndicatorResult, kind: str, lang: str) -> str | None:
    if ind.status == "not_applicable":
        return not_applicable_text(ind.not_applicable_reason, kind, lang)
    return None   # missing data is listed once, in the unknowns table (the row only flags it)


def _common_folder(paths: Sequence[str]) -> str:
    """The folder ("lampiran/") that every path starts with, or "" (the evidence list prints it once)."""
    if not paths:
        return ""
    parts = [p.split("/")[:-1] for p in paths]
    common: list[str] = []
    for names in zip(*parts, strict=False):
        if len(set(names)) != 1 or not names[0] or names[0] in (".", ".."):
            break
        common.append(names[0])
    return "".join(f"{c}/" for c in common)


def _basename(p: str) -> str:
    return p.replace("\\", "/").rsplit("/", 1)[-1]
