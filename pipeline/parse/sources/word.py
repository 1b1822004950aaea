"""Word editions (``.docx``): the body's paragraphs, in order, as source lines.

A catalog circulated as a Word file holds the same text as its PDF, one paragraph per logical
line (Word wraps lines itself, so there are no hard wraps or page-number lines to undo). The
body is walked in document order, paragraphs inside tables included (a cell's paragraphs
after one another); each paragraph is one ``SourceLine`` whose ``line_no`` is its index among
the body's paragraphs (the provenance a reader can find again in Word), and a line break
inside a paragraph (Shift+Enter) splits it into lines with the same index. Word has no pages
until it lays the document out, so ``page`` counts the explicit page breaks (a break, or a
paragraph set to start on a new page): page 1 when there are none. Running headers and footers
live in their own parts of the file and never reach the body.

A line reads as a person sees it in Word. Automatic numbering is not in a paragraph's text, so
its label (``一、``, ``（2）``) is rendered from the numbering definitions and put in front
(``word_numbering``); a contact table (labels over values, or label/value pairs) becomes
``label：value`` lines pointing at the value's paragraph (``word_tables``), any other table
stays one line per cell paragraph.

Only this module imports python-docx. A legacy ``.doc`` (or a password-protected ``.docx``,
which is stored in the same OLE2 container) is refused with a line saying what to do.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from pipeline.errors import SourceEmpty, SourceError, SourceTooLarge
from pipeline.models import SourceDocument, SourceLine
from pipeline.parse.sources.content_hash import content_sha256
from pipeline.parse.sources.word_numbering import ListDefinitions, list_labels, read_definitions
from pipeline.parse.sources.word_tables import label_value_lines
from pipeline.profile import Profile, SourceRules, default_profile

__all__ = ["OLE2_MAGIC", "WordError", "read_docx_source"]

#: The first bytes of an OLE2 compound file: a Word 97–2003 ``.doc``, or an encrypted ``.docx``.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The part that holds a ``.docx``'s body.
DOCUMENT_PART = "word/document.xml"
#: Parts that are parsed as XML (the rest, media, are only held in memory).
XML_SUFFIXES = (".xml", ".rels")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class WordError(SourceError):
    """The file is not a readable Word (.docx) document."""


def _check_container(path: Path, data: bytes, profile: Profile) -> None:
    if data.startswith(OLE2_MAGIC):
        raise WordError(
            "a Word 97-2003 .doc file (or a password-protected .docx): save it as an "
            "unprotected .docx (Word: File > Save As; LibreOffice: soffice --headless "
            "--convert-to docx) and ingest that", file=str(path))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.getinfo(DOCUMENT_PART)
            parts = archive.infolist()
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise WordError(f"not a readable Word .docx document ({error})", file=str(path)) from None
    _check_unpacked(path, parts, profile.source)


def _check_unpacked(path: Path, parts: list[zipfile.ZipInfo], rules: SourceRules) -> None:
    """Refuse a ``.docx`` whose parts unpack to more than the profile allows, by the sizes
    the zip directory declares (``zipfile`` never unpacks more than that): an XML part over
    ``source.max_docx_xml_mb`` (lxml parses it whole), or all parts together over
    ``source.max_docx_unpacked_mb`` (python-docx holds every part in memory)."""
    xml_limit = rules.max_docx_xml_mb * 2**20
    for part in parts:
        if part.filename.lower().endswith(XML_SUFFIXES) and part.file_size > xml_limit:
            raise SourceTooLarge(
                f"the part {part.filename} unpacks to {_mb(part.file_size)}; the limit is "
                f"{rules.max_docx_xml_mb} MB (profile key source.max_docx_xml_mb)",
                file=str(path))  # fmt: skip
    total = sum(part.file_size for part in parts)
    if total > rules.max_docx_unpacked_mb * 2**20:
        raise SourceTooLarge(
            f"the document unpacks to {_mb(total)} in {len(parts)} parts; the limit is "
            f"{rules.max_docx_unpacked_mb} MB (profile key source.max_docx_unpacked_mb)",
            file=str(path))  # fmt: skip


def _mb(size: int) -> str:
    return f"{size / 2**20:,.1f} MB"


def _check_paragraphs(path: Path, count: int, rules: SourceRules) -> None:
    """Refuse a body of more paragraphs than ``source.max_docx_paragraphs``, before any is
    read: reading time grows with them."""
    if count > rules.max_docx_paragraphs:
        raise SourceTooLarge(
            f"the document has {count:,} paragraphs; the limit is {rules.max_docx_paragraphs:,} "
            "(profile key source.max_docx_paragraphs)", file=str(path))  # fmt: skip


def _paragraphs_of(element: Any) -> Iterator[Any]:
    """A body element's paragraphs: itself, or a table's cells' paragraphs in order."""
    if element.tag == f"{_W}p":
        yield element
    elif element.tag == f"{_W}tbl":
        yield from element.iter(f"{_W}p")


