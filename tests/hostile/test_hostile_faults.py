"""Faults around the inputs: full or read-only output folders, Ctrl-C during a batch, a worker process that
dies, a rule set deleted while a batch runs. Each run must keep the exit-code contract, print no traceback,
keep the finished units and leave no partial or temporary file."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile_support import MINI, PYTHON, ROOT, is_root, leftovers

AS_OF = "2024-06-30"
RULESET = "kukar-pra-penilaian"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _cli(args: list[str], cwd: Path) -> tuple[int, str, str]:
    from compliance.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


def _one_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture(scope="session")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 300 units of the shipped kukar rule set: 60 made by benchmarks/synth_region.py, then cloned under
    other unit ids (sharing their folder's attachments), so that assessing them takes a few seconds."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synth_region import write_region
    finally:
        sys.path.pop(0)
    out = tmp_path_factory.mktemp("region")
    files = write_region(out, RULESET, 60, dt.date.fromisoformat(AS_OF), per_folder=20)
    for f in files:
        text = f.read_text(encoding="utf-8")
        for k in range(1, 5):
            clone = f.with_name(f"c{k}-{f.name}")
            clone.write_text(text.replace(f"id: {f.stem}", f"id: c{k}-{f.stem}"), encoding="utf-8")
    return out


@pytest.fixture
def small_region(tmp_path: Path) -> Path:
    """Three good units of tests/data/mini.yaml."""
    for uid in ("a", "b", "c"):
        p = tmp_path / "region" / uid / "evidence.yaml"
        p.parent.mkdir(parents=True)
        p.write_text("apiVersion: compliance/v1\nkind: Evidence\n"
                     f"unit: {{id: {uid}, name: Unit {uid}, kind: dinas, region: R}}\nruleset: {{id: mini}}\n"
                     "indicators:\n  d1.sp:\n    facts: {published: true}\n", encoding="utf-8")
    shutil.copy(MINI, tmp_path / "mini.yaml")
    return tmp_path


# --------------------------------------------------------------------------------------------- full disk


@contextlib.contextmanager
def _disk_full_after(limit: int) -> Iterator[None]:
    """Every file opened with os.fdopen (the atomic writers) fails with ENOSPC once `limit` bytes are written."""
    real = os.fdopen

    def fake(fd: int, *args: Any, **kwargs: Any) -> Any:
        fh = real(fd, *args, **kwargs)
        written = 0
        raw_write = fh.write

        def write(data: Any) -> int:
            nonlocal written
            written += len(data)
            if written > limit:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return raw_write(data)  # type: ignore[no-any-return]

        fh.write = write  # type: ignore[method-assign]
        return fh

    os.fdopen = fake  # type: ignore[assignment]
    try:
        yield
    finally:
        os.fdopen = real


@pytest.mark.parametrize("limit", [0, 500])
def test_hostile_assess_output_disk_full(small_region: Path, limit: int) -> None:
    (small_region / "out").mkdir()
    with _disk_full_after(limit):
        code, _, err = _cli(["assess", "mini.yaml", "region", "--as-of", AS_OF, "--format", "json",
                             "-o", "out/results.json"], small_region)
    line = _one_line(err)
    assert code == 3
    assert re.fullmatch(r"compliance: kesalahan: out/results.json: tidak dapat menulis berkas "
                        r"\(No space left on device\)", line)
    assert list((small_region / "out").iterdir()) == []  # no target, no temporary file


def test_hostile_template_output_disk_full(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "mini.yaml")
    with _disk_full_after(100):
        code, _, err = _cli(["template", "mini.yaml", "--unit-kind", "dinas", "-o", "t.yaml"], tmp_path)
    assert code == 3
    assert "t.yaml: tidak dapat menulis berkas (No space left on device)" in _one_line(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini.yaml"]


def test_hostile_skm_emit_evidence_disk_full(tmp_path: Path) -> None:
    survey = tmp_path / "s.csv"
    survey.write_text("Timestamp,U1,U2,U3,U4,U5,U6,U7,U8,U9\n2024-05-01,3,4,3,4,3,4,3,4,3\n", encoding="utf-8")
    with _disk_full_after(10):
        code, _, err = _cli(["skm", "s.csv", "--emit-evidence", "frag.yaml"], tmp_path)
    assert code == 3
    assert "frag.yaml: tidak dapat menulis berkas bukti (No space left on device)" in _one_line(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.csv"]


def test_hostile_report_output_disk_full(small_region: Path) -> None:
    with _disk_full_after(0):
        code, _, err = _cli(["report", "mini.yaml", "region", "-o", "out", "--format", "html", "--as-of", AS_OF],
                            small_region)
    assert "Traceback" not in err
    assert code in (1, 3), err
    assert "No space left on device" in err
    assert leftovers(small_region) == []
    assert not [p for p in (small_region / "out").rglob("*") if p.is_file()], "a file was written on a full disk"


# --------------------------------------------------------------------------------------------- read-only


@contextlib.contextmanager
def _read_only_folder(code: int = errno.EROFS) -> Iterator[None]:
    """Creating any temporary file fails, as in a read-only folder (chmod does not stop root)."""
    real = tempfile.mkstemp

    def fake(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    tempfile.mkstemp = fake  # type: ignore[assignment]
    try:
        yield
    finally:
        tempfile.mkstemp = real


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_hostile_assess_output_read_only(small_region: Path, code: int) -> None:
    with _read_only_folder(code):
        rc, _, err = _cli(["assess", "mini.yaml", "region", "--as-of", AS_OF, "-o", "results.json"], small_region)
    assert rc == 3
    assert re.fullmatch(r"compliance: kesalahan: results.json: tidak dapat menulis ke folder \S+ \(.+\)",
                        _one_line(err))
    assert not (small_region / "results.json").exists()


def test_hostile_skm_emit_evidence_read_only(tmp_path: Path) -> None:
    survey = tmp_path / "s.csv"
    survey.write_text("Timestamp,U1,U2,U3,U4,U5,U6,U7,U8,U9\n2024-05-01,3,4,3,4,3,4,3,4,3\n", encoding="utf-8")
    with _read_only_folder():
        code, _, err = _cli(["skm", "s.csv", "--emit-evidence", "frag.yaml"], tmp_path)
    assert code == 3
    assert "frag.yaml: tidak dapat menulis berkas bukti (Read-only file system)" in _one_line(err)


def test_hostile_report_output_read_only(small_region: Path) -> None:
    (small_region / "out" / "units").mkdir(parents=True)
    with _read_only_folder():
        code, _, err = _cli(["report", "mini.yaml", "region", "-o", "out", "--format", "html", "--as-of", AS_OF],
                            small_region)
    assert "Traceback" not in err
    assert code in (1, 3), err
    assert "Read-only file system" in err
    assert not [p for p in (small_region / "out").rglob("*") if p.is_file()]


@pytest.mark.skipif(is_root(), reason="root writes into a read-only folder; the simulated variants cover it")
def test_hostile_assess_output_read_only_chmod(small_region: Path) -> None:
    out = small_region / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        rc, _, err = _cli(["assess", "mini.yaml", "region", "--as-of", AS_OF, "-o", "out/r.json"], small_region)
    finally:
        out.chmod(0o755)
    assert rc == 3
    assert "out/r.json: tidak dapat menulis ke folder" in _one_line(err)


# --------------------------------------------------------------------------------------------- Ctrl-C


def _wait_for(predicate: Any, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("the condition was not reached in time")


# A test-only wrapper: each unit takes at least 20 ms longer, so that a run of 300 units outlasts the moment the
# test interrupts it however fast the machine (or the engine) is; the product is unchanged.
_SLOWED = """
import sys, time
import compliance.load.evidence as loading
real = loading.load_evidence
def load_evidence(path, *args):
    time.sleep(0.02)
    return real(path, *args)
