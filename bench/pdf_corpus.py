"""The PDF engines on real files: the public corpus (``bench.public_corpus``, listed with
sources and licences in docs/public-corpus.md), 43 PDFs nobody on the team made.

Per file, the PDFium engine's ``read_pdf_pages`` (serial: how a catalog of up to
``DEFAULT_PARALLEL_PAGES`` pages is read) against pdfplumber's own ``extract_text`` over every
page, both as CPU seconds of this process (the machine is shared: CPU time is steadier than
the wall clock, and both runs are serial, so it is the wall time of an idle machine). Also:
the pages pdfplumber read (``SkippedText``, a page PDFium cannot load), and the pages
whose text one engine garbles (legacy GB fonts) that the other engine read, and those
neither engine decodes.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.measure import timed

__all__ = ["CorpusRun", "measure_file", "pdf_corpus"]

#: Files timed in ``--quick`` runs: the shared ones (no download), at most this many.
QUICK_FILES = 4
#: The target of the issue: the PDFium engine's median share of pdfplumber's time.
CORPUS_TARGET = 0.1


@dataclass(frozen=True)
class CorpusRun:
    """One file's measurements."""

    name: str
    pages: int
    chinese: bool
    legacy: bool
    plumber_s: float  # pdfplumber extract_text, every page (CPU s)
    pdfium_s: float  # read_pdf_pages by the PDFium engine, serial (CPU s)
    handed: int  # pages pdfplumber read: in PDFium's place, or to check a garbled page
    garbled: int  # pages whose text neither engine decodes (OCR'd or refused when ingested)
    error: str  # what the engine refused, or ""

    @property
    def ratio(self) -> float:
        return self.pdfium_s / self.plumber_s if self.plumber_s else float("nan")


def _cpu(work: Callable[[], object], repeats: int) -> float:
    """The least CPU time of ``repeats`` runs of ``work`` after one unmeasured run."""
    return min(timed(work, repeats, warmup=1, clock=time.process_time).runs)


@contextmanager
def _counting_handovers() -> Iterator[list[int]]:
    """Counts the pages the reference engine reads while open (``pdf._read_page`` calls)."""
    import pipeline.parse.sources.pdf as pdf

    counted = [0]
    real = pdf._read_page

    def counting(*args: object) -> object:
        counted[0] += 1
        return real(*args)  # type: ignore[arg-type]

    pdf._read_page = counting  # type: ignore[assignment]
    try:
        yield counted
    finally:
        pdf._read_page = real


def measure_file(path: Path, repeats: int = 1) -> tuple[int, float, float, int, int, str]:
    """``(pages, pdfplumber s, PDFium engine s, pages handed over, pages garbled, error)`` of
    one PDF."""
    import pdfplumber

    from pipeline.errors import PipelineError
    from pipeline.parse.sources.pdf import read_pdf_pages

    def plumber() -> None:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()

    error, garbled = "", 0

    def engine() -> None:
        nonlocal error, garbled
        try:
            garbled = sum(1 for page in read_pdf_pages(path, parallel_pages=10**9)
                          if page.garbled)  # fmt: skip
        except PipelineError as refused:
            error = refused.problem

    with _counting_handovers() as handed:
        engine()
        per_run = handed[0]
    if error:  # a file the engine refuses is not timed
        return 0, float("nan"), float("nan"), per_run, garbled, error
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    plumber_s = _cpu(plumber, repeats)
    engine_s = _cpu(engine, repeats)
    return pages, plumber_s, engine_s, per_run, garbled, error


def pdf_corpus(repeats: int, quick: bool) -> str:
    """The section: a row per file, then the medians (all files, the Chinese ones)."""
    from bench.public_corpus import CORPUS, materialise
    from bench.sections import _table, _verdict

    entries = [entry for entry in CORPUS if entry.origin == "shared"][:QUICK_FILES] if quick \
        else list(CORPUS)  # fmt: skip
    paths = materialise(only=[entry.name for entry in entries])
    runs = []
    for entry in entries:
        if entry.name not in paths:
            continue
        measured = measure_file(paths[entry.name], repeats)
        runs.append(CorpusRun(entry.name, measured[0], entry.chinese, entry.legacy_gb_font,
                              *measured[1:]))  # fmt: skip
    missing = len(entries) - len(runs)
    if not runs:
        return ("### 2b. PDF engines on the public corpus\n\nNo file of the public corpus is "
                "available here (docs/public-corpus.md says how they are obtained).")
    rows = [
        (run.name, run.pages, "yes" if run.chinese else "", "yes" if run.legacy else "",
         f"{run.plumber_s:.3f}", f"{run.pdfium_s:.3f}", f"{run.ratio:.3f}×", run.handed,
         run.garbled, run.error[:60])
        for run in sorted(runs, key=lambda run: (bool(run.error), run.ratio))
    ]
    timed_runs = [run for run in runs if not run.error]  # a refused file is not timed
    median = statistics.median(run.ratio for run in timed_runs)
    chinese = [run.ratio for run in timed_runs if run.chinese]
    pages = sum(run.pages for run in timed_runs)
    plumber_per_page = sum(run.plumber_s for run in timed_runs) / pages
    pdfium_per_page = sum(run.pdfium_s for run in timed_runs) / pages
    handed = sum(run.handed for run in runs)
    absent = f" ({missing} file{'s' if missing > 1 else ''} not available here)" if missing else ""
    return (
        f"### 2b. PDF engines on the public corpus ({len(runs)} real-world PDFs, {pages} pages"
        f"{absent}; `bench.pdf_corpus`, files in docs/public-corpus.md)\n\n"
        + _table(("file", "pages", "Chinese", "legacy GB font", "pdfplumber CPU s",
                  "PDFium engine CPU s", "vs pdfplumber", "pages pdfplumber read",
                  "pages neither engine decodes", "refused"), rows)
        + f"\n\nMedian PDFium engine / pdfplumber: **{median:.3f}×** over every file "
        f"(target ≤ {CORPUS_TARGET}×: {_verdict(median, CORPUS_TARGET)})"
        + (f", {statistics.median(chinese):.3f}× over the {len(chinese)} Chinese ones"
           if chinese else "")
        + f". Per page over the corpus: pdfplumber {plumber_per_page * 1e3:.1f} ms, the PDFium "
        f"engine {pdfium_per_page * 1e3:.1f} ms. Pages pdfplumber read: {handed} of "
        f"{pages} (in PDFium's place, or to check a page whose text PDFium garbles)."
    )
