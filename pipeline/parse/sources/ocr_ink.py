"""Checks of an OCR reading against the ink of the page image: what a recogniser's own scores
cannot say.

A recogniser scores the characters it read, not the ones it missed, and it reads the shape of a
punctuation mark, not the width of the cell the mark sits in (``,`` and ``，`` are one shape).
Both show in the ink: a missed character leaves ink that no read character accounts for, and a
full-width mark leaves half an em of white on its open side. These functions measure that, on a
line's *band* (the rows between its box's top and bottom edges, skew followed), one ink flag per
pixel column.

They are pure: a greyscale image (numpy) and the line's glyphs in, a verdict out.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import regex as re

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "BOX_HEIGHT_EM", "FULL_WIDTH_MIN_EM", "HALF_WIDTH_MAX_EM", "INK_LEVEL", "WIDTH_FORMS",
    "Glyph", "LineInk", "check_glyphs", "is_wide", "line_ink", "unclaimed_ink",
]  # fmt: skip

#: A pixel darker than this (0 black, 255 white) is ink.
INK_LEVEL = 128
#: A column is ink when at least this many of its band's pixels are (one dark pixel is noise).
MIN_INK_PIXELS = 2
#: A PP-OCR text box is about this many font sizes (ems) tall: its detector pads the glyphs
#: (measured on both scanned fixtures: Chinese characters stand 0.72 box heights apart).
BOX_HEIGHT_EM = 1.39
#: The band leaves out this share of the box's height at its top and at its bottom, where the
#: neighbouring lines' ink can reach.
BAND_TRIM = 0.12
#: Each punctuation mark that has a half-width and a full-width form: half → full. The two
#: forms are one shape; the full-width one sits in a whole em.
WIDTH_FORMS: dict[str, str] = {
    ",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？",
}
#: Marks whose full-width form has its white before the ink (the others have it after).
OPENING_MARKS = frozenset("(（")
_HALF_FORM = {full: half for half, full in WIDTH_FORMS.items()}
#: The white on a mark's open side, in ems: at most this → the half-width form; at least
#: ``FULL_WIDTH_MIN_EM`` → the full-width form; between → doubtful (on both fixtures a
#: full-width mark leaves 0.56 em or more, a half-width one 0.17 em or less).
HALF_WIDTH_MAX_EM = 0.25
FULL_WIDTH_MIN_EM = 0.45
#: How far a read character's ink reaches from its centre, in ems: a whole-em character
#: (Chinese, full-width marks) and any other; ink beyond every read character's reach is a
#: character the recogniser missed.
WIDE_REACH_EM = 0.6
NARROW_REACH_EM = 0.5
#: How far past the line's first and last characters unread ink is looked for, in ems.
SEARCH_EM = 1.5
#: Unread ink narrower than this (ems) is a speck, not a character.
MIN_GLYPH_EM = 0.1
#: A whole-em character: Chinese, and the CJK and full-width punctuation blocks.
_WIDE = re.compile(r"[\p{Han}\u3000-\u303f\uff01-\uff60]")
#: The white between a Latin letter or digit and a Chinese character, a letter or a digit (two
#: digits aside: a number), in ems: at most ``NO_SPACE_MAX_EM`` → no space (two glyphs' side
#: bearings); at least ``SPACE_MIN_EM`` → a space; between → doubtful, kept as read. A space
#: is a quarter em or more, but a proportional digit centred in a wide cell, or a justified
#: line, leaves as much white with no space (0.53 em on the jimei fixture), so only white
#: wider than that is taken for a space.
NO_SPACE_MAX_EM = 0.12
SPACE_MIN_EM = 0.6
#: A Latin letter or digit: where a space between words or scripts may stand.
_LATIN = re.compile(r"[A-Za-z0-9]")
#: What may stand beside a Latin letter or digit with a space between: a Chinese character,
#: a Latin letter or a digit.
_WORDLIKE = re.compile(r"[\p{Han}A-Za-z0-9]")
#: Ink this close to a text box (ems) is the box's own: its glyphs' edges.
BOX_MARGIN_EM = 0.15


def is_wide(char: str) -> bool:
    """Whether ``char`` fills a whole em (Chinese, CJK and full-width punctuation)."""
    return _WIDE.match(char) is not None


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character the recogniser read: its confidence and the x of its centre (pixels)."""

    char: str
    score: float
    center: float


