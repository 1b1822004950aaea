"""The PDF library's own log lines (pdfminer's ``Could not get FontBBox…`` for the CJK fonts
catalogs use) stay out of the terminal: a refused edition's stderr is its one error line. In a
process of its own, as the operator runs it: pytest captures log records itself."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.parse.sources.library_logs import LIBRARY_LOGGERS, quiet_library_logs
from tests.damaged_pdfs import with_damaged_page
from tests.pdf_factory import PLAIN, build_catalog_pdf

ROOT = Path(__file__).resolve().parent.parent


def run_catalog(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=600,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})  # fmt: skip


def without_font_bbox(source: Path, target: Path) -> Path:
    """A copy of ``source`` whose font descriptors lack a ``FontBBox`` (the key renamed, the
    same length): pdfminer warns of it on every page, as it does for many real CJK fonts."""
    data = source.read_bytes()
    assert b"/FontBBox" in data
    target.write_bytes(data.replace(b"/FontBBox", b"/FontBBoy"))
    return target


@pytest.mark.system  # a catalog process
def test_a_refused_pdf_read_by_pdfminer_prints_only_its_error_line(tmp_path: Path) -> None:
    built = build_catalog_pdf(tmp_path / "book.pdf", PLAIN)
    fonts = without_font_bbox(built.path, tmp_path / "fonts.pdf")
    damaged = with_damaged_page(fonts, tmp_path / "damaged.pdf", page=3)
    done = run_catalog("ingest", str(damaged), "--pdf-engine", "pdfplumber",
                       "--curated", str(tmp_path / "curated"))  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"error: {damaged} (page 3): the page cannot be read (its content stream is damaged: "
        "ValueError: Non-Ascii85 digit found: \\x00): what it holds would be missing from its "
        "entries"]


@pytest.mark.system  # a catalog process
def test_a_catalog_read_by_pdfminer_logs_nothing_to_the_terminal(tmp_path: Path) -> None:
    built = build_catalog_pdf(tmp_path / "book.pdf", PLAIN)
    fonts = without_font_bbox(built.path, tmp_path / "fonts.pdf")
    done = run_catalog("ingest", str(fonts), "--pdf-engine", "pdfplumber", "--quiet",
                       "--curated", str(tmp_path / "curated"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "FontBBox" not in done.stderr and "pdfminer" not in done.stderr


def test_library_records_still_reach_a_configured_root_logger(
    caplog: pytest.LogCaptureFixture,
) -> None:
    noisy = logging.getLogger("RapidOCR")
    noisy.addHandler(logging.StreamHandler())  # as RapidOCR attaches its own
    quiet_library_logs()
    quiet_library_logs()  # idempotent
    for name in LIBRARY_LOGGERS:
        handlers = logging.getLogger(name).handlers
        assert [type(h) for h in handlers] == [logging.NullHandler], name
    with caplog.at_level(logging.WARNING):
        logging.getLogger("pdfminer.pdffont").warning("Could not get FontBBox from font descriptor")
    assert [r.name for r in caplog.records] == ["pdfminer.pdffont"]
