"""From a source document to resources: clean, segment, extract. Pure, no I/O."""

from __future__ import annotations

from extractors.resource import extract_resource
from pipeline.errors import PipelineError
from pipeline.models import Resource, SourceDocument
from pipeline.parse.cleaning import clean_lines
from pipeline.parse.segmentation import split_entries
from pipeline.parse.toc import check_toc
from pipeline.profile import Profile, default_profile

__all__ = ["parse_document"]


def parse_document(
    document: SourceDocument, profile: Profile | None = None
) -> tuple[Resource, ...]:
    """Every entry of the edition as a ``Resource``, in catalog order, read with ``profile``
    (default: the bundled one).

    Raises ``SegmentationError`` or ``ExtractionError`` located at the document's file.
    """
    profile = profile or default_profile()
    try:
        entries = split_entries(clean_lines(document.lines), profile.structure)
        check_toc(document.toc_titles, entries)  # a no-op when the source has no TOC
        return tuple(extract_resource(entry, profile) for entry in entries)
    except PipelineError as error:
        raise error.located(document.path) from None
