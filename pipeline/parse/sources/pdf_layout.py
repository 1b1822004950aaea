"""Turn the characters of PDF pages into the reading lines a text export would have had.

A PDF holds positioned glyphs, not lines. This module rebuilds lines from them and removes what
the page layout added around the catalog's text: running headers and footers (the catalog title
on every page), page numbers, the cover and the table of contents (whose titles are kept for
``pipeline.parse.toc.check_toc``), and headings that a large font wrapped onto two lines. It
works on plain dataclasses only, so it is tested without any PDF; ``pipeline.parse.sources.pdf``
feeds it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Final

import regex as re

from normalizers.numerals import CN_NUMERAL_CHARS
from pipeline.parse.cleaning import (
    NUMBERED_START,
    is_page_number,
    is_page_number_line,
    join_wrapped,
)
from pipeline.parse.sources.page_sequence import printed_number
from pipeline.parse.sources.pdf_script import GarbledFont
from pipeline.parse.toc import split_toc, toc_pages
from pipeline.profile import PageRules

__all__ = [
    "NUMBERED_START",
    "Glyph",
    "LayoutText",
    "PdfChar",
    "PdfLine",
    "PdfPage",
    "assemble_lines",
    "build_glyph_lines",
    "build_lines",
    "find_running_lines",
    "is_bold_font",
    "join_wrapped_headings",
]

#: Characters whose baselines differ by at most this many points share a line.
DEFAULT_Y_TOLERANCE = 3.0
#: A gap between two glyphs wider than this fraction of the font size is a space.
DEFAULT_SPACE_RATIO = 0.15
#: The same glyph drawn again within this fraction of the font size is fake bold (overstrike).
DEFAULT_OVERSTRIKE_RATIO = 0.1
#: Running headers and footers sit within this share of the page height from its top or bottom.
DEFAULT_MARGIN_RATIO = 0.1
#: ... and recur, digits aside, on at least this share of the pages ...
DEFAULT_RUNNING_SHARE = 0.5
#: ... and on at least this many pages ...
DEFAULT_RUNNING_MIN_PAGES = 3
#: ... at the same height, give or take this many points.
DEFAULT_RUNNING_Y_TOLERANCE = 4.0
#: A line whose font is this much larger than the body text's is a display line (heading).
DEFAULT_HEADING_SIZE_RATIO = 1.15
#: Two font sizes closer than this many points are the same size.
DEFAULT_SIZE_TOLERANCE = 0.5
#: Words in a font name that mark a bold face.
BOLD_FONT_WORDS: tuple[str, ...] = ("bold", "black", "heavy", "semibold", "demi", "黑体")

_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
#: A heading ``N、title`` as it starts a line.
_HEADING_START = re.compile(rf"[{CN_NUMERAL_CHARS}]+\s*、")
#: A numbered line (heading, part ``（一）``, label ``1.``/``（1）``) is never a heading's tail:
#: ``cleaning.NUMBERED_START``.


@dataclass(frozen=True, slots=True)
class PdfChar:
    """One glyph: its text, box (points, from the page's top-left) and font."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False


@dataclass(frozen=True, slots=True)
class PdfLine:
    """One rebuilt line on page ``page`` (1-based): text, box and its dominant font; read by
    OCR, the lowest confidence of its characters (``SourceLine.confidence``)."""

    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    confidence: float | None = None
    #: Read by OCR: the spaces between Chinese and Latin text whose white the ink could not
    #: settle (kept as read; ``ocr_ink.check_glyphs``).
    unsettled_spaces: int = 0


@dataclass(frozen=True, slots=True)
class PdfPage:
    """One page's lines, its size, and how many of its glyphs carry (decodable) text; the
    fonts whose text is mojibake (``pdf_script.garbled_fonts``): such a page is read again by
    the other engine or OCR, or refused."""

    number: int
    width: float
    height: float
    lines: tuple[PdfLine, ...]
    text_chars: int
    unmapped_chars: int = 0  # glyphs the PDF gives no Unicode for: ``(cid:123)``
    garbled: tuple[GarbledFont, ...] = ()


@dataclass(frozen=True, slots=True)
class LayoutText:
    """The document's content lines as ``(text, page)`` and its table-of-contents titles;
    ``confidence`` is each line's OCR confidence (None: from the text layer), when any page
    was read by OCR, else empty."""

    lines: tuple[tuple[str, int], ...]
    toc_titles: tuple[str, ...]
    confidence: tuple[float | None, ...] = ()
    #: ``(page, number printed on it)`` for the pages whose page-number line was read.
    printed_pages: tuple[tuple[int, int], ...] = ()


def is_bold_font(fontname: str) -> bool:
    """True when a font name announces a bold face (``ABCDEF+SimHei-Bold``)."""
    name = fontname.lower()
    return any(word in name for word in BOLD_FONT_WORDS)


def build_lines(
    chars: Iterable[PdfChar],
    page: int,
    *,
    y_tolerance: float = DEFAULT_Y_TOLERANCE,
    space_ratio: float = DEFAULT_SPACE_RATIO,
) -> tuple[PdfLine, ...]:
    """Group glyphs into lines by baseline, read each left to right, top line first.

    A space is written where the PDF has a space glyph or a gap wider than ``space_ratio``
    of the font size; spaces between two Chinese characters are removed later by cleaning.
    """
    glyphs = ((c.text, c.x0, c.x1, c.top, c.bottom, c.size, c.bold) for c in chars)
    return build_glyph_lines(glyphs, page, y_tolerance=y_tolerance, space_ratio=space_ratio)


#: A glyph as plain data: ``PdfChar``'s fields in its order (text, x0, x1, top, bottom, size,
#: bold). The PDFium engine hands its hundreds of thousands of glyphs over in this form: a
#: tuple is made ten times faster than a frozen ``PdfChar``, and read faster.
Glyph = tuple[str, float, float, float, float, float, bool]
#: The positions of a glyph's left edge and baseline (``Glyph``).
_X0: Final = 1
_BOTTOM: Final = 4
#: Sort keys: baseline then left edge (lines top first), left edge (a line left to right).
_BY_BASELINE = itemgetter(_BOTTOM, _X0)
_BY_LEFT = itemgetter(_X0)


def build_glyph_lines(
    glyphs: Iterable[Glyph],
    page: int,
    *,
    y_tolerance: float = DEFAULT_Y_TOLERANCE,
    space_ratio: float = DEFAULT_SPACE_RATIO,
) -> tuple[PdfLine, ...]:
    """``build_lines`` for glyphs given as ``Glyph`` tuples (the same rules, the same lines)."""
    rows: list[list[Glyph]] = []
    row: list[Glyph] = []
    row_bottom = 0.0
    for glyph in sorted(glyphs, key=_BY_BASELINE):
        if row and glyph[_BOTTOM] - row_bottom <= y_tolerance:  # the row's first baseline
            row.append(glyph)
        else:
            row, row_bottom = [glyph], glyph[_BOTTOM]
            rows.append(row)
    lines = (_row_to_line(sorted(row, key=_BY_LEFT), page, space_ratio) for row in rows)
    return tuple(line for line in lines if line is not None)


def _row_to_line(row: Sequence[Glyph], page: int, space_ratio: float) -> PdfLine | None:
    """One row of glyphs, left to right, as a line: overstruck copies dropped (the same glyph
    drawn again within ``DEFAULT_OVERSTRIKE_RATIO`` of the font size to the right, how fake
    bold is typeset; counted towards bold), spaces where a space glyph or a wide gap was;
    None for a row of spaces. (The loop runs once per glyph of the document: kept lean.)"""
    texts: list[str] = []
    sizes: list[float] = []  # of the glyphs kept
    add_text, add_size = texts.append, sizes.append
    overstrike = DEFAULT_OVERSTRIKE_RATIO
    overstruck, bold, pending_space = 0, 0, False
    first_x0, top_edge, bottom_edge = 0.0, math.inf, -math.inf
    last_text: str | None = None  # of the glyph kept last, and its box and size:
    last_x0, last_x1, last_size = 0.0, 0.0, 0.0
    for text, x0, x1, top, bottom, size, glyph_bold in row:
        if text == last_text and x0 - last_x0 <= overstrike * last_size:
            overstruck += 1
            continue
        if not text.strip():
            pending_space = True
            continue
        if not sizes:
            first_x0 = x0
        elif pending_space or x0 - last_x1 > space_ratio * size:
            add_text(" ")
        add_text(text)
        pending_space = False
        add_size(size)
        if top < top_edge:
            top_edge = top
        if bottom > bottom_edge:
            bottom_edge = bottom
        bold += glyph_bold
        last_text, last_x0, last_x1, last_size = text, x0, x1, size
    if not sizes:
        return None
    return PdfLine(
        text="".join(texts), page=page, x0=first_x0, x1=last_x1, top=top_edge,
        bottom=bottom_edge, size=_rounded_mode(sizes),
        bold=overstruck * 2 >= len(sizes) or bold * 2 > len(sizes),
    )


def _rounded_mode(sizes: list[float]) -> float:
    """The most common of ``sizes`` rounded to a tenth (the first such in a tie, as
    ``statistics.mode`` gives it): a line's font size. Each distinct size is rounded once:
    most lines have one size, a few two or three."""
    first = sizes[0]
    if sizes.count(first) == len(sizes):
        return round(first, 1)
    rounded: dict[float, int] = {}
    for size, count in Counter(sizes).items():  # in first-seen order, as the sizes come
        key = round(size, 1)
        rounded[key] = rounded.get(key, 0) + count
    return max(rounded, key=rounded.__getitem__)  # the first of the most common


def _in_margin(line: PdfLine, page: PdfPage, ratio: float) -> bool:
    return line.top < page.height * ratio or line.bottom > page.height * (1 - ratio)


def _running_key(text: str) -> str:
    return str(_DIGITS.sub("#", _SPACES.sub("", text)))


def find_running_lines(
    pages: Sequence[PdfPage],
    *,
    margin_ratio: float = DEFAULT_MARGIN_RATIO,
    share: float = DEFAULT_RUNNING_SHARE,
    min_pages: int = DEFAULT_RUNNING_MIN_PAGES,
    y_tolerance: float = DEFAULT_RUNNING_Y_TOLERANCE,
) -> frozenset[PdfLine]:
    """The running headers and footers: margin lines that recur (digits masked, so ``- 3 -``
    and ``- 4 -`` are one line) at about the same height on most pages that have text (blank
    pages, however many, neither hide nor make a running line)."""
    candidates: defaultdict[str, list[PdfLine]] = defaultdict(list)
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page, margin_ratio):
                candidates[_running_key(line.text)].append(line)
    needed = max(min_pages, share * sum(1 for page in pages if page.lines))
    running: set[PdfLine] = set()
    for lines in candidates.values():
        for same_place in _height_clusters(lines, y_tolerance):
            if len({line.page for line in same_place}) >= needed:
                running.update(same_place)
    return frozenset(running)



