"""The official parts of a unit report (pure view pieces): the letterhead, the document number, place and date,
the signatories and the verification code (QR) of the signature block, with their labels per language.

Without a report configuration the report keeps a plain head and the three signature lines of the assessment
(assessor, reviewer, head of the unit); with one (`report --config FILE`, compliance/model/report_config.py) it
carries the issuing office's letterhead, number, place and signatories.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass

from compliance.model.report_config import Official
from compliance.report.digest import QrSymbol, grouped, qr_symbol, qr_text

OFFICIAL_STRINGS: dict[str, dict[str, str]] = {
    "id": {
        "number": "Nomor", "nip": "NIP", "qr_caption": "Kode verifikasi", "logo_alt": "Logo instansi",
        "qr_note": ("Pindai kode QR atau ketik kode verifikasi ini untuk memeriksa salinan cetak: "
                    "compliance verify --digest KODE results.json (atau berkas PDF-nya)."),
        "s_appendix": "Lampiran: Rincian untuk Pemeriksa",
        "appendix_intro": ("Lampiran ini memuat rincian yang diperlukan pemeriksa: identitas lengkap penilaian "
                           "dengan SHA-256, indikator yang dinonaktifkan beserta alasannya, langkah perbaikan "
                           "lengkap per level, data yang belum lengkap, perhitungan nilai dengan pecahan eksak, dan "
                           "daftar bukti dengan SHA-256."),
        "appendix_pointer": ("Rincian untuk pemeriksa (langkah perbaikan lengkap, perhitungan nilai, daftar bukti "
                             "beserta SHA-256) tercetak dengan --detail full dan selalu ada pada laporan HTML."),
        "s_details": "Identitas Penilaian", "s_disabled": "Indikator yang Dinonaktifkan",
        "col_reason": "Alasan", "no_disabled": "Tidak ada indikator yang dinonaktifkan.",
        "evidence_name_note_short": "Nama berkas yang diawali id indikator dicetak tanpa awalan itu (…).",
    },
    "en": {
        "number": "Number", "nip": "NIP", "qr_caption": "Verification code", "logo_alt": "Agency logo",
        "qr_note": ("Scan the QR code or type this verification code to check a printed copy: "
                    "compliance verify --digest CODE results.json (or its PDF)."),
        "s_appendix": "Appendix: Details for the Auditor",
        "appendix_intro": ("This appendix holds what an auditor needs: the assessment's full identification with "
                           "SHA-256 hashes, the disabled indicators with their reasons, the full improvement steps "
                           "per level, the missing data, the score computation in exact fractions, and the "
                           "evidence files with their SHA-256."),
        "appendix_pointer": ("The details for the auditor (the full improvement steps, the score computation, the "
                             "evidence files with SHA-256) are printed with --detail full and are always in the "
                             "HTML report."),
        "s_details": "Assessment Identification", "s_disabled": "Disabled Indicators",
        "col_reason": "Reason", "no_disabled": "No indicator is disabled.",
        "evidence_name_note_short": "File names that start with the indicator id are printed without that prefix (…).",
    },
}


@dataclass(frozen=True)
class LetterheadView:
    logo_uri: str | None       # a data: URI (the logo's own bytes; nothing is fetched)
    lines: tuple[str, ...]     # the agency, from the government down to the office
    address: str | None
    contact: str | None


@dataclass(frozen=True)
class SignatoryView:
    caption: str               # "Mengetahui," (may be empty)
    jabatan: str
    name: str
    nip: str                   # "NIP 1975…" or ""


@dataclass(frozen=True)
class VerificationView:
    digest: str
    grouped: str               # the digest in groups of four, as printed
    qr: QrSymbol


def letterhead(official: Official | None) -> LetterheadView | None:
    if official is None:
        return None
    lh = official.config.letterhead
    uri = None
    if official.logo is not None:
        uri = f"data:{official.logo.media_type};base64,{base64.b64encode(official.logo.data).decode('ascii')}"
    return LetterheadView(logo_uri=uri, lines=lh.instansi, address=lh.address, contact=lh.contact)


def signatories(official: Official, t: Mapping[str, str]) -> tuple[SignatoryView, ...]:
    return tuple(SignatoryView(caption=s.caption or "", jabatan=s.jabatan, name=s.name,
                               nip=f"{t['nip']} {s.nip}" if s.nip else "")
                 for s in official.config.signatories)


def verification(digest: str) -> VerificationView:
    return VerificationView(digest=digest, grouped=grouped(digest), qr=qr_symbol(qr_text(digest)))


__all__ = ["OFFICIAL_STRINGS", "LetterheadView", "SignatoryView", "VerificationView", "letterhead", "signatories",
           "verification"]
