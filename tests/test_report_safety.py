"""What a person reads shows edition text as written: Markdown and HTML reports, the CSV a
spreadsheet opens, the terminal, and keys that invisible characters cannot split."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from normalizers.canonical import resource_key
from pipeline.changes.diff import EditionDiff, EditionTables, diff_editions
from pipeline.changes.report import change_report, markdown_text, render_markdown
from pipeline.cli import main
from pipeline.commands.diff import spreadsheet_cell
from pipeline.models import Resource
from pipeline.parse.sources import read_source
from pipeline.site import render_changes_page
from pipeline.store.store import CuratedStore
from pipeline.tables import build_tables
from pipeline.terminal import for_terminal
from tests.conftest import SEED
from tests.edition_edits import BASE_TIME

# its module fixture is built once, on one worker, not once on each
pytestmark = pytest.mark.xdist_group("report_safety")

SCRIPT = "<script>alert(1)</script>"
LINK = "[x](http://e.test)"
FORMULA = '=HYPERLINK("http://e.test")'
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def hostile_diff(seed_resources: tuple[Resource, ...]) -> EditionDiff:
    """The bundled edition against a copy whose entry 1 has HTML for a name and table and link
    syntax in two of its fields (same key: one modified entry)."""
    old = EditionTables.of("old", build_tables(read_source(SEED), seed_resources, BASE_TIME))
    resources = old.resources.copy()
    first = resources["seq"] == 1
    resources.loc[first, "name"] = SCRIPT
    resources.loc[first, "contact"] = "a|b"
    resources.loc[first, "builder_unit"] = LINK
    return diff_editions(old, EditionTables("new", resources, old.items))


HOSTILE_REPORT = """\
# 版本 2024-06 → 2025-01 的变更

| 变更类型 | 条目数 |
|---|---:|
| 新增 | 0 |
| 删除 | 0 |
| 改名 | 0 |
| 修改 | 1 |

## 修改（1）

### &lt;script&gt;alert(1)&lt;/script&gt;（`政务云平台`）

