"""The HTML reports, opened in a real headless browser, show hostile edition text as text.

An edition's own text (an entry's name, a network type) reaches three HTML reports: the
catalog site (``_site/``: every entry, every check and its failing entries, the changes), a
refused edition's ``report.html``, and the change report ``changes.html``. Every page is loaded from ``file://`` in Debian's
Chromium through Playwright, offline (any request leaving the machine is aborted), with
``alert``, ``confirm`` and ``prompt`` trapped and dialogs recorded. A page passes when no
script ran, no ``<script>``/``onerror`` made of the edition's text exists, and the attack reads
as text. A control page with an unescaped ``<img onerror>`` proves the detector fires.

Needs ``/usr/bin/chromium`` (``make test-system`` installs it); without it the module is skipped, except
under ``CI``, where it fails.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import SEED
from tests.headless import TRAP, launched, require_chromium

require_chromium()

from playwright.sync_api import Browser, Route  # noqa: E402

pytestmark = [pytest.mark.xdist_group("browser"), pytest.mark.system]  # one worker builds the editions and the browser

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
#: What a page holds that could run: scripts mentioning alert(1), img onerror, any on* handler.
FIND_CODE = """() => {
  const found = [];
  for (const script of document.querySelectorAll('script'))
    if (script.textContent.includes('alert(1)')) found.push('script: ' + script.textContent.trim());
  for (const img of document.querySelectorAll('img[onerror]'))
    found.push('img onerror: ' + img.getAttribute('onerror'));
  for (const element of document.querySelectorAll('*'))
    for (const attribute of element.attributes)
      if (attribute.name.startsWith('on') && attribute.value.includes('alert'))
        found.push('handler ' + element.localName + '[' + attribute.name + ']: ' + attribute.value);
  return found;
}"""
#: The cells of every innermost table row that shows ``alert(1)``, as the reader sees them.
ROWS_CODE = """() => [...document.querySelectorAll('tr')]
  .filter(row => !row.querySelector('table') && row.innerText.includes('alert(1)'))
  .map(row => [...row.cells].map(cell => cell.innerText.trim()))"""

LINES = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
NAME_LINE, NETWORK_LINE = 6, 26  # entry 1 (政务云平台): its 资源名称 and 网络类型 values


def edition(name: str | None = None, network: str | None = None, functions: bool = True) -> str:
    """The bundled edition with entry 1's name and network type replaced, optionally without its
    functions (功能和服务: ``resources.has_function`` then fails, a critical expectation)."""
    lines = list(LINES)
    assert lines[NAME_LINE].strip() == "政务云平台" and lines[NETWORK_LINE].strip() == "政务外网、政务内网"
    if name is not None:
        lines[NAME_LINE] = f"{name}\n"
    if network is not None:
        lines[NETWORK_LINE] = f"{network}\n"
    if not functions:
        start = next(i for i, line in enumerate(lines) if "功能和服务" in line)
        stop = next(i for i in range(start, len(lines)) if "接入对象" in lines[i])
        lines[start:stop] = []
    return "".join(lines)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with three published editions and one quarantined, in this order:

    ``seed`` the bundled edition; ``attack`` entry 1 named ``SCRIPT`` with network type ``IMG``
    (``resource_items.network_type_canonical`` fails on it, naming the entry: a warning);
    ``renamed`` entry 1 renamed to ``IMG`` (a rename in its changes.html); ``quarantined``
    like ``attack`` but entry 1 without functions (``resources.has_function``, critical).
    """
    root = tmp_path_factory.mktemp("browser")
    curated = root / "curated"
    editions = {"attack": edition(SCRIPT, IMG), "renamed": edition(IMG),
                "quarantined": edition(SCRIPT, IMG, functions=False)}
    assert main(["ingest", str(SEED), "--edition", "seed", "--curated", str(curated)]) == 0
    for label, text in editions.items():
        path = root / f"{label}.txt"
        path.write_text(text, encoding="utf-8")
        status = main(["ingest", str(path), "--curated", str(curated)])
        assert status == (1 if label == "quarantined" else 0), label
    return curated


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launched()


@dataclass(frozen=True)
class Visit:
    """What a page did once loaded: anything that ran or could run, its visible text (stripped)
    and the table rows that show ``alert(1)``."""

    findings: list[str]
    text: str
    rows: list[list[str]]


def _local(url: str) -> bool:
    return url.startswith(("file:", "data:", "about:", "http://localhost", "http://127.0.0.1"))


