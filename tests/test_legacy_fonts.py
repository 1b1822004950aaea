"""PDFs typeset in legacy GB-coded fonts, as Chinese government offices still make them.

On such a font pdfplumber's text is Latin-1 mojibake and PDFium's is right: neither engine is
the reference. A page's text is judged by the script it decodes to (``pdf_script``): a page
one engine garbles is read by the other, then by OCR; a page nothing decodes is refused naming
the font. The catalog fixture (``tests.legacy_font_pdf``: 仿宋_GB2312, not embedded, no
``/ToUnicode``) must give the text edition's tables, field for field, by either engine.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pdfplumber
import pyarrow as pa
import pytest

from pipeline.errors import PdfError
from pipeline.parse.sources import ReadOptions, read_source
from pipeline.parse.sources.options import PdfEngine
from pipeline.parse.sources.pdf import _garbled_to_ocr, _ocr_garbled, _read_page, read_pdf_pages
from pipeline.parse.sources.pdf_layout import PdfLine, PdfPage
from pipeline.parse.sources.pdf_script import (
    GarbledFont,
    garbled_fonts,
    readable_font_name,
)
from pipeline.parse.sources.pdfium import PdfiumDocument
from tests.conftest import SEED
from tests.legacy_font_pdf import ASCII_NAME, GBK_NAME, legacy_renderer
from tests.pdf_factory import BOOK, CATALOG_TITLE, LAYOUTS, BuiltPdf, build_catalog_pdf
from tests.table_compare import COMPARED_TABLES, document_tables, frame

pytestmark = pytest.mark.xdist_group("pdf")

#: 仿宋_GB2312 as the PDF names it: its GBK bytes, read one per character.
RAW_NAME = GBK_NAME.encode("gbk").decode("latin-1")


def tables_of(path: Path, engine: PdfEngine = "pdfium") -> dict[str, pa.Table]:
    return document_tables(read_source(path, options=ReadOptions(pdf_engine=engine, ocr="never")))


@pytest.fixture(scope="module")
def text_tables() -> dict[str, pa.Table]:
    return document_tables(read_source(SEED))


@pytest.fixture(scope="module")
def legacy(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltPdf]:
    """The bundled edition typeset in 仿宋_GB2312, in every layout."""
    folder = tmp_path_factory.mktemp("legacy")
    return {name: build_catalog_pdf(folder / f"{name}.pdf", layout, render=legacy_renderer())
            for name, layout in LAYOUTS.items()}  # fmt: skip


# --- what is garbled ------------------------------------------------------------------------


def test_mojibake_of_gbk_text_is_garbled() -> None:
    found = garbled_fonts([("F1", "Ä¿¡¡¡¡Â¼"), ("F2", "È« ÊÀ ½ç ÎÞ ²ú Õß"), ("F3", "目录")])
    assert found == (
        GarbledFont(name="F1", chars=8, sample="Ä¿¡¡¡¡Â¼", gbk=True),
        GarbledFont(name="F2", chars=12, sample="È«ÊÀ½çÎÞ²úÕß", gbk=True),
    )
    assert "È«ÊÀ½çÎÞ²úÕß".encode("latin-1").decode("gbk") == "全世界无产者"


def test_text_with_latin1_signs_and_latin_words_is_not_garbled() -> None:
    assert garbled_fonts([
        ("Song", "提供7×24小时服务，机房温度25°±2°，面积120m²"),
        ("Leader", "··································"),
        ("Times", "Données référencées à la qualité élevée"),
        ("Sym", "×÷°"),
    ]) == ()  # fmt: skip


def test_private_use_glyphs_are_garbled_but_not_gbk() -> None:
    found = garbled_fonts([("Wingdings-ish", "\ue001\ue002\ue003\ue004\ue005\ue006")])
    assert [(font.name, font.gbk) for font in found] == [("Wingdings-ish", False)]


def test_several_runs_of_one_font_are_judged_together() -> None:
    assert [font.chars for font in garbled_fonts([("F", "Ä¿¡"), ("F", "¡Â¼"), ("F", "Ò»")])] == [8]


def test_font_names_read_as_gbk_without_the_subset_tag() -> None:
    assert readable_font_name("ABCDEF+" + RAW_NAME) == "仿宋_GB2312"
    assert readable_font_name("SimSun,Bold") == "SimSun,Bold"
    assert readable_font_name("") == ""
    assert readable_font_name(repr(RAW_NAME.encode("latin-1"))) == "仿宋_GB2312"


def test_a_garbled_font_says_what_it_is() -> None:
    font = GarbledFont(name="仿宋_GB2312", chars=9, sample="Ä¿¡¡", gbk=True, embedded=False)
    assert font.describe() == ("font 仿宋_GB2312 (not embedded) reads as 'Ä¿¡¡': GBK-coded "
                               "Chinese without a Unicode map")  # fmt: skip


# --- the engines on a legacy font -----------------------------------------------------------


def test_pdfium_decodes_the_legacy_font_and_pdfplumber_garbles_it(
    legacy: dict[str, BuiltPdf],
) -> None:
    path = legacy["book"].path
    with PdfiumDocument(path) as document:
        cover = document.read_page(0)
    assert [line.text for line in cover.lines] == [CATALOG_TITLE, "海沧区社会治理联动中心",
                                                   "二〇二一年三月"]  # fmt: skip
    assert cover.garbled == ()
    with pdfplumber.open(path) as pdf:
        reference = _read_page(pdf.pages[0], path)
    assert reference.lines[0].text == "ÏÃÃÅÊÐº£²×ÇøÕþÎñÐÅÏ¢¹²Ïí×ÊÔ´Ä¿Â¼"
    assert [(font.name, font.gbk, font.embedded) for font in reference.garbled] == [
        ("仿宋_GB2312", True, None)]


@pytest.fixture(scope="module")
def legacy_tables(legacy: dict[str, BuiltPdf]) -> dict[str, dict[str, pa.Table]]:
    return {layout: tables_of(built.path) for layout, built in legacy.items()}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("table", COMPARED_TABLES)
def test_legacy_font_catalog_gives_the_text_editions_tables(
    layout: str, table: str, legacy_tables: dict[str, dict[str, pa.Table]],
    text_tables: dict[str, pa.Table],
) -> None:
    expected = frame(text_tables, table)
    assert len(expected) == {"resources": 26, "resource_items": 416, "effort_components": 41}[table]
    pd.testing.assert_frame_equal(frame(legacy_tables[layout], table), expected)


def test_the_pdfplumber_engine_reads_garbled_pages_with_pdfium(
    legacy: dict[str, BuiltPdf], text_tables: dict[str, pa.Table],
) -> None:
    tables = tables_of(legacy["book"].path, engine="pdfplumber")
    for table in COMPARED_TABLES:
        pd.testing.assert_frame_equal(frame(tables, table), frame(text_tables, table))


def test_a_legacy_font_neither_engine_decodes_is_refused_naming_it(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")  # the first three entries: a cover and 4 pages
    path = build_catalog_pdf(tmp_path / "ascii.pdf", BOOK, render=legacy_renderer(ASCII_NAME),
                             text=text[: text.index(" 四、互联网远程接入系统")]).path
    for ocr in ("never", "auto"):  # not embedded: OCR would read the same wrong glyphs
        with pytest.raises(PdfError) as caught:
            read_source(path, options=ReadOptions(ocr=ocr))
        assert (caught.value.file, caught.value.page) == (str(path), 1)
        assert caught.value.problem == (
            "the page's text cannot be decoded: font FangSong_GB2312 (not embedded) reads as "
            "'ÏÃÃÅÊÐº£²×Çø': GBK-coded Chinese without a Unicode map; neither PDF engine reads "
            "it as Chinese (the font is not embedded, so its page is drawn from the same wrong "
            "codes and OCR cannot read it either: export the edition again with its fonts "
            "embedded, or as text)"
        )


# --- what OCR gets ----------------------------------------------------------------------------


def _page(number: int, *fonts: GarbledFont, text: str = "一、政务云平台") -> PdfPage:
    line = PdfLine(text=text, page=number, x0=72, x1=200, top=90, bottom=104, size=14,
                   bold=False)  # fmt: skip
    return PdfPage(number=number, width=595, height=842, lines=(line,), text_chars=len(text),
                   garbled=fonts)  # fmt: skip


def test_only_pages_whose_garbled_fonts_may_be_drawn_right_go_to_ocr() -> None:
    def font(embedded: bool | None) -> GarbledFont:
        return GarbledFont(name="F", chars=9, sample="Ä¿", gbk=True, embedded=embedded)

    pages = [_page(1), _page(2, font(True)), _page(3, font(None)), _page(4, font(False)),
             _page(5, font(True), font(False))]  # fmt: skip
    assert _garbled_to_ocr(pages, "auto") == [2, 3]
    assert _garbled_to_ocr(pages, "always") == [2, 3]
    assert _garbled_to_ocr(pages, "never") == []


def test_an_ocr_reading_that_is_mojibake_stays_garbled() -> None:
    assert _ocr_garbled(_page(2)).garbled == ()
    kept = _ocr_garbled(_page(2, text="ÏÃÃÅÊÐº£²×Çø"))
    assert [(font.name, font.sample) for font in kept.garbled] == [("OCR", "ÏÃÃÅÊÐº£²×Çø")]


# --- real-world legacy-font PDFs (bench.public_corpus, docs/public-corpus.md) ----------------


def _public(name: str) -> Path:
    """A file of the public corpus; these three live in the steering repository's shared
    folder (``CATALOG_PUBLIC_CORPUS``), from pdf.js's test suite, and are not committed here."""
    from bench.public_corpus import materialise

    found = materialise(only=[name]).get(name)
    if found is None:
        pytest.skip(f"{name} is not in the shared public corpus on this machine")
    return found


