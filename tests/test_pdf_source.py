"""The PDF source against the text source: three typeset layouts of the bundled edition must give
the text edition's tables; bad PDFs are refused with one clear error; long PDFs read in parallel
give exactly what a serial read gives."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from pipeline.cli import main
from pipeline.errors import PdfError, SegmentationError
from pipeline.models import SourceDocument
from pipeline.parse.document import parse_document
from pipeline.parse.sources import ReadOptions, read_source
from pipeline.parse.sources.pdf import read_pdf_pages, read_pdf_source
from tests.conftest import SEED, tree_snapshot
from tests.legacy_font_pdf import write_unknown_legacy_font_pdf
from tests.pdf_factory import (
    BOOK,
    CATALOG_TITLE,
    LAYOUTS,
    BuiltPdf,
    build_big_catalog_pdf,
    build_catalog_pdf,
    write_encrypted_pdf,
    write_random_pdf,
    write_scanned_pdf,
    write_truncated_pdf,
    write_unmapped_pdf,
)
from tests.table_compare import COMPARED_TABLES, document_tables, frame

#: One worker runs the PDF modules: the PDFs they share (``conftest.catalog_pdfs``) are built
#: once, not once per worker.
pytestmark = pytest.mark.xdist_group("pdf")




@pytest.fixture(scope="module")
def built(catalog_pdfs: dict[str, BuiltPdf]) -> dict[str, BuiltPdf]:
    """The bundled edition in each layout (``conftest.catalog_pdfs``, shared)."""
    return {name: catalog_pdfs[name] for name in LAYOUTS}


@pytest.fixture(scope="module")
def documents(built: dict[str, BuiltPdf]) -> dict[str, SourceDocument]:
    return {name: read_source(pdf.path) for name, pdf in built.items()}


@pytest.fixture(scope="module")
def text_tables() -> dict[str, pa.Table]:
    return document_tables(read_source(SEED))


# --- every layout gives the text edition's tables -------------------------------------------


@pytest.mark.parametrize("table", COMPARED_TABLES)
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_pdf_tables_equal_text_tables(
    layout: str, table: str, documents: dict[str, SourceDocument],
    text_tables: dict[str, pa.Table],
) -> None:
    pdf_tables = document_tables(documents[layout])
    expected = frame(text_tables, table)
    assert len(expected) == {"resources": 26, "resource_items": 416, "effort_components": 41}[table]
    pd.testing.assert_frame_equal(frame(pdf_tables, table), expected)


@pytest.mark.parametrize(
    ("layout", "spans"),
    [
        # plain: no cover, entries flow on; entry 3 runs over a page break
        ("plain", {1: (1, 1), 3: (3, 4), 6: (6, 6), 8: (7, 8), 26: (25, 26)}),
        # book: cover + one TOC page come first
        ("book", {1: (3, 3), 3: (5, 6), 6: (8, 8), 8: (9, 10), 26: (27, 28)}),
        # display: every entry starts on a new page
        ("display", {1: (1, 1), 3: (3, 4), 4: (5, 5), 5: (6, 7), 26: (35, 35)}),
    ],
)
def test_page_spans(
    layout: str, spans: dict[int, tuple[int, int]], built: dict[str, BuiltPdf],
    documents: dict[str, SourceDocument],
) -> None:
    resources = parse_document(documents[layout])
    found = [(r.page_start, r.page_end) for r in resources]
    assert found == list(built[layout].entry_pages)  # where the generator put every entry
    assert {seq: found[seq - 1] for seq in spans} == spans


@pytest.mark.parametrize(("layout", "pages"), [("plain", 26), ("book", 28), ("display", 35)])
def test_document_header(
    layout: str, pages: int, built: dict[str, BuiltPdf], documents: dict[str, SourceDocument]
) -> None:
    document = documents[layout]
    assert (document.source_format, document.pages) == ("pdf", pages)
    assert document.sha256 == hashlib.sha256(built[layout].path.read_bytes()).hexdigest()
    assert [ln.line_no for ln in document.lines] == list(range(1, len(document.lines) + 1))
    assert document.lines[0].text == "一、政务云平台"
    assert not [ln.text for ln in document.lines if "(cid:" in ln.text]  # the font maps to text


def test_toc_titles_and_decorations_are_taken_out(documents: dict[str, SourceDocument]) -> None:
    book = documents["book"]
    assert len(book.toc_titles) == 26
    assert book.toc_titles[:2] == ("政务云平台", "政务网络")
    assert book.toc_titles[8] == "智能 DNS 服务"
    assert documents["plain"].toc_titles == ()
    texts = [ln.text for ln in book.lines]
    assert CATALOG_TITLE not in texts
    assert not [text for text in texts if text.startswith("- ") or "……" in text]
    assert not [ln.text for ln in documents["display"].lines if ln.text.startswith("第 ")]


@pytest.mark.parametrize(
    "heading",
    ["五、市公共服务业务协同支撑平台", "十七、城市三维基础地图共享平台",
     "二十四、社会治理网格化联动信息平台"],
)
def test_headings_wrapped_by_a_large_font_are_one_line(
    heading: str, documents: dict[str, SourceDocument]
) -> None:
    assert heading in [ln.text for ln in documents["display"].lines]


def test_pdf_recognised_by_its_bytes_without_suffix(
    built: dict[str, BuiltPdf], tmp_path: Path
) -> None:
    renamed = shutil.copy(built["plain"].path, tmp_path / "edition.dat")
    assert read_source(renamed).source_format == "pdf"


# --- the table of contents must agree with the body -----------------------------------------


def test_toc_listing_an_entry_the_body_lacks_is_an_error(tmp_path: Path) -> None:
    pdf = build_catalog_pdf(tmp_path / "extra.pdf", BOOK, toc_extra=["二十七、数据共享交换平台"])
    document = read_source(pdf.path)
    assert document.toc_titles[-1] == "数据共享交换平台"
    with pytest.raises(SegmentationError) as caught:
        parse_document(document)
    assert caught.value.problem == (
        "the table of contents lists 27 entries but the body has 26: entry 27 "
        "'数据共享交换平台' is missing from the body"
    )
    assert caught.value.file == str(pdf.path)


# --- bad PDFs -------------------------------------------------------------------------------

BAD_PDFS = {
    "scanned": (write_scanned_pdf, r"has no text layer .*needs OCR.* \(OCR is off: --ocr never"),
    "truncated": (write_truncated_pdf, r"damaged: it is truncated"),
    "random": (write_random_pdf, r"not a PDF"),
    "encrypted": (write_encrypted_pdf, r"is encrypted"),
    "unmapped": (write_unmapped_pdf, r"cannot be decoded .*needs OCR.* \(OCR is off: --ocr never"),
    "legacy_font": (write_unknown_legacy_font_pdf,
                    r"\(page 1\): the page's text cannot be decoded: font FangSong_GB2312 \(not "
                    r"embedded\) reads as 'Ò»¡¢ÕþÎñÔÆÆ½': GBK-coded Chinese without a Unicode map"),
}


@pytest.mark.parametrize("kind", sorted(BAD_PDFS))
def test_bad_pdf_is_refused_with_a_reason(kind: str, tmp_path: Path) -> None:
    write, reason = BAD_PDFS[kind]
    path = write(tmp_path / f"{kind}.pdf")
    with pytest.raises(PdfError, match=reason) as caught:
        read_source(path, options=ReadOptions(ocr="never"))
    assert caught.value.file == str(path)


def test_pdf_cut_inside_its_objects_is_damaged(built: dict[str, BuiltPdf], tmp_path: Path) -> None:
    data = built["plain"].path.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3] + b"\n%%EOF\n")  # an end marker, but no xref
    with pytest.raises(PdfError, match=r"damaged") as caught:
        read_source(path)
    assert caught.value.file == str(path)


@pytest.mark.parametrize("kind", sorted(BAD_PDFS))
def test_cli_reports_a_bad_pdf_in_one_line(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write, reason = BAD_PDFS[kind]
    path = write(tmp_path / f"{kind}.pdf")
    curated = tmp_path / "curated"
    (curated / "resources").mkdir(parents=True)
    (curated / "resources" / "kept.txt").write_text("an earlier edition", encoding="utf-8")
    before = tree_snapshot(curated)
    status = main(["ingest", str(path), "--curated", str(curated), "--ocr", "never"])
    captured = capsys.readouterr()
    assert status != 0
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert re.match(rf"error: {re.escape(str(path))}( \(page \d+\))?: ", lines[0]), lines[0]
    assert re.search(reason, lines[0])
    assert "Traceback" not in captured.err + captured.out
    assert tree_snapshot(curated) == before


# --- long documents: parallel reading -------------------------------------------------------


def test_parallel_read_equals_serial_read(built: dict[str, BuiltPdf]) -> None:
    path = built["book"].path
    serial = read_pdf_source(path)
    parallel = read_pdf_source(path, parallel_pages=1, max_workers=3)
    assert parallel == serial


def test_big_pdf_is_read_in_parallel_and_parsed(tmp_path: Path) -> None:
    big = build_big_catalog_pdf(tmp_path / "big.pdf", pages=70)
    document = read_source(big.path)  # 70 pages > DEFAULT_PARALLEL_PAGES: worker processes
    resources = parse_document(document)
    assert (document.pages, len(resources)) == (big.pages, len(big.entry_pages))
    assert len({r.resource_key for r in resources}) == len(resources)
    assert (resources[26].seq, resources[26].name) == (27, "政务云平台第2批")
    assert [(r.page_start, r.page_end) for r in resources] == list(big.entry_pages)


def test_pages_read_are_reported_as_they_are_read(tmp_path: Path) -> None:
    """The progress hook of a PDF read: every page once, in order, in one process; and in
    worker processes, counts that only grow and end at the page count."""
    big = build_big_catalog_pdf(tmp_path / "big.pdf", pages=12)
    serial: list[tuple[int, int]] = []
    read_pdf_pages(big.path, on_page=lambda read, total: serial.append((read, total)))
    assert serial == [(n, big.pages) for n in range(1, big.pages + 1)]
    parallel: list[tuple[int, int]] = []
    pages = read_pdf_pages(big.path, parallel_pages=1, max_workers=2,
                           on_page=lambda read, total: parallel.append((read, total)))
    counts = [read for read, _ in parallel]
    assert counts == sorted(counts) and counts[-1] == big.pages
    assert {total for _, total in parallel} == {big.pages}
    assert [page.number for page in pages] == list(range(1, big.pages + 1))
