"""`compliance convert IN -o OUT`: evidence between YAML and a checklist workbook (.xlsx), both ways, without
loss. `compliance convert EVIDENCE --to RULESET [-o OUT]`: the target rule set's checklist for the unit, pre-filled
with the facts it derives (`derives_from`) from evidence written for another rule set."""

from __future__ import annotations

import argparse
import os
import sys

from compliance.cli.argtext import tr
from compliance.messages import Msg, current_lang, say


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("evidence", metavar="IN", help=tr("berkas bukti (.yaml) atau buku kerja daftar isian (.xlsx)",
                                                     "an evidence file (.yaml) or a checklist workbook (.xlsx)"))
    p.add_argument("--to", metavar="RULESET",
                   help=tr("perangkat aturan (id bawaan atau berkas) yang daftar isiannya ditulis; ia harus "
                           "menurunkan data dari perangkat aturan bukti itu (derives_from)",
                           "the rule set (shipped id or file) whose checklist to write; it must derive facts from the "
                           "evidence's rule set (derives_from)"))
    p.add_argument("-o", "--output", metavar="OUT",
                   help=tr("tulis ke OUT (.yaml atau .xlsx, secara atomik); tanpa --to formatnya mengikuti akhiran "
                           "nama berkas", "write to OUT (.yaml or .xlsx, atomically); without --to the format "
                           "follows the extension"))
    p.add_argument("--force", action="store_true", help=tr("timpa OUT bila sudah ada", "overwrite OUT if it exists"))


def _between_formats(args: argparse.Namespace) -> int:
    from compliance.atomic import write_atomic
    from compliance.checklist.convert import convert

    out = args.output
    if not out or not out.lower().endswith((".yaml", ".yml", ".xlsx")):
        print("compliance convert: " + say(current_lang(),
                                           "kesalahan: berikan -o BERKAS.yaml atau -o BERKAS.xlsx (atau --to RULESET)",
                                           "error: give -o FILE.yaml or -o FILE.xlsx (or --to RULESET)"),
              file=sys.stderr)
        return 2
    write_atomic(out, convert(args.evidence, out))
    return 0


def run(args: argparse.Namespace) -> int:
    from compliance.catalog import load_ruleset
    from compliance.engine.mapping import derivation_for, derive
    from compliance.load.evidence import load_evidence
    from compliance.report.checklist import render_prefilled

    if args.output and os.path.lexists(args.output) and not os.path.isdir(args.output) and not args.force:
        print("compliance convert: " + say(current_lang(),
                                           f"kesalahan: {args.output} sudah ada; tidak ditimpa: pilih nama lain atau "
                                           "tambahkan --force",
                                           f"error: {args.output} exists; not overwritten: choose another name or add "
                                           "--force"), file=sys.stderr)
        return 2
    if not args.to:
        return _between_formats(args)
    rs = load_ruleset(args.to)
    source = load_evidence(args.evidence)
    derivation = derivation_for(rs, source)
    if derivation is None:
        known = ", ".join(d.ruleset for d in rs.derives_from) or "-"
        print(Msg("compliance convert: kesalahan: {file}: bukti ini untuk perangkat aturan {src!r}, dan {rs} tidak "
                  "menurunkan data darinya (ia menurunkan dari: {known})",
                  "compliance convert: error: {file}: the evidence answers rule set {src!r}, and {rs} derives no "
                  "facts from it (it derives from: {known})",
                  file=args.evidence, src=source.ruleset.id, rs=rs.id, known=known), file=sys.stderr)
        return 2
    if args.output and os.path.splitext(os.path.basename(args.output))[0] in (rs.id, source.ruleset.id):
        print(Msg("compliance convert: kesalahan: {out}: berkas bukti yang dinamai seperti perangkat aturan akan "
                  "dibaca sebagai perangkat aturan itu (rujukan `ruleset` mencari berkas bernama itu di sebelahnya); "
                  "pilih nama lain",
                  "compliance convert: error: {out}: an evidence file named after a rule set would be read as that "
                  "rule set (a `ruleset` reference looks for a file of that name beside it); choose another name",
                  out=args.output), file=sys.stderr)
        return 2
    warnings: list[str] = []
    target, derived = derive(rs, derivation, source, warnings)
    out_dir = os.path.dirname(os.path.abspath(args.output)) if args.output else os.getcwd()
    text, outside = render_prefilled(rs, target, derived, derivation, out_dir)
    if args.output:
        from compliance.atomic import atomic_write

        with atomic_write(args.output) as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    for w in warnings:
        print(f"compliance convert: {args.evidence}: {w}", file=sys.stderr)
    if outside:
        print(Msg("compliance convert: {n} lampiran berada di luar folder daftar isian (pertama: {first}); tulis "
                  "berkasnya di sebelah {src}, atau salin lampirannya ke sebelahnya",
                  "compliance convert: {n} attachment(s) lie outside the folder of the checklist (first: {first}); "
                  "write it next to {src}, or copy the files beside it",
                  n=len(outside), first=outside[0], src=args.evidence), file=sys.stderr)
    return 0


__all__ = ["add_arguments", "run"]
