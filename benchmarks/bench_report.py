"""Benchmark of report rendering.

    .venv/bin/python benchmarks/bench_report.py [--units N] [--rollup N] [--jobs J] [--ruleset R] [--evidence PATH]

Measures, on the same unit report:
  floor     WeasyPrint alone rendering the same HTML read from disk (HTML(filename=...).write_pdf())
  ours      compliance.report.render.render_unit_pdf (view model + Jinja2 + restricted fetcher + attachment),
            PDF/A-3b and tagged (the default)
  plain     the same without PDF/A and tags (pdf_variant=None, pdf_tags=False): the archival + tagging overhead
  batch     N unit reports through compliance.cli.report.render_units with J long-lived workers
  rollup    the regional roll-up for a synthetic region of --rollup units (copies of the real ones)
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median(f, n):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ruleset", default="kukar-pra-penilaian")
    ap.add_argument("--evidence", default=str(ROOT / "fixtures" / "kukar"))
    ap.add_argument("--units", type=int, default=20)
    ap.add_argument("--rollup", type=int, default=600)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import weasyprint

    from compliance.catalog import load_ruleset
    from compliance.cli.report import UnitJob, render_units
    from compliance.model.assessment import RuleSetInfo
    from compliance.report import render as rendering
    from compliance.report.region_view import build_rollup_view
    from compliance.report.summary import UnitSummary, summarize
    from compliance.run.batch import assess_files, discover

    as_of = dt.date(2024, 6, 1)
    rs = load_ruleset(args.ruleset)
    files = discover([args.evidence])
    assessments = [o.assessment for o in assess_files(rs, files, as_of=as_of) if o.assessment is not None]
    if not assessments:
        print("no assessments", file=sys.stderr)
        return 1
    a = assessments[0]
    with tempfile.TemporaryDirectory() as tmp:
        html = rendering.render_unit_html(a)
        page = Path(tmp) / "unit.html"
        page.write_text(html, encoding="utf-8")
        rendering.render_unit_pdf(a)                      # warm-up
        floor = _median(lambda: weasyprint.HTML(filename=str(page), base_url=str(rendering.reports_dir()) + "/",
                                                url_fetcher=rendering.make_fetcher()).write_pdf(), args.repeat)
        ours = _median(lambda: rendering.render_unit_pdf(a), args.repeat)
        html_only = _median(lambda: rendering.render_unit_html(a), args.repeat)
        data = [rendering.EmbeddedFile(rendering.ASSESSMENT_ATTACHMENT, rendering.assessment_json(a))]
        plain = _median(lambda: rendering.html_to_pdf(rendering.render_unit_html(a), date=a.as_of, embedded=data,
                                                      pdf_variant=None, pdf_tags=False), args.repeat)
        pages = len(__import__("pypdf").PdfReader(__import__("io").BytesIO(rendering.render_unit_pdf(a))).pages)
        print(f"unit report ({a.unit.id}, {len(a.indicators)} indicators, {len(a.attachments)} attachments, "
              f"{pages} pages)")
        print(f"  floor (WeasyPrint on the HTML file): median {floor[0]:.2f} s, min {floor[1]:.2f} s")
        print(f"  ours (render_unit_pdf):              median {ours[0]:.2f} s, min {ours[1]:.2f} s")
        print(f"  plain (no PDF/A, no tags):           median {plain[0]:.2f} s, min {plain[1]:.2f} s")
        print(f"  view model + Jinja2 only:            median {html_only[0] * 1000:.1f} ms")
        print(f"  PDF/A-3b + tags over plain:          {100 * (ours[0] - plain[0]) / plain[0]:+.0f} %")

        units = [assessments[i % len(assessments)] for i in range(args.units)]
        jobs = [UnitJob(f"u{i}", "bench", x.model_dump_json(), "id", ("pdf",), tmp, None)
                for i, x in enumerate(units)]
        (Path(tmp) / "units").mkdir()
        batch_times = {}
        for workers in sorted({1, args.jobs}):
            t = time.perf_counter()
            done = list(render_units(jobs, workers))
            batch_times[workers] = time.perf_counter() - t
            errors = [d.error for d in done if d.error]
            note = f"; errors: {errors[:2]}" if errors else ""
            print(f"batch: {len(jobs)} reports with -j {workers}: {batch_times[workers]:.1f} s "
                  f"({batch_times[workers] / len(jobs):.2f} s/report incl. worker start-up){note}")
        if args.jobs > 1:
            print(f"  -j 1 / -j {args.jobs} = {batch_times[1] / batch_times[args.jobs]:.2f} (target >= 1.7)")
        print(f"  overhead of ours over the floor: {100 * (ours[0] - floor[0]) / floor[0]:+.0f} % (target < 25 %)")

        scores = []
        for i in range(args.rollup):
            u = UnitSummary.of(assessments[i % len(assessments)], "bench")
            scores.append(dataclasses.replace(u, unit_id=f"{u.unit_id}-{i}", unit_name=f"{u.unit_name} {i}",
                                              score=round((u.score * (i + 7)) % 100, 2)))
        info = RuleSetInfo(id=rs.id, version=rs.version, sha256=rs.sha256, title=rs.metadata.title)
        t = time.perf_counter()
        titles = {i.id: i.title for _, _, i in rs.indicators()}
        summary = summarize(rs.id, [b.category for b in rs.bands], scores, [])
        view = build_rollup_view(summary, ruleset=info, as_of=as_of, titles=titles,
                                 dimension_titles={d.id: d.title for d in rs.dimensions})
        rhtml = rendering.render_html(view)
        t_html = time.perf_counter() - t
        pdf = rendering.render_rollup_pdf(view, as_of=as_of, html=rhtml)
        t_all = time.perf_counter() - t
        rpages = len(__import__("pypdf").PdfReader(__import__("io").BytesIO(pdf)).pages)
        print(f"rollup: {args.rollup} units, {rpages} pages: {t_all:.1f} s (view + HTML {t_html:.2f} s)")
        t = time.perf_counter()
        rendering.html_to_pdf(rhtml, date=as_of, pdf_variant=None, pdf_tags=False)
        t_plain = time.perf_counter() - t
        print(f"  the same without PDF/A and tags: {t_plain:.1f} s (PDF/A-3b + tags: "
              f"{100 * (t_all - t_html - t_plain) / t_plain:+.0f} %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
