"""The catalog site (``pipeline.site``) rendered from real tables, checked without a browser.

Three editions are built the way the store holds them: the bundled edition (``2024``); a
second (``2025-01``) without its last entry, with entry 1's effort raised from 2 to 5 人天 and a
copy of 政务网络 added as 政务网络二期; a third (``海沧.2025-06``, a label that needs URL quoting)
where entry 1 is renamed ``<script>alert(1)</script>``, its network type is
``<img src=x onerror=alert(1)>`` and entry 25's builder unit is that same ``<img>``. Each has
its change record against the one before (``pipeline.changes``) and the ``edition`` column the
store adds. ``2024`` and the third have a ``validation.json`` document; ``2025-01`` has none,
as in a store written before the documents were kept. ``tests/test_site_browser.py`` opens the
same site in Chromium.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from pipeline.change_record import changes_between
from pipeline.ingest import parse_edition
from pipeline.site import render_site, render_validation_page
from pipeline.site.charts import NO_DATA, Row, Series, bar_chart, stacked_chart, text_width
from pipeline.site.effort import effort_class, headline
from pipeline.site.highlight import MAX_DIFF_CHARS, Segment, char_diff
from pipeline.store.transaction import labelled
from pipeline.tables import STORED_SCHEMAS, build_tables, with_validation
from tests.conftest import ROOT, SEED
from tests.edition_edits import append_copy, edit_entry, remove_entry

# its module fixture is built once, on one worker, not once on each
pytestmark = pytest.mark.xdist_group("site")

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
HOSTILE = "海沧.2025-06"
HOSTILE_PAGE = "editions/海沧.2025-06.html"
HOSTILE_HREF = "editions/%E6%B5%B7%E6%B2%A7.2025-06.html"
LABELS = ["2024", "2025-01", HOSTILE]
GENERATED_BY = "catalog-pipeline test"
#: A string only Great Expectations' raw results hold: the site must never show it.
RAW_RESULTS = "GX_RAW_RESULT_SENTINEL"
SITE_FILES = ["assets/site.css", "editions/2024.html", "editions/2025-01.html", HOSTILE_PAGE,
              "index.html"]
TABLES = ("editions", "resources", "resource_items", "effort_components", "changes")


def _check(table: str, check: str, severity: str, success: bool, why: str, *,
           failing: tuple[tuple[int | None, str | None, str], ...] = (), observed: Any = None,
           guards: str = "data") -> dict[str, Any]:  # fmt: skip
    return {
        "table": table, "check": check, "severity": severity, "why": why, "guards": guards,
        "expectation": "expect_column_values_to_not_be_null", "success": success,
        "observed": observed,
        "failing": [{"seq": seq, "name": name, "detail": detail} for seq, name, detail in failing],
    }  # fmt: skip


def _document(label: str, status: str, checks: list[dict[str, Any]]) -> dict[str, Any]:
    failures = [{"expectation": c["check"], "table": c["table"], "severity": c["severity"], **f}
                for c in checks for f in c["failing"]]  # fmt: skip
    return {"edition": label, "status": status, "expectations": len(checks),
            "failures": failures, "checks": checks,
            "results": {"resources": {"results": [{"result": RAW_RESULTS,
                                                   "unexpected_list": ["__none__"]}]}}}  # fmt: skip


def validation_documents(names: Mapping[int, str]) -> dict[str, dict[str, Any]]:
    """``2024``: one failed warning on entries 18 and 20 (with GX's ``__none__``), passed
    checks with an observed count and GX's ``<DATAFRAME>``; the hostile edition: its failed
    network type check naming entry 1. ``2025-01`` has none."""
    seed_checks = [
        _check("resources", "seq_unique", "critical", True,
               "seq identifies an entry within its edition.", guards="code"),
        _check("resources", "effort_phrase_read", "warning", False,
               "Every entry states a figure for its effort.",
               failing=((18, names[18], "effort_max=__none__"),
                        (20, names[20], "effort_max=__none__"))),
        _check("editions", "one_edition_row", "critical", True,
               "An edition is described by exactly one row.", observed=1, guards="code"),
        _check("editions", "entries_match_resources", "critical", True,
               "editions.entries is the number of rows in resources.", observed="<DATAFRAME>"),
    ]  # fmt: skip
    hostile_checks = [
        _check("resource_items", "network_type_canonical", "warning", False,
               "Network types are one of the profile's networks.",
               failing=((1, SCRIPT, f"text={IMG}"),)),
        _check("resources", "has_function", "critical", True, "An entry offers functions."),
    ]  # fmt: skip
    return {"2024": _document("2024", "warnings", seed_checks),
            HOSTILE: _document(HOSTILE, "warnings", hostile_checks)}


def edition_texts() -> dict[str, str]:
    seed = SEED.read_text(encoding="utf-8")
    second = append_copy(edit_entry(remove_entry(seed, 26), 1, "2 人天", "5 人天"),
                         "政务网络", "政务网络二期")  # fmt: skip
    third = edit_entry(second, 1, "政务云平台", SCRIPT)
    third = edit_entry(third, 1, "政务外网、政务内网", IMG)
    third = edit_entry(third, 25, "行政审批管理局", IMG)
    return {"2024": seed, "2025-01": second, HOSTILE: third}


def _edition_tables(text: str, label: str, seq: int, folder: Path) -> dict[str, pa.Table]:
    path = folder / f"{label}.txt"
    path.write_text(text, encoding="utf-8")
    parsed = parse_edition(path)
    when = datetime(2026, 1, 1, 8, 30, tzinfo=UTC) + timedelta(days=seq)
    return build_tables(parsed.document, parsed.resources, when, seq)


@dataclass(frozen=True)
class SiteInput:
    """What ``render_site`` gets, and each edition's own tables (without ``edition``)."""

    tables: dict[str, pa.Table]
    validations: dict[str, dict[str, Any]]
    editions: dict[str, dict[str, pa.Table]] = field(compare=False)


def _latest(tables: Mapping[str, pa.Table], latest: bool) -> dict[str, pa.Table]:
    """The tables with ``editions.is_latest`` set, as the store's commit sets it."""
    editions = tables["editions"]
    column = editions.schema.get_field_index("is_latest")
    flag = pa.array([latest], pa.bool_())
    return {**tables, "editions": editions.set_column(column, editions.schema.field(column), flag)}


def site_input(folder: Path) -> SiteInput:
    """The three editions' tables, every edition's rows in one table per name, as the store
    hands them to the renderer."""
    verdicts = {"2024": ("warnings", 1), "2025-01": ("passed", 0), HOSTILE: ("warnings", 1)}
    editions: dict[str, dict[str, pa.Table]] = {}
    parts: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
    previous: str | None = None
    for seq, (label, text) in enumerate(edition_texts().items(), start=1):
        tables = with_validation(_edition_tables(text, label, seq, folder), *verdicts[label])
        tables = _latest(tables, label == LABELS[-1])
        editions[label] = tables
        for name, table in tables.items():
            parts[name].append(labelled(table, label))
        if previous is not None:
            change = changes_between(previous, editions[previous], label, tables)
            parts["changes"].append(labelled(change.table, label))
        previous = label
    names = {row["seq"]: row["name"] for row in editions["2024"]["resources"].to_pylist()}
    return SiteInput({name: pa.concat_tables(found) for name, found in parts.items()},
                     validation_documents(names), editions)  # fmt: skip


def digest(site: Mapping[str, bytes]) -> str:
    """One SHA-256 over every path and its bytes, in order."""
    sha = hashlib.sha256()
    for path, data in site.items():
        sha.update(f"{path}\0{len(data)}\0".encode())
        sha.update(data)
    return sha.hexdigest()


# --- a small HTML reader (the standard library's parser) -------------------------------------

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})  # fmt: skip


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        if self.tag == "br":
            return "\n"
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def own_text(self) -> str:
        """The text directly inside, not in child elements, stripped."""
        return "".join(c for c in self.children if isinstance(c, str)).strip()

    def child(self, tag: str) -> Node:
        """The first direct child element ``tag``."""
        return next(c for c in self.children if isinstance(c, Node) and c.tag == tag)

    def words(self) -> str:
        return " ".join(self.text().split())

    def walk(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        """Descendants with ``tag``, the class ``cls`` and ``attrs`` (``data_x`` → ``data-x``)."""
        wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
        return [
            node for node in self.walk()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in node.attrs.get("class", "").split())
            and all(node.attrs.get(name) == value for name, value in wanted.items())
        ]  # fmt: skip

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        (found,) = self.all(tag, cls, **attrs)
        return found


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if any(node.tag == tag for node in self.stack[1:]):
            while self.stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: bytes) -> Node:
    builder = _Builder()
    builder.feed(page.decode("utf-8"))
    builder.close()
    return builder.root


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def given(tmp_path_factory: pytest.TempPathFactory) -> SiteInput:
    return site_input(tmp_path_factory.mktemp("site-editions"))


