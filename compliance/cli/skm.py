"""`compliance skm RESPONSES`: the IKM of a Survei Kepuasan Masyarakat from a CSV or XLSX export."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from compliance.cli.argtext import tr
from compliance.cli.common import iso_date
from compliance.errors import SurveyError
from compliance.skm.ikm import DEFAULT_METHOD, METHODS, Method, compute, get_method
from compliance.skm.lang import Lang, say

OK, USAGE, FATAL = 0, 2, 3
_INDICATOR_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class _UsageError(Exception):
    """An option value that is wrong for this survey; reported like argparse does (exit 2)."""


def _population(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr(f"bukan bilangan bulat: {text!r}",
                                            f"not a whole number: {text!r}")) from None
    if value < 1:
        raise argparse.ArgumentTypeError(tr(f"paling sedikit 1, diberikan {value}", f"must be at least 1, got {value}"))
    return value


def _indicator(text: str) -> str:
    if not _INDICATOR_ID.fullmatch(text):
        raise argparse.ArgumentTypeError(tr(f"bukan id indikator (huruf, angka, '.', '_', '-'): {text!r}",
                                            f"not an indicator id (letters, digits, '.', '_', '-'): {text!r}"))
    return text


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of `compliance skm`."""
    p.add_argument("responses", metavar="RESPONSES",
                   help=tr("ekspor survei: CSV (UTF-8, ',' atau ';') atau XLSX, juga ekspor Google Forms apa adanya; "
                           "judul kolom di baris pertama, satu baris per responden",
                           "survey export: CSV (UTF-8, ',' or ';') or XLSX, also a Google Forms export as it is; "
                           "header in the first row, one row per respondent"))
    p.add_argument("--method", choices=sorted(METHODS), default=DEFAULT_METHOD,
                   help=tr(f"daftar unsur dan tabel kategori (bawaan: {DEFAULT_METHOD})",
                           f"unsur list and category table (default: {DEFAULT_METHOD})"))
    p.add_argument("--population", type=_population, metavar="N",
                   help=tr("jumlah pengguna layanan dalam periode survei; memeriksa ukuran sampel (Krejcie & Morgan)",
                           "users served in the period; checks the sample size (Krejcie & Morgan)"))
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help=tr("format keluaran (bawaan: text)", "output format (default: text)"))
    p.add_argument("--emit-evidence", metavar="FILE",
                   help=tr("tulis juga potongan bukti YAML untuk perangkat aturan",
                           "also write a YAML evidence fragment for rule sets"))
    p.add_argument("--indicator", type=_indicator, default="skm", metavar="ID",
                   help=tr("id indikator di potongan bukti (bawaan: skm)",
                           "indicator id in the evidence fragment (default: skm)"))
    p.add_argument("--survey-date", type=iso_date, metavar="DATE",
                   help=tr("tanggal survei untuk bukti (YYYY-MM-DD); bawaan: Timestamp/Tanggal terakhir",
                           "survey date for the evidence (YYYY-MM-DD); default: the last Timestamp/Tanggal"))
    p.add_argument("--columns", metavar="MAP",
                   help=tr('kolom unsur yang judulnya tidak dikenali: "U1=Persyaratan,U2=Prosedur,..." atau berkas '
                           "YAML/JSON; tanpa ini kolom dicari dari U1…U9, nama unsur atau kata-kata pertanyaannya",
                           'unsur columns whose headers are not recognised: "U1=Persyaratan,U2=Prosedur,..." or a '
                           "YAML/JSON file; without it columns are found by U1…U9, the unsur name or the question's "
                           "wording"))
    p.add_argument("--sheet", metavar="NAME", help=tr("lembar XLSX yang dibaca (bawaan: yang pertama)",
                                                      "XLSX worksheet to read (default: the first)"))


