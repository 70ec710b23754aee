"""`compliance report RULESET EVIDENCE... -o OUTDIR [--lang id|en] [--format pdf|html|both] [--as-of DATE]
[--previous RESULTS.json] [--config FILE] [--detail short|full] [-j N]`: one report per unit, a regional roll-up
and results.json.

With `--config` (kind: ReportConfig) each unit report carries the office's letterhead, a document number, the
place and date and the configured signatories. The PDF is the short document a head of office reads; the
auditor's detail (score trace, evidence hashes, disabled indicators) is its appendix with `--detail full`, and
always in the HTML.

Layout of OUTDIR:  units/<unit-id>.pdf|.html  ·  rollup.pdf|.html  ·  index.html (with html)  ·  results.json
·  .kepatuhan-manifest.json (what the run wrote, with hashes)
A unit that fails (unreadable evidence, a render error) is listed in the roll-up and on standard error, and the
others still get their reports; the exit status is then 1. The set is written into a staging folder and swapped in
at the end (report/outdir.py): a run that stops early, or writes no unit report at all, leaves the previous set as
it was; the previous run's files that the new set does not hold (a unit gone from the input) are removed; files the
report did not write are never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance.cli.argtext import tr
from compliance.cli.common import ProgressBar, add_as_of, parse_as_of, positive_int, require_paths
from compliance.errors import ComplianceError, RenderError, one_line
from compliance.messages import Msg, say

if TYPE_CHECKING:
    import datetime as dt

    from compliance.model.report_config import Official
    from compliance.model.ruleset import Disable, RuleSet
    from compliance.report.outdir import OutputFolder
    from compliance.report.summary import Previous

UNITS_DIR = "units"
ROLLUP_NAME = "rollup"
RESULTS_NAME = "results.json"
DASHBOARD_NAME = "index.html"
MAX_TASKS_PER_CHILD = 50          # recycle workers: WeasyPrint's native memory grows ~0.3 MB per report


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("ruleset", metavar="RULESET", help=tr("id perangkat aturan bawaan atau berkas perangkat aturan",
                                                         "a shipped rule-set id or a rule-set file"))
    p.add_argument("evidence", nargs="+", metavar="EVIDENCE",
                   help=tr("berkas atau folder bukti (dicari sampai ke subfolder)",
                           "evidence files or folders (searched recursively)"))
    p.add_argument("-o", "--output", dest="outdir", required=True, metavar="OUTDIR",
                   help=tr("folder untuk laporan (dibuat bila belum ada)",
                           "folder for the reports (created if missing)"))
    p.add_argument("--config", metavar="FILE",
                   help=tr("konfigurasi laporan (kind: ReportConfig): kop surat, nomor dokumen, tempat, penanda tangan",
                           "report configuration (kind: ReportConfig): letterhead, document number, place, "
                           "signatories"))
    p.add_argument("--detail", choices=["short", "full"], default="short",
                   help=tr("laporan unit PDF: short (bawaan), atau full dengan lampiran rinci untuk auditor (HTML "
                           "selalu memuatnya)",
                           "PDF unit reports: short (default), or full with the auditor's appendix (the HTML always "
                           "has it)"))
    p.add_argument("--format", choices=["pdf", "html", "both"], default="pdf", help=tr("format laporan (bawaan: pdf)",
                                                                                       "report format (default: pdf)"))
    add_as_of(p)
    p.add_argument("--previous", metavar="RESULTS.json",
                   help=tr("results.json putaran sebelumnya: rekapitulasi menunjukkan perubahan setiap unit",
                           "results.json of an earlier round: the roll-up shows each unit's change"))
    p.add_argument("-j", "--jobs", type=positive_int, default=1, metavar="N",
                   help=tr("jumlah proses pekerja untuk menilai dan membuat laporan (bawaan: 1)",
                           "worker processes for assessing and rendering (default: 1)"))
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help=tr("batas waktu per laporan yang dibuat, dalam detik (bawaan: 300)",
                           "wall-clock limit per rendered report (default: 300)"))
    p.add_argument("--progress", choices=["auto", "always", "never"], default="auto",
                   help=tr("bilah kemajuan di galat standar (bawaan: auto, hanya di terminal)",
                           "progress bar on standard error (default: auto, only on a terminal)"))


# --------------------------------------------------------------------------------------------- unit rendering


@dataclass(frozen=True)
class UnitJob:
    unit_id: str
    file: str
    assessment_json: str
    lang: str
    formats: tuple[str, ...]
    outdir: str
    timeout: float | None
    official: Official | None = None
    number: str | None = None
    detail: str = "short"
    disabled: tuple[Disable, ...] = ()


@dataclass(frozen=True)
class UnitDone:
    unit_id: str
    file: str
    written: tuple[str, ...]
    error: str | None
    seconds: float


def render_unit(job: UnitJob) -> UnitDone:
    """Render one unit's report(s) and write them atomically (runs in a worker process, or in-process)."""
    from compliance.atomic import write_atomic
    from compliance.model.assessment import Assessment
    from compliance.report.render import DEFAULT_TIMEOUT, render_html, render_unit_pdf
    from compliance.report.unit_view import build_unit_view

    start = time.perf_counter()
    written: list[str] = []
    try:
        a = Assessment.model_validate_json(job.assessment_json)
        disabled = [(d.id, d.justification) for d in job.disabled]

        def html_of(appendix: bool) -> str:
            return render_html(build_unit_view(a, job.lang, official=job.official, number=job.number,
                                               appendix=appendix, disabled=disabled))

        full = html_of(True) if "html" in job.formats or job.detail == "full" else ""
        base = os.path.join(job.outdir, UNITS_DIR, a.unit.id)
        if "html" in job.formats:
            write_atomic(base + ".html", full)
            written.append(base + ".html")
        if "pdf" in job.formats:
            pdf = render_unit_pdf(a, job.lang, html=full if job.detail == "full" else html_of(False),
                                  timeout=job.timeout if job.timeout is not None else DEFAULT_TIMEOUT)
            write_atomic(base + ".pdf", pdf)
            written.append(base + ".pdf")
    except ComplianceError as exc:
        return UnitDone(job.unit_id, job.file, tuple(written), f"{job.file}: report: {exc}",
                        time.perf_counter() - start)
    except OSError as exc:
        return UnitDone(job.unit_id, job.file, tuple(written),
                        f"{job.file}: report: cannot write ({exc.strerror or exc})", time.perf_counter() - start)
    except Exception as exc:
        return UnitDone(job.unit_id, job.file, tuple(written),
                        one_line(f"{job.file}: report: internal error: {type(exc).__name__}: {exc}"),
                        time.perf_counter() - start)
    return UnitDone(job.unit_id, job.file, tuple(written), None, time.perf_counter() - start)


