"""The one place that opens edition files: text exports, PDFs and Word documents become a
``SourceDocument``.

Everything downstream works on lines with provenance and never touches the file system.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import SourceMissing, SourceTooLarge
from pipeline.models import SourceDocument
from pipeline.parse.sources.content_hash import content_sha256, file_sha256
from pipeline.parse.sources.options import ReadOptions
from pipeline.profile import Profile, default_profile

__all__ = [
    "EDITION_SUFFIXES", "ReadOptions", "check_source", "content_sha256", "file_sha256", "is_pdf",
    "read_source", "source_kind",
]  # fmt: skip

#: File suffixes picked up from ``raw/`` when no path is given (``.doc`` too: it is refused
#: with a line saying to save it as ``.docx``, rather than silently left out).
EDITION_SUFFIXES: frozenset[str] = frozenset({".txt", ".text", ".pdf", ".docx", ".doc"})
#: A format by the first bytes of the file, when its name does not say: PDF, a ``.docx``
#: (a zip archive) and a Word 97-2003 ``.doc`` (an OLE2 compound file).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "pdf"), (b"PK\x03\x04", "word"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "word"),
)
_SUFFIX_KINDS: dict[str, str] = {".pdf": "pdf", ".docx": "word", ".doc": "word"}


def source_kind(path: Path) -> str:
    """``pdf``, ``word`` or ``text``: by name, else by the first bytes. Raises
    ``SourceMissing`` when it cannot be opened."""
    if path.suffix.lower() in _SUFFIX_KINDS:
        return _SUFFIX_KINDS[path.suffix.lower()]
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise SourceMissing(_why_unreadable(error), file=str(path)) from None
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), "text")


def is_pdf(path: Path) -> bool:
    """A PDF by name or by its first bytes. Raises ``SourceMissing`` when it cannot be opened."""
    return source_kind(path) == "pdf"


def check_source(path: str | Path, profile: Profile | None = None) -> bool:
    """Check an edition file before any work: it exists, is a regular file, can be opened and
    is within the profile's size limit. Returns whether it is a PDF (by name or its first
    bytes). Raises ``SourceMissing`` or ``SourceTooLarge``; reads at most eight bytes."""
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError as error:
        raise SourceMissing(_why_unreadable(error), file=str(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise SourceMissing("not a regular file", file=str(path))
    pdf = is_pdf(path)
    check_size(path, info.st_size, pdf, profile or default_profile())
    return pdf


def _why_unreadable(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, PermissionError):
        return "cannot be read: permission denied"
    return f"cannot be read: {error.strerror or error}"


def check_size(path: str | Path, size: int, pdf: bool, profile: Profile) -> None:
    """Refuse a file over the profile's limit before any of it is read (``SourceTooLarge``):
    work and memory grow with the input, so the limit bounds both."""
    limit = profile.source.max_pdf_mb if pdf else profile.source.max_text_mb
    if size > limit * 2**20:
        kind, key = ("PDF", "max_pdf_mb") if pdf else ("text edition", "max_text_mb")
        raise SourceTooLarge(
            f"the {kind} is {size / 2**20:,.0f} MB; the limit is {limit} MB (profile key "
            f"source.{key})", file=str(path),
        )


def read_source(
    path: str | Path, profile: Profile | None = None,
    on_page: Callable[[int, int], None] | None = None,
    options: ReadOptions | None = None,
    on_ocr_page: Callable[[int, int], None] | None = None, *, checked: bool | None = None,
) -> SourceDocument:
    """Read one edition file, dispatching on its format; a text export is decoded and
    paginated with ``profile``'s rules (default: the bundled profile). A PDF is read as
    ``options`` say (engine, OCR; default ``ReadOptions()``); ``on_page`` hears the pages read
    and ``on_ocr_page`` the pages OCR'd, as ``(done, total)``. ``checked`` is what
    ``check_source`` answered when the caller ran it already (a run checks each edition once,
    before its heavy imports); None checks it here.

    Raises ``SourceMissing`` when there is no such file, and the format reader's
    ``SourceError`` subclasses for unreadable content.
    """
    path = Path(path)
    if check_source(path, profile) if checked is None else checked:
        from pipeline.parse.sources.pdf import read_pdf_source  # pdfplumber loads only for PDFs

        options = options or ReadOptions()
        document: SourceDocument = read_pdf_source(
            path, profile, on_page=on_page, engine=options.pdf_engine, ocr=options.ocr,
            on_ocr_page=on_ocr_page,
        )
        return document
    if source_kind(path) == "word":
        from pipeline.parse.sources.word import read_docx_source

        return read_docx_source(path, profile)
    from pipeline.parse.sources.text import read_text_source

    return read_text_source(path, profile)
