"""The README's Python example runs as written, and its first commands are the set-up contract."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT


def test_readme_starts_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## Python API\n\n```python\n(.*?)```", text, re.S)
    assert code is not None
    namespace: dict[str, object] = {}
    exec(compile(code.group(1), "README.md", "exec"), namespace)
    a = namespace["a"]
    assert a.unit.id == "kecamatan-tenggarong"  # type: ignore[attr-defined]


def test_the_layout_table_lists_every_module_once() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `(compliance/[\w/]+\.py)` \|", text, re.M)
    modules = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "compliance").rglob("*.py")
                     if "_generated" not in p.parts)
    assert sorted(set(listed)) == sorted(listed), "a module listed twice"
    assert sorted(listed) == modules
