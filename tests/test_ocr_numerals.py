"""Heading numerals OCR loses or reads as a mark (issue 24): ``一``, ``二`` and ``十`` are lone
straight strokes a recogniser drops (``、政务云平台``) or reads as ``-``, ``=``, ``+``. They are
put back from the strokes of the ink left of the box (``ocr.restore_numeral``), and a heading
whose numeral the ink does not show is reported, never guessed (``segmentation``). Drawn
images: one em is 20 pixels, the line's box spans rows 10–37.8."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from extractors.ocr import read_ocr_quality
from pipeline.errors import SegmentationError
from pipeline.models import Line
from pipeline.parse.segmentation import split_entries
from pipeline.parse.sources.ocr import WRONG_CHANCE, OcrBox, ocr_page
from pipeline.parse.sources.ocr_ink import BOX_HEIGHT_EM, INK_DOUBT, stroke_numeral

EM = 20.0
TOP, BOTTOM = 10.0, 10.0 + EM * BOX_HEIGHT_EM
#: The strokes of each numeral in the cell at columns 20–38: (x0, x1, y0, y1) rectangles.
STROKES: dict[str, tuple[tuple[int, int, int, int], ...]] = {
    "一": ((20, 38, 23, 25),),
    "二": ((22, 36, 18, 20), (20, 38, 29, 31)),
    "十": ((20, 38, 23, 25), (28, 30, 15, 33)),
    "口": ((20, 38, 16, 18), (20, 38, 31, 33), (20, 22, 16, 33), (36, 38, 16, 33)),
}
COMMA = (42, 46, 28, 32)  # 、 in the cell at columns 40–60
TITLE = ((61, 79, 16, 32), (81, 99, 16, 32))  # 政 and 务 as blocks of ink


def image(*rects: tuple[int, int, int, int]) -> np.ndarray:
    picture = np.full((60, 140), 255, dtype=np.uint8)
    for x0, x1, y0, y1 in rects:
        picture[y0:y1, x0:x1] = 0
    return picture


def heading_box(text: str, centers: Sequence[float], x0: float) -> OcrBox:
    return OcrBox(text=text, scores=(0.99,) * len(text), x0=x0, x1=100, top=TOP, bottom=BOTTOM,
                  centers=tuple(centers),
                  quad=((x0, TOP), (100, TOP), (100, BOTTOM), (x0, BOTTOM)))  # fmt: skip


def read_line(box: OcrBox, picture: np.ndarray) -> tuple[str, float | None]:
    (line,) = ocr_page([box], 1, (595.0, 842.0), 150, image=picture).lines
    return line.text, line.confidence


@pytest.mark.parametrize(("numeral", "expected"), [("一", "一"), ("二", "二"), ("十", "十"),
                                                   ("口", None)])  # fmt: skip
def test_stroke_numeral_reads_the_strokes(numeral: str, expected: str | None) -> None:
    assert stroke_numeral(image(*STROKES[numeral]), 20, 38, 11, 36, EM) == expected


@pytest.mark.parametrize("numeral", ["一", "二", "十"])
def test_a_lost_numeral_is_restored_from_its_strokes(numeral: str) -> None:
    # the recogniser read "、政务": the numeral's box was never found
    read = heading_box("、政务", (50, 70, 90), 40)
    text, confidence = read_line(read, image(*STROKES[numeral], COMMA, *TITLE))
    assert text == f"{numeral}、政务"
    assert confidence == pytest.approx(0.9997**4, abs=1e-6)  # measured: sure as a clean read


@pytest.mark.parametrize(("mark", "numeral"), [("-", "一"), ("—", "一"), ("=", "二"),
                                               ("+", "十")])  # fmt: skip
def test_a_numeral_read_as_a_mark_is_restored_when_the_ink_shows_it(mark: str, numeral: str
                                                                    ) -> None:  # fmt: skip
    read = heading_box(f"{mark}、政务", (29, 50, 70, 90), 18)
    assert read_line(read, image(*STROKES[numeral], COMMA, *TITLE))[0] == f"{numeral}、政务"
    # the ink shows another numeral than the mark stands for: left as read
    other = "二" if numeral != "二" else "十"
    assert read_line(read, image(*STROKES[other], COMMA, *TITLE))[0] == f"{mark}、政务"


def test_a_lost_ten_before_one_is_restored() -> None:
    # 十一、政务 read as 一、政务: the box starts after 十, whose ink stands left of it
    one = (41, 59, 23, 25)
    read = heading_box("一、政务", (50, 70, 90, 110), 40)
    picture = image(*STROKES["十"], one, (64, 68, 28, 32), (81, 99, 16, 32), (101, 119, 16, 32))
    assert read_line(read, picture)[0] == "十一、政务"


def test_without_the_strokes_the_line_stays_as_read_and_doubted() -> None:
    read = heading_box("、政务", (50, 70, 90), 40)
    assert read_line(read, image(COMMA, *TITLE)) == ("、政务", pytest.approx(0.9997**3, abs=1e-6))
    # a glyph of another shape left of the box (unread ink: the comma is doubted)
    text, confidence = read_line(read, image(*STROKES["口"], COMMA, *TITLE))
    assert text == "、政务" and confidence == pytest.approx(
        (1 - WRONG_CHANCE[INK_DOUBT]) * 0.9997**2, abs=1e-6)


ENTRY = ("（一）资源概况", "1. 资源名称", "政务云平台", "2. 网络类型", "政务外网")


def lines_of(heading: str, confidence: float | None, second: str = "二、政务网络",
             second_confidence: float | None = 0.99) -> list[Line]:  # fmt: skip
    texts = [(heading, confidence), *((t, 0.99) for t in ENTRY), (second, second_confidence),
             *((t, 0.99) for t in ENTRY)]
    return [Line(text, n, 3, score) for n, (text, score) in enumerate(texts, start=1)]


@pytest.mark.parametrize(("heading", "second"), [("、政务云平台", "二、政务网络"),
                                                 ("-、政务云平台", "二、政务网络"),
                                                 ("一、政务云平台", "、政务网络")])  # fmt: skip
def test_an_ocr_heading_whose_numeral_was_not_read_is_reported(heading: str, second: str
                                                               ) -> None:  # fmt: skip
    lost = 0 if heading != "一、政务云平台" else 1
    scores = (0.7, 0.99) if lost == 0 else (0.99, 0.7)  # OCR doubted the line it misread
    entries = split_entries(lines_of(heading, scores[0], second, scores[1]))
    assert [(e.seq, e.title) for e in entries] == [(1, "政务云平台"), (2, "政务网络")]
    assert entries[lost].lines[0].confidence == 0.0  # its heading section is uncertain
    assert read_ocr_quality(entries[lost], 0.9).uncertain == ("heading",)
    assert read_ocr_quality(entries[1 - lost], 0.9).uncertain == ()


def test_a_text_layer_heading_without_a_numeral_is_still_refused() -> None:
    with pytest.raises(SegmentationError) as caught:
        split_entries(lines_of("、政务云平台", None))
    assert caught.value.problem == "heading number 二、 (2) but numbering must start at 一 (1)"


def test_an_ocr_heading_with_another_numeral_is_a_sequence_error() -> None:
    with pytest.raises(SegmentationError) as caught:
        split_entries(lines_of("三、政务云平台", 0.7))
    assert caught.value.problem == "heading number 三、 (3) but numbering must start at 一 (1)"
    assert (caught.value.line, caught.value.page) == (1, 3)
