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

Only this module imports python-docx. A legacy ``.doc`` (or a password-protected ``.docx``,
which is stored in the same OLE2 container) is refused with a line saying what to do.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import SourceEmpty, SourceError, SourceTooLarge
from pipeline.models import SourceDocument, SourceLine
from pipeline.profile import Profile, default_profile

__all__ = ["OLE2_MAGIC", "WordError", "read_docx_source"]

#: The first bytes of an OLE2 compound file: a Word 97–2003 ``.doc``, or an encrypted ``.docx``.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The part that holds a ``.docx``'s body.
DOCUMENT_PART = "word/document.xml"
#: How many times the profile's text limit the unpacked body may be (XML is verbose; a
#: ``.docx`` that unpacks to more is refused before python-docx parses it).
UNPACKED_FACTOR = 16
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
            body = archive.getinfo(DOCUMENT_PART)
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise WordError(f"not a readable Word .docx document ({error})", file=str(path)) from None
    limit = profile.source.max_text_mb * UNPACKED_FACTOR
    if body.file_size > limit * 2**20:
        raise SourceTooLarge(
            f"the document's body unpacks to {body.file_size / 2**20:,.0f} MB; the limit is "
            f"{limit} MB ({UNPACKED_FACTOR}× the profile key source.max_text_mb)",
            file=str(path))


def _blocks(body: Any) -> Iterator[Any]:
    """The body's paragraphs in document order, those of table cells included."""
    for element in body.iterchildren():
        if element.tag == f"{_W}p":
            yield element
        elif element.tag == f"{_W}tbl":
            yield from (p for p in element.iter(f"{_W}p"))


def _starts_page(paragraph: Any) -> bool:
    return any(flag.get(f"{_W}val", "true") not in ("0", "false")
               for flag in paragraph.iter(f"{_W}pageBreakBefore"))  # fmt: skip


def _page_breaks(paragraph: Any) -> int:
    return sum(1 for br in paragraph.iter(f"{_W}br") if br.get(f"{_W}type") == "page")


def _lines(document: Any) -> Iterator[SourceLine]:
    from docx.text.paragraph import Paragraph

    page = 1
    for index, element in enumerate(_blocks(document.element.body), start=1):
        if _starts_page(element) and index > 1:
            page += 1
        text = Paragraph(element, document).text
        for part in text.split("\n"):
            yield SourceLine(part, index, page)
        page += _page_breaks(element)


def read_docx_source(path: Path, profile: Profile | None = None) -> SourceDocument:
    """Read a ``.docx`` edition. Raises ``WordError`` (``.doc``, encrypted, damaged),
    ``SourceTooLarge`` or ``SourceEmpty`` (no text)."""
    profile = profile or default_profile()
    data = path.read_bytes()
    _check_container(path, data, profile)
    import docx  # python-docx loads only for Word editions

    try:
        document = docx.Document(io.BytesIO(data))
        lines = tuple(_lines(document))
    except Exception as error:  # lxml and python-docx raise many kinds for a damaged part
        raise WordError(f"not a readable Word .docx document ({type(error).__name__}: "
                        f"{error})", file=str(path)) from None  # fmt: skip
    if not any(line.text.strip() for line in lines):
        raise SourceEmpty("the Word document has no text", file=str(path))
    return SourceDocument(
        path=str(path), source_format="docx", sha256=hashlib.sha256(data).hexdigest(),
        pages=max((line.page for line in lines), default=1), lines=lines,
    )
