"""Children die with their parent (issue 22): after ``kill -9`` of a ``catalog ingest`` during
a PDF read, an OCR run and a Dask run, no process it started is left (a ``kill -9`` once left
the resource tracker, a multiprocessing manager and two page workers for 47 minutes)."""

from __future__ import annotations

import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from pipeline.parse.workers import DEFAULT_MAX_WORKERS
from tests.conftest import SEED
from tests.pdf_factory import build_big_catalog_pdf
from tests.processes import (
    Terminal,
    alive,
    catalog_process,
    descendants,
    holds_open,
    wait_until,
)

#: Fresh interpreters reading big PDFs: one worker runs them one after another.
pytestmark = [pytest.mark.xdist_group("orphans"), pytest.mark.system]
#: Seconds the children may take to notice (a guard against a hang, not a measure).
GUARD = 120.0


def _killed_leaves_nothing(argv: list[str], drawn: str) -> list[str]:
    """Run ``catalog <argv>`` on a terminal until its live line matches ``drawn``, note every
    process below it, ``kill -9`` it and wait for them all to end; returns their command
    lines (to say what was there)."""
    terminal = Terminal()
    run = catalog_process(argv, stderr=terminal.slave, stdout=None)
    terminal.started()
    try:
        terminal.wait_for(drawn)
        children = descendants(run.pid)
        seen = alive(children)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=GUARD)
        wait_until(lambda: not alive(children), f"the children of a killed run: {seen}", GUARD)
    finally:
        run.kill()
        terminal.close()
    return seen


def _kinds(seen: list[str]) -> list[str]:
    """Each process's kind, sorted: multiprocessing's resource tracker, a spawned child, or
    Prefect's temporary server (``flows.temporary_server.LAUNCHER`` then uvicorn)."""
    return sorted("tracker" if "resource_tracker" in line else
                  "spawned" if "spawn_main" in line else
                  "server" if "die_with_parent" in line else line
                  for line in seen)  # fmt: skip


def test_kill_9_during_a_pdf_read_leaves_no_worker(tmp_path: Path) -> None:
    pdf = build_big_catalog_pdf(tmp_path / "big.pdf", pages=300)
    seen = _killed_leaves_nothing(["ingest", str(pdf.path), "--curated", str(tmp_path / "c")],
                                  r"page \d+ of \d+")  # fmt: skip
    # the page workers, the manager counting their pages, the resource tracker
    assert _kinds(seen) == ["spawned"] * (DEFAULT_MAX_WORKERS + 1) + ["tracker"], seen


def test_kill_9_during_ocr_leaves_no_process(tmp_path: Path) -> None:
    pdf = build_big_catalog_pdf(tmp_path / "scan.pdf", pages=70)  # read by workers, then OCR
    seen = _killed_leaves_nothing(
        ["ingest", str(pdf.path), "--ocr", "always", "--curated", str(tmp_path / "c")],
        r"OCR page 1 of \d+")  # fmt: skip
    assert set(_kinds(seen)) <= {"tracker", "spawned"}, seen


def dask_editions(folder: Path, pages: int = 120) -> list[str]:
    """A catalog's two editions for ``--runner dask``: a PDF of ``pages`` pages (read in page
    ranges by the workers) and, after it, a text edition; nothing is published until the PDF
    is read (its catalog's task waits for it)."""
    folder.mkdir()
    build_big_catalog_pdf(folder / "2024.pdf", pages=pages)
    shutil.copy(SEED, folder / "2025.txt")
    return [str(folder / "2024.pdf"), str(folder / "2025.txt")]


def dask_workers_reading(run_pid: int, pdf: str) -> bool:
    """Whether a Dask worker process below ``run_pid`` holds ``pdf`` open: the cluster is up
    and working."""
    return any(holds_open(process, pdf) and "spawn_main" in " ".join(alive([process]))
               for process in descendants(run_pid))  # fmt: skip


@pytest.mark.xdist_group("prefect")  # with the other Dask runs: one cluster at a time
def test_kill_9_during_a_dask_run_leaves_no_process(tmp_path: Path) -> None:
    """The Dask workers and the resource tracker end with their parent (distributed watches
    it); Prefect's temporary server once stayed for ever."""
    editions = dask_editions(tmp_path / "raw")
    run = catalog_process(["ingest", *editions, "--curated", str(tmp_path / "c"), "--runner",
                           "dask", "--workers", "2"], env={"CATALOG_PAGES_PER_TASK": "8"},
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    everything = ["server", "spawned", "spawned", "tracker"]
    try:  # killed once all are up (under load a worker read before the other had started)
        wait_until(lambda: run.poll() is not None or (
            dask_workers_reading(run.pid, editions[0])
            and _kinds(alive(descendants(run.pid))) == everything),
            "Prefect's temporary server, two Dask workers (one reading the PDF) and the "
            "resource tracker")  # fmt: skip
        children = descendants(run.pid)
        seen = alive(children)
        assert run.poll() is None, "the run ended before it was killed"
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=GUARD)
        wait_until(lambda: not alive(children), f"the children of a killed run: {seen}", GUARD)
    finally:
        run.kill()
    assert _kinds(seen) == everything, seen
