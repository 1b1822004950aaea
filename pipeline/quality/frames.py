"""The frames the quality suites check: each curated table plus the facts it cannot show alone.

Great Expectations checks one frame at a time, but several catalog rules span tables (an
entry's functions live in ``resource_items``, its party breakdown in ``effort_components``) or
editions (the previous entry count). Those facts are computed here, in plain pandas, as extra
*check columns* (never published) or *expectation parameters* (``{"$PARAMETER": …}`` in the
suite files):

``resources``
    ``catalog_position`` 1-based row position in catalog order (``seq`` must equal it);
    ``function_count`` / ``supporting_doc_count`` items of the entry in ``functions`` /
    ``supporting_docs``; ``party_days_sum`` the ``figure_max`` of the entry's party components
    summed (null without a breakdown); ``has_effort_figure`` a min or max figure is set;
    ``effort_numeric_or_open`` 1 when the effort has a figure or is open-ended, else 0;
    from the profile (``pipeline.quality.swallowed_labels``, ``pipeline.quality.section_sets``)
    ``label_in_single_value`` the labels a single value holds (``builder_unit: 3、单位职能``),
    ``name_unit_implausible`` why a name or unit is too long or holds ``，。；`` and
    ``section_set_unusual`` how the entry's sections differ from the edition's usual set
    (each null when clean).
``resource_items`` / ``effort_components``
    ``seq`` and ``name`` of the entry (to name failing rows); components also ``has_figure``
    (a figure other than zero).
``editions``
    ``resource_rows`` rows in ``resources``; ``previous_entries`` the ``entries`` of the edition
    published last before this one; ``entries_change_share`` the relative change of the count,
    ``|entries - previous| / previous`` (null when there is no previous edition);
    ``replaced_entries`` the ``entries`` of the edition a re-published label replaces and
    ``replaced_change_share`` ``|entries - replaced| / replaced`` (null unless re-publishing:
    a file cut at an entry boundary must not silently replace the whole edition).
Parameters (``expectation_parameters``): ``resource_keys``, the edition's keys (items and
components must use them); from the profile the value sets ``canonical_networks`` and
``effort_parties`` and the thresholds ``effort_readable_share_min`` and
``entry_count_change_max``; from code the value sets ``effort_units`` and ``item_sections``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from normalizers.effort import UNITS
from pipeline.profile import Profile, default_profile
from pipeline.quality.section_sets import key_list, unusual_section_sets
from pipeline.quality.swallowed_labels import implausible_name_unit, label_in_single_value
from pipeline.tables import ITEM_SECTIONS

__all__ = ["INDEX_COLUMNS", "READ_EFFORTS", "check_frames", "expectation_parameters"]

#: Columns that name a failing row in messages and reports: the entry for per-entry tables,
#: the counts behind the ratio for ``editions``.
INDEX_COLUMNS: dict[str, tuple[str, ...]] = {
    "resources": ("seq", "name"),
    "resource_items": ("seq", "name"),
    "effort_components": ("seq", "name"),
    "editions": ("entries", "previous_entries", "replaced_entries"),
}
#: ``effort_reading`` values that count as read (``unread`` does not; ``absent`` is no text).
READ_EFFORTS: tuple[str, ...] = ("figure", "zero", "open_ended")
#: Party figures that are multiples of ``EXACT_STEP`` with magnitudes summing below
#: ``EXACT_LIMIT`` add up exactly in any order (multiples of 2**-10 below 2**42 need at most
#: 52 significant bits), so their sums need not be left to pandas (``_party_sums``).
EXACT_STEP = 2.0**-10
EXACT_LIMIT = 2.0**42


def _has_figure(low: pd.Series, high: pd.Series) -> np.ndarray:
    """A min or max figure that is not a stated zero (zero days need no unit)."""
    low_values, high_values = low.to_numpy("float64"), high.to_numpy("float64")
    zero = (np.nan_to_num(low_values, nan=-1) == 0) & (np.nan_to_num(high_values, nan=-1) == 0)
    figure: np.ndarray = (~np.isnan(low_values) | ~np.isnan(high_values)) & ~zero
    return figure


def _effort_read(frame: pd.DataFrame) -> tuple[np.ndarray, pd.Series]:
    """``effort_read`` (1.0 read, 0.0 not, NaN absent; a missing reading is 0.0, as pandas'
    ``ne("absent")`` holds for it) and ``effort_unread_text``, the text of an unread effort."""
    readings = frame["effort_reading"].tolist()
    read = np.array([np.nan if reading == "absent" else float(reading in READ_EFFORTS)
                     for reading in readings], dtype="float64")
    texts = frame["effort_text"]
    unread = [text if reading == "unread" else None
              for text, reading in zip(texts.tolist(), readings, strict=True)]
    return read, pd.Series(unread, index=frame.index, dtype=texts.dtype)


def _item_counts(keys: list[str | None], sections: list[object], section: str
                 ) -> Counter[str | None]:
    """Items of ``section`` per entry key (an item without a key counts for none)."""
    return Counter(key for key, item_section in zip(keys, sections, strict=True)
                   if item_section == section and key is not None)


def _exactly_summable(figures: list[float]) -> bool:
    """Whether every sum of ``figures``, in any order and grouping, is exact (see
    ``EXACT_STEP``). Negative zero is left out: the sign of a zero sum depends on the order."""
    whole_steps = all((figure / EXACT_STEP).is_integer() for figure in figures)
    negative_zero = any(figure == 0 and math.copysign(1.0, figure) < 0 for figure in figures)
    return whole_steps and not negative_zero and math.fsum(map(abs, figures)) < EXACT_LIMIT


def _party_sums(components: pd.DataFrame) -> dict[str | None, float]:
    """The ``figure_max`` of each entry's party components summed, by entry key; an entry
    without a party figure is left out (its sum is null).

    pandas' groupby ``sum(min_count=1)`` decided these sums before; how it adds floats
    (Kahan-compensated, or ``reduceat`` when the rows come sorted by key) can change the last
    bit. Where every sum is exact (``_exactly_summable``: catalog figures are whole or half
    days) all orders agree and a plain loop, a fraction of a groupby's cost, gives the same
    sums; otherwise the groupby still decides.
    """
    keys = key_list(components["resource_key"])
    rows = [(key, figure) for key, party, figure in zip(
        keys, components["party"].tolist(), components["figure_max"].tolist(), strict=True)
        if key is not None and isinstance(party, str) and not math.isnan(figure)]
    if not _exactly_summable([figure for _, figure in rows]):
        parties = components[components["party"].notna()]
        sums = parties.groupby("resource_key")["figure_max"].sum(min_count=1)
        return {key: total for key, total in zip(sums.index.tolist(), sums.tolist(),
                                                 strict=True) if not math.isnan(total)}
    totals: dict[str | None, float] = {}
    for key, figure in rows:
        totals[key] = totals.get(key, 0.0) + figure
    return totals


def resources_frame(
    tables: Mapping[str, pa.Table], profile: Profile,
    items: pd.DataFrame | None = None, components: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``resources`` with the cross-table check columns described in the module docstring.

    ``items`` / ``components``: the ``resource_items`` / ``effort_components`` frames when the
    caller has them already (each conversion from Arrow costs about as much as a check column).
    The columns are computed over plain lists and appended in one ``concat``: on a few dozen
    entries each pandas ``map``, ``groupby`` or ``assign`` costs far more than the loop.
    """
    frame = tables["resources"].to_pandas()
    if items is None:
        items = tables["resource_items"].to_pandas()
    if components is None:
        components = tables["effort_components"].to_pandas()
    keys = key_list(frame["resource_key"])
    item_keys, sections = key_list(items["resource_key"]), items["section"].tolist()
    functions = _item_counts(item_keys, sections, "functions")
    documents = _item_counts(item_keys, sections, "supporting_docs")
    sums = _party_sums(components)
    read, unread = _effort_read(frame)
    checks = pd.DataFrame({
        "catalog_position": np.arange(1, len(frame) + 1, dtype="int64"),
        "function_count": np.array([functions[key] for key in keys], dtype="int64"),
        "supporting_doc_count": np.array([documents[key] for key in keys], dtype="int64"),
        "party_days_sum": np.array([sums.get(key, np.nan) for key in keys], dtype="float64"),
        "has_effort_figure": _has_figure(frame["effort_min"], frame["effort_max"]),
        "effort_read": read,
        "effort_unread_text": unread,
        "label_in_single_value": label_in_single_value(frame, items, profile),
        "name_unit_implausible": implausible_name_unit(frame, profile.gate.field_max_chars),
        "section_set_unusual": unusual_section_sets(frame, items, profile),
    }, index=frame.index)
    checked: pd.DataFrame = pd.concat([frame, checks], axis=1)
    return checked


