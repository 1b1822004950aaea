"""Change records written by the ingest: predecessor by publish order, reports, ``catalog diff``."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.changes.report import ChangeCounts
from pipeline.cli import main
from pipeline.ingest import IngestResult, describe_changes
from pipeline.models import Resource
from pipeline.store.store import CuratedStore
from tests.conftest import tree_snapshot
from tests.edition_edits import edit_entry, publish_text
from tests.test_diff import effort, effort_rows, network, network_rows

#: One worker runs this module: its module-scoped fixtures (published stores, built PDFs)
#: are made once, not once per worker.
pytestmark = pytest.mark.xdist_group("changes_flow")

NETWORK_REPORT = """\
# 版本 2024-06 → 2025-01 的变更

| 变更类型 | 条目数 |
|---|---:|
| 新增 | 0 |
| 删除 | 0 |
| 改名 | 0 |
| 修改 | 1 |

## 修改（1）

### 互联网远程接入系统（`互联网远程接入系统`）

| 变更字段 | 原值 | 新值 |
|---|---|---|
| 网络类型（原文） | 政务外网 | 政务外网、互联网 |
| 网络类型 | 政务外网 | 政务外网；互联网 |
"""


@dataclass(frozen=True)
class Published:
    """A store with the bundled edition as 2024-06 and a network-type change as 2025-01, the
    two ingests' results, and a copy of the store as it was after the first one."""

    first: IngestResult
    second: IngestResult
    seed_only: Path


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, seed_text: str) -> Published:
    """Ingested once per module (the quality gate is slow): tests that write use copies."""
    folder = tmp_path_factory.mktemp("published")
    store = folder / "curated"
    first = publish_text(seed_text, "2024-06", store)
    shutil.copytree(store, folder / "seed-only")
    return Published(first, publish_text(network(seed_text), "2025-01", store), folder / "seed-only")


@pytest.fixture
def curated(published: Published, tmp_path: Path) -> Path:
    """A copy of the two-edition store, free to write to."""
    return Path(shutil.copytree(published.second.curated, tmp_path / "curated"))


@pytest.fixture
def seed_only(published: Published, tmp_path: Path) -> Path:
    """A copy of the store holding only the bundled edition, as 2024-06."""
    return Path(shutil.copytree(published.seed_only, tmp_path / "curated"))


def test_the_first_edition_has_nothing_to_compare(published: Published) -> None:
    store = CuratedStore(published.first.curated)
    assert published.first.changes is None
    assert not store.fs.exists(store.layout.table_file("changes", "2024-06"))
    assert store.fs.children(store.layout.reports_dir("2024-06")) == ["validation.json"]
    assert describe_changes(None, "only") == (
        "only: first edition in the store, no earlier edition to compare with")


def test_the_ingest_publishes_change_rows_and_writes_both_reports(published: Published) -> None:
    summary = published.second.changes
    assert summary is not None
    assert (summary.edition, summary.previous, summary.counts, summary.rows) == (
        "2025-01", "2024-06", ChangeCounts(added=0, removed=0, renamed=0, modified=1), 2)
    store = CuratedStore(published.second.curated)
    layout, local = store.layout, store.fs.local_path
    assert summary.table == str(local(layout.table_file("changes", "2025-01")))
    assert pq.read_table(summary.table).num_rows == 2
    reports = local(layout.reports_dir("2025-01"))
    assert summary.report_markdown == str(local(layout.changes_report("2025-01", "markdown")))
    assert summary.report_html == str(local(layout.changes_report("2025-01", "html")))
    assert (reports / "changes.md").read_text(encoding="utf-8") == NETWORK_REPORT
    page = (reports / "changes.html").read_text(encoding="utf-8")
    # a page of the site's templates: its layout, Chinese words, the change type's code kept
    assert page.startswith("<!doctype html>") and '<footer>由 catalog-pipeline' in page
    assert '<tr data-change="modified"><td>修改</td><td class="num">1</td></tr>' in page
    assert ('<dt>网络类型</dt>\n<dd class="diff" data-field="network_types"><span>政务外网</span>'
            "<ins>；互联网</ins></dd>") in page
    assert describe_changes(summary, "2025-01") == (
        f"2025-01: changes since 2024-06: 0 added, 0 removed, 0 renamed, 1 modified; "
        f"report {reports / 'changes.md'}")
    assert sorted(p.name for p in reports.iterdir()) == [
        "changes.html", "changes.md", "validation.json"]  # no temp files
    assert not list(local(layout.staging).glob("**/*.parquet"))


def test_ingesting_the_same_bytes_again_gives_identical_files(curated: Path, seed_text: str) -> None:
    store = CuratedStore(curated)
    table = store.fs.local_path(store.layout.table_file("changes", "2025-01"))
    report = curated / "_reports/2025-01/changes.md"
    first = (pq.read_table(table), report.read_bytes(), store.editions())
    again = publish_text(network(seed_text), "2025-01", curated)
    assert again.changes is not None and again.changes.previous == "2024-06"
    assert pq.read_table(table).equals(first[0])
    assert report.read_bytes() == first[1]
    assert store.editions() == first[2]  # same place, same first ingested_at


