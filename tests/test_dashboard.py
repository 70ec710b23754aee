"""The region dashboard (index.html): its view model, its HTML, and the page in a real browser.

The browser test drives the system Chromium (Debian package `chromium`) over the Chrome DevTools Protocol on a pipe
(`--remote-debugging-pipe`, the transport Playwright and Puppeteer use for Chromium): no driver binary, no browser
download, no Python dependency. It loads the sample region's index.html through file://, records every network
request and console message, sorts and filters with real mouse and keyboard input, and saves a screenshot
(copied to $DASHBOARD_SCREENSHOT_DIR when that is set).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from compliance.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["kukar-pra-penilaian", str(ROOT / "fixtures" / "kukar"), "--as-of", "2024-09-30"]


@pytest.fixture(scope="module")
def kukar_html(tmp_path_factory) -> Path:
    """The sample region's reports, HTML only (fast), in a folder of their own."""
    out = tmp_path_factory.mktemp("kukar") / "out"
    assert main(["report", *ARGS, "--format", "html", "-o", str(out)]) == 0
    return out


def summary_of(out: Path) -> dict[str, Any]:
    return json.loads((out / "results.json").read_text(encoding="utf-8"))["summary"]


# --------------------------------------------------------------------------------------------- the HTML itself


class Rows(HTMLParser):
    """The unit table's body rows: their data- attributes and the text of their cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []
        self.links: list[str] = []
        self.srcs: list[str] = []
        self._in_units = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("src", "href"):
            if a.get(key) and tag not in ("a", "use"):
                self.srcs.append(f"{tag} {key}={a[key]}")
        if tag == "table" and a.get("id") == "units":
            self._in_units = True
        elif self._in_units and tag == "tr" and "data-order" in a:
            self.rows.append({"attrs": a, "cells": []})
        elif self._in_units and self.rows and tag in ("td", "th"):
            self._cell = []
        elif self._in_units and tag == "a":
            self.links.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_units = False
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1]["cells"].append(" ".join(" ".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> Rows:
    p = Rows()
    p.feed(html)
    return p


def test_index_lists_every_unit_in_ranking_order_with_links(kukar_html):
    html = (kukar_html / "index.html").read_text(encoding="utf-8")
    summary = summary_of(kukar_html)
    page = parse(html)
    assert [r["attrs"]["data-s-name"] for r in page.rows] == [r["name"] for r in summary["ranking"]]
    first = page.rows[0]["cells"]
    # rank, name + id, kind, kecamatan, score (decimal comma; how complete the data is while facts are open),
    # category, zone by word, reports
    assert first[:7] == ["1", "Kantor Kecamatan Anggana kecamatan-anggana", "kecamatan", "Anggana",
                         "95,64 data 96 % lengkap", "A", "Zona Hijau"]
    # relative links to every unit's HTML report, and no PDF link: no PDF was written
    assert page.links == [f"units/{r['unit']}.html" for r in summary["ranking"]]
    assert all((kukar_html / link).is_file() for link in page.links)
    assert "rollup.html" in html and 'href="rollup.pdf"' not in html
    # offline: nothing is loaded from anywhere (no src, no stylesheet link, no @import, no web font)
    assert page.srcs == []
    assert "@import" not in html and "@font-face" not in html and "<link" not in html
    assert set(re.findall(r"url\(([^)]*)\)", html)) == {"#pat-yellow", "#pat-red"}     # the chart's own patterns
    assert "Content-Security-Policy" in html
    # accessible table: column and row headers, the sorted column marked, the zone told by a shape too
    assert html.count('<th scope="col"') >= 9 and html.count('<th scope="row">') >= 27
    assert re.search(r'<th scope="col" class="num" aria-sort="descending"><button type="button" class="sort" '
                     r'data-sort="score"', html)
    assert html.count('<use href="#z-circle"/>') == summary["zones"]["green"] + 1      # + the summary table
    assert html.count('<use href="#z-square"/>') == summary["zones"]["red"] + 1
    # the summary: counts per zone and category, the mean and the most-missed indicators
    assert "Rata-rata" in html and "Indikator yang Paling Sering Belum Terpenuhi" in html
    for m in summary["most_missed"]:
        assert f'<span class="id">{m["indicator"]}</span>' in html


def test_index_is_byte_identical_across_runs_and_english(kukar_html, tmp_path):
    again = tmp_path / "again"
    assert main(["report", *ARGS, "--format", "html", "-o", str(again)]) == 0
    assert (again / "index.html").read_bytes() == (kukar_html / "index.html").read_bytes()
    en = tmp_path / "en"
    assert main(["report", *ARGS, "--format", "html", "--lang", "en", "-o", str(en)]) == 0
    html = (en / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Regional Compliance Dashboard" in html and "Green zone" in html
    assert ">95.64<" in html and "Zona Hijau" not in html


def test_view_links_pdf_only_when_written_and_shows_changes():
    from compliance.report.dashboard_view import build_dashboard_view
    from compliance.report.region_view import build_rollup_view
    from compliance.report.render import render_html
    from compliance.report.summary import Previous, UnitSummary, summarize

    def unit(uid: str, score: float, zone: str, cat: str, kec: str | None) -> UnitSummary:
        return UnitSummary(file=f"{uid}.yaml", unit_id=uid, unit_name=uid.upper(), unit_kind="dinas",
                           region="Kutai Kartanegara", kecamatan=kec, score=score, score_best=score, category=cat,
                           zone=zone, dimensions=(), statuses=())

    units = [unit("a", 90.0, "green", "A", "Tenggarong"), unit("b", 50.0, "red", "D", None)]
    s = summarize("mini", ["A", "B", "C", "D", "E"], units, [], previous={"a": Previous(80.0, "B", "green")})
    import datetime as dt
    from types import SimpleNamespace

    info = SimpleNamespace(id="mini", version="1", sha256="0" * 64, title=None)
    rollup = build_rollup_view(s, ruleset=info, as_of=dt.date(2024, 6, 1))
    v = build_dashboard_view(s, rollup, files={"units/a.html", "units/a.pdf", "rollup.pdf"})
    assert [[link.href for link in r.reports] for r in v.rows] == [["units/a.html", "units/a.pdf"], []]
    assert v.rows[0].reports[1].aria == "Laporan A (PDF)"
    assert [d.href for d in v.documents] == ["rollup.pdf"]
    assert [(r.change, r.change_key) for r in v.rows] == [("+10,00", "10.0"), ("baru", "")]
    assert [c.key for c in v.columns if c.key] == ["name", "kind", "kecamatan", "score", "category", "zone", "change"]
    assert next(f.options for f in v.filters if f.key == "kecamatan")[0].value == "Tenggarong"
    assert [o.label for f in v.filters if f.key == "zone" for o in f.options] == ["Zona Hijau", "Zona Merah"]
    assert v.rows[1].kecamatan == "" and v.rows[1].zone_shape == "square"
    html = render_html(v)                       # b's report was not written (a render error): said so, not linked
    assert 'href="units/a.pdf"' in html and "units/b." not in html and ">tidak ada laporan</td>" in html
    assert 'data-s-change="10.0"' in html and 'data-s-change=""' in html


# --------------------------------------------------------------------------------------------- the browser


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """A headless Chromium driven over the DevTools protocol on a pipe (fd 3: commands in, fd 4: replies out)."""

    def __init__(self, exe: str, profile: Path) -> None:
        to_browser_r, self._w = os.pipe()
        self._r, from_browser_w = os.pipe()

        def wire() -> None:                        # in the child: the pipe ends become fds 3 and 4
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        flags = ["--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-default-apps", "--mute-audio",
                 "--hide-scrollbars", f"--user-data-dir={profile}", "about:blank"]
        self.proc = subprocess.Popen([exe, *flags], pass_fds=(3, 4), preexec_fn=wire,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._r], [], [], left)[0]:
                raise TimeoutError("the browser did not answer in time")
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise EOFError("the browser closed its pipe")
            self._buf += chunk
        msg, _, self._buf = self._buf.partition(b"\0")
        out: dict[str, Any] = json.loads(msg)
        return out

    def call(self, method: str, params: dict[str, Any] | None = None, *, browser: bool = False,
             timeout: float = 10.0) -> dict[str, Any]:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if not browser:
            msg["sessionId"] = self.session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        seen = len(self.events)
        while True:
            for e in self.events[seen:]:
                if e["method"] == method:
                    return e
            seen = len(self.events)
            msg = self._read(deadline)
            if "method" in msg:
                self.events.append(msg)

    def open(self, url: str, width: int = 1280, height: int = 900) -> None:
        target = self.call("Target.createTarget", {"url": "about:blank"}, browser=True)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 browser=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                         "mobile": False})
        self.call("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element (it must be visible and on top there)."""
        box = self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView("
                      "{block: 'center'}); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, "
                      "r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                   "clickCount": 1})

    def key(self, name: str, code: str, key_code: int, text: str = "") -> None:
        """A key press as the keyboard sends it (`text` "\r" for Enter: a button acts on the character)."""
        for kind in ("keyDown", "keyUp"):
            event = {"type": kind, "key": name, "code": code, "windowsVirtualKeyCode": key_code}
            if text and kind == "keyDown":
                event["text"] = text
            self.call("Input.dispatchKeyEvent", event)

    def type_text(self, text: str) -> None:
        self.call("Input.insertText", {"text": text})

    def screenshot(self, path: Path) -> None:
        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        shot = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                    "clip": {"x": 0, "y": 0, "width": size["width"],
                                                             "height": size["height"], "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        with contextlib.suppress(OSError, EOFError, TimeoutError, RuntimeError):
            self.call("Browser.close", browser=True, timeout=5)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._r)
        os.close(self._w)


@pytest.mark.skipif(sys.platform == "win32", reason="the pipe transport is wired with POSIX file descriptors")
@pytest.mark.skipif(chromium() is None, reason="no Chromium on this machine: install the Debian package `chromium` "
                                               "(make setup does) to run the browser test")
def test_dashboard_in_a_real_browser(kukar_html, tmp_path):
    summary = summary_of(kukar_html)
    ranking = summary["ranking"]
    exe = chromium()
    assert exe is not None
    b = Browser(exe, tmp_path / "profile")
    try:
        b.open((kukar_html / "index.html").as_uri())

        def names() -> list[str]:
            return b.js("[...document.querySelectorAll('#units tbody tr:not([hidden]) th')].map(e => e.firstChild"
                        ".textContent)")

        def sorted_by() -> list[tuple[str, str]]:
            return [tuple(x) for x in b.js("[...document.querySelectorAll('#units th[aria-sort]')].map(e => "
                                           "[e.textContent, e.getAttribute('aria-sort')])")]

        def status() -> str:
            return b.js("document.getElementById('count').textContent")

        # opened in ranking order, the controls shown (the script ran), the count announced
        assert names() == [r["name"] for r in ranking]
        assert b.js("document.getElementById('filters').hidden") is False
        assert status() == f"Menampilkan {len(ranking)} dari {len(ranking)} unit."
        assert sorted_by() == [("Nilai", "descending")]

        # sort by name (a mouse click), then reverse it with the keyboard (Enter on the focused button)
        b.click("button[data-sort=name]")
        by_name = sorted((r["name"] for r in ranking), key=str.casefold)
        assert names() == by_name and sorted_by() == [("Unit", "ascending")]
        b.js("document.querySelector('button[data-sort=name]').focus()")
        b.key("Enter", "Enter", 13, "\r")
        assert names() == by_name[::-1] and sorted_by() == [("Unit", "descending")]

        # sort by score: the first click puts the best first (ties keep the ranking's order), the second reverses
        b.click("button[data-sort=score]")
        assert names() == [r["name"] for r in ranking] and sorted_by() == [("Nilai", "descending")]
        b.click("button[data-sort=score]")
        ascending = [r["name"] for r in sorted(ranking, key=lambda r: (r["score"], ranking.index(r)))]
        assert names() == ascending and sorted_by() == [("Nilai", "ascending")]

        # filter by zone with the keyboard on the select box: the first option after "Semua" is the green zone
        b.js("document.getElementById('f-zone').focus()")
        b.key("ArrowDown", "ArrowDown", 40)
        assert b.js("document.getElementById('f-zone').value") == "green"
        green = [r["name"] for r in ranking if r["zone"] == "green"]
        assert sorted(names()) == sorted(green) and len(green) == summary["zones"]["green"]
        assert status() == f"Menampilkan {len(green)} dari {len(ranking)} unit."

        # and by kind on top of it, then a text search, then clear everything
        kinds = {r["unit"]: r["attrs"]["data-kind"] for r in
                 ({"unit": x["attrs"]["data-s-name"], "attrs": x["attrs"]} for x in
                  parse((kukar_html / "index.html").read_text(encoding="utf-8")).rows)}
        def choose(select: str, value: str) -> None:
            b.js(f"(() => {{ const s = document.getElementById('{select}'); s.value = '{value}'; "
                 "s.dispatchEvent(new Event('change')); })()")

        choose("f-kind", "puskesmas")
        assert sorted(names()) == sorted(n for n in green if kinds[n] == "puskesmas") != []
        choose("f-zone", "")
        assert sorted(names()) == sorted(n for n in kinds if kinds[n] == "puskesmas")
        assert len(names()) == 3
        b.click("#f-search")
        b.type_text("samboja")
        assert names() == ["UPT Puskesmas Samboja"]
        b.type_text("xyz")
        assert names() == [] and b.js("document.getElementById('no-match').hidden") is False
        b.click("button[type=reset]")
        time.sleep(0.05)
        b.js("0")                                     # let the reset handler run
        assert len(names()) == len(ranking)

        # a link opens the unit's report (relative, from the file system)
        href = b.js("document.querySelector('#units td.reports a').href")
        assert href.startswith("file://") and Path(href[len("file://"):]).is_file()

        b.click("button[data-sort=zone]")
        shot = tmp_path / "dashboard.png"
        b.screenshot(shot)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
        if os.environ.get("DASHBOARD_SCREENSHOT_DIR"):
            dest = Path(os.environ["DASHBOARD_SCREENSHOT_DIR"])
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, dest / "dashboard.png")

        requests = [e["params"]["request"]["url"] for e in b.events if e["method"] == "Network.requestWillBeSent"]
        assert requests and all(u.startswith("file://") for u in requests), requests
        problems = [e for e in b.events
                    if e["method"] == "Runtime.exceptionThrown"
                    or (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
                    or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
        assert problems == []
    finally:
        b.close()
