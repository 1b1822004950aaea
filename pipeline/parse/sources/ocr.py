"""Read PDF pages that have no text layer (scans) by OCR, into the same ``PdfPage`` data as a
text layer gives, so headers, footers, headings and labels are found by the same rules.

The engine is RapidOCR (PP-OCRv4 Chinese detection and recognition models run by ONNX Runtime):
its models ship inside the ``rapidocr-onnxruntime`` wheel, so nothing is downloaded at run time
and OCR works with networking disabled. It is imported only when a page needs it.

Three steps, each testable alone:

* ``render_page`` draws a page as a greyscale image (pypdfium2, at ``DEFAULT_OCR_DPI``);
* a ``Recogniser`` finds the text boxes on the image: text, box, one confidence per character;
* ``ocr_page`` (pure) turns the boxes into ``PdfLine``s in points: boxes on one baseline are
  one line, a label word misread at a low-confidence character is restored from the profile's
  closed list of labels (``snap_label``), a heading numeral lost or read as a mark (``、…``,
  ``-、…``) is restored from its strokes in the ink (``restore_numeral``), and each line
  keeps the chance that it was read right (``char_confidence``, multiplied over its
  characters).

What the scores cannot say is checked two more ways, and a character either check doubts
gets that check's chance of being wrong (``WRONG_CHANCE``), so ``extractors.ocr`` reports
the field that holds it:

* the ink of the image (``ocr_ink``): a character the recogniser missed leaves ink no read
  character accounts for, and a punctuation mark's width form (``,`` or ``，``) is measured
  from the white beside it, then set;
* a second reading: a box with Latin letters or digits (where the recogniser drops one of a
  run of narrow, alike glyphs: ``ITIL`` → ``ITL``) is read again with a white margin around
  it, and the characters the two readings disagree on are doubted.

No other text is corrected: a doubtful character stays as read.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex as re

from normalizers.numerals import CN_NUMERAL_CHARS, number_to_chinese, parse_number
from pipeline.env_settings import count_setting
from pipeline.errors import PdfError, SourceTooLarge
from pipeline.parse.sources.library_logs import quiet_library_logs
from pipeline.parse.sources.ocr_ink import (
    BAND_TRIM,
    BOX_HEIGHT_EM,
    GLYPH_DOUBT,
    INK_DOUBT,
    INK_LEVEL,
    OPENING_MARKS,
    SEARCH_EM,
    SPACE_DOUBT,
    WIDTH_DOUBT,
    WIDTH_FORMS,
    WORD_SPACE_DOUBT,
    Glyph,
    check_glyphs,
    glyph_spans,
    is_wide,
    line_ink,
    stroke_numeral,
    unclaimed_ink,
)  # fmt: skip
from pipeline.parse.sources.options import OcrMode
from pipeline.parse.sources.pdf_layout import DEFAULT_SPACE_RATIO, PdfLine, PdfPage
from pipeline.profile import OcrRules, StructureRules, default_profile

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "DEFAULT_OCR_DPI", "UNREAD_MARK", "OcrBox", "Recogniser",
    "label_words", "needs_second_reading", "ocr_page", "pages_to_ocr", "rapid_recogniser",
    "read_by_ocr", "render_page", "snap_label",
]  # fmt: skip

#: Pages are drawn at this resolution for OCR: catalogs are set at 10–12 pt, which is 20–25
#: pixels a character here, what the recognition model reads best (it scales lines to 48 px).
DEFAULT_OCR_DPI = 150
#: A character box's height is about this share of the font size (PP-OCR boxes hug the glyphs
#: and add a margin of their own): turns box heights back into font sizes, in points.
BOX_HEIGHT_PER_POINT = 1.0
#: Two boxes whose vertical centres are closer than this share of the taller box's height are
#: on one line.
SAME_LINE_SHARE = 0.5
#: The environment variable that caps the threads OCR uses (default: every core). Set it to 1
#: when several ingests share a machine: ONNX Runtime's threads spin while they wait.
OCR_THREADS_SETTING = "CATALOG_OCR_THREADS"
#: Why the second reading or the page's ink doubts a character: the two readings disagree; a
#: blot of ink no text box holds stands beside it.
SECOND_DOUBT, UNCLAIMED_DOUBT = "second", "unclaimed"
#: The chance that a character a check doubts is read wrong, by the check, as the model
#: uses it. Recounted on the five scanned fixtures of ``bench.ocr_scans`` (the two editions
#: through a photocopier, each also with large bold headings, the bundled one through an
#: office scanner and through a second photocopier turned the other way; 60 000
#: characters): a doubted character counts as wrong when its line, set against the text
#: layer's with the Chinese–Latin spaces normalised, differs at it or within two characters
#: of it (a dropped glyph's neighbours are both doubted). Wrong of doubted: second reading
#: 68 of 103, glyph 154 of 308, Latin word space 48 of 151, unread ink 5 of 14, Chinese–Latin
#: white 0 of 846, mark width 2 of 2. A blot no box holds loses a line's last mark, which no
#: character of the line shows: every section it doubted was wrong (5 of 5), and it keeps
#: 0.3, as the width doubt (two cases are too few to count). Each chance but the
#: Chinese–Latin white's is above 1 − ``ocr.min_char_confidence`` (it warns); that one warns
#: no section (the edition counts it: ``unsettled_spaces``). The glyph and word-space checks
#: are right about half and a third of the time: at 150 dpi a Latin glyph's ink does not
#: show where one ends (``ITIL`` read right and ``ITL`` leave the same runs of ink), and the
#: white of a word space (0.185–0.36 em) is also found inside words (``HTTP``: 0.26 em).
WRONG_CHANCE: dict[str, float] = {
    SECOND_DOUBT: 0.66,  # the two readings disagree
    INK_DOUBT: 0.36,  # unread ink beside it
    WIDTH_DOUBT: 0.3,  # a mark's width neither form's
    SPACE_DOUBT: 0.006,  # white between Chinese and Latin text neither a space nor none
    WORD_SPACE_DOUBT: 0.32,  # white between two Latin words unsettled
    UNCLAIMED_DOUBT: 0.3,  # a blot no box holds beside it
    GLYPH_DOUBT: 0.5,  # a glyph between it and its neighbour no read character accounts for
}
#: The chance that a character no check doubts is read wrong, by the recogniser's score:
#: (lowest score, chance), highest first; counted on the first four fixtures (48 000
#: characters): at least 0.9 0.0003, 0.5–0.9 0.01.
SCORE_WRONG_CHANCE: tuple[tuple[float, float], ...] = ((0.9, 0.0003), (0.5, 0.01), (0.0, 0.3))
#: Boxes with these characters are read twice (``rapid_recogniser``)...
_READ_TWICE = re.compile(r"[A-Za-z0-9]")
#: ...unless the recogniser scored every character at least this. On the four fixtures of
#: ``bench.ocr_scans`` (1 669 boxes read twice) this skips 891 second readings, and the 4
#: disagreements among them were a page number's dashes and a label's dot (restored from the
#: profile's labels); at 0.9 the second reading of an ``ITL`` box would be skipped.
SECOND_READING_BELOW = 0.99
#: The white margin put around a box for its second reading, in shares of its height.
SECOND_READING_MARGIN = 0.25
#: What stands in a line for a text box the engine found but could not read (score 0, so the
#: field holding it is reported): never silently dropped.
UNREAD_MARK = "\ufffd"
#: What a line holds besides read characters: spaces, and the marks of boxes read as nothing.
_NOT_TEXT = re.compile(rf"[\s{UNREAD_MARK}]")
#: A label word is restored only when the misread characters are at most this many, and each
#: was read with a confidence below the profile's ``ocr.min_char_confidence``.
MAX_SNAPPED_CHARS = 1
#: How a label or part line starts before its word: ``1.`` / ``1、`` / ``（1）`` / ``（一）``,
#: or ``（1`` / ``4`` whose closing bracket or dot OCR lost.
_LABEL_NUMBER = re.compile(
    rf"\s*(?:(?P<open>[（(])\s*(?P<number>\d+|[{CN_NUMERAL_CHARS}]+)\s*(?P<close>[）)])?"
    r"|(?P<digits>\d+)\s*(?P<dot>[.．、])?)\s*"
)


@dataclass(frozen=True, slots=True)
class OcrBox:
    """One text box the recogniser found: its text, one confidence (0..1) per character, and
    its box in pixels of the page image (from the image's top-left). When the recogniser gives
    them: the x of each character's centre, the box's corners (top-left, top-right,
    bottom-right, bottom-left) and the text of a second reading (``None``: read once)."""

    text: str
    scores: tuple[float, ...]
    x0: float
    x1: float
    top: float
    bottom: float
    centers: tuple[float, ...] = ()
    quad: tuple[tuple[float, float], ...] = ()
    second: str | None = None
    space_before: bool | None = None  # measured on the ink; None: the gap to the last box says
    #: Why a check doubts each character (``""``: none does); empty: no character is doubted.
    doubts: tuple[str, ...] = ()

    def doubt(self, index: int) -> str:
        """Why a check doubts character ``index`` (``""``: none does)."""
        return self.doubts[index] if self.doubts else ""

    def doubted(self, index: int, why: str) -> OcrBox:
        """This box with character ``index`` doubted for ``why`` (a first reason is kept)."""
        doubts = list(self.doubts or ("",) * len(self.text))
        doubts[index] = doubts[index] or why
        return dataclasses.replace(self, doubts=tuple(doubts))


#: Finds the text boxes of a greyscale page image (rows × columns, uint8).
Recogniser = Callable[["np.ndarray[Any, Any]"], list[OcrBox]]


def pages_to_ocr(pages: Sequence[PdfPage], mode: OcrMode, unmapped_share: float = 0.5) -> list[int]:
    """The 1-based numbers of the pages to OCR: none (``never``), every page (``always``), or
    (``auto``) the pages with no text, or with more than ``unmapped_share`` of their glyphs in
    fonts that map them to no character (text that cannot be decoded)."""
    if mode == "never":
        return []
    return [page.number for page in pages
            if mode == "always" or page.text_chars == 0
            or page.unmapped_chars > unmapped_share * page.text_chars]  # fmt: skip


def render_page(path: Path, number: int, dpi: int = DEFAULT_OCR_DPI) -> np.ndarray[Any, Any]:
    """Page ``number`` (1-based) of the PDF at ``path`` as a greyscale image at ``dpi``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return _render(document, number, dpi)
    finally:
        document.close()


def _render(document: Any, number: int, dpi: int) -> np.ndarray[Any, Any]:
    """Page ``number`` (1-based) of an open ``pypdfium2.PdfDocument``, greyscale, at ``dpi``."""
    import numpy as np

    page = document[number - 1]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = np.array(bitmap.to_numpy(), copy=True)  # the bitmap's buffer dies with it
        bitmap.close()
    finally:
        page.close()
    return image[:, :, 0] if image.ndim == 3 else image


@cache
def _rapid_engine(threads: int | None) -> Any:
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR() if threads is None else RapidOCR(intra_op_num_threads=threads)
    quiet_library_logs()  # RapidOCR attaches a stderr handler of its own
    return engine


def rapid_recogniser(image: np.ndarray[Any, Any]) -> list[OcrBox]:
    """RapidOCR's boxes for ``image``, every one (its own filter of low-scored boxes is off:
    a dropped line would lose text without a trace), with per-character confidences."""
    threads = count_setting(OCR_THREADS_SETTING, None)
    engine = _rapid_engine(threads)
    result, _ = engine(image, use_cls=False, return_word_box=True, text_score=0.0)
    result = list(result or ())
    boxes = []
    for quad, text, score, *words in result:
        xs, ys = [float(x) for x, _ in quad], [float(y) for _, y in quad]
        centers: tuple[float, ...] = ()
        if str(text).strip():
            scores = _char_scores(str(text), float(score), words)
            if words and len(words[0]) == len(str(text)):
                centers = tuple((float(w[0][0]) + float(w[1][0])) / 2 for w in words[0])
        else:  # found as text, read as nothing: keep a visible mark, scored 0
            text, scores = UNREAD_MARK, (0.0,)
        boxes.append(OcrBox(
            text=str(text), scores=scores, x0=min(xs), x1=max(xs), top=min(ys), bottom=max(ys),
            centers=centers, quad=tuple((float(x), float(y)) for x, y in quad),
        ))  # fmt: skip
    again = [i for i, box in enumerate(boxes) if needs_second_reading(box)]
    for index, text in zip(again, _read_again(engine, image, [result[i][0] for i in again]),
                           strict=True):  # fmt: skip
        boxes[index] = dataclasses.replace(boxes[index], second=text)
    return boxes


def needs_second_reading(box: OcrBox) -> bool:
    """Whether ``box`` is read again: it holds a Latin letter or digit (``_READ_TWICE``) and
    a character the recogniser scored below ``SECOND_READING_BELOW``."""
    return bool(_READ_TWICE.search(box.text)) and min(box.scores) < SECOND_READING_BELOW


def _read_again(engine: Any, image: np.ndarray[Any, Any], quads: Sequence[Any]) -> list[str]:
    """The texts of the boxes ``quads`` read again, each with a white margin around it."""
    import numpy as np

    if not quads:
        return []
    colour = np.repeat(image[:, :, None], 3, axis=2)
    crops = engine.get_crop_img_list(colour, np.array(quads, dtype=np.float32))
    padded = []
    for crop in crops:
        margin = max(int(SECOND_READING_MARGIN * crop.shape[0]), 1)
        padded.append(np.pad(crop, ((margin, margin), (margin, margin), (0, 0)),
                             constant_values=255))  # fmt: skip
    read, _ = engine.text_rec(padded)
    return [str(found[0]) for found in read]


def _char_scores(text: str, score: float, words: list[Any]) -> tuple[float, ...]:
    """One confidence per character of ``text`` from RapidOCR's word details (a word is one
    Chinese character or a run of Latin letters and digits); the box's mean when absent."""
    if len(words) >= 3 and len(words[1]) == len(words[2]):
        scores: list[float] = []
        for word, confidence in zip(words[1], words[2], strict=True):
            scores += [float(confidence)] * len(str(word))
        if len(scores) == len(text.replace(" ", "")):
            spread = iter(scores)
            return tuple(1.0 if char == " " else next(spread) for char in text)
    return (score,) * len(text)


def label_words(rules: StructureRules) -> tuple[str, ...]:
    """Every label name and part name of a profile: the closed list ``snap_label`` restores."""
    names = {name for label in rules.labels for name in label.names} | set(rules.parts)
    return tuple(sorted(names, key=len, reverse=True))


def snap_label(
    text: str, scores: Sequence[float], words: Sequence[str], threshold: float
) -> tuple[str, tuple[float, ...]]:
    """``text`` with a label line's structure restored, and its scores.

    After a label number (``2.``, ``（2）``; a dot or closing bracket OCR dropped is put back),
    a word of ``words`` that differs from the text in at most ``MAX_SNAPPED_CHARS`` characters, each
    read below ``threshold``, is restored (``2.接人对象`` → ``2.接入对象``). The number and the
    word, now checked against the profile's closed list, score at least ``threshold``: a
    doubtful ``（`` in a label says nothing about the field. Any other line is returned as is.
    """
    start = _LABEL_NUMBER.match(text)
    if start is None:
        return text, tuple(scores)
    at, found = start.end(), None
    for word in words:
        window = text[at : at + len(word)]
        if window == word:
            found = word
            break
    if found is None:
        for word in words:
            window = text[at : at + len(word)]
            if len(window) != len(word):
                continue
            wrong = [i for i, (got, want) in enumerate(zip(window, word, strict=True))
                     if got != want]  # fmt: skip
            if len(wrong) <= MAX_SNAPPED_CHARS and all(scores[at + i] < threshold for i in wrong):
                found = word
                break
    if found is None:
        return text, tuple(scores)
    marker, marker_scores = text[:at], list(scores[:at])
    lost = ""
    if start.group("open") and not start.group("close"):  # （2建设单位 → （2）建设单位
        cut, lost = start.end("number"), "）"
    elif start.group("digits") and not start.group("dot"):  # 4基本情况 → 4.基本情况
        cut, lost = start.end("digits"), "."
    if lost:
        marker = marker[:cut] + lost + marker[cut:]
        marker_scores.insert(cut, threshold)
    end = at + len(found)
    fixed = marker + found + text[end:]
    raised = [max(score, threshold) for score in marker_scores + list(scores[at:end])]
    return fixed, tuple(raised + list(scores[end:]))


def _snapped(
    text: str, scores: Sequence[float], doubts: Sequence[str], words: Sequence[str],
    threshold: float,
) -> tuple[str, list[float], list[str]]:
    """``snap_label`` with each character's doubt carried along: the label's number and word,
    now checked against the profile's closed list, are no longer doubted."""
    fixed, raised = snap_label(text, scores, words, threshold)
    start = _LABEL_NUMBER.match(fixed)
    word = next((w for w in words if start and fixed.startswith(w, start.end())), None)
    if start is None or word is None:
        return text, list(scores), list(doubts)
    kept = list(doubts)
    if len(fixed) == len(text) + 1:  # a lost ``）`` or ``.`` put back: where the texts part
        at = next((i for i, (a, b) in enumerate(zip(text, fixed, strict=False)) if a != b),
                  len(text))  # fmt: skip
        kept.insert(at, "")
    end = start.end() + len(word)
    return fixed, list(raised), ["" if i < end else doubt for i, doubt in enumerate(kept)]


def ocr_page(
    boxes: Sequence[OcrBox],
    number: int,
    size: tuple[float, float],
    dpi: int,
    *,
    words: Sequence[str] = (),
    threshold: float = 1.0,
    image: np.ndarray[Any, Any] | None = None,
) -> PdfPage:
    """The ``PdfPage`` of page ``number`` (``size``: width and height in points) from the
    boxes found on its ``image`` drawn at ``dpi``: top line first, boxes on one line left to
    right, joined with a space where the gap is wider than a text layer's space. Characters
    are checked against the ``image``'s ink and the boxes' second readings (``checked_row``);
    label words are restored with ``snap_label`` (``words``, ``threshold``)."""
    scale = 72 / dpi
    lines = []
    for row in checked_rows(boxes, image):
        text, scores, doubts = joined_row(row)
        text, scores, doubts = restore_numeral(row, text, scores, doubts, image)
        text, scores, doubts = _snapped(text, scores, doubts, words, threshold)
        confidence = math.prod(char_confidence(score, doubt)
                               for score, doubt in zip(scores, doubts, strict=True))  # fmt: skip
        height = statistics.median([b.bottom - b.top for b in row]) * scale
        lines.append(PdfLine(
            text=text, page=number, x0=row[0].x0 * scale, x1=max(b.x1 for b in row) * scale,
            top=min(b.top for b in row) * scale, bottom=max(b.bottom for b in row) * scale,
            size=round(height / BOX_HEIGHT_PER_POINT, 1), bold=False,
            confidence=round(confidence, 6), unsettled_spaces=unsettled_spaces(text, doubts),
        ))  # fmt: skip
    return PdfPage(
        number=number, width=size[0], height=size[1], lines=tuple(lines),
        text_chars=sum(len(_NOT_TEXT.sub("", line.text)) for line in lines),
    )


def checked_rows(
    boxes: Sequence[OcrBox], image: np.ndarray[Any, Any] | None
) -> list[list[OcrBox]]:
    """The ``boxes`` of a page in lines (top first; each left to right), checked
    (``checked_row``; with the ``image``, unclaimed ink doubts its neighbour)."""
    rows: list[list[OcrBox]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        if rows and _same_line(rows[-1][-1], box):
            rows[-1].append(box)
        else:
            rows.append([box])
    checked = [checked_row(sorted(row, key=lambda b: b.x0), image) for row in rows]
    return _doubt_unclaimed(checked, image) if image is not None else checked


def joined_row(row: Sequence[OcrBox]) -> tuple[str, list[float], list[str]]:
    """One line's text, the recogniser's score and the checks' doubt of each character: its
    boxes joined with a space where the gap is wider than a text layer's space (or where the
    ink says so)."""
    text, scores = row[0].text, list(row[0].scores)
    doubts = [row[0].doubt(i) for i in range(len(row[0].text))]
    for before, box in itertools.pairwise(row):
        height = max(box.bottom - box.top, 1.0)
        gap = box.x0 - before.x1 > DEFAULT_SPACE_RATIO * height
        if box.space_before is not None:  # measured on the ink
            gap = box.space_before
        if gap and not _full_width_white(before.text[-1:], box.text[:1]):
            text, scores, doubts = text + " ", [*scores, 1.0], [*doubts, ""]
        text, scores = text + box.text, scores + list(box.scores)
        doubts += [box.doubt(i) for i in range(len(box.text))]
    return text, scores, doubts


def unsettled_spaces(text: str, doubts: Sequence[str]) -> int:
    """How many places between a Chinese character and a Latin letter or digit of a line
    (``text``, one doubt per character) the ink could not settle a space at: neighbours
    (spaces aside) both doubted for ``SPACE_DOUBT``. Counted for the edition
    (``editions.ocr_unsettled_spaces``), not reported per section."""
    marks = [doubt for char, doubt in zip(text, doubts, strict=True) if not char.isspace()]
    return sum(1 for a, b in itertools.pairwise(marks) if a == b == SPACE_DOUBT)


def char_confidence(score: float, doubt: str) -> float:
    """The chance that a character is read right, from what a check ``doubt``s it for
    (``WRONG_CHANCE``) or else the recogniser's ``score`` (``SCORE_WRONG_CHANCE``)."""
    if doubt:
        return 1.0 - WRONG_CHANCE[doubt]
    return 1.0 - next(chance for least, chance in SCORE_WRONG_CHANCE if score >= least)


#: What a recogniser reads for a heading numeral's lone strokes: a dash for 一, an equals sign
#: for 二, a plus for 十 (and their full-width forms, the long dashes and the katakana
#: prolonged sound mark ー, which look like 一).
NUMERAL_LOOKALIKES: dict[str, str] = {
    "-": "一", "－": "一", "—": "一", "–": "一", "‐": "一", "ー": "一", "_": "一",
    "=": "二", "＝": "二", "+": "十", "＋": "十",
}
#: A heading's start as OCR may read it: a numeral of Chinese numerals and lookalikes (or
#: none: the numeral lost), the ideographic comma, then the title.
_READ_HEADING = re.compile(
    "(?P<numeral>[" + CN_NUMERAL_CHARS + re.escape("".join(NUMERAL_LOOKALIKES)) + r"]*)"
    r"、(?=\S)"
)


def restore_numeral(
    row: Sequence[OcrBox], text: str, scores: Sequence[float], doubts: Sequence[str],
    image: np.ndarray[Any, Any] | None,
) -> tuple[str, list[float], list[str]]:
    """``text`` (the line of ``row``) with a heading numeral OCR lost or read as a mark put
    back from the ink of the ``image``, and the characters' scores and doubts.

    A line that starts like a heading (``、政务云平台``, ``-、…``, ``一、…``) is looked at:

    * each lookalike mark of the numeral (``NUMERAL_LOOKALIKES``: ``-`` for 一, ``=`` for 二,
      ``+`` for 十) becomes its numeral when the ink under it shows that numeral's strokes
      (``ocr_ink.stroke_numeral``);
    * when the ink check found unread ink before the line's first character (or the numeral
      is missing), the glyph left of it is read by its strokes, and a 一, 二 or 十 it shows
      is put in front when that makes a well-formed numeral (``一`` → ``十一``).

    A restored numeral scores 1, undoubted: its shape is measured, and segmentation checks it
    against the heading sequence (a numeral the sequence does not expect is an error naming
    the line). Without that evidence the line stays as read, its doubts kept: segmentation
    then reports it (``find_headings``). Any other line is returned as is."""
    found = _READ_HEADING.match(text)
    first = row[0]
    unchanged = text, list(scores), list(doubts)
    if (found is None or image is None or not first.centers or not first.quad
            or not row[0].text.startswith(text[: found.end()])):  # fmt: skip
        return unchanged
    numeral = found.group("numeral")
    if numeral and all(char in CN_NUMERAL_CHARS for char in numeral) and doubts[0] != INK_DOUBT:
        return unchanged  # a numeral read whole, no ink before it: nothing to restore
    ink = line_ink(image, [box.quad for box in row])
    top = int(min(y for _, y in first.quad) + BAND_TRIM / 2 * (first.bottom - first.top))
    bottom = int(max(y for _, y in first.quad) - BAND_TRIM / 2 * (first.bottom - first.top))
    restored = list(numeral)
    for index, char in enumerate(numeral):
        if char not in NUMERAL_LOOKALIKES:
            continue
        center = first.centers[index]
        spans = [span for span in glyph_spans(image, center - ink.em / 2, center + ink.em / 2,
                                              top, bottom, ink.em)
                 if span[0] <= center <= span[1]]  # fmt: skip
        shape = stroke_numeral(image, *spans[0], top, bottom, ink.em) if spans else None
        if shape != NUMERAL_LOOKALIKES[char]:
            return unchanged  # the ink does not show the numeral the mark stands for
        restored[index] = shape
    lead = ""
    if doubts[0] == INK_DOUBT or not numeral:
        edge = first.centers[0] - 0.5 * ink.em  # the first character's cell starts here
        spans = glyph_spans(image, edge - SEARCH_EM * ink.em, edge, top, bottom, ink.em)
        if spans:
            lead = stroke_numeral(image, *spans[-1], top, bottom, ink.em) or ""
    candidate = lead + "".join(restored)
    value = parse_number(candidate) if candidate else None
    if value is None or number_to_chinese(int(value)) != candidate:
        return unchanged  # not a numeral: leave the line as read
    at, end = found.start("numeral"), found.end("numeral")
    fixed = text[:at] + candidate + text[end:]
    new_scores = [*scores[:at], *[1.0] * len(candidate), *scores[end:]]
    new_doubts = [*doubts[:at], *[""] * len(candidate), *doubts[end:]]
    if lead and not numeral:  # the unread ink before the comma was the numeral
        new_doubts[at + len(lead)] = ""
    return fixed, new_scores, new_doubts


def checked_row(row: Sequence[OcrBox], image: np.ndarray[Any, Any] | None) -> list[OcrBox]:
    """The boxes of one line (left to right) with what the checks find: characters the second
    reading disagrees on doubted; with the ``image``, punctuation width forms measured and
    characters beside unread ink doubted (``ocr_ink.check_glyphs``). A doubted character
    keeps its score and carries why (``OcrBox.doubts``)."""
    boxes = [_second_reading_doubts(box) for box in row]
    if image is None or not all(box.centers and box.quad for box in boxes):
        return boxes
    at = [(b, i) for b, box in enumerate(boxes) for i, char in enumerate(box.text)
          if not char.isspace() and char != UNREAD_MARK]  # fmt: skip
    glyphs = [Glyph(boxes[b].text[i], boxes[b].scores[i], boxes[b].centers[i]) for b, i in at]
    chars, doubted, spaces = check_glyphs(glyphs, line_ink(image, [b.quad for b in boxes]))
    texts = [list(box.text) for box in boxes]
    scores = [list(box.scores) for box in boxes]
    doubts = [[box.doubt(i) for i in range(len(box.text))] for box in boxes]
    for (b, i), char, doubt in zip(at, chars, doubted, strict=True):
        texts[b][i] = char
        if doubt:
            doubts[b][i] = doubts[b][i] or doubt
    joins: list[bool | None] = [None] * len(boxes)
    for ((b, i), (c, j)), space in zip(itertools.pairwise(at), spaces, strict=False):
        if space is None:
            continue
        if b != c:  # the first character of the next box: the measure decides its join
            joins[c] = space
            continue
        between = "".join(texts[b][i + 1 : j])
        if space and not between:
            texts[b][i] += " "  # two characters in one text: the space is the second's
        elif not space and between.isspace():
            for k in range(i + 1, j):
                texts[b][k] = ""
    return [
        dataclasses.replace(_without_mark_spaces(_rebuilt(box, text, score, doubt)),
                            space_before=join)
        for box, text, score, doubt, join in zip(boxes, texts, scores, doubts, joins, strict=True)
    ]


def _rebuilt(
    box: OcrBox, pieces: Sequence[str], scores: Sequence[float], doubts: Sequence[str]
) -> OcrBox:
    """``box`` with its characters replaced by ``pieces`` (one per character: ``""`` drops it,
    ``"x "`` adds a space after it, scored 1), ``scores`` and ``doubts`` one per character."""
    text, new_scores, new_doubts, centers = [], [], [], []
    for k, piece in enumerate(pieces):
        for char in piece:
            first = char == piece[0]
            text.append(char)
            new_scores.append(scores[k] if first else 1.0)
            new_doubts.append(doubts[k] if first else "")
            centers.append(box.centers[k] if box.centers else 0.0)
    return dataclasses.replace(
        box, text="".join(text), scores=tuple(new_scores),
        doubts=tuple(new_doubts) if any(new_doubts) else (),
        centers=tuple(centers) if box.centers else (),
    )  # fmt: skip


def _full_width_white(before: str, after: str) -> bool:
    """Whether the white between ``before`` and ``after`` belongs to a full-width mark (the
    empty half of ``，`` or ``）`` after it, of ``（`` before it), so is no space."""
    closing = is_wide(before) and not before.isalnum() and before not in OPENING_MARKS
    return closing or after == "（"


def _without_mark_spaces(box: OcrBox) -> OcrBox:
    """``box`` without the spaces the recogniser read in a full-width mark's empty half."""
    keep = [i for i, char in enumerate(box.text)
            if not (char == " " and 0 < i < len(box.text) - 1
                    and _full_width_white(box.text[i - 1], box.text[i + 1]))]  # fmt: skip
    if len(keep) == len(box.text):
        return box
    return dataclasses.replace(
        box, text="".join(box.text[i] for i in keep), scores=tuple(box.scores[i] for i in keep),
        centers=tuple(box.centers[i] for i in keep) if box.centers else (),
        doubts=tuple(box.doubts[i] for i in keep) if box.doubts else (),
    )


#: A blot of unclaimed ink farther than this (ems) from every line, above or below, stands
#: apart from the text: a page number the detector missed (``- 3 -`` at the foot of a book
#: page), not a mark of the entry. On the four fixtures of ``bench.ocr_scans`` the full stops
#: wrapped alone onto a line stood at most 0.76 em from a line, the missed page numbers of
#: the book layout at least 4.9 em (their doubt warned the page's last section: 13 fields
#: right on each jimei fixture).
UNCLAIMED_NEAR_EM = 2.0


def _line_gap(row: Sequence[OcrBox], y: float) -> float:
    """How far (pixels) ``y`` lies above or below the line ``row`` (0: within it)."""
    return max(min(b.top for b in row) - y, y - max(b.bottom for b in row), 0.0)


def _doubt_unclaimed(rows: list[list[OcrBox]], image: np.ndarray[Any, Any]) -> list[list[OcrBox]]:
    """``rows`` (top first) with the character next to each blot of unclaimed ink doubted:
    the last of the line the blot follows (the line it is on or the nearest above), or the
    first of the line when the blot stands before it. A blot farther than
    ``UNCLAIMED_NEAR_EM`` from every line is no part of the text and doubts nothing."""
    boxes = [b for row in rows for b in row]
    if not boxes:
        return rows
    em = statistics.median(b.bottom - b.top for b in boxes) / BOX_HEIGHT_EM
    for x, y in unclaimed_ink(image, [(b.x0, b.x1, b.top, b.bottom) for b in boxes]):
        if min(_line_gap(row, y) for row in rows) > UNCLAIMED_NEAR_EM * em:
            continue  # a page number or a mark standing apart: not the entry's text
        above = [i for i, row in enumerate(rows) if min(b.top for b in row) <= y]
        index = above[-1] if above else 0
        row = rows[index]
        before = not above or (x < row[0].x0 and y <= max(b.bottom for b in row))
        at = 0 if before else len(row) - 1
        box = row[at]
        position = 0 if before else len(box.scores) - 1
        rows[index] = [*row[:at], box.doubted(position, UNCLAIMED_DOUBT), *row[at + 1 :]]
    return rows


#: A mark's full-width form → its half-width form: the readings' width forms are not
#: compared (the ink sets them, ``ocr_ink.check_glyphs``). On the four fixtures of
#: ``bench.ocr_scans``, 148 of the 230 disagreements of the two readings were ``（`` against
#: ``(`` (and ``）``, ``；``, ``，``) and none of those marks was read wrong.
_HALF_WIDTH = str.maketrans({full: half for half, full in WIDTH_FORMS.items()})


def _width_folded(text: str) -> str:
    """``text`` with every mark of ``WIDTH_FORMS`` in its half-width form."""
    return text.translate(_HALF_WIDTH)


def _second_reading_doubts(box: OcrBox) -> OcrBox:
    """``box`` with the characters its second reading disagrees on (spaces and the width forms
    of marks aside) doubted."""
    if box.second is None:
        return box
    kept = [i for i, char in enumerate(box.text) if char != " "]
    first = _width_folded("".join(box.text[i] for i in kept))
    second = _width_folded(box.second.replace(" ", ""))
    if first == second:
        return box
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    for tag, start, end, _, _ in matcher.get_opcodes():
        if tag == "equal":
            continue
        # a character the first reading lacks doubts its neighbours
        for j in range(start, end) if end > start else (start - 1, start):
            if 0 <= j < len(kept):
                box = box.doubted(kept[j], SECOND_DOUBT)
    return box


def _same_line(previous: OcrBox, box: OcrBox) -> bool:
    middle = (box.top + box.bottom) / 2
    last = (previous.top + previous.bottom) / 2
    tallest = max(box.bottom - box.top, previous.bottom - previous.top)
    return abs(middle - last) < SAME_LINE_SHARE * tallest



def read_by_ocr(
    path: Path,
    pages: Sequence[PdfPage],
    numbers: Sequence[int],
    rules: StructureRules,
    threshold: float,
    *,
    recogniser: Recogniser | None = None,
    dpi: int = DEFAULT_OCR_DPI,
    on_page: Callable[[int, int], None] | None = None,
    budget: OcrRules | None = None,
) -> list[PdfPage]:
    """``pages`` with pages ``numbers`` read again by OCR from their image (``recogniser``,
    default RapidOCR); ``on_page(done, len(numbers))`` hears each page done.

    Within ``budget`` (default: the bundled profile's ``ocr`` table): more pages than
    ``max_pages``, or a page that would be drawn larger than ``max_page_pixels``, is refused
    before any page is drawn; a run past ``max_seconds`` after the page that passed it
    (``SourceTooLarge``, naming the page). When no page with a text layer shows a catalog's
    structure, the first ``probe_pages`` OCR'd pages must (``PdfError``): a scan of another
    document is refused there, not read to its end.
    """
    import pypdfium2 as pdfium

    budget = budget or default_profile().ocr
    recognise = recogniser or rapid_recogniser
    words = label_words(rules)
    wanted = set(numbers)
    scans = [page for page in pages if page.number in wanted]
    _check_ocr_budget(path, scans, len(pages), dpi, budget)
    probing = not any(_structured(page, words) for page in pages if page.number not in wanted)
    read: dict[int, PdfPage] = {}
    started = _clock()
    document = pdfium.PdfDocument(str(path))  # opened once for every page it draws
    try:
        for done, page in enumerate(scans, start=1):
            image = _render(document, page.number, dpi)
            if int(image.min()) < INK_LEVEL:  # a blank page has nothing to read
                found = ocr_page(recognise(image), page.number, (page.width, page.height), dpi,
                                 words=words, threshold=threshold, image=image)  # fmt: skip
                if found.text_chars:  # else the page stays as it was, and says why: no text
                    read[page.number] = found
            if on_page is not None:
                on_page(done, len(wanted))
            if done < len(scans):
                probing = probing and not _structured(read.get(page.number, page), words)
                _check_progress(path, page.number, done, len(scans), _clock() - started,
                                probing, budget)  # fmt: skip
    finally:
        document.close()
    return [read.get(page.number, page) for page in pages]


#: Where the seconds OCR takes are read from (a test's clock can stand in).
_clock = time.monotonic
#: A heading line (``一、…``): with a part or a label word, the structure a catalog shows.
_HEADING = re.compile(rf"\s*[{CN_NUMERAL_CHARS}]+\s*、")


def _structured(page: PdfPage, words: Sequence[str]) -> bool:
    """Whether a line of ``page`` is a heading or holds a part or label word."""
    return any(_HEADING.match(line.text) or any(word in line.text for word in words)
               for line in page.lines)  # fmt: skip


def _check_ocr_budget(
    path: Path, scans: Sequence[PdfPage], count: int, dpi: int, budget: OcrRules
) -> None:
    """Refuse, before a page is drawn, more pages to OCR than ``budget.max_pages`` or a page
    whose image would have more than ``budget.max_page_pixels`` pixels."""
    if len(scans) > budget.max_pages:
        raise SourceTooLarge(
            f"{len(scans)} of the {count} pages need OCR; the limit is {budget.max_pages} "
            "(profile key ocr.max_pages)", file=str(path))  # fmt: skip
    for page in scans:
        width, height = (math.ceil(side * dpi / 72) for side in (page.width, page.height))
        if width * height > budget.max_page_pixels:
            raise SourceTooLarge(
                f"the page is {page.width:,.0f}×{page.height:,.0f} pt: OCR would draw it at "
                f"{width:,}×{height:,} pixels ({width * height / 1e6:,.0f} megapixels); the "
                f"limit is {budget.max_page_pixels / 1e6:,.0f} megapixels (profile key "
                "ocr.max_page_pixels)", file=str(path), page=page.number)  # fmt: skip


def _check_progress(
    path: Path, number: int, done: int, total: int, seconds: float, probing: bool,
    budget: OcrRules,
) -> None:
    """After OCR'd page ``number`` (``done`` of ``total``): refuse a run past
    ``budget.max_seconds``, and a scan whose first ``budget.probe_pages`` pages showed no
    catalog structure (``probing``: none has yet)."""
    if seconds > budget.max_seconds:
        raise SourceTooLarge(
            f"OCR took {seconds:,.0f} s for {done} of the {total} pages it must read; the "
            f"limit is {budget.max_seconds} s (profile key ocr.max_seconds)",
            file=str(path), page=number)  # fmt: skip
    if probing and done >= budget.probe_pages:
        raise PdfError(
            f"not a catalog: no heading (一、…), part or label on the first {done} of the {total} "
            "pages to OCR (profile key ocr.probe_pages); the rest were not read",
            file=str(path))  # fmt: skip
