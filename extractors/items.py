"""Numbered items of a section: ``（1）…（2）…`` or ``①…②…`` becomes a list; no numbering is
one item.

Only a marker whose number continues the sequence (1, 2, 3…), outside brackets, starts an item,
so parenthesised words inside an item (``（含应急联动）``, ``（VPN）``), a stray ``（3）`` or a
reference ``（见②）`` never split it.
"""

from __future__ import annotations

import regex as re

__all__ = ["CIRCLED_NUMBERS", "ITEM_MARKER", "split_items"]

#: Circled numbers ①…⑳ (U+2460…U+2473) that number items in some editions, and their values.
CIRCLED_NUMBERS: dict[str, int] = {chr(0x2460 + n): n + 1 for n in range(20)}
#: An item marker: a number in ASCII or full-width parentheses, or a circled number.
ITEM_MARKER = re.compile(
    rf"[（(]\s*(?P<num>\d{{1,3}})\s*[）)]|(?P<circled>[{''.join(CIRCLED_NUMBERS)}])"
)
#: List separators trimmed from the end of an item (a full stop is kept: it ends a sentence).
ITEM_TRAILING = "；;，,、 "


def split_items(text: str | None) -> tuple[str, ...]:
    """The section's items in order; () for no text."""
    if not text or not text.strip():
        return ()
    starts: list[tuple[int, int]] = []  # (marker start, content start)
    for found in ITEM_MARKER.finditer(text):
        expected = len(starts) + 1
        at_start = expected > 1 or not text[: found.start()].strip()
        number = CIRCLED_NUMBERS.get(found.group("circled") or "") or int(found.group("num") or 0)
        if number == expected and at_start and not _inside_brackets(text, found.start()):
            starts.append((found.start(), found.end()))
    if not starts:
        return (_trim(text),)
    ends = [start for start, _ in starts[1:]] + [len(text)]
    items = (_trim(text[content:end]) for (_, content), end in zip(starts, ends, strict=True))
    return tuple(item for item in items if item)


def _inside_brackets(text: str, position: int) -> bool:
    """True when ``position`` is inside an open bracket (``（见②）``): a reference, not a marker."""
    before = text[:position]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


def _trim(item: str) -> str:
    return item.strip().rstrip(ITEM_TRAILING)
