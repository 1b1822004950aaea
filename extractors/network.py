"""Network types of an entry (``政务外网、政务内网``, ``政务外网和互联网``) as canonical values.

A bracketed note naming the same network (``政务外网（电子政务外网）``) is read as the note it
is; separators inside brackets do not split. Spellings come from the profile's ``[networks]``.
"""

from __future__ import annotations

import regex as re

from normalizers.canonical import canonical_network, known_network
from pipeline.profile import NetworkRules

__all__ = ["NETWORK_SEPARATORS", "extract_network_types"]

#: Words and marks that separate network types in a list.
NETWORK_SEPARATORS: tuple[str, ...] = ("、", "和", "及", "与", "或", "，", ",", "/", "；", ";")
_BRACKETED = r"[（(][^（）()]*[）)]"
#: Split at a separator, never inside brackets.
_SPLIT = re.compile(
    rf"{_BRACKETED}(*SKIP)(*FAIL)|{'|'.join(re.escape(sep) for sep in NETWORK_SEPARATORS)}"
)
_NOTE = re.compile(rf"{_BRACKETED}")


def _network(part: str, rules: NetworkRules | None) -> str:
    """The canonical type of one listed part; a bracketed note decides only when the part
    itself is unknown; an unknown part is kept as written."""
    bare = _NOTE.sub("", part).strip()
    if bare and known_network(bare, rules):
        return canonical_network(bare, rules)
    for note in _NOTE.findall(part):
        if known_network(note[1:-1], rules):
            return canonical_network(note[1:-1], rules)
    return part.strip()


def extract_network_types(text: str | None, rules: NetworkRules | None = None) -> tuple[str, ...]:
    """Canonical network types in written order, without duplicates; () for no text."""
    if not text:
        return ()
    types: list[str] = []
    for part in _SPLIT.split(text.strip().rstrip("。")):
        if part.strip():
            canonical = _network(part, rules)
            if canonical not in types:
                types.append(canonical)
    return tuple(types)
