"""Shapes other districts' editions use (issue 9): labels, page numbers, contacts, networks.

Each table row is one shape, asserted exactly on the pure function that reads it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from extractors.contact import Contact, Phone, extract_contact
from extractors.network import extract_network_types
from pipeline.errors import SegmentationError
from pipeline.models import Line
from pipeline.parse.cleaning import clean_lines
from pipeline.parse.segmentation import is_part, match_label, split_entries
from pipeline.parse.sources.text import paginate
from tests.conftest import SEED


def lines_of(*texts: str) -> list[Line]:
    return [Line(text, n, 1) for n, text in enumerate(texts, start=1)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（二）对接说明：", True),
        ("（二）对接说明:", True),
        ("(二)对接说明", True),
        ("( 一 ) 资源概况", True),
        ("（一）资源概况", True),
        ("（二）对接说明如下", False),
        ("（1）建设单位", False),
    ],
)
def test_part_labels(text: str, expected: bool) -> None:
    assert is_part(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1、资源名称", ("name", "")),
        ("1．资源名称", ("name", "")),
        ("1.资源名称：集美云平台", ("name", "集美云平台")),
        ("3. 网络类型：政务外网", ("network_types", "政务外网")),
        ("3. 网络类型:政务外网、互联网", ("network_types", "政务外网、互联网")),
        ("6. 联系方式：联系人：李工", ("contact", "联系人：李工")),
        ("（1）建设单位：区大数据中心", ("builder_unit", "区大数据中心")),
        ("(2)建设单位职能", ("builder_duties", "")),
    ],
)
def test_label_shapes(text: str, expected: tuple[str, str]) -> None:
    assert match_label(text) == expected


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u200d", "\u00ad", "\u202a"])
def test_invisible_characters_do_not_hide_a_label(invisible: str) -> None:
    cleaned = clean_lines(paginate(f"1. 资{invisible}源名称\n政务{invisible}云平台\n"))
    assert match_label(cleaned[0].text) == ("name", "")
    assert cleaned[1].text == "政务云平台"


def test_full_width_label_number_after_cleaning() -> None:
    cleaned = clean_lines(paginate("１．资源名称\n"))
    assert match_label(cleaned[0].text) == ("name", "")


def test_part_with_colon_does_not_leak_into_the_section_before() -> None:
    entries = split_entries(lines_of(
        "一、甲平台", "（一）资源概况：", "1. 资源名称", "甲平台", "3. 网络类型", "政务外网",
        "(二)对接说明：", "6. 联系方式", "96180"))
    assert entries[0].text_of("network_types") == "政务外网"
    assert entries[0].text_of("contact") == "96180"


FILLER = [f"第{n}行正文内容。" for n in range(40)]


def page_lines(text: str) -> list[tuple[int, str]]:
    return [(line.page, line.text.strip()) for line in paginate(text)
            if line.text.strip() and not line.furniture]


@pytest.mark.parametrize(
    ("before", "number", "after", "page_number"),
    [
        ("系统于", "2024", "年建成", False),  # inside a paragraph: content
        ("共接入", "15", "个部门的数据", False),
        ("短信等多种会话方式。", "26", "（2）电子通讯录", True),  # after a sentence's end
        ("区政府服务热线 96180", "35", "十七、城市三维基础地图", True),  # before a heading
        ("平台提供", "12", " 接口服务", True),  # the next line starts a page
        ("平台提供", "- 12 -", "接口服务", True),  # only a bare number can be content
    ],
)
def test_lone_number_inside_a_paragraph_is_content(
    before: str, number: str, after: str, page_number: bool
) -> None:
    text = "\n".join([*FILLER, before, number, after, *FILLER])
    texts = [t for _, t in page_lines(text)]
    assert (number.strip() not in texts) is page_number


def test_pages_start_at_one_leading_space_and_after_page_numbers() -> None:
    text = "\n".join(["一、甲", *FILLER[:10], " 续页。", *FILLER[:10], "26", "下一页",
                      *FILLER[:10], " 第四页", *FILLER[:10]])
    pages = {t: page for page, t in page_lines(text)}
    assert (pages["一、甲"], pages["续页。"], pages["下一页"], pages["第四页"]) == (1, 2, 3, 4)


def test_ideographic_indent_is_a_paragraph_not_a_page() -> None:
    paragraphs = [text for n in range(12) for text in (f"　　第{n}段开头，", f"第{n}段续行。")]
    lines = paginate("\n".join(["一、甲", *paragraphs]))
    assert {line.page for line in lines} == {1}


def test_prefix_used_by_too_many_lines_indents_paragraphs() -> None:
    paragraphs = [text for n in range(12) for text in (f" 第{n}段开头，", f"第{n}段续行。")]
    assert {line.page for line in paginate("\n".join(["一、甲", *paragraphs]))} == {1}


@pytest.mark.parametrize(
    ("text", "phones", "person"),
    [
        ("区政府服务热线 96180", [("96180", None)], None),
        ("（0592）6051234", [("05926051234", None)], None),
        ("(0592) 6051234", [("05926051234", None)], None),
        ("0592-6051234 转 8012", [("05926051234", "8012")], None),
        ("0592-6051234-8012", [("05926051234", "8012")], None),
        ("电话：0592-6051234 分机 12", [("05926051234", "12")], None),
        ("13812345678", [("13812345678", None)], None),
        ("手机：138 1234 5678", [("13812345678", None)], None),
        ("+86 13812345678", [("13812345678", None)], None),
        ("05926051234", [("05926051234", None)], None),
        ("0592-6051234；0592-6215678", [("05926051234", None), ("05926215678", None)], None),
        ("0592-6051234、13912345678", [("05926051234", None), ("13912345678", None)], None),
        ("联系人：李工，电话：0592-6212345", [("05926212345", None)], "李工"),
        ("联系人:王小明 13812345678", [("13812345678", None)], "王小明"),
        ("12345 政务服务便民热线", [("12345", None)], None),
        ("CGCS2000 坐标", [], None),
        ("2024年5月", [], None),
    ],
)
def test_contacts(text: str, phones: list[tuple[str, str | None]], person: str | None) -> None:
    assert extract_contact(text) == Contact(tuple(Phone(n, e) for n, e in phones), person)


def test_phone_item_text_keeps_the_extension_apart() -> None:
    assert Phone("05926051234", "8012").item_text == "05926051234;ext=8012"
    assert Phone("96180").item_text == "96180"


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("电子政务外网", ("政务外网",)),
        ("政务外网（电子政务外网）", ("政务外网",)),
        ("政务外网(电子政务外网)、互联网", ("政务外网", "互联网")),
        ("政务外网/互联网", ("政务外网", "互联网")),
        ("政务外网和互联网", ("政务外网", "互联网")),
        ("政务外网，政务内网", ("政务外网", "政务内网")),
        ("政务外网、视频专网", ("政务外网", "视频专网")),
        ("视频专网（公安、交警）", ("视频专网（公安、交警）",)),
        ("互联网（公网）", ("互联网",)),
    ],
)
def test_network_shapes(text: str, types: tuple[str, ...]) -> None:
    assert extract_network_types(text) == types


ENTRY_BODY = ("（一）资源概况", "1. 资源名称", "X", "3. 网络类型", "政务外网", "（二）对接说明",
              "1. 功能和服务", "（1）甲", "6. 联系方式", "96180")


def edition(last_heading: str) -> list[Line]:
    return lines_of("一、甲平台", *ENTRY_BODY, "二、乙平台", *ENTRY_BODY, last_heading, *ENTRY_BODY)


@pytest.mark.parametrize(
    "heading", ["3、丙平台", "三，丙平台", "三.丙平台", "丙平台"]
)
def test_mistyped_last_heading_is_refused_naming_its_line(heading: str) -> None:
    with pytest.raises(SegmentationError) as caught:
        split_entries(edition(heading))
    assert caught.value.line == 23
    assert caught.value.problem == (
        "entry 2 (乙平台) repeats '（一）资源概况' (line 24): two entries are merged; is this "
        f"line, '{heading}', a mistyped heading? (write it like '三、…')"
    )


def test_repeated_label_without_a_part_is_refused() -> None:
    lines = lines_of("一、甲平台", "1. 资源名称", "甲", "3. 网络类型", "政务外网", "1. 资源名称", "乙")
    with pytest.raises(SegmentationError, match=r"repeats '1. 资源名称' \(line 6\)") as caught:
        split_entries(lines)
    assert caught.value.line == 5


def test_wrong_last_number_is_a_gap() -> None:
    with pytest.raises(SegmentationError, match="skips 3: numbering has a gap") as caught:
        split_entries(edition("四、丙平台"))
    assert caught.value.line == 23


HEADER = "厦门市海沧区政务信息共享资源目录"
FOOTER = "海沧区社会治理联动中心 编制"


def as_pdf_to_text(text: str, header: bool, footer: bool) -> str:
    """The edition as a PDF-to-text tool writes it: each page after a form feed, with the
    PDF's running header on top, its running footer and its page number at the foot."""
    pages: dict[int, list[str]] = {}
    for line in paginate(text):
        if not line.furniture:
            pages.setdefault(line.page, []).append(line.text.strip())
    out = []
    for number, lines in sorted(pages.items()):
        body = [line for line in lines if line]
        out.append("\f" + (f"{HEADER}\n" if header else "") + "\n".join(body)
                   + (f"\n{FOOTER}" if footer else "") + f"\n第 {number} 页 共 {len(pages)} 页")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize(("header", "footer"), [(True, False), (False, True), (True, True)])
def test_running_headers_and_footers_of_a_text_export_are_not_content(
    header: bool, footer: bool, seed_resources: tuple, tmp_path: Path
) -> None:
    from pipeline.parse.document import parse_document
    from pipeline.parse.sources import read_source

    path = tmp_path / "export.txt"
    path.write_text(as_pdf_to_text(SEED.read_text(encoding="utf-8"), header, footer), "utf-8")
    document = read_source(path)
    assert document.pages == 52
    resources = parse_document(document)
    provenance = ("line_start", "line_end")
    assert [replace(r, **dict.fromkeys(provenance, 0)) for r in resources] == [
        replace(r, **dict.fromkeys(provenance, 0)) for r in seed_resources]
    texts = [line.text for line in document.lines if not line.furniture]
    assert not any(HEADER in text or FOOTER in text for text in texts)
