"""Read a PDF edition into a ``SourceDocument``: the only module that opens PDFs for their text.

Two engines read the pages (``PDF_ENGINES``): PDFium (pypdfium2, ``pipeline.parse.sources.pdfium``;
the default, several times faster) and pdfplumber (pdfminer), which the PDFium engine is tested
against line for line where both decode the fonts. Neither is taken as the truth: a page whose
text one engine garbles (``pdf_script``: a legacy GB-coded font without a Unicode map reads as
Latin-1 mojibake) is read by the other; a page neither decodes goes to OCR when its font is
embedded, or is refused naming the font. Either way a page is read, turned into plain
``PdfPage`` data and closed at once (pdfplumber caches every layout object of a page), so memory
stays flat however long the catalog is; ``pdf_layout`` then rebuilds the reading lines from that
data. Long documents are read by worker processes, each opening the file itself for a
contiguous range of pages with the same engine. Whatever the PDF library raises on a bad file
becomes a ``PdfError`` that says what is wrong: not a PDF, damaged, encrypted, or scanned (no
text layer). A file or a page PDFium cannot open, or a page it leaves text out of, is handed to
pdfplumber, which reads it (pdfminer tolerates some damage PDFium does not) or says what is
wrong with it: both engines refuse a bad file in the same words.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from queue import Empty, Queue
from typing import Any, Protocol

import pdfplumber
import pypdfium2
import pypdfium2.raw
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.psexceptions import PSEOF, PSException
from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from pipeline.errors import PdfError, PipelineError, SourceEmpty, SourceTooLarge
from pipeline.models import SourceDocument, SourceLine
from pipeline.parse.sources.content_hash import content_sha256, file_chunks
from pipeline.parse.sources.library_logs import quiet_library_logs
from pipeline.parse.sources.options import DEFAULT_OCR_MODE, OcrMode
from pipeline.parse.sources.page_sequence import page_gap
from pipeline.parse.sources.pdf_layout import (
    PdfChar,
    PdfPage,
    assemble_lines,
    build_lines,
    is_bold_font,
)
from pipeline.parse.sources.pdf_script import GarbledFont, garbled_fonts, may_be_garbled
from pipeline.parse.sources.pdf_streams import damaged_stream, whole_file
from pipeline.parse.sources.pdfium import PdfiumDocument
from pipeline.parse.workers import (
    DEFAULT_MAX_WORKERS,
    chunk_bounds,
    map_chunks,
    shared_manager,
)
from pipeline.profile import Profile, default_profile

__all__ = [
    "DEFAULT_PARALLEL_PAGES",
    "DEFAULT_PDF_ENGINE",
    "PDF_ENGINES",
    "PageProgress",
    "pdf_document",
    "pdf_page_count",
    "read_pdf_page_range",
    "read_pdf_pages",
    "read_pdf_source",
]

#: Hears ``(pages read so far, pages in all)`` while a PDF is read: a progress display's hook.
PageProgress = Callable[[int, int], None]

#: The engines that read a PDF's pages: PDFium (fast), and pdfplumber.
PDF_ENGINES: tuple[str, ...] = ("pdfium", "pdfplumber")
#: The engine used unless another is named.
DEFAULT_PDF_ENGINE = "pdfium"
#: Documents with more pages than this are read by worker processes.
DEFAULT_PARALLEL_PAGES = 64
#: The ``%PDF-`` header must start within this many bytes of the file's start, and the
#: ``%%EOF`` marker within this many of its end (what PDF readers tolerate).
DEFAULT_MARKER_WINDOW = 1024
#: A PDF up to this size is read whole to judge its streams at once (``_whole_file``).
DEFAULT_SCANNED_BYTES = 256 * 1024 * 1024
#: Above this share of glyphs without a Unicode mapping (``(cid:123)``) the text is unusable.
DEFAULT_UNMAPPED_SHARE = 0.5

_UNMAPPED_PREFIX = "(cid:"
_NEEDS_OCR = "the PDF has no text layer (scanned pages?): it needs OCR before it can be ingested"
#: What the messages of a PDF without (usable) text add: OCR was off, or found nothing.
_OCR_OFF = " (OCR is off: --ocr never; --ocr auto reads such pages)"
_OCR_FOUND_NONE = " (OCR found no text on it either)"
#: What the message of a page whose text neither engine decodes adds: why OCR was not tried,
#: or that it read no better.
_NOT_EMBEDDED = (" (the font is not embedded, so its page is drawn from the same wrong codes and "
                 "OCR cannot read it either: export the edition again with its fonts embedded, "
                 "or as text)")  # fmt: skip
_OCR_GARBLED = " (OCR of the page read no Chinese either)"
_NOT_A_PDF = "not a PDF: the file has no %PDF header (damaged, or another format named .pdf)"
_TRUNCATED = "the PDF is damaged: it is truncated (no %%EOF marker at its end)"
_ENCRYPTED = "the PDF is encrypted (password-protected): save an unencrypted copy and ingest that"

quiet_library_logs()  # pdfminer's font warnings are not the edition's errors


def read_pdf_source(
    path: Path,
    profile: Profile | None = None,
    *,
    parallel_pages: int = DEFAULT_PARALLEL_PAGES,
    max_workers: int | None = None,
    on_page: PageProgress | None = None,
    engine: str = DEFAULT_PDF_ENGINE,
    ocr: OcrMode = DEFAULT_OCR_MODE,
    on_ocr_page: PageProgress | None = None,
) -> SourceDocument:
    """Read one PDF edition: its content lines with 1-based page numbers, and its TOC titles.

    Lines are numbered 1, 2, 3… across the document after running headers and footers, page
    numbers, the cover and the table of contents are removed. Above ``parallel_pages`` pages,
    ``max_workers`` processes (default ``DEFAULT_MAX_WORKERS``) read the pages; they are
    *spawned*, so a script calling this needs the usual ``if __name__ == "__main__":`` guard.
    ``engine`` is one of ``PDF_ENGINES`` (``ValueError`` for another). Pages are read by OCR
    as ``ocr`` says (``pipeline.parse.sources.ocr.pages_to_ocr``; ``on_ocr_page`` hears them
    done); their lines carry OCR's confidence.
    Raises ``SourceEmpty`` for a zero-byte file and ``PdfError`` for a file that is not a PDF,
    is damaged or encrypted, or has no usable text layer (and OCR is off or finds none).
    """
    _check_engine(engine)
    digest = _check_markers_and_hash(path)
    limit = (profile or default_profile()).source.max_pdf_pages
    pages = read_pdf_pages(path, parallel_pages=parallel_pages, max_workers=max_workers,
                           max_pages=limit, on_page=on_page, engine=engine)  # fmt: skip
    return pdf_document(path, pages, digest, profile, ocr=ocr, on_ocr_page=on_ocr_page)


def pdf_page_count(path: Path, profile: Profile | None = None,
                   engine: str = DEFAULT_PDF_ENGINE) -> tuple[int, str]:  # fmt: skip
    """The page count and SHA-256 of the PDF at ``path``, checked as ``read_pdf_source``
    checks it before reading a page: for a runner that reads page ranges on other machines
    (``read_pdf_page_range``) and assembles them (``pdf_document``)."""
    _check_engine(engine)
    digest = _check_markers_and_hash(path)
    limit = (profile or default_profile()).source.max_pdf_pages
    with _pdf_errors(path), _open_pages(path, engine) as document:
        count = document.count
    if count == 0:
        raise PdfError("the PDF is damaged: it has no pages", file=str(path))
    if count > limit:
        raise SourceTooLarge(f"the PDF has {count} pages; the limit is {limit} (profile key "
                             "source.max_pdf_pages)", file=str(path))  # fmt: skip
    return count, digest


def read_pdf_page_range(path: Path, start: int, stop: int,
                        engine: str = DEFAULT_PDF_ENGINE) -> list[PdfPage]:  # fmt: skip
    """Pages ``start…stop-1`` (0-based) of the PDF at ``path``, read by ``engine``."""
    _check_engine(engine)
    return _read_page_range((str(path), start, stop, None, engine))


def pdf_document(
    path: Path, pages: Sequence[PdfPage], digest: str, profile: Profile | None = None, *,
    ocr: OcrMode = DEFAULT_OCR_MODE, on_ocr_page: PageProgress | None = None,
) -> SourceDocument:  # fmt: skip
    """The ``SourceDocument`` of the PDF at ``path`` from its ``pages`` (every page, in
    order) and its SHA-256: pages without text read by OCR as ``ocr`` says, then the layout
    rules (``read_pdf_source`` without the reading)."""
    # OCR's module (and the numerals it loads) is not needed by the processes that read pages
    from pipeline.parse.sources.ocr import pages_to_ocr

    pages = list(pages)
    scanned = sorted({*pages_to_ocr(pages, ocr, DEFAULT_UNMAPPED_SHARE),
                      *_garbled_to_ocr(pages, ocr)})  # fmt: skip
    if scanned:
        from pipeline.parse.sources.ocr import read_by_ocr  # the OCR engine loads only here

        rules = profile or default_profile()
        pages = read_by_ocr(path, pages, scanned, rules.structure, rules.ocr.min_char_confidence,
                            on_page=on_ocr_page, budget=rules.ocr)  # fmt: skip
        pages = [_ocr_garbled(page) if page.number in scanned else page for page in pages]
    _require_text(pages, path, ocr)
    layout = assemble_lines(pages, profile.pages if profile else None)
    gap = page_gap(dict(layout.printed_pages))
    if gap is not None:
        raise PdfError(gap.describe(), file=str(path), page=gap.page + 1)
    scores: tuple[float | None, ...] = layout.confidence or (None,) * len(layout.lines)
    return SourceDocument(
        path=str(path),
        source_format="pdf",
        sha256=digest,
        pages=len(pages),
        lines=tuple(
            SourceLine(text=text, line_no=number, page=page, confidence=score)
            for number, ((text, page), score) in enumerate(
                zip(layout.lines, scores, strict=True), start=1
            )
        ),
        toc_titles=layout.toc_titles,
        ocr_pages=_ocr_pages(pages),
        ocr_unsettled_spaces=sum(line.unsettled_spaces for page in pages for line in page.lines),
    )


def _garbled_to_ocr(pages: Sequence[PdfPage], ocr: OcrMode) -> list[int]:
    """The pages whose text neither engine decodes (``PdfPage.garbled``) that OCR may read:
    unless ``ocr`` is ``never``, those whose garbled fonts are embedded or may be. A font the
    PDF does not embed is drawn from a substitute by the same wrong codes, so its image is as
    garbled as its text."""
    if ocr == "never":
        return []
    return [page.number for page in pages
            if page.garbled and all(font.embedded is not False for font in page.garbled)]


def _ocr_garbled(page: PdfPage) -> PdfPage:
    """An OCR'd page, with its text judged as a font's would be: OCR reading the glyphs of a
    garbled font's substitute reads mojibake."""
    found = garbled_fonts(("OCR", line.text) for line in page.lines)
    return dataclasses.replace(page, garbled=found) if found else page


