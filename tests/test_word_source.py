"""Word (.docx) editions: the same tables as the text edition they hold, and one clear line for
a file that is not a readable .docx."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import docx
import pyarrow as pa
import pytest
from docx.enum.text import WD_BREAK

from pipeline.cli import main
from pipeline.errors import SourceEmpty, SourceTooLarge
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source, source_kind
from pipeline.parse.sources.text import read_text_source
from pipeline.parse.sources.word import OLE2_MAGIC, WordError
from pipeline.profile import default_profile
from pipeline.tables import build_tables
from tests.conftest import SEED

pytestmark = pytest.mark.xdist_group("word")

#: Where each entry was found: the columns that differ between a text export and a Word file.
PROVENANCE: dict[str, tuple[str, ...]] = {
    "editions": ("source_file", "source_sha256", "source_format", "pages"),
    "resources": ("source_line_start", "source_line_end", "source_page_start",
                  "source_page_end"),
}
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def write_docx(path: Path, text_edition: Path = SEED, *, in_table: int = 0) -> Path:
    """A Word file of a text edition as an office would make it: one paragraph per line of
    content (no page numbers, no blank lines), a page break where the export's pages start;
    the first ``in_table`` paragraphs put in a one-column table."""
    lines = [line for line in read_text_source(text_edition).lines
             if line.text.strip() and not line.furniture]
    document = docx.Document()
    table = document.add_table(rows=0, cols=1) if in_table else None
    page = lines[0].page
    for number, line in enumerate(lines):
        if table is not None and number < in_table:
            table.add_row().cells[0].paragraphs[0].add_run(line.text.strip())
            continue
        paragraph = document.add_paragraph()
        if line.page != page:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
            page = line.page
        paragraph.add_run(line.text.strip())
    document.save(str(path))
    return path


def _without_provenance(tables: dict[str, pa.Table]) -> dict[str, list[dict[str, object]]]:
    return {name: table.drop_columns(list(PROVENANCE.get(name, ()))).to_pylist()
            for name, table in tables.items()}


def test_a_docx_of_the_bundled_edition_gives_the_text_editions_tables(tmp_path: Path) -> None:
    text = read_source(SEED)
    word = read_source(write_docx(tmp_path / "haicang.docx"))
    assert (word.source_format, text.source_format) == ("docx", "text")
    expected = build_tables(text, parse_document(text), WHEN)
    got = build_tables(word, parse_document(word), WHEN)
    assert _without_provenance(got) == _without_provenance(expected)
    resources = got["resources"].to_pylist()
    assert len(resources) == 26
    eleventh = resources[10]
    assert (eleventh["name"], eleventh["builder_unit"], eleventh["effort_max_days"]) == (
        "电子政务短信服务平台", "社会治理联动中心", 15.0)
    # provenance: paragraph indexes and pages counted from the page breaks
    assert resources[0]["source_page_start"] == 1
    assert word.pages == text.pages == 52


def test_paragraphs_in_a_table_are_read_in_document_order(tmp_path: Path) -> None:
    plain = read_source(write_docx(tmp_path / "plain.docx"))
    tabled = read_source(write_docx(tmp_path / "tabled.docx", in_table=12))
    assert [line.text for line in tabled.lines] == [line.text for line in plain.lines]
    assert parse_document(tabled) == parse_document(plain)


def test_a_docx_is_known_by_its_bytes_without_its_suffix(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "haicang.docx")
    renamed = path.rename(tmp_path / "haicang-edition")
    assert source_kind(renamed) == "word"
    assert read_source(renamed).source_format == "docx"


def test_catalog_ingest_publishes_a_word_edition(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = write_docx(tmp_path / "2025.docx")
    assert main(["ingest", str(path), "--curated", str(tmp_path / "curated")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2025: 26 entries, 24 with numeric effort, 7 open-ended; ")
    assert out[1] == f"2025: validation passed; report {tmp_path}/curated/_site/editions/2025.html"


def _truncated(tmp_path: Path) -> Path:
    whole = write_docx(tmp_path / "whole.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole[: len(whole) // 2])
    return cut


def _without_body(tmp_path: Path) -> Path:
    path = tmp_path / "nobody.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    return path


def _legacy(tmp_path: Path) -> Path:
    path = tmp_path / "old.doc"
    path.write_bytes(OLE2_MAGIC + bytes(504))
    return path


@pytest.mark.parametrize(("make", "problem"), [
    (_legacy, "a Word 97-2003 .doc file (or a password-protected .docx): save it as an "
              "unprotected .docx (Word: File > Save As; LibreOffice: soffice --headless "
              "--convert-to docx) and ingest that"),
    (_truncated, "not a readable Word .docx document (File is not a zip file)"),
    (_without_body, "not a readable Word .docx document (\"There is no item named "
                    "'word/document.xml' in the archive\")"),
    (_empty, "the Word document has no text"),
])
def test_a_bad_word_file_is_one_clear_line(
    make: object, problem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises((WordError, SourceEmpty)) as raised:
        read_source(path)
    assert raised.value.problem == problem
    capsys.readouterr()
    curated = tmp_path / "curated"
    assert main(["ingest", str(path), "--curated", str(curated)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"error: {path}: {problem}\n"
    assert "Traceback" not in captured.out + captured.err
    assert not curated.exists() or not any(curated.glob("*/edition_dir=*"))


def test_a_docx_body_that_unpacks_past_the_limit_is_refused_before_parsing(
    tmp_path: Path
) -> None:
    rules = default_profile()
    small = replace(rules, source=replace(rules.source, max_text_mb=1))  # 16 MB unpacked
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (17 * 2**20))
    with pytest.raises(SourceTooLarge) as raised:
        read_source(path, small)
    assert raised.value.problem == (
        "the document's body unpacks to 17 MB; the limit is 16 MB (16× the profile key "
        "source.max_text_mb)")