loading.load_evidence = load_evidence
from compliance.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_hostile_ctrl_c_during_assess(region: Path, tmp_path: Path, jobs: str) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it): exit 130, the units finished so far
    are in the output, which is complete JSON, and no temporary file is left."""
    out = tmp_path / "out.json"
    proc = subprocess.Popen([str(PYTHON), "-c", _SLOWED, "assess", RULESET, str(region), "--as-of", AS_OF,
                             "--format", "json", "-o", str(out), "-j", jobs], cwd=tmp_path, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        # Interrupt once some units are written (the temporary file grows), well before the end.
        _wait_for(lambda: any(p.stat().st_size > 20_000 for p in tmp_path.glob(".out.json.*.tmp")), 60)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    err = stderr.decode()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    m = re.search(r"dihentikan setelah (\d+) dari (\d+) unit", err)
    assert m, err
    done, total = int(m[1]), int(m[2])
    assert 0 < done < total == 300
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["interrupted"] is True
    assert len(doc["units"]) + doc["summary"].get("failed", 0) == done or len(doc["units"]) == done
    assert leftovers(tmp_path) == []


def _start(args: list[str], cwd: Path, script: str | None = None) -> tuple[subprocess.Popen[bytes], Path, Path]:
    """Start `compliance ARGS` (or a wrapper script with them) in its own process group, its output going to
    files (a pipe read line by line and then by communicate() would lose what the line reader buffered)."""
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    command = ["-m", "compliance"] if script is None else ["-c", script]
    with out.open("wb") as o, err.open("wb") as e:
        proc = subprocess.Popen([str(PYTHON), *command, *args], cwd=cwd, env=_env(), stdout=o, stderr=e,
                                start_new_session=True)
    return proc, out, err


def _finish(proc: subprocess.Popen[bytes], timeout: float) -> None:
    try:
        proc.wait(timeout=timeout)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def test_hostile_ctrl_c_during_assess_to_stdout(region: Path, tmp_path: Path) -> None:
    proc, out, err_file = _start(["assess", RULESET, str(region), "--as-of", AS_OF, "--format", "csv"], tmp_path,
                                 script=_SLOWED)
    try:
        # Some rows are out (the header alone may be flushed before any unit is assessed).
        _wait_for(lambda: out.read_bytes().count(b"\n") >= 4, 60)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)
    finally:
        _finish(proc, 60)
    err = err_file.read_text(encoding="utf-8")
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    rows = out.read_text(encoding="utf-8").splitlines()
    m = re.search(r"dihentikan setelah (\d+) dari 300 unit", err)
    assert m and len(rows) - 1 == int(m[1])  # every finished unit has its row, and only those
    assert int(m[1]) < 300


# --------------------------------------------------------------------------------------------- dying workers

# A test-only wrapper: the product is unchanged; the evidence loader of the worker processes is wrapped so that
# a file whose unit id contains "crash" kills its worker the hard way (no exception, no clean-up).
_CRASHING = """
import os, sys
import compliance.load.evidence as loading
real = loading.load_evidence
def load_evidence(path, *args):
    if "crash" in os.fspath(path):
        os._exit(9)
    return real(path, *args)