def parse_columns(value: str | None, method: Method) -> dict[str, str]:
    """The --columns map {U1: header}: inline "U1=Header,..." or a YAML/JSON mapping file."""
    if not value:
        return {}
    raw: Mapping[object, object]
    if Path(value).is_file() or value.lower().endswith((".yaml", ".yml", ".json")):
        from compliance.load.safe_yaml import load_file

        data: object = load_file(value).data
        if not isinstance(data, dict):
            raise _UsageError(tr(f"berkas --columns {value} harus berisi pemetaan seperti 'U1: Persyaratan'",
                                 f"--columns file {value} must hold a mapping like 'U1: Persyaratan'"))
        raw = data
    else:
        pairs: dict[object, object] = {}
        for item in value.split(","):
            if not item.strip():
                continue
            key, sep, header = item.partition("=")
            if not sep:
                raise _UsageError(tr(f"--columns: {item.strip()!r} tidak berbentuk U1=Judul Kolom",
                                     f"--columns: {item.strip()!r} is not of the form U1=Header"))
            if key.strip().upper() in {str(k).upper() for k in pairs}:
                raise _UsageError(tr(f"--columns: {key.strip()} diberikan dua kali",
                                     f"--columns: {key.strip()} is given twice"))
            pairs[key.strip()] = header.strip()
        raw = pairs
    mapping: dict[str, str] = {}
    for name, given in raw.items():
        unsur = str(name).strip().upper()
        if unsur not in method.unsur_ids:
            span = f"{method.unsur_ids[0]}..{method.unsur_ids[-1]}"
            raise _UsageError(tr(f"--columns: {name} bukan unsur {method.id} ({span})",
                                 f"--columns: {name} is not an unsur of {method.id} ({span})"))
        if given is None or not str(given).strip():
            raise _UsageError(tr(f"--columns: judul kolom untuk {unsur} tidak diberikan",
                                 f"--columns: no header given for {unsur}"))
        mapping[unsur] = str(given).strip()
    return mapping


def write_atomic(path: str, text: str) -> None:
    """Write the evidence fragment completely or not at all."""
    from compliance.atomic import write_atomic as write

    write(path, text, error=SurveyError, what="the evidence file", folder_errors=False)


def _source_label(responses: str, evidence: str) -> str:
    """The survey file as seen from the evidence file's folder, with '/' separators."""
    survey = Path(responses).absolute()
    try:
        return Path(os.path.relpath(survey, Path(evidence).absolute().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return survey.as_posix()


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).samefile(b)
    except OSError:
        return False


def run(args: argparse.Namespace) -> int:
    """Read, compute, print; optionally write the evidence fragment. Bad input raises SurveyError (exit 3)."""
    from compliance.skm.formatting import format_evidence, format_json, format_text
    from compliance.skm.reading import BadCells, load_survey

    lang: Lang = args.lang
    method = get_method(args.method)
    try:
        columns = parse_columns(args.columns, method)
        if args.emit_evidence and _same_file(args.emit_evidence, args.responses):
            raise _UsageError(tr("--emit-evidence tidak boleh menimpa berkas survei",
                                 "--emit-evidence must not overwrite the survey file"))
        survey = load_survey(args.responses, method, columns=columns, sheet=args.sheet)
        result = compute(survey.responses, method, population=args.population)
        if args.emit_evidence:
            survey_date = args.survey_date or (survey.period[1] if survey.period else None)
            if survey_date is None:
                raise _UsageError(say(
                    lang, "berkas survei tidak memiliki kolom Timestamp/Tanggal yang terisi; berikan "
                          "--survey-date YYYY-MM-DD untuk --emit-evidence",
                    "the survey has no filled Timestamp/Tanggal column; give --survey-date YYYY-MM-DD for "
                    "--emit-evidence"))
            text = format_evidence(result, survey, indicator=args.indicator, survey_date=survey_date,
                                   source_file=_source_label(args.responses, args.emit_evidence))
            write_atomic(args.emit_evidence, text)
    except _UsageError as exc:
        print(f"compliance skm: {say(lang, 'kesalahan', 'error')}: {exc}", file=sys.stderr)
        return USAGE
    except BadCells as exc:  # every bad cell on its own line (up to a limit), then how many there are
        prefix = f"compliance: {say(lang, 'kesalahan', 'error')}:"
        for error in exc.errors:
            print(f"{prefix} {error.render(lang)}", file=sys.stderr)
        if exc.total > 1:
            print(f"{prefix} {exc.file}: {exc.summary.render(lang)}", file=sys.stderr)
        return FATAL
    if args.format == "json":
        sys.stdout.write(format_json(result, survey))
    else:
        sys.stdout.write(format_text(result, survey, lang))
    return OK
