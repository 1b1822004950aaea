"""Small builders of Word (.docx) test files: paragraphs with a style, paragraphs with
automatic numbering, list definitions and tables with merged cells.

python-docx writes paragraphs and tables but not list definitions, so ``add_list`` appends a
``w:abstractNum`` and its ``w:num`` to the numbering part of python-docx's default template,
and ``number`` / ``number_style`` attach them to a paragraph or a style, as Word does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

__all__ = ["ListLevel", "abstract_of", "add_list", "add_table", "merge_down", "new_document",
           "number", "number_style", "restart_list", "span"]


@dataclass(frozen=True, slots=True)
class ListLevel:
    """One ``w:lvl``: format, level text, start, and optionally restart, suffix, style."""

    number_format: str
    text: str
    start: int = 1
    restart: int | None = None
    suffix: str | None = None
    style: str | None = None
    legal: bool = False


def _lvl(ilvl: int, level: ListLevel) -> str:
    extra = "".join((
        f'<w:lvlRestart w:val="{level.restart}"/>' if level.restart is not None else "",
        f'<w:pStyle w:val="{level.style}"/>' if level.style else "",
        "<w:isLgl/>" if level.legal else "",
        f'<w:suff w:val="{level.suffix}"/>' if level.suffix else "",
    ))
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{level.start}"/>'
            f'<w:numFmt w:val="{level.number_format}"/>{extra}'
            f'<w:lvlText w:val="{level.text}"/></w:lvl>')


def _numbering(document: Document) -> Any:
    return document.part.numbering_part.element


def add_list(document: Document, *levels: ListLevel, abstract_id: int | None = None) -> int:
    """A new list (``w:abstractNum`` of ``levels``, or the existing ``abstract_id``) and an
    instance of it; returns the instance's ``w:numId``."""
    numbering = _numbering(document)
    if abstract_id is None:
        taken = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
        abstract_id = max(taken, default=-1) + 1
        body = "".join(_lvl(n, level) for n, level in enumerate(levels))
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                             f"{body}</w:abstractNum>")
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:  # the schema wants every abstractNum before the nums
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    return restart_list(document, abstract_id, {})


def restart_list(document: Document, abstract_id: int, starts: dict[int, int]) -> int:
    """Another instance of a list, with a ``w:startOverride`` per level in ``starts``."""
    numbering = _numbering(document)
    num_id = max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))),
                 default=0) + 1
    overrides = "".join(f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/>'
                        "</w:lvlOverride>" for level, start in starts.items())
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                               f'<w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'))
    return num_id


def abstract_of(document: Document, num_id: int) -> int:
    """The list (``w:abstractNumId``) a numbering instance belongs to."""
    for num in _numbering(document).findall(qn("w:num")):
        if num.get(qn("w:numId")) == str(num_id):
            return int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
    raise KeyError(num_id)


def _set_num_pr(p_pr: Any, num_id: int | None, level: int | None) -> None:
    num_pr = p_pr.get_or_add_numPr()  # python-docx keeps pPr's children in schema order
    if level is not None:
        num_pr.get_or_add_ilvl().val = level
    if num_id is not None:
        num_pr.get_or_add_numId().val = num_id


def number(paragraph: Paragraph, num_id: int | None, level: int | None = 0) -> Paragraph:
    """Number a paragraph directly (``w:pPr/w:numPr``); ``num_id`` 0 switches numbering off."""
    _set_num_pr(paragraph._p.get_or_add_pPr(), num_id, level)
    return paragraph


def number_style(document: Document, style_name: str, num_id: int,
                 level: int | None = None) -> None:
    """Give a paragraph style automatic numbering (its ``w:pPr/w:numPr``)."""
    _set_num_pr(document.styles[style_name].element.get_or_add_pPr(), num_id, level)


def add_table(document: Document, rows: Sequence[Sequence[str]]) -> Any:
    """A table of the given rows of cell texts (a cell's ``\\n`` starts a new paragraph)."""
    table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    for cells, row in zip(table.rows, rows, strict=True):
        for cell, text in zip(cells.cells, row, strict=False):
            first, *more = text.split("\n")
            if first:  # an empty cell keeps its one bare paragraph, as Word leaves it
                cell.paragraphs[0].text = first
            for part in more:
                cell.add_paragraph(part)
    return table


def span(table: Any, row: int, first: int, last: int) -> None:
    """Merge cells ``first``..``last`` of a row across (``w:gridSpan``), as Word does: the
    first cell keeps its text."""
    table.cell(row, first).merge(table.cell(row, last))


def merge_down(table: Any, column: int, first: int, last: int) -> None:
    """Merge rows ``first``..``last`` of a column (``w:vMerge``); the first keeps its text."""
    table.cell(first, column).merge(table.cell(last, column))


def new_document() -> Document:
    """python-docx's default template, which has a numbering part to add lists to."""
    return docx.Document()
