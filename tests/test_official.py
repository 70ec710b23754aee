"""The official document (issue 13, sections 1 and 2): the report configuration, the document number, the QR
code and `verify --digest`, the short default report (at most 4 pages for every sample unit) and the auditor's
appendix (only with --detail full in the PDF, always in the HTML)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest
import segno
from pypdf import PdfReader

from compliance.cli import main
from compliance.errors import InputError
from compliance.load.report_config import load_report_config
from compliance.messages import render
from compliance.model.assessment import Assessment
from compliance.model.report_config import document_number, nip_problem, pattern_problem
from compliance.report.digest import QR_PREFIX, digest_of, parse_digest, qr_symbol, qr_text
from compliance.report.render import render_html
from compliance.report.unit_view import build_unit_view

from conftest import ROOT

KUKAR = ROOT / "fixtures" / "kukar"
CONFIG = ROOT / "fixtures" / "kukar-report.yaml"
ARGS = ["kukar-pra-penilaian", str(KUKAR), "--as-of", "2024-09-30", "--config", str(CONFIG)]
MAX_PAGES = 4
APPENDIX_ID = "Lampiran: Rincian untuk Pemeriksa"


def _text(pdf: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(pdf).pages)


def _pages(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every sample unit's default (short) report, PDF and HTML, with the shipped configuration."""
    out = tmp_path_factory.mktemp("official") / "out"
    assert main(["report", *ARGS, "-o", str(out), "-j", "2", "--format", "both", "--progress", "never"]) == 0
    return out


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two units with --detail full."""
    out = tmp_path_factory.mktemp("official-full") / "out"
    args = ["kukar-pra-penilaian", str(KUKAR / "dinkes"), str(KUKAR / "kecamatan-anggana"), "--as-of", "2024-09-30",
            "--config", str(CONFIG)]
    assert main(["report", *args, "-o", str(out), "--detail", "full", "--progress", "never"]) == 0
    return out


# --------------------------------------------------------------------------------------------- configuration


def test_the_shipped_configuration_loads_and_lints_clean(capsys: pytest.CaptureFixture[str]) -> None:
    o = load_report_config(str(CONFIG))
    assert o.config.letterhead.instansi[-1] == "BAGIAN ORGANISASI"
    assert o.logo is not None and o.logo.media_type == "image/svg+xml" and b"<svg" in o.logo.data
    assert o.config.language == "id" and o.config.place == "Tenggarong"
    assert main(["lint", "--strict", str(CONFIG)]) == 0, capsys.readouterr().out
    # The configuration and its logo sit beside the sample region, not in it: evidence discovery never sees them.
    assert not (KUKAR / CONFIG.name).exists()


def test_document_numbers_are_filled_from_the_unit_and_the_round() -> None:
    pattern = "{seq:03d}/PP-ORG/{month_roman}/{year}"
    assert document_number(pattern, seq=7, as_of=dt.date(2024, 9, 30), unit="dinkes", kind="dinas") == \
        "007/PP-ORG/IX/2024"
    assert document_number("{unit}-{kind}-{month:02d}", seq=1, as_of=dt.date(2025, 1, 2), unit="u", kind="k") == \
        "u-k-01"
    assert pattern_problem(pattern) is None
    assert "unknown field {tahun}" in render(pattern_problem("{seq}/{tahun}") or "", "en")
    assert "cannot be filled" in render(pattern_problem("{unit:03d}") or "", "en")
    assert "not a valid pattern" in render(pattern_problem("{seq") or "", "en")
    assert "kolom {tahun} yang tidak dikenal" in render(pattern_problem("{seq}/{tahun}") or "", "id")
    assert nip_problem("19750620 199903 2 002") is None and nip_problem("1975") is not None


def test_a_bad_configuration_is_one_line_with_its_position(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(CONFIG.read_text(encoding="utf-8").replace("{seq:03d}", "{nomor:03d}"), encoding="utf-8")
    with pytest.raises(InputError, match=r"document_number: kolom \{nomor\} yang tidak dikenal") as info:
        load_report_config(str(bad))
    assert info.value.line == 16
    code = main(["report", "kukar-pra-penilaian", str(KUKAR / "dinkes"), "-o", str(tmp_path / "o"),
                 "--config", str(bad)])
    err = capsys.readouterr().err
    assert code == 3 and err.count("\n") == 1 and f"{bad}:16:" in err and "{nomor}" in err
    assert not (tmp_path / "o").exists()


def test_a_missing_logo_is_refused(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")  # the logo stays behind
    with pytest.raises(InputError, match=r"logo 'kukar-logo\.svg' tidak ditemukan"):
        load_report_config(str(cfg))
    shutil.copy(CONFIG.with_name("kukar-logo.svg"), tmp_path)
    assert load_report_config(str(cfg)).logo is not None


# --------------------------------------------------------------------------------------------- the document


def test_every_sample_unit_is_short_official_and_numbered(region: Path) -> None:
    pdfs = sorted((region / "units").glob("*.pdf"), key=lambda p: p.stem)  # as the unit ids sort
    assert len(pdfs) == len(list(KUKAR.glob("*/evidence.yaml"))) >= 27
    pages = {p.stem: _pages(p) for p in pdfs}
    assert max(pages.values()) <= MAX_PAGES, pages
    numbers = set()
    for i, pdf in enumerate(pdfs, start=1):  # numbered by the unit's place among the sorted ids
        text = _text(pdf)
        assert "BAGIAN ORGANISASI" in text and "PEMERINTAH KABUPATEN KUTAI KARTANEGARA" in text
        number = f"{i:03d}/PP-ORG/IX/2024"
        assert f"Nomor: {number}" in text
        numbers.add(number)
        assert "Contoh Nama Kepala Bagian, S.H., M.Si." in text and "NIP 19750620 199903 2 002" in text
        assert "Tenggarong, " in text
        assert APPENDIX_ID not in text and "Identitas Penilaian" not in text and "Perhitungan Nilai" not in text
    assert len(numbers) == len(pdfs)


def test_the_html_always_has_the_appendix_and_the_pdf_only_with_detail_full(region: Path, full: Path) -> None:
    html = (region / "units" / "dinkes.html").read_text(encoding="utf-8")
    assert APPENDIX_ID in html and "Perhitungan Nilai" in html and "Daftar Bukti" in html
    assert APPENDIX_ID not in _text(region / "units" / "dinkes.pdf")
    text = _text(full / "units" / "dinkes.pdf")
    assert APPENDIX_ID in text and "Perhitungan Nilai" in text and "Daftar Bukti" in text
    assert _pages(full / "units" / "dinkes.pdf") > _pages(region / "units" / "dinkes.pdf")
    # The appendix starts on a page of its own, after the signature block.
    reader = PdfReader(full / "units" / "dinkes.pdf")
    starts = [i for i, p in enumerate(reader.pages) if APPENDIX_ID in (p.extract_text() or "")]
    assert len(starts) == 1 and "Pengesahan" in "".join(p.extract_text() or "" for p in reader.pages[:starts[0]])


def test_disabled_indicators_are_printed_with_their_reasons(full: Path) -> None:
    from compliance.catalog import load_ruleset

    rs = load_ruleset("kukar-pra-penilaian")
    assert rs.disabled
    text = " ".join(_text(full / "units" / "dinkes.pdf").split())
    for d in rs.disabled:
        assert d.id in text
        assert " ".join(d.justification.get("id").split())[:60] in text


def test_the_short_report_is_byte_reproducible(region: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    args = ["kukar-pra-penilaian", str(KUKAR / "dinkes"), "--as-of", "2024-09-30", "--config", str(CONFIG)]
    assert main(["report", *args, "-o", str(out), "--progress", "never"]) == 0
    first = out / "units" / "dinkes.pdf"
    again = tmp_path / "again2"
    assert main(["report", *args, "-o", str(again), "--progress", "never"]) == 0
    assert first.read_bytes() == (again / "units" / "dinkes.pdf").read_bytes()


def test_the_configurations_language_is_used_unless_lang_is_given(tmp_path: Path) -> None:
    cfg = tmp_path / "en.yaml"
    cfg.write_text(CONFIG.read_text(encoding="utf-8").replace("language: id", "language: en"), encoding="utf-8")
    shutil.copy(CONFIG.with_name("kukar-logo.svg"), tmp_path)
    base = ["report", "kukar-pra-penilaian", str(KUKAR / "dinkes"), "--as-of", "2024-09-30", "--format", "html",
            "--config", str(cfg), "--progress", "never"]
    assert main([*base, "-o", str(tmp_path / "en")]) == 0
    assert "Number: 001/PP-ORG/IX/2024" in (tmp_path / "en" / "units" / "dinkes.html").read_text(encoding="utf-8")
    assert main([*base, "-o", str(tmp_path / "id"), "--lang", "id"]) == 0
    assert "Nomor: 001/PP-ORG/IX/2024" in (tmp_path / "id" / "units" / "dinkes.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------- QR and digest


def _modules(path: str, size: int) -> set[tuple[int, int]]:
    """The dark modules an SVG path of unit rows (M x y h n v1 h-n z) paints."""
    dark = set()
    for part in path.split("z"):
        if not part:
            continue
        move, rest = part[1:].split("h", 1)
        x, y = (int(n) for n in move.split())
        run = int(rest.split("v", 1)[0])
        dark.update((x + i, y) for i in range(run))
    assert all(0 <= x < size and 0 <= y < size for x, y in dark)
    return dark


def test_the_qr_symbol_paints_exactly_segnos_matrix() -> None:
    text = qr_text("ab" * 32)
    sym = qr_symbol(text)
    matrix = segno.make(text, error="m", micro=False, boost_error=False).matrix
    want = {(x + 2, y + 2) for y, row in enumerate(matrix) for x, v in enumerate(row) if v & 1}
    assert _modules(sym.path, sym.size) == want and sym.size == len(matrix) + 4
    assert qr_symbol(text) == sym   # deterministic


def test_the_qr_carries_the_digest_verify_accepts(region: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = region / "units" / "dinkes.pdf"
    blob = PdfReader(pdf).attachments["assessment.json"][0]
    a = Assessment.model_validate_json(blob)
    digest = hashlib.sha256(blob).hexdigest()
    assert digest_of(a) == digest
    v = build_unit_view(a, "id", official=load_report_config(str(CONFIG)))
    assert v.verification is not None
    assert v.verification.qr.text == QR_PREFIX + digest and parse_digest(v.verification.qr.text) == digest
    html = render_html(v)
    assert v.verification.qr.path in html and v.verification.grouped in html
    assert v.verification.grouped.replace(" ", "") == digest
    # The printed code (grouped, with spaces) and the QR text are both accepted, against results.json and the PDF.
    results = region / "results.json"
    for given in (v.verification.grouped, v.verification.qr.text, "sha256:" + digest.upper()):
        assert main(["verify", "--digest", given, str(results), str(pdf)]) == 0
        out = capsys.readouterr().out
        assert out.count(": UTUH: ") == 2 and "adalah laporan dinkes (Dinas Kesehatan)" in out
        assert "is the report" not in out  # Indonesian by default
    assert main(["verify", "--lang", "en", "--digest", digest, str(pdf)]) == 0
    assert "is the report of dinkes (Dinas Kesehatan)" in capsys.readouterr().out
    # The printed code is on the signature page of the PDF, as text.
    assert v.verification.grouped in " ".join(_text(pdf).split())


def test_a_changed_digest_is_refused(region: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = region / "units" / "dinkes.pdf"
    digest = hashlib.sha256(PdfReader(pdf).attachments["assessment.json"][0]).hexdigest()
    changed = digest[:-1] + ("0" if digest[-1] != "0" else "1")
    assert main(["verify", "--digest", changed, str(region / "results.json"), str(pdf)]) == 1
    out = capsys.readouterr().out
    units = len(list(KUKAR.glob("*/evidence.yaml")))
    assert out.count("TIDAK COCOK") == 2 and f"{units} laporan unit diperiksa" in out
    # Another unit's report does not hold this digest either.
    assert main(["verify", "--digest", digest, str(region / "units" / "rsud-am-parikesit.pdf")]) == 1
    assert main(["verify", "--digest", digest[:40], str(pdf)]) == 2
    assert "64 digit heksadesimal" in capsys.readouterr().err


def test_a_results_file_with_an_edited_score_no_longer_holds_the_digest(region: Path, tmp_path: Path) -> None:
    pdf = region / "units" / "dinkes.pdf"
    digest = hashlib.sha256(PdfReader(pdf).attachments["assessment.json"][0]).hexdigest()
    doc = json.loads((region / "results.json").read_text(encoding="utf-8"))
    for u in doc["units"]:
        if u["unit"]["id"] == "dinkes":
            u["score"] = 99.0
    edited = tmp_path / "results.json"
    edited.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["verify", "--digest", digest, str(edited)]) == 1
    assert main(["verify", "--digest", digest, str(tmp_path / "missing.json")]) == 3