def _ocr_pages(pages: Sequence[PdfPage]) -> tuple[int, ...]:
    """The pages whose lines OCR read (they carry its confidence)."""
    return tuple(page.number for page in pages
                 if any(line.confidence is not None for line in page.lines))  # fmt: skip


def read_pdf_pages(
    path: Path,
    *,
    parallel_pages: int = DEFAULT_PARALLEL_PAGES,
    max_workers: int | None = None,
    max_pages: int | None = None,
    on_page: PageProgress | None = None,
    engine: str = DEFAULT_PDF_ENGINE,
) -> list[PdfPage]:
    """Every page as plain data, in order, read by ``engine`` (one of ``PDF_ENGINES``); in
    worker processes above ``parallel_pages`` pages. ``on_page(read, total)`` hears how many
    pages are read so far, as they are read.

    Raises ``ValueError`` for an unknown engine, ``PdfError`` when the PDF library cannot read
    the file, it has no pages, or more than ``max_pages`` (checked before any page is read).
    """
    _check_engine(engine)
    with _pdf_errors(path), _open_pages(path, engine) as document:
        count = document.count
        if count == 0:
            raise PdfError("the PDF is damaged: it has no pages", file=str(path))
        if max_pages is not None and count > max_pages:
            raise SourceTooLarge(
                f"the PDF has {count} pages; the limit is {max_pages} (profile key "
                "source.max_pdf_pages)", file=str(path),
            )
        if count <= parallel_pages:
            pages = []
            for index in range(count):
                pages.append(document.read(index))
                if on_page is not None:
                    on_page(len(pages), count)
            return pages
    return _read_parallel(path, count, max_workers or DEFAULT_MAX_WORKERS, on_page, engine)


