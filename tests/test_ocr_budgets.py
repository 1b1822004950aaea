"""OCR within the profile's budgets: a page that would be drawn past ``ocr.max_page_pixels``
(one 14400×14400 pt page drew 30001×30001 pixels, 4 GB, and the recogniser died) and more pages
than ``ocr.max_pages`` are refused before any page is drawn; a run past ``ocr.max_seconds``
stops after the page that passed it; a scan whose first ``ocr.probe_pages`` OCR'd pages show no
heading, part or label is no catalog, refused there. One line each, exit 1, nothing published.

The recogniser is a stand-in (what it reads is the point, not how): RapidOCR's own reading is
tested in ``test_ocr_scan``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from pipeline.errors import PdfError
from pipeline.parse.sources import ocr
from pipeline.parse.sources.ocr import OcrBox, read_by_ocr
from pipeline.parse.sources.pdf import read_pdf_pages
from pipeline.profile import default_profile
from tests.pdf_factory import write_scanned_pdf
from tests.profile_files import profile_with, refused

FOREIGN = ("第一章 总则", "本办法适用于全市的道路运输管理工作。")
CATALOG = ("一、政务云平台", "（一）资源概况", "1. 资源名称：政务云平台")


def reading(*texts_by_page: tuple[str, ...]) -> tuple[Any, list[int]]:
    """A recogniser that reads ``texts_by_page`` in turn (the last again after), and the list
    it counts its calls in."""
    calls: list[int] = []

    def recognise(image: Any) -> list[OcrBox]:
        texts = texts_by_page[min(len(calls), len(texts_by_page) - 1)]
        calls.append(1)
        return [OcrBox(text, (0.99,) * len(text), 60.0, 60.0 + 20 * len(text), 80.0 + 40 * row,
                       104.0 + 40 * row) for row, text in enumerate(texts)]  # fmt: skip

    return recognise, calls


@pytest.fixture
def nothing_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    def render(*_args: object) -> None:
        raise AssertionError("a page was drawn")

    monkeypatch.setattr(ocr, "_render", render)


def huge_page_pdf(path: Path, side: float = 14400.0) -> Path:
    """One page of ``side``×``side`` pt (PDF's largest) holding an image of text-like bars."""
    canvas = Canvas(str(path))
    canvas.setPageSize((side, side))
    image = Image.new("L", (200, 100), 255)
    image.paste(30, (20, 40, 180, 60))
    canvas.drawImage(ImageReader(image), 0, 0, side, side)
    canvas.showPage()
    canvas.save()
    return path


def test_a_page_over_the_pixel_budget_is_refused_before_it_is_drawn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], nothing_drawn: None
) -> None:
    path = huge_page_pdf(tmp_path / "huge.pdf")
    assert refused([str(path)], tmp_path, capsys) == [
        f"error: {path} (page 1): the page is 14,400×14,400 pt: OCR would draw it at "
        "30,000×30,000 pixels (900 megapixels); the limit is 40 megapixels (profile key "
        "ocr.max_page_pixels)"]


def test_a_page_within_the_pixel_budget_is_drawn(tmp_path: Path) -> None:
    path = huge_page_pdf(tmp_path / "a0.pdf", side=2384.0)  # an A0 sheet's long side, square
    pages = read_pdf_pages(path)
    recognise, calls = reading(CATALOG)
    rules = default_profile()
    read = read_by_ocr(path, pages, [1], rules.structure, 0.9, recogniser=recognise)
    assert len(calls) == 1 and [line.text for line in read[0].lines] == list(CATALOG)


def test_more_pages_to_ocr_than_the_budget_are_refused_before_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], nothing_drawn: None
) -> None:
    path = write_scanned_pdf(tmp_path / "scans.pdf", pages=4)
    profile = profile_with(tmp_path, max_pages=3)
    assert refused(["--profile", str(profile), str(path)], tmp_path, capsys) == [
        f"error: {path}: 4 of the 4 pages need OCR; the limit is 3 (profile key ocr.max_pages)"]


def test_ocr_past_its_time_budget_stops_after_the_page_that_passed_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_scanned_pdf(tmp_path / "scans.pdf", pages=3)
    recognise, calls = reading(CATALOG)
    monkeypatch.setattr(ocr, "rapid_recogniser", recognise)
    ticks: Iterator[float] = iter(range(0, 100, 2))  # two seconds a page
    monkeypatch.setattr(ocr, "_clock", lambda: float(next(ticks)))
    profile = profile_with(tmp_path, max_seconds=3)
    assert refused(["--profile", str(profile), str(path)], tmp_path, capsys) == [
        f"error: {path} (page 2): OCR took 4 s for 2 of the 3 pages it must read; the limit "
        "is 3 s (profile key ocr.max_seconds)"]
    assert len(calls) == 2


def test_a_scan_of_another_document_is_refused_after_the_probe_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_scanned_pdf(tmp_path / "regulation.pdf", pages=8)
    recognise, calls = reading(FOREIGN)
    monkeypatch.setattr(ocr, "rapid_recogniser", recognise)
    assert refused([str(path)], tmp_path, capsys) == [
        f"error: {path}: not a catalog: no heading (一、…), part or label on the first 5 of the "
        "8 pages to OCR (profile key ocr.probe_pages); the rest were not read"]
    assert len(calls) == 5


@pytest.mark.parametrize(
    ("pages", "expected_calls"),
    [
        ((FOREIGN, CATALOG), 6),  # the structure on the probe's second page: all read
        ((FOREIGN, FOREIGN, FOREIGN, FOREIGN, FOREIGN, CATALOG), 5),  # too late
    ],
)
def test_the_probe_reads_on_when_a_probe_page_shows_structure(
    pages: tuple[tuple[str, ...], ...], expected_calls: int, tmp_path: Path
) -> None:
    path = write_scanned_pdf(tmp_path / "scans.pdf", pages=6)
    recognise, calls = reading(*pages)
    rules = default_profile()
    scans = read_pdf_pages(path, max_pages=None)
    if expected_calls == 6:
        read = read_by_ocr(path, scans, range(1, 7), rules.structure, 0.9, recogniser=recognise)
        assert [page.lines[0].text for page in read] == ["第一章 总则", *["一、政务云平台"] * 5]
    else:
        with pytest.raises(PdfError) as caught:
            read_by_ocr(path, scans, range(1, 7), rules.structure, 0.9, recogniser=recognise)
        assert caught.value.problem.startswith("not a catalog: no heading (一、…), part or label "
                                               "on the first 5 of the 6 pages to OCR")
    assert len(calls) == expected_calls
