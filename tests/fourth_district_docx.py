"""The 同安区 edition (``tests/data/tongan-catalog.txt``) as an office would circulate it in Word.

The text export is the one source of the edition's content: ``edition_blocks`` reads its logical
blocks back (page furniture dropped, hard wraps re-joined) and ``build_docx`` writes them as a
``.docx`` the way Word itself stores such a catalog, so the Word reader is tested against what
Word really writes rather than against text pasted into paragraphs:

* an entry heading is a ``Heading 1`` paragraph holding only its title: the ``一、`` is Word's
  AUTOMATIC numbering, an abstract numbering (``chineseCounting``, ``%1、``) linked to the
  ``Heading 1`` style (the style's ``numPr``, the level's ``pStyle``), as Word's outline
  numbering does, so no heading paragraph carries a ``numPr`` of its own;
* the parts (``（一）资源基本信息``) are ``Heading 2`` paragraphs, written out;
* a function list of the ``1）`` style is automatic numbering too (``decimal``, ``%1）``): each
  item paragraph holds its text without the marker and a ``numPr`` naming its list; every list is
  its own ``w:num`` over one abstract numbering with a ``startOverride`` of 1 (Word's "restart
  numbering"; without the override Word would continue counting from the previous list);
* a contact is a two-column table under its label: a header row ``联系人 | 联系电话`` and one
  row of values (an empty person cell when the text names no person);
* every other line is a plain paragraph as written (``1、资源名称：…``), no hard wraps;
* explicit page breaks: a page-break run before the headings of entries 5, 13 and 21, the
  ``pageBreakBefore`` property on the headings of entries 9 and 17, and on the part line
  ``（二）资源对接信息`` of entry 10 (so one entry spans two pages). ``BuiltDocx.entry_pages``
  records where each entry landed, counted the way a reader counts explicit breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import docx
import regex as re
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from pipeline.parse.cleaning import join_wrapped

__all__ = [
    "EDITION", "PAGE_BREAK_BEFORE_HEADING", "PAGE_BREAK_BEFORE_PART", "PAGE_BREAK_RUN_BEFORE",
    "RUNNING_HEADER", "Block", "BuiltDocx", "ContactCells", "build_docx", "chinese_numeral",
    "contact_cells", "edition_blocks",
]  # fmt: skip

EDITION = Path(__file__).parent / "data" / "tongan-catalog.txt"
RUNNING_HEADER = "同安区可共用可复用可对接资源目录"
#: The export's footer on every page.
FOOTER = re.compile(r"第 \d+ 页 共 \d+ 页")
#: Prefixes a text export marks a page's first line with.
PAGE_START_PREFIXES = (" ", "\f")
#: The edition's labels, part 1 then part 2 (longest first where one starts another).
LABEL_NAMES = (
    "资源名称", "主管单位", "承建单位职责", "承建单位", "网络环境", "资源简介",
    "主要功能", "服务对象", "配套材料", "对接流程", "对接工作量", "联系方式",
)  # fmt: skip
FUNCTIONS_LABEL, CONTACT_LABEL = "主要功能", "联系方式"
_CN_DIGITS = "一二三四五六七八九十"
_HEADING = re.compile(rf"(?P<num>[{_CN_DIGITS}]+)、(?P<title>[^，。；：]+)")
_PART = re.compile(r"（[一二]）资源(?:基本|对接)信息")
_LABEL = re.compile(
    rf"(?P<marker>\d+[、.．）]|[（(]\d+[）)])(?P<name>{'|'.join(LABEL_NAMES)})"
    r"(?:：(?P<value>.*))?"
)
#: A function-list item of the ``1）`` style on its own line.
_ITEM = re.compile(r"(?P<num>\d+)）(?P<text>.+)")
#: Lines that open a paragraph of their own: a document title, a circled item.
_PARAGRAPH_STARTS = "《①②③④⑤⑥⑦⑧⑨⑩"
#: Entries whose heading follows a page-break run, or is set to start a page.
PAGE_BREAK_RUN_BEFORE = frozenset({5, 13, 21})
PAGE_BREAK_BEFORE_HEADING = frozenset({9, 17})
#: Entries whose second part (``（二）资源对接信息``) starts a page.
PAGE_BREAK_BEFORE_PART = frozenset({10})

BlockKind = Literal["heading", "part", "label", "para", "item"]


@dataclass(frozen=True)
class Block:
    """One logical line of the edition. ``text``: a heading's title (without ``一、``), a label
    line as written (marker, name, ``：value``), a paragraph re-joined, an item without its
    ``1）`` marker. ``label``: the label name of the section the block is in (or is)."""

    kind: BlockKind
    text: str
    entry: int
    label: str | None = None
    number: int | None = None  # a heading's number, an item's number


def _content_lines(text: str) -> list[str]:
    """The export's content lines: blank lines, running headers and footers dropped, the
    page-start prefix removed."""
    lines = []
    for raw in text.split("\n"):
        line = raw[1:] if raw[:1] in PAGE_START_PREFIXES else raw
        if line.strip() and line != RUNNING_HEADER and not FOOTER.fullmatch(line):
            lines.append(line)
    return lines


def edition_blocks(text: str) -> list[Block]:
    """The logical blocks of the text export, in order. A line continues the block before it
    (a paragraph, an item, or a label with its value) unless it is a heading, a part, a label,
    a ``1）`` item under ``主要功能`` or starts with ``《`` or a circled number."""
    blocks: list[Block] = []
    entry, label = 0, None
    for line in _content_lines(text):
        heading = _HEADING.fullmatch(line)
        found = _LABEL.fullmatch(line)
        item = _ITEM.fullmatch(line) if label == FUNCTIONS_LABEL else None
        last = blocks[-1] if blocks else None
        if heading is not None and heading.group("num") == chinese_numeral(entry + 1):
            entry, label = entry + 1, None
            blocks.append(Block("heading", heading.group("title"), entry, number=entry))
        elif _PART.fullmatch(line):
            label = None
            blocks.append(Block("part", line, entry))
        elif found is not None:
            label = found.group("name")
            blocks.append(Block("label", line, entry, label))
        elif item is not None:
            blocks.append(Block("item", item.group("text"), entry, label, int(item.group("num"))))
        elif last is not None and _continues(last, line):
            blocks[-1] = Block(
                last.kind, join_wrapped([last.text, line]), last.entry, last.label, last.number
            )
        else:
            blocks.append(Block("para", line, entry, label))
    return blocks


def _continues(last: Block, line: str) -> bool:
    """``line`` (no heading, part, label or item) is a wrapped piece of the block ``last``."""
    if line[0] in _PARAGRAPH_STARTS:
        return False
    if last.kind == "label":
        found = _LABEL.fullmatch(last.text)
        return found is not None and bool(found.group("value"))
    return last.kind in ("para", "item")


def chinese_numeral(number: int) -> str:
    """一 … 九十九."""
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens - 1] + "十")
    return head + (_CN_DIGITS[units - 1] if units else "")


@dataclass(frozen=True)
class ContactCells:
    """A contact as the Word rendition's table holds it."""

    person: str
    phones: str


