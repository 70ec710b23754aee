"""`verify --digest`: is a digest (typed from a printed report, or the text of its QR code) the digest of a
report in a results.json or a report PDF, and of which unit? (I/O edge; reads PDFs with pypdf.)

The digest is the SHA-256 of the canonical assessment JSON (report/digest.py). In a PDF it is computed over the
embedded assessment.json as stored; in a results.json over each unit's assessment written canonically, which is
byte for byte what that unit's PDF embeds.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass

from compliance.errors import InputError
from compliance.model.assessment import Assessment
from compliance.report.digest import digest_of
from compliance.report.verify import ATTACHMENT_NAME, MAX_PDF_BYTES, _reader


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


def _read(path: str) -> bytes:
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError("is not a regular file", file=path)
        if st.st_size > MAX_PDF_BYTES:
            raise InputError(f"larger than {MAX_PDF_BYTES // (1024 * 1024)} MiB", file=path)
        with open(path, "rb") as fh:
            return fh.read(MAX_PDF_BYTES + 1)
    except FileNotFoundError:
        raise InputError("no such file", file=path) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", file=path) from None


def _from_pdf(path: str, digest: str) -> DigestCheck:
    reader = _reader(path)
    try:
        blobs = reader.attachments.get(ATTACHMENT_NAME) or []
    except Exception as exc:
        raise InputError(f"cannot read the PDF's attachments ({type(exc).__name__}: {exc})", file=path) from None
    if not blobs:
        raise InputError(f"no embedded {ATTACHMENT_NAME}: not a kepatuhan unit report, or it was stripped",
                         file=path)
    blob = bytes(blobs[0])
    try:
        a = Assessment.model_validate_json(blob)
    except ValueError as exc:
        first = str(exc).splitlines()[0]
        raise InputError(f"the embedded {ATTACHMENT_NAME} is not a valid assessment ({first})", file=path) from None
    ok = hashlib.sha256(blob).hexdigest() == digest
    return DigestCheck(path, digest, a if ok else None, 1)


def _from_results(path: str, data: bytes, digest: str) -> DigestCheck:
    try:
        doc = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise InputError(f"neither a report PDF nor a JSON results file ({str(exc)[:80]})", file=path) from None
    units = doc.get("units") if isinstance(doc, dict) else None
    if not isinstance(units, list):
        raise InputError("not a results file of compliance assess or report (no \"units\" list)", file=path)
    for i, u in enumerate(units):
        try:
            a = Assessment.model_validate(u)
        except ValueError as exc:
            first = str(exc).splitlines()[0]
            raise InputError(f"units[{i}] is not a valid assessment ({first})", file=path) from None
        if digest_of(a) == digest:
            return DigestCheck(path, digest, a, len(units))
    return DigestCheck(path, digest, None, len(units))


def verify_digest(path: str, digest: str) -> DigestCheck:
    """Look for `digest` (64 hex digits, see digest.parse_digest) in a report PDF or a results.json."""
    data = _read(path)
    if data.startswith(b"%PDF-"):
        return _from_pdf(path, digest)
    return _from_results(path, data, digest)


__all__ = ["DigestCheck", "verify_digest"]
