"""From a source document to resources: clean, segment, extract. Pure, no I/O."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from extractors.resource import extract_resource
from pipeline.errors import PipelineError
from pipeline.models import Resource, SourceDocument
from pipeline.parse.cleaning import clean_lines
from pipeline.parse.segmentation import split_entries
from pipeline.parse.toc import check_toc
from pipeline.profile import Profile, default_profile

__all__ = ["OCR_TITLE_MISREADS", "collector_paused", "parse_document"]

#: In a document read by OCR, a TOC title and its body heading may differ in this many
#: characters (same length) and still be one entry (``toc.check_toc``).
OCR_TITLE_MISREADS = 1

_pause_lock = threading.Lock()
_pauses = 0  # scopes inside ``collector_paused`` now, in every thread
_resume = False  # whether the last scope out enables the collector again


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off inside the scope, as it was after it.

    Reading and parsing an edition makes millions of small objects (lines, entries, frozen
    dataclasses) that hold no reference cycles: the collector ran hundreds of times over
    them for nothing, 15–25 % of a 10 000-entry parse. Scopes nest and may overlap in
    threads: the collector comes back when the last one ends, if it was on when the first
    began. It is never turned *off* on the way out, so code that switches it itself (the
    keyword dictionaries' load) cannot leave it off.
    """
    global _pauses, _resume
    with _pause_lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


def parse_document(
    document: SourceDocument, profile: Profile | None = None
) -> tuple[Resource, ...]:
    """Every entry of the edition as a ``Resource``, in catalog order, read with ``profile``
    (default: the bundled one).

    Raises ``SegmentationError`` or ``ExtractionError`` located at the document's file.
    """
    profile = profile or default_profile()
    try:
        with collector_paused():
            entries = split_entries(clean_lines(document.lines), profile.structure)
            # a no-op when the source has no TOC; OCR may misread a character of a title
            check_toc(document.toc_titles, entries, OCR_TITLE_MISREADS if document.ocr_pages else 0)
            return tuple(extract_resource(entry, profile) for entry in entries)
    except PipelineError as error:
        raise error.located(document.path) from None