def _check_engine(engine: str) -> None:
    if engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}: use one of {', '.join(PDF_ENGINES)}")


def _read_parallel(
    path: Path, count: int, workers: int, on_page: PageProgress | None = None,
    engine: str = DEFAULT_PDF_ENGINE,
) -> list[PdfPage]:
    bounds = chunk_bounds(count, min(workers, count))
    if on_page is None:
        return map_chunks(_read_page_range, [(str(path), a, b, None, engine) for a, b in bounds],
                          _died(path))  # fmt: skip
    with shared_manager() as manager:  # its server process dies with this one
        read: Queue[int] = manager.Queue()  # each worker puts 1 per page it has read
        done = [0]

        def poll() -> None:
            while True:
                try:
                    done[0] += read.get_nowait()
                except Empty:
                    break
            on_page(done[0], count)

        jobs = [(str(path), a, b, read, engine) for a, b in bounds]
        return map_chunks(_read_page_range, jobs, _died(path), poll)


def _died(path: Path) -> Callable[[BrokenProcessPool], PdfError]:

    def died(error: BrokenProcessPool) -> PdfError:
        return PdfError(
            f"a process reading the PDF's pages died ({error}): out of memory, or a script "
            "without the if __name__ == '__main__' guard?",
            file=str(path),
        )

    return died


