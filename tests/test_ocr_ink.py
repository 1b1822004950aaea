"""The checks of an OCR reading against the page's ink (``pipeline.parse.sources.ocr_ink``) and
the second reading, on drawn images whose ink stands at known columns: one em is 20 pixels."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from pipeline.parse.sources.ocr import (
    SECOND_DOUBT,
    UNCLAIMED_DOUBT,
    WRONG_CHANCE,
    OcrBox,
    checked_row,
    needs_second_reading,
    ocr_page,
    unsettled_spaces,
)
from pipeline.parse.sources.ocr_ink import (
    BOX_HEIGHT_EM,
    GLYPH_DOUBT,
    INK_DOUBT,
    SPACE_DOUBT,
    WIDTH_DOUBT,
    WORD_SPACE_DOUBT,
    Glyph,
    LineInk,
    check_glyphs,
    line_ink,
    missed_glyphs,
    unclaimed_ink,
)  # fmt: skip

EM = 20.0
TOP, BOTTOM = 10.0, 10.0 + EM * BOX_HEIGHT_EM  # a box exactly one line tall


def page(*inks: tuple[int, int], width: int = 400, extra: Sequence[tuple[int, int, int, int]] = (),
         height: int = 120) -> np.ndarray:  # fmt: skip
    """A white image (``height`` × ``width``) with a glyph's ink at each column range
    ``[a, b)`` of the line, and each ``(x0, x1, y0, y1)`` of ``extra`` inked."""
    image = np.full((height, width), 255, dtype=np.uint8)
    for a, b in inks:
        image[16:32, a:b] = 0
    for x0, x1, y0, y1 in extra:
        image[y0:y1, x0:x1] = 0
    return image


def quad(x0: float, x1: float) -> tuple[tuple[float, float], ...]:
    return ((x0, TOP), (x1, TOP), (x1, BOTTOM), (x0, BOTTOM))


def ink_of(image: np.ndarray, x0: float = 20, x1: float = 380) -> LineInk:
    return line_ink(image, [quad(x0, x1)])


def test_line_ink_measures_white_in_ems() -> None:
    ink = ink_of(page((40, 58), (70, 88)))
    assert ink.em == pytest.approx(EM)
    assert ink.white_between(49, 79) == pytest.approx(12 / EM)  # 58..69 is white
    assert ink.ink_between(60, 68) is False and ink.ink_between(60, 75) is True


def test_width_form_is_read_from_the_white_after_a_mark() -> None:
    # 门 at 40..58, a comma's ink at 61..64, 承 at 80..98 (16 px of white: full width)
    full = ink_of(page((40, 58), (61, 64), (80, 98)))
    glyphs = [Glyph("门", 1.0, 49), Glyph(",", 1.0, 62), Glyph("承", 1.0, 89)]
    assert check_glyphs(glyphs, full)[0] == ["门", "，", "承"]
    # the same comma with 承 at 67..85 (3 px: half width)
    half = ink_of(page((40, 58), (61, 64), (67, 85)))
    glyphs = [Glyph("门", 1.0, 49), Glyph("，", 1.0, 62), Glyph("承", 1.0, 76)]
    chars, doubted, _ = check_glyphs(glyphs, half)
    assert chars == ["门", ",", "承"] and doubted == [None, None, None]
    # 7 px (0.35 em): neither form; doubted, kept as read
    between = ink_of(page((40, 58), (61, 64), (71, 89)))
    glyphs = [Glyph("门", 1.0, 49), Glyph("，", 1.0, 62), Glyph("承", 1.0, 80)]
    assert check_glyphs(glyphs, between)[:2] == (["门", "，", "承"], [None, WIDTH_DOUBT, None])


def test_a_bracket_at_the_line_start_takes_its_partners_width() -> None:
    # (05) at the start of the line: ")" has 12 px of white after it, then 6
    image = page((30, 34), (40, 48), (50, 58), (62, 66), (78, 86))
    glyphs = [Glyph("(", 1.0, 32), Glyph("0", 1.0, 44), Glyph("5", 1.0, 54),
              Glyph(")", 1.0, 64), Glyph("6", 1.0, 82)]  # fmt: skip
    chars, doubted, _ = check_glyphs(glyphs, ink_of(image, 25, 90))
    assert "".join(chars) == "（05）6" and not any(doubted)


def test_ink_no_read_character_accounts_for_doubts_its_neighbour() -> None:
    # 作 at 40..58 read; a full stop's ink at 64..70 read by nobody
    glyphs = [Glyph("工", 1.0, 29), Glyph("作", 1.0, 49)]
    missed = ink_of(page((20, 38), (40, 58), (64, 70)), 18, 60)
    assert check_glyphs(glyphs, missed)[1] == [None, INK_DOUBT]
    clean = ink_of(page((20, 38), (40, 58)), 18, 60)
    assert check_glyphs(glyphs, clean)[1] == [None, None]
    # between two far-apart characters (a dropped 通, two ems apart): both doubted
    glyphs = [Glyph("过", 1.0, 29), Glyph("运", 1.0, 69)]
    dropped = ink_of(page((20, 38), (40, 58), (60, 78)), 18, 80)
    assert check_glyphs(glyphs, dropped)[1] == [INK_DOUBT, INK_DOUBT]
    # 1.4 ems apart, as the recogniser places two adjacent characters' centres: not doubted
    glyphs = [Glyph("过", 1.0, 29), Glyph("运", 1.0, 57)]
    adjacent = ink_of(page((20, 38), (41, 58)), 18, 80)
    assert check_glyphs(glyphs, adjacent)[1] == [None, None]


@pytest.mark.parametrize(("gap", "space", "doubt"), [(1, False, None), (14, True, None),
                                                     (6, None, SPACE_DOUBT)])  # fmt: skip
def test_a_space_beside_latin_text_is_measured(gap: int, space: bool | None, doubt: str | None
                                               ) -> None:  # fmt: skip
    # 过 at 40..58, then an L whose ink starts ``gap`` px after
    start = 58 + gap
    glyphs = [Glyph("过", 1.0, 49), Glyph("L", 1.0, start + 4)]
    _, doubted, spaces = check_glyphs(glyphs, ink_of(page((40, 58), (start, start + 8)), 35, 80))
    assert spaces[0] is space and doubted == [doubt, doubt]


def test_digits_of_a_number_are_not_spaced() -> None:
    glyphs = [Glyph("1", 1.0, 44), Glyph("3", 1.0, 64)]
    assert check_glyphs(glyphs, ink_of(page((42, 46), (60, 68)), 35, 75))[2] == [None, None]


def test_unclaimed_ink_is_ink_outside_every_box() -> None:
    image = page((40, 58), extra=[(60, 66, 60, 66), (200, 201, 80, 81), (59, 61, 20, 24)])
    # the 6×6 blot below the line is found; a 1 px speck and ink at the box's edge are not
    assert unclaimed_ink(image, [(38.0, 58.0, TOP, BOTTOM)]) == [(62.5, 62.5)]


def box(text: str, centers: Sequence[float], x0: float, x1: float, second: str | None = None
        ) -> OcrBox:  # fmt: skip
    return OcrBox(text=text, scores=(0.99,) * len(text), x0=x0, x1=x1, top=TOP, bottom=BOTTOM,
                  centers=tuple(centers), quad=quad(x0, x1), second=second)  # fmt: skip


def test_a_second_reading_that_disagrees_doubts_the_characters() -> None:
    read = box("通过ITL", (10, 30, 45, 55, 65), 0, 70, second="通过ITIL")
    (checked,) = checked_row([read], None)
    assert checked.text == "通过ITL"
    assert checked.scores == (0.99,) * 5
    assert checked.doubts == ("", "", "", SECOND_DOUBT, SECOND_DOUBT)
    same = box("通过ITIL", (10, 30, 45, 52, 58, 65), 0, 70, second="通过 ITIL")
    assert checked_row([same], None)[0].doubts == ()


def test_ocr_page_sets_widths_and_spaces_from_the_ink() -> None:
    # "(0592) 6068121" read as two boxes; the white after ")" is a full-width bracket's
    digits = [(40 + 10 * k, 46 + 10 * k) for k in range(4)]  # 0592 at 40..76
    rest = [(100 + 10 * k, 106 + 10 * k) for k in range(7)]  # 6068121 at 100..166
    image = page((30, 34), *digits, (80, 84), *rest)
    first = box("(0592)", (32, 43, 53, 63, 73, 82), 28, 86)
    second = box("6068121", [103 + 10 * k for k in range(7)], 98, 168)
    found = ocr_page([first, second], 1, (595.0, 842.0), 150, image=image)
    assert [line.text for line in found.lines] == ["（0592）6068121"]
    # 13 characters, each scored 0.99 and doubted by no check: right with chance 0.9997 each
    assert found.lines[0].confidence == pytest.approx(0.9997**13, abs=1e-6)


def test_ocr_page_doubts_the_line_before_a_mark_no_box_holds() -> None:
    # two lines; a full stop wrapped alone onto a third line that no box found
    image = page((40, 58), (60, 78), extra=[(40, 58, 56, 72), (40, 46, 96, 102)])
    first = box("等工", (49, 69), 38, 80)
    second = OcrBox(text="作", scores=(0.99,), x0=38, x1=60, top=50, bottom=50 + BOTTOM - TOP,
                    centers=(49,), quad=((38, 50), (60, 50), (60, 77.8), (38, 77.8)))  # fmt: skip
    found = ocr_page([first, second], 1, (595.0, 842.0), 150, image=image)
    assert [(line.text, line.confidence) for line in found.lines] == [
        ("等工", pytest.approx(0.9997**2, abs=1e-6)),
        ("作", pytest.approx(1 - WRONG_CHANCE[UNCLAIMED_DOUBT]))]
    # without the stray mark, nothing is doubted
    clean = page((40, 58), (60, 78), extra=[(40, 58, 56, 72)])
    found = ocr_page([first, second], 1, (595.0, 842.0), 150, image=clean)
    assert [line.confidence for line in found.lines] == [
        pytest.approx(0.9997**2, abs=1e-6), pytest.approx(0.9997, abs=1e-6)]


def test_a_blot_standing_apart_from_every_line_doubts_nothing() -> None:
    # the two lines, and a page number the detector missed 5 em below the last one (the
    # book layout's "- 3 -"): page furniture, not a mark of the entry's text
    lines = [(40, 58, 56, 72)]
    first = box("等工", (49, 69), 38, 80)
    second = OcrBox(text="作", scores=(0.99,), x0=38, x1=60, top=50, bottom=50 + BOTTOM - TOP,
                    centers=(49,), quad=((38, 50), (60, 50), (60, 77.8), (38, 77.8)))  # fmt: skip
    footer = page((40, 58), (60, 78), extra=[*lines, (200, 206, 178, 190)], height=220)
    found = ocr_page([first, second], 1, (595.0, 842.0), 150, image=footer)
    assert [line.confidence for line in found.lines] == [
        pytest.approx(0.9997**2, abs=1e-6), pytest.approx(0.9997, abs=1e-6)]
    # the same blot 1.5 em below the line (a wrapped mark) is doubted
    near = page((40, 58), (60, 78), extra=[*lines, (40, 46, 100, 106)], height=220)
    found = ocr_page([first, second], 1, (595.0, 842.0), 150, image=near)
    assert found.lines[1].confidence == pytest.approx(1 - WRONG_CHANCE[UNCLAIMED_DOUBT])


def test_a_narrow_glyph_the_recogniser_dropped_is_found_between_its_neighbours() -> None:
    # 过, then I T I L with 2 px (0.1 em) of white between each: read "过ITL"
    image = page((40, 58), (60, 63), (65, 74), (76, 79), (81, 88))
    ink = ink_of(image, 35, 100)
    read = [Glyph("过", 1.0, 49), Glyph("I", 1.0, 61), Glyph("T", 1.0, 69), Glyph("L", 1.0, 84)]
    assert missed_glyphs(read, ink) == [2]  # the second I lies wholly between T and L
    assert check_glyphs(read, ink)[1] == [None, None, GLYPH_DOUBT, GLYPH_DOUBT]
    # read whole, every glyph is accounted for
    whole = [*read[:3], Glyph("I", 1.0, 77), read[3]]
    assert missed_glyphs(whole, ink) == []
    assert check_glyphs(whole, ink)[1] == [None] * 5


def test_between_two_digits_only_a_digit_wide_glyph_is_one_the_recogniser_missed() -> None:
    # "1" at 40..48 and "8" at 60..68 read 1 em apart, a 1-pixel piece of ink (a serif)
    # between them: no digit was dropped
    read = [Glyph("1", 1.0, 44), Glyph("8", 1.0, 64)]
    assert missed_glyphs(read, ink_of(page((40, 48), (53, 54), (60, 68)), 35, 80)) == []
    # a digit's ink (5 px: 0.25 em) between them is a digit the recogniser dropped
    assert missed_glyphs(read, ink_of(page((40, 48), (52, 57), (60, 68)), 35, 80)) == [0]
    # between a letter and a digit, the 1-pixel piece is enough (a dropped "." or "I")
    read = [Glyph("A", 1.0, 44), Glyph("8", 1.0, 64)]
    assert missed_glyphs(read, ink_of(page((40, 48), (53, 54), (60, 68)), 35, 80)) == [0]


def test_white_between_two_latin_letters_is_doubted_only_from_a_word_space_width() -> None:
    # "L" at 40..48, "V" after 2, 3 and 5 px of white (0.1, 0.15, 0.25 em)
    def measured(gap: int) -> tuple[list[str | None], list[bool | None]]:
        start = 48 + gap
        read = [Glyph("L", 1.0, 44), Glyph("V", 1.0, start + 4)]
        _, doubted, spaces = check_glyphs(read, ink_of(page((40, 48), (start, start + 8)), 35, 80))
        return doubted, spaces

    assert measured(2) == ([None, None], [False, None])  # settled: no space
    assert measured(3) == ([None, None], [None, None])  # the gap inside a word: as read
    assert measured(5) == ([WORD_SPACE_DOUBT] * 2, [None, None])  # SSL VPN or SSLVPN?


def test_white_beside_a_half_width_mark_holds_a_glyph_not_read() -> None:
    # "a" at 40..48, "." 19 px (0.95 em) after it: the 、 between them was not read
    read = [Glyph("a", 1.0, 44), Glyph(".", 1.0, 69)]
    assert missed_glyphs(read, ink_of(page((40, 48), (68, 70)), 35, 80)) == [0]
    # the same "." against the letter
    read = [Glyph("a", 1.0, 44), Glyph(".", 1.0, 51)]
    assert missed_glyphs(read, ink_of(page((40, 48), (50, 52)), 35, 80)) == []


def test_the_readings_width_forms_are_not_compared() -> None:
    # the second reading reads "（" as "(": the ink sets the width, so no doubt
    read = box("（1）提供", (10, 20, 30, 45, 65), 0, 75, second="(1)提供")
    assert checked_row([read], None)[0].doubts == ()
    # a letter the readings disagree on still is
    read = box("（1）提伙", (10, 20, 30, 45, 65), 0, 75, second="(1)提供")
    assert checked_row([read], None)[0].doubts == ("", "", "", "", SECOND_DOUBT)


def test_unsettled_spaces_are_counted_per_place() -> None:
    space = SPACE_DOUBT
    assert unsettled_spaces("能DNS服", [space, space, "", space, space]) == 2
    assert unsettled_spaces("过 IT", [space, "", space, ""]) == 1  # a space read between
    assert unsettled_spaces("过IT", [space, GLYPH_DOUBT, ""]) == 0


def test_an_unsettled_space_warns_no_section_and_is_counted() -> None:
    # 过 at 40..58, L 6 px (0.3 em) after it: neither a space nor none
    image = page((40, 58), (64, 72))
    found = ocr_page([box("过L", (49, 68), 35, 80)], 1, (595.0, 842.0), 150, image=image)
    (line,) = found.lines
    assert (line.text, line.unsettled_spaces) == ("过L", 1)
    # each of the two characters is right with chance 1 - 0.006: above 0.9, no warning
    assert line.confidence == pytest.approx((1 - WRONG_CHANCE[SPACE_DOUBT]) ** 2, abs=1e-6)
    assert WRONG_CHANCE[SPACE_DOUBT] == 0.006


def test_a_box_is_read_again_only_when_latin_and_not_certain() -> None:
    certain = OcrBox(text="通过ITIL", scores=(0.99,) * 6, x0=0, x1=70, top=TOP, bottom=BOTTOM)
    assert needs_second_reading(certain) is False  # every character scored 0.99 or more
    unsure = OcrBox(text="通过ITL", scores=(0.99, 0.99, 0.99, 0.98, 0.99), x0=0, x1=70,
                    top=TOP, bottom=BOTTOM)  # fmt: skip
    assert needs_second_reading(unsure) is True
    chinese = OcrBox(text="通过", scores=(0.5, 0.5), x0=0, x1=40, top=TOP, bottom=BOTTOM)
    assert needs_second_reading(chinese) is False  # no Latin letter or digit
