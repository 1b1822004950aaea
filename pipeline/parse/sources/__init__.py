"""The one place that opens edition files: text exports and PDFs become a ``SourceDocument``.

Everything downstream works on lines with provenance and never touches the file system.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import SourceMissing
from pipeline.models import SourceDocument
from pipeline.profile import Profile

__all__ = ["EDITION_SUFFIXES", "is_pdf", "read_source"]

#: File suffixes picked up from ``raw/`` when no path is given.
EDITION_SUFFIXES: frozenset[str] = frozenset({".txt", ".text", ".pdf"})
_PDF_MAGIC = b"%PDF"


def is_pdf(path: Path) -> bool:
    """A PDF by name or by its first bytes."""
    if path.suffix.lower() == ".pdf":
        return True
    with path.open("rb") as handle:
        return handle.read(len(_PDF_MAGIC)) == _PDF_MAGIC


def read_source(path: str | Path, profile: Profile | None = None) -> SourceDocument:
    """Read one edition file, dispatching on its format; a text export is decoded and
    paginated with ``profile``'s rules (default: the bundled profile).

    Raises ``SourceMissing`` when there is no such file, and the format reader's
    ``SourceError`` subclasses for unreadable content.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceMissing("no such file", file=str(path))
    if is_pdf(path):
        from pipeline.parse.sources.pdf import read_pdf_source  # pdfplumber loads only for PDFs

        document: SourceDocument = read_pdf_source(path, profile)
        return document
    from pipeline.parse.sources.text import read_text_source

    return read_text_source(path, profile)
