"""The digest of a unit report: the SHA-256 of its canonical assessment JSON (the assessment.json the PDF
carries), printed as a QR code and as grouped hex in the signature block so that a printed copy can be checked
with `compliance verify --digest TEXT` against the results.json or the PDF. Pure, apart from segno's matrix.

It is the unit's `digest` in the roll-up's region document too (report/region_doc.py).
The QR code's text is `kepatuhan:sha256:<64 hex digits>`; `verify --digest` takes that text, `sha256:<hex>`
or the bare hex (spaces, as printed, are ignored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compliance.report.region_doc import canonical_assessment, unit_digest

if TYPE_CHECKING:
    from compliance.model.assessment import Assessment

QR_PREFIX = "kepatuhan:sha256:"
_HEX = re.compile(r"[0-9a-f]{64}")
QR_BORDER = 2        # modules of quiet zone around the symbol (printed on white, inside a box)


def assessment_json(a: Assessment) -> bytes:
    """The canonical JSON of one Assessment (what the PDF embeds and `verify` reads back)."""
    return canonical_assessment(a)


def digest_of(a: Assessment) -> str:
    """The report's digest: SHA-256 (hex) of the canonical assessment JSON (the roll-up lists the same)."""
    return unit_digest(a)


def qr_text(digest: str) -> str:
    """The text the QR code carries."""
    return QR_PREFIX + digest


def parse_digest(text: str) -> str | None:
    """The 64-hex digest in what a person typed or a QR reader gave, or None when it is not one."""
    s = "".join(text.split()).lower()
    for prefix in (QR_PREFIX, "sha256:"):
        if s.startswith(prefix):
            s = s[len(prefix):]
            break
    return s if _HEX.fullmatch(s) else None


def grouped(digest: str, size: int = 4) -> str:
    """The digest in groups of four, as printed under the QR code."""
    return " ".join(digest[i:i + size] for i in range(0, len(digest), size))


@dataclass(frozen=True)
class QrSymbol:
    """A QR code as one SVG path: `size` modules square (quiet zone included), dark modules in `path`."""

    text: str
    size: int
    path: str


def qr_symbol(text: str) -> QrSymbol:
    """The QR code of `text` (error correction M), as a deterministic SVG path of unit squares."""
    import segno

    qr = segno.make(text, error="m", micro=False, boost_error=False)
    rows = qr.matrix
    parts = []
    for y, row in enumerate(rows):
        x = 0
        n = len(row)
        while x < n:
            if row[x] & 1:
                start = x
                while x < n and row[x] & 1:
                    x += 1
                parts.append(f"M{start + QR_BORDER} {y + QR_BORDER}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return QrSymbol(text=text, size=len(rows) + 2 * QR_BORDER, path="".join(parts))


__all__ = ["QR_PREFIX", "QrSymbol", "assessment_json", "digest_of", "grouped", "parse_digest", "qr_symbol",
           "qr_text"]
