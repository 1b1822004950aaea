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
    "BOX_HEIGHT_EM", "FULL_WIDTH_MIN_EM", "GLYPH_DOUBT", "HALF_WIDTH_MAX_EM", "INK_DOUBT",
    "INK_LEVEL", "SPACE_DOUBT", "WIDTH_DOUBT", "WIDTH_FORMS", "WORD_SPACE_DOUBT",
    "Glyph", "LineInk", "check_glyphs", "ink_runs", "is_wide", "line_ink", "missed_glyphs",
    "unclaimed_ink",
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
#: Two Chinese characters side by side stand one em apart, but the recogniser places their
#: centres up to half an em off (on the scanned fixtures, the centres of adjacent characters
#: read right stood up to 1.5 em apart). Between two of them, ink is a missed character only
#: when their centres stand at least this far apart (ems); the reach of a Chinese character
#: at a line's end is half of it. Set on the four fixtures of ``bench.ocr_scans``: 1.45 left
#: no field wrong and unreported and warned 30–50 % fewer fields than no such rule; 1.6
#: left two fields wrong and unreported.
HAN_GAP_MIN_EM = 1.45
_HAN = re.compile(r"\p{Han}")
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
#: Between two Latin letters or digits, white narrower than this (ems) is the gap inside a
#: word, not a doubtful space: kept as read, undoubted. At 150 dpi this lies between three
#: pixel columns (0.14–0.16 em) and four (0.19–0.21 em). On the five fixtures of
#: ``bench.ocr_scans`` the 21 word spaces between Latin text (``SSL VPN``, ``Windows Mobile``)
#: left 0.185–0.36 em of white, and 109 gaps inside words (``HTTP``, ``DNS``, ``ITIL``) 0.12–0.17
#: em, each of which doubted its line (15 fields warned but right, none wrong).
WORD_SPACE_DOUBT_FROM_EM = 0.17
#: A Latin letter or digit: where a space between words or scripts may stand.
_LATIN = re.compile(r"[A-Za-z0-9]")
#: What may stand beside a Latin letter or digit with a space between: a Chinese character,
#: a Latin letter or a digit.
_WORDLIKE = re.compile(r"[\p{Han}A-Za-z0-9]")
#: Ink this close to a text box (ems) is the box's own: its glyphs' edges.
BOX_MARGIN_EM = 0.15
#: Why the ink doubts a character: the white beside Latin text is neither a space nor none;
#: a mark's open side is neither full- nor half-width; ink beside it that no read character
#: accounts for (a character the recogniser missed).
SPACE_DOUBT, WIDTH_DOUBT, INK_DOUBT = "space", "width", "ink"
#: The white between two Latin words or a word and a number is neither a space nor none.
WORD_SPACE_DOUBT = "word space"
#: A glyph stands wholly between two read characters beside Latin text (``missed_glyphs``).
GLYPH_DOUBT = "glyph"
#: Where a glyph between two read characters must lie to be one the recogniser missed, in ems
#: from their read centres: past a narrow character's centre by ``GLYPH_NARROW_EM`` (half a
#: Latin glyph's ink and its centre's drift), past a whole-em character's by
#: ``GLYPH_WIDE_EM`` (its half em and a little drift); at least ``GLYPH_MIN_EM`` wide (a full
#: stop's dot at 150 dpi: one to three pixel columns of a 20-pixel em). Set on the four
#: fixtures of ``bench.ocr_scans`` (48 000 characters): it finds every ``ITIL`` read ``ITL``,
#: the ``.`` of ``2.在`` read ``2在`` and the dots of ``gwt.haicang.gov.cn`` read
#: ``gwthaicanggov.cn``. A narrow margin of 0.15 em warned 6–15 % more fields that were right
#: (serifs and digits' feet parting from their glyph); a minimum width of 0.1 em left the
#: ``ITL`` of two haicang entries wrong and unreported.
GLYPH_NARROW_EM = 0.2
GLYPH_WIDE_EM = 0.55
GLYPH_MIN_EM = 0.05
#: Between two digits the glyph must be at least this wide (ems): the digits of a number
#: are set in one width, so a digit the recogniser dropped leaves a digit's ink (0.25 em or
#: more with a ``1``'s foot), while the runs left between two read digits are pieces of them
#: (a serif, a ``1``'s foot: one or two pixel columns). On the five fixtures of
#: ``bench.ocr_scans`` each of the 17 glyph doubts beside a digit pair of a phone number or
#: a year (``96180``, ``0592-6216110``, ``2024``) was on a number read right.
GLYPH_DIGIT_MIN_EM = 0.2
#: A half-width mark (not a letter or digit: ``.``, ``-``, ``/``) stands against the Latin
#: text beside it; white wider than this (ems) between them holds a glyph the recogniser did
#: not read (on the office-scanner fixture, ``java、.net`` read ``java.net``: 0.88 em of white
#: before the ``.``). A hyphen is one pixel row thin, below ``MIN_INK_PIXELS``, so the white
#: around it reads as one run: 0.52 em between ``2`` and ``6`` of ``0592-6068127`` (jimei).
MARK_WHITE_MAX_EM = 0.7