def test_republishing_an_edition_recomputes_its_successors_changes(
    curated: Path, seed_text: str, seed_resources: tuple[Resource, ...]
) -> None:
    store = CuratedStore(curated)
    before = store.editions()
    republished = publish_text(effort(seed_text), "2024-06", curated)
    assert republished.changes is None  # still the first edition
    assert [(e.edition, e.ingest_seq) for e in store.editions()] == [
        (e.edition, e.ingest_seq) for e in before] == [("2024-06", 1), ("2025-01", 2)]
    changes = pd.read_parquet(store.fs.local_path(store.layout.table_file("changes", "2025-01")))
    rows = changes.astype(object).where(changes.notna(), None)
    assert set(rows[["from_edition", "to_edition"]].itertuples(index=False)) == {
        ("2024-06", "2025-01")}
    seed = {r.seq: r for r in seed_resources}
    effort_undone = [(k, n, c, f, new, old) for k, n, c, f, old, new in effort_rows(seed)]
    got = list(rows.drop(columns=["catalog", "edition", "from_edition", "to_edition"]).itertuples(index=False, name=None))
    assert got == [*effort_undone, *network_rows(seed)]
    report = store.fs.read_text(store.layout.changes_report("2025-01", "markdown"))
    assert "| 修改 | 2 |" in report and "| 对接工作量上限 | 5 人天 | 2 人天 |" in report


def test_effort_figures_are_reported_with_their_unit(seed_only: Path, seed_text: str) -> None:
    working_days = edit_entry(seed_text, 8, "两个工作日办结", "三个工作日办结")
    summary = publish_text(effort(working_days), "new", seed_only).changes
    assert summary is not None and summary.previous == "2024-06"
    report = Path(summary.report_markdown).read_text(encoding="utf-8")
    assert "| 对接工作量上限 | 2 人天 | 5 人天 |" in report
    assert "| 对接工作量上限 | 2 工作日 | 3 工作日 |" in report


def test_the_predecessor_is_the_edition_published_before_not_the_label_before(
    seed_only: Path, seed_text: str
) -> None:
    # 2024-06 is published first; "2023-second" sorts before it but is published after it
    summary = publish_text(network(seed_text), "2023-second", seed_only).changes
    store = CuratedStore(seed_only)
    assert store.labels() == ["2024-06", "2023-second"]
    assert [e.ingest_seq for e in store.editions()] == [1, 2]
    assert store.previous("2023-second") == "2024-06"
    assert store.previous("2024-06") is None
    assert summary is not None and summary.previous == "2024-06"


def test_editions_are_read_whatever_extra_columns_and_folders_exist(curated: Path) -> None:
    extra = pa.table({"source_file": ["x.txt"], "source_sha256": ["f" * 64],
                      "ingested_at": pa.array([0], pa.timestamp("us", tz="UTC")),
                      "validation_status": ["passed"], "warnings": pa.array([2], pa.int32())})
    (curated / "editions" / "edition_dir=2023").mkdir()
    pq.write_table(extra, curated / "editions" / "edition_dir=2023" / "part-0.parquet")
    (curated / "_quarantine" / "editions").mkdir(parents=True)
    store = CuratedStore(curated)
    assert store.labels() == ["2023", "2024-06", "2025-01"]  # no ingest_seq: published earlier
    assert store.ingested_sources()["f" * 64] == "2023"


def test_catalog_diff_prints_the_report(curated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree_snapshot(curated)
    assert main(["diff", "2024-06", "2025-01", "--curated", str(curated)]) == 0
    assert capsys.readouterr().out == NETWORK_REPORT
    assert tree_snapshot(curated) == before  # diff only reads


def test_catalog_diff_csv_prints_the_rows(curated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "2024-06", "2025-01", "--curated", str(curated), "--csv"]) == 0
    assert capsys.readouterr().out.removeprefix("\ufeff").splitlines() == [
        "原版本,新版本,资源键,资源名称,变更类型,变更字段,原值,新值,变更类型（代码）,变更字段（代码）",
        "2024-06,2025-01,互联网远程接入系统,互联网远程接入系统,修改,网络类型（原文）,政务外网,政务外网、互联网,"
        "modified,network_types_text",
        "2024-06,2025-01,互联网远程接入系统,互联网远程接入系统,修改,网络类型,政务外网,政务外网；互联网,"
        "modified,network_types",
    ]


def test_catalog_diff_of_the_same_edition_says_no_changes(
    curated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "2025-01", "2025-01", "--curated", str(curated)]) == 0
    assert "没有变更。" in capsys.readouterr().out


def test_catalog_diff_names_an_unknown_edition_in_one_line(
    curated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "2024-06", "2026", "--curated", str(curated)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {curated}: edition '2026' is not published here (published: 2024-06, 2025-01)"]
