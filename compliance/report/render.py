"""Rendering (I/O edge): view models -> HTML (Jinja2) -> PDF (WeasyPrint).

WeasyPrint is imported here and only here, lazily, so that `compliance lint` and `compliance assess` never pay
for it. Every render goes through one restrictive URL fetcher (data: URLs and file: URLs inside the report's
own assets and fonts; nothing from the network), the same instance for the HTML, every CSS and every
Attachment, and runs under a wall-clock limit. Output is byte-reproducible: no clock is read, attachments get
explicit dates taken from the assessment's as-of date, and no document id or timestamp is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from compliance.errors import RenderError
from compliance.load.resources import reports_dir
from compliance.messages import Msg
from compliance.report.charts import FONT_FAMILY, SVG_FONT
from compliance.report.dashboard_view import DashboardView
from compliance.report.region_doc import REGION_ATTACHMENT, canonical_assessment
from compliance.report.region_view import RollupView
from compliance.report.unit_view import UnitReportView, build_unit_view

if TYPE_CHECKING:
    import jinja2

    from compliance.model.assessment import Assessment

TEMPLATES: dict[type, str] = {UnitReportView: "unit.html.j2", RollupView: "rollup.html.j2",
                              DashboardView: "dashboard.html.j2"}
STYLESHEET = "report.css"
DEFAULT_TIMEOUT = 300.0          # seconds per render; the 600-unit roll-up takes ~10-20 s on this kind of machine
# PDF/A-3b by default (archival; the embedded JSON is an associated file), tagged for accessibility with the
# PDF/UA-1 identification that WeasyPrint's own "pdf/ua-1" variant writes (see _finish and README.md).
PDF_VARIANT: str | None = "pdf/a-3b"
PDF_TAGS = True
# WeasyPrint 70 opens its sRGB ICC file for the "srgb" output intent that its PDF/A variants choose
# (pdf/__init__.py: `(files(__package__) / 'sRGB2014.icc').open('rb')` handed to PIL, which reads it and never
# closes it: a ResourceWarning on every render). We declare the same profile ourselves, as a data: URL in a
# @color-profile rule, and name it as the output intent: WeasyPrint then never opens the file.
SRGB_PROFILE = "--kepatuhan-srgb"
ASSESSMENT_ATTACHMENT = "assessment.json"
RESULTS_ATTACHMENT = "results.json"
MAX_HTML_CHARS = 20_000_000      # a bound on pathological input (WeasyPrint slows down super-linearly on huge input)


# --------------------------------------------------------------------------------------------- assets


def font_dir() -> Path:
    """The folder holding the Noto Sans TTFs of the fontpkg-noto-sans wheel (SIL OFL 1.1)."""
    try:
        root = files("fontpkg_noto_sans") / "files"
    except ModuleNotFoundError as exc:  # pragma: no cover - a declared dependency
        raise RenderError("the font package fontpkg-noto-sans is not installed (pip install "
                          "fontpkg-noto-sans==2.15)") from exc
    return Path(str(root)).resolve()


def font_files() -> dict[str, Path]:
    """{"normal": regular TTF, "italic": italic TTF}: variable fonts covering weights 100-900."""
    d = font_dir()
    out = {"normal": d / "NotoSans[wdth,wght].ttf", "italic": d / "NotoSans-Italic[wdth,wght].ttf"}
    for p in out.values():
        if not p.is_file():
            raise RenderError(f"font file missing: {p}")
    return out


def font_face_css() -> str:
    """The @font-face rules naming the shipped family (prepended to report.css)."""
    rules = []
    for style, path in font_files().items():
        rules.append(f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.as_uri()}") format("truetype"); '
                     f"font-weight: 100 900; font-style: {style}; }}")
    return "\n".join(rules) + "\n"


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The full print stylesheet: @font-face rules + reports/report.css (trusted, static)."""
    path = reports_dir() / STYLESHEET
    try:
        css = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RenderError(f"cannot read the report stylesheet: {exc.strerror}", file=str(path)) from exc
    return font_face_css() + css


def warm_up() -> None:
    """Pay WeasyPrint's ~1 s import and the stylesheet once (a worker process's initializer)."""
    import weasyprint  # noqa: F401

    stylesheet()


def allowed_roots(extra: Sequence[str | os.PathLike[str]] = ()) -> tuple[Path, ...]:
    """Folders a render may read: the report assets, the fonts, and any extra (e.g. a unit's evidence folder)."""
    return (reports_dir().resolve(), font_dir(), *(Path(p).resolve() for p in extra))


