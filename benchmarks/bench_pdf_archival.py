"""What PDF/A-3b and tagging cost: the same HTML rendered four ways, interleaved round by round (so that a machine
whose speed drifts treats every variant alike), on one unit report and on the sample region's roll-up.

    .venv/bin/python benchmarks/bench_pdf_archival.py [--rounds N] [--ruleset R] [--evidence PATH]

Wall-clock time and the process's CPU time are both reported: on a shared machine the CPU time is the steadier.

plain    pdf_variant=None, pdf_tags=False (what report wrote before PDF/A)
pdfa     PDF/A-3b only (output intent, XMP, associated file)
tags     the tag tree only
both     PDF/A-3b + tags: the default
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VARIANTS = {"plain": (None, False), "pdfa": ("pdf/a-3b", False), "tags": (None, True), "both": ("pdf/a-3b", True)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ruleset", default="kukar-pra-penilaian")
    ap.add_argument("--evidence", default=str(ROOT / "fixtures" / "kukar"))
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    import io

    from pypdf import PdfReader

    from compliance.catalog import load_ruleset
    from compliance.model.assessment import RuleSetInfo
    from compliance.report import render as rendering
    from compliance.report.region_doc import region_document, region_json
    from compliance.report.region_view import build_rollup_view
    from compliance.report.results import document
    from compliance.report.summary import UnitSummary, summarize
    from compliance.run.batch import assess_files, discover

    as_of = dt.date(2024, 9, 30)
    rs = load_ruleset(args.ruleset)
    outcomes = [o for o in assess_files(rs, discover([args.evidence]), as_of=as_of) if o.assessment is not None]
    assessments = [o.assessment for o in outcomes if o.assessment is not None]
    a = max(assessments, key=lambda x: len(x.attachments))
    summary = summarize(rs.id, [b.category for b in rs.bands], [UnitSummary.of(x, o.file) for x, o in
                                                                 zip(assessments, outcomes, strict=True)], [])
    info = RuleSetInfo(id=rs.id, version=rs.version, sha256=rs.sha256, title=rs.metadata.title)
    region = region_document(info, as_of, assessments, summary)
    view = build_rollup_view(summary, ruleset=info, as_of=as_of, titles={i.id: i.title for _, _, i in rs.indicators()},
                             dimension_titles={d.id: d.title for d in rs.dimensions}, digest=region["digest"])
    cases = {
        f"unit report ({a.unit.id})": (rendering.render_unit_html(a), as_of,
                                       [rendering.EmbeddedFile(rendering.ASSESSMENT_ATTACHMENT,
                                                               rendering.assessment_json(a))]),
        f"roll-up ({len(assessments)} units)": (rendering.render_html(view), as_of, [
            rendering.EmbeddedFile("region.json", region_json(region)),
            rendering.EmbeddedFile(rendering.RESULTS_ATTACHMENT,
                                   document(rs, as_of, assessments, summary).encode("utf-8"))]),
    }
    for name, (html, date, embedded) in cases.items():
        times: dict[str, list[float]] = {k: [] for k in VARIANTS}
        cpu: dict[str, list[float]] = {k: [] for k in VARIANTS}
        sizes: dict[str, int] = {}
        pages = 0
        rendering.html_to_pdf(html, date=date, embedded=embedded)        # warm-up
        for _ in range(args.rounds):
            for key, (variant, tags) in VARIANTS.items():
                t, c = time.perf_counter(), time.process_time()
                pdf = rendering.html_to_pdf(html, date=date, embedded=embedded, pdf_variant=variant, pdf_tags=tags)
                times[key].append(time.perf_counter() - t)
                cpu[key].append(time.process_time() - c)
                sizes[key] = len(pdf)
                pages = len(PdfReader(io.BytesIO(pdf)).pages)
        base = statistics.median(times["plain"])
        cbase = statistics.median(cpu["plain"])
        print(f"{name}, {pages} pages, {args.rounds} interleaved rounds (wall median, min; CPU median; size):")
        for key in VARIANTS:
            med, cmed = statistics.median(times[key]), statistics.median(cpu[key])
            print(f"  {key:6} wall {med:6.2f} s {min(times[key]):6.2f} s {100 * (med - base) / base:+5.0f} %   "
                  f"CPU {cmed:6.2f} s {100 * (cmed - cbase) / cbase:+5.0f} %   {sizes[key] / 1024:7.1f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