| 变更字段 | 原值 | 新值 |
|---|---|---|
| 资源名称 | 政务云平台 | &lt;script&gt;alert(1)&lt;/script&gt; |
| 建设单位 | 社会治理联动中心 | \\[x\\](http://e.test) |
| 联系方式 | 区政府服务热线 96180 | a\\|b |
"""


def test_markdown_report_shows_html_table_and_link_syntax_as_text(
    hostile_diff: EditionDiff,
) -> None:
    assert render_markdown(hostile_diff, "2024-06", "2025-01") == HOSTILE_REPORT


def test_markdown_report_escapes_edition_labels_in_its_title(hostile_diff: EditionDiff) -> None:
    title = render_markdown(hostile_diff, "2024_06", "<b>2025</b>").split("\n")[0]
    assert title == "# 版本 2024\\_06 → &lt;b&gt;2025&lt;/b&gt; 的变更"


@pytest.mark.parametrize(("text", "shown"), [
    ("政务外网；互联网", "政务外网；互联网"),  # Chinese text and full-width punctuation: unchanged
    ("3-5 人天，2.5 工作日", "3-5 人天，2.5 工作日"),  # figures: unchanged
    ("a & b <i>", "a &amp; b &lt;i&gt;"),
    ("&lt;", "&amp;lt;"),  # an entity in the data is shown, not decoded
    ("a|b", "a\\|b"),
    ("C:\\dir", "C:\\\\dir"),
    ("`code`", "\\`code\\`"),
    ("*粗体* _斜体_", "\\*粗体\\* \\_斜体\\_"),
    ("![img](http://e.test)", "!\\[img\\](http://e.test)"),
    ("# 标题", "\\# 标题"),
    ("第 #1 条", "第 #1 条"),  # a ``#`` inside a value starts nothing
    ("第一行\n第二行\r\n第三行\r第四行", "第一行 第二行 第三行 第四行"),
    ("名称\x1b[2J", "名称\\x1b\\[2J"),
    ("文件\u202egnp.exe", "文件\\u202egnp.exe"),
])
def test_markdown_text(text: str, shown: str) -> None:
    assert markdown_text(text) == shown


def test_html_report_escapes_every_value_and_the_title(hostile_diff: EditionDiff) -> None:
    page = render_changes_page(change_report(hostile_diff, "2024-06", "<b>2025</b>")).decode()
    assert ('<h3><span class="badge change-modified">修改</span> '
            "&lt;script&gt;alert(1)&lt;/script&gt;</h3>") in page
    assert '<dd class="diff" data-field="name"><del>政务云平台</del><ins>&lt;script&gt;' in page
    assert "<script>alert" not in page
    assert "<title>版本 2024-06 → &lt;b&gt;2025&lt;/b&gt; 的变更 · 共享资源目录</title>" in page
    assert "<b>2025" not in page


# --- catalog diff: the CSV and the terminal ---------------------------------------------------

#: Entry seq → fields changed in the second edition of ``two_editions``.
EDITS: dict[int, dict[str, str]] = {
    2: {"name": FORMULA, "resource_key": resource_key(FORMULA)},  # same content: renamed
    3: {"contact": "+1"},
    4: {"builder_unit": "@SUM(A1)"},
    5: {"contact": "-1"},
    6: {"contact": "\t制表符"},
    7: {"contact": "\x1b[2J清屏"},
}


@pytest.fixture(scope="module")
def two_editions(
    tmp_path_factory: pytest.TempPathFactory, seed_resources: tuple[Resource, ...]
) -> Path:
    """A store with the bundled edition as "old" and ``EDITS`` of it as "new" (ready-made
    tables, no quality gate: ``catalog diff`` only reads)."""
    path = tmp_path_factory.mktemp("safety") / "curated"
    document = read_source(SEED)
    edited = tuple(dataclasses.replace(r, **EDITS.get(r.seq, {})) for r in seed_resources)
    store = CuratedStore(path)
    store.write_edition_tables("old", build_tables(document, seed_resources, BASE_TIME))
    store.write_edition_tables("new", build_tables(document, edited, BASE_TIME))
    return path


def test_catalog_diff_csv_is_utf8_with_bom_and_marks_formula_cells(
    two_editions: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["diff", "old", "new", "--curated", str(two_editions), "--csv"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(BOM)
    assert out[len(BOM):].decode("utf-8").split("\n") == [
        "原版本,新版本,资源键,资源名称,变更类型,变更字段,原值,新值,变更类型（代码）,变更字段（代码）",
        'old,new,hyperlinkhttpetest,"\'=HYPERLINK(""http://e.test"")",改名,资源名称,政务网络,"\'=HYPERLINK(""http://e.test"")",renamed,name',
        "old,new,信息安全管理服务,信息安全管理服务,修改,联系方式,区政府服务热线 96180,'+1,modified,contact",
        "old,new,互联网远程接入系统,互联网远程接入系统,修改,建设单位,社会治理联动中心,'@SUM(A1),modified,builder_unit",
        "old,new,市公共服务业务协同支撑平台,市公共服务业务协同支撑平台,修改,联系方式,区政府服务热线 96180,'-1,modified,contact",
        "old,new,市政务空间信息共享服务平台,市政务空间信息共享服务平台,修改,联系方式,区政府服务热线 96180,'\t制表符,modified,contact",
        # the CSV is data: a control character is kept (a spreadsheet shows it inert)
        "old,new,监控视频资源共享平台,监控视频资源共享平台,修改,联系方式,区政府服务热线 96180,\x1b[2J清屏,modified,contact",
        "",
    ]


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("-5", "'-5"),  # numeric-looking too: every value in the change table is text
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("政务外网；互联网", "政务外网；互联网"),
    ("a=b", "a=b"),  # only the first character counts
    ("", ""),
    (None, None),
])
def test_spreadsheet_cell(cell: str | None, safe: str | None) -> None:
    assert spreadsheet_cell(cell) == safe


def test_catalog_diff_report_shows_control_characters_as_escapes(
    two_editions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "old", "new", "--curated", str(two_editions)]) == 0
    out = capsys.readouterr().out
    assert "| 联系方式 | 区政府服务热线 96180 | \\x1b\\[2J清屏 |\n" in out
    assert "| 联系方式 | 区政府服务热线 96180 | \\t制表符 |\n" in out
    assert "\x1b" not in out and "\t" not in out


# --- keys and the terminal --------------------------------------------------------------------

def test_invisible_characters_do_not_change_a_key() -> None:
    assert resource_key("智能\u200bDNS\u202e服务\x07") == resource_key("智能DNS服务") == "智能dns服务"


@pytest.mark.parametrize("invisible", [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",  # zero-width, BOM
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069",  # bidi isolates
    "\u200e", "\u200f", "\u061c",  # bidi marks
    "\x00", "\x07", "\x1b", "\x7f",  # C0, DEL
    "\x80", "\x9b", "\x9f",  # C1
])
def test_a_key_drops_control_and_format_characters(invisible: str) -> None:
    assert resource_key(f"{invisible}智能{invisible}DNS服务{invisible}") == "智能dns服务"


@pytest.mark.parametrize(("text", "shown"), [
    ("a\x1b[31mb", "a\\x1b[31mb"),
    ("x\ny", "x\\ny"),
    ("文件\u202egnp.exe", "文件\\u202egnp.exe"),
    ("普通文本", "普通文本"),
    ("tab\there", "tab\\there"),
    ("回车\r行", "回车\\r行"),
    ("\x7f\x85\x9b", "\\x7f\\x85\\x9b"),  # DEL, C1
    ("零\u200b宽\u2060\ufeff", "零\\u200b宽\\u2060\\ufeff"),
    ("\u2066隔离\u2069\u200f", "\\u2066隔离\\u2069\\u200f"),
    ("分\u2028行", "分\\u2028行"),
    ("全角，标点！（括号）👍", "全角，标点！（括号）👍"),
])
def test_for_terminal(text: str, shown: str) -> None:
    assert for_terminal(text) == shown
