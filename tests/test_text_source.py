"""Decoding and pagination of text exports."""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.errors import SourceEmpty, SourceMissing, SourceUndecodable
from pipeline.parse.document import collector_paused
from pipeline.parse.sources import read_source
from pipeline.parse.sources.text import decode_text, page_start_prefixes, paginate
from pipeline.profile import default_profile

SAMPLE = "一、政务云平台\n\n1. 资源名称\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (SAMPLE.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_decode_text_gives_the_same_text(data: bytes, encoding: str) -> None:
    assert decode_text(data) == (SAMPLE, encoding)


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_empty_input_is_source_empty(data: bytes) -> None:
    with pytest.raises(SourceEmpty, match="empty"):
        decode_text(data, file="e.txt")


@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"\x00\x01\x02abc\x00", b"\x80\xff" * 100])
def test_binary_input_is_undecodable(data: bytes) -> None:
    with pytest.raises(SourceUndecodable, match="cannot decode"):
        decode_text(data, file="x.txt")


def test_page_number_before_an_indented_line_is_one_break() -> None:
    """(Page starts in general: tests/test_shapes.py.)"""
    filler = "\n".join(f"第{n}行。" for n in range(20))
    lines = paginate(f"甲。\n 3\n 乙\n{filler}\n")
    assert [(line.page, line.furniture) for line in lines[:3]] == [(1, False), (1, True), (2, False)]


def test_read_source_of_the_bundled_edition(tmp_path: Path) -> None:
    document = read_source(Path(__file__).parent.parent / "raw" / "haicang-catalog.txt")
    assert (document.source_format, document.pages, len(document.lines)) == ("text", 52, 2141)
    assert len(document.sha256) == 64


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceMissing) as caught:
        read_source(tmp_path / "nope.txt")
    assert str(caught.value) == f"{tmp_path / 'nope.txt'}: no such file"


TRADITIONAL = ("一、政務雲平臺\n\n（一）資源概況\n\n1. 資源名稱\n\n政務雲平臺\n\n2. 建設單位概況\n\n"
               "（1）建設單位\n\n社會治理聯動中心\n\n3. 網絡類型\n\n政務外網、政務內網\n")


def test_big5_is_refused_not_decoded_as_gb18030_garbage() -> None:
    data = TRADITIONAL.encode("big5")
    data.decode("gb18030")  # the trap: Big5 bytes are valid GB18030, decoding to garbage
    with pytest.raises(SourceUndecodable) as caught:
        decode_text(data, file="tw.txt")
    assert str(caught.value) == (
        "tw.txt: the file looks big5-encoded, which this catalog profile does not accept "
        "(utf-8, gb18030): convert it to UTF-8, or list the encoding in the profile's "
        "source.encodings")


def test_big5_decodes_when_the_profile_lists_it() -> None:
    data = TRADITIONAL.encode("big5")
    assert decode_text(data, encodings=("utf-8", "gb18030", "big5")) == (TRADITIONAL, "big5")


def test_gb18030_edition_is_still_gb18030(seed_text: str) -> None:
    assert decode_text(seed_text.encode("gb18030")) == (seed_text, "gb18030")


def test_pages_start_at_prefixes_and_after_page_numbers() -> None:
    """The first line starts no page; a prefixed line after content does (blank and
    whitespace-only lines between), and a page number then a prefixed line is one break."""
    filler = [f"第{n}行。" for n in range(30)]
    text = "\n".join([" 甲。", "乙。", "", "  ", " 丙。", "丁。", "7", "", "\f戊。", *filler, " "])
    lines = paginate(text)
    assert [(line.page, line.furniture) for line in lines[:10]] == [
        (1, False), (1, False), (1, False), (1, False), (2, False),
        (2, False), (2, True), (2, False), (3, False), (3, False),
    ]  # fmt: skip
    assert (len(lines), lines[-1].line_no, lines[-1].page) == (40, 40, 3)


def test_page_start_prefixes_of_a_line_holding_a_line_end() -> None:
    """A line with a ``\\n`` inside starts with the prefix once, not once per piece."""
    rules = replace(default_profile().pages, max_page_start_share=0.5)
    assert page_start_prefixes(["甲", " 乙\n 丙"], rules) == (" ",)
    assert page_start_prefixes(["甲", " 乙", " 丙"], rules) == ()  # 2 of 3 content lines


@pytest.mark.parametrize("text", ["甲\x1f", "甲\x0b乙", "一、政务云平台\x00"])
def test_one_binary_control_is_undecodable(text: str) -> None:
    with pytest.raises(SourceUndecodable) as caught:
        decode_text(text.encode(), file="x.txt")
    assert str(caught.value) == (
        "x.txt: cannot decode the file as text (tried utf-8, gb18030); is it a text export?"
    )


def test_form_feed_and_tab_are_text() -> None:
    assert decode_text("甲\f乙\t".encode()) == ("甲\f乙\t", "utf-8")


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_leaves_the_collector_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        read_source(Path(__file__).parent.parent / "raw" / "haicang-catalog.txt")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_collector_paused_nests_and_restores_on_errors() -> None:
    was = gc.isenabled()
    gc.enable()
    try:
        with pytest.raises(ValueError), collector_paused():
            with collector_paused():
                assert not gc.isenabled()
            assert not gc.isenabled()  # the outer scope still runs
            raise ValueError
        assert gc.isenabled()
        with collector_paused():
            gc.enable()  # code inside switches it itself (and forgets to switch it back)
            gc.disable()  # ... or turns it off: on the way out it is back on either way
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