def _read_page_range(job: tuple[str, int, int, Queue[int] | None, str]) -> list[PdfPage]:
    """Pages ``start…stop-1`` (0-based) of the PDF at ``path``, read by ``engine``: a worker
    process's job; each page read is counted into ``read`` when a progress display listens."""
    path, start, stop, read, engine = job
    pages = []
    with _pdf_errors(Path(path)), _open_pages(Path(path), engine) as document:
        for index in range(start, stop):
            pages.append(document.read(index))
            if read is not None:
                read.put(1)
    return pages


class _Document(Protocol):
    """An open PDF as an engine reads it: its page count, and a page as plain data."""

    @property
    def count(self) -> int: ...

    def read(self, index: int) -> PdfPage:
        """Page ``index`` (0-based); raises ``PdfError`` naming the page when it is damaged."""
        ...


class _PlumberDocument:
    """The pdfplumber engine: its characters (pdfminer's layout). A page whose text
    it garbles (a legacy GB-coded font, ``pdf_script``) is read by PDFium when PDFium decodes
    it."""

    def __init__(self, pdf: PDF, path: Path) -> None:
        self.pdf, self.path = pdf, path
        self._other: PdfiumDocument | None = None  # opened for the first garbled page

    @property
    def count(self) -> int:
        return len(self.pdf.pages)

    def read(self, index: int) -> PdfPage:
        return _decoded(_read_page(self.pdf.pages[index], self.path),
                        lambda: self._pdfium_page(index))  # fmt: skip

    def _pdfium_page(self, index: int) -> PdfPage | None:
        """PDFium's reading of page ``index``; None when PDFium cannot read it."""
        try:
            if self._other is None:
                self._other = PdfiumDocument(self.path)
            if self._other.page_count != self.count:
                return None
            return self._other.read_page(index)
        except pypdfium2.PdfiumError:
            return None

    def close(self) -> None:
        if self._other is not None:
            self._other.close()


class _PdfiumDocument:
    """The fast engine (``pipeline.parse.sources.pdfium``). A page PDFium cannot load, or
    leaves text out of, is read by the reference engine, which reads it or says what is wrong
    with it; when the two do not even agree on the page count (pdfminer skips a page it cannot
    parse), PDFium's error, naming the page, stands: no page is read in the place of another.
    A page whose text PDFium garbles is read by the reference engine when that decodes it."""

    def __init__(self, document: PdfiumDocument, path: Path) -> None:
        self.document, self.path = document, path
        self._reference: PDF | None = None  # opened for the first page PDFium cannot read
        self._whole: bool | None = None  # every page's content streams are whole

    @property
    def count(self) -> int:
        return self.document.page_count

    def read(self, index: int) -> PdfPage:
        try:
            with _pdf_errors(self.path, page=index + 1):
                page = self.document.read_page(index)
            self._check_streams(index)
        except PdfError as error:
            if not isinstance(error.__cause__, pypdfium2.PdfiumError):
                raise
            reference = self._reference_page(index)
            if reference is None:
                raise
            return reference
        return _decoded(page, lambda: self._reference_page(index))

    def _reference_page(self, index: int) -> PdfPage | None:
        """The reference engine's reading of page ``index``; None when pdfminer does not
        count the pages as PDFium does."""
        with _pdf_errors(self.path, page=index + 1):
            if self._reference is None:
                self._reference = pdfplumber.open(self.path)
            if len(self._reference.pages) != self.count:
                return None
        return _read_page(self._reference.pages[index], self.path)

    def _check_streams(self, index: int) -> None:
        """Refuse page ``index`` when a content stream of it is damaged: PDFium reads such a
        page up to the damage and says nothing. Pages pdfminer does not count alike cannot be
        matched, and are not judged. A file whose streams are all whole by its raw bytes
        (``pdf_streams.whole_file``) needs no page checked."""
        if self._whole is None:
            self._whole = _whole_file(self.path)
        if self._whole:
            return
        with _pdf_errors(self.path, page=index + 1):
            if self._reference is None:
                self._reference = pdfplumber.open(self.path)
            if len(self._reference.pages) == self.count:
                _refuse_damaged(self._reference.pages[index].page_obj.contents, self.path,
                                index + 1)  # fmt: skip

    def close(self) -> None:
        self.document.close()
        if self._reference is not None:
            self._reference.close()


