"""New editions on their own: which raw files are new, in what order, and the scheduled flow."""

from __future__ import annotations

import asyncio
import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.commands.serve import DEFAULT_CRON as CLI_DEFAULT_CRON
from pipeline.commands.serve import NO_SERVER
from pipeline.errors import PipelineError
from pipeline.ingest import ingest_new
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.raw_inventory import (
    IngestionPlan,
    RawFile,
    SkippedFile,
    describe_plan,
    ingestion_order,
    label_date,
    plan_ingestion,
)
from pipeline.store.store import CuratedStore
from pipeline.tables import build_tables
from tests.conftest import SEED, tree_snapshot
from tests.test_diff import network


@pytest.mark.parametrize(("label", "expected"), [
    ("2024", date(2024, 1, 1)),
    ("2024-06", date(2024, 6, 1)),
    ("2024.06.15", date(2024, 6, 15)),
    ("20240615", date(2024, 6, 15)),
    ("2024_06", date(2024, 6, 1)),
    ("2024年6月", date(2024, 6, 1)),
    ("2024年6月15日", date(2024, 6, 15)),
    ("2024-13", None),
    ("haicang-catalog", None),
    ("v2", None),
    ("2024-06-draft", None),
])
def test_labels_that_are_dates(label: str, expected: date | None) -> None:
    assert label_date(label) == expected


def raw(label: str, sha: str = "", modified: float = 0.0) -> RawFile:
    return RawFile(Path(f"raw/{label}.txt"), label, sha or label, modified)


@pytest.mark.parametrize(("files", "order"), [
    ([raw("2025-01", modified=1), raw("2024-06", modified=2)], ["2024-06", "2025-01"]),
    ([raw("2025年1月", modified=1), raw("2024-06", modified=2)], ["2024-06", "2025年1月"]),
    ([raw("spring", modified=2), raw("autumn", modified=1)], ["autumn", "spring"]),
    ([raw("2025-01", modified=1), raw("latest", modified=2)], ["2025-01", "latest"]),
    ([raw("b", modified=1), raw("a", modified=1)], ["a", "b"]),
])
def test_new_files_go_in_oldest_first(files: list[RawFile], order: list[str]) -> None:
    assert [f.label for f in ingestion_order(files)] == order


def test_plan_skips_what_is_in_and_names_what_it_duplicates() -> None:
    files = [raw("2024-06", "h1"), raw("copy", "h1"), raw("2025-01", "h2"), raw("twin", "h2"),
             raw("bad", "h3"), raw("2026", "h4")]
    plan = plan_ingestion(files, ingested={"h1": "2024-06"}, quarantined={"h3": "broken"})
    assert plan == IngestionPlan(
        new=(raw("2025-01", "h2"), raw("2026", "h4")),
        already=(raw("2024-06", "h1"),),
        skipped=(
            SkippedFile(Path("raw/copy.txt"), "same content as edition 2024-06, already ingested"),
            SkippedFile(Path("raw/twin.txt"), "same content as 2025-01.txt"),
            SkippedFile(Path("raw/bad.txt"), "same content as edition broken, refused by the "
                                             "quality gate (see its quarantine folder in the store)"),
        ),
    )


def test_a_second_new_file_with_a_taken_label_is_skipped() -> None:
    pdf = RawFile(Path("raw/2025.pdf"), "2025", "h2", 0.0)
    plan = plan_ingestion([raw("2025", "h1"), pdf], ingested={})
    assert plan.new == (raw("2025", "h1"),)
    assert plan.skipped == (SkippedFile(pdf.path, "label 2025 is already taken by 2025.txt"),)


def test_a_plan_with_nothing_new_says_so() -> None:
    plan = plan_ingestion([raw("2024-06", "h1"), raw("copy", "h1")], ingested={"h1": "2024-06"})
    assert describe_plan(plan, "raw") == [
        "skipped raw/copy.txt: same content as edition 2024-06, already ingested",
        "nothing new in raw: 1 edition file(s) already ingested",
    ]


# --- through Prefect --------------------------------------------------------------------------


@pytest.fixture
def raw_dir(tmp_path: Path, seed_text: str) -> Path:
    """Two new editions; the later one by label is the older file, so labels must win."""
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "2025-01.txt").write_text(network(seed_text), encoding="utf-8")
    shutil.copy(SEED, folder / "2024-06.txt")
    os.utime(folder / "2025-01.txt", (1_000_000, 1_000_000))
    (folder / "notes.md").write_text("not an edition")
    return folder


