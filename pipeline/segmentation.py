"""Split cleaned lines into catalog entries and each entry into its labelled sections.

An entry starts at a top-level heading ``一、…`` (Chinese numerals of any size). The headings
must count 1, 2, 3… without gap, duplicate or reordering: a break in the sequence almost always
means a damaged edition, so it is an error naming the line rather than a silent mis-split.
Inside an entry, sections are found by their label *names* (``资源名称``, ``网络类型``…), whatever
the numbering style or spacing, because editions renumber labels but keep their names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex as re

from normalizers.numerals import CN_NUMERAL_CHARS, parse_number
from pipeline.cleaning import join_wrapped
from pipeline.errors import SegmentationError
from pipeline.models import EntryBlock, Line, Section

__all__ = ["LABELS", "find_headings", "match_label", "split_entries"]


@dataclass(frozen=True, slots=True)
class Label:
    """A section label: its canonical key, the names editions write, its numbering style."""

    key: str
    names: tuple[str, ...]
    paren_numbered: bool = False  # （1）建设单位 rather than 1. 资源名称


#: The labels of an entry, in catalog order. Keys are the section keys extractors ask for.
LABELS: tuple[Label, ...] = (
    Label("name", ("资源名称",)),
    Label("builder", ("建设单位概况", "建设单位情况")),
    Label("builder_unit", ("建设单位",), paren_numbered=True),
    Label("builder_duties", ("建设单位职能", "单位职能"), paren_numbered=True),
    Label("network_types", ("网络类型",)),
    Label("overview", ("基本情况", "资源概述")),
    Label("functions", ("功能和服务", "功能与服务", "功能及服务")),
    Label("access_targets", ("接入对象",)),
    Label("supporting", ("配套措施",)),
    Label("implementation", ("对接实施说明",)),
    Label("effort", ("对接工作量说明", "工作量说明")),
    Label("contact", ("联系方式",)),
)
#: The two parts of an entry; they only delimit sections.
PART_NAMES: tuple[str, ...] = ("资源概况", "对接说明")

_NUM = rf"[{CN_NUMERAL_CHARS}]+"
_HEADING = re.compile(rf"(?P<num>{_NUM})\s*、\s*(?P<title>[^，。；：:]{{1,60}})")
_TOC_LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{3,})\s*\d+$")
_PART = re.compile(rf"[（(]\s*{_NUM}\s*[）)]\s*(?:{'|'.join(PART_NAMES)})")
#: A heading must be followed within this many lines by a part (（一）资源概况) or a label;
#: a wrapped body line that happens to start with ``二、`` is not followed by one.
HEADING_LOOKAHEAD = 3


def _label_pattern(paren: bool) -> re.Pattern[str]:
    names = sorted(
        (name for label in LABELS if label.paren_numbered == paren for name in label.names),
        key=len,
        reverse=True,
    )
    marker = r"[（(]\s*\d+\s*[）)]" if paren else r"\d+\s*[.．、]"
    return re.compile(
        rf"(?:{marker}\s*(?P<name>{'|'.join(names)})|(?P<bare>{'|'.join(names)})(?=\s*[:：]|$))"
        r"\s*(?:[:：]\s*)?(?P<rest>.*)"
    )


_LABEL_PATTERNS = (_label_pattern(False), _label_pattern(True))
_KEY_BY_NAME = {name: label.key for label in LABELS for name in label.names}


def match_label(text: str) -> tuple[str, str] | None:
    """``(key, rest)`` when ``text`` starts with a section label, else None.

    ``rest`` is content that runs on after the label on the same line (often empty).
    """
    for pattern in _LABEL_PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            name = found.group("name") or found.group("bare")
            return _KEY_BY_NAME[name], found.group("rest").strip()
    return None


def find_headings(lines: Sequence[Line]) -> list[tuple[int, int, str]]:
    """``(index, number, title)`` for every entry heading line, checking the sequence.

    Raises ``SegmentationError`` naming the line when there are none, or when the numbers do
    not run 1, 2, 3… (gap, duplicate, out of order).
    """
    headings: list[tuple[int, int, str]] = []
    for index, line in enumerate(lines):
        found = _HEADING.fullmatch(line.text)
        if found is None or _TOC_LEADER.search(line.text) or not _opens_entry(lines, index):
            continue
        number = parse_number(found.group("num"))
        if number is None or number != int(number):
            continue
        expected = len(headings) + 1
        if int(number) != expected:
            raise SegmentationError(
                _sequence_problem(found.group("num"), int(number), expected),
                line=line.line_no,
                page=line.page,
            )
        headings.append((index, int(number), found.group("title").strip()))
    if not headings:
        raise SegmentationError("no catalog entries found (no heading such as '一、…')")
    return headings


def _opens_entry(lines: Sequence[Line], index: int) -> bool:
    """True when a part or label follows before any other heading-shaped line."""
    for line in lines[index + 1 : index + 1 + HEADING_LOOKAHEAD]:
        if _PART.match(line.text) or match_label(line.text):
            return True
        if _HEADING.fullmatch(line.text):
            return False
    return False


def _sequence_problem(written: str, number: int, expected: int) -> str:
    heading = f"heading number {written}、 ({number})"
    if number < expected:
        kind = "repeats an earlier number" if number == expected - 1 else "is out of order"
        return f"{heading} {kind}: expected {expected}"
    if expected == 1:
        return f"{heading} but numbering must start at 一 (1)"
    return f"{heading} skips {expected}: numbering has a gap"


def split_entries(lines: Sequence[Line]) -> list[EntryBlock]:
    """Split an edition's cleaned lines into entries with their labelled sections."""
    headings = find_headings(lines)
    bounds = [index for index, _, _ in headings] + [len(lines)]
    return [
        _split_sections(number, title, lines[start : bounds[pos + 1]])
        for pos, (start, number, title) in enumerate(headings)
    ]


def _split_sections(seq: int, title: str, lines: Sequence[Line]) -> EntryBlock:
    grouped: dict[str, list[Line]] = {}
    current: list[Line] | None = None
    for line in lines[1:]:
        if _PART.fullmatch(line.text):
            current = None
            continue
        label = match_label(line.text)
        if label is not None:
            key, rest = label
            current = grouped.setdefault(key, [])
            if rest:
                current.append(Line(text=rest, line_no=line.line_no, page=line.page))
        elif current is not None:
            current.append(line)
    sections = {
        key: Section(label=key, lines=tuple(group), text=join_wrapped(ln.text for ln in group))
        for key, group in grouped.items()
    }
    return EntryBlock(seq=seq, title=title, lines=tuple(lines), sections=sections)
