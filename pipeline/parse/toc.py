"""A catalog's table of contents: recognising it, taking it out, and checking the body against it.

A PDF edition usually lists every entry in a 目录 before the body (``一、政务云平台 ……… 3``).
The body's headings are found independently, so when both exist they must name the same
entries in the same order. A disagreement almost always means segmentation broke (a heading
was missed, or a wrapped line was taken for one), so it is an error rather than a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

import regex as re

from normalizers.numerals import CN_NUMERAL_CHARS
from pipeline.errors import SegmentationError
from pipeline.models import EntryBlock
from pipeline.parse.cleaning import clean_text, join_wrapped

__all__ = [
    "LEADER_PAGE",
    "TOC_TITLE_WORDS",
    "check_toc",
    "is_toc_title",
    "parse_toc_entry",
    "split_toc",
    "toc_pages",
]

#: Words a table of contents is titled with (compared with all whitespace removed).
TOC_TITLE_WORDS: frozenset[str] = frozenset({"目录", "目次", "目錄"})
#: Characters typeset as dotted leaders between a title and its page number.
LEADER_CHARS = ".．…·•‧_"
#: A dotted leader (three or more leader marks, spaces between them allowed) then a page number.
LEADER_PAGE = re.compile(rf"(?:[{LEADER_CHARS}]\s*){{3,}}(?P<page>\d{{1,4}})\s*$")
#: A top-level entry as it starts a line: ``一、``.
_HEADING_START = re.compile(rf"[{CN_NUMERAL_CHARS}]+\s*、")
_TOC_HEADING = rf"{_HEADING_START.pattern}\s*(?P<title>.+?)"
#: The title followed by a leader and a page number, or only by spaces and a page number.
_WITH_LEADER = re.compile(rf"{_TOC_HEADING}\s*{LEADER_PAGE.pattern}")
_WITHOUT_LEADER = re.compile(rf"{_TOC_HEADING}\s+(?P<page>\d{{1,4}})\s*")
_WHITESPACE = re.compile(r"\s+")
#: A page with this many entry lines ending in a bare page number (``二、政务网络 2``) is a TOC
#: page even without a leader or a 目录 title: a body page has one heading line or two, and
#: they do not end in a number.
MIN_BARE_TOC_ENTRIES = 3


class PagedLine(Protocol):
    """Any line that knows its text and its page (``PdfLine``, ``Line``)."""

    @property
    def text(self) -> str: ...

    @property
    def page(self) -> int: ...


LineT = TypeVar("LineT", bound=PagedLine)


def is_toc_title(text: str) -> bool:
    """True for the line that titles a table of contents (``目录``, ``目  录``)."""
    return _WHITESPACE.sub("", text) in TOC_TITLE_WORDS


def parse_toc_entry(text: str, *, leader_required: bool = True) -> str | None:
    """The entry title of a table-of-contents line ``一、政务云平台 ……… 3``, else None.

    Without ``leader_required`` a line with only spaces before the page number also counts
    (``一、政务云平台    3``); callers allow that on a page already known to be a TOC.
    """
    found = _WITH_LEADER.fullmatch(text)
    if found is None and not leader_required:
        found = _WITHOUT_LEADER.fullmatch(text)
    return str(found.group("title")).strip() if found else None


def toc_pages(lines: Sequence[PagedLine]) -> set[int]:
    """Pages with a ``目录`` title or a line ending in a dotted leader and a page number, or
    with at least ``MIN_BARE_TOC_ENTRIES`` entry lines ending in a bare page number (a TOC read
    by OCR, which drops faint leader dots)."""
    bare: dict[int, int] = {}
    for line in lines:
        if _WITHOUT_LEADER.fullmatch(line.text):
            bare[line.page] = bare.get(line.page, 0) + 1
    return {
        line.page for line in lines if is_toc_title(line.text) or LEADER_PAGE.search(line.text)
    } | {page for page, count in bare.items() if count >= MIN_BARE_TOC_ENTRIES}


def split_toc(lines: Sequence[LineT]) -> tuple[tuple[str, ...], list[LineT]]:
    """``(toc_titles, other_lines)``: the table of contents taken out of the lines.

    On a TOC page (``toc_pages``) the title, every line ending in a leader and page number,
    and entry lines ending in a bare page number are TOC lines; an entry title that wrapped
    before its leader is re-joined. Only top-level entries (``一、…``) become titles.
    """
    pages = toc_pages(lines)
    titles: list[str] = []
    others: list[LineT] = []
    index = 0
    while index < len(lines):
        consumed, title = (0, None)
        if lines[index].page in pages:
            consumed, title = _read_toc_line(lines, index)
        if title is not None:
            titles.append(clean_text(title))
        if consumed == 0:
            others.append(lines[index])
        index += max(consumed, 1)
    return tuple(titles), others


def _read_toc_line(lines: Sequence[PagedLine], index: int) -> tuple[int, str | None]:
    """``(lines consumed, entry title)`` for a TOC line at ``index``; ``(0, None)`` for a line
    that is not part of the table of contents."""
    text = lines[index].text
    title = parse_toc_entry(text, leader_required=False)
    if title is not None:
        return 1, title
    following = lines[index + 1] if index + 1 < len(lines) else None
    if (
        following is not None
        and following.page == lines[index].page
        and _HEADING_START.match(text)
        and not _HEADING_START.match(following.text)
        and LEADER_PAGE.search(following.text)
    ):
        return 2, parse_toc_entry(join_wrapped([text, following.text]))
    if (
        following is not None
        and following.page == lines[index].page
        and _HEADING_START.match(text)
        and parse_toc_entry(following.text, leader_required=False) is not None
    ):  # an entry whose page number was lost (OCR drops faint leaders and digits) before another
        return 1, _HEADING_START.sub("", text, count=1).strip()
    if is_toc_title(text) or LEADER_PAGE.search(text):
        return 1, None
    return 0, None


def _key(title: str) -> str:
    return str(_WHITESPACE.sub("", title))


def _same_title(listed: str, found: str, misread: int) -> bool:
    if listed == found:
        return True
    if len(listed) != len(found) or misread == 0:
        return False
    return sum(a != b for a, b in zip(listed, found, strict=True)) <= misread


def check_toc(
    toc_titles: Sequence[str], entries: Sequence[EntryBlock], misread: int = 0
) -> None:
    """Check that the body's entries are the table of contents' entries, in order.

    Does nothing when there is no table of contents (``toc_titles`` empty). Titles are
    compared with all whitespace removed; up to ``misread`` characters may differ between two
    titles of the same length (a document read by OCR: a title misread on one side is still
    the same entry, while a mis-split gives another title altogether). Raises
    ``SegmentationError`` naming the first difference, located at the body heading concerned
    when there is one.
    """
    if not toc_titles:
        return
    for position, (listed, entry) in enumerate(zip(toc_titles, entries, strict=False), 1):
        if not _same_title(_key(listed), _key(entry.title), misread):
            heading = entry.lines[0]
            raise SegmentationError(
                f"entry {position} is '{entry.title}' but the table of contents lists "
                f"'{listed}'; the entries were probably split wrongly",
                line=heading.line_no,
                page=heading.page,
            )
    if len(toc_titles) != len(entries):
        raise SegmentationError(_count_problem(toc_titles, entries))


def _count_problem(toc_titles: Sequence[str], entries: Sequence[EntryBlock]) -> str:
    found, listed = len(entries), len(toc_titles)
    if listed > found:
        first = f"entry {found + 1} '{toc_titles[found]}' is missing from the body"
    else:
        first = f"entry {listed + 1} '{entries[listed].title}' is not in the table of contents"
    return f"the table of contents lists {listed} entries but the body has {found}: {first}"
