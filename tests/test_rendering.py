"""Rendering: HTML gold files (scrubbed), escaping, the URL policy, and a few real PDFs (text, attachment, bytes)."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from compliance import evaluate, load_ruleset
from compliance.errors import RenderError
from compliance.model.evidence import Evidence
from compliance.report import render as rendering
from compliance.report.region_view import build_rollup_view
from compliance.report.summary import Failure, UnitSummary, summarize

HERE = Path(__file__).resolve().parent
MINI = HERE / "data" / "mini.yaml"
GOLD = HERE / "gold" / "html"
ACTUAL = HERE / "actual" / "html"
AS_OF = dt.date(2024, 6, 1)
SHA = "ab" * 32
EVIL = [
    '<img src="file:///etc/passwd">',
    "<style>@import url(http://127.0.0.1:9/x.css);</style>",
    "<link rel=attachment href=file:///etc/hostname>",
    "x{background:url(file:///etc/passwd)}",
    "http://127.0.0.1:9/remote.png",
]
SCRUBS = [
    (re.compile(r"<style>.*?</style>", re.S), "<style>[stylesheet]</style>"),
    (re.compile(r"\b[0-9a-f]{64}\b"), "[sha256]"),
    (re.compile(r"\b[0-9a-f]{12}\b"), "[sha12]"),
]


def assess(uid="dinas-a", name="Dinas Kependudukan dan Pencatatan Sipil", kind="dinas", indicators=None, **extra):
    doc = {"apiVersion": "compliance/v1", "kind": "Evidence",
           "unit": {"id": uid, "name": name, "kind": kind, "region": "Kutai Kartanegara", "kecamatan": "Tenggarong"},
           "ruleset": {"id": "mini"}, "indicators": indicators or {}, **extra}
    return evaluate(load_ruleset(MINI), Evidence.model_validate(doc), as_of=AS_OF)


def partial(name="Dinas Kependudukan dan Pencatatan Sipil", note=None, file="sk penetapan.pdf", assessor="Siti"):
    ind = {"d1.sp": {"facts": {"sk": [{"path": file, "actual_sha256": SHA, "size": 1234}]}, "note": note}}
    return assess(name=name, indicators=ind, period={"from": "2024-01-01", "until": "2024-05-31"},
                  assessor={"name": assessor}, reviewer={"name": "Budi"})


def scrub(text):
    for rx, repl in SCRUBS:
        text = rx.sub(repl, text)
    return text


def compare_gold(name, html):
    """Compare scrubbed HTML with tests/gold/html/<name>; UPDATE_GOLD=1 rewrites the gold file."""
    actual = scrub(html)
    gold = GOLD / name
    if os.environ.get("UPDATE_GOLD") == "1":
        gold.parent.mkdir(parents=True, exist_ok=True)
        gold.write_text(actual, encoding="utf-8")
        return
    expected = gold.read_text(encoding="utf-8")
    if actual != expected:
        ACTUAL.mkdir(parents=True, exist_ok=True)
        (ACTUAL / name).write_text(actual, encoding="utf-8")
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(gold),
                                            str(ACTUAL / name), n=2))
        pytest.fail(f"{name} differs from its gold file (UPDATE_GOLD=1 to accept):\n{diff[:4000]}")


# --------------------------------------------------------------------------------------------- HTML


def test_gold_unit_id():
    compare_gold("unit-id.html", rendering.render_unit_html(partial(), "id"))


def test_gold_unit_en():
    compare_gold("unit-en.html", rendering.render_unit_html(partial(), "en"))


def test_gold_rollup_id():
    units = [UnitSummary.of(partial(), "a.yaml"), UnitSummary.of(assess("kec-b", "Kecamatan B", "kecamatan"), "b.yaml")]
    summary = summarize("mini", ["A", "B", "C"], units,
                        [Failure("bad/e.yaml", "bad/e.yaml:1:1: $: 'ruleset' is required")])
    view = build_rollup_view(summary, ruleset=partial().ruleset, as_of=AS_OF, lang="id")
    compare_gold("rollup-id.html", rendering.render_html(view))


@pytest.mark.parametrize("evil", EVIL)
def test_every_user_string_is_escaped(evil):
    a = partial(name=f"Dinas {evil}", note=f"catatan {evil}", file=f"bukti {evil}.pdf", assessor=f"Siti {evil}")
    html = rendering.render_unit_html(a, "id")
    body = html.split("</style>", 1)[1]
    assert "<img" not in body and "<link" not in body and "<style" not in body
    assert "&lt;" in body or "<" not in evil
    # Nothing the user wrote reaches the stylesheet: it is the shipped one, whose only URLs are the font files.
    style = html.split("</style>", 1)[0].split("<style>", 1)[1]
    assert style == rendering.stylesheet()
    assert re.findall(r"url\(([^)]*)\)", style) == [f'"{p.as_uri()}"' for p in rendering.font_files().values()]
    summary = summarize("mini", [], [UnitSummary.of(a, "a.yaml")], [Failure(f"f {evil}.yaml", f"err {evil}")])
    rollup = rendering.render_html(build_rollup_view(summary, ruleset=a.ruleset, as_of=AS_OF))
    rbody = rollup.split("</style>", 1)[1]
    assert "<img" not in rbody and "<link" not in rbody and "<style" not in rbody


def test_stylesheet_names_the_shipped_font():
    css = rendering.stylesheet()
    assert '@font-face { font-family: "Kepatuhan Noto Sans"' in css
    for path in rendering.font_files().values():
        assert path.is_file() and path.suffix == ".ttf"


def test_templates_escape_even_j2():
    env = rendering._env()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_lint_and_viewmodel_never_import_weasyprint():
    code = ("import sys; from compliance.cli import main; import compliance.report.unit_view, "
            "compliance.report.region_view, compliance.report.verify;"
            f"rc = main(['lint', {str(MINI)!r}]); "
            "assert 'weasyprint' not in sys.modules, 'weasyprint imported'; sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr


# --------------------------------------------------------------------------------------------- fetcher


def test_fetcher_allows_only_assets_and_data_urls(tmp_path):
    f = rendering.make_fetcher()
    font = next(iter(rendering.font_files().values()))
    f.fetch(font.as_uri()).close()
    f.fetch("data:text/plain,hello").close()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    for url in ["file:///etc/passwd", secret.as_uri(), "http://127.0.0.1:9/x", "https://example.org/x",
                "ftp://example.org/x", (rendering.reports_dir() / ".." / ".." / "pyproject.toml").as_uri()]:
        with pytest.raises(ValueError, match="blocked"):
            f.fetch(url)
    assert len(f.blocked) == 6


# --------------------------------------------------------------------------------------------- PDF


@pytest.fixture(scope="module")
def evil_pdf():
    evil = " ".join(EVIL)
    a = partial(name=f"Dinas Uji {evil}", note=f"catatan {evil}", file="bukti.pdf")
    fetcher = rendering.make_fetcher()
    pdf = rendering.render_unit_pdf(a, "id", fetcher=fetcher)
    return a, pdf, fetcher


def _text(pdf):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return reader, [p.extract_text() for p in reader.pages]


def test_pdf_text_pages_and_embedded_assessment(evil_pdf):
    a, pdf, _ = evil_pdf
    assert pdf.startswith(b"%PDF-")
    reader, pages = _text(pdf)
    n = len(pages)
    assert 2 <= n <= 8
    first = pages[0]
    for s in ["Dinas Uji", "37,50", "ZONA MERAH", "Buruk", "1 Juni 2024", f"Halaman 1 dari {n}", "mini versi 1"]:
        assert s in first, s
    assert f"Halaman {n} dari {n}" in pages[-1]
    assert "file:///etc/passwd" in first                     # printed as text ...
    embedded = json.loads(reader.attachments["assessment.json"][0])
    assert embedded == a.model_dump(mode="json")
    assert embedded["ruleset"]["sha256"] == a.ruleset.sha256
    assert embedded["attachments"][0]["sha256"] == SHA


def test_pdf_fetches_nothing_but_fonts(evil_pdf):
    _, _, fetcher = evil_pdf
    assert fetcher.blocked == []                              # ... and nothing was even attempted
    fonts = [u for u in fetcher.attempts if not u.startswith("data:application/vnd.iccprofile;")]
    assert len(fetcher.attempts) - len(fonts) == 1            # the PDF/A output intent's sRGB profile (render.py)
    assert fonts and all(u.startswith("file://") and u.endswith(".ttf") for u in fonts)


def test_raw_injection_would_be_blocked_by_the_fetcher():
    # Defence in depth: even unescaped markup cannot read a file or reach the network.
    html = ('<html><body><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/a.png">'
            '<div style="background: url(file:///etc/hostname)">x</div></body></html>')
    f = rendering.make_fetcher()
    rendering.html_to_pdf(html, date=AS_OF, fetcher=f, pdf_variant=None)
    assert sorted(f.blocked) == sorted(["file:///etc/passwd", "http://127.0.0.1:9/a.png", "file:///etc/hostname"])


def test_same_input_gives_identical_bytes(evil_pdf):
    a, pdf, _ = evil_pdf
    assert rendering.render_unit_pdf(a, "id") == pdf


# A SIGALRM may land inside a gc callback (hypothesis installs one), where Python reports the exception as
# "unraisable" instead of propagating it; the deadline re-arms and raises again, which is what this checks.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_render_time_limit():
    with pytest.raises(RenderError, match="melebihi"):
        rendering.html_to_pdf("<p>x</p>" * 3000, date=AS_OF, timeout=0.01)
