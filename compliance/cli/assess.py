"""`compliance assess RULESET EVIDENCE... [--as-of DATE] [--format text|json|csv] [-o FILE] [--fail-under S] [-j N]`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import IO, TYPE_CHECKING, Any

from compliance.cli.argtext import tr
from compliance.cli.common import ProgressBar, add_as_of, parse_as_of, positive_int, require_paths
from compliance.messages import say

if TYPE_CHECKING:
    from compliance.report.summary import RegionSummary


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("ruleset", metavar="RULESET", help=tr("id perangkat aturan bawaan atau berkas perangkat aturan",
                                                         "a shipped rule-set id or a rule-set file"))
    p.add_argument("evidence", nargs="+", metavar="EVIDENCE",
                   help=tr("berkas atau folder bukti (dicari sampai ke subfolder)",
                           "evidence files or folders (searched recursively)"))
    add_as_of(p)
    p.add_argument("--format", choices=list(FORMATS), default="text", help=tr("format keluaran (bawaan: text)",
                                                                              "output format (default: text)"))
    p.add_argument("-o", "--output", metavar="FILE", help=tr("tulis ke FILE (secara atomik), bukan ke keluaran standar",
                                                             "write to FILE (atomically) instead of standard output"))
    p.add_argument("--fail-under", type=float, metavar="SCORE",
                   help=tr("keluar dengan kode 1 bila ada unit bernilai di bawah SCORE (0-100)",
                           "exit 1 when any unit scores below SCORE (0-100)"))
    p.add_argument("-j", "--jobs", type=positive_int, default=1, metavar="N",
                   help=tr("jumlah proses pekerja (bawaan: 1)",
                           "worker processes (default: 1)"))
    p.add_argument("--previous", metavar="RESULTS.json",
                   help=tr("hasil putaran sebelumnya (assess --format json, atau results.json sebuah laporan): "
                           "tampilkan perubahan setiap unit",
                           "results of an earlier round (assess --format json, or a report's results.json): show each "
                           "unit's change"))
    p.add_argument("--progress", choices=["auto", "always", "never"], default="auto",
                   help=tr("bilah kemajuan di galat standar (bawaan: auto, hanya di terminal)",
                           "progress bar on standard error (default: auto, only on a terminal)"))


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


class OutputFormat:
    """One `--format` of `assess`: the task the workers run on each unit, and the document around its payloads
    (a head, one piece per unit or failed file, a tail formatting the region summary)."""

    def __init__(self, ruleset: Any, as_of: dt.date, lang: str) -> None:
        self.ruleset = ruleset
        self.as_of = as_of
        self.lang = lang
        self.dims = [d.id for d in ruleset.dimensions]

    def task(self) -> Any:
        raise NotImplementedError

    def head(self) -> str:
        return ""

    def unit(self, payload: Any, first: bool) -> str | bytes:
        return str(payload)

    def failed(self, file: str, error: str | None) -> str:
        return ""

    def tail(self, summary: RegionSummary, interrupted: bool) -> str:
        return ""


class TextOutput(OutputFormat):
    """Each unit in a few lines, then the region summary."""

    def task(self) -> Any:
        return _TextTask(self.lang)

    def unit(self, payload: Any, first: bool) -> str:
        return f"{payload}\n"

    def tail(self, summary: RegionSummary, interrupted: bool) -> str:
        from compliance.report.text import region_text

        titles = {ind.id: ind.title for _, _, ind in self.ruleset.indicators()}
        return region_text(summary, self.lang, titles=titles)


class JsonOutput(OutputFormat):
    """The results document (report/results.py): each unit's assessment, then the region summary."""

    def task(self) -> Any:
        return _json_task

    def head(self) -> str:
        from compliance.report import results

        return results.head(self.ruleset, self.as_of)

    def unit(self, payload: Any, first: bool) -> bytes:
        line: bytes = payload
        return (b"\n" if first else b",\n") + line

    def tail(self, summary: RegionSummary, interrupted: bool) -> str:
        from compliance.report import results

        return results.tail(summary, interrupted)


