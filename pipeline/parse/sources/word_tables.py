"""Word tables of contacts, read as ``label：value`` lines the way a person reads them.

Catalogs in Word often put an entry's contact in a small table: a header row of labels over a
row of values (``联系人 | 联系电话`` / ``林工 | 0592-6051234``), or label/value pairs down two
columns (``联系人 | 林工``, ``电话 | 0592-6051234``). Read cell by cell, the labels and the values
come apart (``联系人``, ``联系电话``, ``林工``, …) and no field rule can pair them again, so such a
table becomes one ``label：value`` line per value cell, the rows in turn.

The shape is decided by the cells alone. A *label* is short (``LABEL_MAX_CHARS``), has no digit
and no sentence punctuation (a trailing colon is allowed and dropped, spaces inside are
dropped: ``联 系 人：`` → ``联系人``). A *header table* has a first row of two or more labels,
one grid column each, no vertical merge, and values below that either include a non-label or
sit under labels all of which hold a contact word (``LABEL_WORDS``: ``姓名 | 职务`` over ``林工 |
工程师``). A *pair table* has two columns, a label in every row's first cell (a vertically
merged label carries down) and no contact label in the second. Two columns can fit both shapes
(``联系人 | 林工`` / ``电话 | 0592…``): contact words then decide (a header row of contact
labels, or a first column of them); when they cannot, the table is left as it was.

Title rows on top (one cell across the whole table: ``联系方式``) stay lines of their own
before the contact lines. Any other table, and any table with a nested table or content
control in it, is not read here (``label_value_lines`` gives None) and keeps its cell-by-cell
lines. Empty cells give no line, and a merged cell (``w:gridSpan``, ``w:vMerge``) is one cell
in the XML, so its text is read once. A value cell of several paragraphs is one line, its
parts joined by a space. The rule is about shape, not contacts: any two-column table of
labels and values (``网络类型 | 政务外网、政务内网``) reads as ``网络类型：政务外网、政务内网``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["LABEL_MAX_CHARS", "LABEL_WORDS", "Cell", "label_value_lines"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The longest label, in characters (spaces and a trailing colon not counted).
LABEL_MAX_CHARS = 8
#: Punctuation that makes a cell a sentence or a list item, never a label (a colon only at
#: the end of a label).
SENTENCE_PUNCTUATION = frozenset("。，；！？、,;!?：:")
#: The colons a label may end with.
LABEL_COLONS = "：:"
#: Words that make a label a contact field's: what decides a two-column table's shape.
LABEL_WORDS: tuple[str, ...] = (
    "联系人", "负责人", "姓名", "职务", "职称", "部门", "科室", "单位", "电话", "手机", "座机",
    "传真", "邮箱", "邮件", "地址", "邮编", "网址", "微信", "QQ", "方式", "号码",
)
#: Between the paragraphs of one value cell.
VALUE_JOINER = " "
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Cell:
    """One ``w:tc``: its first grid column and width, its text (paragraphs' non-empty parts
    joined), the paragraph a line from it points at, and its ``w:vMerge`` (None, ``restart``
    or ``continue``)."""

    column: int
    span: int
    text: str
    paragraph: Any
    merge: str | None


def _int_val(element: Any, path: str, default: int) -> int:
    found = element.find(path)
    try:
        return int(found.get(f"{_W}val")) if found is not None else default
    except (TypeError, ValueError):
        return default


def _merge(cell: Any) -> str | None:
    found = cell.find(f"{_W}tcPr/{_W}vMerge")
    return None if found is None else found.get(f"{_W}val") or "continue"


def _cell(cell: Any, column: int, text: Callable[[Any], str]) -> Cell:
    paragraphs = cell.findall(f"{_W}p")
    parts = [(part.strip(), p) for p in paragraphs for part in text(p).split("\n")]
    kept = [(part, p) for part, p in parts if part]
    return Cell(column, max(1, _int_val(cell, f"{_W}tcPr/{_W}gridSpan", 1)),
                VALUE_JOINER.join(part for part, _ in kept),
                kept[0][1] if kept else (paragraphs[0] if paragraphs else None),
                _merge(cell))  # fmt: skip


def _grid(table: Any, text: Callable[[Any], str]) -> list[list[Cell]] | None:
    """The table's rows of cells, or None when some paragraph is not a cell's own (a nested
    table, a content control)."""
    rows: list[list[Cell]] = []
    own = 0
    for row in table.findall(f"{_W}tr"):
        column = _int_val(row, f"{_W}trPr/{_W}gridBefore", 0)
        cells = []
        for tc in row.findall(f"{_W}tc"):
            cells.append(cell := _cell(tc, column, text))
            column += cell.span
            own += len(tc.findall(f"{_W}p"))
        rows.append(cells)
    return rows if own == sum(1 for _ in table.iter(f"{_W}p")) else None


def _label(text: str) -> str | None:
    """The label a cell's text is, or None."""
    label = _SPACES.sub("", text).rstrip(LABEL_COLONS)
    if not label or len(label) > LABEL_MAX_CHARS:
        return None
    if any(ch.isdigit() or ch in SENTENCE_PUNCTUATION for ch in label):
        return None
    return label


def _worded(text: str) -> bool:
    label = _label(text)
    return label is not None and any(word in label for word in LABEL_WORDS)


Lines = list[tuple[str, Any]]


def _header_lines(rows: Sequence[Sequence[Cell]]) -> Lines | None:
    header, values = rows[0], [cell for row in rows[1:] for cell in row if cell.text]
    if len(header) < 2 or not values:
        return None
    if any(cell.span != 1 or cell.merge or _label(cell.text) is None for cell in header):
        return None
    labels = {cell.column: _label(cell.text) for cell in header}
    if any(cell.column not in labels for cell in values):
        return None
    if all(_label(cell.text) is not None for cell in values) and not all(
            _worded(cell.text) for cell in header):
        return None
    return [(f"{labels[cell.column]}：{cell.text}", cell.paragraph) for cell in values]


def _pair_lines(rows: Sequence[Sequence[Cell]]) -> Lines | None:
    lines: Lines = []
    label: str | None = None
    for row in rows:
        if [(cell.column, cell.span) for cell in row] != [(0, 1), (1, 1)]:
            return None
        key, value = row
        if not (key.merge == "continue" and not key.text):
            label = _label(key.text)
        if label is None or _worded(value.text):
            return None
        if value.text:
            lines.append((f"{label}：{value.text}", value.paragraph))
    return lines or None


def label_value_lines(table: Any, text: Callable[[Any], str]) -> Lines | None:
    """A contact table's ``label：value`` lines, each with the paragraph it was read from, or
    None for a table of another shape. ``text`` gives a paragraph's visible text."""
    grid = _grid(table, text)
    if not grid:
        return None
    width = max((cell.column + cell.span for row in grid for cell in row), default=0)
    titles = 0
    while titles < len(grid) and [(c.column, c.span) for c in grid[titles]] == [(0, width)]:
        titles += 1
    rows = grid[titles:]
    if width < 2 or not rows:
        return None
    header, pairs = _header_lines(rows), _pair_lines(rows)
    if header is not None and pairs is not None:
        header_worded = all(_worded(cell.text) for cell in rows[0])
        column_worded = all(_worded(row[0].text) for row in rows if row[0].text)
        if header_worded == column_worded:
            return None
        header, pairs = (header, None) if header_worded else (None, pairs)
    lines = header if header is not None else pairs
    if lines is None:
        return None
    return [(row[0].text, row[0].paragraph) for row in grid[:titles] if row[0].text] + lines
