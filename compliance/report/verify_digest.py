"""`verify --digest`: is a digest (typed from a printed report, or the text of its QR code) the digest of a
report in a results.json or a report PDF, and of which unit? (I/O edge; reads PDFs with pypdf.)

The digest is the SHA-256 of the canonical assessment JSON (report/digest.py). In a PDF it is computed over the
embedded assessment.json as stored; in a results.json over each unit's assessment written canonically, which is
byte for byte what that unit's PDF embeds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from compliance.errors import InputError
from compliance.messages import Msg
from compliance.model.assessment import Assessment
from compliance.report.digest import digest_of
from compliance.report.verify import embedded_assessment, read_pdf_bytes


@dataclass(frozen=True)
class DigestCheck:
    """The outcome: `unit` is the assessment the digest belongs to, or None when nothing in the file has it."""

    path: str
    digest: str
    unit: Assessment | None
    checked: int          # how many unit reports the file holds

    @property
    def ok(self) -> bool:
        return self.unit is not None


def _from_pdf(path: str, data: bytes, digest: str) -> DigestCheck:
    blob, a = embedded_assessment(path, data)
    return DigestCheck(path, digest, a if hashlib.sha256(blob).hexdigest() == digest else None, 1)


def _from_results(path: str, data: bytes, digest: str) -> DigestCheck:
    try:
        doc = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise InputError(Msg("bukan PDF laporan dan bukan berkas hasil JSON ({e})",
                             "neither a report PDF nor a JSON results file ({e})", e=str(exc)[:80]),
                         file=path) from None
    units = doc.get("units") if isinstance(doc, dict) else None
    if not isinstance(units, list):
        raise InputError(Msg("bukan berkas hasil compliance assess atau report (tidak ada daftar \"units\")",
                             "not a results file of compliance assess or report (no \"units\" list)"), file=path)
    for i, u in enumerate(units):
        try:
            a = Assessment.model_validate(u)
        except ValueError as exc:
            first = str(exc).splitlines()[0]
            raise InputError(Msg("units[{i}] bukan hasil penilaian yang sah ({e})",
                                 "units[{i}] is not a valid assessment ({e})", i=i, e=first), file=path) from None
        if digest_of(a) == digest:
            return DigestCheck(path, digest, a, len(units))
    return DigestCheck(path, digest, None, len(units))


def verify_digest(path: str, digest: str) -> DigestCheck:
    """Look for `digest` (64 hex digits, see digest.parse_digest) in a report PDF or a results.json."""
    data = read_pdf_bytes(path)
    if data.startswith(b"%PDF-"):
        return _from_pdf(path, data, digest)
    return _from_results(path, data, digest)


__all__ = ["DigestCheck", "verify_digest"]
