"""Benchmark of the unit reports, short (the default) and full (--detail full), per unit, against WeasyPrint.

    .venv/bin/python benchmarks/bench_unit_reports.py [--synth 600] [--sample 12] [--jobs 2]

For the sample region (fixtures/kukar, every unit) and a synthetic region of --synth units
(benchmarks/synth_region.py; --sample of them, evenly spread, are rendered), with the sample region's report
configuration (fixtures/kukar-report.yaml: letterhead, number, signatories, QR code):

  ours      per-unit time of compliance.cli.report.render_unit (view model, Jinja2, the PDF with its embedded
            assessment, PDF/A-3b and tags, written atomically), as the worker measures it, with -j 1 and -j J;
            and the wall time per unit of the whole batch (worker start-up included)
  pages     pages per unit report
  floor     WeasyPrint alone on the very same HTML, in the same run: HTML(string=...).write_pdf(), plain
  floor+a   WeasyPrint on the same HTML with the same PDF/A-3b, tags and embedded file (html_to_pdf): what
            the archival output costs by itself, whatever builds the HTML

Medians over units. "short" is the default document (at most 4 pages); "full" is the default before issue 13
(every section in the PDF) plus the letterhead: the before/after comparison of the shorter default.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

AS_OF = dt.date(2024, 9, 30)


def _median(xs):
    return statistics.median(xs) if xs else float("nan")


def _units(rs, files):
    from compliance.run.batch import assess_files

    return [o.assessment for o in assess_files(rs, files, as_of=AS_OF) if o.assessment is not None]


def measure(name, rs, assessments, official, jobs_n, tmp):
    import io

    import weasyprint
    from pypdf import PdfReader

    from compliance.cli.report import UnitJob, render_units
    from compliance.model.report_config import document_number
    from compliance.report import render as rendering
    from compliance.report.unit_view import build_unit_view

    seq = {a.unit.id: i for i, a in enumerate(sorted(assessments, key=lambda a: a.unit.id), start=1)}
    disabled = [(d.id, d.justification) for d in rs.disabled]
    rows = {}
    for detail in ("short", "full"):
        out = Path(tmp) / f"{name}-{detail}"
        (out / "units").mkdir(parents=True)

        def job(a, out=out, detail=detail):
            number = document_number(official.config.document_number, seq=seq[a.unit.id], as_of=AS_OF,
                                     unit=a.unit.id, kind=a.unit.kind)
            return UnitJob(a.unit.id, "bench", a.model_dump_json(), "id", ("pdf",), str(out), None,
                           official=official, number=number, detail=detail, disabled=rs.disabled)

        jobs = [job(a) for a in assessments]
        per_unit, wall = {}, {}
        for workers in sorted({1, jobs_n}):
            t = time.perf_counter()
            done = list(render_units(jobs, workers))
            wall[workers] = (time.perf_counter() - t) / len(jobs)
            errors = [d.error for d in done if d.error]
            if errors:
                print(f"  errors: {errors[:2]}", file=sys.stderr)
            per_unit[workers] = _median([d.seconds for d in done if not d.error])
        pages = [len(PdfReader(p).pages) for p in sorted((out / "units").glob("*.pdf"))]
        floor, floor_a = [], []
        for a in assessments:
            number = document_number(official.config.document_number, seq=seq[a.unit.id], as_of=AS_OF,
                                     unit=a.unit.id, kind=a.unit.kind)
            html = rendering.render_html(build_unit_view(a, "id", official=official, number=number,
                                                         appendix=detail == "full", disabled=disabled))
            t = time.perf_counter()
            weasyprint.HTML(string=html, base_url=rendering.reports_dir().resolve().as_uri() + "/",
                            url_fetcher=rendering.make_fetcher()).write_pdf()
            floor.append(time.perf_counter() - t)
            data = [rendering.EmbeddedFile(rendering.ASSESSMENT_ATTACHMENT, rendering.assessment_json(a))]
            t = time.perf_counter()
            pdf = rendering.html_to_pdf(html, date=a.as_of, embedded=data)
            floor_a.append(time.perf_counter() - t)
            assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
        rows[detail] = dict(pages=_median(pages), max_pages=max(pages), per_unit=per_unit, wall=wall,
                            floor=_median(floor), floor_a=_median(floor_a))
    return rows


def report(name, n, rows, jobs_n):
    print(f"\n{name}: {n} unit reports rendered")
    print(f"  {'':6} {'pages (median/max)':>18} {'ours -j1':>9} {f'ours -j{jobs_n}':>9} {'wall/unit -j1':>14} "
          f"{f'wall/unit -j{jobs_n}':>14} {'floor':>7} {'floor+a':>8} {'over floor+a':>13}")
    for detail, r in rows.items():
        ours = r["per_unit"][1]
        print(f"  {detail:6} {r['pages']:>11.0f} / {r['max_pages']:<4} {ours:>8.2f}s {r['per_unit'][jobs_n]:>8.2f}s "
              f"{r['wall'][1]:>13.2f}s {r['wall'][jobs_n]:>13.2f}s {r['floor']:>6.2f}s {r['floor_a']:>7.2f}s "
              f"{100 * (ours - r['floor_a']) / r['floor_a']:>+12.0f}%")
    s, f = rows["short"], rows["full"]
    print(f"  short / full: pages {s['pages'] / f['pages']:.2f}, time -j1 {s['per_unit'][1] / f['per_unit'][1]:.2f}, "
          f"floor {s['floor'] / f['floor']:.2f}")
    print(f"  ours over the plain WeasyPrint floor (short, -j1): "
          f"{100 * (s['per_unit'][1] - s['floor']) / s['floor']:+.0f} % (PDF/A-3b + tags included)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ruleset", default="kukar-pra-penilaian")
    ap.add_argument("--synth", type=int, default=600, help="units of the synthetic region (0: skip it)")
    ap.add_argument("--sample", type=int, default=12, help="synthetic units rendered, evenly spread")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    from compliance.catalog import load_ruleset
    from compliance.load.report_config import load_report_config
    from compliance.report import render as rendering
    from compliance.run.batch import discover

    rs = load_ruleset(args.ruleset)
    official = load_report_config(str(ROOT / "fixtures" / "kukar-report.yaml"))
    rendering.stylesheet()
    with tempfile.TemporaryDirectory() as tmp:
        sample = _units(rs, discover([str(ROOT / "fixtures" / "kukar")]))
        rendering.render_unit_pdf(sample[0])  # warm-up: imports, fonts
        report("sample region (fixtures/kukar)", len(sample), measure("sample", rs, sample, official, args.jobs, tmp),
               args.jobs)
        if args.synth:
            from synth_region import write_region

            t = time.perf_counter()
            files = write_region(Path(tmp) / "synth", args.ruleset, args.synth, AS_OF)
            step = max(1, len(files) // args.sample)
            chosen = [str(f) for f in files[::step][: args.sample]]
            units = _units(rs, chosen)
            print(f"\n(synthetic region of {len(files)} units written in {time.perf_counter() - t:.1f} s; "
                  f"{len(units)} of them rendered)")
            report(f"synthetic region ({args.synth} units, every {step}th)", len(units),
                   measure("synth", rs, units, official, args.jobs, tmp), args.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
