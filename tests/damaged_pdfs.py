"""Damaged copies of a built PDF edition: blank pages inserted, replacing content, appended; a
page whose content stream is overwritten or missing.

pypdfium2 (installed with pdfplumber) edits the page tree, so the copies are real PDFs that any
reader opens; only the pages named are touched.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium


def with_blank_pages(source: Path, target: Path, *, at: int, count: int = 1,
                     replace: bool = False) -> Path:
    """A copy of ``source`` with ``count`` blank pages at 0-based index ``at`` (``at`` equal to
    the page count appends); ``replace`` blanks the pages there instead of inserting."""
    document = pdfium.PdfDocument(str(source))
    try:
        width, height = document.get_page_size(0)
        for offset in range(count):
            if replace:
                document.del_page(at + offset)
            document.new_page(width, height, index=at + offset)
        document.save(str(target))
    finally:
        document.close()
    return target


def _content_stream(data: bytes, page: int) -> tuple[int, int]:
    """Where the bytes of 1-based ``page``'s content stream lie in ``data``, a PDF reportlab
    wrote (one content stream a page, pages in order)."""
    references = re.findall(rb"/Contents (\d+) 0 R", data)
    header = re.search(rb"\n%s 0 obj\s*<<.*?>>\s*stream\r?\n" % references[page - 1], data, re.S)
    assert header is not None
    return header.end(), data.index(b"endstream", header.end())


def with_damaged_page(source: Path, target: Path, *, page: int, fill: bytes = b"\0") -> Path:
    """A copy of ``source`` whose ``page`` (1-based) has the middle 40 bytes of its content
    stream overwritten with ``fill``: ``\\0`` breaks its ASCII85 layer, ``!`` (a valid ASCII85
    digit) the Flate data under it. Both engines read such a page up to the damage."""
    data = source.read_bytes()
    start, end = _content_stream(data, page)
    middle = (start + end) // 2
    target.write_bytes(data[:middle] + fill * 40 + data[middle + 40:])
    return target


def with_missing_contents(source: Path, target: Path, *, page: int) -> Path:
    """A copy of ``source`` whose ``page`` (1-based) refers to a content stream the file lacks."""
    data = source.read_bytes()
    reference = re.findall(rb"/Contents (\d+) 0 R", data)[page - 1]
    target.write_bytes(data.replace(b"/Contents %s 0 R" % reference, b"/Contents 99999 0 R"))
    return target
