"""Rebuilding a catalog's lines from PDF glyphs, without any PDF: lines, running headers and
page numbers, the table of contents, the cover and wrapped headings."""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence

import pytest

from pipeline.errors import SegmentationError
from pipeline.models import Line
from pipeline.parse.cleaning import clean_text
from pipeline.parse.segmentation import match_label, split_entries
from pipeline.parse.sources.pdf_layout import (
    PdfChar,
    PdfLine,
    PdfPage,
    _rounded_mode,
    assemble_lines,
    build_glyph_lines,
    build_lines,
    find_running_lines,
    is_bold_font,
    join_wrapped_headings,
)
from pipeline.parse.toc import check_toc, parse_toc_entry, split_toc

PAGE_HEIGHT = 842.0


def chars(text: str, x: float = 72.0, bottom: float = 100.0, size: float = 11.0,
          gap: float = 0.0) -> list[PdfChar]:
    """Glyphs of ``text`` set one after another, ``gap`` points apart; Latin glyphs half as
    wide as Chinese ones."""
    glyphs: list[PdfChar] = []
    for char in text:
        width = size / 2 if char.isascii() else size
        glyphs.append(PdfChar(char, x, x + width, bottom - size, bottom, size))
        x += width + gap
    return glyphs


def line(text: str, page: int = 1, top: float = 100.0, size: float = 11.0,
         bold: bool = False) -> PdfLine:
    return PdfLine(text, page, 72.0, 400.0, top, top + size, size, bold)


def page(number: int, *lines: PdfLine) -> PdfPage:
    return PdfPage(number, 595.0, PAGE_HEIGHT, lines, text_chars=sum(len(ln.text) for ln in lines))


# --- lines from glyphs ---------------------------------------------------------------------


def test_glyphs_are_grouped_by_baseline_and_read_left_to_right() -> None:
    glyphs = [*chars("资源名称", bottom=120.0), *reversed(chars("一、政务云平台", bottom=100.0))]
    glyphs.append(PdfChar("！", 160.0, 171.0, 110.5, 121.5, 11.0))  # 1.5 pt lower: same line
    lines = build_lines(glyphs, page=4)
    assert [(ln.text, ln.page) for ln in lines] == [("一、政务云平台", 4), ("资源名称 ！", 4)]


@pytest.mark.parametrize(
    ("glyphs", "expected"),
    [
        (chars("SSL") + chars("VPN", x=72 + 16.5 + 3.0), "SSL VPN"),  # gap of 0.27 em
        (chars("SSL VPN"), "SSL VPN"),  # a space glyph
        (chars("SSLVPN"), "SSLVPN"),  # no gap, no space
        (chars("2") + chars("人天", x=72 + 5.5 + 2.5), "2 人天"),
    ],
)
def test_spaces_come_from_gaps_and_space_glyphs(glyphs: list[PdfChar], expected: str) -> None:
    assert [ln.text for ln in build_lines(glyphs, page=1)] == [expected]


def test_justified_chinese_gaps_vanish_in_cleaning() -> None:
    (justified,) = build_lines(chars("网关，使用全", gap=3.0), page=1)
    assert justified.text == "网 关 ， 使 用 全"
    assert clean_text(justified.text) == "网关，使用全"


def test_overstruck_glyphs_are_one_bold_glyph() -> None:
    glyphs = chars("五、平台", size=20.0) + chars("五、平台", x=72.3, size=20.0)
    (heading,) = build_lines(glyphs, page=1)
    assert (heading.text, heading.bold, heading.size) == ("五、平台", True, 20.0)


@pytest.mark.parametrize(
    ("fontname", "bold"),
    [("ABCDEF+SimHei-Bold", True), ("Arial-BoldMT", True), ("FZHei-B01-Heavy", True),
     ("STSongStd-Light", False), ("ABCDEF+SimSun", False)],
)
def test_bold_font_names(fontname: str, bold: bool) -> None:
    assert is_bold_font(fontname) is bold


# --- running headers, footers and page numbers ---------------------------------------------

HEADER = "厦门市海沧区政务信息共享资源目录"


def test_running_header_and_footer_are_found_digits_aside() -> None:
    pages = [
        page(n, line(HEADER, n, top=40.0), line(f"正文第{n}页的内容", n, top=300.0),
             line(f"- {n} -", n, top=800.0))
        for n in range(1, 6)
    ]
    running = find_running_lines(pages)
    assert sorted({ln.text for ln in running}) == ["- 1 -", "- 2 -", "- 3 -", "- 4 -", "- 5 -",
                                                  HEADER]


