"""Contact text and the phone number in it (``区政府服务热线 96180`` → ``96180``)."""

from __future__ import annotations

import regex as re

__all__ = ["PHONE", "extract_phone"]

#: A phone number: 5+ digits, optionally an area code and separators (0592-1234567, 96180).
#: Digits glued to letters or other digits are not a phone (look-arounds, no ``\b`` for CJK).
PHONE = re.compile(r"(?<![\dA-Za-z])(?:\(?0\d{2,3}\)?[-\s]?)?\d{5,8}(?:-\d{1,5})?(?![\dA-Za-z])")


def extract_phone(text: str | None) -> str | None:
    """The first phone number in ``text`` as digits only, or None when there is none."""
    if not text:
        return None
    found = PHONE.search(text)
    if found is None:
        return None
    return "".join(ch for ch in found.group() if ch.isdigit())