@pytest.fixture(scope="module")
def site(given: SiteInput) -> dict[str, bytes]:
    return render_site(given.tables, given.validations, generated_by=GENERATED_BY)


def page(site: Mapping[str, bytes], path: str) -> Node:
    return parse(site[path])


def entries(site: Mapping[str, bytes], path: str) -> dict[int, Node]:
    table = page(site, path).one("table", "entries")
    return {int(row.attrs["data-seq"]): row for row in table.all("tr") if "data-seq" in row.attrs}


def chart(site: Mapping[str, bytes], path: str, key: str) -> Node:
    return page(site, path).one("svg", "chart", data_chart=key)


def tooltips(svg: Node) -> list[str]:
    return [mark.one("title").text() for mark in svg.all("rect", "mark")]


# --- the files ------------------------------------------------------------------------------

def test_the_site_has_an_index_a_page_per_edition_and_its_stylesheet(site: dict[str, bytes]) -> None:
    assert list(site) == SITE_FILES
    assert site["assets/site.css"] == (Path(__file__).parent.parent / "pipeline" / "site" / "assets"
                                       / "site.css").read_bytes()
    assert b"Noto Sans CJK SC" in site["assets/site.css"]


def test_rendering_twice_gives_the_same_bytes(given: SiteInput, site: dict[str, bytes]) -> None:
    assert render_site(given.tables, given.validations, generated_by=GENERATED_BY) == site


