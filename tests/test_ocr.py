"""OCR's pure steps, without any OCR engine: label words restored, boxes turned into lines,
the pages to read, and the sections of an entry whose characters OCR doubted."""

from __future__ import annotations

import pytest

from extractors.ocr import read_ocr_quality
from pipeline.env_settings import count_setting
from pipeline.errors import PipelineError
from pipeline.models import NOT_OCR, Line
from pipeline.parse.segmentation import split_entries
from pipeline.parse.sources.ocr import (
    OCR_THREADS_SETTING,
    OcrBox,
    label_words,
    ocr_page,
    pages_to_ocr,
    snap_label,
)
from pipeline.parse.sources.options import ReadOptions
from pipeline.parse.sources.pdf_layout import PdfPage
from pipeline.profile import default_profile

WORDS = label_words(default_profile().structure)
SURE, DOUBT = 0.99, 0.6


@pytest.mark.parametrize(
    ("text", "scores", "expected"),
    [
        # a misread label character, doubted: restored, and no longer doubtful
        ("2.接人对象", (SURE, SURE, SURE, DOUBT, SURE, SURE),
         ("2.接入对象", (SURE, SURE, SURE, 0.9, SURE, SURE))),
        # the same misreading read with confidence: not the engine's doubt, left alone
        ("2.接人对象", (SURE,) * 6, ("2.接人对象", (SURE,) * 6)),
        # a closing bracket OCR lost is put back after the number
        ("(2建设单位职能", (DOUBT,) + (SURE,) * 7,
         ("(2）建设单位职能", (0.9, SURE, 0.9) + (SURE,) * 6)),
        # a doubtful bracket of a recognised label says nothing about the field
        ("（1）建设单位", (DOUBT, DOUBT) + (SURE,) * 5, ("（1）建设单位", (0.9, 0.9) + (SURE,) * 5)),
        # a lost dot is put back too
        ("4基本情况", (SURE,) * 5, ("4.基本情况", (SURE, 0.9) + (SURE,) * 4)),
        # a part heading is a label word too
        ("（一）资源概况", (SURE,) * 7, ("（一）资源概况", (SURE,) * 7)),
        # body text numbered like a label keeps its doubts
        ("（1）实现各类", (DOUBT,) * 7, ("（1）实现各类", (DOUBT,) * 7)),
        # two misread characters are too many to call it a label
        ("2.接人对像", (SURE, SURE, SURE, DOUBT, SURE, DOUBT), ("2.接人对像", (SURE, SURE, SURE, DOUBT, SURE, DOUBT))),
        # no label number, no label
        ("接人对象", (DOUBT,) * 4, ("接人对象", (DOUBT,) * 4)),
    ],
)
def test_snap_label(text: str, scores: tuple[float, ...], expected: tuple[str, tuple[float, ...]]) -> None:
    assert snap_label(text, scores, WORDS, 0.9) == expected


def box(text: str, x0: float, top: float, x1: float, score: float = SURE) -> OcrBox:
    return OcrBox(text=text, scores=(score,) * len(text), x0=x0, x1=x1, top=top, bottom=top + 30)


def test_ocr_page_builds_lines_in_points_top_first() -> None:
    boxes = [
        box("区政府服务热线", 150, 400, 330),
        box("2.接人对象", 145, 300, 270, score=SURE),
        box("96180", 360, 402, 440, score=0.8),  # same line, after a wide gap
        box("一、政务云平台", 144, 200, 330),
    ]
    page = ocr_page(boxes, 3, (595.0, 842.0), 150, words=WORDS, threshold=0.9)
    assert [line.text for line in page.lines] == ["一、政务云平台", "2.接人对象", "区政府服务热线 96180"]
    first, _, last = page.lines
    assert (first.page, first.x0, first.top) == (3, 144 * 72 / 150, 96.0)
    assert first.bottom == pytest.approx(230 * 72 / 150)
    # a character scored 0.5–0.9 is read wrong 1 % of the time, one of 0.9 or more 0.03 %
    assert last.confidence == pytest.approx(0.9997**8 * 0.99**5, abs=1e-6)  # the space too
    assert first.confidence == pytest.approx(0.9997**7, abs=1e-6)
    assert page.text_chars == len("一、政务云平台2.接人对象区政府服务热线96180")
    assert (page.width, page.height, page.number) == (595.0, 842.0, 3)


def test_pages_to_ocr_by_mode() -> None:
    pages = [PdfPage(number, 595, 842, (), chars) for number, chars in ((1, 800), (2, 0), (3, 5))]
    assert pages_to_ocr(pages, "auto") == [2]
    assert pages_to_ocr(pages, "always") == [1, 2, 3]
    assert pages_to_ocr(pages, "never") == []


def test_read_options_refuse_unknown_values() -> None:
    assert ReadOptions() == ReadOptions(pdf_engine="pdfium", ocr="auto")
    with pytest.raises(ValueError, match="unknown OCR mode 'sometimes'"):
        ReadOptions(ocr="sometimes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown PDF engine 'poppler'"):
        ReadOptions(pdf_engine="poppler")  # type: ignore[arg-type]


ENTRY_LINES = (
    ("一、政务云平台", 0.95), ("（一）资源概况", None), ("1. 资源名称", None), ("政务云平台", 0.97),
    ("2. 建设单位概况", None), ("（1）建设单位", 0.5), ("社会治理联动中心", 0.99),
    ("3. 网络类型", None), ("政务外网", 0.99), ("（二）对接说明", None),
    ("6. 联系方式", None), ("区政府服务热线96180", 0.7),
)


def test_uncertain_sections_of_an_entry() -> None:
    lines = [Line(text, n, 2, score) for n, (text, score) in enumerate(ENTRY_LINES, start=1)]
    (entry,) = split_entries(lines)
    reading = read_ocr_quality(entry, 0.9)
    # the doubtful label line "（1）建设单位" counts towards its section, builder_unit
    assert reading.uncertain == ("builder_unit", "contact")
    # the chance that every OCR'd line was read right: their product
    assert (reading.used, reading.confidence) == (True, round(0.95 * 0.97 * 0.5 * 0.99 * 0.99 * 0.7, 4))
    assert read_ocr_quality(entry, 0.4).uncertain == ()


def test_an_entry_without_ocr_lines_is_not_ocr() -> None:
    lines = [Line(text, n, 1) for n, (text, _) in enumerate(ENTRY_LINES, start=1)]
    (entry,) = split_entries(lines)
    assert read_ocr_quality(entry, 0.9) is NOT_OCR


@pytest.mark.parametrize("value", ["0", "two", "-1", ""])
def test_ocr_threads_setting_is_checked(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(OCR_THREADS_SETTING, value)
    with pytest.raises(PipelineError, match=rf"^CATALOG_OCR_THREADS={value!r} is not a whole"):
        count_setting(OCR_THREADS_SETTING, None)
    monkeypatch.setenv(OCR_THREADS_SETTING, "3")
    assert count_setting(OCR_THREADS_SETTING, None) == 3
    monkeypatch.delenv(OCR_THREADS_SETTING)
    assert count_setting(OCR_THREADS_SETTING, None) is None
