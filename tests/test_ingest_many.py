"""Many editions of many catalogs on a distributed task runner (``flows.ingest_many``, through
``catalog ingest --runner dask``): a local Dask cluster of two worker processes gives the
tables the serial path gives; each catalog's editions are published in order, a PDF is read in
page ranges, a bad edition is one error and the next is still published."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

# Prefect sets up its console log handler on import, holding the stderr of that moment: imported
# here, at collection, it holds the real one, not a test's captured stream (closed after it)
import flows.ingest_many
from bench.catalogs_at_once import published_tables
from pipeline.cli import main
from pipeline.run import EditionJob
from pipeline.store.layout import DATABASE_FILE
from tests.conftest import SEED


def raw_folder(folder: Path, jimei_pdf: Path) -> list[EditionJob]:
    """raw/<catalog>/<edition>: 海沧区 2024 and 2025 (entry 1 renamed), 集美区 2024 (a 14-page
    PDF) and 2025 (an empty file: refused)."""
    haicang, jimei = folder / "海沧区", folder / "集美区"
    haicang.mkdir(parents=True)
    jimei.mkdir()
    shutil.copy(SEED, haicang / "2024.txt")
    (haicang / "2025.txt").write_text(
        SEED.read_text(encoding="utf-8").replace("一、政务云平台\n", "一、政务云服务平台\n")
        .replace("\n政务云平台\n", "\n政务云服务平台\n"), encoding="utf-8")  # fmt: skip
    shutil.copy(jimei_pdf, jimei / "2024.pdf")
    (jimei / "2025.txt").write_bytes(b"")
    return [EditionJob(str(haicang / "2024.txt"), "海沧区"),
            EditionJob(str(haicang / "2025.txt"), "海沧区"),
            EditionJob(str(jimei / "2024.pdf"), "集美区"),
            EditionJob(str(jimei / "2025.txt"), "集美区")]  # fmt: skip


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.xdist_group("prefect")  # one worker starts the Prefect test server
@pytest.mark.system
def test_a_local_dask_cluster_gives_the_serial_paths_tables(
    tmp_path: Path, catalog_pdfs: dict[str, object], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    jobs = raw_folder(tmp_path / "raw", catalog_pdfs["jimei"].path)  # type: ignore[attr-defined]
    common = ["ingest", "--raw", str(tmp_path / "raw"), "--catalog-per-folder", "--json"]
    assert main([*common, "--curated", str(tmp_path / "serial")]) == 1  # the empty file
    serial = json.loads(capsys.readouterr().out)
    monkeypatch.setenv("CATALOG_PAGES_PER_TASK", "4")  # the PDF in four page ranges
    assert main([*common, "--curated", str(tmp_path / "dask"), "--runner", "dask",
                 "--workers", "2"]) == 1  # fmt: skip
    dask = json.loads(capsys.readouterr().out)
    assert [(e["edition"], e["entries"]) for e in dask["editions"]] == [
        ("2024", 26), ("2025", 26), ("2024", 18)]
    assert dask["errors"] == serial["errors"] == [
        {"file": jobs[3].path, "line": None, "page": None, "problem": "the file is empty"}]
    renamed = dask["editions"][1]["changes"]
    assert (renamed["previous"], renamed["counts"]) == (
        "2024", {"added": 0, "removed": 0, "renamed": 1, "modified": 0})
    serial_tables = published_tables(tmp_path / "serial")
    dask_tables = published_tables(tmp_path / "dask")
    assert sorted(dask_tables) == sorted(serial_tables)
    assert len(dask_tables) == 4 + 5 + 4  # 海沧区 2024, 2025 with its changes, 集美区 2024
    for key, table in serial_tables.items():
        assert dask_tables[key].equals(table), key
    # catalog.duckdb, rebuilt once at the end of each run, sees every catalog's editions
    for run in ("serial", "dask"):
        with duckdb.connect(str(tmp_path / run / DATABASE_FILE), read_only=True) as con:
            assert con.execute("SELECT catalog, edition, count(*) FROM resources GROUP BY ALL "
                               "ORDER BY ALL").fetchall() == [
                ("海沧区", "2024", 26), ("海沧区", "2025", 26), ("集美区", "2024", 18)], run


def test_the_runner_uses_an_existing_cluster_when_one_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dask_runner = flows.ingest_many.dask_runner
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://10.0.0.5:8786")
    named = dask_runner(workers=2)
    assert (named.address, named.cluster_kwargs) == ("tcp://10.0.0.5:8786", {})
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS")
    local = dask_runner(workers=3)
    assert local.address is None
    assert local.cluster_kwargs == {"n_workers": 3, "threads_per_worker": 1, "processes": True,
                                    "dashboard_address": None}  # fmt: skip


def test_the_workers_are_given_the_flows_prefect_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers are other processes: without ``PREFECT_API_URL`` in their environment each
    would start a temporary Prefect server of its own."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.ingest_many import one_prefect_api

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings({PREFECT_API_URL: "http://127.0.0.1:4999/api"}):
        with one_prefect_api() as url:
            assert url == os.environ["PREFECT_API_URL"] == "http://127.0.0.1:4999/api"
        assert "PREFECT_API_URL" not in os.environ


def test_workers_are_bounded_by_the_cores(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:  # fmt: skip
    most = 4 * (os.cpu_count() or 1)
    for given in ("0", str(most + 1), "200"):
        with pytest.raises(SystemExit) as stopped:
            main(["ingest", str(SEED), "--curated", str(tmp_path), "--runner", "dask",
                  "--workers", given])  # fmt: skip
        assert stopped.value.code == 2
        assert capsys.readouterr().err == (
            f"error: catalog ingest: argument --workers: '{given}' is not a number of workers "
            f"from 1 to {most} (4 per core) (see catalog ingest --help)\n")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def silent_scheduler() -> Iterator[str]:
    """A port that accepts connections and never answers (a hung or foreign service)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                held.append(server.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    server.close()
    for connection in held:
        connection.close()


def _closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"tcp://127.0.0.1:{probe.getsockname()[1]}"  # closed when the block ends


@pytest.mark.parametrize("kind", ["silent", "closed"])
def test_an_unreachable_scheduler_is_one_line_naming_its_variable(
    kind: str, silent_scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A scheduler that accepts and never answers hung the run for > 600 s; a closed port
    printed 66 lines with two tracebacks. Now: one line, within the connect timeout."""
    address = silent_scheduler if kind == "silent" else _closed_port()
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", address)
    monkeypatch.setenv("CATALOG_DASK_CONNECT_TIMEOUT", "0.5")  # a wait, not work: kept short
    store = tmp_path / "curated"
    assert main(["ingest", str(SEED), "--curated", str(store), "--runner", "dask"]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"error: cannot reach the Dask scheduler at {address} "
                              "($DASK_SCHEDULER_ADDRESS, $CATALOG_DASK_CONNECT_TIMEOUT): no "
                              "answer in 0.5 s\n")  # fmt: skip
    assert not store.exists()


@pytest.mark.parametrize(("given", "expected"), [
    (EditionJob("raw/2024.txt", "海沧区"), EditionJob("raw/2024.txt", "海沧区")),
    ({"path": "raw/2024.txt"}, EditionJob("raw/2024.txt")),
    ({"path": "raw/海沧区/2024.txt", "catalog": "海沧区", "edition": "2024-06"},
     EditionJob("raw/海沧区/2024.txt", "海沧区", "2024-06")),
    ({"catalog": "海沧区"}, "not an edition to ingest: {'catalog': '海沧区'} (a path, and "
                          "optionally a catalog and an edition label)"),
    ({"path": "raw/2024.txt", "label": "2024"}, "not an edition to ingest: {'path': "
     "'raw/2024.txt', 'label': '2024'} (a path, and optionally a catalog and an edition label)"),
    ("raw/2024.txt", "not an edition to ingest: 'raw/2024.txt' (a path, and optionally a "
                     "catalog and an edition label)"),
])  # fmt: skip
def test_a_served_runs_jobs_are_mappings_checked_field_by_field(
    given: object, expected: EditionJob | str
) -> None:
    """A served run's parameters are JSON: each job comes as a mapping of its fields."""
    from pipeline.errors import PipelineError
    from pipeline.run import edition_job

    if isinstance(expected, EditionJob):
        assert edition_job(given) == expected
        return
    with pytest.raises(PipelineError) as refused:
        edition_job(given)
    assert str(refused.value) == expected
