"""The hostile-input corpus runner: cases are data, this module only reads and runs them.

A case is `cases/<entry-point>/<name>.<ext>` (a file) or `cases/<entry-point>/<name>/` (a folder), plus
`cases/<entry-point>/<name>.expect.yaml`. See README.md for every key of an expect file.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import fnmatch
import glob
import io
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "cases"
MINI = ROOT / "tests" / "data" / "mini.yaml"
PYTHON = ROOT / ".venv" / "bin" / "python"
MEMORY_LIMIT = 3 * 1024**3  # address space of a subprocess case: a runaway input fails instead of swapping

# The command line of a case when its expect file gives no `args`.
DEFAULT_ARGS: dict[str, list[str]] = {
    "lint": ["lint", "{case}"],
    "test": ["test", "{case}"],
    "assess": ["assess", "{mini}", "{case}", "--as-of", "2024-06-01"],
    "template": ["template", "{case}", "--unit-kind", "dinas"],
    "report": ["report", "{mini}", "{case}", "-o", "out", "--format", "html", "--as-of", "2024-06-01"],
    "verify": ["verify", "{case}"],
    "skm": ["skm", "{case}"],
}
KEYS = {"about", "args", "call", "exit", "output", "match", "contains", "not_contains", "position", "setup",
        "skip_if_root", "subprocess", "timeout", "files", "fault", "max_seconds", "stderr_lines", "known_defect",
        "memory_mb", "lang"}
# The language a case runs in (its `lang`, else English): what the corpus checks is written in English; the
# Indonesian default is tested by the lint corpus and tests/test_messages.py.
LOCALES = {"en": "en_US.UTF-8", "id": "id_ID.UTF-8"}
ERRNOS = {"EACCES": errno.EACCES, "ENOSPC": errno.ENOSPC, "EIO": errno.EIO, "EROFS": errno.EROFS}
POSITION = re.compile(r"\.(?:ya?ml|csv|xlsx|json)(?::\d+){2}\b")


@dataclass
class Case:
    """One corpus entry: its source (file or folder) and its expectations."""

    entry: str
    name: str
    source: Path | None
    expect: dict[str, Any]
    expect_file: Path

    @property
    def id(self) -> str:
        return f"{self.entry}/{self.name}"


def discover() -> list[Case]:
    """Every case of the corpus, sorted by entry point and name."""
    out = []
    for expect_file in sorted(CASES.glob("*/*.expect.yaml")):
        entry = expect_file.parent.name
        name = expect_file.name[: -len(".expect.yaml")]
        candidates = [p for p in expect_file.parent.iterdir()
                      if p.name != expect_file.name and (p.name == name or p.name.startswith(name + "."))
                      and not p.name.endswith(".expect.yaml")]
        source = candidates[0] if len(candidates) == 1 else None
        expect = yaml.safe_load(expect_file.read_text(encoding="utf-8")) or {}
        out.append(Case(entry, name, source, expect, expect_file))
    return out


# --------------------------------------------------------------------------------------------- generators
# Big or unusual inputs are made at test time into the work folder, never committed.

def _gen_big_yaml(path: Path, mb: int = 50, **_: Any) -> None:
    line = "  " + "a" * 97 + "\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("apiVersion: compliance/v1\nkind: Evidence\nnote: |\n")
        fh.write(line * (mb * 1024 * 1024 // len(line) + 1))


def _gen_deep_block(path: Path, depth: int = 200_000, prefix: str = "", token: str = "- ", repeat_line: str = "",
                    lines: int = 0, **_: Any) -> None:
    path.write_text(prefix + repeat_line * lines + token * depth + "x\n", encoding="utf-8")


def _gen_deep_flow(path: Path, depth: int = 200_000, prefix: str = "", **_: Any) -> None:
    path.write_text(prefix + "[" * depth + "]" * depth + "\n", encoding="utf-8")


def _gen_deep_indent(path: Path, depth: int = 2_000, **_: Any) -> None:
    path.write_text("".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "x\n", encoding="utf-8")


def _gen_alias_bomb(path: Path, levels: int = 9, width: int = 9, **_: Any) -> None:
    lines = ["apiVersion: compliance/v1", "kind: RuleSet", 'a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _gen_many_nodes(path: Path, count: int = 600_000, **_: Any) -> None:
    path.write_text("kind: Evidence\nx: [" + ",".join(["1"] * count) + "]\n", encoding="utf-8")


def _gen_sparse(path: Path, mb: int = 60, head: str = "", **_: Any) -> None:
    """A file of `mb` MB that takes no disk space (a hole after `head`): for limits checked by size."""
    with path.open("wb") as fh:
        fh.write(head.encode("utf-8"))
        fh.truncate(mb * 1024 * 1024)


def _gen_bytes(path: Path, hex: str = "", text: str = "", **_: Any) -> None:
    path.write_bytes(bytes.fromhex(hex) + text.encode("utf-8"))


def _gen_text(path: Path, text: str = "", **_: Any) -> None:
    path.write_text(text, encoding="utf-8")


def _gen_files(path: Path, count: int = 5000, pattern: str = "a{i}.pdf", **_: Any) -> None:
    path.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (path / pattern.format(i=i)).write_bytes(b"%PDF-1.4\n")


def _gen_evidence(path: Path, unit: dict[str, Any] | None = None, attachments: int = 0,
                  attachment_pattern: str = "lampiran/a{i}.pdf", note: str | None = None,
                  ruleset: str = "mini", facts: dict[str, Any] | None = None, **_: Any) -> None:
    """An evidence file for tests/data/mini.yaml: the unit given, `attachments` files listed under d1.sp.sk."""
    sp: dict[str, Any] = {"facts": {"published": True, **(facts or {})}}
    if attachments:
        sp["facts"]["sk"] = [{"path": attachment_pattern.format(i=i)} for i in range(attachments)]
    if note is not None:
        sp["note"] = note
    doc = {"apiVersion": "compliance/v1", "kind": "Evidence",
           "unit": {"id": "u1", "name": "Unit", "kind": "dinas", "region": "R", **(unit or {})},
           "ruleset": {"id": ruleset}, "indicators": {"d1.sp": sp}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def _gen_pdf(path: Path, attachment: str = "assessment.json", text: str = "", repeat: int = 1,
             suffix: str = "", **_: Any) -> None:
    """A one-page PDF carrying `attachment` whose content is text * repeat + suffix."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_attachment(attachment, (text * repeat + suffix).encode("utf-8"))
    with path.open("wb") as fh:
        writer.write(fh)


