"""Reading a large Google Forms export: worded answers and question headers against the same answers as numbers.

    python benchmarks/bench_skm.py [--rows 100000] [--runs 3]

Builds, in a temporary folder, a CSV of ROWS responses by repeating the rows of
fixtures/surveys/kelurahan-loa-ipuh-2024-gforms.csv, and its twin with U1…U9 headers and numbers 1–4, then
times `load_survey` + `compute` on each (in this process; medians). Both must give the same IKM.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compliance.skm.ikm import METHODS, compute  # noqa: E402
from compliance.skm.reading import load_survey  # noqa: E402
from compliance.skm.scales import answer_key, read_words  # noqa: E402

FIXTURE = ROOT / "fixtures" / "surveys" / "kelurahan-loa-ipuh-2024-gforms.csv"
METHOD = METHODS["permenpanrb-14-2017"]


def build(folder: Path, rows: int) -> tuple[Path, Path]:
    with open(FIXTURE, encoding="utf-8", newline="") as f:
        header, *data = list(csv.reader(f))
    data = [r for r in data if any(r)]
    columns = [c.column for c in load_survey(FIXTURE, METHOD).columns]
    worded, numeric = folder / "worded.csv", folder / "numeric.csv"
    with open(worded, "w", encoding="utf-8", newline="") as w, open(numeric, "w", encoding="utf-8", newline="") as n:
        ww, nw = csv.writer(w), csv.writer(n)
        ww.writerow(header)
        nw.writerow(["Timestamp", *(f"U{i}" for i in range(1, 10))])
        for i in range(rows):
            row = data[i % len(data)]
            ww.writerow(row)
            words = [row[c - 1] for c in columns]
            values = read_words(answer_key(t) for t in words if t)
            nw.writerow([row[0], *(values[answer_key(t)].value if t else "" for t in words)])
    return worded, numeric


def timed(path: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = compute(load_survey(path, METHOD).responses, METHOD)
    return time.perf_counter() - start, str(result.converted_display)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        worded, numeric = build(Path(tmp), args.rows)
        w_times, n_times, scores = [], [], set()
        for _ in range(args.runs):
            for path, times in ((worded, w_times), (numeric, n_times)):
                seconds, score = timed(path)
                times.append(seconds)
                scores.add(score)
        mb = worded.stat().st_size / 1e6
    print(f"{args.rows:,} responses ({mb:.1f} MB worded CSV), median of {args.runs}:")
    print(f"  worded answers, question headers : {statistics.median(w_times):.2f} s")
    print(f"  numbers 1–4, U1…U9 headers       : {statistics.median(n_times):.2f} s")
    print(f"  converted score: {', '.join(sorted(scores))}")
    return 0 if len(scores) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
