"""Single-valued fields that swallowed the next label: check columns for the quality gate.

A label the parser does not see as one (``服务中心3、单位职能：负责全区…``, the duties' label
glued onto the unit's line) ends nothing: the field before it reads on through the next
section, and every later check passes, because the field is present and the next one is merely
missing. A third district's edition published that way for 21 of 22 builder units. A value
that holds one entry, a name, a unit, a network type, a person or the phone's clause, never
holds a label, so finding one there is proof of the damage:

* an edition label, any name of the profile's labels, parts or unmapped labels, numbered
  (``3、单位职能``, ``（2）建设单位职能``, ``三、网络类型``) or followed by a colon
  (``网络类型：``);
* a numbered label shape the profile need not know: ``3、主管单位：`` (1–2 digits not after a
  digit, ``、.．``, 2–8 Han characters, a colon). ``联系人：李工`` has no number and
  ``政务云2.0平台`` no Han word after its dot, so correct values stay clean.

For the contact only the clause holding the first phone is read, from the phone's first digit
to the end of its line or clause (``；``): what precedes the phone there is the person or the
desk (``1、张工：0592-…``), what follows it is where a glued next section would show.
A name or a builder unit is also implausible when it is longer than the profile's
``gate.field_max_chars`` or holds sentence punctuation (``，。；``): a unit does not speak in
sentences, the duties that swallowed it do.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from pipeline.profile import Profile

__all__ = [
    "SENTENCE_PUNCTUATION", "found_label", "implausible_name_unit", "label_in_single_value",
    "label_pattern", "phone_clause", "profile_label_words",
]  # fmt: skip

#: Columns of ``resources`` holding one value each (the network types come as items).
SINGLE_VALUE_COLUMNS: tuple[str, ...] = ("name", "builder_unit", "contact_person")
#: The ``resource_items`` section whose every item is one value.
SINGLE_VALUE_SECTION = "network_types"
#: Columns read by the plausibility check (the contact's phone clause is read apart).
NAME_UNIT_COLUMNS: tuple[str, ...] = ("name", "builder_unit")
#: Punctuation that ends or splits sentences: a name or a unit holds none.
SENTENCE_PUNCTUATION = "，。；"
#: Label numbering: 1–2 digits or a Chinese numeral, as ``3、`` / ``3.`` or ``（2）``.
_NUMBER = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_PLAIN = rf"{_NUMBER}\s*[、.．]\s*"
_PAREN = rf"[（(]\s*{_NUMBER}\s*[)）]\s*"
#: A numbered label-shaped clause whatever its words (``3、主管单位：``).
_NUMBERED_SHAPE = r"(?<!\d)\d{1,2}\s*[、.．]\s*[\u4e00-\u9fff]{2,8}\s*[:：]"
#: Where a clause of the contact ends.
_CLAUSE_END = re.compile(r"[\n\r；;]")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_PHONE_GAP = r"[\s\-－–—()（）]*"


@lru_cache(maxsize=8)
def label_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """The pattern finding a label among ``words`` (numbered or before a colon), or the
    numbered label shape; longer words first so ``建设单位职能`` wins over ``建设单位``."""
    names = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
    forms = [_NUMBERED_SHAPE]
    if names:
        forms[:0] = [rf"(?:{_PLAIN}|{_PAREN})(?:{names})", rf"(?:{names})\s*[:：]"]
    return re.compile("|".join(forms))


def profile_label_words(profile: Profile) -> tuple[str, ...]:
    """Every word the profile reads as a label or a part of an entry."""
    structure = profile.structure
    names = (name for label in structure.labels for name in label.names)
    return (*names, *structure.parts, *structure.other_labels)


def found_label(text: object, pattern: re.Pattern[str]) -> str | None:
    """The first label in ``text`` as written (colon and spaces trimmed), or None."""
    if not isinstance(text, str):
        return None
    match = pattern.search(text)
    return match.group().strip().rstrip(":：").strip() if match else None


def phone_clause(contact: object, phone: object) -> str | None:
    """The part of ``contact`` from the first digit of ``phone`` to the end of its line or
    clause; the whole contact when the digits are not found there; None without a phone."""
    if not isinstance(contact, str) or not isinstance(phone, str) or not phone:
        return None
    digits = _PHONE_GAP.join(re.escape(d) for d in phone)
    match = re.search(digits, contact.translate(_FULL_WIDTH_DIGITS))
    if match is None:
        return contact
    rest = contact[match.start():]
    end = _CLAUSE_END.search(rest)
    return rest[: end.start()] if end else rest


def _entry_labels(
    row: dict[str, object], networks: list[object], pattern: re.Pattern[str]
) -> str | None:
    found = [(column, found_label(row[column], pattern)) for column in SINGLE_VALUE_COLUMNS]
    found += [(SINGLE_VALUE_SECTION, found_label(item, pattern)) for item in networks]
    clause = phone_clause(row["contact"], row["contact_phone"])
    found.append(("contact", found_label(clause, pattern)))
    shown = [f"{column}: {label}" for column, label in found if label]
    return "; ".join(shown) or None


def _rows(resources: pd.DataFrame, columns: tuple[str, ...]) -> list[dict[str, object]]:
    """The entries as plain dicts of ``columns`` (``iterrows`` is slow on large editions)."""
    values = zip(*(resources[column].tolist() for column in columns), strict=True)
    return [dict(zip(columns, row, strict=True)) for row in values]


def label_in_single_value(
    resources: pd.DataFrame, items: pd.DataFrame, profile: Profile
) -> pd.Series:
    """Per entry, ``field: label`` for each single value holding a label (``builder_unit:
    3、单位职能``), ``; ``-joined; None when every value is clean."""
    pattern = label_pattern(profile_label_words(profile))
    by_key: dict[str, list[object]] = {}  # an item without a key belongs to no entry
    for key, section, text in zip(items["resource_key"].tolist(), items["section"].tolist(),
                                  items["text"].tolist(), strict=True):
        if section == SINGLE_VALUE_SECTION and isinstance(key, str):
            by_key.setdefault(key, []).append(text)
    columns = ("resource_key", *SINGLE_VALUE_COLUMNS, "contact", "contact_phone")
    values = [_entry_labels(row, by_key.get(str(row["resource_key"]), []), pattern)
              for row in _rows(resources, columns)]
    return pd.Series(values, index=resources.index, dtype="object")


def _implausible(text: object, max_chars: int) -> str | None:
    if not isinstance(text, str):
        return None
    problems = [f"{len(text)} characters > {max_chars}"] if len(text) > max_chars else []
    punctuation = "".join(p for p in SENTENCE_PUNCTUATION if p in text)
    problems += [f"holds {punctuation}"] if punctuation else []
    return ", ".join(problems) or None


def implausible_name_unit(resources: pd.DataFrame, max_chars: int) -> pd.Series:
    """Per entry, why its name or builder unit is implausible (``builder_unit: 96 characters
    > 40, holds ，；``), ``; ``-joined; None when both are plausible."""
    def entry(row: dict[str, object]) -> str | None:
        found = [(c, _implausible(row[c], max_chars)) for c in NAME_UNIT_COLUMNS]
        return "; ".join(f"{c}: {why}" for c, why in found if why) or None

    values = [entry(row) for row in _rows(resources, NAME_UNIT_COLUMNS)]
    return pd.Series(values, index=resources.index, dtype="object")