_PERSON_LABELLED = re.compile(r"联系人：(?P<person>[^，]+)，电话：(?P<phones>.+)")
_UNIT_PERSON_PHONES = re.compile(r"\S+ (?P<person>\S+) (?P<phones>[\d-]+)")
_PHONES_ONLY = re.compile(r"(?P<phones>[\d-]+(?:转\d+)?)")


def contact_cells(text: str) -> ContactCells:
    """The person and phone cells of one contact text (``区数据管理局 林工 0592-7021234``,
    ``联系人：陈先生，电话：13812345678``, ``0592-7031234转8012``). Raises ``ValueError`` for
    another shape."""
    for pattern in (_PERSON_LABELLED, _UNIT_PERSON_PHONES, _PHONES_ONLY):
        found = pattern.fullmatch(text)
        if found is not None:
            return ContactCells(found.groupdict().get("person") or "", found.group("phones"))
    raise ValueError(f"not a contact shape of the edition: {text!r}")


@dataclass(frozen=True)
class BuiltDocx:
    """The file written and the (first, last) page of entry 1, 2… by its explicit breaks."""

    path: Path
    entry_pages: tuple[tuple[int, int], ...]


def _abstract_num(abstract_id: int, fmt: str, text: str, style: str | None) -> Any:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl></w:abstractNum>'
    )


