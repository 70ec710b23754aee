"""Output of `compliance skm`: a text table for people, versioned JSON, the YAML evidence fragment. Pure."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import yaml

from compliance import __version__
from compliance.model.format import Formatter
from compliance.skm.ikm import SkmResult, round_half_up
from compliance.skm.lang import Lang, column_letter, say
from compliance.skm.reading import Demographic, Survey

JSON_FORMAT_VERSION = 1
NRR_PLACES = 4
TEXT_CATEGORY_LIMIT = 12  # categories listed per demographic column in text output; JSON lists all


def decimal_text(value: Decimal, lang: Lang) -> str:
    """82.45 in English, 82,45 in Indonesian."""
    text = str(value)
    return text.replace(".", ",") if lang == "id" else text


def integer_text(value: int, lang: Lang) -> str:
    """1,000 in English, 1.000 in Indonesian."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "id" else text


def date_text(value: dt.date, lang: Lang) -> str:
    """31 Mei 2024 / 31 May 2024 (the shared formatter: the reports print dates the same way)."""
    return Formatter(lang).date(value)


def _header_label(d: Demographic, lang: Lang) -> str:
    return d.header or say(lang, f"(kolom {column_letter(d.column)})", f"(column {column_letter(d.column)})")


# ---------------------------------------------------------------------------------------------------------
# Text


def format_text(result: SkmResult, survey: Survey, lang: Lang = "id") -> str:
    """A readable report: the unsur table, IKM, conversion, mutu, kinerja, priority, sample, demographics."""
    def num(value: Decimal) -> str:
        return decimal_text(value, lang)

    lines = [say(lang, f"Survei Kepuasan Masyarakat: {survey.file}",
                 f"Public satisfaction survey (SKM): {survey.file}")]
    m = result.method
    facts: list[tuple[str, str]] = [
        (say(lang, "Metode", "Method"), f"{m.title} ({m.size} unsur)"),
        (say(lang, "Responden", "Respondents"), integer_text(result.respondents, lang)),
    ]
    if result.skipped_rows:
        facts.append((say(lang, "Baris dilewati", "Rows skipped"),
                      say(lang, f"{integer_text(result.skipped_rows, lang)} (tanpa jawaban unsur)",
                          f"{integer_text(result.skipped_rows, lang)} (no unsur answered)")))
    if survey.period:
        first, last = survey.period
        facts.append((say(lang, "Periode survei", "Survey period"),
                      f"{date_text(first, lang)} – {date_text(last, lang)}"))
    lines += _aligned(facts)
    lines.append("")

    head = (say(lang, "Unsur", "Unsur"), say(lang, "Jawaban", "Answers"), say(lang, "Kosong", "Blank"),
            "NRR", say(lang, "NRR tertimbang", "Weighted NRR"))
    body = [
        (f"{u.id:<4}{u.name}", integer_text(u.answers, lang), integer_text(u.blanks, lang),
         num(round_half_up(u.nrr, NRR_PLACES)), num(round_half_up(u.weighted, NRR_PLACES)))
        for u in result.unsur
    ]
    total = (say(lang, "Jumlah (IKM)", "Total (IKM)"), "", "", "", num(result.ikm_display))
    widths = [max(len(r[i]) for r in (head, *body, total)) for i in range(5)]

    def row(cells: tuple[str, ...]) -> str:
        return "  ".join([cells[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(cells[1:], widths[1:],
                                                                                  strict=True))]).rstrip()

    rule = "  ".join("-" * w for w in widths)
    lines += [row(head), rule, *(row(r) for r in body), rule, row(total), ""]

    cat = result.category
    p = result.priority
    summary = [
        (say(lang, "IKM (nilai interval 1–4)", "IKM (interval value 1–4)"), num(result.ikm_display)),
        (say(lang, "Nilai konversi (IKM × 25)", "Converted score (IKM × 25)"), num(result.converted_display)),
        (say(lang, "Mutu pelayanan", "Service quality (mutu)"), cat.mutu),
        (say(lang, "Kinerja unit pelayanan", "Unit performance (kinerja)"),
         say(lang, cat.kinerja, f"{cat.kinerja} ({cat.kinerja_en.lower()})")),
        (say(lang, "Prioritas perbaikan", "Improvement priority"),
         say(lang, f"{p.id} {p.name} (NRR terendah, {num(round_half_up(p.nrr, NRR_PLACES))})",
             f"{p.id} {p.name} (lowest NRR, {num(round_half_up(p.nrr, NRR_PLACES))})")),
    ]
    if result.sample:
        s = result.sample
        verdict = (say(lang, "memadai", "adequate") if s.adequate
                   else say(lang, "tidak memadai", "not adequate"))
        summary.append((say(lang, "Sampel (Krejcie & Morgan)", "Sample (Krejcie & Morgan)"),
                        say(lang, f"populasi {integer_text(s.population, lang)}, minimal "
                                  f"{integer_text(s.required, lang)} responden; "
                                  f"{integer_text(s.respondents, lang)} responden: {verdict}",
                            f"population {integer_text(s.population, lang)}, at least "
                            f"{integer_text(s.required, lang)} respondents; "
                            f"{integer_text(s.respondents, lang)} respondents: {verdict}")))
    lines += _aligned(summary)

    if survey.demographics:
        lines += ["", say(lang, "Demografi responden", "Respondent demographics")]
        for d in survey.demographics:
            lines.append(f"  {_header_label(d, lang)}: {_demographic_text(d, lang)}")
    return "\n".join(lines) + "\n"


