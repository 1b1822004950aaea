"""Numbered items of a section: ``（1）…（2）…`` becomes a list; no numbering is one item.

Only a marker whose number continues the sequence (1, 2, 3…) starts an item, so parenthesised
words inside an item (``（含应急联动）``, ``（VPN）``) or a stray ``（3）`` never split it.
"""

from __future__ import annotations

import regex as re

__all__ = ["ITEM_MARKER", "split_items"]

#: An item marker: a number in ASCII or full-width parentheses.
ITEM_MARKER = re.compile(r"[（(]\s*(?P<num>\d{1,3})\s*[）)]")
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
        if int(found.group("num")) == expected and at_start:
            starts.append((found.start(), found.end()))
    if not starts:
        return (_trim(text),)
    ends = [start for start, _ in starts[1:]] + [len(text)]
    items = (_trim(text[content:end]) for (_, content), end in zip(starts, ends, strict=True))
    return tuple(item for item in items if item)


def _trim(item: str) -> str:
    return item.strip().rstrip(ITEM_TRAILING)
