"""Word editions that unpack to far more than they weigh are refused from the zip directory,
before any part is read: an XML part (body, styles, numbering) over ``source.max_docx_xml_mb``,
all parts (media included) over ``source.max_docx_unpacked_mb``; and a body of more paragraphs
than ``source.max_docx_paragraphs`` before any paragraph is read. One line each, exit 1,
nothing published."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.parse.sources import read_source
from pipeline.profile import default_profile
from tests.docx_factory import new_document
from tests.profile_files import profile_with, refused

_BODY_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body>"
)
_BODY_CLOSE = b"</w:body></w:document>"
_PARAGRAPH = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"


def catalog_docx(path: Path) -> Path:
    document = new_document()
    for text in ("一、政务云平台", "（一）资源概况", "1. 资源名称：政务云平台"):
        document.add_paragraph(text)
    document.save(str(path))
    return path


def with_parts(source: Path, target: Path, parts: dict[str, bytes]) -> Path:
    """A copy of the .docx ``source`` with ``parts`` replaced or added (deflated, so a large
    part of one repeated byte weighs little)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(
        target, "w", compression=zipfile.ZIP_DEFLATED
    ) as new:
        for item in old.infolist():
            if item.filename not in parts:
                new.writestr(item, old.read(item.filename))
        for name, data in parts.items():
            new.writestr(name, data)
    return target


def body(paragraphs: int) -> bytes:
    texts = ["一、政务云平台", "（一）资源概况", "1. 资源名称：政务云平台"]
    texts += ["字"] * (paragraphs - len(texts))
    return _BODY_OPEN + "".join(map(_PARAGRAPH.format, texts)).encode() + _BODY_CLOSE


@pytest.mark.parametrize(
    ("part", "megabytes"),
    [("word/styles.xml", 40), ("word/document.xml", 33), ("word/numbering.xml", 100)],
)
def test_an_xml_part_over_the_limit_is_refused_from_the_zip_directory(
    part: str, megabytes: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = with_parts(catalog_docx(tmp_path / "plain.docx"), tmp_path / "bomb.docx",
                      {part: b" " * (megabytes * 2**20)})  # fmt: skip
    assert path.stat().st_size < 2**20  # it weighs little, and unpacks to much
    assert refused([str(path)], tmp_path, capsys) == [
        f"error: {path}: the part {part} unpacks to {megabytes}.0 MB; the limit is 32 MB "
        "(profile key source.max_docx_xml_mb)"]


def test_media_parts_count_towards_the_unpacked_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = with_parts(catalog_docx(tmp_path / "plain.docx"), tmp_path / "media.docx",
                      {"word/media/image1.png": b"\0" * (3 * 2**20)})  # fmt: skip
    profile = profile_with(tmp_path, max_docx_unpacked_mb=2)
    with zipfile.ZipFile(path) as archive:
        total = sum(item.file_size for item in archive.infolist())
        count = len(archive.infolist())
    assert refused(["--profile", str(profile), str(path)], tmp_path, capsys) == [
        f"error: {path}: the document unpacks to {total / 2**20:,.1f} MB in {count} parts; the "
        "limit is 2 MB (profile key source.max_docx_unpacked_mb)"]


@pytest.mark.parametrize(("paragraphs", "limit"), [(50_001, None), (101, 100)])
def test_a_body_of_too_many_paragraphs_is_refused_before_they_are_read(
    paragraphs: int, limit: int | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = with_parts(catalog_docx(tmp_path / "plain.docx"), tmp_path / "many.docx",
                      {"word/document.xml": body(paragraphs)})  # fmt: skip
    args = [str(path)]
    if limit is not None:
        args = ["--profile", str(profile_with(tmp_path, max_docx_paragraphs=limit)), *args]
    assert refused(args, tmp_path, capsys) == [
        f"error: {path}: the document has {paragraphs:,} paragraphs; the limit is "
        f"{limit or 50_000:,} (profile key source.max_docx_paragraphs)"]


def test_a_body_at_the_paragraph_limit_is_read(tmp_path: Path) -> None:
    rules = default_profile()
    profile = replace(rules, source=replace(rules.source, max_docx_paragraphs=100))
    path = with_parts(catalog_docx(tmp_path / "plain.docx"), tmp_path / "hundred.docx",
                      {"word/document.xml": body(100)})  # fmt: skip
    lines = read_source(path, profile).lines
    assert [line.text for line in lines[:3]] == ["一、政务云平台", "（一）资源概况", "1. 资源名称：政务云平台"]
    assert (len(lines), lines[-1].line_no) == (100, 100)