def _gen_csv(path: Path, rows: int = 100_000, header: str = "Timestamp,U1,U2,U3,U4,U5,U6,U7,U8,U9",
             row: str = "2024-05-{d:02d},{a},{b},3,4,3,4,3,4,3", **_: Any) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header + "\r\n")
        for i in range(rows):
            fh.write(row.format(i=i, d=i % 28 + 1, a=i % 4 + 1, b=(i * 7) % 4 + 1) + "\r\n")


def _gen_xlsx(path: Path, rows: list[list[Any]] | None = None, merge: list[str] | None = None,
              formulas: dict[str, str] | None = None, cached: bool = False, **_: Any) -> None:
    """An XLSX file: `rows` of cells, `merge` ranges, and `formulas` {cell: "=..."} (without a cached value
    unless `cached`, as openpyxl writes them: the case of a file never opened in Excel)."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    for r in rows or []:
        ws.append(r)
    for ref, formula in (formulas or {}).items():
        ws[ref] = formula
    for ref in merge or []:
        ws.merge_cells(ref)
    book.save(path)
    if cached:  # add a cached <v> next to every <f>, as a spreadsheet program would
        import zipfile

        with zipfile.ZipFile(path) as zin:
            items = {n: zin.read(n) for n in zin.namelist()}
        sheet = "xl/worksheets/sheet1.xml"
        items[sheet] = re.sub(rb"(<f>[^<]*</f>)(<v\s*/>|<v></v>)?", rb"\1<v>3</v>", items[sheet])
        with zipfile.ZipFile(path, "w") as zout:
            for n, data in items.items():
                zout.writestr(n, data)


def _gen_xlsx_bomb(path: Path, mb: int = 500, **_: Any) -> None:
    """A small XLSX package whose sheet expands to `mb` MiB of one repeated cell (a decompression bomb)."""
    import zipfile

    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(b'<worksheet><sheetData>')
            chunk = row * (1024 * 1024 // len(row))
            for _ in range(mb):
                fh.write(chunk)
            fh.write(b"</sheetData></worksheet>")


GENERATORS: dict[str, Callable[..., None]] = {
    "big_yaml": _gen_big_yaml, "deep_block": _gen_deep_block, "deep_flow": _gen_deep_flow,
    "deep_indent": _gen_deep_indent, "alias_bomb": _gen_alias_bomb, "many_nodes": _gen_many_nodes,
    "bytes": _gen_bytes, "sparse": _gen_sparse, "pdf": _gen_pdf, "text": _gen_text, "files": _gen_files,
    "evidence": _gen_evidence, "csv": _gen_csv, "xlsx": _gen_xlsx, "xlsx_bomb": _gen_xlsx_bomb,
}


# --------------------------------------------------------------------------------------------- set-up


def _sub(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        for k, v in names.items():
            value = value.replace("{" + k + "}", v)
        return value
    if isinstance(value, list):
        return [_sub(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _sub(v, names) for k, v in value.items()}
    return value


def prepare(case: Case, work: Path) -> dict[str, str]:
    """Copy the case into `work` (with a copy of tests/data/mini.yaml) and run its set-up steps."""
    work.mkdir(parents=True, exist_ok=True)
    shutil.copy(MINI, work / "mini.yaml")
    target = case.name
    if case.source is not None:
        target = case.source.name
        if case.source.is_dir():
            shutil.copytree(case.source, work / target, symlinks=True)
        else:
            shutil.copy(case.source, work / target)
    names = {"case": target, "mini": "mini.yaml", "root": str(ROOT), "work": str(work)}
    for step in _sub(case.expect.get("setup") or [], names):
        (action, arg), = step.items()
        if action == "generate":
            path = work / arg.pop("path")
            path.parent.mkdir(parents=True, exist_ok=True)
            GENERATORS[arg.pop("kind")](path, **arg)
        elif action == "symlink":
            (work / arg["path"]).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(arg["target"], work / arg["path"])
        elif action == "mkfifo":
            (work / arg).parent.mkdir(parents=True, exist_ok=True)
            os.mkfifo(work / arg)
        elif action == "mkdir":
            (work / arg).mkdir(parents=True, exist_ok=True)
        elif action == "copy":
            src = Path(arg["from"]) if os.path.isabs(arg["from"]) else work / arg["from"]
            (work / arg["to"]).parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, work / arg["to"], symlinks=True)
            else:
                shutil.copy(src, work / arg["to"])
        elif action == "chmod":
            os.chmod(work / arg["path"], int(str(arg["mode"]), 8))
        elif action == "remove":
            p = work / arg
            shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
        else:
            raise AssertionError(f"{case.expect_file}: unknown set-up step {action!r}")
    return names


# --------------------------------------------------------------------------------------------- running


class Hang(BaseException):
    """Raised in the test process when an in-process case runs past its timeout (not an Exception, so
    that no `except Exception` of the product swallows it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def on_alarm(signum: int, frame: Any) -> None:
        raise Hang(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextlib.contextmanager
def injected_fault(fault: dict[str, Any] | None, work: Path) -> Iterator[None]:
    """`fault: {open: GLOB, errno: EACCES}`: opening a matching path (open() or os.open()) raises that OSError
    (in-process only).

    The way to test an unreadable file as root, where chmod 000 does not stop reading.
    """
    if not fault:
        yield
        return
    pattern = str(work / fault["open"])
    code = ERRNOS[fault.get("errno", "EACCES")]
    real_open = builtins.open

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike) and fnmatch.fnmatch(os.path.abspath(os.fspath(file)), pattern):
            raise OSError(code, os.strerror(code), os.fspath(file))
        return real_open(file, *args, **kwargs)

    real_os_open = os.open

    def fake_os_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike) and fnmatch.fnmatch(os.path.abspath(os.fspath(file)), pattern):
            raise OSError(code, os.strerror(code), os.fspath(file))
        return real_os_open(file, *args, **kwargs)

    builtins.open = fake_open
    io.open = fake_open  # pathlib opens through io.open
    os.open = fake_os_open  # the loaders read with os.open (one open, one fstat, one read)
    try:
        yield
    finally:
        builtins.open = real_open
        io.open = real_open
        os.open = real_os_open


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str
    files: list[str] = field(default_factory=list)


