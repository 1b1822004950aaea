"""``catalog export`` for Excel users: an edition in the vocabulary's words (Chinese headers and
values, codes kept in code columns), columns as wide as their content, ``--edition``."""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.commands import export
from pipeline.errors import PipelineError
from pipeline.ingest import ParsedEdition, publish_parsed
from pipeline.models import Resource
from pipeline.parse.sources import read_source
from pipeline.store.store import CuratedStore
from pipeline.tables import STORED_SCHEMAS
from pipeline.vocabulary import COLUMN_WORDS, readable_headers
from tests.conftest import SEED

HYPERLINK = '=HYPERLINK("x")'
#: The resources sheet's headers: every column's Chinese name, then the code columns.
RESOURCES_HEADERS = [
    "序号", "资源键", "资源名称", "建设单位", "建设单位职能", "网络类型（原文）", "基本情况",
    "配套措施", "对接实施说明", "对接工作量说明", "对接工作量下限", "对接工作量上限",
    "工作量单位", "对接工作量人天下限", "对接工作量人天上限", "工作量为约数",
    "工作量视需求而定", "工作量读取结果", "联系方式", "联系电话", "分机号", "联系人",
    "原文起始行", "原文结束行", "原文起始页", "原文结束页", "经文字识别", "识别置信度最低值",
    "识别存疑栏目", "工作量单位（代码）", "工作量读取结果（代码）", "识别存疑栏目（代码）",
]  # fmt: skip
CHANGES_HEADERS = ["原版本", "新版本", "资源键", "资源名称", "变更类型", "变更字段", "原值", "新值",
                   "变更类型（代码）", "变更字段（代码）"]  # fmt: skip


def run_export(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    export.register(parser.add_subparsers(dest="command"))
    return export.run(parser.parse_args(["export", *argv]))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, seed_resources: tuple[Resource, ...]) -> Path:
    """``e1``: the bundled edition; ``e2`` (latest): entry 26 removed, entry 1 named
    ``HYPERLINK`` (same key: a modified name)."""
    root = tmp_path_factory.mktemp("export") / "curated"
    document = read_source(SEED)
    publish_parsed(ParsedEdition(document, seed_resources), "e1", CuratedStore(root))
    hostile = (replace(seed_resources[0], name=HYPERLINK), *seed_resources[1:-1])
    publish_parsed(ParsedEdition(document, hostile), "e2", CuratedStore(root))
    return root


def test_every_exported_column_has_one_chinese_header() -> None:
    for name in export.EXPORT_TABLES:
        words = COLUMN_WORDS[name]
        assert set(STORED_SCHEMAS[name].names) <= set(words), name
        headers = readable_headers(name, STORED_SCHEMAS[name].names)
        assert len(set(headers)) == len(headers), name
    assert readable_headers("resources", STORED_SCHEMAS["resources"].names) == RESOURCES_HEADERS
    assert readable_headers("changes", STORED_SCHEMAS["changes"].names) == CHANGES_HEADERS


