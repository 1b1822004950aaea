"""Judging a PDF's content streams whole from its raw bytes (``pdf_streams.whole_file``): a file
it passes needs no page checked by pdfminer; any damage, a missing content stream, or what it
cannot judge (encryption) leaves the file to the page-by-page check, which names the page."""

from __future__ import annotations

import base64
import random
import zlib
from pathlib import Path

import pytest
from pdfminer.ascii85 import ascii85decode

from pipeline.parse.sources.pdf_streams import _ascii85, whole_file
from tests.damaged_pdfs import with_damaged_page, with_missing_contents
from tests.pdf_factory import BuiltPdf, write_encrypted_pdf, write_objects_pdf

pytestmark = pytest.mark.xdist_group("pdf")


def _flate_page(tmp_path: Path, stream: bytes, length: bytes | None = None) -> bytes:
    """A one-page PDF whose content is the Flate stream ``stream`` (``/Length`` direct, or the
    indirect ``length`` given)."""
    path = write_objects_pdf(tmp_path / "page.pdf", b"", [])
    data = path.read_bytes()
    declared = length or b"%d" % len(stream)
    return data.replace(b"<< /Length 0 >>\nstream\n\nendstream",
                        b"<< /Length " + declared + b" /Filter /FlateDecode >>\nstream\n"
                        + stream + b"\nendstream")  # fmt: skip


def test_the_project_pdfs_are_whole(catalog_pdfs: dict[str, BuiltPdf]) -> None:
    assert {name: whole_file(built.path.read_bytes()) for name, built in catalog_pdfs.items()} \
        == {name: True for name in catalog_pdfs}  # fmt: skip


def test_a_damaged_or_missing_content_stream_is_not_whole(
    catalog_pdfs: dict[str, BuiltPdf], tmp_path: Path,
) -> None:
    source = catalog_pdfs["book"].path
    ascii85 = with_damaged_page(source, tmp_path / "a85.pdf", page=5)
    flate = with_damaged_page(source, tmp_path / "flate.pdf", page=5, fill=b"!")
    missing = with_missing_contents(source, tmp_path / "missing.pdf", page=5)
    assert [whole_file(path.read_bytes()) for path in (ascii85, flate, missing)] == [False] * 3


def test_flate_streams_with_direct_and_indirect_lengths(tmp_path: Path) -> None:
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET")
    assert whole_file(_flate_page(tmp_path, content)) is True
    assert whole_file(_flate_page(tmp_path, content, b"9 0 R")) is True  # ends at endstream
    assert whole_file(_flate_page(tmp_path, content[:-6])) is False  # cut short
    overwritten = content[:10] + b"\0" * 8 + content[18:]
    assert whole_file(_flate_page(tmp_path, overwritten)) is False


def test_contents_through_an_array_object(tmp_path: Path) -> None:
    data = _flate_page(tmp_path, zlib.compress(b"BT ET"))
    through = data.replace(b"/Contents 4 0 R", b"/Contents 9 0 R").replace(
        b"xref", b"9 0 obj\n[4 0 R]\nendobj\nxref")
    assert whole_file(through) is True
    dangling = through.replace(b"[4 0 R]", b"[4 0 R 12 0 R]")
    assert whole_file(dangling) is False


def test_an_encrypted_file_is_left_to_the_page_check(tmp_path: Path) -> None:
    assert whole_file(write_encrypted_pdf(tmp_path / "secret.pdf").read_bytes()) is False


def _decoded_or_error(decode: object, data: bytes) -> tuple[str, bytes | str]:
    try:
        return "decoded", decode(data)  # type: ignore[operator]
    except ValueError as error:
        return "refused", str(error)


@pytest.mark.parametrize("data", [
    b"", b"~>", b"<~~>", b"  \n", b"z", b"!!!!!z", b"!!z!!", b"uuuuu", b"uu", b"u", b"!",
    b"s8W-!", b"s8W-\"", b"87cURD]i,\"Ebo80~>", b"<~87cURD]i,\"Ebo80~>", b"87cUR\nD]i,\"Ebo8",
    b"87cURD]i{,\"Ebo80~>",
])
def test_ascii85_decodes_as_pdfminer_does(data: bytes) -> None:
    assert _decoded_or_error(_ascii85, data) == _decoded_or_error(ascii85decode, data)


def test_ascii85_decodes_random_streams_and_their_damage_as_pdfminer_does() -> None:
    rng = random.Random(24)
    for size in range(48):
        data = bytes(rng.randrange(256) for _ in range(size))
        encoded = base64.a85encode(data, wrapcol=rng.choice((0, 7, 75)), adobe=size % 2 == 0)
        assert _ascii85(encoded) == data
        if encoded:
            at = rng.randrange(len(encoded))
            for damaged in (encoded[:at], encoded[:at] + bytes([rng.randrange(256)])
                            + encoded[at + 1 :]):  # fmt: skip
                assert _decoded_or_error(_ascii85, damaged) \
                    == _decoded_or_error(ascii85decode, damaged)  # fmt: skip
    assert _ascii85(b"87cURD]i,\"Ebo80~>") == b"Hello World!"