@contextlib.contextmanager
def _locale(lang: str) -> Iterator[dict[str, str]]:
    """The environment of a run in `lang` (LANG set, LC_ALL and LC_MESSAGES unset), also applied in-process."""
    saved = {k: os.environ.get(k) for k in ("LANG", "LC_ALL", "LC_MESSAGES")}
    os.environ.pop("LC_ALL", None)
    os.environ.pop("LC_MESSAGES", None)
    os.environ["LANG"] = LOCALES[lang]
    try:
        yield dict(os.environ)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_cli(args: list[str], work: Path, *, subprocess_: bool, timeout: float,
            fault: dict[str, Any] | None = None, memory: int = MEMORY_LIMIT, lang: str = "en") -> Result:
    """Run `compliance ARGS` with cwd=work, in-process (fast) or in a subprocess (crash-proof), in `lang`."""
    with _locale(lang):
        return _run_cli(args, work, subprocess_=subprocess_, timeout=timeout, fault=fault, memory=memory)


def _run_cli(args: list[str], work: Path, *, subprocess_: bool, timeout: float,
             fault: dict[str, Any] | None, memory: int) -> Result:
    if subprocess_:
        def limits() -> None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

        env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
        proc = subprocess.run([str(PYTHON), "-m", "compliance", *args], cwd=work, capture_output=True,
                              timeout=timeout, env=env, preexec_fn=limits, check=False)
        return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                      proc.stderr.decode("utf-8", "replace"))
    from compliance.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_cwd = os.getcwd()
    os.chdir(work)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), time_limit(timeout), \
                injected_fault(fault, work):
            code = main(args)
    finally:
        os.chdir(old_cwd)
    return Result(code, out.getvalue(), err.getvalue())