# --------------------------------------------------------------------------------------------- HTML


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    import jinja2

    # autoescape=True for every template, `.j2` included (select_autoescape() would not escape *.html.j2).
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(reports_dir())), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def render_html(view: UnitReportView | RollupView | DashboardView) -> str:
    """The HTML of a report view (self-contained: the stylesheet is inlined, fonts are local file URLs)."""
    import jinja2
    from markupsafe import Markup

    name = TEMPLATES.get(type(view))
    if name is None:
        raise RenderError(f"no template for {type(view).__name__}")
    try:
        template = _env().get_template(name)
        # The stylesheet is our own static file, never input: it is the one value marked safe.
        return template.render(v=view, stylesheet=Markup(stylesheet()), font=SVG_FONT)
    except jinja2.TemplateError as exc:
        raise RenderError(f"template {name}: {exc}", file=str(reports_dir() / name)) from exc


# --------------------------------------------------------------------------------------------- fetcher


@lru_cache(maxsize=1)
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """data: URLs, and file: URLs resolving inside the allowed roots; nothing else. Records every attempt."""

        def __init__(self, roots: Sequence[Path], **kw: Any) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=5, **kw)
            self.roots = tuple(Path(r).resolve() for r in roots)
            self.attempts: list[str] = []
            self.blocked: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.attempts.append(url)
            scheme = url.split(":", 1)[0].lower()
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not (any(path.is_relative_to(r) for r in self.roots) and path.is_file()):
                    self.blocked.append(url)
                    raise ValueError(f"blocked by the report's URL policy: {url[:100]}")
            elif scheme != "data":
                self.blocked.append(url)
                raise ValueError(f"blocked by the report's URL policy: {url[:100]}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def make_fetcher(extra_roots: Sequence[str | os.PathLike[str]] = (), *, fail_on_errors: bool = False) -> Any:
    """A restrictive URL fetcher (a weasyprint.urls.URLFetcher) with `.attempts` and `.blocked` lists.

    Pass the same instance to every HTML, CSS and Attachment of one render.
    """
    return _fetcher_class()(allowed_roots(extra_roots), fail_on_errors=fail_on_errors)


# --------------------------------------------------------------------------------------------- PDF


@lru_cache(maxsize=1)
def color_profile_css() -> str:
    """A @color-profile rule carrying WeasyPrint's own sRGB2014.icc as a data: URL (read once, file closed)."""
    import base64

    data = (files("weasyprint") / "pdf" / "sRGB2014.icc").read_bytes()
    return (f"@color-profile {SRGB_PROFILE} {{ src: url(data:application/vnd.iccprofile;base64,"
            f"{base64.b64encode(data).decode('ascii')}); components: r, g, b; }}\n")


PDFUA_XMP = (b'<rdf:Description xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" rdf:about="" '
             b'pdfuaid:part="1" />')


def _finish(document: Any, pdf: Any, *, pdfua: bool) -> None:
    """Post-process WeasyPrint's PDF before it is written (a WeasyPrint `finisher`).

    - The catalog's /AF lists each associated file once: WeasyPrint 70's PDF/A-3 step adds every Filespec twice
      (once from the EmbeddedFiles name tree, once from the object list).
    - With tags, the XMP also carries the PDF/UA-1 identification (pdfuaid:part=1) beside PDF/A's: WeasyPrint
      takes one variant at a time, and "pdf/ua-1" adds nothing but tags and this identification.
    """
    import pydyf  # type: ignore[import-untyped]

    af = pdf.catalog.get("AF")
    if af is not None:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(af))
    if pdfua and "Metadata" in pdf.catalog:
        stream = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]  # a reference: b"N 0 R"
        content = b"".join(bytes(part) for part in stream.stream)
        if content.count(b"</rdf:RDF>") != 1:
            raise RenderError("unexpected XMP metadata from WeasyPrint: cannot add the PDF/UA identification")
        stream.stream = [content.replace(b"</rdf:RDF>", PDFUA_XMP + b"</rdf:RDF>")]


@dataclass(frozen=True)
class EmbeddedFile:
    """A file carried inside the PDF (PDF/A-3 associated file)."""

    name: str
    data: bytes
    description: str = ""
    relationship: str = "Data"


class RenderTimeout(RenderError):
    """A render took longer than its wall-clock limit."""


@contextlib.contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Raise RenderTimeout after `seconds` of wall-clock time (SIGALRM; only in the main thread on POSIX)."""
    usable = (seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return
    assert seconds is not None

    message = Msg("pembuatan laporan melebihi {s:g} detik dan dihentikan",
                  "rendering took longer than {s:g} s and was stopped", s=seconds)
    expired = False

    def _expired(signum: int, frame: Any) -> None:
        nonlocal expired
        expired = True
        # An exception raised where Python swallows it (a gc callback, a __del__) would be lost:
        # re-arm, so that the next tick raises again somewhere it propagates.
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        raise RenderTimeout(message)

    old = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
        if expired:
            raise RenderTimeout(message)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextlib.contextmanager
def _source_date(stamp: dt.datetime) -> Iterator[None]:
    """Pin SOURCE_DATE_EPOCH while rendering: fontTools stamps the subset fonts' `head.modified` with "now"
    otherwise (variable Noto Sans goes through fontTools), which made two renders differ by a second."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def _timestamp(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(0, 0), tzinfo=dt.UTC)