#: The first lines of each real legacy-font PDF's first page, as the text on the page reads:
#: a table of contents from a collection of 1937 writings (仿宋体 and SimSun, GBK-coded), and a
#: slogan in 小标宋.
LEGACY_FIRST_LINES = {
    "pdfjs-xiaobiaosong.pdf": ["１", "目 录", "关于红军作战的原则………………………………………… １",
                               "（一九三七年八月一日）"],
    "pdfjs-simfang-variant.pdf": ["全 世 界 无 产 者，联 合 起 来"],
}


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("name", sorted(LEGACY_FIRST_LINES))
def test_a_real_legacy_font_pdf_is_read_in_chinese(name: str, engine: str) -> None:
    path = _public(name)
    expected = LEGACY_FIRST_LINES[name]
    page = read_pdf_pages(path, engine=engine)[0]
    assert [line.text for line in page.lines][: len(expected)] == expected
    assert page.garbled == ()


def test_pdfplumber_alone_garbles_the_real_legacy_font_pdfs() -> None:
    garbled = {}
    for name in sorted(LEGACY_FIRST_LINES):
        path = _public(name)
        with pdfplumber.open(path) as pdf:
            page = _read_page(pdf.pages[0], path)
        garbled[name] = [(font.name, font.gbk) for font in page.garbled]
    assert garbled == {
        "pdfjs-simfang-variant.pdf": [("小标宋", True)],
        "pdfjs-xiaobiaosong.pdf": [("SimSun,Regular", True), ("仿宋体", True)],
    }