@pytest.mark.system  # processes of its own
def test_another_process_renders_the_same_bytes(
    given: SiteInput, site: dict[str, bytes], tmp_path: Path
) -> None:
    """No set or dict order leaks into a page: a process with another hash seed (string
    hashing, so set order, differs) renders the same site from the same editions (handed
    over pickled, so the other process only renders)."""
    handed = tmp_path / "given.pickle"
    handed.write_bytes(pickle.dumps((given.tables, given.validations)))
    code = ("import pickle, sys; from pipeline.site import render_site; "
            "from tests.test_site import GENERATED_BY, digest; "
            "tables, validations = pickle.loads(open(sys.argv[1], 'rb').read()); "
            "print(digest(render_site(tables, validations, generated_by=GENERATED_BY)))")
    done = subprocess.run([sys.executable, "-c", code, str(handed)], cwd=ROOT, check=True,
                          capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "4242"})
    assert done.stdout.split()[-1] == digest(site)


def test_the_order_of_rows_in_the_tables_does_not_change_the_site(
    given: SiteInput, site: dict[str, bytes]
) -> None:
    """The store may concatenate editions in any order: the site follows ``ingest_seq``."""
    def newest_first(table: pa.Table) -> pa.Table:
        order = sorted(range(table.num_rows), key=lambda i: -LABELS.index(table["edition"][i].as_py()))
        return table.take(order)

    shuffled = {name: newest_first(table) for name, table in given.tables.items()}
    validations = dict(reversed(list(given.validations.items())))
    assert render_site(shuffled, validations, generated_by=GENERATED_BY) == site


def test_no_page_references_anything_outside_the_site(site: dict[str, bytes]) -> None:
    for path, data in site.items():
        assert b"http://" not in data and b"https://" not in data, path
        if path.endswith(".html"):
            root = parse(data)
            for node in root.walk():
                for name in ("href", "src", "action", "srcset", "xlink:href"):
                    value = node.attrs.get(name)
                    if value is not None:
                        assert ":" not in value and not value.startswith("/"), (path, name, value)
            assert b"<script" not in data, path  # no JavaScript at all
            policy = root.one("meta", http_equiv="Content-Security-Policy").attrs["content"]
            assert "default-src 'none'" in policy and "script-src 'none'" in policy, path


def test_every_href_names_a_file_of_the_site(site: dict[str, bytes]) -> None:
    from posixpath import dirname, join, normpath
    from urllib.parse import unquote

    for path in (p for p in site if p.endswith(".html")):
        for link in parse(site[path]).all("a"):
            href = link.attrs["href"]
            target, _, fragment = href.partition("#")
            resolved = normpath(join(dirname(path), unquote(target))) if target else path
            assert resolved in site, (path, href)
            if fragment:
                assert parse(site[resolved]).all(id=fragment), (path, href)


