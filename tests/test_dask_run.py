"""``catalog ingest --runner dask`` as a person runs it, in a process of its own (issue 22):
Ctrl-C with the cluster up is one line, exit 130 and the store as it was (it printed an
``AssertionError`` traceback of distributed's after the line); without ``-v`` the terminal
gets the run's own lines and not one of Prefect's or dask.distributed's log lines.

Waits are generous and nothing is timed: the machine may be busy.
"""

from __future__ import annotations

import hashlib
import shutil
import signal
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import SEED
from tests.pdf_factory import build_catalog_pdf
from tests.processes import HANG_GUARD, catalog_process, wait_until
from tests.test_orphans import dask_editions, dask_workers_reading

#: With the other Dask runs: one cluster at a time on the machine.
pytestmark = [pytest.mark.xdist_group("prefect"), pytest.mark.system]
DASK = ["--runner", "dask", "--workers", "2"]


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}  # fmt: skip


def test_ctrl_c_with_the_cluster_up_is_one_line_and_nothing_published(tmp_path: Path) -> None:
    store = tmp_path / "curated"
    assert main(["ingest", str(SEED), "--curated", str(store), "--quiet"]) == 0
    before = _hashes(store)
    editions = dask_editions(tmp_path / "raw")
    run = catalog_process(["ingest", *editions, "--curated", str(store), *DASK],
                          env={"CATALOG_PAGES_PER_TASK": "8"})  # fmt: skip
    try:
        wait_until(lambda: dask_workers_reading(run.pid, editions[0]) or run.poll() is not None,
                   "a Dask worker reading the PDF")  # fmt: skip
        assert run.poll() is None, "the run ended before Ctrl-C"
        run.send_signal(signal.SIGINT)
        out, err = (text.decode("utf-8") for text in run.communicate(timeout=HANG_GUARD))
    finally:
        run.kill()
    assert (run.returncode, out, err) == (
        130, "", "error: interrupted; the run was rolled back, nothing was published\n")
    assert _hashes(store) == before


def _edition_pair(folder: Path) -> list[str]:
    """The bundled edition as text (2024) and typeset as a PDF (2025, read in page ranges)."""
    folder.mkdir()
    shutil.copy(SEED, folder / "2024.txt")
    build_catalog_pdf(folder / "2025.pdf")
    return [str(folder / "2024.txt"), str(folder / "2025.pdf")]


@pytest.mark.parametrize("verbose", [False, True])
def test_without_v_the_terminal_gets_the_runs_lines_only(tmp_path: Path, verbose: bool) -> None:
    """Prefect logs its flow and task runs, and distributed its cluster, through the root
    logger's console handler, here and in each worker: ``-v`` shows them (so the test sees
    what it hides), without it there is none."""
    store = tmp_path / "curated"
    editions = _edition_pair(tmp_path / "raw")
    run = catalog_process(["ingest", *editions, "--curated", str(store), *DASK,
                           *(["-v"] if verbose else [])],
                          env={"CATALOG_PAGES_PER_TASK": "4"})  # fmt: skip
    out, err = (text.decode("utf-8") for text in run.communicate(timeout=HANG_GUARD))
    assert (run.returncode, out.splitlines()) == (0, [
        f"2024: 26 entries, 24 with numeric effort, 7 open-ended; tables in {store}/<table>/"
        "edition_dir=2024/",
        f"2024: validation passed; report {store}/_site/editions/2024.html",
        f"2025: 26 entries, 24 with numeric effort, 7 open-ended; tables in {store}/<table>/"
        "edition_dir=2025/",
        f"2025: validation passed; report {store}/_site/editions/2025.html",
        f"2025: changes since 2024: 0 added, 0 removed, 0 renamed, 0 modified; report "
        f"{store}/_reports/2025/changes.md",
    ]), err
    if verbose:
        assert "distributed.scheduler" in err and "Finished in state Completed()" in err, err
    else:
        assert err == ""


def test_ctrl_c_after_a_worker_published_says_what_stays_published(tmp_path: Path) -> None:
    """Two catalogs at once: 甲's text edition is published by a worker while 乙's long PDF is
    still being read. Ctrl-C then names what stays published, and the line says so."""
    from pipeline.store.store import CuratedStore
    from tests.pdf_factory import build_big_catalog_pdf

    raw, store = tmp_path / "raw", tmp_path / "curated"
    (raw / "甲").mkdir(parents=True)
    (raw / "乙").mkdir()
    shutil.copy(SEED, raw / "甲" / "2024.txt")
    build_big_catalog_pdf(raw / "乙" / "2024.pdf", pages=300)
    run = catalog_process(["ingest", "--raw", str(raw), "--catalog-per-folder",
                           "--curated", str(store), *DASK],
                          env={"CATALOG_PAGES_PER_TASK": "8"})  # fmt: skip
    try:
        wait_until(lambda: CuratedStore(store, catalog="甲").labels() == ["2024"]
                   or run.poll() is not None, "甲's edition published")  # fmt: skip
        assert run.poll() is None, "the run ended before Ctrl-C"
        run.send_signal(signal.SIGINT)
        out, err = (text.decode("utf-8") for text in run.communicate(timeout=HANG_GUARD))
    finally:
        run.kill()
    assert (run.returncode, out, err.splitlines()) == (130, "", [
        "2024 (catalog 甲): published before the interruption",
        "error: interrupted after publishing; what was published stays published, the rest "
        "was rolled back"])
    assert CuratedStore(store, catalog="甲").labels() == ["2024"]
    assert CuratedStore(store, catalog="乙").labels() == []
