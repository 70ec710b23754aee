"""A non-editable install carries the rule sets, schemas and templates, found through importlib.resources."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, timeout=300,
                   env={"PATH": "/usr/bin:/bin", "TMPDIR": str(build), "HOME": str(build)})
    [whl] = list(out.glob("kepatuhan-*.whl"))
    return whl


def test_wheel_carries_the_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for ruleset in (ROOT / "rules").glob("*.yaml"):
        assert f"compliance/data/rules/{ruleset.name}" in names
    for schema in (ROOT / "rules" / "schema").glob("*.json"):
        assert f"compliance/data/rules/schema/{schema.name}" in names
    for template in (ROOT / "reports").rglob("*.j2"):
        assert f"compliance/data/reports/{template.relative_to(ROOT / 'reports')}" in names
    assert "compliance/py.typed" in names


def test_installed_package_lints_and_tests_its_rule_sets(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from compliance.cli import main; "
            "import compliance.load.resources as r; d = str(r.rules_dir()); "
            "assert d.startswith(sys.argv[1]), d; "
            "raise SystemExit(main(['lint', d]) or main(['test', d]))")
    proc = subprocess.run([sys.executable, "-I", "-c", code, str(tmp_path / "site")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
