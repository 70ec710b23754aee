"""`compliance lint [PATH...]`: rule sets, evidence files and rule tests, dispatched on `kind`."""

from __future__ import annotations

import argparse
import sys

from compliance.cli.argtext import tr
from compliance.lint.formats import FORMATTERS
from compliance.messages import say
from compliance.model.findings import Severity


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help=tr("berkas atau folder (bawaan: rules/)",
                                                               "files or folders (default: rules/)"))
    p.add_argument("--format", choices=sorted(FORMATTERS), default="text",
                   help=tr("format keluaran (bawaan: text)", "output format (default: text)"))
    p.add_argument("--strict", action="store_true", help=tr("peringatan juga gagal (keluar 1)",
                                                            "warnings also fail (exit 1)"))
    p.add_argument("--ruleset", metavar="RULESET",
                   help=tr("periksa berkas bukti terhadap berkas perangkat aturan ini (atau id bawaan), bukan yang "
                           "disebut di dalamnya",
                           "check evidence files against this rule-set file (or shipped id) instead of the one "
                           "they name"))
    p.add_argument("-q", "--quiet", action="store_true", help=tr("tidak mencetak apa pun bila bersih",
                                                                 "print nothing when clean"))


def run(args: argparse.Namespace) -> int:
    from compliance.lint.paths import lint_paths

    paths = args.paths or ["rules/"]
    findings = []
    files = 0
    if args.ruleset is not None:
        from compliance.load.rulesets import find_ruleset

        find_ruleset(args.ruleset)  # a missing file or unknown id: one line, exit 3
    for _, found in lint_paths(paths, args.ruleset):
        files += 1
        findings.extend(found)
    if files == 0:
        print(say(args.lang, f"compliance lint: tidak ada berkas YAML di {', '.join(paths)}",
                  f"compliance lint: no YAML files found in {', '.join(paths)}"), file=sys.stderr)
        return 2
    worst = max((f.severity for f in findings), default=Severity.INFO)
    if not (args.quiet and not findings and args.format == "text"):
        sys.stdout.write(FORMATTERS[args.format](findings, files, args.lang))
    if any(f.code == "unreadable" for f in findings):
        return 3
    if worst >= Severity.ERROR or (args.strict and worst >= Severity.WARNING):
        return 1
    return 0
