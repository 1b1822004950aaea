"""Word (.docx) editions: the same tables as the text edition they hold, and one clear line for
a file that is not a readable .docx."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import docx
import pyarrow as pa
import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from pipeline.cli import main
from pipeline.errors import SourceEmpty, SourceTooLarge
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source, source_kind
from pipeline.parse.sources.text import read_text_source
from pipeline.parse.sources.word import OLE2_MAGIC, WordError
from pipeline.parse.sources.word_number_formats import NUMBER_FORMATS
from pipeline.profile import default_profile
from pipeline.tables import build_tables
from tests.conftest import SEED
from tests.docx_factory import (
    ListLevel,
    abstract_of,
    add_list,
    add_table,
    merge_down,
    new_document,
    number,
    number_style,
    restart_list,
    span,
)

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
    for index, line in enumerate(lines):
        if table is not None and index < in_table:
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
    assert (eleventh["name"], eleventh["builder_unit"], eleventh["effort_max"]) == (
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
    small = replace(rules, source=replace(rules.source, max_docx_xml_mb=16))
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (17 * 2**20))
    with pytest.raises(SourceTooLarge) as raised:
        read_source(path, small)
    assert raised.value.problem == (
        "the part word/document.xml unpacks to 17.0 MB; the limit is 16 MB (profile key "
        "source.max_docx_xml_mb)")


# --- automatic numbering: the numbers Word shows, rendered from numbering.xml -------------

def _read(document: Document, tmp_path: Path) -> list[str]:
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    return [line.text for line in read_source(path).lines]


@pytest.mark.parametrize(("level", "expected"), [
    (ListLevel("decimal", "%1、"), ["1、甲", "2、乙", "3、丙"]),
    (ListLevel("decimal", "（%1）"), ["（1）甲", "（2）乙", "（3）丙"]),
    (ListLevel("decimal", "%1）"), ["1）甲", "2）乙", "3）丙"]),
    (ListLevel("decimal", "%1.", suffix="space"), ["1. 甲", "2. 乙", "3. 丙"]),
    (ListLevel("decimal", "%1.", start=8), ["8.甲", "9.乙", "10.丙"]),
    (ListLevel("decimalZero", "%1."), ["01.甲", "02.乙", "03.丙"]),
    (ListLevel("decimalFullWidth", "%1、"), ["１、甲", "２、乙", "３、丙"]),
    (ListLevel("decimalEnclosedCircle", "%1"), ["①甲", "②乙", "③丙"]),
    (ListLevel("decimalEnclosedCircleChinese", "%1", start=19), ["⑲甲", "⑳乙", "21丙"]),  # ⑳ is the last: decimal after
    (ListLevel("ideographEnclosedCircle", "%1"), ["㈠甲", "㈡乙", "㈢丙"]),
    (ListLevel("decimalEnclosedParen", "%1"), ["⑴甲", "⑵乙", "⑶丙"]),
    (ListLevel("chineseCounting", "%1、", start=9), ["九、甲", "十、乙", "十一、丙"]),
    (ListLevel("chineseCountingThousand", "（%1）", start=19), ["（十九）甲", "（二十）乙", "（二十一）丙"]),
    (ListLevel("chineseLegalSimplified", "第%1条"), ["第壹条甲", "第贰条乙", "第叁条丙"]),
    (ListLevel("ideographTraditional", "%1、"), ["甲、甲", "乙、乙", "丙、丙"]),
    (ListLevel("lowerLetter", "%1)", start=25), ["y)甲", "z)乙", "aa)丙"]),
    (ListLevel("upperLetter", "%1."), ["A.甲", "B.乙", "C.丙"]),
    (ListLevel("lowerRoman", "%1."), ["i.甲", "ii.乙", "iii.丙"]),
    (ListLevel("upperRoman", "%1.", start=3), ["III.甲", "IV.乙", "V.丙"]),
    (ListLevel("none", "%1"), ["甲", "乙", "丙"]),
    (ListLevel("bullet", "•"), ["甲", "乙", "丙"]),
    (ListLevel("ordinalText", "%1、"), ["1、甲", "2、乙", "3、丙"]),  # unknown to us: decimal
])
def test_an_automatic_number_is_written_as_word_shows_it(
    level: ListLevel, expected: list[str], tmp_path: Path
) -> None:
    document = new_document()
    num_id = add_list(document, level)
    for text in ("甲", "乙", "丙"):
        number(document.add_paragraph(text), num_id)
    assert _read(document, tmp_path) == expected


def _outline(document: Document) -> int:
    """Heading 1 numbered ``一、`` and Heading 2 ``（一）`` through their styles (Word's
    multilevel heading list, each level linked to its style)."""
    num_id = add_list(document, ListLevel("chineseCounting", "%1、", style="Heading1"),
                      ListLevel("chineseCounting", "（%2）", style="Heading2"),
                      ListLevel("decimal", "%3."))
    number_style(document, "Heading 1", num_id)
    number_style(document, "Heading 2", num_id)
    return num_id


def test_headings_are_numbered_through_their_style(tmp_path: Path) -> None:
    document = new_document()
    _outline(document)
    custom = document.styles.add_style("条目标题", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 1"]  # numbered by the style it is based on
    document.add_paragraph("政务云平台", style="Heading 1")
    document.add_paragraph("资源概况", style="Heading 2")
    document.add_paragraph("建设单位：社会治理联动中心")
    document.add_paragraph("对接说明", style="Heading 2")
    number(document.add_paragraph("目录说明", style="Heading 1"), 0)  # numId 0: no number
    document.add_paragraph("政务网络", style="条目标题")
    document.add_paragraph("资源概况", style="Heading 2")
    assert _read(document, tmp_path) == [
        "一、政务云平台", "（一）资源概况", "建设单位：社会治理联动中心", "（二）对接说明",
        "目录说明", "二、政务网络", "（一）资源概况"]


@pytest.mark.parametrize(("levels", "paragraphs", "expected"), [
    # a deeper level restarts when a shallower one is used
    ((ListLevel("decimal", "%1."), ListLevel("decimal", "%1.%2", suffix="space")),
     [("甲", 0), ("子", 1), ("丑", 1), ("乙", 0), ("寅", 1)],
     ["1.甲", "1.1 子", "1.2 丑", "2.乙", "2.1 寅"]),
    ((ListLevel("chineseCounting", "%1、"), ListLevel("decimal", "（%2）")),
     [("甲", 0), ("子", 1), ("丑", 1), ("乙", 0), ("寅", 1)],
     ["一、甲", "（1）子", "（2）丑", "二、乙", "（1）寅"]),
    # w:lvlRestart 0: never restarts
    ((ListLevel("decimal", "%1、"), ListLevel("decimalEnclosedCircle", "%2", restart=0)),
     [("甲", 0), ("子", 1), ("乙", 0), ("丑", 1)],
     ["1、甲", "①子", "2、乙", "②丑"]),
    # three levels: the third restarts after the second and after the first
    ((ListLevel("decimal", "%1、"), ListLevel("decimal", "%2."), ListLevel("decimal", "（%3）")),
     [("甲", 0), ("子", 1), ("a", 2), ("b", 2), ("丑", 1), ("c", 2), ("乙", 0), ("d", 2)],
     ["1、甲", "1.子", "（1）a", "（2）b", "2.丑", "（1）c", "2、乙", "（1）d"]),
    # w:isLgl writes every level's number in decimal
    ((ListLevel("chineseCounting", "%1、"), ListLevel("decimal", "%1.%2", legal=True)),
     [("甲", 0), ("子", 1), ("乙", 0), ("丑", 1)],
     ["一、甲", "1.1子", "二、乙", "2.1丑"]),
])
def test_levels_count_and_restart_as_in_word(
    levels: tuple[ListLevel, ...], paragraphs: list[tuple[str, int]], expected: list[str],
    tmp_path: Path
) -> None:
    document = new_document()
    num_id = add_list(document, *levels)
    for text, level in paragraphs:
        number(document.add_paragraph(text), num_id, level)
    assert _read(document, tmp_path) == expected


def test_a_list_continues_across_other_paragraphs_and_tables(tmp_path: Path) -> None:
    document = new_document()
    num_id = add_list(document, ListLevel("decimal", "%1、"))
    number(document.add_paragraph("政务云平台"), num_id)
    document.add_paragraph("政务云平台已建成。")
    add_table(document, [["说明"], ["一段表格里的文字。"]])
    number(document.add_paragraph(""), num_id)  # Word shows the number of an empty item
    number(document.add_paragraph("即时通讯系统\n（第二行）"), num_id)  # Shift+Enter
    document.add_paragraph("不编号的段落", style="List Bullet")  # the template's bullet list
    number(document.add_paragraph("公务网盘系统"), num_id)
    assert _read(document, tmp_path) == [
        "1、政务云平台", "政务云平台已建成。", "说明", "一段表格里的文字。", "2、",
        "3、即时通讯系统", "（第二行）", "不编号的段落", "4、公务网盘系统"]


def test_instances_of_one_list_continue_it_unless_they_restart_it(tmp_path: Path) -> None:
    document = new_document()
    first = add_list(document, ListLevel("decimal", "（%1）"))
    again = add_list(document, abstract_id=abstract_of(document, first))
    restarted = restart_list(document, abstract_of(document, first), {0: 1})
    other = add_list(document, ListLevel("decimal", "（%1）"))
    for text, num_id in [("甲", first), ("乙", first), ("丙", again), ("丁", restarted),
                         ("戊", restarted), ("己", other), ("庚", again)]:
        number(document.add_paragraph(text), num_id)
    assert _read(document, tmp_path) == [
        "（1）甲", "（2）乙", "（3）丙", "（1）丁", "（2）戊", "（1）己", "（3）庚"]


def test_provenance_of_numbered_lines_is_the_paragraph_and_its_page(tmp_path: Path) -> None:
    document = new_document()
    _outline(document)
    document.add_paragraph("政务云平台", style="Heading 1")
    document.add_paragraph("资源概况", style="Heading 2").add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("政务网络", style="Heading 1")
    path = tmp_path / "pages.docx"
    document.save(str(path))
    assert [(line.text, line.line_no, line.page) for line in read_source(path).lines] == [
        ("一、政务云平台", 1, 1), ("（一）资源概况", 2, 1), ("二、政务网络", 3, 2)]


#: The bundled edition's outline numbers: Word's four levels of ``一、`` / ``（一）`` / ``1.`` /
#: ``（1）``, the first two through the heading styles.
OUTLINE = re.compile(r"(?:(?P<h1>[一二三四五六七八九十]+、)|(?P<h2>（[一二三四五六七八九十]+）)"
                     r"|(?P<item>\d+\. )|(?P<sub>（\d+）))(?P<text>.*)")


def test_a_docx_numbered_automatically_gives_the_text_editions_tables(tmp_path: Path) -> None:
    document = new_document()
    num_id = add_list(document, ListLevel("chineseCounting", "%1、", style="Heading1"),
                      ListLevel("chineseCounting", "（%2）", style="Heading2"),
                      ListLevel("decimal", "%3.", suffix="space"),
                      ListLevel("decimal", "（%4）"))
    number_style(document, "Heading 1", num_id)
    number_style(document, "Heading 2", num_id)
    lines = [line for line in read_text_source(SEED).lines
             if line.text.strip() and not line.furniture]
    page = lines[0].page
    for line in lines:
        found = OUTLINE.fullmatch(line.text.strip())
        kind = next((name for name in ("h1", "h2", "item", "sub") if found and found[name]), None)
        if kind in ("h1", "h2"):
            paragraph = document.add_paragraph(style="Heading 1" if kind == "h1" else "Heading 2")
        else:
            paragraph = document.add_paragraph()
            if kind is not None:
                number(paragraph, num_id, 2 if kind == "item" else 3)
        if line.page != page:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
            page = line.page
        paragraph.add_run(found["text"] if found and kind else line.text.strip())
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    word = read_source(path)
    plain = read_source(write_docx(tmp_path / "plain.docx"))
    assert [line.text for line in word.lines] == [line.text for line in plain.lines]
    assert sum(1 for line in word.lines if line.text.startswith("二十六、")) == 1
    assert _without_provenance(build_tables(word, parse_document(word), WHEN)) == (
        _without_provenance(build_tables(plain, parse_document(plain), WHEN)))


# --- contact tables: label：value lines ----------------------------------------------------

def _table_lines(rows: list[list[str]], tmp_path: Path,
                 merge: tuple[str, int, int, int] | None = None) -> list[tuple[str, int]]:
    """The lines of a document of one paragraph, then a table of ``rows`` (cells merged as
    ``merge`` says: ``("down", column, first, last)`` or ``("across", row, first, last)``),
    then one paragraph: each line's text and paragraph index."""
    document = new_document()
    document.add_paragraph("6. 联系方式")
    table = add_table(document, rows)
    if merge is not None:
        how, where, first, last = merge
        (merge_down if how == "down" else span)(table, where, first, last)
    document.add_paragraph("二、政务网络")
    path = tmp_path / "table.docx"
    document.save(str(path))
    return [(line.text, line.line_no) for line in read_source(path).lines]


