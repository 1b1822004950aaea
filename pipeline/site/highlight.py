"""Character-level difference of an old and a new value, for the change list.

A modified overview is often one changed figure in two hundred characters; showing both texts
in full makes the reader hunt for it. ``char_diff`` splits the pair into runs that are kept,
deleted or inserted (``difflib.SequenceMatcher`` over characters, which suits Chinese: no word
boundaries to respect), and the template wraps the runs in ``<del>``/``<ins>``. The runs are
plain text; escaping is the template's.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

__all__ = ["MAX_DIFF_CHARS", "Segment", "char_diff"]

#: Beyond this many characters (old and new together) the pair is shown as a whole deletion
#: and insertion: ``SequenceMatcher`` is quadratic in the worst case, and a reader cannot use
#: a character diff of pages of text anyway.
MAX_DIFF_CHARS = 20_000

SegmentKind = Literal["same", "del", "ins"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of characters of the old value (``del``), the new one (``ins``) or both."""

    kind: SegmentKind
    text: str


def char_diff(old: str | None, new: str | None) -> tuple[Segment, ...]:
    """The runs turning ``old`` into ``new`` (null counts as empty), in reading order: a
    replaced run is its deletion, then its insertion."""
    before, after = old or "", new or ""
    if len(before) + len(after) > MAX_DIFF_CHARS:
        whole = (Segment("del", before), Segment("ins", after))
        return tuple(segment for segment in whole if segment.text)
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", before[i1:i2]))
            continue
        if i2 > i1:
            segments.append(Segment("del", before[i1:i2]))
        if j2 > j1:
            segments.append(Segment("ins", after[j1:j2]))
    return tuple(segments)