def _paragraphs(body: Any) -> Iterator[Any]:
    """The body's paragraphs in document order, those of table cells included."""
    for element in body.iterchildren():
        yield from _paragraphs_of(element)


def _starts_page(paragraph: Any) -> bool:
    return any(flag.get(f"{_W}val", "true") not in ("0", "false")
               for flag in paragraph.iter(f"{_W}pageBreakBefore"))  # fmt: skip


def _page_breaks(paragraph: Any) -> int:
    return sum(1 for br in paragraph.iter(f"{_W}br") if br.get(f"{_W}type") == "page")


def _pages(paragraphs: list[Any]) -> list[int]:
    """Each paragraph's page, counted from the explicit page breaks."""
    pages, page = [], 1
    for index, element in enumerate(paragraphs):
        if _starts_page(element) and index > 0:
            page += 1
        pages.append(page)
        page += _page_breaks(element)
    return pages


def _part_root(document: Any, relationship: str) -> Any:
    """The root element of a part the document's body refers to, or None."""
    from docx.oxml import parse_xml

    try:
        part = document.part.part_related_by(relationship)
    except KeyError:
        return None
    element = getattr(part, "element", None)
    return element if element is not None else parse_xml(part.blob)


def _list_definitions(document: Any) -> ListDefinitions:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    return read_definitions(_part_root(document, RT.NUMBERING),
                            _part_root(document, RT.STYLES))  # fmt: skip


def _lines(document: Any, check: Callable[[int], None]) -> Iterator[SourceLine]:
    """The body's lines; ``check`` hears the paragraph count before any is read."""
    from docx.text.paragraph import Paragraph

    body = document.element.body
    paragraphs = list(_paragraphs(body))
    check(len(paragraphs))
    labels = list_labels(_list_definitions(document), paragraphs)
    texts = {element: label + Paragraph(element, document).text
             for element, label in zip(paragraphs, labels, strict=True)}  # fmt: skip
    where = {element: (index, page) for index, (element, page)
             in enumerate(zip(paragraphs, _pages(paragraphs), strict=True), start=1)}  # fmt: skip
    for element in body.iterchildren():
        if element.tag == f"{_W}tbl" and (pairs := label_value_lines(element, texts.__getitem__)):
            yield from (SourceLine(text, *where[source]) for text, source in pairs)
            continue
        for paragraph in _paragraphs_of(element):
            parts = texts[paragraph].split("\n")
            yield from (SourceLine(part, *where[paragraph]) for part in parts)


def read_docx_source(path: Path, profile: Profile | None = None) -> SourceDocument:
    """Read a ``.docx`` edition. Raises ``WordError`` (``.doc``, encrypted, damaged),
    ``SourceTooLarge`` or ``SourceEmpty`` (no text)."""
    profile = profile or default_profile()
    data = path.read_bytes()
    _check_container(path, data, profile)
    import docx  # python-docx loads only for Word editions

    try:
        document = docx.Document(io.BytesIO(data))
        lines = tuple(_lines(document, partial(_check_paragraphs, path, rules=profile.source)))
    except SourceError:
        raise
    except Exception as error:  # lxml and python-docx raise many kinds for a damaged part
        raise WordError(f"not a readable Word .docx document ({type(error).__name__}: "
                        f"{error})", file=str(path)) from None  # fmt: skip
    if not any(line.text.strip() for line in lines):
        raise SourceEmpty("the Word document has no text", file=str(path))
    return SourceDocument(
        path=str(path), source_format="docx", sha256=content_sha256((data,)),
        pages=max((line.page for line in lines), default=1), lines=lines,
    )
