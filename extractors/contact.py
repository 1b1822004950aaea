"""Contact text: its phone numbers (with extensions kept apart) and the contact person.

Editions write numbers as ``区政府服务热线 96180``, ``0592-6051234 转 8012``,
``（0592）6051234``, ``13812345678`` and several per entry (``…；…``, ``…、…``); the person as
``联系人：李工`` (the words come from the profile's ``[contacts]``). Numbers become digits only,
area code included; an extension is never glued onto the number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex as re

from pipeline.profile import ContactRules, default_profile

__all__ = ["EXTENSION_WORDS", "PHONE", "Contact", "Phone", "extract_contact", "extract_phone"]

#: Words between a number and its extension (after the number: ``转 8012``, ``-8012``).
EXTENSION_WORDS: tuple[str, ...] = ("转", "分机", "ext.", "ext", "x", "-")
#: A phone number, digits not glued to other digits or letters (look-arounds, no ``\b`` for
#: CJK): a mobile (``138 1234 5678``, ``+86-13812345678``); an area code in brackets or
#: before a dash or space (``（0592）6051234``, ``0592-6051234``) then 7–8 digits; an area code
#: glued to its number (``05926051234``); or a bare local or service number of 5–8 digits
#: (``6051234``, ``96180``). An extension may follow.
PHONE = re.compile(
    r"(?<![\dA-Za-z])(?:"
    r"(?:\+?86[-\s]?)?(?P<mobile>1[3-9]\d(?:[-\s]?\d{4}){2})"
    r"|(?P<area>[（(]\s*0\d{2,3}\s*[）)]|0\d{2,3}(?=\s*[-－\s]))\s*[-－]?\s*(?P<local>\d{7,8})"
    r"|(?P<glued>0\d{9,11})"
    r"|(?P<bare>\d{5,8})"
    r")"
    rf"(?:\s*(?:{'|'.join(re.escape(word) for word in EXTENSION_WORDS)})\s*(?P<ext>\d{{1,6}}))?"
    r"(?![\dA-Za-z])",
    re.IGNORECASE,
)
_PERSON_STOP = r"\s，,；;。：:、（()）\d"


@dataclass(frozen=True, slots=True)
class Phone:
    """One number, digits only (area code included), and its extension."""

    number: str
    extension: str | None = None

    @property
    def item_text(self) -> str:
        """How ``resource_items`` lists it: ``05926051234`` or ``05926051234;ext=8012``."""
        return self.number + (f";ext={self.extension}" if self.extension else "")


@dataclass(frozen=True, slots=True)
class Contact:
    """Every number of a contact text, in written order, and the contact person."""

    phones: tuple[Phone, ...]
    person: str | None


@cache
def _person_pattern(labels: tuple[str, ...]) -> re.Pattern[str] | None:
    if not labels:
        return None
    words = "|".join(re.escape(label) for label in labels)
    return re.compile(rf"(?:{words})\s*[：:]?\s*(?P<person>[^{_PERSON_STOP}]{{1,12}})")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def extract_phones(text: str) -> tuple[Phone, ...]:
    """Every phone number of ``text`` in order, without repeats."""
    phones: list[Phone] = []
    for found in PHONE.finditer(text):
        number = _digits(
            found.group("mobile") or found.group("glued") or found.group("bare")
            or (found.group("area") or "") + found.group("local")
        )  # fmt: skip
        phone = Phone(number, found.group("ext"))
        if phone not in phones:
            phones.append(phone)
    return tuple(phones)


def extract_contact(text: str | None, rules: ContactRules | None = None) -> Contact:
    """The phones and the person of a contact text; empty for no text."""
    if not text:
        return Contact((), None)
    pattern = _person_pattern((rules or default_profile().contacts).person_labels)
    person = pattern.search(text) if pattern is not None else None
    return Contact(extract_phones(text), person.group("person") if person else None)


def extract_phone(text: str | None) -> str | None:
    """The first phone number in ``text`` as digits only, or None when there is none."""
    phones = extract_phones(text or "")
    return phones[0].number if phones else None