def _whole_file(path: Path) -> bool:
    """``pdf_streams.whole_file`` of the PDF at ``path``; False (judge page by page) above
    ``DEFAULT_SCANNED_BYTES``."""
    if path.stat().st_size > DEFAULT_SCANNED_BYTES:
        return False
    return whole_file(path.read_bytes())


def _decoded(page: PdfPage, other: Callable[[], PdfPage | None]) -> PdfPage:
    """``page``; or, when a font's text on it is garbled (``PdfPage.garbled``), the other
    engine's reading of it (``other()``) if that decodes every font. Else the garbled page
    stays: ``pdf_document`` has it read by OCR, or refuses it naming the font."""
    if not page.garbled:
        return page
    try:
        second = other()
    except PdfError:
        return page
    return second if second is not None and second.lines and not second.garbled else page


@contextmanager
def _open_pages(path: Path, engine: str) -> Iterator[_Document]:
    """The PDF at ``path`` opened by ``engine``, closed on exit. A file PDFium refuses is
    encrypted (``PdfError``), unreadable (the ``OSError`` of opening it), or else opened by
    the reference engine, which reads it or says what is wrong with it."""
    if engine == "pdfium":
        try:
            pdfium_document = PdfiumDocument(path)
        except pypdfium2.PdfiumError as error:
            if error.err_code == pypdfium2.raw.FPDF_ERR_PASSWORD:
                raise PdfError(_ENCRYPTED, file=str(path)) from error
            if error.err_code == pypdfium2.raw.FPDF_ERR_FILE:
                path.open("rb").close()  # the reason it cannot be read, as an OSError
        else:
            document = _PdfiumDocument(pdfium_document, path)
            try:
                yield document
            finally:
                document.close()
            return
    with pdfplumber.open(path) as pdf:
        plumber = _PlumberDocument(pdf, path)
        try:
            yield plumber
        finally:
            plumber.close()


def _read_page(page: Page, path: Path) -> PdfPage:
    """One page as plain data; the page's cached layout objects are released before return."""
    try:
        with _pdf_errors(path, page=page.page_number):
            _refuse_damaged(page.page_obj.contents, path, page.page_number)  # before decoding
            objects: list[dict[str, Any]] = page.chars
        visible = [obj for obj in objects if str(obj["text"]).strip()]
        mapped = [obj for obj in visible if not str(obj["text"]).startswith(_UNMAPPED_PREFIX)]
        garbled: tuple[GarbledFont, ...] = ()
        if may_be_garbled("".join(str(obj["text"]) for obj in mapped)):
            garbled = garbled_fonts((str(obj.get("fontname", "")), str(obj["text"]))
                                    for obj in mapped)  # fmt: skip
        return PdfPage(
            number=page.page_number,
            width=float(page.width),
            height=float(page.height),
            lines=build_lines(map(_to_char, mapped), page.page_number),
            text_chars=len(visible),
            unmapped_chars=len(visible) - len(mapped),
            garbled=garbled,
        )
    finally:
        page.close()


def _refuse_damaged(contents: Sequence[Any], path: Path, number: int) -> None:
    """``PdfError`` naming page ``number`` when one of its content streams is damaged: what the
    page held would be missing from its entries without a trace."""
    problem = damaged_stream(contents)
    if problem is not None:
        raise PdfError(f"the page cannot be read ({problem}): what it holds would be missing "
                       "from its entries", file=str(path), page=number)  # fmt: skip


