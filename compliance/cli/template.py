"""`compliance template RULESET --unit-kind KIND [-o FILE]`: the blank evidence checklist for one unit."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys

from compliance.cli.argtext import tr
from compliance.messages import current_lang, say
from compliance.model.ruleset import RuleSet

TYPE_HINT = {
    "boolean": "true / false",
    "number": "angka",
    "integer": "bilangan bulat",
    "date": "tanggal YYYY-MM-DD",
    "text": "teks",
    "choice": "salah satu dari: {choices}",
    "attachments": "daftar lampiran, mis. [{{path: lampiran/berkas.pdf, date: 2024-01-31}}]",
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("ruleset", metavar="RULESET", help=tr("id perangkat aturan bawaan atau berkas perangkat aturan",
                                                         "a shipped rule-set id or a rule-set file"))
    p.add_argument("--unit-kind", metavar="KIND", help=tr("jenis unit (dinas, kecamatan, ...)",
                                                          "the kind of unit (dinas, kecamatan, ...)"))
    p.add_argument("-o", "--output", metavar="FILE",
                   help=tr("tulis ke FILE (secara atomik), bukan ke keluaran standar",
                           "write to FILE (atomically) instead of standard output"))
    p.add_argument("--format", choices=["yaml", "xlsx"], default=None,
                   help=tr("yaml atau xlsx (bawaan: dari akhiran nama FILE, selain itu yaml)",
                           "yaml or xlsx (default: from the extension of FILE, else yaml)"))
    p.add_argument("--force", action="store_true", help=tr("timpa FILE bila sudah ada", "overwrite FILE if it exists"))
    p.add_argument("--update", metavar="EXISTING",
                   help=tr("bawa jawaban daftar isian lama (.yaml atau .xlsx) ke versi perangkat aturan ini dan "
                           "sebutkan pertanyaan yang baru",
                           "carry the answers of an older checklist (.yaml or .xlsx) into this rule set's version and "
                           "list the questions that are new"))


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


_PLAIN = re.compile(r"[a-z][a-z0-9_-]*")


def _c(s: str) -> str:
    """Rule-set text for a `#` comment: on one line. YAML also breaks lines at CR, NEL, LS and PS, so a
    title holding one would otherwise end the comment and inject keys into the evidence file."""
    return " ".join(s.split())


def render_template(rs: RuleSet, kind: str) -> str:
    """The blank evidence file: every applicable indicator and fact, with its prompt and expected proof."""
    out = [
        f"# Daftar periksa bukti: {_c(rs.metadata.title.id)} ({rs.id} versi {_c(rs.version)})",
        f"# Jenis unit: {_c(kind)}. Isi setiap fakta; biarkan null bila belum ada (null = belum diketahui,",
        "# bukan 'tidak'). Lampiran ditulis relatif terhadap folder berkas ini.",
        "apiVersion: compliance/v1",
        "kind: Evidence",
        "unit:",
        "  id: isi-id-unit            # huruf kecil, angka, tanda hubung; unik di wilayah",
        f"  name: {_q('Nama unit')}",
        f"  kind: {kind if _PLAIN.fullmatch(kind) else _q(kind)}",
        f"  region: {_q('Kabupaten ...')}",
        f"ruleset: {{id: {rs.id}, version: {_q(rs.version)}}}",
        "# period: {from: 2024-01-01, until: 2024-12-31}",
        "# assessor: {name: \"Nama penilai\", nip: \"...\"}",
        "# assessment_date: 2024-06-30",
        "indicators:",
    ]
    for dim in rs.dimensions:
        if dim.applies_to is not None and kind not in dim.applies_to:
            continue
        items = [(None, i) for i in dim.indicators] + [(g, i) for g in dim.groups for i in g.indicators]
        live = [(g, i) for g, i in items if (g is None or g.applies_to is None or kind in g.applies_to)
                and (i.applies_to is None or kind in i.applies_to)]
        if not live:
            continue
        out.append(f"  # ===== {_c(dim.title.id)} (bobot {dim.weight:g}) =====")
        for _, ind in live:
            out.append(f"  {ind.id}:")
            out.append(f"    # {_c(ind.title.id)}")
            if ind.allow_not_applicable:
                out.append("    # Bila tidak berlaku: not_applicable: {reason: \"...\", legal_basis: \"...\"}")
            out.append("    facts:")
            for name, fact in ind.facts.items():
                hint = TYPE_HINT[fact.type].format(choices=", ".join(fact.choices or ()))
                out.append(f"      # {_c(fact.prompt.id)} ({_c(hint)})")
                if fact.proof is not None:
                    out.append(f"      # Bukti: {_c(fact.proof.id)}")
                out.append(f"      {name}: null")
    for q in rs.entity.qualifiers if rs.entity is not None else ():
        # A qualifier is not scored; its facts decide whether it is added to the entity's result.
        out.append(f"  # ===== Kualifikasi entitas: {_c(q.label.id)} (tidak menambah nilai) =====")
        out.append(f"  {q.id}:")
        out.append("    facts:")
        for name, fact in q.facts.items():
            hint = TYPE_HINT[fact.type].format(choices=", ".join(fact.choices or ()))
            out.append(f"      # {_c(fact.prompt.id)} ({_c(hint)})")
            out.append(f"      {name}: null")
    return "\n".join(out) + "\n"


def run(args: argparse.Namespace) -> int:
    from compliance.catalog import load_ruleset

    rs = load_ruleset(args.ruleset)
    if args.unit_kind is None and not args.update:
        print("compliance template: " + say(current_lang(),
                                            "kesalahan: --unit-kind JENIS wajib (kecuali dengan --update)",
                                            "error: --unit-kind KIND is required (except with --update)"),
              file=sys.stderr)
        return 2
    kinds = rs.metadata.unit_kinds
    if kinds and args.unit_kind is not None and args.unit_kind not in kinds:
        print(say(args.lang, f"compliance template: kesalahan: jenis unit {args.unit_kind!r} bukan salah satu dari "
                  f"{', '.join(kinds)}",
                  f"compliance template: error: unit kind {args.unit_kind!r} is not one of {', '.join(kinds)}"),
              file=sys.stderr)
        return 2
    fmt = args.format or ("xlsx" if (args.output or "").lower().endswith(".xlsx") else "yaml")
    if args.output and os.path.lexists(args.output) and not os.path.isdir(args.output) and not args.force:
        print("compliance template: " + say(
            current_lang(),
            f"kesalahan: {args.output} sudah ada; tidak ditimpa (daftar periksa yang sudah diisi bisa hilang): pilih "
            "nama lain atau tambahkan --force",
            f"error: {args.output} exists; not overwritten (a filled checklist could be lost): choose another name or "
            "add --force"), file=sys.stderr)
        return 2
    if args.update:
        return _update(args, rs)
    if fmt == "xlsx":
        from compliance.checklist.writer import write_workbook

        if not args.output:
            print("compliance template: " + say(current_lang(), "kesalahan: buku kerja XLSX perlu -o BERKAS.xlsx",
                                                "error: an XLSX workbook needs -o FILE.xlsx"), file=sys.stderr)
            return 2
        data: bytes | str = write_workbook(rs, args.unit_kind)
    else:
        data = render_template(rs, args.unit_kind)
    if args.output:
        from compliance.atomic import write_atomic

        write_atomic(args.output, data)
    else:
        sys.stdout.write(str(data))
    return 0


def _update(args: argparse.Namespace, rs: RuleSet) -> int:
    from compliance.atomic import write_atomic
    from compliance.checklist.convert import update

    if not args.output:
        print("compliance template: " + say(current_lang(), "kesalahan: --update perlu -o BERKAS-BARU",
                                            "error: --update needs -o NEW-FILE"), file=sys.stderr)
        return 2
    data, new = update(args.update, rs, args.unit_kind, args.output)
    write_atomic(args.output, data)
    if new:
        print(say(current_lang(), f"{len(new)} pertanyaan baru di {rs.id} versi {rs.version} yang tidak ada di "
                                  f"{args.update}:",
                  f"{len(new)} new question(s) in {rs.id} version {rs.version} that {args.update} does not have:"))
        for line in new:
            print(f"  - {_c(line)}")
    else:
        print(say(current_lang(), f"Tidak ada pertanyaan baru: semua pertanyaan {rs.id} versi {rs.version} sudah "
                                  f"ada di {args.update}.",
                  f"No new questions: {args.update} has every question of {rs.id} version {rs.version}."))
    return 0
