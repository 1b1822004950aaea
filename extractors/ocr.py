"""How far to trust an entry that OCR read: which of its sections hold a doubtful character.

OCR gives every line the chance that it was read right (``SourceLine.confidence``: the
characters' chances multiplied, ``pipeline.parse.sources.ocr.char_confidence``). An entry is
``used`` when any of its lines came from OCR, and its confidence is the chance that all of
them were read right (their product); a section is *uncertain* when one of its lines (its
label line included) is below the profile's ``ocr.min_char_confidence``. The text is
kept exactly as read: a doubtful field is reported (the ``ocr_confident`` warning names the
entry and the sections), never corrected.
"""

from __future__ import annotations

import math

from pipeline.models import NOT_OCR, EntryBlock, OcrReading

__all__ = ["HEADING_SECTION", "read_ocr_quality"]

#: The name an uncertain heading line (``一、…``, which holds no label) is reported under.
HEADING_SECTION = "heading"


def read_ocr_quality(entry: EntryBlock, threshold: float) -> OcrReading:
    """The OCR reading of ``entry``: ``NOT_OCR`` when no line came from OCR, else the chance
    that every OCR'd line was read right (rounded to 4 places) and the uncertain sections in
    the entry's order (label keys, or ``HEADING_SECTION``). A line outside every section (a
    label or part line) counts towards the section that follows it."""
    scores = [line.confidence for line in entry.lines if line.confidence is not None]
    if not scores:
        return NOT_OCR
    section_of = {
        line.line_no: key for key, section in entry.sections.items() for line in section.lines
    }
    uncertain: list[str] = []
    pending = False  # a doubtful line outside any section, waiting for the next section
    for index, line in enumerate(entry.lines):
        doubtful = line.confidence is not None and line.confidence < threshold
        key = HEADING_SECTION if index == 0 else section_of.get(line.line_no)
        if key is None:
            pending = pending or doubtful
            continue
        if (doubtful or pending) and key not in uncertain:
            uncertain.append(key)
        pending = False
    return OcrReading(used=True, confidence=round(math.prod(scores), 4),
                      uncertain=tuple(uncertain))  # fmt: skip