@pytest.mark.parametrize(
    ("tops", "expected"),
    [
        ((40.0, 40.0, 40.0, 41.5, 40.0, 40.0), 6),  # a little drift is the same place
        ((40.0, 40.0, 150.0, 150.0, 150.0, 150.0), 0),  # repeated, but mostly not in the margin
        ((40.0, 40.0, None, None, None, None), 0),  # in the margin, but only on two pages
        ((40.0, 40.0, 40.0, 70.0, 70.0, 70.0), 6),  # two heights, each on half the pages
        ((40.0, 40.0, 70.0, 70.0, None, None), 0),  # two heights, each on a third
    ],
)
def test_running_lines_need_most_pages_at_one_height(
    tops: Sequence[float | None], expected: int
) -> None:
    pages = [
        page(n, *([line(HEADER, n, top=top)] if top is not None else []))
        for n, top in enumerate(tops, start=1)
    ]
    assert len(find_running_lines(pages)) == expected


@pytest.mark.parametrize("number", ["26", "- 3 -", "第 3 页", "3/56", "第 3 页 共 56 页"])
@pytest.mark.parametrize("top", [40.0, 400.0, 800.0])
def test_page_numbers_are_dropped_wherever_they_sit(number: str, top: float) -> None:
    body = [line("一、政务云平台", 1, top=100.0), line("1. 资源名称", 1, top=120.0),
            line(number, 1, top=top)]
    assert assemble_lines([page(1, *body)]).lines == (("一、政务云平台", 1), ("1. 资源名称", 1))


# --- cover and table of contents -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "leader_required", "title"),
    [
        ("一、政务云平台 ........................ 3", True, "政务云平台"),
        ("九、智能 DNS 服务……………………12", True, "智能 DNS 服务"),
        ("二十四、社会治理网格化联动信息平台 · · · · · 47", True, "社会治理网格化联动信息平台"),
        ("一、政务云平台    3", False, "政务云平台"),
        ("一、政务云平台    3", True, None),
        ("一、政务云平台", False, None),
        ("（一）资源概况 ........ 3", True, None),
    ],
)
def test_toc_entry_lines(text: str, leader_required: bool, title: str | None) -> None:
    assert parse_toc_entry(text, leader_required=leader_required) == title


def test_toc_is_taken_out_with_its_titles() -> None:
    lines = [
        line("目 录", 2, top=90.0),
        line("一、政务云平台 .............. 1", 2, top=120.0),
        line("（一）资源概况 .............. 1", 2, top=140.0),
        line("二、政务网络    3", 2, top=160.0),  # no leader, but on a TOC page
        line("三、社会治理网格化联动信息平", 2, top=180.0),  # wrapped before its leader
        line("台 .............. 5", 2, top=200.0),
        line("一、政务云平台", 3, top=90.0),
        line("分为一、二级 3", 3, top=110.0),  # body text, not a TOC page
    ]
    titles, others = split_toc(lines)
    assert titles == ("政务云平台", "政务网络", "社会治理网格化联动信息平台")
    assert [(ln.text, ln.page) for ln in others] == [("一、政务云平台", 3), ("分为一、二级 3", 3)]


def test_toc_read_by_ocr_without_leaders_or_some_page_numbers() -> None:
    """OCR drops faint leader dots, and now and then a page number: a continued TOC page has
    no 目录 title and no leader, and its first entry lost its number."""
    lines = [
        line("一、政务云主机服务", 2, top=125.0),  # its "…… 1" was not read
        line("二、政务外网接入服务 2", 2, top=144.0),
        line("三、统一身份认证平台 2", 2, top=160.0),
        line("四、电子印章服务平台 3", 2, top=178.0),
        line("一、政务云主机服务", 3, top=92.0),
        line("（一）资源概况", 3, top=108.0),
    ]
    titles, others = split_toc(lines)
    assert titles == ("政务云主机服务", "政务外网接入服务", "统一身份认证平台", "电子印章服务平台")
    assert [(ln.text, ln.page) for ln in others] == [("一、政务云主机服务", 3), ("（一）资源概况", 3)]
    # two entry lines ending in a number do not make a TOC page
    body = [line("一、甲平台 2", 5), line("二、乙平台 3", 5), line("（一）资源概况", 5)]
    assert split_toc(body) == ((), body)


