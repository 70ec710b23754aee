"""Helpers of the Google Forms tests: the sample questionnaire of PermenPANRB 14/2017 and form-shaped CSVs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from compliance.errors import SurveyError
from compliance.skm.ikm import METHODS
from compliance.skm.reading import load_survey

M2017 = METHODS["permenpanrb-14-2017"]
M2014 = METHODS["permenpanrb-16-2014"]
M2004 = METHODS["kepmenpan-25-2004"]
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "surveys"
GFORMS = FIXTURES / "kelurahan-loa-ipuh-2024-gforms.csv"
GFORMS_XLSX = FIXTURES / "kelurahan-loa-ipuh-2024-gforms.xlsx"
GFORMS_INVALID = FIXTURES / "kelurahan-loa-ipuh-2024-gforms-invalid.csv"

# The nine questions of the sample questionnaire of PermenPANRB 14/2017, in its order (sarana before pengaduan).
QUESTIONNAIRE = [
    ("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?", "U1"),
    ("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?", "U2"),
    ("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?", "U3"),
    ("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?", "U4"),
    ("Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
     "pelayanan dengan hasil yang diberikan?", "U5"),
    ("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?", "U6"),
    ("Bagamana pendapat saudara perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?", "U7"),
    ("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?", "U9"),
    ("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?", "U8"),
]
QUESTION = {uid: text for text, uid in QUESTIONNAIRE}


def write_csv(tmp_path: Path, header: list[str], rows: list[list[object]], name: str = "respons.csv") -> Path:
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in r] for r in rows])
    return path


def form(tmp_path: Path, answers: dict[str, list[object]], *, extra: dict[str, list[object]] | None = None,
         order: list[str] | None = None) -> Path:
    """A Google-Forms-shaped CSV: Timestamp, the questions (by unsur, in `order`), then extra columns."""
    order = order or [uid for _, uid in QUESTIONNAIRE]
    n = len(next(iter(answers.values())))
    full = {uid: answers.get(uid, ["3"] * n) for uid in order}
    extra = extra or {}
    header = ["Timestamp", *(QUESTION[u] for u in order), *extra]
    rows = [[f"2024/09/0{1 + i % 9} 9:00:00 AM GMT+8", *(full[u][i] for u in order), *(v[i] for v in extra.values())]
            for i in range(n)]
    return write_csv(tmp_path, header, rows)


def error_of(path: Path, method=M2017, **kwargs) -> SurveyError:
    with pytest.raises(SurveyError) as info:
        load_survey(path, method, **kwargs)
    return info.value


SCALES_OF_THE_ISSUE = [
    ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
    ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
    ("Tidak puas", "Kurang puas", "Puas", "Sangat puas"),
    ("Sangat tidak puas", "Tidak puas", "Puas", "Sangat puas"),
    ("Tidak baik", "Kurang baik", "Baik", "Sangat baik"),
    ("Sangat tidak setuju", "Tidak setuju", "Setuju", "Sangat setuju"),
]
