"""`compliance test [PATH...]`: run RuleTest files (default: rules/)."""

from __future__ import annotations

import argparse
import json
import re
import sys

from compliance.cli.argtext import tr
from compliance.messages import say

# The sentences of a case's differences (run/ruletests.py, recorded in English), in Indonesian.
_DIFFS = [
    (re.compile(r"(?P<k>[^:]+): expected (?P<e>.*), got (?P<g>.*)"), r"\g<k>: seharusnya \g<e>, hasilnya \g<g>"),
    (re.compile(r"(?P<k>[^:]+): no such indicator"), r"\g<k>: indikator ini tidak ada"),
    (re.compile(r"(?P<k>[^:]+): no such qualifier"), r"\g<k>: qualifier ini tidak ada"),
]


def diff_text(diff: str, lang: str) -> str:
    """A case's difference in `lang` (as recorded in English, or when no sentence matches)."""
    if lang == "en":
        return diff
    for pattern, words in _DIFFS:
        m = pattern.fullmatch(diff)
        if m is not None:
            return m.expand(words)
    return diff


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
                print(f"  - {diff_text(d, args.lang)}")
        print(say(args.lang, f"{len(results) - len(failed)} lulus, {len(failed)} gagal",
                  f"{len(results) - len(failed)} passed, {len(failed)} failed"))
    return 1 if failed else 0
