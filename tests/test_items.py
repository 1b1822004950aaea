"""``split_items``: one item per entry of a list, in every numbering style districts write, and
never a split inside an item's own numbers, versions or brackets."""

from __future__ import annotations

import pytest

from extractors.items import MARKER_STYLES, list_text, split_items


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # （1） and ① inline in one paragraph
        ("（1）提供A；（2）提供B；（3）提供C。", ("提供A", "提供B", "提供C。")),
        ("（1）提供A。（2）提供B。", ("提供A。", "提供B。")),
        ("①提供A②提供B③提供C", ("提供A", "提供B", "提供C")),
        ("⑴提供A⑵提供B", ("提供A", "提供B")),
        ("（1）甲1）乙", ("甲1）乙",)),  # the style is fixed by the first marker
        # 一是…二是…
        ("一是提供A；二是提供B；三是提供C。", ("提供A", "提供B", "提供C。")),
        ("一是加强数据共享，二是完善接口规范", ("加强数据共享", "完善接口规范")),
        ("一是统一是基础；二是规范", ("统一是基础", "规范")),
        ("一是提供A其二是B", ("提供A其二是B",)),  # 二是 not after a separator
        ("唯一是它；二是乙", ("唯一是它；二是乙",)),  # 二是 after ；: numbered, not a ； list
        # 1）… and 1)…
        ("1）提供甲2）提供乙3）提供丙", ("提供甲", "提供乙", "提供丙")),
        ("1）支持IPv6 2）提供B", ("支持IPv6", "提供B")),  # join_wrapped's space
        ("1）提供A2）提供B", ("提供A2）提供B",)),  # glued to a Latin letter: text
        ("1)提供A；2)提供B", ("提供A", "提供B")),
        ("1）提供A（见2）提供B", ("提供A（见2）提供B",)),  # inside brackets
        ("1）提供A3）提供B", ("提供A3）提供B",)),  # 3 does not continue the sequence
        # 1.… and 1、… at a list start
        ("1.提供A；2.提供B。", ("提供A", "提供B。")),
        ("1. 提供A； 2. 提供B", ("提供A", "提供B")),
        ("1.提供V2.0接口；2.提供B", ("提供V2.0接口", "提供B")),
        ("1.提供1.5G带宽。2.提供B", ("提供1.5G带宽。", "提供B")),
        ("1.升级至2.提供B", ("升级至2.提供B",)),  # 2. glued to text, not after a separator
        ("1、提供A，3、5个工作日；2、提供B", ("提供A，3、5个工作日", "提供B")),
        ("1、办理时限3、5个工作日。2、提供B", ("办理时限3、5个工作日。", "提供B")),
        ("1、提供A\n2、提供B\n3、提供C", ("提供A", "提供B", "提供C")),
        ("1.5个工作日内完成", ("1.5个工作日内完成",)),
        ("2.提供A；提供B", ("2.提供A；提供B",)),  # numbered, though not from 1: one item
        # 一、… (Word's numbering, one per line, joined)
        ("一、提供A二、提供B三、提供C", ("提供A", "提供B", "提供C")),
        ("一、二级告警推送", ("一、二级告警推送",)),
        ("十、提供A", ("十、提供A",)),
        # ；-separated sentences without numbering
        ("提供A；提供B；提供C。", ("提供A", "提供B", "提供C。")),
        ("区直各部门；各镇街。", ("区直各部门", "各镇街。")),
        ("提供A（含B；C）；提供D", ("提供A（含B；C）", "提供D")),
        ("《甲；乙》；丙", ("《甲；乙》", "丙")),
        ("【甲；乙】", ("【甲；乙】",)),
        ("统一、规范；提供B", ("统一、规范", "提供B")),
        ("提供A；", ("提供A",)),
        ("提供A，提供B。", ("提供A，提供B。",)),
        ("单句没有分号。", ("单句没有分号。",)),
        ("全区各政务部门、各镇街", ("全区各政务部门、各镇街",)),
        ("甲；（2）乙", ("甲；（2）乙",)),  # a marker after a separator: numbered, not a ； list
        # whitespace and nothing
        ("   ", ()),
    ],
)
def test_split_items(text: str, items: tuple[str, ...]) -> None:
    assert split_items(text) == items


def test_marker_styles_are_named_once() -> None:
    names = [style.name for style in MARKER_STYLES]
    assert names == [
        "bracketed", "circled", "parenthesized", "half_bracketed", "dotted",
        "enumeration_comma", "chinese_comma", "chinese_ordinal",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "marker", "value"),
    [
        ("bracketed", "（12）", 12), ("circled", "⑤", 5), ("parenthesized", "⑶", 3),
        ("half_bracketed", "4）", 4), ("dotted", "7.", 7), ("enumeration_comma", "2、", 2),
        ("chinese_comma", "十一、", 11), ("chinese_ordinal", "三是", 3),
    ],
)  # fmt: skip
def test_marker_style_reads_its_number(name: str, marker: str, value: int) -> None:
    style = next(s for s in MARKER_STYLES if s.name == name)
    found = style.pattern.match(marker + "提供")
    assert found is not None and style.value(found.group("num")) == value


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # Word's automatic numbering: one item a paragraph, no punctuation between them
        (("1.提供查询", "2.提供统计"), ("提供查询", "提供统计")),
        (("1、提供查询", "2、提供统计", "3、提供下载"), ("提供查询", "提供统计", "提供下载")),
        # a hard-wrapped item: its second line joins it with no separator
        (("（1）快速便捷的为使用单位提供云基础架构服", "务；", "（2）申请弹性调整"),
         ("快速便捷的为使用单位提供云基础架构服务", "申请弹性调整")),
        # a wrapped line that only looks like a marker stays inside its item
        (("1.接入时需提供", "2、3号机房的网络拓扑", "2.开通账号"),
         ("接入时需提供2、3号机房的网络拓扑", "开通账号")),
        # Latin words meeting at a wrap keep their space
        (("1.提供 SSL", "VPN 接入", "2.提供 API"), ("提供 SSL VPN 接入", "提供 API")),
    ],
)
def test_list_text_keeps_item_lines_apart(lines: tuple[str, ...], expected: tuple[str, ...]) -> None:
    assert split_items(list_text(lines)) == expected
