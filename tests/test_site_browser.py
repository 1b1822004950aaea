"""The catalog site opened in a real headless browser: links, charts, Chinese text, hostile text.

The site of ``tests/test_site.py`` (three editions, the last with ``<script>``/``<img onerror>``
names, network types and builder units) is written to a folder and loaded from ``file://`` in
Debian's Chromium through Playwright, offline (any request that is not ``file:`` is aborted and
recorded), with ``alert``/``confirm``/``prompt`` trapped and dialogs recorded, as
``tests/test_browser.py`` does. A page passes when every link leads to a file of the site
(and to an element, for a ``#fragment``), every chart draws its bars with a real size, no
console error, failed request or script happened, Chinese text is drawn with a CJK font, and the
hostile values read as text. Full-page screenshots of the index and an edition page are saved to
``test-output/site/`` for a person to look at.

Needs ``/usr/bin/chromium`` and a Chinese font (``fc-list :lang=zh``; Debian's
``fonts-noto-cjk``); without them the module (or the font test) is skipped, except under ``CI``,
where it fails.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from pipeline.site import render_site, render_validation_page
from tests.headless import TRAP, UNDER_CI, launched, require_chromium
from tests.test_site import GENERATED_BY, HOSTILE, IMG, SCRIPT, SiteInput, site_input

require_chromium()

from playwright.sync_api import (  # noqa: E402
    Browser,
    ConsoleMessage,
    Dialog,
    Page,
    Route,
)

pytestmark = [pytest.mark.xdist_group("browser"), pytest.mark.system]  # one worker builds the site and the browser

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-output" / "site"
#: What a page holds that could run: any script, img onerror, any on* handler.
FIND_CODE = """() => {
  const found = [];
  for (const script of document.querySelectorAll('script')) found.push('script: ' + script.textContent.trim());
  for (const img of document.querySelectorAll('img')) found.push('img: ' + img.outerHTML);
  for (const element of document.querySelectorAll('*'))
    for (const attribute of element.attributes)
      if (attribute.name.startsWith('on')) found.push(element.localName + '[' + attribute.name + ']');
  return found;
}"""
#: Every chart: its key, role, label and each bar's drawn size.
CHARTS_CODE = """() => [...document.querySelectorAll('svg.chart')].map(svg => ({
  key: svg.dataset.chart, role: svg.getAttribute('role'), label: svg.getAttribute('aria-label'),
  marks: [...svg.querySelectorAll('rect.mark')].map(rect => {
    const box = rect.getBoundingClientRect();
    return [box.width, box.height];
  }),
}))"""
#: Every link's resolved URL.
LINKS_CODE = "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"
#: The expected bars (``rect.mark``) of every chart, per page: builder units (2 in each edition),
#: network types (3, and the hostile one in the third), effort classes per builder unit; on the
#: index 3 editions and 5 non-zero change counts (2025-01: added, removed, modified; the third:
#: renamed, modified).
EXPECTED_MARKS: dict[str, dict[str, int]] = {
    "index.html": {"entries-per-edition": 3, "changes-per-edition": 5},
    "editions/2024.html": {"entries-by-unit": 2, "effort-by-unit": 7, "network-mix": 3},
    "editions/2025-01.html": {"entries-by-unit": 2, "effort-by-unit": 7, "network-mix": 3},
    f"editions/{HOSTILE}.html": {"entries-by-unit": 2, "effort-by-unit": 7, "network-mix": 4},
}


@pytest.fixture(scope="module")
def given(tmp_path_factory: pytest.TempPathFactory) -> SiteInput:
    return site_input(tmp_path_factory.mktemp("site-editions"))


@pytest.fixture(scope="module")
def site(given: SiteInput, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rendered site, written to a folder as the store writes ``_site/``."""
    folder = tmp_path_factory.mktemp("site") / "_site"
    for path, data in render_site(given.tables, given.validations,
                                  generated_by=GENERATED_BY).items():  # fmt: skip
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launched()


