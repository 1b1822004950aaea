"""The quality gate's outputs: report verdicts, CLI lines, quarantine, previous edition,
``catalog validate``."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.commands.report_lines import failure_lines, verdict_line
from pipeline.ingest import ParsedEdition, publish_parsed
from pipeline.models import Resource
from pipeline.parse.sources import read_source
from pipeline.quality.validate import (
    CheckOutcome,
    EditionQuarantined,
    FailedExpectation,
    ValidationReport,
)
from pipeline.store.store import CuratedStore
from pipeline.tables import build_tables, with_validation
from pipeline.vocabulary import CHECK_WORDS
from tests.conftest import SEED
from tests.damage import WHEN, Tables, many_faults, with_edition_row


@pytest.fixture(scope="module")
def seed_tables(seed_resources: tuple[Resource, ...]) -> Tables:
    return build_tables(read_source(SEED), seed_resources, WHEN)


FAILURES = (
    FailedExpectation("has_function", "resources", "critical", 14, "空间地理信息共享平台", "function_count=0"),
    FailedExpectation("effort_text_present", "resources", "warning", 5, "市公共服务业务协同支撑平台"),
    FailedExpectation("effort_text_present", "resources", "warning", 6, "市政务空间信息共享服务平台"),
    FailedExpectation("entry_count_near_previous", "editions", "critical", detail="observed 0.2"),
)


def test_report_status_and_warning_count() -> None:
    report = ValidationReport("e", 33, FAILURES)
    assert (report.status, report.warning_count, len(report.critical)) == ("failed", 1, 2)
    assert ValidationReport("e", 33, FAILURES[1:3]).status == "warnings"
    assert ValidationReport("e", 33, ()).status == "passed"
    assert [f.describe() for f in FAILURES] == [
        "resources.has_function: seq 14 空间地理信息共享平台; function_count=0",
        "resources.effort_text_present: seq 5 市公共服务业务协同支撑平台",
        "resources.effort_text_present: seq 6 市政务空间信息共享服务平台",
        "editions.entry_count_near_previous: observed 0.2",
    ]


def test_failure_lines_are_capped_per_expectation() -> None:
    many = [FailedExpectation("has_function", "resources", "critical", seq, f"e{seq}") for seq in range(1, 14)]
    lines = failure_lines(many)
    assert lines[0] == "  critical: resources.has_function: seq 1 e1"
    assert lines[-1] == "  critical: resources.has_function: … and 3 more entries"
    assert len(lines) == 11
    assert verdict_line("x", "warnings", "r.html") == "x: validation passed with warnings; report r.html"


def test_quarantine_keeps_tables_result_and_docs(
    seed_resources: tuple[Resource, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused edition commits only its quarantine folder (the gate's verdict is given here,
    so no Great Expectations run is needed)."""
    check = CheckOutcome("resources", "has_function", "critical", "Every entry offers a function.",
                         "data", "expect_column_values_to_be_between", False,
                         failing=FAILURES[:1])
    report = ValidationReport("bad", 33, FAILURES, (check,), {"resources": {"success": False}})

    def refuse(tables: Tables, edition: str, **_: object) -> ValidationReport:
        return report

    monkeypatch.setattr("pipeline.ingest.validate_edition", refuse)
    store = CuratedStore(tmp_path)
    with pytest.raises(EditionQuarantined) as raised:
        publish_parsed(ParsedEdition(read_source(SEED), seed_resources), "bad", store)
    folder = Path(raised.value.quarantine)
    assert folder == tmp_path / "_quarantine" / "bad"
    assert sorted(p.name for p in folder.iterdir()) == [
        "editions.parquet", "effort_components.parquet", "report.html",
        "resource_items.parquet", "resources.parquet", "validation.json"]
    assert raised.value.report.report_path == str(folder / "report.html")
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "空间地理信息共享平台" in page and CHECK_WORDS["has_function"].why in page
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock", "_quarantine"]  # no tables
    assert store.labels() == []
    editions = pd.read_parquet(folder / "editions.parquet")
    assert editions[["validation_status", "warnings"]].to_dict("records") == [
        {"validation_status": "failed", "warnings": 1}]
    result = json.loads((folder / "validation.json").read_text(encoding="utf-8"))
    assert result["failures"][0] == {"expectation": "has_function", "table": "resources",
                                     "severity": "critical", "seq": 14, "name": "空间地理信息共享平台",
                                     "detail": "function_count=0"}
    assert result["results"] == {"resources": {"success": False}}
    assert result["checks"][0]["failing"] == [
        {"seq": 14, "name": "空间地理信息共享平台", "detail": "function_count=0"}]


def previous_entries(store: CuratedStore, label: str) -> int | None:
    """The entry count the gate compares ``label`` with when it is (re-)published: that of the
    edition before it in the store's order."""
    with store.transaction() as tx:
        previous = tx.order_of(label, "0" * 64).previous
    return previous.entries if previous else None


def test_previous_entries_follow_the_store_order(seed_tables: Tables, tmp_path: Path) -> None:
    """Editions are ordered by publish order (``ingest_seq``), not by ``ingested_at``; the gate
    compares an edition with the one before it. (Editions from before ``ingest_seq``:
    tests/test_store.py.)"""
    store = CuratedStore(tmp_path)
    for label, entries, day in (("b", 30, 2), ("a", 20, 1)):  # b published first
        tables = with_edition_row(seed_tables, entries=entries, ingested_at=WHEN + timedelta(days=day))
        store.write_edition_tables(label, tables)
    assert previous_entries(CuratedStore(tmp_path / "empty"), "x") is None
    assert [(e.edition, e.ingest_seq) for e in store.editions()] == [("b", 1), ("a", 2)]
    assert previous_entries(store, "new") == 20  # ingesting: the latest edition
    assert previous_entries(store, "a") == 30  # re-publishing: the edition before it
    assert previous_entries(store, "b") is None
    assert (store.previous("a"), store.previous("b")) == ("b", None)  # what validate compares
    store.write_edition_tables("c", with_edition_row(seed_tables, entries=25, ingested_at=WHEN))
    assert [(e.edition, e.ingest_seq) for e in store.editions()] == [("b", 1), ("a", 2), ("c", 3)]
    assert previous_entries(store, "new") == 25
    assert previous_entries(store, "c") == 20


# --- catalog validate --------------------------------------------------------------------------

def test_catalog_validate_rechecks_what_is_published(
    seed_tables: Tables, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = CuratedStore(tmp_path)
    store.write_edition_tables("good", with_validation(seed_tables, "passed", 0))
    later = with_edition_row(many_faults(seed_tables), ingested_at=WHEN + timedelta(days=1))
    store.write_edition_tables("bad", later)  # as if published before the gate existed
    capsys.readouterr()
    assert main(["validate", "--curated", str(tmp_path), "--edition", "good"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"good: validation passed; report {tmp_path}/_site/editions/good.html"]
    assert main(["validate", "--curated", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("good: validation passed;")
    assert out[1] == f"bad: validation failed; report {tmp_path}/_site/editions/bad.html"
    assert "  critical: resources.seq_consecutive_from_1: seq 2 信息安全管理服务; catalog_position=3" in out
    assert ("  warning: resources.section_set_usual: seq 26 大数据信息资源共享库; "
            "section_set_unusual=missing 建设单位") in out
    assert len(out) == 2 + 10


def test_catalog_validate_without_a_store_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--curated", str(tmp_path / "none")]) == 1
    assert capsys.readouterr().err.strip() == f"error: {tmp_path / 'none'}: no such folder"