# --- index.html -----------------------------------------------------------------------------

def test_the_index_lists_every_edition_in_order_with_its_counts(site: dict[str, bytes]) -> None:
    rows = page(site, "index.html").one("table", "editions").all("tr")[1:]
    cells = [[cell.words() for cell in row.all("td")] for row in rows]
    assert cells == [
        ["1", "2024", "2024.txt", "2026-01-02 16:30:00 (Asia/Shanghai)", "26", "通过（有警告）", "1",
         "首个版本，无可比较的上一版本"],
        ["2", "2025-01", "2025-01.txt", "2026-01-03 16:30:00 (Asia/Shanghai)", "26", "通过", "0",
         "相对 2024：新增 1 · 删除 1 · 改名 0 · 修改 1"],
        ["3", f"{HOSTILE} （最新）", f"{HOSTILE}.txt", "2026-01-04 16:30:00 (Asia/Shanghai)", "26",
         "通过（有警告）", "1", "相对 2025-01：新增 0 · 删除 0 · 改名 1 · 修改 1"],
    ]  # fmt: skip
    links = page(site, "index.html").all("a", "edition-link")
    assert [(a.text(), a.attrs["href"]) for a in links] == [
        ("2024", "editions/2024.html"), ("2025-01", "editions/2025-01.html"), (HOSTILE, HOSTILE_HREF),
    ]  # fmt: skip


def test_the_index_badges_are_coloured_by_verdict(site: dict[str, bytes]) -> None:
    badges = page(site, "index.html").one("table", "editions").all("span", "badge")
    assert [b.attrs["class"] for b in badges] == [
        "badge status-warnings", "badge status-passed", "badge status-warnings"]


def test_the_index_charts_count_entries_and_changes_per_edition(site: dict[str, bytes]) -> None:
    entries_chart = chart(site, "index.html", "entries-per-edition")
    assert tooltips(entries_chart) == ["2024：26 条", "2025-01：26 条", f"{HOSTILE}：26 条"]
    changes_chart = chart(site, "index.html", "changes-per-edition")
    assert tooltips(changes_chart) == [
        "2025-01 · 新增：1 条", "2025-01 · 删除：1 条", "2025-01 · 修改：1 条",
        f"{HOSTILE} · 改名：1 条", f"{HOSTILE} · 修改：1 条",
    ]
    assert len(changes_chart.all("g", "bar")) == 3  # the first edition's row has no segment
    for svg in (entries_chart, changes_chart):
        assert svg.attrs["role"] == "img" and svg.attrs["aria-label"] == svg.child("title").text()
    assert entries_chart.attrs["aria-label"] == f"各版本条目数：2024 26 条；2025-01 26 条；{HOSTILE} 26 条"


# --- an edition's page ------------------------------------------------------------------------

def test_the_edition_page_lists_every_entry_by_seq_and_name(
    given: SiteInput, site: dict[str, bytes]
) -> None:
    for label in LABELS:
        rows = entries(site, f"editions/{label}.html")
        expected = [(r["seq"], r["name"]) for r in given.editions[label]["resources"].to_pylist()]
        assert [(seq, row.one("td", "name").own_text()) for seq, row in rows.items()] == expected
    second = entries(site, "editions/2025-01.html")
    assert second[1].one("td", "name").own_text() == "政务云平台"
    assert second[26].one("td", "name").own_text() == "政务网络二期"


def test_an_entry_shows_its_fields_and_its_source_page_and_lines(site: dict[str, bytes]) -> None:
    row = entries(site, "editions/2024.html")[11]
    assert row.one("td", "name").own_text() == "电子政务短信服务平台"
    assert row.one("td", "unit").words() == "社会治理联动中心"
    assert row.one("td", "network").words() == "政务外网、政务内网"
    assert row.one("td", "overview").words().startswith("电子政务短信服务平台，整合移动、联通、电信")
    assert row.one("span", "headline").text() == "15 人天"
    assert "其中 应用单位 10 人天，平台单位 5 人天" in row.one("td", "effort").words()
    assert row.one("td", "contact").words() == "区政府服务热线 96180"
    assert row.one("td", "source").words() == "第 21–22 页 第 777–868 行"