def html_to_pdf(html: str, *, date: dt.date, embedded: Sequence[EmbeddedFile] = (), fetcher: Any = None,
                timeout: float | None = DEFAULT_TIMEOUT, pdf_variant: str | None = PDF_VARIANT,
                pdf_tags: bool = PDF_TAGS) -> bytes:
    """Render HTML to PDF bytes, with files embedded and dated `date` (never "now").

    By default PDF/A-3b (each embedded file an associated file, /AFRelationship from EmbeddedFile) and tagged
    (PDF/UA-1 identification); `pdf_variant=None, pdf_tags=False` gives a plain PDF."""
    if len(html) > MAX_HTML_CHARS:
        raise RenderError(f"report HTML is too large to render ({len(html):,} characters)")
    import weasyprint

    if fetcher is None:
        fetcher = make_fetcher()
    stamp = _timestamp(date)
    try:
        with _deadline(timeout), _source_date(stamp):
            doc = weasyprint.HTML(string=html, base_url=reports_dir().resolve().as_uri() + "/", url_fetcher=fetcher)
            attachments = [weasyprint.Attachment(string=f.data, name=f.name, description=f.description or None,
                                                 created=stamp, modified=stamp, relationship=f.relationship,
                                                 url_fetcher=fetcher)
                           for f in embedded]
            options: dict[str, Any] = {"attachments": attachments, "pdf_tags": pdf_tags}
            if pdf_variant:
                # A user stylesheet's @color-profile lands in the dict it was parsed with: the same one goes to
                # the render, where the output intent looks it up.
                profiles: dict[str, Any] = {}
                options.update(pdf_variant=pdf_variant, output_intent=SRGB_PROFILE, color_profiles=profiles,
                               stylesheets=[weasyprint.CSS(string=color_profile_css(), url_fetcher=fetcher,
                                                           color_profiles=profiles)])
            pdf = doc.write_pdf(finisher=partial(_finish, pdfua=pdf_tags), **options)
    except RenderError:
        raise
    except Exception as exc:  # WeasyPrint raises many kinds; the CLI prints one line
        raise RenderError(f"PDF rendering failed: {type(exc).__name__}: {exc}") from exc
    assert isinstance(pdf, bytes)
    return pdf


def assessment_json(a: Assessment) -> bytes:
    """The canonical JSON of one Assessment (what the PDF embeds and `verify` reads back; its SHA-256 is the
    unit's digest in the roll-up's region document)."""
    return canonical_assessment(a)


def render_unit_html(a: Assessment, lang: str = "id") -> str:
    """The HTML of one unit's report."""
    return render_html(build_unit_view(a, lang))


def render_unit_pdf(a: Assessment, lang: str = "id", *, html: str | None = None, fetcher: Any = None,
                    timeout: float | None = DEFAULT_TIMEOUT) -> bytes:
    """One unit's report as PDF bytes, carrying assessment.json (rule-set and evidence hashes included)."""
    if html is None:
        html = render_unit_html(a, lang)
    data = EmbeddedFile(ASSESSMENT_ATTACHMENT, assessment_json(a),
                        description=f"kepatuhan assessment of {a.unit.id} ({a.ruleset.id} {a.ruleset.version})")
    return html_to_pdf(html, date=a.as_of, embedded=[data], fetcher=fetcher, timeout=timeout)


def render_rollup_pdf(view: RollupView, *, as_of: dt.date, results: bytes | None = None, region: bytes | None = None,
                      html: str | None = None, fetcher: Any = None, timeout: float | None = DEFAULT_TIMEOUT) -> bytes:
    """The regional roll-up as PDF bytes; the region document (region_doc.py, what `verify` checks) and
    `results` (results.json) are embedded when given."""
    if html is None:
        html = render_html(view)
    embedded = []
    if region:
        embedded.append(EmbeddedFile(REGION_ATTACHMENT, region, description="kepatuhan region document"))
    if results:
        embedded.append(EmbeddedFile(RESULTS_ATTACHMENT, results, description="kepatuhan results"))
    return html_to_pdf(html, date=as_of, embedded=embedded, fetcher=fetcher, timeout=timeout)


__all__ = ["ASSESSMENT_ATTACHMENT", "DEFAULT_TIMEOUT", "EmbeddedFile", "RenderTimeout", "allowed_roots",
           "assessment_json", "font_files", "html_to_pdf", "make_fetcher", "render_html", "render_rollup_pdf",
           "render_unit_html", "render_unit_pdf", "stylesheet"]
