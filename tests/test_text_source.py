"""Decoding and pagination of text exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import SourceEmpty, SourceMissing, SourceUndecodable
from pipeline.sources import read_source
from pipeline.sources.text import decode_text, paginate

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


def test_pages_start_at_leading_space_and_after_page_numbers() -> None:
    text = " 一、甲\n\n正文\n 续页\n26\n下一页\n 第四页\n"
    pages = [(line.line_no, line.page) for line in paginate(text) if line.text.strip()]
    assert pages == [(1, 1), (3, 1), (4, 2), (5, 2), (6, 3), (7, 4)]


def test_page_number_before_an_indented_line_is_one_break() -> None:
    text = "甲\n 3\n 乙\n"
    assert [line.page for line in paginate(text)] == [1, 1, 2, 2]


def test_read_source_of_the_bundled_edition(tmp_path: Path) -> None:
    document = read_source(Path(__file__).parent.parent / "raw" / "haicang-catalog.txt")
    assert (document.source_format, document.pages, len(document.lines)) == ("text", 52, 2141)
    assert len(document.sha256) == 64


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceMissing) as caught:
        read_source(tmp_path / "nope.txt")
    assert str(caught.value) == f"{tmp_path / 'nope.txt'}: no such file"