@dataclass
class Visit:
    """A loaded page and what happened while it loaded."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # requests that tried to leave the machine
    dialogs: list[str] = field(default_factory=list)

    def code(self) -> list[str]:
        """Anything that ran or could run."""
        found = [f"dialog: {message}" for message in self.dialogs]
        if self.page.evaluate("window.__xss") is not None:
            found.append("window.__xss set")
        return found + list(self.page.evaluate(FIND_CODE))


Visitor = Callable[[Path], Visit]


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visitor]:
    """``visit(path)`` loads a file in this test's page, in an offline browser context; each
    visit records what happened from its own navigation on."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    current = [Visit(page)]

    def offline(route: Route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            current[-1].blocked.append(url)
            route.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            current[-1].console_errors.append(message.text)

    def dialog(box: Dialog) -> None:
        current[-1].dialogs.append(box.message)
        box.dismiss()

    context.route("**/*", offline)
    page.on("console", console)
    page.on("pageerror", lambda error: current[-1].console_errors.append(str(error)))
    page.on("requestfailed", lambda request: current[-1].failed_requests.append(request.url))
    page.on("dialog", dialog)
    page.add_init_script(TRAP)

    def open_page(path: Path) -> Visit:
        current.append(Visit(page))
        page.goto(path.as_uri(), wait_until="load")
        return current[-1]

    yield open_page
    context.close()


def site_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def _local_path(url: str) -> Path:
    parts = urlsplit(url)
    assert parts.scheme == "file", url
    return Path(unquote(parts.path))


def test_the_detectors_fire_on_a_page_that_runs_code_and_fetches(visit: Visitor, tmp_path: Path) -> None:
    """A control: an unescaped ``<img onerror>`` and a stylesheet from the network are seen."""
    page = tmp_path / "hostile.html"
    page.write_text(f'<!doctype html><link rel="stylesheet" href="https://cdn.invalid/x.css">'
                    f"<p>name: {IMG}</p>", encoding="utf-8")
    seen = visit(page)
    assert seen.code() == ["window.__xss set", 'img: <img src="x" onerror="alert(1)">', "img[onerror]"]
    assert seen.blocked == ["https://cdn.invalid/x.css"]
    assert sorted(seen.failed_requests) == sorted(  # in the order the browser gave up on them
        ["https://cdn.invalid/x.css", (tmp_path / "x").as_uri()])
    assert len(seen.console_errors) == 2  # both failed loads


def test_the_index_lists_every_edition(visit: Visitor, site: Path) -> None:
    seen = visit(site / "index.html")
    links = seen.page.locator("a.edition-link")
    assert links.all_inner_texts() == ["2024", "2025-01", HOSTILE]
    assert seen.page.locator("table.editions td.entries").all_inner_texts() == ["26", "26", "26"]


def test_every_link_of_every_page_leads_into_the_site(visit: Visitor, site: Path) -> None:
    """Crawl from the index: each href resolves to an existing file of the site (and to an
    element with that id for a fragment); every page is reached."""
    queue, reached = [site / "index.html"], set()
    while queue:
        path = queue.pop()
        if path in reached:
            continue
        reached.add(path)
        seen = visit(path)
        for url in seen.page.evaluate(LINKS_CODE):
            target = _local_path(url)
            assert target.is_file(), (path.name, url)
            assert site in target.parents, (path.name, url)
            fragment = urlsplit(url).fragment
            if fragment and target == path:
                assert seen.page.locator(f"[id='{fragment}']").count() == 1, (path.name, url)
            elif fragment:
                assert f'id="{fragment}"' in target.read_text(encoding="utf-8"), (path.name, url)
            if target.suffix == ".html":
                queue.append(target)
    assert sorted(p.relative_to(site).as_posix() for p in reached) == site_pages(site)


def test_every_chart_draws_its_bars(visit: Visitor, site: Path) -> None:
    for name, expected in EXPECTED_MARKS.items():
        seen = visit(site / name)
        charts = seen.page.evaluate(CHARTS_CODE)
        assert {c["key"]: len(c["marks"]) for c in charts} == expected, name
        for chart in charts:
            assert chart["role"] == "img" and chart["label"], (name, chart["key"])
            assert all(width > 0 and height > 0 for width, height in chart["marks"]), (name, chart)


def test_pages_load_without_errors_or_requests_leaving_the_machine(visit: Visitor, site: Path) -> None:
    for name in site_pages(site):
        seen = visit(site / name)
        assert (seen.console_errors, seen.failed_requests, seen.blocked) == ([], [], []), name
        # the stylesheet applied: the header has its dark background
        background = seen.page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
        assert background == "rgb(36, 54, 75)", name


def _cjk_fonts() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    listed = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def test_chinese_text_is_drawn_with_a_chinese_font(visit: Visitor, site: Path) -> None:
    if not _cjk_fonts():
        if UNDER_CI:
            pytest.fail("no Chinese font (fc-list :lang=zh): install fonts-noto-cjk")
        pytest.skip("no Chinese font (fc-list :lang=zh is empty): apt-get install fonts-noto-cjk")
    seen = visit(site / "editions/2024.html")
    heading = seen.page.locator("h1")
    assert heading.inner_text().startswith("版本 2024")
    assert seen.page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '版本')")
    # the fonts Chromium actually drew the heading's glyphs with
    session = seen.page.context.new_cdp_session(seen.page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    document = session.send("DOM.getDocument")
    node = session.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "h1"})
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    assert any("CJK" in font["familyName"] and font["glyphCount"] >= 2 for font in fonts), fonts
    width = seen.page.evaluate("""() => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('td.unit'));
      return range.getBoundingClientRect().width;
    }""")
    assert width > 8 * 10  # 社会治理联动中心: eight ideographs, each wider than 10 px