@pytest.mark.parametrize(("rows", "expected"), [
    # a header row of labels over a row of values
    ([["联系人", "联系电话", "邮箱"], ["林工", "0592-6051234", "lin@hc.gov.cn"]],
     [("联系人：林工", 5), ("联系电话：0592-6051234", 6), ("邮箱：lin@hc.gov.cn", 7)]),
    # several value rows: each row's cells in turn; an empty cell gives no line
    ([["联系人", "联系电话"], ["林工", "0592-6051234"], ["王工", ""], ["", "13800000000"]],
     [("联系人：林工", 4), ("联系电话：0592-6051234", 5), ("联系人：王工", 6),
      ("联系电话：13800000000", 9)]),
    # two columns under a header of contact labels
    ([["联系人", "联系电话"], ["林工", "0592-6051234"]],
     [("联系人：林工", 4), ("联系电话：0592-6051234", 5)]),
    # values that all look like labels, under contact labels
    ([["姓名", "职务", "单位"], ["林工", "工程师", "社会治理联动中心"]],
     [("姓名：林工", 5), ("职务：工程师", 6), ("单位：社会治理联动中心", 7)]),
    # label/value pairs down two columns; a label's colon and spaces are dropped
    ([["联系人", "林工"], ["联 系 电 话：", "0592-6051234"], ["邮箱", "lin@hc.gov.cn"]],
     [("联系人：林工", 3), ("联系电话：0592-6051234", 5), ("邮箱：lin@hc.gov.cn", 7)]),
    ([["联系人", "林工"]], [("联系人：林工", 3)]),
    # a value of two paragraphs is one line
    ([["联系人", "林工"], ["电话", "0592-6051234\n13800000000"]],
     [("联系人：林工", 3), ("电话：0592-6051234 13800000000", 5)]),
    ([["说明"], ["政务云平台已建成。"]],
     [("说明", 2), ("政务云平台已建成。", 3)]),
    # any label/value pairs, not only a contact's
    ([["建设单位职能", "配合主管部门，承担全区政府信息公开工作。"], ["网络类型", "政务外网、政务内网"]],
     [("建设单位职能：配合主管部门，承担全区政府信息公开工作。", 3),
      ("网络类型：政务外网、政务内网", 5)]),
    # not contact tables: each cell's paragraphs as lines, as before
    ([["政务云平台已建成。", "提供多种常用的虚拟机模板。"], ["实现资源的动态、弹性交付。", ""]],
     [("政务云平台已建成。", 2), ("提供多种常用的虚拟机模板。", 3), ("实现资源的动态、弹性交付。", 4),
      ("", 5)]),
    ([["1", "政务云平台"], ["2", "政务网络"]],
     [("1", 2), ("政务云平台", 3), ("2", 4), ("政务网络", 5)]),
    # two columns that fit both shapes, contact words deciding neither: left as it was
    ([["甲方", "乙方"], ["厦门", "0592"]],
     [("甲方", 2), ("乙方", 3), ("厦门", 4), ("0592", 5)]),
    # a header row only (no values) is not a contact table
    ([["联系人", "联系电话"], ["", ""]],
     [("联系人", 2), ("联系电话", 3), ("", 4), ("", 5)]),
])
def test_a_contact_table_reads_as_label_value_lines(
    rows: list[list[str]], expected: list[tuple[str, int]], tmp_path: Path
) -> None:
    lines = _table_lines(rows, tmp_path)
    assert lines[0] == ("6. 联系方式", 1)
    assert lines[1:-1] == expected
    last_index = 1 + sum(max(1, len(cell.split("\n"))) for row in rows for cell in row) + 1
    assert lines[-1] == ("二、政务网络", last_index)


