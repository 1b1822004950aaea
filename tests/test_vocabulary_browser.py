"""No English identifier or code is left on a Chinese page: every page of a test site, its
change report and a refused edition's report, read in a real browser as a person reads them.

The site of ``tests/test_site.py`` (three editions, hostile names, failed checks), the
``changes.html`` of its second edition and the validation page of its third are written to a
folder and opened from ``file://`` in Debian's Chromium through Playwright, offline (any request
that is not ``file:`` is aborted). Every 详情 is opened, then the page's rendered text
(``inner_text``) must hold no snake_case identifier (``seq_unique``, ``effort_text``), no code
the pipeline writes (``person_day``, ``removed``, ``functions``, ``critical``) and no ``UTC``;
what may be English is the program's name and version, file names and edition labels, and the
editions' own text. The same test checks that an opened 详情 spans the entries table.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import regex as re

from pipeline.change_record import changes_between
from pipeline.site import render_site, render_validation_page
from pipeline.vocabulary import (
    CHANGE_TYPES,
    FORMAT_WORDS,
    GUARD_WORDS,
    READING_WORDS,
    SECTION_WORDS,
    SEVERITY_WORDS,
    STATUS_WORDS,
    UNIT_WORDS,
)
from tests.headless import launched, require_chromium
from tests.test_site import GENERATED_BY, HOSTILE, SiteInput, site_input

require_chromium()

from playwright.sync_api import Browser, Route  # noqa: E402

pytestmark = [pytest.mark.xdist_group("browser"), pytest.mark.system]

#: A snake_case identifier: a column, a check id, a code with an underscore.
SNAKE_CASE = re.compile(r"(?<![\p{L}\p{N}_.])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\p{L}\p{N}_])")
#: Codes the pipeline writes that have no underscore, as whole words, and the zone it stores.
CODES: frozenset[str] = frozenset({
    *CHANGE_TYPES, *UNIT_WORDS, *SECTION_WORDS, *READING_WORDS, *STATUS_WORDS,
    *SEVERITY_WORDS, *GUARD_WORDS, *FORMAT_WORDS, "UTC",
})  # fmt: skip
_WORD = re.compile(r"(?<![\p{L}\p{N}_])[A-Za-z]+(?![\p{L}\p{N}_])")
#: What a page may show in English: the program (its footer), the site's file names.
ALLOWED: tuple[str, ...] = (GENERATED_BY, "catalog-pipeline")


@pytest.fixture(scope="module")
def given(tmp_path_factory: pytest.TempPathFactory) -> SiteInput:
    return site_input(tmp_path_factory.mktemp("vocabulary-editions"))


@pytest.fixture(scope="module")
def pages(given: SiteInput, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every page a person reads, written to a folder: the site, a changes.html, a report.html."""
    folder = tmp_path_factory.mktemp("vocabulary")
    files = render_site(given.tables, given.validations, generated_by=GENERATED_BY)
    editions = given.editions
    files["changes.html"] = changes_between(
        "2024", editions["2024"], "2025-01", editions["2025-01"]).html.encode("utf-8")
    files["report.html"] = render_validation_page(
        {**given.validations[HOSTILE], "status": "failed"}, title=f"{HOSTILE}：未发布")
    written = {}
    for path, data in files.items():
        if path.endswith(".html"):
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written[path] = target
    return written


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launched()


def _offline(route: Route) -> None:
    if route.request.url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:
        route.abort()


def rendered_text(browser: Browser, page_file: Path) -> str:
    """The page's text as a browser renders it, every 详情 opened."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route("**/*", _offline)
    page.goto(page_file.as_uri())
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    text = page.locator("body").inner_text()
    context.close()
    return text


def english_left(text: str, labels: tuple[str, ...]) -> list[str]:
    """The identifiers and codes in ``text``, once the allowed English is taken out."""
    for allowed in (*ALLOWED, *labels):
        text = text.replace(allowed, " ")
    return sorted({*SNAKE_CASE.findall(text),
                   *(word for word in _WORD.findall(text) if word in CODES)})


def test_every_page_names_things_in_chinese_only(
    browser: Browser, pages: dict[str, Path], given: SiteInput
) -> None:
    assert sorted(pages) == sorted(["index.html", "editions/2024.html", "editions/2025-01.html",
                                    f"editions/{HOSTILE}.html", "changes.html", "report.html"])
    labels = (*given.editions, *(f"{label}.txt" for label in given.editions))
    for name, path in pages.items():
        text = rendered_text(browser, path)
        assert english_left(text, labels) == [], name
        assert "(Asia/Shanghai)" in text or name in ("changes.html", "report.html"), name


def test_the_words_a_page_shows_for_codes(browser: Browser, pages: dict[str, Path]) -> None:
    edition = rendered_text(browser, pages["editions/2025-01.html"])
    for words in ("功能和服务：", "删除", "对接工作量说明", "导入时间", "2026-01-03 16:30:00"):
        assert words in edition, words
    checked = rendered_text(browser, pages["editions/2024.html"])
    assert "序号不重复" in checked and "工作量表述可识别" in checked
    changes = rendered_text(browser, pages["changes.html"])
    assert "版本 2024 → 2025-01 的变更" in changes and "对接工作量上限" in changes


@pytest.mark.parametrize(("text", "left"), [
    ("序号不重复 seq_unique", ["seq_unique"]),
    ("工作量单位 person_day", ["person_day"]),
    ("变更类型 removed", ["removed"]),
    ("2026-01-02 08:30:00 UTC", ["UTC"]),
    ("基于Webservice接口的ITIL平台", []),  # an edition's own English is its text
    ("由 catalog-pipeline test 生成", []),
])
def test_english_left(text: str, left: list[str]) -> None:
    assert english_left(text, ()) == left


def test_an_opened_entry_reads_across_the_whole_table(
    browser: Browser, pages: dict[str, Path]
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route("**/*", _offline)
    page.goto(pages["editions/2024.html"].as_uri())
    page.locator("tr.entry-details[data-details='1'] summary").click()
    body = page.locator("tr.entry-details[data-details='1'] .details-body")
    assert body.is_visible() and "功能和服务" in body.inner_text()
    table = page.locator("table.entries").bounding_box()
    cell = page.locator("tr.entry-details[data-details='1'] > td").bounding_box()
    name = page.locator("tr#entry-1 td.name").bounding_box()
    assert table is not None and cell is not None and name is not None
    assert cell["width"] >= table["width"] - 8  # one cell across every column (less borders)
    assert cell["width"] > 4 * name["width"]
    context.close()
