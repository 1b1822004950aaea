"""Damaged editions of issue 9: each is refused with one clear line and leaves the store as it
was, or publishes exact values. Text: the last heading mistyped (it merges two entries, and
no later heading exposes it). PDF: a blank page inside (content lost), 60 blank pages after
the last page (the running header must still be found)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.ingest import ParsedEdition, publish_parsed
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.store.store import CuratedStore
from tests.conftest import SEED, tree_snapshot
from tests.damaged_pdfs import with_blank_pages
from tests.pdf_factory import BOOK, BuiltPdf, build_catalog_pdf

#: One worker runs this module: its module-scoped fixtures (published stores, built PDFs)
#: are made once, not once per worker.
pytestmark = pytest.mark.xdist_group("damaged_editions")

LAST_HEADING = "二十六、大数据信息资源共享库"
MISTYPED = {
    "arabic-number": "26、大数据信息资源共享库",
    "comma": "二十六，大数据信息资源共享库",
    "dot": "二十六.大数据信息资源共享库",
}


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the bundled edition: the refused ingests must leave it byte for byte."""
    store = tmp_path_factory.mktemp("damaged") / "curated"
    assert main(["ingest", str(SEED), "--edition", "published", "--curated", str(store)]) == 0
    return store


def refused(path: Path, curated: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Ingest ``path``; assert exit 1, one error line, no traceback, the store unchanged."""
    before = tree_snapshot(curated)
    capsys.readouterr()
    assert main(["ingest", str(path), "--curated", str(curated)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err + captured.out
    assert tree_snapshot(curated) == before
    return lines[0]


@pytest.mark.parametrize("form", sorted(MISTYPED))
def test_mistyped_last_heading_is_refused(
    form: str, curated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SEED.read_text(encoding="utf-8")
    assert text.count(LAST_HEADING) == 1
    path = tmp_path / f"{form}.txt"
    path.write_text(text.replace(LAST_HEADING, MISTYPED[form]), encoding="utf-8")
    line = refused(path, curated, capsys)
    assert line == (
        f"error: {path}:2065 (page 51): entry 25 (行政审批服务平台) repeats '（一）资源概况' "
        f"(line 2067): two entries are merged; is this line, '{MISTYPED[form]}', a mistyped "
        "heading? (write it like '二十六、…')"
    )


@pytest.fixture(scope="module")
def book_pdf(tmp_path_factory: pytest.TempPathFactory) -> BuiltPdf:
    return build_catalog_pdf(tmp_path_factory.mktemp("book") / "book.pdf", BOOK)


def test_blank_page_inside_the_pdf_is_refused_naming_it(
    book_pdf: BuiltPdf, curated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = with_blank_pages(book_pdf.path, tmp_path / "blanked.pdf", at=9, replace=True)
    line = refused(damaged, curated, capsys)
    assert line == (
        f"error: {damaged} (page 10): page 10 of {book_pdf.pages} has no text between pages "
        "with text (a scanned page, or content lost): the entries there would miss fields; OCR "
        "the page, or remove it if it is meant to be blank (OCR found no text on it either)"
    )


def test_blank_page_inserted_is_refused(
    book_pdf: BuiltPdf, curated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = with_blank_pages(book_pdf.path, tmp_path / "inserted.pdf", at=20, count=2)
    assert "pages 21, 22 of" in refused(damaged, curated, capsys)


def test_sixty_blank_pages_appended_come_out_exact_and_publish(
    book_pdf: BuiltPdf, tmp_path: Path
) -> None:
    padded = with_blank_pages(book_pdf.path, tmp_path / "padded.pdf", at=book_pdf.pages, count=60)
    original = parse_document(read_source(book_pdf.path))
    document = read_source(padded)
    resources = parse_document(document)
    assert resources == original
    assert [r.name for r in resources][-1] == "大数据信息资源共享库"
    assert not any("政务信息共享资源目录" in (r.contact or "") for r in resources)
    frame = pd.DataFrame({"pages": [r.page_end for r in resources]})
    assert int(frame["pages"].max()) == book_pdf.entry_pages[-1][1]
    store = tmp_path / "curated"  # published as it was read (reading it again is a second)
    result = publish_parsed(ParsedEdition(document, resources), "padded", CuratedStore(store))
    assert (result.validation_status, result.warnings) == ("passed", ())
    published = pd.read_parquet(store / "resources" / "edition_dir=padded")
    assert published["name"].tolist() == [r.name for r in original]
    assert published["contact"].tolist() == [r.contact for r in original]
    editions = pd.read_parquet(store / "editions" / "edition_dir=padded")
    assert editions["pages"].tolist() == [book_pdf.pages + 60]