class _Numbering:
    """Adds abstract numberings and numbering instances to the document's numbering part."""

    def __init__(self, document: Any) -> None:
        self.root = document.part.numbering_part.element
        self.next_abstract = 1 + max(
            (int(a.get(qn("w:abstractNumId"))) for a in self.root.findall(qn("w:abstractNum"))),
            default=-1)  # fmt: skip
        self.next_num = 1 + max(
            (int(n.get(qn("w:numId"))) for n in self.root.findall(qn("w:num"))), default=0
        )

    def abstract(self, fmt: str, text: str, style: str | None = None) -> int:
        abstract_id, self.next_abstract = self.next_abstract, self.next_abstract + 1
        element = _abstract_num(abstract_id, fmt, text, style)
        nums = self.root.findall(qn("w:num"))  # every abstractNum comes before every num
        if nums:
            nums[0].addprevious(element)
        else:
            self.root.append(element)
        return abstract_id

    def instance(self, abstract_id: int, restart: bool = False) -> int:
        num_id, self.next_num = self.next_num, self.next_num + 1
        override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                    if restart else "")  # fmt: skip
        self.root.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{override}</w:num>"))  # fmt: skip
        return num_id


def _number_paragraph(paragraph: Any, num_id: int) -> None:
    """Give ``paragraph`` a ``numPr`` (level 0 of the numbering instance ``num_id``)."""
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()  # in schema order
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num_id


def _link_heading_numbering(document: Any, num_id: int) -> None:
    """Word's outline numbering: the ``Heading 1`` style carries the ``numPr``."""
    ppr = document.styles["Heading 1"].element.get_or_add_pPr()
    numpr = parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>')
    keep = ppr.find(qn("w:keepLines"))  # CT_PPrBase order: keepNext, keepLines, …, numPr
    (keep if keep is not None else ppr[0]).addnext(numpr)


def _contact_table(document: Any, cells: ContactCells) -> None:
    table = document.add_table(rows=2, cols=2)
    table.style = document.styles["Table Grid"]
    for row, values in zip(
        table.rows, (("联系人", "联系电话"), (cells.person, cells.phones)), strict=True
    ):
        for cell, value in zip(row.cells, values, strict=True):
            if value:
                cell.paragraphs[0].add_run(value)
    # a header row Word repeats on every page
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))


def _label_without_value(text: str) -> tuple[str, str]:
    found = _LABEL.fullmatch(text)
    if found is None:
        raise ValueError(f"not a label line: {text!r}")
    return found.group("marker") + found.group("name"), found.group("value") or ""


def build_docx(path: Path, text: str | None = None) -> BuiltDocx:
    """Write the Word rendition of the edition ``text`` (default: the 同安区 export) to
    ``path``; returns where each entry landed."""
    blocks = edition_blocks(text if text is not None else EDITION.read_text(encoding="utf-8"))
    document = docx.Document()
    numbering = _Numbering(document)
    _link_heading_numbering(
        document, numbering.instance(numbering.abstract("chineseCounting", "%1、", "Heading1"))
    )
    list_abstract = numbering.abstract("decimal", "%1）")
    page, pages = 1, dict[int, list[int]]()
    list_num: int | None = None
    contact: str | None = None
    for block in [*blocks, None]:
        if contact is not None and (
            block is None or block.label != CONTACT_LABEL or block.kind == "label"
        ):
            _contact_table(document, contact_cells(contact))
            contact = None
        if block is None:
            break
        if block.kind == "heading":
            if block.entry in PAGE_BREAK_RUN_BEFORE:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                page += 1
            paragraph = document.add_paragraph(block.text, style="Heading 1")
            if block.entry in PAGE_BREAK_BEFORE_HEADING:
                paragraph.paragraph_format.page_break_before = True
                page += 1
        elif block.kind == "part":
            paragraph = document.add_paragraph(block.text, style="Heading 2")
            if block.entry in PAGE_BREAK_BEFORE_PART and block.text.startswith("（二）"):
                paragraph.paragraph_format.page_break_before = True
                page += 1
        elif block.kind == "item":
            if block.number == 1 or list_num is None:
                list_num = numbering.instance(list_abstract, restart=True)
            _number_paragraph(document.add_paragraph(block.text), list_num)
        elif block.label == CONTACT_LABEL:
            if block.kind == "label":
                label, contact = _label_without_value(block.text)
                document.add_paragraph(label)
            else:
                contact = join_wrapped([contact or "", block.text])
        else:
            document.add_paragraph(block.text)
        pages.setdefault(block.entry, []).append(page)
    document.save(str(path))
    spans = tuple((found[0], found[-1]) for _, found in sorted(pages.items()))
    return BuiltDocx(path=path, entry_pages=spans)
