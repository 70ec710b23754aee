"""The pre-commit hook manifest names commands that exist, and the lint hook's entry point works."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

import yaml

from conftest import ROOT


def test_hook_manifest_names_installed_console_scripts() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    scripts = {e.name for e in entry_points(group="console_scripts")}
    assert {h["id"] for h in hooks} == {"compliance-lint", "compliance-test"}
    for hook in hooks:
        assert hook["entry"].split()[0] in scripts
        assert hook["language"] == "python"


def test_lint_entry_point_takes_file_names() -> None:
    script = ROOT / ".venv" / "bin" / "compliance-lint"
    cmd = [str(script)] if script.exists() else [sys.executable, "-c", "from compliance.cli import lint_main; "
                                                                    "raise SystemExit(lint_main())"]
    ok = subprocess.run([*cmd, "rules/ombudsman-2023.yaml"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = subprocess.run([*cmd, "tests/cases/lint/invalid/band-gap.yaml"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert bad.returncode == 1 and "[band-gap]" in bad.stdout
