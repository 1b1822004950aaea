"""Split cleaned lines into catalog entries and each entry into its labelled sections.

An entry starts at a top-level heading ``一、…`` (Chinese numerals of any size). The headings
must count 1, 2, 3… without gap, duplicate or reordering: a break in the sequence almost always
means a damaged edition, so it is an error naming the line rather than a silent mis-split.
Inside an entry, sections are found by their label *names* (``资源名称``, ``网络类型``…), whatever
the numbering style or spacing, because editions renumber labels but keep their names.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache

import regex as re

from normalizers.numerals import CN_NUMERAL_CHARS, number_to_chinese, parse_number
from pipeline.errors import SegmentationError
from pipeline.models import EntryBlock, Line, Section
from pipeline.parse.cleaning import join_wrapped
from pipeline.profile import Label, StructureRules, default_profile

__all__ = ["find_headings", "is_part", "match_label", "split_entries"]


#: Label keys and names, part names and the heading look-ahead come from the catalog profile
#: (``[structure]`` and ``[labels]``); the patterns below are built from them once per profile.
_NUM = rf"[{CN_NUMERAL_CHARS}]+"
_HEADING = re.compile(rf"(?P<num>{_NUM})\s*、\s*(?P<title>[^，。；：:]{{1,60}})")
_TOC_LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{3,})\s*\d+$")
#: The characters a heading (``_HEADING``) and a part (``_Patterns.part``) can start with:
#: checking the first character spares the pattern on every other line.
_HEADING_STARTS = frozenset(CN_NUMERAL_CHARS)
_PART_STARTS = frozenset("（(")


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The compiled patterns of one profile's structure rules."""

    part: re.Pattern[str]  # （一）资源概况, (二)对接说明：
    labels: tuple[re.Pattern[str], ...]  # plain-numbered, paren-numbered
    key_by_name: dict[str, str]
    lookahead: int
    #: The first characters of the label names: a line starting with another ideograph is no
    #: label (a label starts with a digit, a bracket or a name).
    name_starts: frozenset[str]


def _label_pattern(labels: tuple[Label, ...], paren: bool) -> re.Pattern[str]:
    names = sorted(
        (re.escape(name) for label in labels if label.paren_numbered == paren
         for name in label.names),
        key=len,
        reverse=True,
    )  # fmt: skip
    marker = r"[（(]\s*\d+\s*[）)]" if paren else r"\d+\s*[.．、]"
    return re.compile(
        rf"(?:{marker}\s*(?P<name>{'|'.join(names)})|(?P<bare>{'|'.join(names)})(?=\s*[:：]|$))"
        r"\s*(?:[:：]\s*)?(?P<rest>.*)"
    )


@cache
def _patterns(rules: StructureRules) -> _Patterns:
    parts = "|".join(re.escape(part) for part in rules.parts)
    return _Patterns(
        part=re.compile(rf"[（(]\s*{_NUM}\s*[）)]\s*(?:{parts})\s*[:：]?"),
        labels=(_label_pattern(rules.labels, False), _label_pattern(rules.labels, True)),
        key_by_name={name: label.key for label in rules.labels for name in label.names},
        lookahead=rules.heading_lookahead,
        name_starts=frozenset(name[:1] for label in rules.labels for name in label.names),
    )


#: The last rules asked for and their patterns: ``_patterns``' cache hashes its key, and the
#: hash of a frozen dataclass is recomputed through every label at each call (a third of
#: segmenting's time, called for every line); the same rules object comes back every time.
_last: tuple[StructureRules, _Patterns] | None = None


def _rules(rules: StructureRules | None) -> _Patterns:
    global _last
    rules = rules or default_profile().structure
    last = _last
    if last is not None and last[0] is rules:
        return last[1]
    patterns = _patterns(rules)
    _last = (rules, patterns)
    return patterns


