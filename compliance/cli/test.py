"""`compliance test [PATH...]`: run RuleTest files (default: rules/)."""

from __future__ import annotations

import argparse
import json
import sys

from compliance.cli.argtext import tr
from compliance.messages import say


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help=tr("berkas atau folder RuleTest (bawaan: rules/)",
                                                               "RuleTest files or folders (default: rules/)"))
    p.add_argument("--format", choices=["text", "json"], default="text",
help=tr("format keluaran (bawaan: text)", "output format (default: text)"))
    p.add_argument("-v", "--verbose", action="store_true", help=tr("tampilkan juga kasus yang lulus",
                                                                   "list passing cases too"))


def run(args: argparse.Namespace) -> int:
    from compliance.cli.common import require_paths
    from compliance.load.files import iter_yaml_files
    from compliance.run.ruletests import is_ruletest, run_file

    paths = args.paths or ["rules/"]
    require_paths(paths)
    files = [f for f in iter_yaml_files(paths) if is_ruletest(f)]
    if not files:
        print(say(args.lang, f"compliance test: tidak ada berkas RuleTest di {', '.join(paths)}",
                  f"compliance test: no RuleTest files found in {', '.join(paths)}"), file=sys.stderr)
        return 2
    results = [r for f in files for r in run_file(f)]
    failed = [r for r in results if not r.passed]
    if args.format == "json":
        doc = {"format": 1, "passed": len(results) - len(failed), "failed": len(failed),
               "cases": [{"file": r.file, "line": r.line, "name": r.name, "passed": r.passed,
                          "diffs": r.diffs, "error": r.error} for r in results]}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for r in results:
            if r.passed:
                if args.verbose:
                    print(f"{say(args.lang, 'LULUS', 'PASS')} {r.file}:{r.line} {r.name}")
                continue
            print(f"{say(args.lang, 'GAGAL', 'FAIL')} {r.file}:{r.line} {r.name}")
            if r.error:
                print(f"  {say(args.lang, 'kesalahan', 'error')}: {r.error}")
            for d in r.diffs:
                print(f"  - {d}")
        print(say(args.lang, f"{len(results) - len(failed)} lulus, {len(failed)} gagal",
                  f"{len(results) - len(failed)} passed, {len(failed)} failed"))
    return 1 if failed else 0
