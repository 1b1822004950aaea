"""Damaged copies of a built PDF edition: blank pages inserted, replacing content, appended.

pypdfium2 (installed with pdfplumber) edits the page tree, so the copies are real PDFs that any
reader opens; only the pages named are touched.
"""

from __future__ import annotations

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
