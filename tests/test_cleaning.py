"""Cleaning rules, one row per artefact of PDF export."""

from __future__ import annotations

import pytest

from pipeline.models import Line, SourceLine
from pipeline.parse.cleaning import clean_lines, clean_text, is_page_number, join_wrapped


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("商网 关，使 用全 区统一 的公众 短信 服务号 ，包括", "商网关，使用全区统一的公众短信服务号，包括"),
        ("（二） 对接说明", "（二）对接说明"),
        ("划图、四大专题 、道路", "划图、四大专题、道路"),
        (" 署。", "署。"),
        ("SSL VPN 接入", "SSL VPN 接入"),
        ("智能 DNS 服务", "智能 DNS 服务"),
        ("厦门 e 通卡模块", "厦门 e 通卡模块"),
        ("2 人天工作量", "2 人天工作量"),
        ("１５－３０ 人天", "15-30 人天"),
        ("1.  资源名称", "1. 资源名称"),
        ("“信息”“服务” 栏目", "“信息”“服务”栏目"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("line", "expected"),
    [("26", True), (" 35 ", True), ("- 3 -", True), ("第 3 页", True), ("3/56", True),
     ("第3页 共56页", True), ("96180", False), ("2 人天", False), ("一、政务", False)],
)
def test_is_page_number(line: str, expected: bool) -> None:
    assert is_page_number(line) is expected


def test_clean_lines_drops_blanks_and_page_numbers_and_keeps_provenance() -> None:
    lines = [SourceLine("甲 乙", 1, 1), SourceLine("", 2, 1),
             SourceLine("26", 3, 1, furniture=True), SourceLine(" 丙", 4, 2),
             SourceLine("2024", 5, 2)]
    assert clean_lines(lines) == [Line("甲乙", 1, 1), Line("丙", 4, 2), Line("2024", 5, 2)]


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["实现业务应用的快速部", "署。"], "实现业务应用的快速部署。"),
        (["实施工作量在 15-30 人", "天之间。"], "实施工作量在 15-30 人天之间。"),
        (["提供短信收发功能的", "webservice 接口"], "提供短信收发功能的webservice 接口"),
        (["Ms SQL", "Server"], "Ms SQL Server"),
        ([], ""),
    ],
)
def test_join_wrapped(parts: list[str], joined: str) -> None:
    assert join_wrapped(parts) == joined