#: An entry's ``seq`` and ``name`` (a missing name: NaN) by its ``resource_key`` (a missing
#: key: ``None``).
Entries = dict[str | None, tuple[int | None, str | float | None]]


def _entries(resources: pd.DataFrame) -> Entries:
    """The ``seq`` and ``name`` of each key's first entry."""
    entries: Entries = {}
    for key, seq, name in zip(key_list(resources["resource_key"]), resources["seq"].tolist(),
                              resources["name"].tolist(), strict=True):
        entries.setdefault(key, (seq, name))
    return entries


def _with_entry(frame: pd.DataFrame, entries: Entries, names: pd.Series) -> pd.DataFrame:
    """``frame`` with the ``seq`` and ``name`` of its entry (``names``: the entries' names,
    whose dtype the column takes)."""
    found = [entries.get(key, (None, None)) for key in key_list(frame["resource_key"])]
    checks = pd.DataFrame({
        "seq": pd.array([seq for seq, _ in found], dtype="Int64"),
        "name": pd.Series([name for _, name in found], index=frame.index, dtype=names.dtype),
    }, index=frame.index)
    checked: pd.DataFrame = pd.concat([frame, checks], axis=1)
    return checked


def _change_share(entries: pd.Series, before: int | None) -> pd.Series:
    """``|entries - before| / before``; null without a count to compare with."""
    if not before:
        return pd.Series([None] * len(entries), index=entries.index, dtype="float64")
    share: pd.Series = ((entries - before).abs() / before).astype("float64")
    return share