def _warm_up() -> None:
    """Worker initializer: pay WeasyPrint's ~1 s import once per worker, not per report."""
    from compliance.report import render as rendering

    rendering.warm_up()


def render_units(jobs: Sequence[UnitJob], workers: int = 1) -> Iterator[UnitDone]:
    """Render every job; with workers > 1 in long-lived worker processes recycled every 50 reports.

    Yields results as they finish. If a worker process dies (a crash inside the native libraries), the jobs
    it may have held are retried one at a time in a fresh single worker, so the crash is pinned on one unit.
    """
    if workers <= 1 or len(jobs) < 2:
        for job in jobs:
            yield render_unit(job)
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # max_tasks_per_child needs a non-fork start method; forkserver keeps start-up cheap.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")

    def pool(n: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(n, mp_context=ctx, initializer=_warm_up, max_tasks_per_child=MAX_TASKS_PER_CHILD)

    todo = list(jobs)
    suspects: list[UnitJob] = []
    window = workers * 4
    with pool(workers) as ex:
        pending: dict[Future[UnitDone], UnitJob] = {}
        broken = False
        while (todo or pending) and not broken:
            while todo and len(pending) < window:
                job = todo.pop(0)
                try:
                    pending[ex.submit(render_unit, job)] = job
                except BrokenProcessPool:
                    todo.insert(0, job)
                    broken = True
                    break
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                job = pending.pop(fut)
                try:
                    yield fut.result()
                except BrokenProcessPool:
                    suspects.append(job)
                    broken = True
        if broken:
            suspects.extend(pending.values())
            suspects.extend(todo)
            ex.shutdown(wait=False, cancel_futures=True)
    for job in suspects:
        with pool(1) as single:
            try:
                yield single.submit(render_unit, job).result()
            except BrokenProcessPool:
                yield UnitDone(job.unit_id, job.file, (), f"{job.file}: report: the worker process died while "
                               "rendering this unit", 0.0)


# --------------------------------------------------------------------------------------------- command


def run(args: argparse.Namespace) -> int:
    from compliance.catalog import load_ruleset
    from compliance.report.outdir import OutputFolder
    from compliance.report.results import load_previous
    from compliance.run.batch import discover

    prog = "compliance report"
    as_of = parse_as_of(args.as_of)
    if args.timeout is not None and args.timeout <= 0:
        print(say(args.lang, f"{prog}: kesalahan: --timeout harus positif",
                  f"{prog}: error: --timeout must be positive"), file=sys.stderr)
        return 2
    require_paths(args.evidence)
    official = None
    if args.config:
        from compliance.load.report_config import load_report_config

        require_paths([args.config])
        official = load_report_config(args.config)
    if official is not None and official.config.language and not getattr(args, "lang_flag", None):
        args.lang = official.config.language   # no --lang given: the configuration's language
    args.official = official
    ruleset = load_ruleset(args.ruleset)
    previous = load_previous(args.previous) if args.previous else None
    from compliance.messages import current_lang

    skipped: list[str] = []
    files = discover(args.evidence, skipped)
    for line in skipped:
        print(f"compliance report: {say(current_lang(), 'peringatan', 'warning')}: {line}", file=sys.stderr)
    if not files:
        where = ", ".join(args.evidence)
        print(say(args.lang, f"{prog}: kesalahan: tidak ada berkas bukti (kind: Evidence) di {where}",
                  f"{prog}: error: no evidence files (kind: Evidence) in {where}"), file=sys.stderr)
        return 2
    outdir = args.outdir
    formats = ("pdf", "html") if args.format == "both" else (args.format,)
    with OutputFolder(outdir) as out:
        return _write_set(args, ruleset, previous, files, formats, out, as_of)


def _write_set(args: argparse.Namespace, ruleset: RuleSet, previous: Mapping[str, Previous] | None,
               files: list[str], formats: tuple[str, ...], out: OutputFolder, as_of: dt.date) -> int:
    """Assess, render every report into the staging folder of `out`, and commit it (see report/outdir.py)."""
    from compliance.atomic import write_atomic
    from compliance.model.assessment import RuleSetInfo
    from compliance.model.report_config import document_number
    from compliance.report.region_doc import region_document, region_json
    from compliance.report.region_view import build_rollup_view
    from compliance.report.render import render_html, render_rollup_pdf
    from compliance.report.results import document
    from compliance.report.summary import Failure, UnitSummary, summarize
    from compliance.run.batch import assess_files

    prog = "compliance report"
    outdir, stage = out.path, out.staging
    try:
        os.makedirs(os.path.join(stage, UNITS_DIR), exist_ok=True)
    except OSError as exc:
        raise RenderError(Msg("folder keluaran tidak dapat dibuat ({e})", "cannot create the output folder ({e})",
                              e=exc.strerror), file=outdir) from None

    # 1. Assess (fast; in worker processes with -j).
    assessments = []
    files_of: dict[str, str] = {}
    failures: list[Failure] = []
    progress = ProgressBar(len(files), args.progress)
    for outcome in assess_files(ruleset, files, as_of=as_of, jobs=args.jobs):
        a = outcome.assessment
        if a is not None and a.unit.id in files_of:
            failures.append(Failure(outcome.file, f"{outcome.file}: unit id {a.unit.id!r} was already assessed "
                                    f"from {files_of[a.unit.id]}"))
            continue
        if a is None:
            failures.append(Failure(outcome.file, outcome.error or f"{outcome.file}: failed"))
            continue
        files_of[a.unit.id] = outcome.file
        assessments.append(a)

    # 2. One report per unit (long-lived workers with -j); numbered by the unit's place among the sorted ids.
    official: Official | None = args.official
    seq = {uid: i for i, uid in enumerate(sorted(files_of), start=1)}

    def number(a: Any) -> str | None:
        if official is None:
            return None
        return document_number(official.config.document_number, seq=seq[a.unit.id], as_of=as_of, unit=a.unit.id,
                               kind=a.unit.kind)

    jobs = [UnitJob(a.unit.id, files_of[a.unit.id], a.model_dump_json(), args.lang, formats, stage, args.timeout,
                    official=official, number=number(a), detail=args.detail, disabled=ruleset.disabled)
            for a in assessments]
    render_failed: dict[str, str] = {}
    for done in render_units(jobs, args.jobs):
        progress.step()
        if done.error:
            render_failed[done.unit_id] = done.error
    progress.done()
    failures.extend(Failure(files_of[uid], err) for uid, err in sorted(render_failed.items()))

    # 3. results.json (the assess --format json document) and the regional roll-up: both format one summary.
    summaries = [UnitSummary.of(a, files_of[a.unit.id]) for a in assessments]
    summary = summarize(ruleset.id, [b.category for b in ruleset.bands], summaries, failures, previous=previous,
                        ruleset=ruleset)
    results = document(ruleset, as_of, assessments, summary)
    write_atomic(os.path.join(stage, RESULTS_NAME), results)

    titles = {ind.id: ind.title for _, _, ind in ruleset.indicators()}
    dim_titles = {d.id: d.title for d in ruleset.dimensions}
    info = RuleSetInfo(id=ruleset.id, version=ruleset.version, sha256=ruleset.sha256, title=ruleset.metadata.title,
                       lineage=ruleset.lineage)
    region = region_document(info, as_of, assessments, summary)
    view = build_rollup_view(summary, ruleset=info, as_of=as_of, lang=args.lang, titles=titles,
                             dimension_titles=dim_titles, digest=region["digest"])
    html = render_html(view)
    base = os.path.join(stage, ROLLUP_NAME)
    if "html" in formats:
        write_atomic(base + ".html", html)
    if "pdf" in formats:
        kw: dict[str, Any] = {} if args.timeout is None else {"timeout": args.timeout}
        write_atomic(base + ".pdf", render_rollup_pdf(view, as_of=as_of, results=results.encode("utf-8"),
                                                      region=region_json(region), html=html, **kw))

    if "html" in formats:
        from compliance.report.dashboard_view import build_dashboard_view

        written = {p.replace(os.sep, "/") for p in _relative_files(stage)}
        write_atomic(os.path.join(stage, DASHBOARD_NAME),
                     render_html(build_dashboard_view(summary, view, lang=args.lang, files=written)))

    for f in failures:
        print(f"{prog}: {f.error}", file=sys.stderr)
    reports = len(assessments) - len(render_failed)
    if reports == 0:
        # Nothing worth replacing the previous set with: it stays as it was (the staging folder is discarded).
        print(say(args.lang, f"{prog}: tidak ada laporan unit yang dapat ditulis; {outdir} dibiarkan seperti semula",
                  f"{prog}: no unit report could be written; {outdir} is left as it was"), file=sys.stderr)
        return 1
    commit = out.commit()
    for note in commit.notes:
        print(f"{prog}: {note}", file=sys.stderr)
    n_removed = len(commit.removed)
    print(say(args.lang,
              f"{prog}: {reports} laporan unit, {len(failures)} gagal; ditulis ke {outdir}"
              + (f", {n_removed} berkas lama dihapus" if n_removed else ""),
              f"{prog}: {reports} unit report(s), {len(failures)} failure(s); written to {outdir}"
              + (f", {n_removed} earlier file(s) removed" if n_removed else "")), file=sys.stderr)
    return 1 if failures else 0


def _relative_files(root: str) -> list[str]:
    """The files under `root`, relative to it."""
    return [os.path.relpath(os.path.join(folder, n), root) for folder, _, names in os.walk(root) for n in names]


__all__ = ["UnitDone", "UnitJob", "add_arguments", "render_unit", "render_units", "run"]
