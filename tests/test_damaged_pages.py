"""A PDF edition with one damaged page between pages with text (page 27 of 53, as the issue
found it): both engines read such a page up to the damage and said nothing, so the entry on it
lost four sections and the edition published "with warnings". Now the page is refused by name
in one line, whatever engine reads it, and the store is left byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import SEED, tree_snapshot
from tests.damaged_pdfs import with_damaged_page, with_missing_contents
from tests.pdf_factory import BOOK, BuiltPdf, build_big_catalog_pdf

pytestmark = pytest.mark.xdist_group("damaged_editions")
UNREADABLE = "the page cannot be read ({}): what it holds would be missing from its entries"
DAMAGE: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "ascii85 layer": (
        lambda source, target: with_damaged_page(source, target, page=27),
        "its content stream is damaged: ValueError: Non-Ascii85 digit found: \\x00"),
    "flate data": (
        lambda source, target: with_damaged_page(source, target, page=27, fill=b"!"),
        "its content stream is damaged: Flate: its checksum does not match what it inflates to "
        "(overwritten)"),
    "missing stream": (
        lambda source, target: with_missing_contents(source, target, page=27),
        "its content is not a stream (a reference to a missing object?)"),
}


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> BuiltPdf:
    built = build_big_catalog_pdf(tmp_path_factory.mktemp("pages") / "book.pdf", 53, BOOK)
    assert built.pages >= 53
    return built


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("pages-store") / "curated"
    assert main(["ingest", str(SEED), "--edition", "published", "--curated", str(store)]) == 0
    return store


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_page_between_pages_with_text_is_refused_naming_it(
    damage: str, engine: str, book: BuiltPdf, curated: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make, problem = DAMAGE[damage]
    path = make(book.path, tmp_path / "damaged.pdf")
    before = tree_snapshot(curated)
    capsys.readouterr()
    code = main(["ingest", str(path), "--pdf-engine", engine, "--curated", str(curated)])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.splitlines() == [f"error: {path} (page 27): {UNREADABLE.format(problem)}"]
    assert tree_snapshot(curated) == before


def test_the_undamaged_book_still_publishes(book: BuiltPdf, tmp_path: Path) -> None:
    assert main(["ingest", str(book.path), "--curated", str(tmp_path / "c"), "--quiet"]) == 0