@pytest.mark.parametrize(("rows", "merge", "expected"), [
    # a unit merged down over two contacts' rows is read once
    ([["联系人", "联系电话", "单位"], ["林工", "0592-6051234", "社会治理联动中心"],
      ["王工", "0592-6057777", ""]], ("down", 2, 1, 2),
     ["联系人：林工", "联系电话：0592-6051234", "单位：社会治理联动中心", "联系人：王工",
      "联系电话：0592-6057777"]),
    # a label merged down carries to the values beside it
    ([["联系人", "林工"], ["电话", "0592-6051234"], ["", "13800000000"]], ("down", 0, 1, 2),
     ["联系人：林工", "电话：0592-6051234", "电话：13800000000"]),
    # a value spanning two columns is one line, under its first column's label
    ([["联系人", "联系电话", "邮箱"], ["林工", "0592-6051234（同传真）", ""]], ("across", 1, 1, 2),
     ["联系人：林工", "联系电话：0592-6051234（同传真）"]),
    # a title across the table stays a line before the contact's lines
    ([["联系方式", "", ""], ["联系人", "联系电话", "邮箱"], ["林工", "0592-6051234", ""]],
     ("across", 0, 0, 2),
     ["联系方式", "联系人：林工", "联系电话：0592-6051234"]),
    # a title over a table of another shape: cell by cell, the title once
    ([["对接说明", ""], ["政务云平台已建成。", "提供多种虚拟机模板。"]], ("across", 0, 0, 1),
     ["对接说明", "政务云平台已建成。", "提供多种虚拟机模板。"]),
])
def test_merged_cells_are_read_once(
    rows: list[list[str]], merge: tuple[str, int, int, int], expected: list[str],
    tmp_path: Path
) -> None:
    lines = _table_lines(rows, tmp_path, merge)
    assert [text for text, _ in lines[1:-1]] == expected