def test_entries_without_an_effort_figure_are_not_stated(
    given: SiteInput, site: dict[str, bytes]
) -> None:
    rows = entries(site, "editions/2024.html")
    unstated = sorted(seq for seq, row in rows.items() if row.one("span", "headline").text() == "未注明")
    assert unstated == [18, 20]  # the data dictionary: entries 18 and 20 have no figure
    assert rows[1].one("span", "headline").text() == "2 人天"
    assert entries(site, "editions/2025-01.html")[1].one("span", "headline").text() == "5 人天"


def _builder_units(tables: Mapping[str, pa.Table]) -> Counter[str]:
    return Counter(tables["resources"].column("builder_unit").to_pylist())


def test_charts_have_one_bar_per_builder_unit(given: SiteInput, site: dict[str, bytes]) -> None:
    for label in LABELS:
        path = f"editions/{label}.html"
        units = _builder_units(given.editions[label])
        by_unit = chart(site, path, "entries-by-unit")
        assert len(by_unit.all("rect", "mark")) == len(units) == len(by_unit.all("g", "bar"))
        assert sorted(tooltips(by_unit)) == sorted(f"{unit}：{n} 条" for unit, n in units.items())
        effort = chart(site, path, "effort-by-unit")
        assert len(effort.all("g", "bar")) == len(units)
        resources = given.editions[label]["resources"].to_pylist()
        unstated = Counter(r["builder_unit"] for r in resources if r["effort_max"] is None)
        for unit, count in unstated.items():
            assert f"{unit} · 未注明：{count} 条" in tooltips(effort)
        assert sum(int(t.rsplit("：", 1)[1].split()[0]) for t in tooltips(effort)) == len(resources)


def test_the_bundled_edition_charts_in_numbers(site: dict[str, bytes]) -> None:
    path = "editions/2024.html"
    assert tooltips(chart(site, path, "entries-by-unit")) == ["社会治理联动中心：25 条", "行政审批管理局：1 条"]
    assert tooltips(chart(site, path, "network-mix")) == ["政务外网：25 条", "政务内网：13 条", "互联网：1 条"]
    assert tooltips(chart(site, path, "effort-by-unit")) == [
        "社会治理联动中心 · ≤2 人天：10 条", "社会治理联动中心 · 2–5 人天：2 条",
        "社会治理联动中心 · 5–15 人天：3 条", "社会治理联动中心 · >15 人天：4 条",
        "社会治理联动中心 · 以工作日计：4 条", "社会治理联动中心 · 未注明：2 条",
        "行政审批管理局 · >15 人天：1 条",
    ]


def test_a_changed_field_highlights_the_changed_characters(site: dict[str, bytes]) -> None:
    source = site["editions/2025-01.html"].decode("utf-8")
    changes = page(site, "editions/2025-01.html").one("section", id="changes")
    (modified,) = changes.all("div", "change", data_change="modified")
    effort_text = modified.one("dd", data_field="effort_text")
    assert [(child.tag, child.text()) for child in effort_text.children if isinstance(child, Node)] == [
        ("span", "一个单位一个应用（开设虚拟机、配置安全策略及网络配置）"), ("del", "2"), ("ins", "5"),
        ("span", " 人天工作量。")]
    assert '<dd class="diff" data-field="effort_max"><del>2</del><ins>5</ins></dd>' in source
    (removed,) = changes.all("div", "change", data_change="removed")
    assert removed.one("a").attrs["href"] == "../editions/2024.html#entry-26"
    assert removed.one("a").words() == "2024 第 26 条 大数据信息资源共享库"
    (added,) = changes.all("div", "change", data_change="added")
    assert added.one("a").attrs["href"] == "#entry-26" and added.one("a").words() == "第 26 条 政务网络二期"


def test_the_first_edition_has_no_changes(site: dict[str, bytes]) -> None:
    changes = page(site, "editions/2024.html").one("section", id="changes")
    assert changes.all("div", "change") == []
    assert "这是第一个版本，没有可比较的上一版本。" in changes.words()


# --- validation -------------------------------------------------------------------------------

