"""Reading a report configuration (kind: ReportConfig) and its logo (I/O edge).

`load_report_config` refuses a file that `compliance lint` reports errors in, with the first error's position,
so that a report is never made with a half-read letterhead. The checks beyond the schema live here and in
compliance/model/report_config.py; lint (compliance/lint/report_config.py) reports every one of them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from compliance.errors import InputError
from compliance.load import schema
from compliance.load.files import read_text
from compliance.load.safe_yaml import Document, json_path, parse
from compliance.messages import Msg
from compliance.model.findings import Finding, Location, Severity
from compliance.model.numbering import nip_problem, pattern_fields, pattern_problem

if TYPE_CHECKING:  # pydantic models: imported when a configuration is loaded, never by lint
    from compliance.model.report_config import Logo, Official

MAX_LOGO_BYTES = 1024 * 1024
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
SCHEMA = "reportconfig.schema.json"


def logo_path(config_file: str, logo: str) -> str:
    """Where a logo named in a configuration file is: relative to that file's folder."""
    return os.path.join(os.path.dirname(os.path.abspath(config_file)), logo)


def read_logo(config_file: str, logo: str) -> Logo:
    """The logo's bytes and media type; InputError (one sentence, naming the configuration file) otherwise."""
    from compliance.model.report_config import Logo

    media, data = _logo_bytes(config_file, logo)
    return Logo(media_type=media, data=data)


def _logo_bytes(config_file: str, logo: str) -> tuple[str, bytes]:
    ext = os.path.splitext(logo)[1].lower()
    media = LOGO_TYPES.get(ext)
    if media is None:
        raise InputError(Msg("logo {l!r}: seharusnya berkas SVG, PNG atau JPEG (.svg, .png, .jpg)",
                             "logo {l!r}: an SVG, PNG or JPEG file is expected (.svg, .png, .jpg)", l=logo),
                         file=config_file)
    path = logo_path(config_file, logo)
    try:
        if not os.path.isfile(path):
            raise InputError(Msg("logo {l!r} tidak ditemukan di samping berkas konfigurasi",
                                 "logo {l!r} not found next to the configuration file", l=logo), file=config_file)
        if os.path.getsize(path) > MAX_LOGO_BYTES:
            raise InputError(Msg("logo {l!r} lebih besar dari {n} KiB", "logo {l!r} is larger than {n} KiB", l=logo,
                                 n=MAX_LOGO_BYTES // 1024), file=config_file)
        with open(path, "rb") as fh:
            data = fh.read(MAX_LOGO_BYTES + 1)
    except OSError as exc:
        raise InputError(Msg("logo {l!r} tidak dapat dibaca ({e})", "logo {l!r} cannot be read ({e})", l=logo,
                             e=exc.strerror), file=config_file) from None
    looks = {"image/png": data.startswith(b"\x89PNG\r\n\x1a\n"), "image/jpeg": data.startswith(b"\xff\xd8\xff"),
             "image/svg+xml": b"<svg" in data[:4096]}
    if not looks[media]:
        raise InputError(Msg("logo {l!r} bukan gambar {t} seperti kata namanya", "logo {l!r} is not the {t} image "
                             "its name says", l=logo, t=ext[1:].upper()), file=config_file)
    return media, data


def check(path: str, doc: Document) -> Iterator[Finding]:
    """Every finding on a configuration file: the schema first; when the shape is right, the pattern, the
    logo and the NIPs."""
    found = list(schema.validate(doc, SCHEMA))
    if found:
        yield from found
        return
    data = doc.data

    def at(where: tuple[str | int, ...], code: str, message: Msg | str,
           severity: Severity = Severity.ERROR) -> Finding:
        line, col = doc.position(where)
        return Finding(Location(path, line, col, json_path(where)), code, severity, message)

    pattern = data["document_number"]
    problem = pattern_problem(pattern)
    if problem:
        yield at(("document_number",), "report-number-pattern", problem)
    elif not pattern_fields(pattern) & {"seq", "unit"}:
        yield at(("document_number",), "report-number-unique",
                 Msg("pola {p!r} tidak memuat {{seq}} maupun {{unit}}: laporan setiap unit mendapat nomor yang sama",
                     "the pattern {p!r} has neither {{seq}} nor {{unit}}: every unit's report gets the same number",
                     p=pattern), Severity.WARNING)
    logo = data["letterhead"].get("logo")
    if logo is not None:
        try:
            _logo_bytes(path, logo)
        except InputError as exc:
            yield at(("letterhead", "logo"), "report-logo", exc.msg)
    for i, s in enumerate(data["signatories"]):
        if "nip" in s:
            nip = nip_problem(s["nip"])
            if nip:
                yield at(("signatories", i, "nip"), "report-nip", nip, Severity.WARNING)


def load_report_config(path: str) -> Official:
    """Read a configuration file and its logo. InputError with the first error's position when lint would
    report an error."""
    text = read_text(path)
    doc = parse(text, path, positions=True)
    data = doc.data
    if not isinstance(data, dict) or data.get("kind") != "ReportConfig":
        found = data.get("kind") if isinstance(data, dict) else type(data).__name__
        raise InputError(f"expected a file of kind ReportConfig, found {found!r}", file=path)
    from pydantic import ValidationError

    from compliance.model.report_config import Official, ReportConfig

    for f in check(path, doc):
        if f.severity >= Severity.ERROR:
            raise InputError(f"{f.location.json_path}: {f.message}", file=path, line=f.location.line,
                             column=f.location.column)
    try:
        config = ReportConfig.model_validate(data)
    except ValidationError as exc:  # pragma: no cover - the schema accepted it
        raise InputError(f"invalid report configuration ({exc.errors()[0]['msg']})", file=path) from None
    logo = read_logo(path, config.letterhead.logo) if config.letterhead.logo else None
    return Official(config=config, logo=logo, file=path)


__all__ = ["LOGO_TYPES", "check", "load_report_config", "logo_path", "read_logo"]
