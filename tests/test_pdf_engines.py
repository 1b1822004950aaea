"""The two PDF engines against each other. PDFium (pypdfium2, the default) must give what
pdfplumber gives, line for line, on every PDF the project typesets in fonts both engines decode
(where pdfplumber garbles a legacy GB font, PDFium is right: tests/test_legacy_fonts.py); refuse
every damaged PDF in the same words; and no other engine is accepted.

Boxes are compared within ``BOX_TOLERANCE`` points: PDFium computes in single precision (the
largest difference measured is 0.00005 pt); texts, pages, bold flags and glyph counts exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import pipeline.parse.sources.pdf as pdf
from pipeline.errors import PdfError
from pipeline.models import SourceDocument
from pipeline.parse.sources.pdf import (
    DEFAULT_PDF_ENGINE,
    PDF_ENGINES,
    read_pdf_pages,
    read_pdf_source,
)
from pipeline.parse.sources.pdf_layout import PdfPage
from pipeline.parse.sources.pdfium import PdfiumDocument, SkippedText
from tests.damaged_pdfs import with_blank_pages
from tests.pdf_factory import (
    SEED,
    BuiltPdf,
    build_catalog_pdf,
    write_encrypted_pdf,
    write_lone_glyph_pdf,
    write_lone_space_pdf,
    write_random_pdf,
    write_scanned_pdf,
    write_unmapped_pdf,
)

#: One worker runs this module: the PDFs and both engines' reads of them are made once.
pytestmark = pytest.mark.xdist_group("pdf")

#: Points by which the engines' boxes (line x0, x1, top, bottom, font size; page size) may differ.
BOX_TOLERANCE = 0.001
#: The 500-page catalog's pages compared (0-based): its ends and every 50th page between.
BIG_SAMPLE = (0, 1, *range(50, 500, 50), 498, 499)

#: Where the engines read differently, as (page, pdfplumber's line, PDFium's line): in the second
#: district's edition pdfminer loses the "·" of "人·天" (U+00B7 in the font's UniGB-UCS2-H
#: encoding) and the rest of the line moves left by its width; PDFium reads it as the text
#: edition has it (tests/data/jimei-catalog.txt, line 507).
KNOWN_DIFFERENCES: dict[str, list[tuple[int, str, str]]] = {
    "jimei": [(9, "开通单个部门调阅权限并完成点位授权需3人天。", "开通单个部门调阅权限并完成点位授权需3人·天。")],
}

Read = tuple[list[PdfPage], SourceDocument]


def read_once(path: Path, engine: str) -> Read:
    """``read_pdf_source`` by ``engine``, and the pages it read (``read_pdf_pages``'s result):
    one read of the file serves both comparisons."""
    seen: list[list[PdfPage]] = []
    real = pdf.read_pdf_pages

    def spy(*args: Any, **kwargs: Any) -> list[PdfPage]:
        pages = real(*args, **kwargs)
        seen.append(pages)
        return pages

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "read_pdf_pages", spy)
        document = read_pdf_source(path, engine=engine)
    assert len(seen) == 1 and seen[0][0].number == 1
    return seen[0], document


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> BuiltPdf:
    """The bundled edition's first three entries, four pages: cheap to damage and read."""
    text = SEED.read_text(encoding="utf-8")
    return build_catalog_pdf(tmp_path_factory.mktemp("small") / "small.pdf",
                             text=text[: text.index(" 四、互联网远程接入系统")])


@pytest.fixture(scope="module")
def reads(catalog_pdfs: dict[str, BuiltPdf]) -> dict[tuple[str, str], Read]:
    return {(name, engine): read_once(built.path, engine)
            for name, built in catalog_pdfs.items() for engine in PDF_ENGINES}  # fmt: skip


def differences(reference: list[PdfPage], fast: list[PdfPage]) -> Iterator[tuple[int, str, str]]:
    """``(page, pdfplumber's line, PDFium's line)`` for every line whose text differs; asserts
    that everything else is the same: page numbers and sizes, glyph counts (but for the glyphs
    of differing lines), line counts, pages, bold flags, and boxes where the texts agree."""
    assert [page.number for page in fast] == [page.number for page in reference]
    for old, new in zip(reference, fast, strict=True):
        assert (new.width, new.height) == pytest.approx((old.width, old.height), abs=BOX_TOLERANCE)
        assert len(new.lines) == len(old.lines), f"page {old.number}"
        changed = 0
        for was, now in zip(old.lines, new.lines, strict=True):
            assert (now.page, now.bold) == (was.page, was.bold), was
            if now.text != was.text:
                changed += len(now.text) - len(was.text)
                yield old.number, was.text, now.text
                continue
            assert (now.x0, now.x1, now.top, now.bottom, now.size) == pytest.approx(
                (was.x0, was.x1, was.top, was.bottom, was.size), abs=BOX_TOLERANCE), was.text
        assert new.unmapped_chars == old.unmapped_chars
        assert new.text_chars == old.text_chars + changed, f"page {old.number}"


# --- every PDF the project builds reads the same -------------------------------------------


@pytest.mark.parametrize("name", ["plain", "book", "display", "jimei"])
def test_pages_are_the_same_line_for_line(name: str, reads: dict[tuple[str, str], Read]) -> None:
    reference, _ = reads[name, "pdfplumber"]
    fast, _ = reads[name, "pdfium"]
    assert list(differences(reference, fast)) == KNOWN_DIFFERENCES.get(name, [])


def test_lines_carry_the_reference_values(reads: dict[tuple[str, str], Read]) -> None:
    """A few lines read by PDFium, value by value: the first heading, the book's cover and
    running header (read, later removed), the display layout's large overstruck heading."""
    plain, book, display = (reads[name, "pdfium"][0] for name in ("plain", "book", "display"))
    heading = plain[0].lines[0]
    assert (heading.text, heading.page, heading.x0, heading.size, heading.bold) == (
        "一、政务云平台", 1, 72.0, 11.0, False)
    assert heading.top == pytest.approx(92.981, abs=BOX_TOLERANCE)
    assert [line.text for line in book[0].lines] == [
        "厦门市海沧区政务信息共享资源目录", "海沧区社会治理联动中心", "二〇二一年三月"]
    assert (book[2].lines[0].text, book[2].lines[0].size) == ("厦门市海沧区政务信息共享资源目录", 9.0)
    bold = display[0].lines[1]
    assert (bold.text, bold.size, bold.bold) == ("一、政务云平台", 20.0, True)
    assert bold.top == pytest.approx(95.42, abs=BOX_TOLERANCE)
    assert (plain[0].text_chars, display[0].text_chars) == (550, 571)


@pytest.mark.parametrize("name", ["plain", "book", "display", "jimei"])
def test_documents_are_the_same(name: str, reads: dict[tuple[str, str], Read]) -> None:
    _, reference = reads[name, "pdfplumber"]
    _, fast = reads[name, "pdfium"]
    assert (fast.pages, fast.sha256, fast.toc_titles) == (
        reference.pages, reference.sha256, reference.toc_titles)
    replaced = {(page, old): new for page, old, new in KNOWN_DIFFERENCES.get(name, [])}
    expected = [replace(line, text=replaced.get((line.page, line.text), line.text))
                for line in reference.lines]
    assert list(fast.lines) == expected
    assert len(fast.lines) == {"plain": 943, "book": 943, "display": 869, "jimei": 579}[name]
    first = fast.lines[0]
    assert (first.text, first.line_no, first.page) == {
        "plain": ("一、政务云平台", 1, 1), "book": ("一、政务云平台", 1, 3),
        "display": ("一、政务云平台", 1, 1), "jimei": ("一、政务云主机服务", 1, 3)}[name]


def test_the_500_page_catalog_reads_the_same(big_catalog_pdf: BuiltPdf) -> None:
    """Sampled pages of the 500-page catalog, page for page (reading all 500 with both engines
    would take about 20 s; every page is generated as the small catalogs' are)."""
    with (pdf._open_pages(big_catalog_pdf.path, "pdfplumber") as reference,
          pdf._open_pages(big_catalog_pdf.path, "pdfium") as fast):
        assert fast.count == reference.count == big_catalog_pdf.pages == 500
        old = [reference.read(index) for index in BIG_SAMPLE]
        new = [fast.read(index) for index in BIG_SAMPLE]
    assert list(differences(old, new)) == []
    assert [page.number for page in new] == [index + 1 for index in BIG_SAMPLE]
    assert new[-1].lines[-1].text == "区政府服务热线 96180"


# --- a page PDFium cannot read ----------------------------------------------------------------


def test_a_page_pdfium_cannot_read_is_read_by_pdfplumber(
    catalog_pdfs: dict[str, BuiltPdf], reads: dict[tuple[str, str], Read],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = PdfiumDocument.read_page

    def failing(self: PdfiumDocument, index: int) -> PdfPage:
        if index == 2:
            raise SkippedText("PDFium left 1 text object of page 3 out of its text")
        return real(self, index)

    monkeypatch.setattr(PdfiumDocument, "read_page", failing)
    pages = read_pdf_pages(catalog_pdfs["plain"].path, engine="pdfium")
    reference, _ = reads["plain", "pdfplumber"]
    assert pages[2] == reference[2]  # exactly pdfplumber's page
    assert list(differences(reference, pages)) == []


def page_objects(data: bytes) -> list[re.Match[bytes]]:
    """reportlab's page objects, in page order: ``N 0 obj << /Contents M 0 R …``."""
    return list(re.finditer(rb"\n(\d+) 0 obj\n<<\n/Contents (\d+) 0 R", data))


def test_a_page_only_pdfminer_skips_is_refused_naming_it(small: BuiltPdf, tmp_path: Path) -> None:
    """Page 3's dictionary overwritten: pdfminer silently leaves the page out (3 pages of 4),
    PDFium counts it and cannot load it. The PDFium engine says so rather than read page 4's
    text as page 3's."""
    data = bytearray(small.path.read_bytes())
    found = page_objects(bytes(data))[2]
    start, end = found.end(1) + len(" 0 obj\n"), data.index(b"endobj", found.start())
    data[start:end] = b"42".ljust(end - start)
    path = tmp_path / "page3.pdf"
    path.write_bytes(bytes(data))
    assert read_pdf_source(path, engine="pdfplumber").pages == 3
    with pytest.raises(PdfError) as caught:
        read_pdf_source(path, engine="pdfium")
    assert (caught.value.file, caught.value.page) == (str(path), 3)
    assert caught.value.problem == (
        "the PDF is damaged or not a PDF (PdfiumError: Failed to load page 3.)")


# --- damaged PDFs: the same one-line error ------------------------------------------------


def _truncated(small: BuiltPdf, path: Path) -> Path:
    data = small.path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _cut_inside(small: BuiltPdf, path: Path) -> Path:
    data = small.path.read_bytes()
    path.write_bytes(data[: len(data) // 3] + b"\n%%EOF\n")  # an end marker, but no xref
    return path


def _page_without_content(small: BuiltPdf, path: Path) -> Path:
    """Page 3's content stream points to an object the file does not have."""
    data = bytearray(small.path.read_bytes())
    found = page_objects(bytes(data))[2]
    data[found.start(2) : found.end(2)] = b"9" * (found.end(2) - found.start(2))
    path.write_bytes(bytes(data))
    return path


#: Each damaged PDF, made from the small catalog, and the reason its error gives.
DAMAGED: dict[str, tuple[Callable[[BuiltPdf, Path], Path], str]] = {
    "random bytes": (lambda small, path: write_random_pdf(path), r"^not a PDF: "),
    "truncated": (_truncated, r"^the PDF is damaged: it is truncated"),
    "cut inside its objects": (_cut_inside, r"^the PDF is damaged: it ends unexpectedly"),
    "encrypted": (lambda small, path: write_encrypted_pdf(path), r"^the PDF is encrypted"),
    "scanned": (lambda small, path: write_scanned_pdf(path), r"has no text layer .*needs OCR"),
    "unmapped fonts": (lambda small, path: write_unmapped_pdf(path),
                       r"text layer cannot be decoded .*needs OCR"),
    "blank page inside": (lambda small, path: with_blank_pages(
        small.path, path, at=1, replace=True), r"^page 2 of 4 has no text between"),
    "page without content": (_page_without_content,
                             r"^the page cannot be read \(its content is not a stream"),
}


@pytest.mark.parametrize("kind", list(DAMAGED))
def test_damaged_pdf_gives_the_same_error(kind: str, small: BuiltPdf, tmp_path: Path) -> None:
    make, reason = DAMAGED[kind]
    path = make(small, tmp_path / "damaged.pdf")
    errors = []
    for engine in PDF_ENGINES:
        with pytest.raises(PdfError) as caught:
            read_pdf_source(path, engine=engine, ocr="never")
        errors.append((str(caught.value), caught.value.file, caught.value.page))
    assert errors[0] == errors[1]
    message, file, _ = errors[0]
    assert file == str(path) and "\n" not in message
    assert re.search(reason, message.split(": ", 1)[1]), message


# --- engines --------------------------------------------------------------------------------


def test_the_engines(catalog_pdfs: dict[str, BuiltPdf]) -> None:
    assert (PDF_ENGINES, DEFAULT_PDF_ENGINE) == (("pdfium", "pdfplumber"), "pdfium")
    path = catalog_pdfs["plain"].path
    for read in (read_pdf_pages, read_pdf_source):
        with pytest.raises(ValueError, match=r"unknown PDF engine 'mupdf': use one of pdfium, "
                                             r"pdfplumber"):
            read(path, engine="mupdf")


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_a_worker_reads_with_the_engine_it_is_given(
    engine: str, catalog_pdfs: dict[str, BuiltPdf], reads: dict[tuple[str, str], Read]
) -> None:
    """The job of a worker process (run here, in-process) names the engine; the parallel
    read itself is tested with the default engine in tests/test_pdf_source.py."""
    pages = pdf._read_page_range((str(catalog_pdfs["book"].path), 1, 4, None, engine))
    assert pages == reads["book", engine][0][1:4]


# --- text objects PDFium leaves out --------------------------------------------------------


def test_a_lone_space_pdfium_leaves_out_keeps_the_page_pdfiums(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A space drawn alone (one glyph without an outline: PDFium skips the object) draws
    nothing: the page stays PDFium's, and reads as pdfplumber reads it."""
    path = write_lone_space_pdf(tmp_path / "space.pdf")
    handed: list[int] = []
    real = pdf._read_page
    monkeypatch.setattr(pdf, "_read_page", lambda page, path: handed.append(1) or real(page, path))
    assert [line.text for line in read_pdf_pages(path)[0].lines] == ["Hello world"]
    assert handed == []
    assert [line.text for line in read_pdf_pages(path, engine="pdfplumber")[0].lines] == [
        "Hello world"]


def test_a_lone_glyph_without_an_outline_is_read_by_pdfplumber(tmp_path: Path) -> None:
    """``一`` alone, in a Chinese font PDFium can neither load nor substitute: PDFium skips the
    object, which is not known to be blank, so pdfplumber reads the page."""
    path = write_lone_glyph_pdf(tmp_path / "glyph.pdf")
    with pytest.raises(SkippedText, match="left 1 text object of page 1 out of its text"):
        PdfiumDocument(path).read_page(0)
    assert [line.text for line in read_pdf_pages(path)[0].lines] == ["Hello", "一"]