def test_export_xlsx_writes_the_latest_edition_in_words_with_codes_and_no_formula(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run_export("--format", "xlsx", "--curated", str(store), "--out", str(out)) == 0
    assert capsys.readouterr().out.splitlines() == [
        # 416 items - 14 of entry 26 (removed)
        f"e2: {out}/e2.xlsx (resources 25 rows, resource_items 402 rows, effort_components 40 "
        "rows, changes 2 rows)"]
    workbook = load_workbook(out / "e2.xlsx")
    assert workbook.sheetnames == ["资源条目", "条目明细", "工作量分项", "变更记录"]
    resources, items, changes = workbook["资源条目"], workbook["条目明细"], workbook["变更记录"]
    assert [c.value for c in resources[1]] == RESOURCES_HEADERS
    assert [c.value for c in items[1]] == ["资源键", "栏目", "序号", "内容", "栏目名称（原文）",
                                           "栏目（代码）"]  # fmt: skip
    assert [c.value for c in changes[1]] == CHANGES_HEADERS
    name = resources["C2"]
    assert (name.value, name.data_type) == ("'" + HYPERLINK, "s")
    assert resources["A2"].value == 1  # numbers stay numbers
    assert resources.max_row == 26
    row = {header: cell.value for header, cell in zip(RESOURCES_HEADERS, resources[2], strict=True)}
    assert (row["工作量单位"], row["工作量单位（代码）"]) == ("人天", "person_day")
    assert (row["工作量读取结果"], row["工作量读取结果（代码）"]) == ("有工作量数字", "figure")
    assert (row["工作量为约数"], row["工作量视需求而定"], row["经文字识别"]) == ("否", "否", "否")
    assert [c.value for c in items[2]] == [
        "政务云平台", "功能和服务", 1,
        "快速便捷的为使用单位提供云基础架构服务（包括开设虚拟服务器和提供公共存储资源），实现业务应用的快速部署。",
        None, "functions"]
    assert [[c.value for c in r] for r in changes.iter_rows(min_row=2)] == [
        ["e1", "e2", "大数据信息资源共享库", "大数据信息资源共享库", "删除", None, None, None, "removed", None],
        ["e1", "e2", "政务云平台", "'" + HYPERLINK, "修改", "资源名称", "政务云平台", "'" + HYPERLINK,
         "modified", "name"],
    ]  # fmt: skip
    assert not [c for sheet in workbook for r in sheet.iter_rows() for c in r if c.data_type == "f"]


def test_every_workbook_column_is_as_wide_as_its_content(store: Path, tmp_path: Path) -> None:
    assert run_export("--format", "xlsx", "--curated", str(store), "--out", str(tmp_path)) == 0
    workbook = load_workbook(tmp_path / "e2.xlsx")
    resources, items = workbook["资源条目"], workbook["条目明细"]
    # 序号: the header (two Chinese characters, 4 widths) + 2; 基本情况: long text, capped at 60
    assert resources.column_dimensions["A"].width == 6
    assert resources.column_dimensions["G"].width == export.MAX_WIDTH == 60
    # 栏目: its widest value 全部联系电话 (6 Chinese characters, 12 widths) + 2
    assert items.column_dimensions["B"].width == 14
    # 栏目（代码）: supporting_docs, 15 characters + 2
    assert items.column_dimensions["F"].width == 17


@pytest.mark.parametrize(("text", "width"), [
    ("", 0), ("seq", 3), ("序号", 4), ("2 人天", 6), ("第一行\nab", 6), ("ＡＢ", 4),
])
def test_display_width_counts_a_chinese_character_twice(text: str, width: int) -> None:
    assert export.display_width(text) == width


def test_export_csv_writes_one_safe_file_per_table_in_words(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    seed_resources: tuple[Resource, ...],
) -> None:
    out = tmp_path / "out"
    assert run_export("--format", "csv", "--curated", str(store), "--out", str(out)) == 0
    names = ["resources", "resource_items", "effort_components", "changes"]
    assert capsys.readouterr().out.splitlines() == [
        f"e2: {out}/e2-{name}.csv ({rows} rows)"
        for name, rows in zip(names, (25, 402, 40, 2), strict=True)]
    assert sorted(os.listdir(out)) == sorted(f"e2-{name}.csv" for name in names)
    data = (out / "e2-resources.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + ",".join(RESOURCES_HEADERS).encode() + b"\n")
    lines = data.decode("utf-8-sig").splitlines()
    key = seed_resources[0].resource_key
    assert lines[1].startswith(f"1,{key},\"'=HYPERLINK(\"\"x\"\")\",")  # quoted, marked
    # whole numbers stay whole (not 78.0 beside a null); a text layer: not OCR'd, no doubts;
    # the codes last
    assert lines[1].endswith(",1,78,1,2,否,,,person_day,figure,")
    changes = (out / "e2-changes.csv").read_text("utf-8-sig").splitlines()
    assert changes[1] == "e1,e2,大数据信息资源共享库,大数据信息资源共享库,删除,,,,removed,"


def test_export_edition_exports_the_one_named(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run_export("--format", "csv", "--edition", "e1", "--curated", str(store),
                      "--out", str(out)) == 0  # fmt: skip
    assert capsys.readouterr().out.splitlines() == [
        f"e1: {out}/e1-{name}.csv ({rows} rows)" for name, rows in
        zip(export.EXPORT_TABLES, (26, 416, 41, 0), strict=True)]  # fmt: skip
    changes = (out / "e1-changes.csv").read_text("utf-8-sig").splitlines()
    assert changes == [",".join(CHANGES_HEADERS)]  # the first edition: no changes


def test_export_of_an_unknown_edition_names_the_published_ones(store: Path, tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"edition '2030' is not published here "
                                            r"\(published: e1, e2\)"):
        run_export("--format", "xlsx", "--edition", "2030", "--curated", str(store),
                   "--out", str(tmp_path))
    assert os.listdir(tmp_path) == []


def test_export_refuses_a_store_without_editions(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match="no published editions"):
        run_export("--format", "csv", "--curated", str(tmp_path))
