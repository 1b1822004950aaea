"""A page deleted from a PDF is refused naming where it went missing (issue 22): the printed
page numbers run one for one with the PDF's pages, then jump ahead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.cli import main
from pipeline.parse.sources.page_sequence import PageGap, page_gap, printed_number
from tests.conftest import tree_snapshot
from tests.pdf_factory import BOOK, build_catalog_pdf


@pytest.mark.parametrize(
    ("printed", "gap"),
    [
        ({3: 1, 4: 2, 5: 3, 6: 5, 7: 6}, PageGap(5, 3, 5)),  # page "4" is gone
        ({3: 1, 4: 2, 5: 3, 6: 6, 7: 7}, PageGap(5, 3, 6)),  # two pages gone
        ({1: 1, 2: 2, 3: 3, 4: 4}, None),  # whole
        ({1: 1, 2: 2, 3: 1, 4: 2}, None),  # numbering restarts: front matter, then body
        ({3: 1, 4: 2, 6: 5, 7: 6}, None),  # page 5's number unread: nothing to compare
        ({3: 1, 4: 3, 5: 4}, None),  # one page before the jump: not enough to believe it
        ({3: 1, 4: 2, 5: 4, 6: 7}, None),  # no steady numbering after it: not a lost page
        ({}, None),
    ],
)
def test_page_gap(printed: dict[int, int], gap: PageGap | None) -> None:
    assert page_gap(printed) == gap


@pytest.mark.parametrize(("text", "number"), [("- 3 -", 3), ("第 3 页 共 56 页", 3),
                                              ("Page 12 of 40", 12), ("目录", None)])
def test_printed_number(text: str, number: int | None) -> None:
    assert printed_number(text) == number


@pytest.fixture(scope="module")
def missing_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled edition as a book (cover, TOC, ``- n -`` page numbers), page 13 deleted."""
    folder = tmp_path_factory.mktemp("missing")
    whole = build_catalog_pdf(folder / "whole.pdf", BOOK).path
    document = pdfium.PdfDocument(str(whole))
    document.del_page(12)
    document.save(str(folder / "missing.pdf"))
    document.close()
    return folder / "missing.pdf"


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_deleted_page_is_refused_naming_it(
    engine: str, missing_page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    published_seed: Callable[..., Path],
) -> None:
    curated = published_seed(tmp_path / "curated", "2024")
    before = tree_snapshot(curated)
    capsys.readouterr()
    code = main(["ingest", str(missing_page), "--edition", "2024", "--pdf-engine", engine,
                 "--curated", str(curated)])  # fmt: skip
    assert code == 1
    assert capsys.readouterr().err == (
        f"error: {missing_page} (page 13): the printed page numbers jump from 10 to 12 between "
        "pages 12 and 13: 1 page missing from the PDF\n")
    assert tree_snapshot(curated) == before


def test_the_whole_book_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = build_catalog_pdf(tmp_path / "whole.pdf", BOOK).path
    assert main(["ingest", str(whole), "--curated", str(tmp_path / "curated"), "-q"]) == 0
