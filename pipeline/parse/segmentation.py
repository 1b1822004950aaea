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
from pipeline.profile import StructureRules, default_profile

__all__ = [
    "CONTENT_KEYS", "LABEL_MARKERS", "UNMAPPED_BARE_LABEL", "UNMAPPED_LABEL", "find_headings",
    "is_part", "match_label", "match_other_label", "split_entries", "unmapped_labels",
]


#: Label keys and names, part names and the heading look-ahead come from the catalog profile
#: (``[structure]`` and ``[labels]``); the patterns below are built from them once per profile.
_NUM = rf"[{CN_NUMERAL_CHARS}]+"
_HEADING = re.compile(rf"(?P<num>{_NUM})\s*、\s*(?P<title>[^，。；：:]{{1,60}})")
#: A heading line as OCR may read it when the numeral's strokes are lost or read as marks
#: (``、政务云平台``, ``-、…``, ``一、…`` for ``十一、…``): marks or numerals, then ``、``.
_READ_HEADING = re.compile(r"(?P<num>[^\p{Han}\p{L}\p{N}\s、]*[" + CN_NUMERAL_CHARS
                           + r"]*)\s*、\s*(?P<title>[^，。；：:]{1,60})")
_TOC_LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{3,})\s*\d+$")
#: The characters a heading (``_HEADING``) and a part (``_Patterns.part``) can start with:
#: checking the first character spares the pattern on every other line.
_HEADING_STARTS = frozenset(CN_NUMERAL_CHARS)
_PART_STARTS = frozenset("（(")


#: How editions number a label, in any style on any label, per occurrence (one office writes
#: ``1、资源名称`` beside ``（3）承建单位``): (what it looks like, regex fragment).
LABEL_MARKERS: tuple[tuple[str, str], ...] = (
    ("1. 1、 1．", r"\d{1,2}\s*[.．、]"),
    ("（1） (1)", r"[（(]\s*\d{1,2}\s*[）)]"),
    ("1） 1)", r"\d{1,2}\s*[）)]"),
    ("① … ⑳", "[\u2460-\u2473]"),
)
_MARKER = "(?:" + "|".join(fragment for _, fragment in LABEL_MARKERS) + ")"
#: The characters a numbered label can start with (digits, brackets, circled numbers).
_MARKER_STARTS = frozenset("0123456789（(") | {chr(0x2460 + n) for n in range(20)}
#: A numbered line shaped like a label no profile name covers: a marker, 2–8 ideographs, then
#: a colon and a value or the end of the line (``2、主管单位：区数据管理局``, ``3.联系人及电话``).
#: It is read as a label only when its words recur (``StructureRules.unmapped_label_min_share``).
UNMAPPED_LABEL = re.compile(
    rf"{_MARKER}\s*(?P<name>\p{{Han}}{{2,8}})\s*(?:[:：]\s*(?P<rest>.*))?"
)
#: An unnumbered line shaped like such a label: 2–8 ideographs, a colon, a value
#: (``联系人及电话：林工 0592-7021234``). Read as a label under the same recurrence rule.
UNMAPPED_BARE_LABEL = re.compile(r"(?P<name>\p{Han}{2,8})\s*[:：]\s*(?P<rest>.*)")
#: Words a contact section writes before its values (``联系人：李工``, ``电话：…``): recurring
#: from entry to entry, they are the contact's content, never a label of their own.
CONTENT_KEYS: frozenset[str] = frozenset({
    "联系人", "联系电话", "电话", "办公电话", "值班电话", "手机", "座机", "传真", "邮箱",
    "电子邮箱", "地址", "网址", "邮编", "姓名",
})
#: An ``EntryBlock`` section key for the text before an entry's first label: never a field.
OTHER = "other"


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The compiled patterns of one profile's structure rules."""

    part: re.Pattern[str]  # （一）资源概况, (二)对接说明：
    labels: tuple[re.Pattern[str], ...]  # the profile's label names, any numbering
    key_by_name: dict[str, str]
    other: re.Pattern[str] | None  # the profile's other_labels, any numbering
    lookahead: int
    #: The first characters of the label names: a line starting with another ideograph is no
    #: label (a label starts with a digit, a bracket or a name).
    name_starts: frozenset[str]


def _names_pattern(names: Sequence[str]) -> re.Pattern[str]:
    """A label line: a marker and a name, or a bare name before a colon or the line's end;
    after a marked name, a colon, a space or the end (``（1）建设单位负责…`` is text)."""
    alternation = "|".join(sorted((re.escape(name) for name in names), key=len, reverse=True))
    return re.compile(
        rf"(?:{_MARKER}\s*(?P<name>{alternation})(?=\s*[:：]|\s|$)"
        rf"|(?P<bare>{alternation})(?=\s*[:：]|$))\s*(?:[:：]\s*)?(?P<rest>.*)"
    )