def ink_runs(ink: LineInk) -> list[tuple[int, int]]:
    """The runs of ink columns of a line, as pixel columns ``[left, right]`` of the image."""
    import numpy as np

    flags = np.concatenate(([False], np.asarray(ink.columns, dtype=bool), [False]))
    edges = np.flatnonzero(flags[1:] != flags[:-1])
    return [(ink.x0 + int(a), ink.x0 + int(b) - 1) for a, b in zip(edges[::2], edges[1::2],
                                                                   strict=True)]  # fmt: skip


def missed_glyphs(glyphs: Sequence[Glyph], ink: LineInk) -> list[int]:
    """The indexes ``i`` of the neighbours ``glyphs[i]``, ``glyphs[i + 1]`` (one a Latin letter
    or digit, not both whole-em) between which the ink holds a glyph no read character
    accounts for: a run of ink at least ``GLYPH_MIN_EM`` wide lying wholly past both read
    centres (``GLYPH_NARROW_EM``, ``GLYPH_WIDE_EM``), or, beside a half-width mark that is no
    letter or digit, white wider than ``MARK_WHITE_MAX_EM``. A recogniser drops a narrow glyph
    between narrow ones (``ITIL`` → ``ITL``, ``2.在`` → ``2在``) with a high score, and places
    the others' centres where their ink is: the dropped glyph's ink is left between them."""
    runs = [run for run in ink_runs(ink) if run[1] - run[0] + 1 >= GLYPH_MIN_EM * ink.em]
    found = []
    for index, (left, right) in enumerate(itertools.pairwise(glyphs)):
        pair = left.char + right.char
        if not _LATIN.search(pair) or (is_wide(left.char) and is_wide(right.char)):
            continue
        low = left.center + (GLYPH_WIDE_EM if is_wide(left.char) else GLYPH_NARROW_EM) * ink.em
        high = right.center - (GLYPH_WIDE_EM if is_wide(right.char) else GLYPH_NARROW_EM) * ink.em
        least = (GLYPH_DIGIT_MIN_EM if pair.isdigit() else GLYPH_MIN_EM) * ink.em
        between = any(low < a and b < high and b - a + 1 >= least for a, b in runs)
        mark = any(not is_wide(c) and not _WORDLIKE.fullmatch(c) and not c.isspace()
                   for c in pair)  # fmt: skip
        if between or (mark and ink.white_between(left.center, right.center) > MARK_WHITE_MAX_EM):
            found.append(index)
    return found


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


def _end_reach(glyph: Glyph, em: float) -> float:
    """How far a line's first or last character's ink may reach from its read centre."""
    return HAN_GAP_MIN_EM / 2 * em if _HAN.match(glyph.char) else _reach(glyph, em)


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
) -> tuple[list[str], list[str | None], list[bool | None]]:
    """Each glyph's character with its width form measured, why the ink doubts it (``None``:
    it does not; ``SPACE_DOUBT``, ``WIDTH_DOUBT``, ``INK_DOUBT``), and whether a space follows
    it (``None``: not measured, as read).

    * Between a Latin letter or digit and a Chinese character, letter or digit, the white says
      whether a space stands there (``NO_SPACE_MAX_EM``, ``SPACE_MIN_EM``); between the two,
      both characters are doubted and the reading is kept (between two Latin letters or
      digits, only from ``WORD_SPACE_DOUBT_FROM_EM``: narrower white is inside a word).

    * A mark of ``WIDTH_FORMS`` takes the form the white on its open side shows, and is
      doubted when that white is between the two forms'. A bracket with no neighbour on that
      side (at the line's start or end) takes its partner's form; any other such mark stays
      as read.
    * Ink beyond the reach of every read character (before the first, after the last, or
      between two Chinese characters standing ``HAN_GAP_MIN_EM`` apart) is a character the
      recogniser missed: the read characters beside it are doubted (``INK_DOUBT``).
    * Beside Latin text, a glyph lying wholly between two read characters is one the
      recogniser missed (``missed_glyphs``): both are doubted (``GLYPH_DOUBT``), in place of
      a doubt about the space there.
    """
    chars = [glyph.char for glyph in glyphs]
    doubted: list[str | None] = [None] * len(glyphs)
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
        else:  # between scripts, or between two Latin words (``SSL VPN``)
            why = SPACE_DOUBT if _HAN.search(pair) else WORD_SPACE_DOUBT
            if why == WORD_SPACE_DOUBT and white < WORD_SPACE_DOUBT_FROM_EM:
                continue  # the gap inside a word
            doubted[index] = doubted[index] or why
            doubted[index + 1] = doubted[index + 1] or why
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
            doubted[index] = WIDTH_DOUBT
    if glyphs:
        first, last = glyphs[0], glyphs[-1]
        start = first.center - _end_reach(first, ink.em)
        if ink.ink_between(start - SEARCH_EM * ink.em, start):
            doubted[0] = INK_DOUBT
        end = last.center + _end_reach(last, ink.em)
        if ink.ink_between(end, end + SEARCH_EM * ink.em):
            doubted[-1] = INK_DOUBT
    for index in range(len(glyphs) - 1):
        left, right = glyphs[index], glyphs[index + 1]
        if not (_HAN.match(left.char) and _HAN.match(right.char)) or (
                right.center - left.center < HAN_GAP_MIN_EM * ink.em):  # fmt: skip
            continue  # beside Latin text, ``missed_glyphs`` counts the glyphs
        a, b = left.center + _reach(left, ink.em), right.center - _reach(right, ink.em)
        if b > a and ink.ink_between(a, b):
            doubted[index] = doubted[index + 1] = INK_DOUBT
    measured = [Glyph(char, glyph.score, glyph.center)
                for char, glyph in zip(chars, glyphs, strict=True)]  # fmt: skip
    for index in missed_glyphs(measured, ink):
        for at in (index, index + 1):
            if doubted[at] in (None, SPACE_DOUBT, WORD_SPACE_DOUBT):
                doubted[at] = GLYPH_DOUBT
    return chars, doubted, spaces


