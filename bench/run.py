"""``make bench`` / ``make bench-quick``: measure the pipeline against its libraries' floors.

Every comparison is made inside one run, as a ratio, on the same machine and input:

1. text path (read + clean + segment + extract + tabulate): entries/s and MB/s for 26, 1 000 and
   10 000 entries, and the per-entry cost of 10 000 vs 1 000 (linearity); 1b. the text core at
   10 000 entries with jieba's own segmentation in the keyword step and with the fused one
   (``bench.text_core``);
2. PDF path: ``read_pdf_source`` with each engine (PDFium, the default, and pdfplumber, the
   reference) serial and parallel vs pdfplumber's own ``extract_text`` over every page, and vs
   poppler's ``pdftotext`` (speed of light), and whether both engines give the same tables;
   2b. the PDFium engine against pdfplumber on the public corpus of real PDFs
   (``bench.pdf_corpus``, docs/public-corpus.md);
3. change detection of two 10 000-entry editions;
4. a no-op scheduled run (nothing new in raw/): work beyond Prefect's start-up;
5. Prefect's overhead: the ingest flow vs the plain functions on the bundled edition;
6. peak RSS of the 10 000-entry text run and the 500-page PDF run;
7. ``catalog ingest`` of the bundled edition end to end, split into imports, orchestration,
   parse, validation and publish (``bench.end_to_end``);
8. OCR of scanned fixture pages: character accuracy, seconds a page, fields of the entries on
   them against the text layer's (``bench.ocr_scans``);
9. many catalogs at once: 20 catalogs × 10 generated editions (text and PDF) ingested serially
   and on a local Dask cluster, time and peak memory (``bench.catalogs_at_once``);
10. publishing against the store's history: the publish stage (commit and output refresh) of
    each of 200 editions of one catalog, now and as every commit did before issue 23
    (``bench.publish_history``).

The full run rewrites the results table in ``docs/benchmarks.md``; ``--quick`` uses small sizes,
asserts nothing about time and writes ``bench/out/quick.md`` (CI runs it).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import bench.sections as sections
from bench.catalogs_at_once import catalogs_at_once
from bench.end_to_end import ingest_end_to_end
from bench.ocr_scans import ocr_scans
from bench.pdf_corpus import pdf_corpus
from bench.publish_history import publish_history
from bench.text_core import text_core

__all__ = ["Sizes", "main"]

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
QUICK_OUT = Path(__file__).resolve().parent / "out" / "quick.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


@dataclass(frozen=True, slots=True)
class Sizes:
    """Workload sizes of one benchmark run."""

    text_entries: tuple[int, ...]
    pdf_pages: int
    diff_entries: int
    repeats: int


FULL = Sizes(text_entries=(26, 1000, 10000), pdf_pages=500, diff_entries=10000, repeats=3)
QUICK = Sizes(text_entries=(26, 200), pdf_pages=12, diff_entries=300, repeats=1)


def run(sizes: Sizes, work: Path) -> str:
    """All sections' markdown, in order."""
    parts = [
        sections.machine(),
        sections.text_path(sizes.text_entries, sizes.repeats, work),
        text_core(sizes.text_entries[-1], sizes.repeats, work),
        sections.pdf_path(sizes.pdf_pages, sizes.repeats, work),
        pdf_corpus(sizes.repeats, quick=sizes is QUICK),
        sections.change_detection(sizes.diff_entries, sizes.repeats, work),
        sections.prefect_costs(work),
        sections.peak_memory(sizes.text_entries[-1], sizes.pdf_pages, work),
        ingest_end_to_end(work, sizes.repeats),
        ocr_scans(work, quick=sizes is QUICK),
        catalogs_at_once(work, quick=sizes is QUICK),
        publish_history(work, quick=sizes is QUICK),
    ]
    return "\n\n".join(parts)


def _write(markdown: str, quick: bool) -> Path:
    if quick:
        QUICK_OUT.parent.mkdir(parents=True, exist_ok=True)
        QUICK_OUT.write_text(markdown + "\n", encoding="utf-8")
        return QUICK_OUT
    doc = DOC.read_text(encoding="utf-8")
    head, _, rest = doc.partition(BEGIN)
    _, _, tail = rest.partition(END)
    DOC.write_text(f"{head}{BEGIN}\n{markdown}\n{END}{tail}", encoding="utf-8")
    return DOC


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI (< 1 min)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="catalog-bench-") as tmp:
        markdown = run(QUICK if args.quick else FULL, Path(tmp))
    if args.quick:
        markdown = (
            "**Quick run** on small inputs: it checks that every section runs. The targets are "
            "defined for `make bench` sizes (e.g. parallel PDF reading pays off only on long "
            "PDFs), so the verdicts below are not meaningful.\n\n" + markdown
        )
    print(markdown)
    print(f"\nwritten to {_write(markdown, args.quick)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