@cache
def _patterns(rules: StructureRules) -> _Patterns:
    parts = "|".join(re.escape(part) for part in rules.parts)
    names = [name for label in rules.labels for name in label.names]
    return _Patterns(
        part=re.compile(rf"[（(]\s*{_NUM}\s*[）)]\s*(?:{parts})\s*[:：]?"),
        labels=(_names_pattern(names),),
        key_by_name={name: label.key for label in rules.labels for name in label.names},
        other=_names_pattern(rules.other_labels) if rules.other_labels else None,
        lookahead=rules.heading_lookahead,
        name_starts=frozenset(name[:1] for name in (*names, *rules.other_labels)),
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


def _unmapped_shape(text: str) -> re.Match[str] | None:
    """``UNMAPPED_LABEL`` or ``UNMAPPED_BARE_LABEL`` of a line; None for most lines, cheaply."""
    if text[:1] in _MARKER_STARTS:
        return UNMAPPED_LABEL.fullmatch(text)
    head = text[:10]
    if ("：" in head or ":" in head) and "\u4e00" <= text[:1] <= "\u9fff":
        found = UNMAPPED_BARE_LABEL.fullmatch(text)
        if found and found.group("name") not in CONTENT_KEYS:
            return found
    return None


def match_other_label(
    text: str, rules: StructureRules | None = None, unmapped: Collection[str] = ()
) -> tuple[str, str] | None:
    """``(label words, rest)`` when ``text`` starts with a label that feeds no field: one of
    the profile's ``other_labels`` (any numbering), or a label-shaped line whose words are in
    ``unmapped`` (``unmapped_labels``). None otherwise."""
    patterns = _rules(rules)
    if patterns.other is not None:
        found = patterns.other.fullmatch(text)
        if found:
            return str(found.group("name") or found.group("bare")), found.group("rest").strip()
    if unmapped:
        shaped = _unmapped_shape(text)
        if shaped and shaped.group("name") in unmapped:
            return str(shaped.group("name")), (shaped.group("rest") or "").strip()
    return None


def unmapped_labels(
    entries: Sequence[Sequence[Line]], rules: StructureRules | None = None
) -> frozenset[str]:
    """The words of label-shaped lines no profile label covers (``UNMAPPED_LABEL``, numbered;
    ``UNMAPPED_BARE_LABEL``, ``words：value``) that recur in at least
    ``rules.unmapped_label_min_share`` of ``entries`` (each an entry's lines), and in two
    entries at least. Labels recur from entry to entry; the text of an item almost never does."""
    rules = rules or default_profile().structure
    seen: dict[str, int] = {}
    for lines in entries:
        names = set()
        for line in lines:
            shaped = _unmapped_shape(line.text)
            if shaped and not match_label(line.text, rules) and not is_part(line.text, rules):
                names.add(str(shaped.group("name")))
        for name in names:
            seen[name] = seen.get(name, 0) + 1
    least = max(2.0, rules.unmapped_label_min_share * len(entries))
    return frozenset(name for name, count in seen.items() if count >= least)


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
        lost = _lost_numeral(line, len(headings) + 1, found)
        if lost is not None and _opens_entry(lines, index, rules, right_after=True):
            headings.append((index, len(headings) + 1, lost))
            continue
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


def _lost_numeral(line: Line, expected: int, found: re.Match[str] | None) -> str | None:
    """The title of an OCR'd line that stands where heading ``expected`` is due but whose
    numeral OCR lost in part or read as marks (``、政务云平台``, ``-、…``, ``一、…`` for
    ``十一、``): what it read of the numeral is the end of the expected one, marks standing
    for the rest. None for any other line (a text layer's line is never read this way)."""
    if line.confidence is None or line.confidence >= 1.0:
        return None  # a text layer's line, or one OCR did not doubt
    read = _READ_HEADING.fullmatch(line.text)
    if read is None or _TOC_LEADER.search(line.text):
        return None
    written, numeral = read.group("num"), number_to_chinese(expected)
    if found is not None and written == numeral:
        return None  # read whole: the sequence check is the ordinary one
    title = str(read.group("title")).strip()
    if len(written) > len(numeral) or "、" in title:
        return None  # a wrapped line of a list (``、教育网、金宏网``) is no heading
    tail = numeral[len(numeral) - len(written) :]
    if any(got != want and got in CN_NUMERAL_CHARS
           for got, want in zip(written, tail, strict=True)):  # fmt: skip
        return None  # another numeral: the sequence check names it
    return title


def lost_numeral_line(line: Line, number: int) -> Line:
    """``line``, the heading of entry ``number``, with confidence 0 when OCR did not read its
    numeral whole (the entry's ``heading`` section is then reported as uncertain)."""
    if line.confidence is None or line.text.startswith(number_to_chinese(number) + "、"):
        return line
    return Line(line.text, line.line_no, line.page, 0.0)


def _opens_entry(
    lines: Sequence[Line], index: int, rules: StructureRules | None, right_after: bool = False
) -> bool:
    """True when a part or label follows before any other heading-shaped line (with
    ``right_after``: on the next line)."""
    patterns = _rules(rules)
    ahead = 1 if right_after else patterns.lookahead
    for line in lines[index + 1 : index + 1 + ahead]:
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

    A label the profile maps to no key (its ``other_labels``, or an ``unmapped_labels`` line)
    ends the section before it; its lines become one of the entry's ``others``.

    Raises ``SegmentationError`` for a broken heading sequence (``find_headings``) and for an
    entry that repeats a part or a label: two entries merged because the heading between
    them is mistyped (``26、…``, ``二十六，…``), which no later heading would expose when it is
    the last one; or two label names the profile maps to one key.
    """
    headings = find_headings(lines, rules)
    lines = list(lines)
    for index, number, _ in headings:
        lines[index] = lost_numeral_line(lines[index], number)
    bounds = [index for index, _, _ in headings] + [len(lines)]
    blocks = [lines[start : bounds[pos + 1]] for pos, (start, _, _) in enumerate(headings)]
    unmapped = unmapped_labels(blocks, rules)
    return [
        _split_sections(number, title, block, rules, unmapped)
        for (_, number, title), block in zip(headings, blocks, strict=True)
    ]


def _split_sections(
    seq: int, title: str, lines: Sequence[Line], rules: StructureRules | None,
    unmapped: Collection[str] = (),
) -> EntryBlock:
    patterns = _rules(rules)
    grouped: dict[str, list[Line]] = {}
    written: dict[str, Line] = {}  # key → the line of its label
    others: list[tuple[str, list[Line]]] = []
    parts_seen: set[str] = set()
    current: list[Line] | None = None
    for index, line in enumerate(lines[1:], start=1):
        if line.text[:1] in _PART_STARTS and patterns.part.fullmatch(line.text):
            _refuse_repeat(line.text, parts_seen, seq, title, lines, index)
            parts_seen.add(line.text)
            current = None
            continue
        label = match_label(line.text, rules)
        other = None if label is not None else match_other_label(line.text, rules, unmapped)
        if label is not None:
            key, rest = label
            _refuse_two_names(key, written.get(key), line, rules, seq, title)
            _refuse_repeat(key, grouped.keys(), seq, title, lines, index)
            written[key] = line
            current = grouped.setdefault(key, [])
        elif other is not None:
            current = []
            others.append((other[0], current))
            rest = other[1]
        else:
            if current is not None:
                current.append(line)
            continue
        if rest:
            current.append(Line(rest, line.line_no, line.page, line.confidence))
    sections = {key: _section(key, group) for key, group in grouped.items()}
    return EntryBlock(seq=seq, title=title, lines=tuple(lines), sections=sections,
                      others=tuple(_section(name, group) for name, group in others))


def _section(label: str, lines: Sequence[Line]) -> Section:
    return Section(label=label, lines=tuple(lines), text=join_wrapped(ln.text for ln in lines))


def _label_words(line: Line, rules: StructureRules | None) -> str:
    """The label name a label line is written with (``1、资源名称：…`` → ``资源名称``)."""
    for pattern in _rules(rules).labels:
        found = pattern.fullmatch(line.text)
        if found:
            return str(found.group("name") or found.group("bare"))
    return line.text


def _refuse_two_names(
    key: str, first: Line | None, line: Line, rules: StructureRules | None, seq: int,
    title: str,
) -> None:
    """Raise when an entry writes two different label names the profile maps to one key:
    a profile that put a label of its own (``主管单位``) among another key's names."""
    if first is None:
        return
    before, now = _label_words(first, rules), _label_words(line, rules)
    if before == now:
        return
    raise SegmentationError(
        f"entry {seq} ({title}) has two labels the profile maps to the key {key!r}: "
        f"'{before}' (line {first.line_no}) and '{now}'; list '{now}' under its own key, or "
        "under structure.other_labels to keep it as an item of its own",
        line=line.line_no, page=line.page,
    )


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
