"""Recording changes after a publish: predecessor by ingestion time, reports, ``catalog diff``."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.changes import describe_changes, record_changes
from pipeline.changes.report import ChangeCounts
from pipeline.cli import main
from pipeline.store import ingested_sources, list_editions, previous_edition
from tests.edition_edits import edit_entry, publish_text
from tests.test_diff import effort, network

NETWORK_REPORT = """\
# Changes from edition 2024-06 to 2025-01

| change | entries |
|---|---:|
| added | 0 |
| removed | 0 |
| renamed | 0 |
| modified | 1 |

## Modified (1)

### 互联网远程接入系统 (`互联网远程接入系统`)

| field | old | new |
|---|---|---|
| network_types_text | 政务外网 | 政务外网、互联网 |
| network_types | 政务外网 | 政务外网；互联网 |
"""


@pytest.fixture
def curated(tmp_path: Path, seed_text: str) -> Path:
    """A store with the bundled edition as 2024-06 and a network-type change as 2025-01."""
    store = tmp_path / "curated"
    publish_text(seed_text, "2024-06", store, day=0)
    publish_text(network(seed_text), "2025-01", store, day=1)
    return store


def test_the_first_edition_has_nothing_to_compare(tmp_path: Path, seed_text: str) -> None:
    store = tmp_path / "curated"
    publish_text(seed_text, "only", store, day=0)
    assert record_changes(store, "only") is None
    assert not (store / "changes").exists() and not (store / "_reports").exists()
    assert describe_changes(None, "only") == (
        "only: first edition in the store, no earlier edition to compare with")


def test_record_changes_publishes_rows_and_writes_both_reports(curated: Path) -> None:
    summary = record_changes(curated, "2025-01")
    assert summary is not None
    assert (summary.previous, summary.counts, summary.rows) == (
        "2024-06", ChangeCounts(added=0, removed=0, renamed=0, modified=1), 2)
    reports = curated / "_reports" / "2025-01"
    assert summary.report_markdown == str(reports / "changes.md")
    assert (reports / "changes.md").read_text(encoding="utf-8") == NETWORK_REPORT
    page = (reports / "changes.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<td>modified</td><td>1</td>" in page
    assert "<td>network_types</td><td>政务外网</td><td>政务外网；互联网</td>" in page
    assert describe_changes(summary, "2025-01") == (
        f"2025-01: changes since 2024-06: 0 added, 0 removed, 0 renamed, 1 modified; "
        f"report {reports / 'changes.md'}")
    assert sorted(p.name for p in reports.iterdir()) == ["changes.html", "changes.md"]  # no temp files
    assert not list(curated.glob("_staging/**/*.parquet"))


def test_recording_again_gives_identical_files(curated: Path) -> None:
    record_changes(curated, "2025-01")
    table = curated / "changes" / "edition=2025-01" / "part-0.parquet"
    first = (pq.read_table(table), (curated / "_reports/2025-01/changes.md").read_bytes())
    record_changes(curated, "2025-01")
    assert pq.read_table(table).equals(first[0])
    assert (curated / "_reports/2025-01/changes.md").read_bytes() == first[1]


def test_effort_figures_are_reported_with_their_unit(tmp_path: Path, seed_text: str) -> None:
    store = tmp_path / "curated"
    publish_text(seed_text, "old", store, day=0)
    working_days = edit_entry(seed_text, 8, "两个工作日办结", "三个工作日办结")
    publish_text(effort(working_days), "new", store, day=1)
    summary = record_changes(store, "new")
    assert summary is not None
    report = Path(summary.report_markdown).read_text(encoding="utf-8")
    assert "| effort_max_days | 2 人天 | 5 人天 |" in report
    assert "| effort_max_days | 2 工作日 | 3 工作日 |" in report


def test_the_predecessor_is_the_edition_ingested_before_not_the_label_before(
    tmp_path: Path, seed_text: str
) -> None:
    store = tmp_path / "curated"
    publish_text(seed_text, "b-first", store, day=0)
    publish_text(network(seed_text), "a-second", store, day=1)
    assert [e.edition for e in list_editions(store)] == ["b-first", "a-second"]
    assert previous_edition(store, "a-second") == "b-first"
    assert previous_edition(store, "b-first") is None
    summary = record_changes(store, "a-second")
    assert summary is not None and summary.previous == "b-first"


def test_editions_are_read_whatever_extra_columns_and_folders_exist(curated: Path) -> None:
    extra = pa.table({"source_file": ["x.txt"], "source_sha256": ["f" * 64],
                      "ingested_at": pa.array([0], pa.timestamp("us", tz="UTC")),
                      "validation_status": ["passed"], "warnings": pa.array([2], pa.int32())})
    (curated / "editions" / "edition=2023").mkdir()
    pq.write_table(extra, curated / "editions" / "edition=2023" / "part-0.parquet")
    (curated / "_quarantine" / "editions").mkdir(parents=True)
    assert [e.edition for e in list_editions(curated)] == ["2023", "2024-06", "2025-01"]
    assert ingested_sources(curated)["f" * 64] == "2023"


def test_catalog_diff_prints_the_report(curated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "2024-06", "2025-01", "--curated", str(curated)]) == 0
    assert capsys.readouterr().out == NETWORK_REPORT
    assert not (curated / "changes").exists()  # diff only reads


def test_catalog_diff_csv_prints_the_rows(curated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "2024-06", "2025-01", "--curated", str(curated), "--csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "from_edition,to_edition,resource_key,name,change,field,old_value,new_value",
        "2024-06,2025-01,互联网远程接入系统,互联网远程接入系统,modified,network_types_text,政务外网,政务外网、互联网",
        "2024-06,2025-01,互联网远程接入系统,互联网远程接入系统,modified,network_types,政务外网,政务外网；互联网",
    ]


def test_catalog_diff_of_the_same_edition_says_no_changes(
    curated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "2025-01", "2025-01", "--curated", str(curated)]) == 0
    assert "No changes." in capsys.readouterr().out


def test_catalog_diff_names_an_unknown_edition_in_one_line(
    curated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "2024-06", "2026", "--curated", str(curated)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {curated}: edition '2026' is not published here (published: 2024-06, 2025-01)"]
