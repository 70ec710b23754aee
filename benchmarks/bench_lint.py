"""Cold start of `compliance lint rules/` (a fresh process per run), next to `python -c pass` in the same run.

    python benchmarks/bench_lint.py [--runs 15]

Target (issue 2): median at most 0.4 s on the project's 2-core machine. Runs alternate between the two
commands so that the machine's noise spreads evenly; medians are reported.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    lint = [sys.executable, "-m", "compliance", "lint", "rules/"]
    bare = [sys.executable, "-c", "pass"]
    # Byte-compile the package as `pip install` does for a wheel (this machine sets PYTHONDONTWRITEBYTECODE).
    subprocess.run([sys.executable, "-m", "compileall", "-q", "compliance"], cwd=ROOT, check=True)
    _time(lint)
    lint_t, bare_t = [], []
    for _ in range(args.runs):
        bare_t.append(_time(bare))
        lint_t.append(_time(lint))
    m_lint, m_bare = statistics.median(lint_t), statistics.median(bare_t)
    print(f"python -c pass          median {m_bare:.3f} s  (min {min(bare_t):.3f}, max {max(bare_t):.3f})")
    print(f"compliance lint rules/  median {m_lint:.3f} s  (min {min(lint_t):.3f}, max {max(lint_t):.3f})")
    verdict = "met" if m_lint <= 0.4 else "NOT met"
    print(f"target 0.4 s: {verdict}; lint minus interpreter start {m_lint - m_bare:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