def test_hostile_values_show_as_text_and_never_run(visit: Visitor, site: Path) -> None:
    seen = visit(site / f"editions/{HOSTILE}.html")
    assert seen.code() == []
    page = seen.page
    assert page.locator("tr#entry-1 td.name").inner_text().startswith(SCRIPT)
    assert page.locator("tr#entry-1 td.network").inner_text() == IMG
    assert page.locator("tr#entry-25 td.unit").inner_text() == IMG
    tooltips = page.locator("svg.chart rect.mark title").all_text_contents()
    assert f"{IMG}：1 条" in tooltips
    assert page.locator("[data-change=renamed] dd[data-field=name] ins").inner_text() == SCRIPT
    assert SCRIPT in page.locator("#validation").inner_text()
    assert seen.console_errors == [] and seen.blocked == []


def test_the_page_of_a_refused_edition_is_self_contained(
    visit: Visitor, given: SiteInput, tmp_path: Path
) -> None:
    document = {**given.validations[HOSTILE], "status": "failed"}
    report = tmp_path / "report.html"
    report.write_bytes(render_validation_page(document, title=f"{HOSTILE}: refused"))
    seen = visit(report)
    assert seen.code() == [] and (seen.console_errors, seen.failed_requests, seen.blocked) == ([], [], [])
    assert seen.page.locator(".badge.status-failed").inner_text() == "未通过（已隔离）"
    assert f"第 1 条「{SCRIPT}」：内容：{IMG}" in seen.page.locator("table.checks").inner_text()
    color = seen.page.eval_on_selector(".badge.status-failed", "e => getComputedStyle(e).backgroundColor")
    assert color == "rgb(180, 35, 24)"  # the inline stylesheet applied


def test_screenshots_of_the_index_and_an_edition_page(visit: Visitor, site: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, shot in (("index.html", "index.png"), ("editions/2025-01.html", "edition-2025-01.png")):
        seen = visit(site / name)
        target = SCREENSHOTS / shot
        seen.page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000, target