def test_cover_pages_before_the_toc_are_dropped() -> None:
    pages = [
        page(1, line(HEADER, 1, top=300.0, size=26.0), line("二〇二一年三月", 1, top=560.0)),
        page(2, line("目 录", 2), line("一、政务云平台 ........ 1", 2, top=130.0)),
        page(3, line("一、政务云平台", 3), line("1. 资源名称", 3, top=120.0)),
    ]
    layout = assemble_lines(pages)
    assert layout.lines == (("一、政务云平台", 3), ("1. 资源名称", 3))
    assert layout.toc_titles == ("政务云平台",)


def test_without_toc_pages_before_the_first_heading_are_a_cover() -> None:
    pages = [page(1, line(HEADER, 1, top=300.0)),
             page(2, line("前言", 2), line("一、政务云平台", 2, top=130.0))]
    assert assemble_lines(pages).lines == (("前言", 2), ("一、政务云平台", 2))


# --- wrapped headings ----------------------------------------------------------------------

BODY = [line(f"正文第{n}行，足够长的一段文字。", 1, top=200.0 + 20 * n) for n in range(5)]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        # a large font wraps a heading: one line again
        ([line("五、市公共服务业务协同支撑平", size=20.0), line("台", top=130.0, size=20.0)],
         ["五、市公共服务业务协同支撑平台"]),
        # a bold heading in the body size, three lines
        ([line("二十四、社会治理", bold=True), line("网格化联动", top=120.0, bold=True),
          line("信息平台", top=140.0, bold=True)], ["二十四、社会治理网格化联动信息平台"]),
        # a Latin word on each side of the wrap keeps its space
        ([line("九、智能 DNS", size=20.0), line("服务", top=130.0, size=20.0)],
         ["九、智能 DNS服务"]),
        # a bold part under a bold heading is not its tail
        ([line("一、政务云平台", bold=True), line("（一）资源概况", top=120.0, bold=True)],
         ["一、政务云平台", "（一）资源概况"]),
        # a body-size, regular heading never takes the next line
        ([line("一、政务云平台"), line("政务云平台", top=120.0)], ["一、政务云平台", "政务云平台"]),
        # the next page's first line is not a heading's tail
        ([line("一、政务云平台", size=20.0), line("台", page=2, top=90.0, size=20.0)],
         ["一、政务云平台", "台"]),
    ],
)
def test_wrapped_headings_are_joined(heading: list[PdfLine], expected: list[str]) -> None:
    joined = join_wrapped_headings([*heading, *BODY])
    assert [ln.text for ln in joined[: len(joined) - len(BODY)]] == expected


# --- labels running into their content (segmentation already handles them) ----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. 资源名称：政务云平台", ("name", "政务云平台")),
        ("1. 资源名称 政务云平台", ("name", "政务云平台")),
        ("1.资源名称", ("name", "")),
        ("（1）建设单位：社会治理联动中心", ("builder_unit", "社会治理联动中心")),
        ("1. 功能和服务：（1）提供云基础架构服务", ("functions", "（1）提供云基础架构服务")),
        ("资源名称：政务云平台", ("name", "政务云平台")),
    ],
)
def test_labels_alone_or_running_into_content(text: str, expected: tuple[str, str]) -> None:
    assert match_label(text) == expected


# --- checking the body against the table of contents ---------------------------------------