def test_every_check_is_shown_with_its_severity_reason_and_outcome(site: dict[str, bytes]) -> None:
    section = page(site, "editions/2024.html").one("section", id="validation")
    rows = {row.attrs["data-check"]: [cell.words() for cell in row.all("td")]
            for row in section.all("tr") if "data-check" in row.attrs}
    assert rows == {
        # each check by its name and reason in pipeline.vocabulary, not the document's English
        "resources.effort_phrase_read": [
            "资源条目", "工作量表述可识别 防范数据缺损", "警告", "未通过",
            "规则读不懂的工作量表述保留原文、数字为空（在此列出）；该条目是未能识别而不是错误，"
            "这些表述指明需要补充的规则。",
            "第 18 条「数据管理平台」：对接工作量上限：（空） "
            "第 20 条「数据可视化综合平台」：对接工作量上限：（空）"],
        "resources.seq_unique": ["资源条目", "序号不重复 防范程序缺陷", "严重", "通过",
                                 "序号在一个版本内标识条目；序号重复说明两个条目被错误地合并或拆分。",
                                 "—"],
        "editions.one_edition_row": ["版本信息", "版本信息只有一行 防范程序缺陷", "严重",
                                     "通过 观测值：1", "一个版本由恰好一行版本信息描述。", "—"],
        "editions.entries_match_resources": ["版本信息", "条目数与资源条目一致 防范数据缺损", "严重",
                                             "通过", "版本信息中的条目数等于该版本资源条目表的行数。",
                                             "—"],
    }  # fmt: skip
    assert "共运行 4 项检查 · 通过 3 项，未通过 1 项" in section.words()
    failing = section.all("a", href="#entry-18")
    assert [a.text() for a in failing] == ["第 18 条"]


@pytest.mark.parametrize("raw", ["__none__", "<DATAFRAME>", "&lt;DATAFRAME&gt;", RAW_RESULTS,
                                 "expect_column_values", "unexpected_list"])
def test_no_page_shows_great_expectations_internals(site: dict[str, bytes], raw: str) -> None:
    for path, data in site.items():
        assert raw.encode() not in data, path


def test_an_edition_without_a_validation_document_says_so(site: dict[str, bytes]) -> None:
    section = page(site, "editions/2025-01.html").one("section", id="validation")
    assert section.one("span", "badge").text() == "通过"  # editions.validation_status
    assert "该版本的详细校验结果未保留" in section.one("p", "missing-validation").text()
    assert section.all("table") == []
    assert page(site, "editions/2024.html").one("section", id="validation").all(
        "p", "missing-validation") == []


# --- hostile text -----------------------------------------------------------------------------

def test_hostile_names_and_values_appear_only_escaped(site: dict[str, bytes]) -> None:
    for path, data in site.items():
        text = data.decode("utf-8")
        assert SCRIPT not in text and IMG not in text, path
        assert "&amp;lt;" not in text and "&amp;gt;" not in text, path  # not escaped twice
        assert "<img" not in text, path
        # every onerror is inside an escaped tag (a chart label cuts one short: ``alert…``)
        assert text.count("onerror=") == text.count("&lt;img src=x onerror=alert"), path
    hostile = site[HOSTILE_PAGE].decode("utf-8")
    assert hostile.count(SCRIPT_ESCAPED) >= 4  # entry table, rename diff, validation, aria-label
    row = entries(site, HOSTILE_PAGE)[1]
    assert row.one("td", "name").own_text() == SCRIPT
    assert row.one("td", "network").words() == IMG
    assert entries(site, HOSTILE_PAGE)[25].one("td", "unit").words() == IMG
    assert f"{IMG}：1 条" in tooltips(chart(site, HOSTILE_PAGE, "entries-by-unit"))
    assert f"{IMG}：1 条" in tooltips(chart(site, HOSTILE_PAGE, "network-mix"))
    (label,) = [t for t in chart(site, HOSTILE_PAGE, "network-mix").all("text", "label")
                if "onerror" in t.text()]
    assert (label.own_text(), label.child("title").text()) == ("<img src=x onerror=alert…", IMG)  # cut short
    renamed = page(site, HOSTILE_PAGE).one("div", "change", data_change="renamed")
    name = renamed.one("dd", data_field="name")
    assert [(c.tag, c.text()) for c in name.children if isinstance(c, Node)] == [
        ("del", "政务云平台"), ("ins", SCRIPT)]
    assert f"第 1 条「{SCRIPT}」：内容：{IMG}" in page(site, HOSTILE_PAGE).one(
        "section", id="validation").words()


# --- tables without changes ---------------------------------------------------------------------

