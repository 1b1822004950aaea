"""Which sections each entry has, against the edition's usual set: a check column.

Entries of one edition are filled in from one template, so they nearly all have the same
sections. An entry that lacks one the others have (a deleted 网络类型, a duties label glued
onto the unit's line so 建设单位职能 disappears into the unit) or has one they lack is worth
a look even when each field on its own passes. The usual set is the set most entries have; an
edition of two entries or fewer has none, nor one where two sets are equally common (the rule
cannot tell which is usual, so it flags nothing rather than guess).

A section counts as present when its column is not empty (``builder_unit``,
``builder_duties``, ``network_types_text``, ``overview``, ``supporting_text``,
``implementation``, ``effort_text``, ``contact``) or it has items (``functions``,
``access_targets``); a section under a label the profile maps to no field is a
``resource_items`` row of section ``other`` whose ``label`` holds the label's words (ignored
when the table has no ``label`` column). Sections are named with the profile's first name for
the label (网络类型), others with their label as written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd

from pipeline.profile import Profile
from pipeline.tables import OTHER_SECTION

__all__ = ["MIN_ENTRIES", "SECTION_SOURCES", "entry_sections", "key_list", "unusual_section_sets"]

#: (label key, where the section shows): a column of ``resources`` or, after ``items:``, an
#: item section of ``resource_items``; in catalog order.
SECTION_SOURCES: tuple[tuple[str, str], ...] = (
    ("builder_unit", "builder_unit"),
    ("builder_duties", "builder_duties"),
    ("network_types", "network_types_text"),
    ("overview", "overview"),
    ("functions", "items:functions"),
    ("access_targets", "items:access_targets"),
    ("supporting", "supporting_text"),
    ("implementation", "implementation"),
    ("effort", "effort_text"),
    ("contact", "contact"),
)
#: Editions with more entries than this have a usual set of sections.
MIN_ENTRIES = 2
#: The column of an ``other`` item (``pipeline.tables.OTHER_SECTION``) holding its label.
OTHER_LABEL = "label"


class _Items(NamedTuple):
    """The ``resource_items`` columns the sections are read from, as lists."""

    keys: list[str | None]
    sections: list[object]
    labels: list[object] | None  # None: the table has no label column


def key_list(column: pd.Series) -> list[str | None]:
    """A key column's values as a list, each missing one the one ``None``: pandas' ``isin``
    and ``map`` match a missing key with a missing key, and so do set and dict look-ups of
    ``None``."""
    return [value if isinstance(value, str) else None for value in column.tolist()]


def _filled(value: object) -> bool:
    """A text that is not missing and not only whitespace. ``str.strip`` trims exactly the
    characters pandas' ``str.strip`` trims on Arrow-backed strings (every code point is
    checked in tests/test_check_frames.py); the column types in ``pipeline.tables`` make every
    present value a ``str``."""
    return isinstance(value, str) and value.strip() != ""


def _present(resources: pd.DataFrame, keys: list[str | None], items: _Items, source: str
             ) -> list[bool]:
    """Per entry (``keys``, its ``resource_key``), whether its section ``source`` (see
    ``SECTION_SOURCES``) is there."""
    if source.startswith("items:"):
        section = source.removeprefix("items:")
        keyed = {key for key, item_section in zip(items.keys, items.sections, strict=True)
                 if item_section == section}
        return [key in keyed for key in keys]
    return [_filled(value) for value in resources[source].tolist()]


def _other_labels(keys: list[str | None], items: _Items) -> list[list[str]]:
    if items.labels is None:
        return [[] for _ in keys]
    by_key: dict[str | None, list[str]] = {}
    for key, section, label in zip(items.keys, items.sections, items.labels, strict=True):
        if section == OTHER_SECTION and isinstance(label, str):  # a text, or missing
            by_key.setdefault(key, []).append(label)
    return [list(dict.fromkeys(by_key.get(key, []))) for key in keys]


def _section_names(profile: Profile) -> list[str]:
    """The name of each section of ``SECTION_SOURCES``: the profile's first for its label."""
    names = {label.key: label.names[0] for label in profile.structure.labels if label.names}
    return [names.get(key, key) for key, _ in SECTION_SOURCES]


def entry_sections(
    resources: pd.DataFrame, items: pd.DataFrame, profile: Profile
) -> list[tuple[str, ...]]:
    """Each entry's sections by name, in catalog order (unmapped labels last, as written).

    Read over plain lists of the columns, each taken once: on a few dozen entries that is
    several times faster than the pandas string and ``isin`` operations it replaced, with the
    same answers."""
    keys = key_list(resources["resource_key"])
    item_lists = _Items(
        key_list(items["resource_key"]), items["section"].tolist(),
        items[OTHER_LABEL].tolist() if OTHER_LABEL in items.columns else None)
    present = [(name, _present(resources, keys, item_lists, source))
               for name, (_, source) in zip(_section_names(profile), SECTION_SOURCES,
                                            strict=True)]
    others = _other_labels(keys, item_lists)
    return [(*(name for name, flags in present if flags[row]), *others[row])
            for row in range(len(resources))]


def _usual(sets: Sequence[frozenset[str]]) -> frozenset[str] | None:
    if len(sets) <= MIN_ENTRIES:
        return None
    ranked = Counter(sets).most_common(2)
    tied = len(ranked) > 1 and ranked[0][1] == ranked[1][1]
    return None if tied else ranked[0][0]


def _difference(sections: tuple[str, ...], usual: frozenset[str], order: list[str]) -> str | None:
    missing = sorted(usual.difference(sections), key=order.index)
    extra = [name for name in sections if name not in usual]
    parts = [f"missing {'、'.join(missing)}"] if missing else []
    parts += [f"extra {'、'.join(extra)}"] if extra else []
    return "; ".join(parts) or None


def unusual_section_sets(
    resources: pd.DataFrame, items: pd.DataFrame, profile: Profile
) -> pd.Series:
    """Per entry, how its sections differ from the usual set (``missing 网络类型; extra
    主管单位``); None when they are the usual set or the edition has no usual set."""
    sections = entry_sections(resources, items, profile)
    usual = _usual([frozenset(s) for s in sections])
    order = list(dict.fromkeys([*_section_names(profile), *(n for s in sections for n in s)]))
    values = [None if usual is None else _difference(s, usual, order) for s in sections]
    return pd.Series(values, index=resources.index, dtype="object")
