"""`compliance convert IN -o OUT`: evidence between YAML and a checklist workbook (.xlsx), both ways."""

from __future__ import annotations

import argparse
import os
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", metavar="IN", help="an evidence file (.yaml) or a checklist workbook (.xlsx)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write (.yaml or .xlsx)")
    p.add_argument("--ruleset", metavar="RULESET", help="the rule set (default: the one IN names)")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")


def run(args: argparse.Namespace) -> int:
    from compliance.atomic import write_atomic
    from compliance.checklist.convert import convert

    if os.path.lexists(args.output) and not args.force:
        print(f"compliance convert: galat: {args.output} sudah ada; tidak ditimpa: pilih nama lain atau tambahkan "
              "--force", file=sys.stderr)
        return 2
    if not args.output.lower().endswith((".yaml", ".yml", ".xlsx")):
        print("compliance convert: galat: OUT harus berakhiran .yaml, .yml atau .xlsx", file=sys.stderr)
        return 2
    write_atomic(args.output, convert(args.input, args.output, args.ruleset))
    return 0