def visit(browser: Browser, page_file: Path) -> Visit:
    """Load ``page_file`` offline with every way of running a payload watched."""
    context = browser.new_context()

    def offline(route: Route) -> None:
        if _local(route.request.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", offline)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRAP)
    try:
        page.goto(page_file.as_uri(), wait_until="load")  # inline scripts have run; the
        # pages' CDN scripts are refused at once by ``offline``, so nothing is left to wait for
        findings = [f"dialog: {message}" for message in dialogs]
        if page.evaluate("window.__xss") is not None:
            findings.append("window.__xss set")
        findings += page.evaluate(FIND_CODE)
        return Visit(findings, page.inner_text("body").strip(), page.evaluate(ROWS_CODE))
    finally:
        context.close()


def site_pages(store: Path) -> dict[str, Path]:
    """Every page of the store's catalog site by its path in the site."""
    site = store / "_site"
    return {page.relative_to(site).as_posix(): page for page in sorted(site.rglob("*.html"))}


SITE = ["editions/attack.html", "editions/renamed.html", "editions/seed.html", "index.html"]


def assert_escaped_once(page: Path) -> None:
    source = page.read_text(encoding="utf-8")
    assert SCRIPT not in source and IMG not in source, page
    assert "&amp;lt;" not in source and "&amp;gt;" not in source, page  # not escaped twice


# --- the detector --------------------------------------------------------------------------

def test_the_detector_flags_an_unescaped_img_onerror(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(f"<!doctype html><html><body><p>name: {IMG}</p></body></html>", encoding="utf-8")
    assert visit(browser, page) == Visit(
        ["window.__xss set", "img onerror: alert(1)", "handler img[onerror]: alert(1)"], "name:", [])


def test_the_detector_flags_an_unescaped_script(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(f"<!doctype html><html><body><p>name: {SCRIPT}</p></body></html>", encoding="utf-8")
    assert visit(browser, page) == Visit(["window.__xss set", "script: alert(1)"], "name:", [])


def test_the_detector_passes_the_same_text_escaped(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "escaped.html"
    page.write_text(f"<!doctype html><html><body><p>{SCRIPT_ESCAPED} {IMG_ESCAPED}</p></body></html>",
                    encoding="utf-8")
    assert visit(browser, page) == Visit([], f"{SCRIPT} {IMG}", [])


# --- the catalog site and the report of a refused edition ------------------------------------

def test_the_catalog_site_shows_hostile_values_as_text(browser: Browser, store: Path) -> None:
    pages = site_pages(store)
    assert sorted(pages) == SITE  # the refused edition has no page on the site
    for name, page in pages.items():
        assert visit(browser, page).findings == [], name
        assert_escaped_once(page)
    attack = visit(browser, pages["editions/attack.html"])
    assert SCRIPT in attack.text and IMG in attack.text  # entry 1's name and network type
    # network_type_canonical failed on entry 1 (a warning): the entry is named in its row
    (check,) = [row for row in attack.rows if row[1].startswith("网络类型为标准名称")]
    assert (check[2], check[3], check[-1]) == ("警告", "未通过", f"第 1 条「{SCRIPT}」：内容：{IMG}")
    renamed = visit(browser, pages["editions/renamed.html"])
    assert f"改名 第 1 条 {IMG}" in renamed.text  # renamed from SCRIPT to IMG, highlighted
    source = pages["editions/renamed.html"].read_text(encoding="utf-8")
    assert "<del>ipt&gt;</del>" in source and "<del>&lt;/script</del>" in source


def test_the_report_of_a_quarantined_edition_shows_hostile_values_as_text(
    browser: Browser, store: Path
) -> None:
    page = store / "_quarantine" / "quarantined" / "report.html"
    shown = visit(browser, page)
    assert shown.findings == []
    assert_escaped_once(page)
    assert "有功能和服务" in shown.text and f"「{SCRIPT}」" in shown.text  # the failing entry
    assert IMG in shown.text  # network_type_canonical's detail: text=<img …>


# --- changes.html ----------------------------------------------------------------------------

@pytest.mark.parametrize(("label", "shown"), [
    ("attack", (SCRIPT, IMG)),  # 政务云平台 renamed to SCRIPT, its network type now IMG
    ("renamed", (IMG, SCRIPT)),  # SCRIPT renamed to IMG
])
def test_changes_html_shows_hostile_names_as_text(
    browser: Browser, store: Path, label: str, shown: tuple[str, ...]
) -> None:
    page = store / "_reports" / label / "changes.html"
    result = visit(browser, page)
    assert result.findings == []
    for value in shown:
        assert value in result.text
    source = page.read_text(encoding="utf-8")
    assert SCRIPT_ESCAPED in source and IMG_ESCAPED in source
    assert_escaped_once(page)


# --- what is not HTML keeps the edition's text -------------------------------------------------

def test_validation_json_keeps_the_raw_values(store: Path) -> None:
    """Only the HTML pages escape: the failures and GX's results in validation.json (and the
    CLI lines made from the same report) hold the values as written."""
    document = json.loads((store / "_quarantine" / "quarantined" / "validation.json").read_text(
        encoding="utf-8"))
    assert document["failures"] == [
        {"expectation": "has_function", "table": "resources", "severity": "critical", "seq": 1,
         "name": SCRIPT, "detail": "function_count=0"},
        {"expectation": "section_set_usual", "table": "resources", "severity": "warning",
         "seq": 1, "name": SCRIPT, "detail": "section_set_unusual=missing 功能和服务"},
        {"expectation": "network_type_canonical", "table": "resource_items", "severity": "warning",
         "seq": 1, "name": SCRIPT, "detail": f"text={IMG}"},
    ]
    failed = [result["result"] for result in document["results"]["resource_items"]["results"]
              if not result["success"]]
    assert failed[0]["unexpected_index_list"] == [{"text": IMG, "seq": 1, "name": SCRIPT}]
    assert failed[0]["partial_unexpected_list"] == [IMG]
