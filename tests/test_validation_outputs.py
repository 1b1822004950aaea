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
from pipeline.models import Resource
from pipeline.parse.sources import read_source
from pipeline.publish import publish_edition
from pipeline.quality.validate import FailedExpectation, ValidationReport
from pipeline.quarantine import RESULT_FILE, quarantine_edition
from pipeline.tables import build_tables, with_validation
from pipeline.validation_store import previous_entries
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
    report = ValidationReport("e", 33, FAILURES, "r/index.html")
    assert (report.status, report.warning_count, len(report.critical)) == ("failed", 1, 2)
    assert ValidationReport("e", 33, FAILURES[1:3], "r").status == "warnings"
    assert ValidationReport("e", 33, (), "r").status == "passed"
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


def test_quarantine_keeps_tables_and_result(seed_tables: Tables, tmp_path: Path) -> None:
    report = ValidationReport("bad", 33, FAILURES, "r/index.html", {"resources": {"success": False}})
    folder = quarantine_edition(seed_tables, report, tmp_path)
    assert folder == tmp_path / "_quarantine" / "bad"
    assert sorted(p.name for p in folder.iterdir()) == [
        "editions.parquet", "effort_components.parquet", "resource_items.parquet",
        "resources.parquet", RESULT_FILE]
    editions = pd.read_parquet(folder / "editions.parquet")
    assert editions[["validation_status", "warnings"]].to_dict("records") == [
        {"validation_status": "failed", "warnings": 1}]
    result = json.loads((folder / RESULT_FILE).read_text(encoding="utf-8"))
    assert result["failures"][0] == {"expectation": "has_function", "table": "resources",
                                     "severity": "critical", "seq": 14, "name": "空间地理信息共享平台",
                                     "detail": "function_count=0"}
    assert result["results"] == {"resources": {"success": False}}


def test_previous_entries_follow_ingestion_time(seed_tables: Tables, tmp_path: Path) -> None:
    for label, entries, day in (("b", 30, 2), ("a", 20, 1)):
        tables = with_edition_row(seed_tables, entries=entries, ingested_at=WHEN + timedelta(days=day))
        publish_edition(tables, label, tmp_path)
    assert previous_entries(tmp_path / "empty", "x") is None
    assert previous_entries(tmp_path, "new") == 30  # ingesting: the latest edition
    assert previous_entries(tmp_path, "b", before=WHEN + timedelta(days=2)) == 20
    assert previous_entries(tmp_path, "a", before=WHEN + timedelta(days=1)) is None


# --- catalog validate --------------------------------------------------------------------------

def test_catalog_validate_rechecks_what_is_published(
    seed_tables: Tables, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    publish_edition(with_validation(seed_tables, "passed", 0), "good", tmp_path)
    later = with_edition_row(many_faults(seed_tables), ingested_at=WHEN + timedelta(days=1))
    publish_edition(later, "bad", tmp_path)  # as if published before the gate existed
    capsys.readouterr()
    assert main(["validate", "--curated", str(tmp_path), "--edition", "good"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"good: validation passed; report {tmp_path}/_reports/good/validation/index.html"]
    assert main(["validate", "--curated", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("good: validation passed;")
    assert out[1] == f"bad: validation failed; report {tmp_path}/_reports/bad/validation/index.html"
    assert "  critical: resources.seq_consecutive_from_1: seq 2 信息安全管理服务; catalog_position=3" in out
    assert len(out) == 2 + 9


def test_catalog_validate_without_a_store_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--curated", str(tmp_path / "none")]) == 1
    assert capsys.readouterr().err.strip() == f"error: {tmp_path / 'none'}: no such folder"