def _without_numbering_part(path: Path) -> Path:
    """The same document with ``word/numbering.xml`` and every reference to it removed."""
    bare = path.with_name("bare.docx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bare, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/numbering.xml":
                continue
            if item.filename in ("[Content_Types].xml", "word/_rels/document.xml.rels"):
                data = re.sub(rb"<(Override|Relationship)[^>]*numbering[^>]*/>", b"", data)
            target.writestr(item, data)
    return bare


def test_numbering_that_is_missing_or_unknown_gives_no_number(tmp_path: Path) -> None:
    document = new_document()
    num_id = add_list(document, ListLevel("decimal", "%1、"))
    number(document.add_paragraph("政务云平台"), num_id)
    number(document.add_paragraph("政务网络"), 99)  # no such w:num
    number(document.add_paragraph("信息安全管理服务"), num_id, 7)  # a level the list lacks
    assert _read(document, tmp_path) == ["1、政务云平台", "政务网络", "信息安全管理服务"]
    bare = _without_numbering_part(tmp_path / "numbered.docx")
    assert b"numbering" not in zipfile.ZipFile(bare).read("word/_rels/document.xml.rels")
    assert [line.text for line in read_source(bare).lines] == [
        "政务云平台", "政务网络", "信息安全管理服务"]


def test_an_instance_can_redefine_a_level(tmp_path: Path) -> None:
    document = new_document()
    num_id = add_list(document, ListLevel("decimal", "%1、"))
    redefined = restart_list(document, abstract_of(document, num_id), {0: 4})
    override = document.part.numbering_part.element.findall(qn("w:num"))[-1].find(
        qn("w:lvlOverride"))
    override.append(parse_xml(f'<w:lvl {nsdecls("w")} w:ilvl="0"><w:start w:val="1"/>'
                              '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'))
    for text, num in [("甲", num_id), ("乙", redefined), ("丙", redefined)]:
        number(document.add_paragraph(text), num)
    assert _read(document, tmp_path) == ["1、甲", "IV.乙", "V.丙"]


def test_a_list_linked_to_a_numbering_style_is_that_styles_list(tmp_path: Path) -> None:
    document = new_document()
    real = add_list(document, ListLevel("decimal", "（%1）"))
    document.styles.element.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="numbering" w:styleId="ItemList"><w:name w:val="清单"/>'
        f'<w:pPr><w:numPr><w:numId w:val="{real}"/></w:numPr></w:pPr></w:style>'))
    document.part.numbering_part.element.find(qn("w:num")).addprevious(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:numStyleLink w:val="ItemList"/></w:abstractNum>'))
    linked = restart_list(document, 90, {})
    for text, num_id in [("甲", real), ("乙", linked), ("丙", real)]:
        number(document.add_paragraph(text), num_id)
    assert _read(document, tmp_path) == ["（1）甲", "（2）乙", "（3）丙"]


@pytest.mark.parametrize(("number_format", "value", "expected"), [
    ("decimal", 12, "12"), ("decimalZero", 12, "12"), ("decimalFullWidth", 12, "１２"),
    ("decimalEnclosedCircle", 20, "⑳"), ("decimalEnclosedCircle", 21, "21"),
    ("decimalEnclosedFullstop", 3, "⒊"), ("ideographEnclosedCircle", 10, "㈩"),
    ("chineseCounting", 10, "十"), ("chineseCounting", 26, "二十六"),
    ("chineseCountingThousand", 101, "一百零一"), ("ideographDigital", 105, "一〇五"),
    ("chineseLegalSimplified", 11, "壹拾壹"), ("ideographTraditional", 11, "11"),
    ("ideographZodiac", 12, "亥"), ("lowerLetter", 52, "zz"), ("upperLetter", 53, "AAA"),
    ("lowerRoman", 1994, "mcmxciv"), ("upperRoman", 49, "XLIX"), ("none", 3, ""),
    ("chineseCounting", 0, "0"), ("upperRoman", 0, "0"),
])
def test_a_counter_is_written_in_its_format(number_format: str, value: int,
                                            expected: str) -> None:
    assert NUMBER_FORMATS[number_format](value) == expected