def entries(*titles: str) -> list[Line]:
    texts = [t for n, title in enumerate(titles, 1) for t in (f"{_CN[n]}、{title}", "1. 资源名称")]
    return [Line(text, n, n // 2 + 1) for n, text in enumerate(texts, start=1)]


_CN = " 一二三四"


def test_toc_matching_the_body_passes_whitespace_aside() -> None:
    check_toc(("政务云平台", "智能 DNS 服务"), split_entries(entries("政务云平台", "智能DNS服务")))
    check_toc((), split_entries(entries("政务云平台")))  # no TOC: nothing to check


@pytest.mark.parametrize(
    ("toc", "body", "message", "line"),
    [
        (("甲", "乙", "丙"), ("甲", "乙"),
         "the table of contents lists 3 entries but the body has 2: entry 3 '丙' is missing "
         "from the body", None),
        (("甲",), ("甲", "乙"),
         "the table of contents lists 1 entries but the body has 2: entry 2 '乙' is not in the "
         "table of contents", None),
        (("甲", "乙", "丙"), ("甲", "丙", "丁"),
         "entry 2 is '丙' but the table of contents lists '乙'; the entries were probably "
         "split wrongly", 3),
    ],
)
def test_toc_mismatch_names_the_first_difference(
    toc: tuple[str, ...], body: tuple[str, ...], message: str, line: int | None
) -> None:
    with pytest.raises(SegmentationError) as caught:
        check_toc(toc, split_entries(entries(*body)))
    assert (caught.value.problem, caught.value.line) == (message, line)


def test_toc_of_an_ocr_read_document_allows_one_misread_character() -> None:
    body = split_entries(entries("政务外网接入服务", "统一身份认证平台"))
    check_toc(("政务外网接人服务", "统一身份认证平台"), body, misread=1)  # 入 read as 人
    with pytest.raises(SegmentationError, match="lists '政务外网接人服务'"):
        check_toc(("政务外网接人服务", "统一身份认证平台"), body)  # a text layer: exact
    with pytest.raises(SegmentationError, match="lists '政务内网接人服务'"):
        check_toc(("政务内网接人服务", "统一身份认证平台"), body, misread=1)  # two: another entry


def test_printed_page_numbers_come_from_the_dropped_lines_only() -> None:
    """The number each page prints is read from the page-number lines dropped (not running on
    two pages), never from a bare number that is content; a long document (300 pages) takes
    the same path (the dropped lines are found by set membership, not by scanning a list)."""
    pages = [
        page(1, line("一、政务云平台", 1, top=100.0), line("系统于", 1, top=120.0),
             line("2024", 1, top=140.0), line("年建成", 1, top=160.0), line("- 7 -", 1, top=800.0)),
        page(2, line("正文", 2, top=100.0), line("- 8 -", 2, top=800.0)),
    ]
    layout = assemble_lines(pages)
    assert layout.lines == (("一、政务云平台", 1), ("系统于", 1), ("2024", 1), ("年建成", 1),
                            ("正文", 2))
    assert layout.printed_pages == ((1, 7), (2, 8))
    many = [page(n, line(f"正文第{n}页", n, top=100.0 + n % 7), line(f"第 {n + 4} 页", n, top=400.0))
            for n in range(1, 301)]
    long = assemble_lines([page(1, line("一、政务云平台", 1, top=50.0)), *many[1:]])
    assert long.printed_pages == tuple((n, n + 4) for n in range(2, 301))
    assert len(long.lines) == 300


def test_glyph_tuples_make_the_lines_pdf_chars_make() -> None:
    """``build_glyph_lines`` (the PDFium engine's glyphs, plain tuples) and ``build_lines``
    (``PdfChar``s) are one set of rules: a line's box, its most common size rounded to a tenth
    (the first in a tie), bold from the fonts or from overstrikes, spaces from space glyphs."""
    glyphs = [
        *chars("一、平台", size=20.0), *chars("一、平台", x=72.3, size=20.0),  # overstruck
        *chars("资源 名称", bottom=130.0, size=10.5), *chars("AB", x=200.0, bottom=131.0, size=9.96),
        PdfChar("粗", 300.0, 311.0, 119.0, 130.0, 11.04, bold=True),
        PdfChar("体", 311.0, 322.0, 119.2, 130.2, 11.0, bold=True),
    ]
    tuples = [(c.text, c.x0, c.x1, c.top, c.bottom, c.size, c.bold) for c in glyphs]
    lines = build_lines(glyphs, page=2)
    assert build_glyph_lines(tuples, page=2) == lines
    assert [(ln.text, ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.bold) for ln in lines] == [
        ("一、平台", 72.0, 152.0, 80.0, 100.0, 20.0, True),  # the first copies kept
        ("资源 名称 AB 粗体", 72.0, 322.0, 119.0, 131.0, 10.5, False),
    ]


def test_a_lines_font_size_is_the_first_most_common_rounded_size() -> None:
    """``_rounded_mode`` rounds each distinct size once; it gives what ``statistics.mode`` of
    every glyph's rounded size gives, ties included, on 20,000 random rows."""
    rng = random.Random(24)
    for _ in range(20_000):
        pool = rng.sample([10.0, 10.04, 10.06, 9.96, 12.0, 11.95, 12.05, 10.5], rng.randint(1, 4))
        sizes = [rng.choice(pool) for _ in range(rng.randint(1, 12))]
        assert _rounded_mode(sizes) == statistics.mode(round(size, 1) for size in sizes), sizes
    assert _rounded_mode([10.04, 9.96, 12.0, 12.0]) == 10.0  # 10.0 twice, 12.0 twice: first