loading.load_evidence = load_evidence
from compliance.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_hostile_worker_dies_during_batch(small_region: Path) -> None:
    region = small_region / "region"
    for uid in ("crash-1", "d", "e", "f", "g"):
        (region / uid).mkdir()
        text = (region / "a" / "evidence.yaml").read_text(encoding="utf-8").replace("id: a,", f"id: {uid},")
        (region / uid / "evidence.yaml").write_text(text, encoding="utf-8")
    proc = subprocess.run([str(PYTHON), "-c", _CRASHING, "assess", "mini.yaml", "region", "--as-of", AS_OF,
                           "--format", "csv", "-j", "2"], cwd=small_region, env=_env(), capture_output=True,
                          timeout=120, check=False)
    err = proc.stderr.decode()
    out = proc.stdout.decode()
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    assert _one_line(err) == ("compliance assess: region/crash-1/evidence.yaml: the worker process died while "
                              "assessing this file")
    ids = sorted(row.split(",")[1] for row in out.splitlines()[1:] if row.split(",")[1])
    assert ids == ["a", "b", "c", "d", "e", "f", "g"]


def test_hostile_worker_killed_during_batch(region: Path, tmp_path: Path) -> None:
    """kill -9 of a worker process in the middle of `-j 2`: the batch goes on; every unit is reported once,
    assessed (retried in a fresh worker) or failed with a one-line reason."""
    proc, out, err_file = _start(["assess", RULESET, str(region), "--as-of", AS_OF, "--format", "csv", "-j", "2"],
                                 tmp_path, script=_SLOWED)
    try:
        _wait_for(lambda: out.stat().st_size > 0 and len(_children(proc.pid)) >= 2, 60)
        os.kill(_children(proc.pid)[0], signal.SIGKILL)
    finally:
        _finish(proc, 120)
    err = err_file.read_text(encoding="utf-8")
    assert "Traceback" not in err
    assert proc.returncode in (0, 1), err
    rows = out.read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == 300
    assert len({r.split(",")[0] for r in rows}) == 300
    for line in err.splitlines():
        assert "the worker process died while assessing this file" in line, err


def _children(pid: int) -> list[int]:
    out = []
    for task in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                out.append(int(task.name))
    return sorted(out)


# --------------------------------------------------------------------------------------------- rule set deleted


def test_hostile_ruleset_deleted_during_batch(region: Path, tmp_path: Path) -> None:
    """The rule set is read once, before the batch: deleting its file mid-run changes nothing."""
    from compliance.load.resources import shipped_ruleset_path

    rules = tmp_path / "rules"
    shutil.copytree(Path(str(shipped_ruleset_path(RULESET))).parent, rules)
    out = tmp_path / "out.json"
    proc = subprocess.Popen([str(PYTHON), "-m", "compliance", "assess", str(rules / f"{RULESET}.yaml"), str(region),
                             "--as-of", AS_OF, "--format", "json", "-o", str(out), "-j", "2"], cwd=tmp_path,
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _wait_for(lambda: any(p.stat().st_size > 0 for p in tmp_path.glob(".out.json.*.tmp")), 60)
        shutil.rmtree(rules)
        _, stderr = proc.communicate(timeout=120)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, stderr.decode()
    assert len(json.loads(out.read_text(encoding="utf-8"))["units"]) == 300