@dataclass(frozen=True, slots=True)
class LineInk:
    """The ink of one line: ``columns[i]`` says whether pixel column ``x0 + i`` has ink in the
    line's band; ``em`` is the line's font size in pixels."""

    x0: int
    columns: np.ndarray[Any, Any]
    em: float

    def _span(self, a: float, b: float) -> tuple[int, int]:
        size = len(self.columns)
        return max(int(a) - self.x0, 0), min(int(b) - self.x0 + 1, size)

    def white_between(self, a: float, b: float) -> float:
        """The widest run of white columns that overlaps ``[a, b]``, whole, in ems."""
        start, end = self._span(a, b)
        if start >= end:
            return 0.0
        widest, index = 0, start
        while index < end:
            if self.columns[index]:
                index += 1
                continue
            left = index
            while left > 0 and not self.columns[left - 1]:
                left -= 1
            right = index
            while right + 1 < len(self.columns) and not self.columns[right + 1]:
                right += 1
            widest, index = max(widest, right - left + 1), right + 1
        return widest / self.em

    def ink_between(self, a: float, b: float) -> bool:
        """Whether ``[a, b]`` holds a run of ink at least ``MIN_GLYPH_EM`` wide."""
        start, end = self._span(a, b)
        run = 0
        for index in range(start, end):
            run = run + 1 if self.columns[index] else 0
            if run >= MIN_GLYPH_EM * self.em:
                return True
        return False


def line_ink(
    image: np.ndarray[Any, Any], quads: Sequence[Sequence[tuple[float, float]]]
) -> LineInk:
    """The ink of the line whose boxes are ``quads`` (each top-left, top-right, bottom-right,
    bottom-left, in pixels; left to right), ``SEARCH_EM`` wider on each side."""
    import numpy as np

    (lx, top_left), (rx, top_right) = quads[0][0], quads[-1][1]
    bottom_left, bottom_right = quads[0][3][1], quads[-1][2][1]
    heights = [max(q[3][1] - q[0][1], q[2][1] - q[1][1], 1.0) for q in quads]
    em = float(np.median(heights)) / BOX_HEIGHT_EM
    x0 = max(int(lx - SEARCH_EM * em), 0)
    x1 = min(int(rx + SEARCH_EM * em) + 1, image.shape[1])
    xs = np.arange(x0, x1, dtype=np.float64)
    share = (xs - lx) / max(rx - lx, 1.0)
    top = top_left + (top_right - top_left) * share
    bottom = bottom_left + (bottom_right - bottom_left) * share
    trim = (bottom - top) * BAND_TRIM
    top, bottom = np.floor(top + trim).astype(int), np.ceil(bottom - trim).astype(int)
    y0, y1 = max(int(top.min()), 0), min(int(bottom.max()), image.shape[0])
    if y1 <= y0 or x1 <= x0:
        return LineInk(x0=x0, columns=np.zeros(0, dtype=bool), em=em)
    rows = np.arange(y0, y1)[:, None]
    inside = (rows >= top[None, :]) & (rows < bottom[None, :])
    dark = image[y0:y1, x0:x1] < INK_LEVEL
    return LineInk(x0=x0, columns=(dark & inside).sum(axis=0) >= MIN_INK_PIXELS, em=em)


def _reach(glyph: Glyph, em: float) -> float:
    return (WIDE_REACH_EM if is_wide(glyph.char) else NARROW_REACH_EM) * em


def unclaimed_ink(
    image: np.ndarray[Any, Any], boxes: Sequence[tuple[float, float, float, float]]
) -> list[tuple[float, float]]:
    """The centres (x, y) of the blots of ink, at least ``MIN_GLYPH_EM`` across, that lie
    outside every text box (``x0, x1, top, bottom``, pixels): a line or a mark the detector
    never found, such as a full stop wrapped alone onto a line."""
    import cv2
    import numpy as np

    if not boxes:
        return []
    em = float(np.median([bottom - top for _, _, top, bottom in boxes])) / BOX_HEIGHT_EM
    ink = (image < INK_LEVEL).astype(np.uint8)
    pad = BOX_MARGIN_EM * em
    for x0, x1, top, bottom in boxes:
        ink[max(int(top - pad), 0) : int(bottom + pad) + 1,
            max(int(x0 - pad), 0) : int(x1 + pad) + 1] = 0  # fmt: skip
    count, _, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    least = MIN_GLYPH_EM * em
    return [(float(centres[i][0]), float(centres[i][1])) for i in range(1, count)
            if stats[i, cv2.CC_STAT_WIDTH] >= least and stats[i, cv2.CC_STAT_HEIGHT] >= least]


