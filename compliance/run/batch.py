"""Assessing many evidence files, in worker processes when asked; results come back in a stable order."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import multiprocessing
import os
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from compliance.engine.compiled import CompiledRuleSet, compile_ruleset
from compliance.engine.evaluate import assessment_data
from compliance.errors import ComplianceError, one_line
from compliance.lint.workbooks import workbooks_in
from compliance.load.files import MAX_FILE_BYTES, binary_format, iter_yaml_files
from compliance.messages import Lang, Msg, current_lang, say, set_process_lang
from compliance.model.assessment import Assessment
from compliance.model.ruleset import RuleSet
from compliance.report.summary import UnitSummary

_EVIDENCE_KIND = re.compile(r"^kind:\s*['\"]?Evidence['\"]?\s*(#.*)?$"  # block style
                            r"|[{,]\s*['\"]?kind['\"]?\s*:\s*['\"]?Evidence['\"]?\s*[,}]",  # flow style, JSON
                            re.MULTILINE)
_BLOCK_KIND = re.compile(r"^['\"]?kind['\"]?\s*:", re.MULTILINE)


def _is_evidence(path: str) -> bool:
    """Whether a YAML file says `kind: Evidence`; True when it cannot be read, or is a document or workbook
    renamed .yaml (the loader reports why: such a file is a checklist gone wrong, never silently skipped)."""
    try:
        with open(path, "rb") as raw:
            if binary_format(raw.read(1 << 16)) is not None:
                return True
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(8192)
            if _EVIDENCE_KIND.search(head):
                return True
            if _BLOCK_KIND.search(head):
                return False
            # No top-level `kind:` line: flow style or JSON, whose kind may come after the indicators.
            return bool(_EVIDENCE_KIND.search(head + fh.read(MAX_FILE_BYTES)))
    except OSError:
        return True


def discover(paths: list[str], skipped: list[str] | None = None) -> list[str]:
    """Evidence files among paths: files as given, folders searched recursively for `kind: Evidence` files and
    checklist workbooks (.xlsx; not inside a `lampiran` folder). A workbook found in a folder that is not a
    checklist is left out and said in `skipped` (one sentence each).

    The list is sorted and de-duplicated, so the command-line order changes nothing.
    """
    out: set[str] = set()
    for p in paths:
        if os.path.isdir(p):
            for f in iter_yaml_files([p]):
                if _is_evidence(f):
                    out.add(os.path.normpath(f))
            for f, _ in workbooks_in([p]):
                why = _not_checklist(f)
                if why is None:
                    out.add(os.path.normpath(f))
                elif skipped is not None:
                    skipped.append(why)
        else:
            out.add(os.path.normpath(p))
    return sorted(out)


def _not_checklist(path: str) -> str | None:
    """None for a checklist workbook (or one that cannot be read: the loader says why), else why it is skipped."""
    from compliance.load.workbook import NotAChecklist, read_workbook

    try:
        read_workbook(path)
    except NotAChecklist:
        return str(Msg("{path}: dilewati: bukan buku kerja daftar periksa kepatuhan",
                       "{path}: skipped: not a compliance checklist workbook", path=path))
    except ComplianceError:
        pass  # the loader says what is wrong with it, as a failed unit
    return None


@dataclass(frozen=True)
class UnitRun:
    """One file's result: an assessment (and its summary), or the one-sentence error that stopped it.

    With keep=False the assessment itself stays in the worker: only the task's payload and the small
    summary cross the process boundary (pickling a whole Assessment costs more than computing it).
    """

    file: str
    assessment: Assessment | None
    error: str | None
    payload: Any = None
    summary: UnitSummary | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


# A task runs in the worker on each Assessment. One with a true `takes_data` attribute is given the plain data
# instead (engine.assessment_data), and no Assessment model is built for it: writing the JSON, for instance,
# which assessment.data_json does from the data directly.
Task = Callable[[Any], Any]


_STATE: dict[str, Any] = {}


# Assessing a unit allocates thousands of containers and frees them all by reference counting (it makes no
# reference cycles: tests/test_batch.py checks), yet each allocation counts towards the cyclic collector's
# next run, which then also walks every long-lived object (the rule set's models). With the long-lived objects
# frozen out of the collector and a higher first threshold, the collector has next to nothing to do: about
# 0.5 ms per synthetic unit saved, a tenth of the time. Memory stays bounded: garbage cycles, should a unit
# make some, are still collected, only later.
_GC_THRESHOLD = 50_000


def _quiet_gc() -> tuple[int, ...]:
    """Freeze what exists and raise the first threshold; the thresholds before, to restore."""
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(_GC_THRESHOLD, *old[1:])
    return old


@contextlib.contextmanager
def _batch_gc() -> Iterator[None]:
    old = _quiet_gc()
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def _init(ruleset: RuleSet | CompiledRuleSet, as_of: dt.date, task: Task | None, keep: bool = True,
          worker: bool = False, lang: Lang | None = None) -> None:
    # Compiled once per batch, or once per worker: a spawned worker receives the compiled rule set pickled as
    # its RuleSet and compiles it again when unpickling it; a forked one shares the parent's.
    _STATE["ruleset"] = compile_ruleset(ruleset)
    if worker:  # a worker process does nothing else: its collector settings last as long as it does
        if lang is not None:
            set_process_lang(lang)  # its messages (a unit's error) in the language of the run
        _quiet_gc()  # after compiling, so the compiled rule set is frozen out of the collector too
    _STATE["as_of"] = as_of
    _STATE["task"] = task
    _STATE["keep"] = keep


def _one(file: str) -> UnitRun:
    from compliance.load.evidence import load_evidence

    task = _STATE["task"]
    keep = _STATE.get("keep", True)
    try:
        ev = load_evidence(file, _STATE["ruleset"].ruleset)
        data = assessment_data(_STATE["ruleset"], ev, as_of=_STATE["as_of"])
        a = Assessment.model_validate(data) if keep or not getattr(task, "takes_data", False) else None
    except ComplianceError as exc:
        return UnitRun(file, None, str(exc))
    except RecursionError:
        return UnitRun(file, None, say(current_lang(), f"{file}: susunan masukan terlalu dalam",
                                       f"{file}: input is nested too deeply"))
    except Exception as exc:
        return UnitRun(file, None, one_line(f"{file}: {say(current_lang(), 'kesalahan internal', 'internal error')}: "
                                            f"{type(exc).__name__}: {exc}"))
    payload = None if task is None else task(data) if a is None else task(a)
    return UnitRun(file, a if keep else None, None, payload, UnitSummary.of_data(data, file))


def _chunk(files: list[str]) -> list[UnitRun]:
    return [_one(f) for f in files]


def assess_files(ruleset: RuleSet, files: list[str], *, as_of: dt.date, jobs: int = 1,
                 task: Task | None = None, keep: bool = True) -> Iterator[UnitRun]:
    """Yield one UnitRun per file, in the order of `files`, whatever the number of worker processes.

    `task` runs in the worker on each Assessment (e.g. formatting it), so the parent only streams its output.
    Work is submitted in a bounded window, so memory stays flat however many files there are. If a worker
    process dies, the batches in flight are resubmitted to a fresh pool; a batch in flight at two breakages is
    run one file per process, and a file that kills its worker is reported as failed; the batch goes on.
    """
    compiled = compile_ruleset(ruleset)
    if jobs <= 1 or len(files) < 2:
        _init(compiled, as_of, task, keep)
        for f in files:
            with _batch_gc():  # not around the yield: the caller's own work runs with its own settings
                outcome = _one(f)
            yield outcome
        return
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    size = max(1, min(32, len(files) // (jobs * 8) or 1))
    batches = [files[i:i + size] for i in range(0, len(files), size)]
    window = jobs * 4

    def pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init,
                                   initargs=(compiled, as_of, task, keep, True, current_lang()),
                                   max_tasks_per_child=200 if ctx.get_start_method() != "fork" else None)

    executor = pool()
    # (files, how many times a pool broke while they were in flight), in output order.
    todo: deque[tuple[list[str], int]] = deque((b, 0) for b in batches)
    pending: deque[tuple[list[str], int, Future[list[UnitRun]]]] = deque()
    try:
        while todo or pending:
            # Submit in order, up to the window; a batch that was in flight twice when a pool broke is run
            # one file per process once everything before it is out, so the crash is pinned on its file.
            while todo and len(pending) < window and todo[0][1] < 2:
                b, tries = todo.popleft()
                try:
                    pending.append((b, tries, executor.submit(_chunk, b)))
                except BrokenProcessPool:
                    todo.appendleft((b, tries))
                    break
            if not pending:
                if not todo:
                    break
                b, _ = todo.popleft()
                for f in b:
                    yield _isolated(ctx, compiled, as_of, task, keep, f)
                continue
            b, tries, fut = pending.popleft()
            try:
                yield from fut.result()
            except BrokenProcessPool:
                executor.shutdown(wait=False, cancel_futures=True)
                again = [(b, tries + 1)] + [(pb, pt + 1) for pb, pt, _ in pending]
                pending.clear()
                todo.extendleft(reversed(again))
                executor = pool()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _isolated(ctx: Any, ruleset: CompiledRuleSet, as_of: dt.date, task: Task | None, keep: bool, file: str) -> UnitRun:
    """Run one file in its own worker, so that a crash is pinned on that file alone."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(1, mp_context=ctx, initializer=_init,
                             initargs=(ruleset, as_of, task, keep, True)) as ex:
        try:
            return ex.submit(_one, file).result()
        except BrokenProcessPool:
            return UnitRun(file, None, f"{file}: the worker process died while assessing this file")
