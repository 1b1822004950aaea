"""Entry headings, their sequence checks, and label recognition."""

from __future__ import annotations

import pytest

from pipeline.errors import SegmentationError
from pipeline.models import Line
from pipeline.parse.segmentation import find_headings, match_label, split_entries


def lines_of(*texts: str) -> list[Line]:
    return [Line(text, n, 1) for n, text in enumerate(texts, start=1)]


def entries_of(*headings: str) -> list[Line]:
    """Each heading followed by the part line that makes it an entry."""
    return lines_of(*(text for heading in headings for text in (heading, "（一）资源概况")))


ENTRY = ("1. 资源名称", "甲平台", "3. 网络类型", "政务外网")


def test_headings_of_any_size() -> None:
    texts = [f"{n}、资源{i}" for i, n in enumerate(["一", "二", "三"], start=1)]
    assert [(n, t) for _, n, t in find_headings(entries_of(*texts))] == [
        (1, "资源1"), (2, "资源2"), (3, "资源3")]


def test_large_chinese_numbers_are_read() -> None:
    import cn2an

    texts = [f"{cn2an.an2cn(i)}、资源{i}" for i in range(1, 103)]
    headings = find_headings(entries_of(*texts))
    assert headings[-1][1:] == (102, "资源102")
    assert texts[-1] == "一百零二、资源102"


@pytest.mark.parametrize(
    ("texts", "line", "message"),
    [
        (("一、甲", "三、丙"), 3, "heading number 三、 (3) skips 2: numbering has a gap"),
        (("一、甲", "二、乙", "二、乙"), 5, "heading number 二、 (2) repeats an earlier number: expected 3"),
        (("一、甲", "二、乙", "三、丙", "二、丁"), 7, "heading number 二、 (2) is out of order: expected 4"),
        (("二、乙",), 1, "heading number 二、 (2) but numbering must start at 一 (1)"),
    ],
)
def test_broken_numbering_names_the_line(texts: tuple[str, ...], line: int, message: str) -> None:
    with pytest.raises(SegmentationError) as caught:
        find_headings(entries_of(*texts))
    assert (caught.value.line, caught.value.problem) == (line, message)


def test_no_headings() -> None:
    with pytest.raises(SegmentationError, match="no catalog entries found"):
        split_entries(lines_of("这是一段没有标题的文字。", "第二行。"))


def test_body_lines_and_toc_lines_are_not_headings() -> None:
    texts = ("一、甲 ………… 3", "一、甲", "1. 资源名称", "分为一、二级，共两类", "二、三级组织联动",
             "平台覆盖区", "二、乙", "（一） 资源概况")
    assert [(n, t) for _, n, t in find_headings(lines_of(*texts))] == [(1, "甲"), (2, "乙")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. 资源名称", ("name", "")),
        ("1.资源名称", ("name", "")),
        ("1．资源名称", ("name", "")),
        ("1、资源名称", ("name", "")),
        ("1. 资源名称：政务云平台", ("name", "政务云平台")),
        ("1. 资源名称 政务云平台", ("name", "政务云平台")),
        ("（1）建设单位", ("builder_unit", "")),
        ("（2）建设单位职能", ("builder_duties", "")),
        ("2. 建设单位概况", ("builder", "")),
        ("5. 对接工作量说明", ("effort", "")),
        ("联系方式：区政府服务热线 96180", ("contact", "区政府服务热线 96180")),
        ("（1）快速便捷的为使用单位提供云基础架构服务", None),
        ("资源名称的说明如下", None),
    ],
)
def test_match_label(text: str, expected: tuple[str, str] | None) -> None:
    assert match_label(text) == expected


def test_sections_collect_their_lines() -> None:
    entries = split_entries(lines_of("一、甲平台", "（一）资源概况", *ENTRY, "二、乙平台", *ENTRY))
    assert [e.title for e in entries] == ["甲平台", "乙平台"]
    assert entries[0].text_of("name") == "甲平台"
    assert entries[0].text_of("network_types") == "政务外网"
    assert entries[0].text_of("effort") is None
    assert (entries[1].line_start, entries[1].line_end) == (7, 11)
