"""`compliance assess` on a synthetic region against the floor of only parsing the same files (issue 3 §7).

    python benchmarks/bench_assess.py [--units 10000] [--runs 3] [--ruleset ombudsman-2023]

Measured in the same run, each command a fresh process, medians of --runs:
  floor  : read and parse every evidence file with PyYAML's C loader (CSafeLoader), nothing else;
  -j 1   : compliance assess RULESET REGION --format json -o FILE -j 1;
  -j 2   : the same with two worker processes;
  floor on 2 processes: the floor's parse split over two processes (every other file), which shows the speed-up
           this machine itself gives two busy processes that do not even communicate.
Peak memory is the largest resident set of one process (the parent or a worker), measured at two region
sizes to show whether it grows with the number of units. Targets: -j 1 within 1.3x of the floor,
-j 2 at least 1.7x faster than -j 1, flat peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
FLOOR = """
import os, sys, yaml
n = 0
for root, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for f in sorted(files):
        if f.endswith('.yaml'):
            with open(os.path.join(root, f), encoding='utf-8') as fh:
                yaml.load(fh.read(), Loader=yaml.CSafeLoader)
            n += 1
print(n)
"""
# The same parse on two processes at once, each taking every other file: what this machine allows two busy
# processes, with no communication between them, to gain over one.
FLOOR_X2 = """
import os, sys, yaml
paths = []
for root, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    paths += [os.path.join(root, f) for f in sorted(files) if f.endswith('.yaml')]
pid = os.fork()
for p in paths[(0 if pid else 1)::2]:
    with open(p, encoding='utf-8') as fh:
        yaml.load(fh.read(), Loader=yaml.CSafeLoader)
if pid:
    os.waitpid(pid, 0)
else:
    os._exit(0)
"""


def _run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of the largest process the command ran."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); w = time.perf_counter() - t; "
            "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, r.returncode)")
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True).stdout
    wall, rss, rc = out.split()
    if rc not in ("0", "1"):
        raise SystemExit(f"command failed ({rc}): {' '.join(cmd)}")
    return float(wall), float(rss)


Ratios = tuple[list[float], list[float], list[float]]


def measure(region: Path, ruleset: str, runs: int) -> tuple[dict[str, tuple[float, float]], Ratios]:
    """Per command: median wall seconds and peak RSS; per run: -j 1 / floor, -j 1 / -j 2, floor / floor on 2."""
    out = WORK / "out.json"
    cmds = {
        "floor (CSafeLoader parse)": [sys.executable, "-c", FLOOR, str(region)],
        "floor on 2 processes": [sys.executable, "-c", FLOOR_X2, str(region)],
        "assess -j 1": [sys.executable, "-m", "compliance", "assess", ruleset, str(region), "--as-of", "2024-06-30",
                        "--format", "json", "-o", str(out), "-j", "1"],
        "assess -j 2": [sys.executable, "-m", "compliance", "assess", ruleset, str(region), "--as-of", "2024-06-30",
                        "--format", "json", "-o", str(out), "-j", "2"],
    }
    results: dict[str, list[tuple[float, float]]] = {k: [] for k in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():  # interleaved, so noise spreads over all three
            # The previous run's output (about 70 KB per unit) is deleted first, outside the timing: replacing
            # it would charge the freeing of hundreds of MB to the next command (0.25 s at 2,000 units).
            out.unlink(missing_ok=True)
            results[name].append(_run(cmd))
    summary = {k: (statistics.median(w for w, _ in v), max(r for _, r in v)) for k, v in results.items()}
    # This machine's speed drifts by tens of percent over minutes: a ratio of two medians can pair a fast
    # stretch with a slow one. The three commands of one run ran back to back, so per-run ratios are steadier.
    walls = {k: [w for w, _ in v] for k, v in results.items()}
    floor, one, two = walls["floor (CSafeLoader parse)"], walls["assess -j 1"], walls["assess -j 2"]
    floor2 = walls["floor on 2 processes"]
    return summary, ([a / f for a, f in zip(one, floor, strict=True)], [a / b for a, b in zip(one, two, strict=True)],
                     [a / b for a, b in zip(floor, floor2, strict=True)])


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} (runs: {', '.join(f'{v:.2f}' for v in values)})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=10_000)
    ap.add_argument("--small", type=int, default=2_000, help="the smaller region for the memory comparison")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--ruleset", default="ombudsman-2023")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth_region import write_region

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "compliance")], check=True)
    WORK.mkdir(parents=True, exist_ok=True)
    table = []
    for n in sorted({args.small, args.units}):
        region = WORK / f"region-{args.ruleset}-{n}"
        if not region.exists():
            t = time.perf_counter()
            tmp = region.with_suffix(".tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            write_region(tmp, args.ruleset, n, dt.date(2024, 6, 30))
            tmp.rename(region)
            print(f"generated {n} units in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        size = sum(f.stat().st_size for f in region.rglob("unit-*.yaml"))
        res, ratios = measure(region, args.ruleset, args.runs)
        floor = res["floor (CSafeLoader parse)"][0]
        one = res["assess -j 1"][0]
        two = res["assess -j 2"][0]
        table.append((n, size, res, floor, one, two, ratios))
    print(f"machine: {os.cpu_count()} cores; medians of {args.runs} runs; rule set {args.ruleset}")
    print("| units | evidence MB | command | wall s (median) | per unit ms | peak RSS MiB |")
    print("| --- | --- | --- | --- | --- | --- |")
    for n, size, measured, *_ in table:
        for name, (wall, rss) in measured.items():
            print(f"| {n} | {size / 1e6:.1f} | {name} | {wall:.2f} | {1000 * wall / n:.2f} | {rss:.0f} |")
    for n, _, _, floor, one, two, (per_floor, per_two, machine) in table:
        print(f"{n} units: -j 1 / floor = {one / floor:.2f} (target <= 1.3); -j 1 / -j 2 = {one / two:.2f} "
              f"(target >= 1.7)  [ratios of the medians]")
        print(f"{n} units, median of the per-run ratios: -j 1 / floor = {_spread(per_floor)}; "
              f"-j 1 / -j 2 = {_spread(per_two)}; the machine's own 2-process speed-up (floor / floor on 2 "
              f"processes) = {_spread(machine)}")
    if len(table) == 2:
        small, big = table
        print(f"peak RSS of assess -j 1: {small[2]['assess -j 1'][1]:.0f} MiB at {small[0]} units, "
              f"{big[2]['assess -j 1'][1]:.0f} MiB at {big[0]} units")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
