"""Children die with their parent (issue 22): after ``kill -9`` of a ``catalog ingest`` during
a PDF read, an OCR run and a Dask run, no process it started is left (a ``kill -9`` once left
the resource tracker, a multiprocessing manager and two page workers for 47 minutes)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from pipeline.parse.workers import DEFAULT_MAX_WORKERS
from tests.pdf_factory import build_big_catalog_pdf
from tests.processes import Terminal, alive, catalog_process, descendants, wait_until

#: Fresh interpreters reading big PDFs: one worker runs them one after another.
pytestmark = pytest.mark.xdist_group("orphans")
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
    """Each process's kind, sorted: multiprocessing's resource tracker, or a spawned child."""
    return sorted("tracker" if "resource_tracker" in line else
                  "spawned" if "spawn_main" in line else line for line in seen)  # fmt: skip


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
