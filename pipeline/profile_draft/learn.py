"""What an edition's own text says about its template: entries, parts and recurring labels.

``catalog profile draft`` learns a profile from documents nobody described to it. Nothing here
knows a district's words: an entry is a heading ``一、…`` followed soon by a numbered line, a
part is a ``（一）…`` line that recurs in most entries, and a *label* is a short numbered line
(``1、资源名称：…``, ``（3）承建单位``, ``2.主管单位``) whose words, once the numbering is removed,
recur in most entries. Item text (``（1）提供云主机开通服务…``) is long and does not recur, so it
is never taken for a label. Pure: cleaned lines in, frozen dataclasses out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import regex as re

from normalizers.numerals import CN_NUMERAL_CHARS, parse_number
from pipeline.errors import SegmentationError
from pipeline.models import Line
from pipeline.parse.segmentation import CONTENT_KEYS, LABEL_MARKERS, UNMAPPED_BARE_LABEL

__all__ = [
    "DRAFT_HEADING_LOOKAHEAD", "LABEL_MIN_SHARE", "LearnedEntry", "LearnedLabel",
    "LearnedTemplate", "learn_template",
]  # fmt: skip

#: A heading must be followed within this many lines by a part or a numbered line.
DRAFT_HEADING_LOOKAHEAD = 3
#: A numbered line's words are a label (and a ``（一）…`` line a part) when they recur in at
#: least this share of the entries ("most entries").
LABEL_MIN_SHARE = 0.5

_NUM = rf"[{CN_NUMERAL_CHARS}]+"
_HEADING = re.compile(rf"(?P<num>{_NUM})\s*、\s*(?P<title>[^，。；：:]{{1,60}})")
_TOC_LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{3,})\s*\d+$")
_PART = re.compile(rf"[（(]\s*{_NUM}\s*[）)]\s*(?P<name>\p{{Han}}{{2,10}})\s*[:：]?")
#: Each numbering style of ``LABEL_MARKERS``, compiled alone, to say which styles a label uses.
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (shown, re.compile(fragment)) for shown, fragment in LABEL_MARKERS
)
_MARKER = "(?:" + "|".join(fragment for _, fragment in LABEL_MARKERS) + ")"
#: A numbered label line: the numbering, 2–10 ideographs, then a colon and a value or the end.
_LABEL = re.compile(
    rf"(?P<marker>{_MARKER})\s*(?P<name>\p{{Han}}{{2,10}})\s*(?:[:：]\s*(?P<rest>.*))?"
)
#: A bare label line: a name the base profile knows, before a colon or the line's end; other
#: words count only before a colon (``联系人及电话：…``), and never a contact's own keys
#: (``联系人：李工``, ``电话：…``: ``segmentation.CONTENT_KEYS``).
_BARE = re.compile(r"(?P<name>\p{Han}{2,10})\s*(?:[:：]\s*(?P<rest>.*))?")


@dataclass(frozen=True, slots=True)
class LearnedEntry:
    """One entry found: its number, title and lines (heading first)."""

    seq: int
    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class LearnedLabel:
    """A recurring label: its words, where it stands, how it is numbered and written."""

    name: str
    entries: tuple[int, ...]  # the entries (seq) it appears in
    position: float  # its mean rank among the entry's labels (catalog order)
    styles: tuple[str, ...]  # numbering styles seen (``LABEL_MARKERS`` shown forms, "bare")
    inline: bool  # the value mostly follows on the same line (``label：value``)
    part: str | None  # the part it mostly stands in


@dataclass(frozen=True, slots=True)
class LearnedTemplate:
    """The template one or more editions share."""

    entries: tuple[LearnedEntry, ...]
    parts: tuple[str, ...]
    labels: tuple[LearnedLabel, ...]  # in catalog order


def _opens_entry(lines: Sequence[Line], index: int) -> bool:
    for line in lines[index + 1 : index + 1 + DRAFT_HEADING_LOOKAHEAD]:
        if _PART.fullmatch(line.text) or _LABEL.fullmatch(line.text):
            return True
    return False


def find_entries(lines: Sequence[Line]) -> list[LearnedEntry]:
    """The entries of one document: headings numbered 1, 2, 3… (a heading-shaped line whose
    number does not continue the sequence is body text), each followed soon by a part or a
    numbered line. Raises ``SegmentationError`` when there is none."""
    starts: list[tuple[int, int, str]] = []
    for index, line in enumerate(lines):
        found = _HEADING.fullmatch(line.text)
        if found is None or _TOC_LEADER.search(line.text) or not _opens_entry(lines, index):
            continue
        number = parse_number(found.group("num"))
        if number == len(starts) + 1:
            starts.append((index, len(starts) + 1, found.group("title").strip()))
    if not starts:
        raise SegmentationError("no catalog entries found (no heading such as '一、…' "
                                "followed by numbered lines)")  # fmt: skip
    bounds = [index for index, _, _ in starts] + [len(lines)]
    return [
        LearnedEntry(seq, title, tuple(lines[start : bounds[pos + 1]]))
        for pos, (start, seq, title) in enumerate(starts)
    ]


def _style(marker: str) -> str:
    return next((shown for shown, pattern in _STYLES if pattern.fullmatch(marker)), "other")


@dataclass(slots=True)
class _Tally:
    entries: list[int]
    ranks: list[int]
    styles: Counter[str]
    inline: int
    parts: Counter[str]


def _label_lines(
    entry: LearnedEntry, known: frozenset[str], parts: frozenset[str]
) -> list[tuple[str, str, bool, str | None]]:
    """``(name, style, inline, part)`` of every label-shaped line of one entry."""
    found: list[tuple[str, str, bool, str | None]] = []
    part: str | None = None
    for line in entry.lines[1:]:
        is_part = _PART.fullmatch(line.text)
        if is_part and is_part.group("name") in parts:
            part = str(is_part.group("name"))
            continue
        shaped = _LABEL.fullmatch(line.text)
        if shaped:
            style = _style(str(shaped.group("marker")))
        else:
            shaped = _BARE.fullmatch(line.text)
            if not shaped or shaped.group("name") not in known:
                shaped = UNMAPPED_BARE_LABEL.fullmatch(line.text)  # ``words：value``
                if not shaped or shaped.group("name") in CONTENT_KEYS:
                    continue
            style = "bare"
        found.append((str(shaped.group("name")), style, bool(shaped.group("rest")), part))
    return found


def _parts(entries: Sequence[LearnedEntry], least: float) -> tuple[str, ...]:
    """Part names recurring in at least ``least`` entries, in the order they stand."""
    seen: Counter[str] = Counter()
    rank: dict[str, list[int]] = {}
    for entry in entries:
        names = [str(m.group("name")) for line in entry.lines if (m := _PART.fullmatch(line.text))]
        seen.update(set(names))
        for position, name in enumerate(names):
            rank.setdefault(name, []).append(position)
    kept = [name for name, count in seen.items() if count >= least]
    return tuple(sorted(kept, key=lambda name: sum(rank[name]) / len(rank[name])))


def learn_template(
    documents: Sequence[Sequence[Line]], known: frozenset[str] = frozenset()
) -> LearnedTemplate:
    """The entries, parts and labels of one or more editions' cleaned lines. ``known`` are
    label names the base profile has: written bare (``联系方式：…``) they count as labels too.
    Raises ``SegmentationError`` when a document has no entries."""
    entries = [entry for lines in documents for entry in find_entries(lines)]
    least = max(1.0, LABEL_MIN_SHARE * len(entries))
    parts = _parts(entries, least)
    tallies: dict[str, _Tally] = {}
    for number, entry in enumerate(entries):
        for rank, (name, style, inline, part) in enumerate(
            _label_lines(entry, known, frozenset(parts))
        ):
            tally = tallies.setdefault(name, _Tally([], [], Counter(), 0, Counter()))
            if not tally.entries or tally.entries[-1] != number:
                tally.entries.append(number)
            tally.ranks.append(rank)
            tally.styles[style] += 1
            tally.inline += inline
            tally.parts[part or ""] += 1
    labels = [
        LearnedLabel(
            name=name, entries=tuple(entries[i].seq for i in tally.entries),
            position=sum(tally.ranks) / len(tally.ranks),
            styles=tuple(style for style, _ in tally.styles.most_common()),
            inline=tally.inline * 2 > len(tally.ranks),
            part=tally.parts.most_common(1)[0][0] or None,
        )
        for name, tally in tallies.items()
        if len(tally.entries) >= least
    ]  # fmt: skip
    labels.sort(key=lambda label: label.position)
    return LearnedTemplate(tuple(entries), parts, tuple(labels))