def match_label(text: str, rules: StructureRules | None = None) -> tuple[str, str] | None:
    """``(key, rest)`` when ``text`` starts with a section label, else None.

    ``rest`` is content that runs on after the label on the same line (often empty).
    """
    patterns = _rules(rules)
    if "\u4e00" <= text[:1] <= "\u9fff" and text[0] not in patterns.name_starts:
        return None  # most content lines: no pattern below can match from an ideograph
    for pattern in patterns.labels:
        found = pattern.fullmatch(text)
        if found:
            name = found.group("name") or found.group("bare")
            return patterns.key_by_name[name], found.group("rest").strip()
    return None


def is_part(text: str, rules: StructureRules | None = None) -> bool:
    """True for a part line (``（一）资源概况``, ``(二)对接说明：``)."""
    return _rules(rules).part.fullmatch(text) is not None


def find_headings(
    lines: Sequence[Line], rules: StructureRules | None = None
) -> list[tuple[int, int, str]]:
    """``(index, number, title)`` for every entry heading line, checking the sequence.

    Raises ``SegmentationError`` naming the line when there are none, or when the numbers do
    not run 1, 2, 3… (gap, duplicate, out of order).
    """
    headings: list[tuple[int, int, str]] = []
    for index, line in enumerate(lines):
        found = _HEADING.fullmatch(line.text) if line.text[:1] in _HEADING_STARTS else None
        if (
            found is None
            or _TOC_LEADER.search(line.text)
            or not _opens_entry(lines, index, rules)
        ):
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


def _opens_entry(lines: Sequence[Line], index: int, rules: StructureRules | None) -> bool:
    """True when a part or label follows before any other heading-shaped line."""
    patterns = _rules(rules)
    for line in lines[index + 1 : index + 1 + patterns.lookahead]:
        if patterns.part.match(line.text) or match_label(line.text, rules):
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


def split_entries(
    lines: Sequence[Line], rules: StructureRules | None = None
) -> list[EntryBlock]:
    """Split an edition's cleaned lines into entries with their labelled sections.

    Raises ``SegmentationError`` for a broken heading sequence (``find_headings``) and for an
    entry that repeats a part or a label: two entries merged because the heading between
    them is mistyped (``26、…``, ``二十六，…``), which no later heading would expose when it is
    the last one.
    """
    headings = find_headings(lines, rules)
    bounds = [index for index, _, _ in headings] + [len(lines)]
    return [
        _split_sections(number, title, lines[start : bounds[pos + 1]], rules)
        for pos, (start, number, title) in enumerate(headings)
    ]


def _split_sections(
    seq: int, title: str, lines: Sequence[Line], rules: StructureRules | None
) -> EntryBlock:
    patterns = _rules(rules)
    grouped: dict[str, list[Line]] = {}
    parts_seen: set[str] = set()
    current: list[Line] | None = None
    for index, line in enumerate(lines[1:], start=1):
        if line.text[:1] in _PART_STARTS and patterns.part.fullmatch(line.text):
            _refuse_repeat(line.text, parts_seen, seq, title, lines, index)
            parts_seen.add(line.text)
            current = None
            continue
        label = match_label(line.text, rules)
        if label is not None:
            key, rest = label
            _refuse_repeat(key, grouped.keys(), seq, title, lines, index)
            current = grouped.setdefault(key, [])
            if rest:
                current.append(Line(rest, line.line_no, line.page, line.confidence))
        elif current is not None:
            current.append(line)
    sections = {
        key: Section(label=key, lines=tuple(group), text=join_wrapped(ln.text for ln in group))
        for key, group in grouped.items()
    }
    return EntryBlock(seq=seq, title=title, lines=tuple(lines), sections=sections)


def _refuse_repeat(
    key: str, seen: Collection[str], seq: int, title: str, lines: Sequence[Line], index: int
) -> None:
    """Raise when a part or label comes a second time in one entry: two entries merged. The
    error names the line before the repeated structure, where the lost heading should be."""
    if key not in seen:
        return
    repeated, suspect = lines[index], lines[index - 1]
    raise SegmentationError(
        f"entry {seq} ({title}) repeats '{repeated.text}' (line {repeated.line_no}): two "
        f"entries are merged; is this line, '{suspect.text}', a mistyped heading? (write it "
        f"like '{number_to_chinese(seq + 1)}、…')",
        line=suspect.line_no,
        page=suspect.page,
    )