#: The heading numerals a recogniser drops or reads as a mark, by the strokes of their ink:
#: (horizontal strokes, a vertical stroke crossing them) → the numeral. Each is a glyph of
#: straight strokes only, so its shape is read from the ink without a recogniser.
STROKE_NUMERALS: dict[tuple[int, bool], str] = {(1, False): "一", (2, False): "二", (1, True): "十"}
#: A row of a glyph is part of a horizontal stroke when ink covers this share of its width;
#: a column is a vertical stroke when ink covers this share of the glyph's height.
STROKE_COVER = 0.6
#: A numeral's glyph is at least this wide (ems): 一, 二 and 十 span most of their em.
NUMERAL_MIN_EM = 0.45
#: One horizontal stroke is at most this tall (ems); a vertical stroke at least this tall.
STROKE_MAX_EM = 0.3
VERTICAL_MIN_EM = 0.55
#: Ink columns closer than this (ems) belong to one glyph.
GLYPH_GAP_EM = 0.1


def glyph_spans(
    image: np.ndarray[Any, Any], a: float, b: float, top: int, bottom: int, em: float
) -> list[tuple[int, int]]:
    """The pixel column spans ``[left, right]`` of the glyphs whose ink lies in columns
    ``a..b`` and rows ``top..bottom`` of ``image``: columns with a dark pixel (a heading
    numeral's strokes are one pixel thin at 150 dpi), closer than ``GLYPH_GAP_EM`` grouped,
    specks narrower than ``MIN_GLYPH_EM`` dropped."""
    import numpy as np

    left, right = max(int(a), 0), min(int(b) + 1, image.shape[1])
    if right <= left or bottom <= top:
        return []
    region = image[max(top, 0) : bottom + 1, left:right] < INK_LEVEL
    dark: list[bool] = np.asarray(region.any(axis=0)).tolist()
    spans: list[list[int]] = []
    for index, flag in enumerate(dark):
        if not flag:
            continue
        if spans and index - spans[-1][1] <= GLYPH_GAP_EM * em:
            spans[-1][1] = index
        else:
            spans.append([index, index])
    return [(left + start, left + end) for start, end in spans
            if end - start + 1 >= MIN_GLYPH_EM * em]


def stroke_numeral(
    image: np.ndarray[Any, Any], left: int, right: int, top: int, bottom: int, em: float
) -> str | None:
    """The numeral of ``STROKE_NUMERALS`` whose strokes the ink in columns ``left..right``
    and rows ``top..bottom`` of ``image`` shows, or ``None`` when it shows none of them (a
    glyph of another shape, or no glyph)."""
    import numpy as np

    dark = image[max(top, 0) : max(bottom, 0) + 1, max(left, 0) : right + 1] < INK_LEVEL
    if dark.size == 0 or not dark.any():
        return None
    rows, columns = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    dark = dark[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]
    height, width = dark.shape
    if width < NUMERAL_MIN_EM * em:
        return None
    stroke_rows = dark.sum(axis=1) >= STROKE_COVER * width
    strokes, runs, previous = 0, [], False
    for index, flag in enumerate(stroke_rows):
        if flag and not previous:
            strokes += 1
            runs.append([index, index])
        elif flag:
            runs[-1][1] = index
        previous = bool(flag)
    if any(end - start + 1 > STROKE_MAX_EM * em for start, end in runs):
        return None
    vertical = height >= VERTICAL_MIN_EM * em and bool(
        (dark.sum(axis=0) >= STROKE_COVER * height).any())
    if not vertical and strokes == 1 and height > STROKE_MAX_EM * em:
        return None  # a tall glyph with one full-width row: not 一
    return STROKE_NUMERALS.get((strokes, vertical))
