"""A page missing from a PDF, found by the page numbers printed on the pages around it.

A page deleted from a PDF leaves no damaged stream behind: the document reads cleanly, and an
entry just loses the sections that stood on it (an edition once published "passed with
warnings" that way, nothing naming the page). The printed page numbers still tell: they follow
the PDF's pages one for one (``- 25 -`` on page 26, ``- 26 -`` on page 27…) and then, from one
page on, run ahead by the pages that are gone. Only that pattern is refused: front matter that
numbers itself apart, numbering that restarts, or a page whose number could not be read never
is. Pure: the printed numbers in, the gap out.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import regex as re

__all__ = ["MIN_PAGES_EACH_SIDE", "PageGap", "page_gap", "printed_number"]

#: Pages on each side of a gap whose printed numbers must follow the PDF's pages one for one
#: (with the same offset) before the gap is believed.
MIN_PAGES_EACH_SIDE = 2
_NUMBER = re.compile(r"\d{1,4}")


@dataclass(frozen=True, slots=True)
class PageGap:
    """The PDF page before the gap, the number printed on it, and the number printed on the
    next PDF page."""

    page: int
    printed: int
    printed_next: int

    @property
    def missing(self) -> int:
        return self.printed_next - self.printed - 1

    def describe(self) -> str:
        return (f"the printed page numbers jump from {self.printed} to {self.printed_next} "
                f"between pages {self.page} and {self.page + 1}: {self.missing} page"
                f"{'s' if self.missing > 1 else ''} missing from the PDF")  # fmt: skip


def printed_number(text: str) -> int | None:
    """The page number a page-number line shows: its first number (``第 3 页 共 56 页`` → 3)."""
    found = _NUMBER.search(text)
    return int(found.group(0)) if found else None


def _steady(offsets: list[int]) -> bool:
    return len(offsets) >= MIN_PAGES_EACH_SIDE and len(set(offsets)) == 1


def _adjacent(pages: list[int]) -> bool:
    return all(b == a + 1 for a, b in itertools.pairwise(pages))


def page_gap(printed: Mapping[int, int]) -> PageGap | None:
    """The first gap in ``printed`` (PDF page → the number printed on it): two adjacent PDF
    pages whose printed numbers jump by more than one, with the numbers before the jump
    following the pages one for one, and those after it too, each side over
    ``MIN_PAGES_EACH_SIDE`` pages at least. None when there is none."""
    pages = sorted(printed)
    for at in range(1, len(pages)):
        before, after = pages[at - 1], pages[at]
        jump = printed[after] - printed[before]
        if after != before + 1 or jump <= 1:
            continue
        earlier = [printed[p] - p for p in pages[:at]][-MIN_PAGES_EACH_SIDE:]
        later = [printed[p] - p for p in pages[at:]][:MIN_PAGES_EACH_SIDE]
        around = pages[at - len(earlier) : at + len(later)]
        if _steady(earlier) and _steady(later) and _adjacent(around):
            return PageGap(before, printed[before], printed[after])
    return None