@pytest.mark.parametrize("changes", ["empty", "absent"])
def test_a_single_edition_without_changes_renders(given: SiteInput, changes: str) -> None:
    tables = {name: labelled(table, "2024") for name, table in given.editions["2024"].items()}
    if changes == "empty":
        tables["changes"] = labelled(STORED_SCHEMAS["changes"].empty_table(), "")
    site = render_site(tables, {}, generated_by=GENERATED_BY)
    assert list(site) == ["assets/site.css", "editions/2024.html", "index.html"]
    changes_chart = chart(site, "index.html", "changes-per-edition")
    assert changes_chart.all("rect", "mark") == [] and changes_chart.one("text", "empty").text() == NO_DATA
    assert changes_chart.attrs["aria-label"].endswith(f"：{NO_DATA}")
    assert page(site, "index.html").one("td", "changes").words() == "首个版本，无可比较的上一版本"
    assert page(site, "index.html").one("span", "badge").text() == "通过（有警告）"
    assert "该版本的详细校验结果未保留" in page(site, "editions/2024.html").words()


def test_two_editions_with_an_empty_change_record_show_no_changes(given: SiteInput) -> None:
    tables = {name: pa.concat_tables([labelled(given.editions["2024"][name], label)
                                      for label in ("a", "b")])
              for name in ("editions", "resources", "resource_items", "effort_components")}
    ingest_seq = pa.array([1, 2], pa.int32())
    editions = tables["editions"]
    tables["editions"] = editions.set_column(editions.schema.get_field_index("ingest_seq"),
                                             editions.schema.field("ingest_seq"), ingest_seq)
    tables["changes"] = labelled(STORED_SCHEMAS["changes"].empty_table(), "")
    site = render_site(tables, {}, generated_by=GENERATED_BY)
    assert page(site, "index.html").all("td", "changes")[1].words() == "相对 a：新增 0 · 删除 0 · 改名 0 · 修改 0"
    assert "相对 a 没有变更。" in page(site, "editions/b.html").one("section", id="changes").words()


# --- the page of a refused edition ------------------------------------------------------------

def test_a_validation_page_is_self_contained_and_escaped(given: SiteInput) -> None:
    document = {**given.validations[HOSTILE], "status": "failed"}
    data = render_validation_page(document, title=f"{HOSTILE}: refused")
    text = data.decode("utf-8")
    assert "<style>" in text and "<link" not in text and "Noto Sans CJK SC" in text
    assert SCRIPT not in text and IMG not in text and "&amp;lt;" not in text
    assert "http://" not in text and "https://" not in text and RAW_RESULTS not in text
    root = parse(data)
    assert root.one("h1").text() == f"{HOSTILE}: refused"
    assert root.one("span", "badge", **{"class": "badge status-failed"}).text() == "未通过（已隔离）"
    (row,) = [r for r in root.all("tr") if r.attrs.get("data-check") == "resource_items.network_type_canonical"]
    assert row.all("td")[-1].words() == f"第 1 条「{SCRIPT}」：内容：{IMG}"
    assert root.all("a") == []  # the page stands alone


def test_a_validation_document_with_failures_only_lists_them() -> None:
    document = {"edition": "old", "status": "failed", "expectations": 35, "failures": [
        {"expectation": "has_function", "table": "resources", "severity": "critical", "seq": 14,
         "name": "空间地理信息共享平台", "detail": "function_count=0"}]}
    root = parse(render_validation_page(document, title="old: refused"))
    assert "只记录了未通过的检查" in root.words()
    assert [[c.words() for c in row.all("td")] for row in root.all("tr", "failed-check")] == [
        ["资源条目", "有功能和服务", "严重", "第 14 条「空间地理信息共享平台」：功能和服务条数：0"]]


# --- the pure parts -----------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "segments"), [
    ("2 人天", "5 人天", [("del", "2"), ("ins", "5"), ("same", " 人天")]),
    ("政务云平台", "政务云平台二期", [("same", "政务云平台"), ("ins", "二期")]),
    ("政务外网、政务内网", "政务外网", [("same", "政务外网"), ("del", "、政务内网")]),
    (None, "互联网", [("ins", "互联网")]),
    ("互联网", None, [("del", "互联网")]),
    ("相同", "相同", [("same", "相同")]),
    (None, None, []),
])
def test_char_diff(old: str | None, new: str | None, segments: list[tuple[str, str]]) -> None:
    assert char_diff(old, new) == tuple(Segment(kind, text) for kind, text in segments)  # type: ignore[arg-type]