def test_ingest_new_ingests_two_new_editions_then_nothing(raw_dir: Path, tmp_path: Path) -> None:
    """The plain function the scheduled flow wraps (the flow itself runs served through a
    real Prefect server in test_served)."""
    curated = tmp_path / "curated"
    store = CuratedStore(curated)
    first = ingest_new(raw_dir, store)
    assert [(e.edition, e.changes is None) for e in first.ingested] == [
        ("2024-06", True), ("2025-01", False)]
    changes = first.ingested[1].changes
    assert changes is not None and (changes.previous, changes.counts.modified, changes.rows) == (
        "2024-06", 1, 2)
    rows = pd.read_parquet(curated / "changes")
    assert rows[["edition", "field"]].astype(str).values.tolist() == [
        ["2025-01", "network_types_text"], ["2025-01", "network_types"]]
    assert (curated / "_reports" / "2025-01" / "changes.html").is_file()
    # the store's order is the ingestion order: labels, not mtimes
    assert [(e.edition, e.ingest_seq) for e in store.editions()] == [("2024-06", 1), ("2025-01", 2)]
    assert changes.report_markdown == store.where(store.layout.changes_report("2025-01", "markdown"))

    again = ingest_new(raw_dir, store)
    assert (again.ingested, again.skipped) == ((), ())
    assert sorted(Path(p).name for p in again.already) == ["2024-06.txt", "2025-01.txt"]

    shutil.copy(SEED, raw_dir / "haicang-copy.txt")
    third = ingest_new(raw_dir, store)
    assert (third.ingested, third.skipped) == ((), (str(raw_dir / "haicang-copy.txt"),))
    assert sorted(pd.read_parquet(curated / "editions")["edition"].astype(str)) == [
        "2024-06", "2025-01"]


def test_a_bad_new_file_fails_the_run_after_the_good_ones_went_in(
    tmp_path: Path, seed_text: str
) -> None:
    folder, curated = tmp_path / "raw", tmp_path / "curated"
    folder.mkdir()
    (folder / "2024-06.txt").write_text(seed_text, encoding="utf-8")
    (folder / "2025-01.txt").write_text(seed_text.replace("三、信息安全管理服务", "四、信息安全管理服务"),
                                        encoding="utf-8")
    complaints: list[str] = []
    with pytest.raises(PipelineError, match=r"1 new edition\(s\) failed: 2025-01.txt"):
        ingest_new(folder, CuratedStore(curated), complain=complaints.append)
    assert complaints == [
        f"error: {folder / '2025-01.txt'}:159 (page 5): heading number 四、 (4) skips 3: numbering "
        "has a gap"]
    assert pd.read_parquet(curated / "editions")["edition"].astype(str).tolist() == ["2024-06"]


def test_the_deployment_carries_its_cron_and_absolute_folders(raw_dir: Path, tmp_path: Path) -> None:
    from flows.ingest_new import DEFAULT_CRON, to_deployment  # Prefect: only where used

    deployment = to_deployment("30 5 * * 1", raw_dir, tmp_path / "curated")
    assert [s.schedule.cron for s in deployment.schedules] == ["30 5 * * 1"]
    assert deployment.entrypoint == "flows.ingest_new.ingest_new"
    assert deployment.parameters == {"raw_dir": str(raw_dir.resolve()),
                                     "curated": str((tmp_path / "curated").resolve()),
                                     "profile": None, "notify": None}
    profiled = to_deployment("30 5 * * 1", raw_dir, tmp_path / "curated", "district.toml")
    assert profiled.parameters["profile"] == str(Path("district.toml").resolve())
    assert DEFAULT_CRON == CLI_DEFAULT_CRON == "0 6 * * *"


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.xdist_group("prefect")  # one worker starts the Prefect test server
@pytest.mark.system
def test_a_served_deployment_runs_the_flow(raw_dir: Path, tmp_path: Path) -> None:
    """What ``catalog serve`` does, with the test server: register the deployment and its
    schedule with a runner, then let the runner execute a run of it in its own process. The
    store already holds both editions' bytes, so the run plans, finds nothing new and
    completes (the flow's ingest itself runs end to end in test_cli, and served through a
    real ``prefect server`` with new editions and a bad one in test_served)."""
    from prefect.client.orchestration import get_client
    from prefect.runner import Runner

    from flows.ingest_new import DEFAULT_CRON, to_deployment

    curated = tmp_path / "curated"
    for label in ("2024-06", "2025-01"):  # as published, without the (slow) quality gate
        document = read_source(raw_dir / f"{label}.txt")
        tables = build_tables(document, parse_document(document), datetime(2026, 1, 1, tzinfo=UTC))
        CuratedStore(curated).write_edition_tables(label, tables)
    before = tree_snapshot(curated)
    deployment = to_deployment(DEFAULT_CRON, raw_dir, curated)

    async def serve_one_run() -> str:
        runner = Runner(name="test-runner", pause_on_shutdown=False)
        deployment_id = await runner.aadd_deployment(deployment)
        async with get_client() as client:
            served = await client.read_deployment(deployment_id)
            assert [s.schedule.cron for s in served.schedules] == [DEFAULT_CRON]
            run = await client.create_flow_run_from_deployment(deployment_id)
        await runner.start(run_once=True)
        async with get_client() as client:
            state = (await client.read_flow_run(run.id)).state
        return state.type.value if state else "none"

    assert asyncio.run(serve_one_run()) == "COMPLETED"
    assert tree_snapshot(curated) == before  # nothing new: nothing written


def test_catalog_serve_without_a_server_says_what_to_do(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        assert main(["serve"]) == 1
    assert capsys.readouterr().err.splitlines() == [f"error: {NO_SERVER}"]


def test_catalog_serve_refuses_a_bad_cron(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--cron", "every morning"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "error: --cron 'every morning' is not a cron expression (e.g. '0 6 * * *')"]
