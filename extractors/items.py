"""Items of a list section (功能和服务, 接入对象): one item per entry of the list, whichever way
the district numbered it, and one item for a paragraph that is not a list.

Districts number lists as ``（1）…（2）…``, ``①…②…``, ``1）…2）…``, ``1.…2.…``, ``1、…2、…``,
``一、…二、…`` or ``一是…；二是…``; Word's automatic numbering reaches us as the same prefixes,
one per line, and the section's lines are re-joined without separator, so a marker can stand
mid-text right after the previous item's last character. An unnumbered list is
``提供A；提供B；提供C。``.

A marker style is chosen per list: the style of the marker that starts the text. Only a marker
of that style whose number continues the sequence (1, 2, 3…) and that stands outside brackets
starts an item, so parenthesised words inside an item (``（含应急联动）``, ``（VPN）``), a stray
``（3）`` or a reference ``（见②）`` never split it. Styles whose marker is also ordinary text
(``1.5``, ``V2.0``, ``3、5个工作日``, ``唯一是``) count a marker past the first only right after
a sentence or list separator. A text with no numbering at all is split at ``；`` outside
brackets; without ``；`` it is one item.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex as re

from normalizers.numerals import parse_number

__all__ = [
    "BRACKET_PAIRS", "CIRCLED_NUMBERS", "ITEM_SEPARATORS", "ITEM_TRAILING",
    "LIST_SEPARATORS", "MARKER_STYLES", "PARENTHESIZED_NUMBERS", "MarkerStyle", "list_text",
    "split_items",
]  # fmt: skip

#: Circled numbers ①…⑳ (U+2460…U+2473) that number items in some editions, and their values.
CIRCLED_NUMBERS: dict[str, int] = {chr(0x2460 + n): n + 1 for n in range(20)}
#: Parenthesised numbers ⑴…⒇ (U+2474…U+2487), Word's one-character ``(1)``, and their values.
PARENTHESIZED_NUMBERS: dict[str, int] = {chr(0x2474 + n): n + 1 for n in range(20)}
#: The Chinese numerals that number a list (一 … 九十九); 零, 两 and 百 never do.
_CN_LIST_DIGITS = "一二三四五六七八九十"
#: Characters after which a marker of a ``after_separator`` style may start an item: the end of
#: a sentence or of a list entry, or a line break or space the joined text kept.
LIST_SEPARATORS = "；;。，,！!？?\n\r\t \u3000"
#: Separators of an unnumbered list (``提供A；提供B``).
ITEM_SEPARATORS = "；;"
#: List separators trimmed from the end of an item (a full stop is kept: it ends a sentence).
ITEM_TRAILING = "；;，,、 "
#: Opening bracket → its closing bracket; a marker or separator inside a pair is text.
BRACKET_PAIRS: dict[str, str] = {
    "（": "）", "(": ")", "《": "》", "【": "】", "〔": "〕", "[": "]", "「": "」", "『": "』",
    "“": "”",
}  # fmt: skip
_CLOSING: dict[str, str] = {close: open_ for open_, close in BRACKET_PAIRS.items()}


def _arabic(token: str) -> int | None:
    return int(token) if token.isdigit() else None


def _chinese(token: str) -> int | None:
    value = parse_number(token)
    return int(value) if value is not None and value.is_integer() and value > 0 else None


def _lookup(table: dict[str, int]) -> Callable[[str], int | None]:
    return table.get


@dataclass(frozen=True, slots=True)
class MarkerStyle:
    """One way of numbering a list: the marker's pattern (its number in group ``num``), how to
    read that number, and whether a marker past the first must follow a ``LIST_SEPARATORS``
    character (styles whose marker is also ordinary text: ``1.5``, ``3、5个``)."""

    name: str
    pattern: re.Pattern[str]
    value: Callable[[str], int | None]
    after_separator: bool


_CN = _CN_LIST_DIGITS
#: The marker styles, tried in this order on the text's first marker.
MARKER_STYLES: tuple[MarkerStyle, ...] = (
    MarkerStyle("bracketed", re.compile(r"[（(]\s*(?P<num>\d{1,3})\s*[）)]"), _arabic, False),
    MarkerStyle(
        "circled", re.compile(f"(?P<num>[{''.join(CIRCLED_NUMBERS)}])"), _lookup(CIRCLED_NUMBERS),
        False,
    ),
    MarkerStyle(
        "parenthesized", re.compile(f"(?P<num>[{''.join(PARENTHESIZED_NUMBERS)}])"),
        _lookup(PARENTHESIZED_NUMBERS), False,
    ),
    MarkerStyle(
        "half_bracketed",
        re.compile(r"(?<![（(]\s*|[\dA-Za-z.．])(?P<num>\d{1,2})\s*[）)]"), _arabic, False,
    ),
    MarkerStyle(
        "dotted", re.compile(r"(?<![\dA-Za-z.．])(?P<num>\d{1,2})\s*[.．](?![\d.．])"), _arabic,
        True,
    ),
    MarkerStyle(
        "enumeration_comma", re.compile(r"(?<![\dA-Za-z.．])(?P<num>\d{1,2})\s*、(?!\s*\d)"),
        _arabic, True,
    ),
    MarkerStyle(
        "chinese_comma", re.compile(f"(?<![{_CN}零两百第])(?P<num>[{_CN}]{{1,3}})、(?![{_CN}两])"),
        _chinese, False,
    ),
    MarkerStyle(
        "chinese_ordinal", re.compile(f"(?<![{_CN}零两百第])(?P<num>[{_CN}]{{1,3}})是"), _chinese,
        True,
    ),
)  # fmt: skip


#: Latin letters and digits: two wrapped lines meeting on them are joined with a space.
_ASCII_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def list_text(lines: Sequence[str]) -> str:
    """A list section's lines as ``split_items`` text: re-joined like wrapped lines (no
    separator in Chinese, a space between Latin words), but with a line break before a line
    that starts with a marker of any style. Word's numbering gives ``1.提供查询`` and
    ``2.提供统计`` on lines of their own, with no punctuation between them to split at."""
    joined = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if joined and any(_opens_item(style, line) for style in MARKER_STYLES):
            joined += "\n"
        elif joined and line[0] in _ASCII_WORD and joined[-1] in _ASCII_WORD:
            joined += " "
        joined += line
    return joined


def _opens_item(style: MarkerStyle, line: str) -> bool:
    found = style.pattern.match(line)
    return found is not None and style.value(found.group("num")) is not None


def split_items(text: str | None) -> tuple[str, ...]:
    """The section's items in order, without their markers and trailing separators; () for no
    text. A numbered list gives one item per marker, an unnumbered ``；`` list one per entry,
    anything else one item."""
    if not text or not text.strip():
        return ()
    starts = _numbered_starts(text)
    if starts:
        ends = [start for start, _ in starts[1:]] + [len(text)]
        pieces = [text[content:end] for (_, content), end in zip(starts, ends, strict=True)]
    elif _has_marker(text):
        pieces = [text]
    else:
        pieces = _split_outside_brackets(text, ITEM_SEPARATORS)
    items = (_trim(piece) for piece in pieces)
    return tuple(item for item in items if item)


def _numbered_starts(text: str) -> list[tuple[int, int]]:
    """(marker start, content start) of every item of the list the text's first marker opens;
    [] when the text does not start with a marker numbered 1."""
    first = len(text) - len(text.lstrip())
    style = next((s for s in MARKER_STYLES if _opens_list(s, text, first)), None)
    if style is None:
        return []
    depths = _bracket_depths(text)
    starts: list[tuple[int, int]] = []
    for found in style.pattern.finditer(text, first):
        if (
            style.value(found.group("num")) == len(starts) + 1
            and depths[found.start()] == 0
            and (not starts or not style.after_separator or _after_separator(text, found.start()))
        ):
            starts.append((found.start(), found.end()))
    return starts


def _opens_list(style: MarkerStyle, text: str, position: int) -> bool:
    found = style.pattern.match(text, position)
    return found is not None and style.value(found.group("num")) == 1


def _has_marker(text: str) -> bool:
    """True when a marker of any style stands outside brackets at the start of the text or
    right after a separator: the text is numbered (however oddly), so ``；`` is not the list."""
    depths = _bracket_depths(text)
    return any(
        depths[found.start()] == 0 and _after_separator(text, found.start())
        for style in MARKER_STYLES
        for found in style.pattern.finditer(text)
        if style.value(found.group("num")) is not None
    )


def _after_separator(text: str, position: int) -> bool:
    before = text[:position].rstrip(" \u3000")
    return not before or before[-1] in LIST_SEPARATORS


def _bracket_depths(text: str) -> list[int]:
    """How many brackets are open before each position of ``text`` (and at its end). A closing
    bracket with none open (a ``1）`` marker) is ignored."""
    depths: list[int] = []
    depth = 0
    for char in text:
        depths.append(depth)
        if char in BRACKET_PAIRS:
            depth += 1
        elif char in _CLOSING and depth:
            depth -= 1
    depths.append(depth)
    return depths


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    depths = _bracket_depths(text)
    pieces: list[str] = []
    begin = 0
    for position, char in enumerate(text):
        if char in separators and depths[position] == 0:
            pieces.append(text[begin : position + 1])
            begin = position + 1
    pieces.append(text[begin:])
    return pieces


_INNER_BREAK_LATIN = re.compile(r"(?<=[A-Za-z0-9])\n(?=[A-Za-z0-9])")


def _trim(item: str) -> str:
    """The item without surrounding space and trailing separators; a line break ``list_text``
    kept inside it (a line that only looked like a marker) joined like a wrap."""
    joined: str = _INNER_BREAK_LATIN.sub(" ", item.strip())
    return joined.replace("\n", "").rstrip(ITEM_TRAILING)