def _aligned(pairs: list[tuple[str, str]]) -> list[str]:
    width = max(len(k) for k, _ in pairs)
    return [f"{k.ljust(width)} : {v}" for k, v in pairs]


def _demographic_text(d: Demographic, lang: Lang) -> str:
    blank = say(lang, "tidak diisi", "blank")
    if d.free_text:
        text = say(lang, f"{integer_text(d.distinct, lang)} jawaban berbeda (tidak dirinci)",
                   f"{integer_text(d.distinct, lang)} distinct answers (not itemised)")
        return text + (f"; {blank} {integer_text(d.blank, lang)}" if d.blank else "")
    ranked = sorted(d.counts.items(), key=lambda kv: (-kv[1], kv[0]))
    parts = [f"{k} {integer_text(v, lang)}" for k, v in ranked[:TEXT_CATEGORY_LIMIT]]
    if len(ranked) > TEXT_CATEGORY_LIMIT:
        rest = sum(v for _, v in ranked[TEXT_CATEGORY_LIMIT:])
        parts.append(say(lang, f"lainnya {integer_text(rest, lang)}", f"others {integer_text(rest, lang)}"))
    if d.blank:
        parts.append(f"({blank}) {integer_text(d.blank, lang)}")
    return ", ".join(parts)


# ---------------------------------------------------------------------------------------------------------
# JSON


def to_document(result: SkmResult, survey: Survey) -> dict[str, Any]:
    """The JSON document (format 1): rounded values as decimal strings, exact values as fractions."""
    sample = None
    if result.sample:
        s = result.sample
        sample = {"population": s.population, "required": s.required, "respondents": s.respondents,
                  "adequate": s.adequate, "method": "krejcie-morgan-1970"}
    period = None
    if survey.period:
        period = {"column": survey.date_header, "first": survey.period[0].isoformat(),
                  "last": survey.period[1].isoformat()}
    columns = {c.unsur: c for c in survey.columns}
    return {
        "format": JSON_FORMAT_VERSION,
        "tool": {"name": "kepatuhan", "command": "skm", "version": __version__},
        "source": {"file": survey.file, "kind": survey.kind, "sha256": survey.sha256, "sheet": survey.sheet},
        "method": {"id": result.method.id, "title": result.method.title, "unsur_count": result.method.size},
        "respondents": result.respondents,
        "skipped_rows": result.skipped_rows,
        "unsur": [
            {
                "id": u.id, "name": u.name,
                "column": {"header": columns[u.id].header, "letter": column_letter(columns[u.id].column)},
                "answers": u.answers, "blanks": u.blanks, "sum": u.total,
                "nrr": str(round_half_up(u.nrr, NRR_PLACES)),
                "nrr_weighted": str(round_half_up(u.weighted, NRR_PLACES)),
                "nrr_exact": str(u.nrr),
            }
            for u in result.unsur
        ],
        "ikm": str(result.ikm_display),
        "ikm_exact": str(result.ikm),
        "converted": str(result.converted_display),
        "converted_exact": str(result.converted),
        "mutu": result.category.mutu,
        "kinerja": result.category.kinerja,
        "kinerja_en": result.category.kinerja_en,
        "priority": {"id": result.priority.id, "name": result.priority.name,
                     "nrr": str(round_half_up(result.priority.nrr, NRR_PLACES))},
        "sample": sample,
        "period": period,
        "demographics": [
            {"header": d.header, "column": column_letter(d.column), "counts": dict(d.counts),
             "blank": d.blank, "distinct": d.distinct, "free_text": d.free_text}
            for d in survey.demographics
        ],
    }


def format_json(result: SkmResult, survey: Survey) -> str:
    """Deterministic JSON: sorted keys, lists in unsur/column order, no timestamps."""
    return json.dumps(to_document(result, survey), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# ---------------------------------------------------------------------------------------------------------
# Evidence fragment


class _EvidenceDumper(yaml.SafeDumper):
    """SafeDumper that writes Decimal as a plain YAML float with its own digits (82.40, not 82.4)."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


_EvidenceDumper.add_representer(Decimal, _represent_decimal)


def format_evidence(result: SkmResult, survey: Survey, *, indicator: str, survey_date: dt.date,
                    source_file: str) -> str:
    """The YAML EvidenceFragment that rule sets read (facts: survey_date, survey_method, ikm, mutu, ...)."""
    facts: dict[str, Any] = {
        "survey_date": survey_date,
        "survey_method": result.method.id,
        "ikm": result.converted_display,
        "mutu": result.category.mutu,
        "respondents": result.respondents,
    }
    if result.sample is not None:
        facts["sample_adequate"] = result.sample.adequate
    doc = {
        "apiVersion": "compliance/v1",
        "kind": "EvidenceFragment",
        "source": {"tool": "compliance skm", "file": source_file, "sha256": survey.sha256},
        "indicators": {indicator: {"facts": facts}},
    }
    shown = " ".join(source_file.split())
    comment = f"# Generated by `compliance skm` from {shown} (sha256 {survey.sha256}). Do not edit by hand.\n"
    body = yaml.dump(doc, Dumper=_EvidenceDumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False)
    return comment + body