def run_api(call: dict[str, Any], work: Path, timeout: float, fault: dict[str, Any] | None,
            lang: str = "en") -> Result:
    """`call: {function: load_evidence, args: [...]}` through the public API: exit 0 = returned, 3 = a
    ComplianceError (its message in `lang` is the output); any other exception fails the case."""
    import compliance
    from compliance.errors import ComplianceError

    function = call["function"]
    fn: Callable[..., Any]
    if function == "load_survey":
        from compliance.skm.ikm import METHODS
        from compliance.skm.reading import load_survey

        def fn(path: str) -> Any:
            return load_survey(path, METHODS["permenpanrb-14-2017"])
    elif function == "parse":
        from compliance.load.safe_yaml import load_file as fn
    elif function == "evaluate":
        import datetime as dt

        def fn(ruleset: str, evidence: str) -> Any:
            return compliance.evaluate(compliance.load_ruleset(ruleset), compliance.load_evidence(evidence),
                                       as_of=dt.date(2024, 6, 1))
    else:
        fn = getattr(compliance, function)
    old_cwd = os.getcwd()
    os.chdir(work)
    try:
        with time_limit(timeout), injected_fault(fault, work):
            try:
                fn(*call.get("args", []))
            except ComplianceError as exc:
                return Result(3, "", exc.render(lang))
    finally:
        os.chdir(old_cwd)
    return Result(0, "", "")


