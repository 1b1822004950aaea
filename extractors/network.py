"""Network types of an entry (``政务外网、政务内网``, ``政务外网和互联网``) as canonical values."""

from __future__ import annotations

import regex as re

from normalizers.canonical import canonical_network

__all__ = ["NETWORK_SEPARATORS", "extract_network_types"]

#: Words and marks that separate network types in a list.
NETWORK_SEPARATORS: tuple[str, ...] = ("、", "和", "及", "与", "，", ",", "/", "；", ";")
_SPLIT = re.compile("|".join(re.escape(sep) for sep in NETWORK_SEPARATORS))


def extract_network_types(text: str | None) -> tuple[str, ...]:
    """Canonical network types in written order, without duplicates; () for no text."""
    if not text:
        return ()
    types: list[str] = []
    for part in _SPLIT.split(text.rstrip("。")):
        if part.strip():
            canonical = canonical_network(part)
            if canonical not in types:
                types.append(canonical)
    return tuple(types)
