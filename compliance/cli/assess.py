"""`compliance assess RULESET EVIDENCE... [--as-of DATE] [--format text|json|csv] [-o FILE] [--fail-under S] [-j N]`."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import IO, Any

from compliance.cli.common import ProgressBar, add_as_of, add_lang, parse_as_of, positive_int, require_paths


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("ruleset", metavar="RULESET", help="a shipped rule-set id or a rule-set file")
    p.add_argument("evidence", nargs="+", metavar="EVIDENCE", help="evidence files or folders (searched recursively)")
    add_as_of(p)
    p.add_argument("--format", choices=["text", "json", "csv"], default="text", help="output format (default: text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    p.add_argument("--fail-under", type=float, metavar="SCORE",
                   help="exit 1 when any unit scores below SCORE (0-100)")
    p.add_argument("-j", "--jobs", type=positive_int, default=1, metavar="N", help="worker processes (default: 1)")
    p.add_argument("--previous", metavar="RESULTS.json",
                   help="results of an earlier round (assess --format json, or a report's results.json): "
                        "show each unit's change")
    p.add_argument("--progress", choices=["auto", "always", "never"], default="auto",
                   help="progress bar on standard error (default: auto, only on a terminal)")
    add_lang(p)


class _TextTask:
    """A class, not a closure: tasks are pickled to workers where they are spawned rather than forked."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, a: Any) -> str:
        from compliance.report.text import unit_text

        return unit_text(a, self.lang)


def _json_task(data: dict[str, Any]) -> bytes:
    from compliance.model.assessment import data_json

    return data_json(data)  # the same line results.unit() writes for the Assessment, in UTF-8


_json_task.takes_data = True  # type: ignore[attr-defined]  # see batch.Task: no Assessment model is built


class _CsvTask:
    def __init__(self, dims: list[str]) -> None:
        self.dims = dims

    def __call__(self, a: Any) -> str:
        from compliance.report.text import csv_row

        return csv_row(a, a.evidence_file, None, self.dims)


class _Output:
    """The output stream, UTF-8; the JSON of each unit arrives as bytes and goes to the byte layer as it is."""

    def __init__(self, fh: IO[str]) -> None:
        self.text = fh
        self.raw: IO[bytes] | None = getattr(fh, "buffer", None)
        self.text_pending = False

    def write(self, data: str | bytes) -> None:
        if isinstance(data, str):
            self.text.write(data)
            self.text_pending = True
        elif self.raw is None:  # e.g. a StringIO standing in for standard output
            self.text.write(data.decode("utf-8"))
        else:
            if self.text_pending:  # keep the order: the text layer holds what was written before
                self.text.flush()
                self.text_pending = False
            self.raw.write(data)


def run(args: argparse.Namespace) -> int:
    from compliance.catalog import load_ruleset
    from compliance.model.scoring import should_fail_under
    from compliance.report import results
    from compliance.report.summary import Failure, UnitSummary, summarize
    from compliance.report.text import csv_header, csv_row, region_text
    from compliance.run.batch import assess_files, discover

    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        print("compliance assess: error: --fail-under must be between 0 and 100", file=sys.stderr)
        return 2
    as_of = parse_as_of(args.as_of)
    ruleset = load_ruleset(args.ruleset)
    previous = results.load_previous(args.previous) if args.previous else None
    require_paths(args.evidence)
    files = discover(args.evidence)
    if not files:
        print(f"compliance assess: error: no evidence files (kind: Evidence) in {', '.join(args.evidence)}",
              file=sys.stderr)
        return 2
    dims = [d.id for d in ruleset.dimensions]
    task: Any = {"text": _TextTask(args.lang), "json": _json_task, "csv": _CsvTask(dims)}[args.format]

    summaries: list[UnitSummary] = []
    missed: Counter[str] = Counter()
    failures: list[Failure] = []
    under = False
    progress = ProgressBar(len(files), args.progress)
    interrupted = False

    def write_all(fh: IO[str]) -> None:
        nonlocal under, interrupted
        out = _Output(fh)
        if args.format == "json":
            out.write(results.head(ruleset, as_of))
        elif args.format == "csv":
            out.write(csv_header(dims))
        first = True
        seen: dict[str, str] = {}
        try:
            for outcome in assess_files(ruleset, files, as_of=as_of, jobs=args.jobs, task=task, keep=False):
                progress.step()
                u = outcome.summary
                if u is not None and u.unit_id in seen:
                    outcome = type(outcome)(outcome.file, None, f"{outcome.file}: unit id {u.unit_id!r} was "
                                            f"already assessed from {seen[u.unit_id]}")
                    u = None
                if u is None:
                    failures.append(Failure(outcome.file, outcome.error or "failed"))
                    if args.format == "csv":
                        out.write(csv_row(None, outcome.file, outcome.error, dims))
                    continue
                seen[u.unit_id] = outcome.file
                missed.update(u.missed)
                summaries.append(u.lean())  # memory stays small per unit: the detail is already written
                under = under or should_fail_under(u.score, args.fail_under)
                if args.format == "json":
                    out.write(b"\n" if first else b",\n")
                    out.write(outcome.payload)
                else:
                    out.write(outcome.payload + ("\n" if args.format == "text" else ""))
                first = False
        except KeyboardInterrupt:
            interrupted = True
        finally:
            progress.done()
        summary = summarize(ruleset.id, [b.category for b in ruleset.bands], summaries, failures,
                            previous=previous, missed=missed)
        if args.format == "json":
            out.write(results.tail(summary, interrupted))
        elif args.format == "text":
            out.write(region_text(summary, args.lang))

    if args.output:
        from compliance.atomic import atomic_write

        with atomic_write(args.output) as fh:
            write_all(fh)
    else:
        write_all(sys.stdout)
        sys.stdout.flush()
    if interrupted:
        print(f"compliance assess: interrupted after {len(summaries) + len(failures)} of {len(files)} units",
              file=sys.stderr)
        return 130
    if failures:
        for f in failures:
            print(f"compliance assess: {f.error}", file=sys.stderr)
    return 1 if failures or under else 0


__all__ = ["add_arguments", "run"]
