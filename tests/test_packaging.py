"""What a user gets from `pip install kepatuhan`: the wheel, installed into a clean virtual environment.

The wheel is built once, installed without its dependencies into a venv this module creates, and every console
script is run from a folder outside the repository, with no PYTHONPATH. The dependencies (WeasyPrint, pydantic,
...) come from the test's own environment through a .pth line that sys.path lists *after* the clean venv's
site-packages; that line adds a folder without running its .pth files, so the development install's editable
finder never loads, and the package itself can only come from the wheel (checked: `compliance.__file__`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import ROOT

UNIT = ROOT / "fixtures" / "kukar" / "dinkes"
RULESET = "kukar-pra-penilaian"
AS_OF = "2024-09-30"
# What the build reads: the project file, the readme it names, the package and the folders its data links to.
SOURCES = ("pyproject.toml", "README.md", "compliance", "rules", "reports")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the sources: a build/ folder left in the checkout by an earlier build
    (which setuptools would reuse, stale modules and all) plays no part, and the checkout gets none."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out),
                    str(src)], check=True, capture_output=True, timeout=300,
                   env={"PATH": "/usr/bin:/bin", "TMPDIR": str(build), "HOME": str(build)})
    [whl] = list(out.glob("kepatuhan-*.whl"))
    return whl


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel, with this environment's site-packages behind it for the dependencies."""
    env_dir = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True, capture_output=True,
                   timeout=120)
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, timeout=300, env=_clean_env(env_dir))
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True, env=_clean_env(env_dir)).stdout.strip())
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))  # this environment's packages
    (site / "zz_test_dependencies.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    return env_dir


def _clean_env(env_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "VIRTUAL_ENV"}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"
    return env


def _run(venv: Path, cwd: Path, *argv: str, ok: int = 0) -> subprocess.CompletedProcess[str]:
    """Run an installed console script (or the venv's python) by its path in the venv, from cwd."""
    proc = subprocess.run([str(venv / "bin" / argv[0]), *argv[1:]], cwd=cwd, env=_clean_env(venv),
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == ok, f"{argv}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


def test_wheel_carries_every_module_and_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "compliance").rglob("*.py"))
    assert modules
    missing = [m for m in modules if m not in names]
    assert missing == [], "modules missing from the wheel"
    assert {m for m in names if m.endswith(".py")} == set(modules), "the wheel holds modules the repository lacks"
    # rules/ and reports/ ship whole (compliance/data/* are symlinks to them); docs are not read at run time.
    for folder in ("rules", "reports"):
        files = [p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix != ".md"]
        assert files
        for path in files:
            assert f"compliance/data/{path.relative_to(ROOT).as_posix()}" in names
    assert any(n.startswith("compliance/data/rules/schema/") for n in names)
    assert "compliance/py.typed" in names


def test_wheel_requires_the_font_package_and_every_dependency(wheel: Path) -> None:
    """The report fonts ship in fontpkg-noto-sans: the wheel must pull it in, like every other dependency."""
    import tomllib

    with zipfile.ZipFile(wheel) as z:
        [meta] = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(z.read(meta).decode("utf-8"))
    required = {str(Requirement(r)) for r in metadata.get_all("Requires-Dist") or [] if "extra ==" not in r}
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert required == {str(Requirement(d)) for d in declared}
    assert any(Requirement(r).name == "fontpkg-noto-sans" for r in required)


def test_the_package_comes_from_the_clean_venv(venv: Path, tmp_path: Path) -> None:
    code = ("import compliance, compliance.cli.assess, compliance.load.resources as r, compliance.report.render as "
            "rr; print(compliance.__file__); print(r.rules_dir()); print(r.reports_dir()); "
            "print(*rr.font_files().values(), sep='\\n')")
    lines = _run(venv, tmp_path, "python", "-c", code).stdout.splitlines()
    package, rules, reports, *fonts = (Path(line).resolve() for line in lines)
    for path in (package, rules, reports):
        assert path.is_relative_to(venv.resolve()), path
        assert not path.is_relative_to(ROOT), path
    assert fonts and all(f.is_file() and f.suffix == ".ttf" for f in fonts)


def test_installed_lint_and_test_on_the_shipped_and_copied_rules(venv: Path, tmp_path: Path) -> None:
    shipped = _run(venv, tmp_path, "python", "-c",
                   "import compliance.load.resources as r; print(r.rules_dir())").stdout.strip()
    _run(venv, tmp_path, "compliance", "lint", shipped)
    _run(venv, tmp_path, "compliance", "test", shipped)
    # As the pre-commit hooks run them: in a project holding rules/ (the default path) and its rule tests.
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    _run(venv, tmp_path, "compliance", "lint")
    tested = _run(venv, tmp_path, "compliance", "test")
    assert " lulus, 0 gagal" in tested.stdout
    shutil.copy(ROOT / "tests" / "data" / "mini.yaml", tmp_path / "mini.yaml")
    _run(venv, tmp_path, "compliance-lint", "mini.yaml", "rules/ombudsman-2023.yaml")
    (tmp_path / "broken.yaml").write_text((ROOT / "tests" / "data" / "mini.yaml").read_text(encoding="utf-8")
                                          .replace("apiVersion:", "apiVersionX:", 1), encoding="utf-8")
    _run(venv, tmp_path, "compliance-lint", "broken.yaml", ok=1)


def test_installed_assess_template_report_and_verify(venv: Path, tmp_path: Path) -> None:
    unit = tmp_path / "dinkes"
    shutil.copytree(UNIT, unit)
    doc = json.loads(_run(venv, tmp_path, "compliance", "assess", RULESET, "dinkes", "--as-of", AS_OF,
                          "--format", "json").stdout)
    assert [u["unit"]["id"] for u in doc["units"]] == ["dinkes"]
    template = _run(venv, tmp_path, "compliance", "template", RULESET, "--unit-kind", "dinas").stdout
    assert "kind: Evidence" in template
    _run(venv, tmp_path, "compliance", "report", RULESET, "dinkes", "-o", "out", "--as-of", AS_OF,
         "--format", "both", "-j", "1")
    for name in ("units/dinkes.html", "units/dinkes.pdf", "rollup.html", "rollup.pdf", "results.json"):
        assert (tmp_path / "out" / name).is_file(), name
    assert (tmp_path / "out" / "units" / "dinkes.pdf").read_bytes().startswith(b"%PDF-")
    verified = _run(venv, tmp_path, "compliance", "verify", "out/units/dinkes.pdf", "--evidence", "dinkes")
    assert "UTUH: dinkes" in verified.stdout
