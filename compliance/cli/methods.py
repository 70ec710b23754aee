"""`compliance methods [RULESET...] [--unit-kind K] [--format text|json] [--lang id|en]`: what the rule sets weigh.

Prints, per rule set (default: every shipped one), the effective weights after `extends` and tailoring, the
level scales, the bands, the caps, the disabled indicators and which indicators apply to which unit kinds.
The computation is `compliance.report.methods` (pure).
"""

from __future__ import annotations

import argparse
import json
import sys

from compliance.cli.argtext import tr
from compliance.messages import say


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("rulesets", nargs="*", metavar="RULESET",
                   help=tr("id perangkat aturan bawaan atau berkas perangkat aturan (bawaan: semua perangkat aturan "
                           "bawaan)",
                           "shipped rule-set ids or rule-set files (default: every shipped rule set)"))
    p.add_argument("--unit-kind", metavar="KIND",
                   help=tr("hitung hanya indikator yang berlaku untuk jenis unit ini (dinas, puskesmas, ...)",
                           "count only the indicators that apply to this kind of unit (dinas, puskesmas, ...)"))
    p.add_argument("--format", choices=["text", "json"], default="text", help=tr("format keluaran (bawaan: text)",
                                                                                 "output format (default: text)"))


def run(args: argparse.Namespace) -> int:
    from compliance.catalog import load_ruleset
    from compliance.load.resources import shipped_ruleset_ids
    from compliance.model.labels import DEFAULT_UNIT_KINDS
    from compliance.report.methods import describe, methods_text
    from compliance.report.methods_json import methods_json

    names = args.rulesets or shipped_ruleset_ids()
    rulesets = [load_ruleset(name) for name in names]  # every one loads before anything is printed
    kind = args.unit_kind
    if kind is not None:
        for rs in rulesets:
            known = rs.metadata.unit_kinds or DEFAULT_UNIT_KINDS
            if kind not in known:
                print(say(args.lang, f"compliance methods: kesalahan: jenis unit {kind!r} bukan salah satu jenis "
                          f"unit perangkat aturan {rs.id} ({', '.join(known)})",
                          f"compliance methods: error: unit kind {kind!r} is not one of rule set {rs.id}'s "
                          f"({', '.join(known)})"), file=sys.stderr)
                return 2
    described = [describe(rs, kind) for rs in rulesets]
    if args.format == "json":
        sys.stdout.write(json.dumps(methods_json(described, kind), ensure_ascii=False, sort_keys=True,
                                    indent=2) + "\n")
    else:
        sys.stdout.write(methods_text(described, args.lang))
    return 0