def _width_form(glyphs: Sequence[Glyph], index: int, ink: LineInk) -> str | None:
    """``"half"``, ``"full"`` or ``"doubt"`` for the mark at ``index`` from the white on its
    open side; ``None`` when that side has no neighbour to measure against."""
    char = glyphs[index].char
    neighbour = index - 1 if char in OPENING_MARKS else index + 1
    if not 0 <= neighbour < len(glyphs):
        return None
    a, b = sorted((glyphs[index].center, glyphs[neighbour].center))
    white = ink.white_between(a, b)
    if white <= HALF_WIDTH_MAX_EM:
        return "half"
    return "full" if white >= FULL_WIDTH_MIN_EM else "doubt"


def _partner(glyphs: Sequence[Glyph], index: int) -> int | None:
    """The bracket that pairs with the bracket at ``index`` on its line, if any."""
    char = glyphs[index].char
    if char in "(（":
        step, wanted = 1, ")）"
    elif char in ")）":
        step, wanted = -1, "(（"
    else:
        return None
    other = index + step
    while 0 <= other < len(glyphs):
        if glyphs[other].char in wanted:
            return other
        other += step
    return None


def check_glyphs(
    glyphs: Sequence[Glyph], ink: LineInk
) -> tuple[list[str], list[bool], list[bool | None]]:
    """Each glyph's character with its width form measured, whether the ink doubts it, and
    whether a space follows it (``None``: not measured, as read).

    * Between a Latin letter or digit and a Chinese character, letter or digit, the white says
      whether a space stands there (``NO_SPACE_MAX_EM``, ``SPACE_MIN_EM``); between the two,
      both characters are doubted and the reading is kept.

    * A mark of ``WIDTH_FORMS`` takes the form the white on its open side shows, and is
      doubted when that white is between the two forms'. A bracket with no neighbour on that
      side (at the line's start or end) takes its partner's form; any other such mark stays
      as read.
    * Ink beyond the reach of every read character (before the first, after the last, or
      between two far-apart neighbours) is a character the recogniser missed: the read
      characters beside it are doubted.
    """
    chars = [glyph.char for glyph in glyphs]
    doubted = [False] * len(glyphs)
    spaces: list[bool | None] = [None] * len(glyphs)
    for index, (left, right) in enumerate(itertools.pairwise(glyphs)):
        pair = left.char + right.char
        if (not (_LATIN.search(pair) and _WORDLIKE.fullmatch(left.char)
                 and _WORDLIKE.fullmatch(right.char)) or pair.isdigit()):  # fmt: skip
            continue  # a number's digits are set without spaces
        white = ink.white_between(left.center, right.center)
        if white <= NO_SPACE_MAX_EM:
            spaces[index] = False
        elif white >= SPACE_MIN_EM:
            spaces[index] = True
        else:
            doubted[index] = doubted[index + 1] = True
    forms: dict[int, str | None] = {}
    for index, glyph in enumerate(glyphs):
        if glyph.char in WIDTH_FORMS or glyph.char in _HALF_FORM:
            forms[index] = _width_form(glyphs, index, ink)
    for index, form in forms.items():
        if form is None:
            partner = _partner(glyphs, index)
            form = forms.get(partner) if partner is not None else None
        char = glyphs[index].char
        if form == "full":
            chars[index] = WIDTH_FORMS.get(char, char)
        elif form == "half":
            chars[index] = _HALF_FORM.get(char, char)
        elif form == "doubt":
            doubted[index] = True
    if glyphs:
        first, last = glyphs[0], glyphs[-1]
        start = first.center - _reach(first, ink.em)
        if ink.ink_between(start - SEARCH_EM * ink.em, start):
            doubted[0] = True
        end = last.center + _reach(last, ink.em)
        if ink.ink_between(end, end + SEARCH_EM * ink.em):
            doubted[-1] = True
    for index in range(len(glyphs) - 1):
        left, right = glyphs[index], glyphs[index + 1]
        a, b = left.center + _reach(left, ink.em), right.center - _reach(right, ink.em)
        if b > a and ink.ink_between(a, b):
            doubted[index] = doubted[index + 1] = True
    return chars, doubted, spaces
