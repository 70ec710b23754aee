"""`compliance convert EVIDENCE --to RULESET [-o OUT]`: the target rule set's checklist for the unit, pre-filled
with the facts it derives (`derives_from`) from evidence written for another rule set."""

from __future__ import annotations

import argparse
import os
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("evidence", metavar="EVIDENCE", help="an evidence file written for another rule set")
    p.add_argument("--to", required=True, metavar="RULESET",
                   help="the rule set (shipped id or file) whose checklist to write; it must derive facts from the "
                        "evidence's rule set (derives_from)")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT (atomically) instead of standard output")


def run(args: argparse.Namespace) -> int:
    from compliance.catalog import load_ruleset
    from compliance.engine.mapping import derivation_for, derive
    from compliance.load.evidence import load_evidence
    from compliance.report.checklist import render_prefilled

    rs = load_ruleset(args.to)
    source = load_evidence(args.evidence)
    derivation = derivation_for(rs, source)
    if derivation is None:
        known = ", ".join(d.ruleset for d in rs.derives_from) or "-"
        print(f"compliance convert: error: {args.evidence}: the evidence answers rule set {source.ruleset.id!r}, "
              f"and {rs.id} derives no facts from it (it derives from: {known})", file=sys.stderr)
        return 2
    if args.output and os.path.splitext(os.path.basename(args.output))[0] in (rs.id, source.ruleset.id):
        print(f"compliance convert: error: {args.output}: an evidence file named after a rule set would be read as "
              "that rule set (a `ruleset` reference looks for a file of that name beside it); choose another name",
              file=sys.stderr)
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
        print(f"compliance convert: {len(outside)} attachment(s) lie outside the folder of the checklist "
              f"(first: {outside[0]}); write it next to {args.evidence}, or copy the files beside it",
              file=sys.stderr)
    return 0


__all__ = ["add_arguments", "run"]