def _height_clusters(lines: Sequence[PdfLine], tolerance: float) -> list[list[PdfLine]]:
    """Lines grouped by height: each group within ``tolerance`` points of its first line."""
    clusters: list[list[PdfLine]] = []
    for line in sorted(lines, key=lambda ln: ln.top):
        if clusters and line.top - clusters[-1][0].top <= tolerance:
            clusters[-1].append(line)
        else:
            clusters.append([line])
    return clusters


def _body_size(lines: Sequence[PdfLine]) -> float:
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def join_wrapped_headings(
    lines: Sequence[PdfLine], *, size_ratio: float = DEFAULT_HEADING_SIZE_RATIO
) -> list[PdfLine]:
    """Re-join an entry heading that its display font (larger or bold) wrapped onto more lines.

    A line joins the heading above it when it is on the same page, in the same display font,
    and not itself numbered (a heading, part or label).
    """
    body = _body_size(lines)
    joined: list[PdfLine] = []
    for line in lines:
        head = joined[-1] if joined else None
        if head is not None and _continues_heading(head, line, body * size_ratio):
            joined[-1] = PdfLine(
                text=join_wrapped([head.text, line.text]), page=head.page, x0=head.x0,
                x1=max(head.x1, line.x1), top=head.top, bottom=line.bottom,
                size=head.size, bold=head.bold,
                confidence=_lowest(head.confidence, line.confidence),
            )
        else:
            joined.append(line)
    return joined