def test_a_very_long_change_is_shown_whole() -> None:
    old, new = "甲" * MAX_DIFF_CHARS, "乙" * 10
    assert char_diff(old, new) == (Segment("del", old), Segment("ins", new))


@pytest.mark.parametrize(("low", "high", "unit", "reading", "approximate", "open_ended", "text", "notes"), [
    (2.0, 2.0, "person_day", "figure", False, False, "2 人天", ()),
    (15.0, 30.0, "person_day", "figure", False, False, "15–30 人天", ()),
    (1.5, 1.5, "working_day", "figure", False, False, "1.5 工作日", ()),
    (None, 2.0, "working_day", "figure", False, False, "≤2 工作日", ()),
    (2.0, 2.0, "person_day", "figure", True, False, "约 2 人天", ()),
    (2.0, 2.0, "person_day", "figure", False, True, "2 人天", ("部分视需求而定",)),
    (3.0, 3.0, "month", "figure", False, False, "3 个月", ()),
    (0.0, 0.0, None, "zero", False, False, "0（无需工作量）", ()),
    (None, None, None, "open_ended", False, True, "未注明", ("视实际需求而定",)),
    (None, None, None, "unread", False, False, "未注明", ("表述未能识别",)),
    (None, None, None, "absent", False, False, "未注明", ("未说明工作量",)),
])
def test_headline(low: float | None, high: float | None, unit: str | None, reading: str,
                  approximate: bool, open_ended: bool, text: str, notes: tuple[str, ...]) -> None:
    shown = headline(low, high, unit, reading, approximate, open_ended)
    assert (shown.text, shown.notes) == (text, notes)


@pytest.mark.parametrize(("high", "unit", "reading", "label"), [
    (2.0, "person_day", "figure", "≤2 人天"),
    (2.5, "person_day", "figure", "2–5 人天"),
    (5.0, "person_day", "figure", "2–5 人天"),
    (15.0, "person_day", "figure", "5–15 人天"),
    (30.0, "person_day", "figure", ">15 人天"),
    (3.0, "working_day", "figure", "以工作日计"),
    (1.0, "month", "figure", "以月计"),
    (2.0, "fortnight", "figure", "其他单位"),
    (0.0, None, "zero", "无需工作量"),
    (None, None, "open_ended", "未注明"),
])
def test_effort_class(high: float | None, unit: str | None, reading: str, label: str) -> None:
    assert effort_class(high, None, unit, reading).label == label


def test_a_bar_chart_scales_the_longest_bar_to_the_plot() -> None:
    drawn = bar_chart("units", "各建设单位条目数", [("社会治理联动中心", 25), ("行政审批管理局", 1), ("空", 0)])
    assert [len(row.marks) for row in drawn.rows] == [1, 1, 0]
    long, short = drawn.rows[0].marks[0], drawn.rows[1].marks[0]
    assert long.x == short.x and round(long.width / short.width) == 25
    assert long.x + long.width <= drawn.width - 50
    assert long.x >= text_width("社会治理联动中心")
    assert drawn.description == "各建设单位条目数：社会治理联动中心 25 条；行政审批管理局 1 条；空 0 条"


def test_a_stacked_chart_puts_segments_end_to_end() -> None:
    series = [Series("新增", "#0a0"), Series("删除", "#a00")]
    drawn = stacked_chart("changes", "变更", series, [Row("2025", (2, 1)), Row("2024", (0, 0))])
    first, second = drawn.rows[0].marks
    assert second.x == pytest.approx(first.x + first.width, abs=0.1)
    assert (first.tooltip, second.tooltip) == ("2025 · 新增：2 条", "2025 · 删除：1 条")
    assert drawn.rows[1].marks == () and drawn.mark_count == 2 and len(drawn.legend) == 2


@pytest.mark.parametrize("rows", [[], [("a", 0), ("b", 0)]])
def test_a_chart_without_data_is_empty(rows: list[tuple[str, int]]) -> None:
    drawn = bar_chart("x", "标题", rows)
    assert drawn.empty and drawn.rows == () and drawn.description == f"标题：{NO_DATA}"


def test_a_long_label_is_shortened_with_its_full_text_kept() -> None:
    name = "厦门市海沧区社会治理联动中心与行政审批管理局联合建设的统一身份认证平台"
    (row,) = bar_chart("x", "标题", [(name, 3)]).rows
    assert row.full_label == name and row.label.endswith("…") and name.startswith(row.label[:-1])
    assert text_width(row.label) <= 200
