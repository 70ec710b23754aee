"""`compliance verify REPORT.pdf... [--evidence DIR] [--units DIR] [--ruleset RULESET]`: check reports (a unit's,
or the regional roll-up) against tampering.
`compliance verify --digest TEXT RESULTS.json|REPORT.pdf...`: is the verification code printed on a report (or
its QR code's text) the digest of a report in these files, and of which unit?

Exit status: 0 every report is intact, 1 any mismatch, 3 a report cannot be read (or has no embedded assessment).
"""

from __future__ import annotations

import argparse
import sys

from compliance.cli.argtext import tr
from compliance.messages import say


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("reports", nargs="+", metavar="REPORT.pdf",
                   help=tr("PDF laporan unit atau rekapitulasi yang ditulis oleh compliance report (dengan --digest "
                           "juga results.json)",
                           "unit report or roll-up PDFs written by compliance report (with --digest also "
                           "results.json)"))
    p.add_argument("--digest", metavar="TEXT",
                   help=tr("kode verifikasi yang tercetak di bawah kode QR laporan, atau teks kode QR: dicari dalam "
                           "results.json atau PDF laporan yang diberikan",
                           "the verification code printed under a report's QR code, or the QR code's text: look it "
                           "up in the given results.json or report PDFs"))
    p.add_argument("--evidence", metavar="DIR",
                   help=tr("folder bukti unit (atau berkas buktinya): hitung ulang hash lampiran dan nilai ulang",
                           "the unit's evidence folder (or evidence file): recompute attachment hashes and "
                           "re-evaluate"))
    p.add_argument("--units", metavar="DIR",
                   help=tr("untuk rekapitulasi: folder PDF laporan unit (OUTDIR/units) yang dicocokkan dengan unit "
                           "yang dihitungnya",
                           "for a roll-up: the folder of unit report PDFs (OUTDIR/units) to check against the units "
                           "it counted"))
    p.add_argument("--ruleset", metavar="RULESET",
                   help=tr("id atau berkas perangkat aturan pembanding (bawaan: id yang tercatat di laporan)",
                           "rule-set id or file to check against (default: the id recorded in the report)"))
    p.add_argument("-q", "--quiet", action="store_true",
                   help=tr("hanya cetak masalah", "print problems only"))


def _rollup(path: str, args: argparse.Namespace) -> int:
    from compliance.report.verify_region import verify_rollup

    lang = args.lang
    v = verify_rollup(path, units=args.units, ruleset=args.ruleset)
    if v.ok:
        if not args.quiet:
            rs = v.document.get("ruleset") or {}
            n = len(v.document["units"])
            print(say(lang, f"{path}: UTUH: rekapitulasi {n} unit, {rs.get('id')} {rs.get('version')}",
                      f"{path}: OK: roll-up of {n} unit(s), {rs.get('id')} {rs.get('version')}"))
            for c in v.checks:
                print(f"  {say(lang, 'cocok', 'ok')}: {c.render(lang)}")
        return 0
    print(say(lang, f"{path}: TIDAK COCOK: {len(v.problems)} masalah",
              f"{path}: MISMATCH: {len(v.problems)} problem(s)"))
    for prob in v.problems:
        print(f"  {prob.render(lang)}")
    return 1


def run(args: argparse.Namespace) -> int:
    from compliance.errors import ComplianceError
    from compliance.report.verify import verify_report
    from compliance.report.verify_region import is_rollup

    lang = args.lang
    if args.digest is not None:
        return _run_digest(args)
    status = 0
    for path in args.reports:
        try:
            if is_rollup(path):
                status = max(status, _rollup(path, args))
                continue
            v = verify_report(path, evidence=args.evidence, ruleset=args.ruleset)
        except ComplianceError as exc:
            print(f"{path}: {say(lang, 'TIDAK TERBACA', 'UNREADABLE')}: {exc.render(lang)}", file=sys.stderr)
            status = max(status, 3)
            continue
        if v.ok:
            if not args.quiet:
                a = v.assessment
                print(f"{path}: {say(lang, 'UTUH', 'OK')}: {a.unit.id} ({a.unit.name}), {a.ruleset.id} "
                      f"{a.ruleset.version}")
                for c in v.checks:
                    print(f"  {say(lang, 'cocok', 'ok')}: {c.render(lang)}")
                for n in v.notes:
                    print(f"  {say(lang, 'catatan', 'note')}: {n.render(lang)}")
        else:
            status = max(status, 1)
            print(say(lang, f"{path}: TIDAK COCOK: {len(v.problems)} masalah",
                      f"{path}: MISMATCH: {len(v.problems)} problem(s)"))
            for prob in v.problems:
                print(f"  {prob.render(lang)}")
            for n in v.notes:
                print(f"  {say(lang, 'catatan', 'note')}: {n.render(lang)}")
    return status


def _run_digest(args: argparse.Namespace) -> int:
    from compliance.errors import ComplianceError
    from compliance.model.format import Formatter
    from compliance.report.digest import parse_digest
    from compliance.report.verify_digest import verify_digest

    lang = args.lang
    digest = parse_digest(args.digest)
    if digest is None:
        print(say(lang, "compliance verify: kesalahan: --digest menerima 64 digit heksadesimal yang tercetak di bawah "
                        "kode QR (spasi boleh) atau teks kode QR (kepatuhan:sha256:...)",
                  "compliance verify: error: --digest takes the 64 hexadecimal digits printed under the QR code "
                  "(spaces allowed) or the QR code's text (kepatuhan:sha256:...)"), file=sys.stderr)
        return 2
    status = 1
    for path in args.reports:
        try:
            found = verify_digest(path, digest)
        except ComplianceError as exc:
            print(f"{path}: {say(lang, 'TIDAK TERBACA', 'UNREADABLE')}: {exc.render(lang)}", file=sys.stderr)
            status = 3 if status == 1 else status
            continue
        a = found.unit
        if a is not None:
            status = 0
            fmt = Formatter(lang)
            print(say(lang,
                      f"{path}: UTUH: kode {digest[:12]}… adalah laporan {a.unit.id} ({a.unit.name}), "
                      f"{a.ruleset.id} {a.ruleset.version}, per {fmt.date(a.as_of)}, nilai {fmt.num(a.score)}",
                      f"{path}: OK: digest {digest[:12]}… is the report of {a.unit.id} ({a.unit.name}), "
                      f"{a.ruleset.id} {a.ruleset.version}, as of {fmt.date(a.as_of)}, score {fmt.num(a.score)}"))
        elif not args.quiet:
            print(say(lang,
                      f"{path}: TIDAK COCOK: tidak ada laporan di sini dengan kode {digest[:12]}… ({found.checked} "
                      "laporan unit diperiksa): salinan cetak diubah, atau milik putaran lain",
                      f"{path}: MISMATCH: no report here has digest {digest[:12]}… ({found.checked} unit report(s) "
                      "checked): the printed copy was altered, or belongs to another round"))
    return status


__all__ = ["add_arguments", "run"]