def _lowest(first: float | None, second: float | None) -> float | None:
    known = [score for score in (first, second) if score is not None]
    return min(known) if known else None


def _continues_heading(head: PdfLine, line: PdfLine, display_size: float) -> bool:
    display = head.bold or head.size >= display_size
    return (
        display
        and _HEADING_START.match(head.text) is not None
        and line.page == head.page
        and abs(line.size - head.size) <= DEFAULT_SIZE_TOLERANCE
        and line.bold == head.bold
        and NUMBERED_START.match(line.text) is None
    )


def _drop_cover(lines: Sequence[PdfLine], toc_page_numbers: set[int]) -> list[PdfLine]:
    """Lines from the first page that has a TOC or an entry heading on: before it is a cover."""
    starts = [line.page for line in lines if _HEADING_START.match(line.text)]
    first = min([*toc_page_numbers, *starts], default=None)
    return [line for line in lines if first is None or line.page >= first]


def _drop_page_numbers(lines: Sequence[PdfLine], rules: PageRules | None) -> list[PdfLine]:
    """Lines without page numbers; a bare number inside a paragraph of one page is content."""
    kept = []
    for index, line in enumerate(lines):
        before = lines[index - 1] if index else None
        after = lines[index + 1] if index + 1 < len(lines) else None
        if not is_page_number_line(
            line.text, before.text if before else None, after.text if after else None, rules,
            after_starts_page=after is not None and after.page != line.page,
        ):
            kept.append(line)
    return kept


