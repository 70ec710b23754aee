"""The package's shape: no import cycles (imports inside functions count), layers that point one way, small modules."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "compliance"
MAX_LINES = 400

# Layers from the bottom up: a module may import its own layer and the ones below it, never one above.
LAYERS: list[tuple[str, ...]] = [
    ("compliance.messages",),
    ("compliance.errors",),
    ("compliance.model",),
    ("compliance.engine", "compliance.load"),
    ("compliance.lint", "compliance.skm"),
    ("compliance.catalog", "compliance.report", "compliance.atomic", "compliance.checklist"),
    ("compliance.run",),
    ("compliance.cli",),
]
# What the pure core must never reach, even lazily.
PURE = ("compliance.model", "compliance.engine")
NOT_FROM_PURE = ("compliance.load", "compliance.report", "compliance.cli", "compliance.run", "compliance.lint",
                 "compliance.catalog", "compliance.atomic", "compliance.checklist")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PKG.rglob("*.py")) if "_generated" not in p.parts}


def _imports(name: str, path: Path, known: set[str]) -> Iterator[tuple[str, int]]:
    """Every module of ours that `name` imports, anywhere in the file (functions and TYPE_CHECKING included)."""
    is_pkg = path.name == "__init__.py"
    package = name if is_pkg else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("compliance"):
                    yield _owner(alias.name, known), node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            if not base.startswith("compliance"):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield (sub if sub in known else _owner(base, known)), node.lineno


def _owner(dotted: str, known: set[str]) -> str:
    while dotted not in known and "." in dotted:
        dotted = dotted.rpartition(".")[0]
    return dotted


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for target, _ in _imports(name, path, known):
            if target != name and target in known:
                graph[name].add(target)
    # Importing a submodule runs its parent packages' __init__ first.
    for name in list(graph):
        for target in list(graph[name]):
            parent = target.rpartition(".")[0]
            while parent and parent != name and not name.startswith(parent + "."):
                graph[name].add(parent)
                parent = parent.rpartition(".")[0]
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _layer(module: str) -> int | None:
    for i, names in enumerate(LAYERS):
        if any(module == n or module.startswith(n + ".") for n in names):
            return i
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_counting_imports_inside_functions() -> None:
    assert _cycles(_graph()) == []


def test_every_module_has_a_layer() -> None:
    top = {"compliance", "compliance.__main__"}
    assert [m for m in _modules() if m not in top and _layer(m) is None] == []


def test_layers_point_downwards() -> None:
    wrong = []
    for name, targets in _graph().items():
        mine = _layer(name)
        if mine is None:
            continue
        for t in sorted(targets):
            theirs = _layer(t)
            if theirs is not None and theirs > mine:
                wrong.append(f"{name} -> {t}")
    assert wrong == []


def test_model_and_engine_import_nothing_from_loading_reporting_or_the_command_line() -> None:
    wrong = [f"{name} -> {t}" for name, targets in _graph().items() if name.startswith(PURE)
             for t in sorted(targets) if t.startswith(NOT_FROM_PURE)]
    assert wrong == []


def test_the_model_imports_nothing_of_the_engine() -> None:
    wrong = [f"{name} -> {t}" for name, targets in _graph().items() if name.startswith("compliance.model")
             for t in sorted(targets) if t.startswith("compliance.engine")]
    assert wrong == []


@pytest.mark.parametrize("path", sorted(p for p in PKG.rglob("*.py") if "_generated" not in p.parts),
                         ids=lambda p: str(p.relative_to(PKG)))
def test_no_hand_written_module_over_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PKG)} has {lines} lines"


def test_weasyprint_is_imported_by_the_renderer_only() -> None:
    # The heavy renderer stays off the lint and assess paths: one module imports it, lazily.
    importers = sorted(name for name, path in _modules().items()
                       if re.search(r"^\s*(import weasyprint|from weasyprint\b)", path.read_text(encoding="utf-8"),
                                    re.M))
    assert importers == ["compliance.report.render"]