def leftovers(work: Path) -> list[str]:
    """Temporary files of an atomic write that survived the run."""
    return sorted(str(p.relative_to(work)) for p in work.rglob("*.tmp"))


def check(case: Case, result: Result, work: Path) -> None:
    """Assert every expectation of the case, and the invariants that hold for every run."""
    e = case.expect
    where = f"{case.id}: exit {result.code}\n--- stdout\n{result.stdout[:3000]}\n--- stderr\n{result.stderr[:3000]}"
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, where
    assert result.code == e["exit"], where
    text = {"stdout": result.stdout, "stderr": result.stderr}.get(e.get("output", "any"),
                                                                 result.stdout + result.stderr)
    if result.code == 3:
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        assert len(lines) == e.get("stderr_lines", 1), f"one line on stderr for exit 3\n{where}"
    for pattern in _list(e.get("match")):
        assert re.search(pattern, text, re.MULTILINE), f"no match for {pattern!r}\n{where}"
    for piece in _list(e.get("contains")):
        assert piece in text, f"{piece!r} not in the output\n{where}"
    for piece in _list(e.get("not_contains")):
        assert piece not in text, f"{piece!r} in the output\n{where}"
    position = e.get("position")
    if position is True:
        assert POSITION.search(text), f"no file:line:col in the output\n{where}"
    elif isinstance(position, str):
        assert re.search(re.escape(position) + r":\d+:\d+", text), f"no {position}:line:col\n{where}"
    assert not leftovers(work), f"temporary files left behind: {leftovers(work)}"
    for spec in e.get("files") or []:
        found = sorted(glob.glob(str(work / spec["glob"]), recursive=True))
        assert len(found) >= spec.get("min", 1), f"{spec['glob']}: {len(found)} file(s)\n{where}"
        if "max" in spec:
            assert len(found) <= spec["max"], f"{spec['glob']}: {len(found)} file(s)\n{where}"
        for f in found:
            body = Path(f).read_text(encoding="utf-8", errors="replace")
            for piece in _list(spec.get("contains")):
                assert piece in body, f"{f}: {piece!r} missing"
            for piece in _list(spec.get("not_contains")):
                assert piece not in body, f"{f}: {piece!r} present"
            for pattern in _list(spec.get("not_match")):
                m = re.search(pattern, body)
                assert m is None, f"{f}: {pattern!r} matched {body[max(0, m.start() - 80):m.end() + 80]!r}"


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def run_case(case: Case, work: Path) -> Result:
    """Prepare and run one case; returns its result (checked by the caller)."""
    e = case.expect
    unknown = set(e) - KEYS
    assert not unknown, f"{case.expect_file}: unknown key(s) {sorted(unknown)}"
    assert "exit" in e, f"{case.expect_file}: 'exit' is required"
    names = prepare(case, work)
    timeout = float(e.get("timeout", 30))
    lang = str(e.get("lang", "en"))
    if case.entry == "api":
        return run_api(_sub(e["call"], names), work, timeout, e.get("fault"), lang)
    args = _sub(e.get("args") or DEFAULT_ARGS[case.entry], names)
    memory = int(e.get("memory_mb", MEMORY_LIMIT // 1024**2)) * 1024**2
    return run_cli(args, work, subprocess_=bool(e.get("subprocess")), timeout=timeout, fault=e.get("fault"),
                   memory=memory, lang=lang)


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


__all__ = ["CASES", "DEFAULT_ARGS", "GENERATORS", "ROOT", "Case", "Hang", "Result", "check", "discover", "is_root",
           "leftovers", "run_case", "run_cli", "time_limit"]