def _to_char(obj: dict[str, Any]) -> PdfChar:
    return PdfChar(
        text=str(obj["text"]),
        x0=float(obj["x0"]),
        x1=float(obj["x1"]),
        top=float(obj["top"]),
        bottom=float(obj["bottom"]),
        size=float(obj["size"]),
        bold=is_bold_font(str(obj.get("fontname", ""))),
    )


def _check_markers_and_hash(path: Path) -> str:
    """The file's SHA-256, after checking it starts like a PDF and was not cut short."""
    head, tail = b"", b""

    def watched() -> Iterator[bytes]:  # the one read: hashed, its ends kept for the markers
        nonlocal head, tail
        for chunk in file_chunks(path):
            head = head or chunk[:DEFAULT_MARKER_WINDOW]
            tail = (tail + chunk)[-DEFAULT_MARKER_WINDOW:]
            yield chunk

    digest = content_sha256(watched())
    if not head.strip() and not tail.strip():
        raise SourceEmpty("the file is empty", file=str(path))
    if b"%PDF-" not in head:
        raise PdfError(_NOT_A_PDF, file=str(path))
    if b"%%EOF" not in tail:
        raise PdfError(_TRUNCATED, file=str(path))
    return digest


def _require_text(pages: Sequence[PdfPage], path: Path, ocr: OcrMode) -> None:
    """Refuse a PDF whose pages carry no text, or text the fonts do not map to characters, or
    that has a page without text between pages with text: whatever that page held (a scan, or
    content lost when the file was damaged) would be missing from its entry without a trace.
    Blank pages before the first and after the last page with text hold nothing and pass.
    ``ocr`` is how the pages were read: the message says what to do next."""
    glyphs = sum(page.text_chars for page in pages)
    unmapped = sum(page.unmapped_chars for page in pages)
    remedy = _OCR_OFF if ocr == "never" else _OCR_FOUND_NONE
    if glyphs == 0:
        raise PdfError(f"{_NEEDS_OCR}{remedy}", file=str(path))
    with_text = [page.number for page in pages if page.text_chars]
    blank = [page.number for page in pages
             if not page.text_chars and with_text[0] < page.number < with_text[-1]]  # fmt: skip
    if blank:
        listed = ", ".join(map(str, blank[:5])) + (" …" if len(blank) > 5 else "")
        raise PdfError(
            f"page{'s' if len(blank) > 1 else ''} {listed} of {len(pages)} "
            f"{'have' if len(blank) > 1 else 'has'} no text between pages with text (a scanned "
            "page, or content lost): the entries there would miss fields; OCR the page, or "
            f"remove it if it is meant to be blank{remedy}",
            file=str(path),
            page=blank[0],
        )
    garbled = next((page for page in pages if page.garbled), None)
    if garbled is not None:
        font = garbled.garbled[0]
        if all(each.embedded is False for each in garbled.garbled):
            why = _NOT_EMBEDDED
        else:
            why = _OCR_OFF if ocr == "never" else _OCR_GARBLED
        raise PdfError(f"the page's text cannot be decoded: {font.describe()}; "
                       f"neither PDF engine reads it as Chinese{why}", file=str(path),
                       page=garbled.number)  # fmt: skip
    if unmapped > DEFAULT_UNMAPPED_SHARE * glyphs:
        raise PdfError(
            "the PDF's text layer cannot be decoded (its fonts map glyphs to no characters): "
            f"it needs OCR before it can be ingested{remedy}",
            file=str(path),
        )


@contextmanager
def _pdf_errors(path: Path, page: int | None = None) -> Iterator[None]:
    """Turn whatever the PDF library raises on a bad file into a ``PdfError`` for ``path``
    (and ``page``, when one page is being read)."""
    try:
        yield
    except PipelineError:
        raise
    except (PdfminerException, MalformedPDFException, PSException) as error:
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        raise PdfError(_explain(cause), file=str(path), page=page) from error
    except OSError:
        raise  # a failed read, not a bad file: callers may retry
    except Exception as error:  # the library raises anything at all on a damaged file
        raise PdfError(_explain(error), file=str(path), page=page) from error


def _explain(cause: object) -> str:
    if isinstance(cause, PDFEncryptionError) or (
        isinstance(cause, pypdfium2.PdfiumError)
        and cause.err_code == pypdfium2.raw.FPDF_ERR_PASSWORD
    ):
        return _ENCRYPTED
    if isinstance(cause, PSEOF):
        return "the PDF is damaged: it ends unexpectedly (truncated?)"
    detail = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
    return f"the PDF is damaged or not a PDF ({detail})"