class CsvOutput(OutputFormat):
    """One row per evidence file (a failed one with its error), no summary."""

    def task(self) -> Any:
        return _CsvTask(self.dims)

    def head(self) -> str:
        from compliance.report.text import csv_header

        return csv_header(self.dims)

    def failed(self, file: str, error: str | None) -> str:
        from compliance.report.text import csv_row

        return csv_row(None, file, error, self.dims)


FORMATS: dict[str, type[OutputFormat]] = {"text": TextOutput, "json": JsonOutput, "csv": CsvOutput}


def output_format(name: str) -> type[OutputFormat]:
    """The output format called `name`; ValueError naming the known ones otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown output format {name!r} (use one of {', '.join(sorted(FORMATS))})") from None


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
    from compliance.report.results import load_previous
    from compliance.report.summary import Failure, MissedTally, UnitSummary, summarize
    from compliance.run.batch import assess_files, discover

    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        print(say(args.lang, "compliance assess: kesalahan: --fail-under harus di antara 0 dan 100",
                  "compliance assess: error: --fail-under must be between 0 and 100"), file=sys.stderr)
        return 2
    as_of = parse_as_of(args.as_of)
    ruleset = load_ruleset(args.ruleset)
    previous = load_previous(args.previous) if args.previous else None
    require_paths(args.evidence)
    from compliance.messages import current_lang

    skipped: list[str] = []
    files = discover(args.evidence, skipped)
    for line in skipped:
        print(f"compliance assess: {say(current_lang(), 'peringatan', 'warning')}: {line}", file=sys.stderr)
    if not files:
        where = ", ".join(args.evidence)
        print(say(args.lang, f"compliance assess: kesalahan: tidak ada berkas bukti (kind: Evidence) di {where}",
                  f"compliance assess: error: no evidence files (kind: Evidence) in {where}"), file=sys.stderr)
        return 2
    fmt = output_format(args.format)(ruleset, as_of, args.lang)

    summaries: list[UnitSummary] = []
    missed = MissedTally()
    failures: list[Failure] = []
    under = False
    progress = ProgressBar(len(files), args.progress)
    interrupted = False

    def write_all(fh: IO[str]) -> None:
        nonlocal under, interrupted
        out = _Output(fh)
        out.write(fmt.head())
        first = True
        seen: dict[str, str] = {}
        try:
            for outcome in assess_files(ruleset, files, as_of=as_of, jobs=args.jobs, task=fmt.task(), keep=False):
                progress.step()
                u = outcome.summary
                if u is not None and u.unit_id in seen:
                    outcome = type(outcome)(outcome.file, None, f"{outcome.file}: unit id {u.unit_id!r} was "
                                            f"already assessed from {seen[u.unit_id]}")
                    u = None
                if u is None:
                    failures.append(Failure(outcome.file, outcome.error or "failed"))
                    out.write(fmt.failed(outcome.file, outcome.error))
                    continue
                seen[u.unit_id] = outcome.file
                missed.add(u)
                summaries.append(u.lean())  # memory stays small per unit: the detail is already written
                under = under or should_fail_under(u.score, args.fail_under)
                out.write(fmt.unit(outcome.payload, first))
                first = False
        except KeyboardInterrupt:
            interrupted = True
        finally:
            progress.done()
        summary = summarize(ruleset.id, [b.category for b in ruleset.bands], summaries, failures,
                            previous=previous, missed=missed, ruleset=ruleset)
        out.write(fmt.tail(summary, interrupted))

    if args.output:
        from compliance.atomic import atomic_write

        with atomic_write(args.output) as fh:
            write_all(fh)
    else:
        write_all(sys.stdout)
        sys.stdout.flush()
    if interrupted:
        done = len(summaries) + len(failures)
        print(say(args.lang, f"compliance assess: dihentikan setelah {done} dari {len(files)} unit",
                  f"compliance assess: interrupted after {done} of {len(files)} units"), file=sys.stderr)
        return 130
    if failures:
        for f in failures:
            print(f"compliance assess: {f.error}", file=sys.stderr)
    return 1 if failures or under else 0


__all__ = ["FORMATS", "OutputFormat", "add_arguments", "output_format", "run"]