def assemble_lines(pages: Sequence[PdfPage], rules: PageRules | None = None) -> LayoutText:
    """The content lines of a whole document, in reading order, with its TOC titles.

    Removes running headers/footers and page-number lines (shapes from ``rules``, default the
    bundled profile's), the cover and the table of contents, and re-joins wrapped headings.
    """
    running = find_running_lines(pages)
    content = [line for page in pages for line in page.lines if line not in running]
    lines = _drop_page_numbers(content, rules)
    # a set: ``in`` a list of thousands of lines, per line, was quadratic (equal lines are equal
    # in both, as ``PdfLine`` hashes its fields)
    kept = frozenset(lines)
    printed = _printed_pages([*running, *(line for line in content if line not in kept)], rules)
    lines = _drop_cover(lines, toc_pages(lines))
    titles, body = split_toc(lines)
    body = join_wrapped_headings(body)
    scores = tuple(line.confidence for line in body)
    return LayoutText(
        lines=tuple((line.text, line.page) for line in body), toc_titles=titles,
        confidence=scores if any(score is not None for score in scores) else (),
        printed_pages=printed,
    )


def _printed_pages(
    furniture: Iterable[PdfLine], rules: PageRules | None
) -> tuple[tuple[int, int], ...]:
    """The number each page prints in its page-number line (running lines and the page-number
    lines dropped), for pages that print exactly one."""
    seen: defaultdict[int, set[int]] = defaultdict(set)
    for line in furniture:
        number = printed_number(line.text) if is_page_number(line.text, rules) else None
        if number is not None:
            seen[line.page].add(number)
    return tuple(sorted((page, numbers.pop()) for page, numbers in seen.items()
                        if len(numbers) == 1))  # fmt: skip
