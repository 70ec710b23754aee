"""The layout of a checklist workbook, shared by its writer (compliance.checklist) and its reader (load.workbook).

The cover sheet holds the unit's identity; every other sheet one row per fact. Column A of every sheet holds the
row's key (hidden): what the row answers, so that renamed sheets or re-ordered rows still read right.
"""

from __future__ import annotations

MARKER = "kepatuhan/checklist/1"  # cell A1 of the cover sheet: this workbook is a checklist
COVER = "Sampul"
OTHER = "Lainnya"  # evidence for indicators or facts the checklist's unit kind does not list (kept by convert)

# Cover sheet: key (hidden column A), label (B), value (C).
COVER_FIELDS: tuple[tuple[str, str], ...] = (
    ("ruleset.id", "Perangkat aturan"),
    ("ruleset.version", "Versi perangkat aturan"),
    ("unit.kind", "Jenis unit"),
    ("unit.id", "ID unit (huruf kecil, angka, tanda hubung; unik di wilayah)"),
    ("unit.name", "Nama unit"),
    ("unit.region", "Wilayah (kabupaten/kota)"),
    ("unit.kecamatan", "Kecamatan"),
    ("unit.address", "Alamat"),
    ("period.from", "Periode penilaian: dari tanggal"),
    ("period.until", "Periode penilaian: sampai tanggal"),
    ("assessor.name", "Penilai: nama"),
    ("assessor.nip", "Penilai: NIP"),
    ("assessor.position", "Penilai: jabatan"),
    ("assessor.organization", "Penilai: instansi"),
    ("reviewer.name", "Pemeriksa: nama"),
    ("reviewer.nip", "Pemeriksa: NIP"),
    ("reviewer.position", "Pemeriksa: jabatan"),
    ("reviewer.organization", "Pemeriksa: instansi"),
    ("assessment_date", "Tanggal penilaian"),
    ("includes", "Berkas tambahan (mis. skm.yaml; pisahkan dengan ;)"),
)
COVER_DATES = frozenset({"period.from", "period.until", "assessment_date"})
COVER_LOCKED = frozenset({"ruleset.id", "ruleset.version", "unit.kind"})

# Fact sheets: one header row, then one row per fact (key "indicator-id/fact") and per indicator's note and
# not-applicable claim (keys "indicator-id#note", "indicator-id#na.reason", "indicator-id#na.legal_basis").
HEADERS: tuple[tuple[str, int], ...] = (  # (title, width)
    ("kunci", 8),
    ("Indikator", 34),
    ("Pertanyaan", 46),
    ("Jawaban", 20),
    ("Lampiran (nama berkas di folder lampiran/, satu per baris)", 34),
    ("Tanggal dokumen lampiran (satu per baris)", 18),
    ("Bukti yang diharapkan", 34),
    ("Cara mengisi", 30),
    ("Jenis lampiran (opsional)", 14),
    ("Judul lampiran (opsional)", 20),
    ("SHA-256 lampiran (opsional)", 20),
)
COL_KEY, COL_INDICATOR, COL_PROMPT, COL_ANSWER, COL_FILES, COL_DATES, COL_PROOF, COL_HINT, COL_KINDS, \
    COL_TITLES, COL_SHA = range(1, 12)
FIRST_ROW = 2
NOTE = "#note"
NA_REASON = "#na.reason"
NA_BASIS = "#na.legal_basis"
NONE_WORDS = frozenset({"tidak ada", "-"})  # an attachments answer meaning "no file" (an empty list)
TRUE_TEXT, FALSE_TEXT = "Ya", "Tidak"
EMPTY_TEXT = '""'  # an answer that is the empty text (a cell cannot tell "" from empty)


def column_letter(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out