def editions_frame(
    tables: Mapping[str, pa.Table], previous_entries: int | None,
    replaced_entries: int | None = None,
) -> pd.DataFrame:
    """``editions`` with the entry-count check columns (appended in one ``concat``, a few
    times cheaper than ``assign``, which inserts them one by one)."""
    frame = tables["editions"].to_pandas()
    checks = pd.DataFrame({
        "resource_rows": np.full(len(frame), tables["resources"].num_rows, dtype="int64"),
        "previous_entries": pd.array([previous_entries] * len(frame), dtype="Int64"),
        "entries_change_share": _change_share(frame["entries"], previous_entries),
        "replaced_entries": pd.array([replaced_entries] * len(frame), dtype="Int64"),
        "replaced_change_share": _change_share(frame["entries"], replaced_entries),
    }, index=frame.index)
    checked: pd.DataFrame = pd.concat([frame, checks], axis=1)
    return checked


def check_frames(
    tables: Mapping[str, pa.Table], previous_entries: int | None,
    profile: Profile | None = None, replaced_entries: int | None = None,
) -> dict[str, pd.DataFrame]:
    """One frame per curated table, with its check columns, keyed by table (= suite) name.

    ``previous_entries`` is the entry count of the edition published before this one, or None;
    ``replaced_entries`` that of the edition this one replaces (its label re-published), or
    None; the label words and thresholds come from ``profile`` (default: the bundled one).
    """
    items = tables["resource_items"].to_pandas()
    components = tables["effort_components"].to_pandas()
    resources = resources_frame(tables, profile or default_profile(), items, components)
    entries, names = _entries(resources), resources["name"]
    components = _with_entry(components, entries, names)
    components["has_figure"] = _has_figure(components["figure_min"], components["figure_max"])
    return {
        "resources": resources,
        "resource_items": _with_entry(items, entries, names),
        "effort_components": components,
        "editions": editions_frame(tables, previous_entries, replaced_entries),
    }


def expectation_parameters(tables: Mapping[str, pa.Table], profile: Profile) -> dict[str, Any]:
    """Values for the suites' ``$PARAMETER`` placeholders (see the module docstring)."""
    return {
        "resource_keys": sorted(set(tables["resources"].column("resource_key").to_pylist())),
        "canonical_networks": list(profile.networks.canonical),
        "effort_parties": list(profile.effort.parties),
        "effort_readable_share_min": profile.gate.effort_readable_share_min,
        "entry_count_change_max": profile.gate.entry_count_change_max,
        "effort_units": sorted(set(UNITS.values())),
        "item_sections": [section for section, _ in ITEM_SECTIONS],
    }
