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

from collections.abc import Mapping
from typing import Any

import pandas as pd
import pyarrow as pa

from normalizers.effort import UNITS
from pipeline.profile import Profile, default_profile
from pipeline.quality.section_sets import unusual_section_sets
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


def _has_figure(low: pd.Series, high: pd.Series) -> pd.Series:
    """A min or max figure that is not a stated zero (zero days need no unit)."""
    zero = low.fillna(-1).eq(0) & high.fillna(-1).eq(0)
    figure: pd.Series = (low.notna() | high.notna()) & ~zero
    return figure


def _effort_read(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    reading = frame["effort_reading"]
    read = reading.isin(READ_EFFORTS).astype("float64").where(reading.ne("absent"))
    unread = frame["effort_text"].where(reading.eq("unread"))
    return read, unread


def _item_counts(items: pd.DataFrame, section: str) -> pd.Series:
    return items[items["section"] == section].groupby("resource_key").size()


def _party_sums(components: pd.DataFrame) -> pd.Series:
    parties = components[components["party"].notna()]
    return parties.groupby("resource_key")["figure_max"].sum(min_count=1)


def resources_frame(tables: Mapping[str, pa.Table], profile: Profile) -> pd.DataFrame:
    """``resources`` with the cross-table check columns described in the module docstring."""
    frame = tables["resources"].to_pandas()
    items = tables["resource_items"].to_pandas()
    keys = frame["resource_key"]
    figure = _has_figure(frame["effort_min"], frame["effort_max"])
    read, unread = _effort_read(frame)
    checked: pd.DataFrame = frame.assign(
        catalog_position=range(1, len(frame) + 1),
        function_count=keys.map(_item_counts(items, "functions")).fillna(0).astype("int64"),
        supporting_doc_count=keys.map(_item_counts(items, "supporting_docs"))
        .fillna(0)
        .astype("int64"),
        party_days_sum=keys.map(_party_sums(tables["effort_components"].to_pandas()))
        .astype("float64"),
        has_effort_figure=figure,
        effort_read=read,
        effort_unread_text=unread,
        label_in_single_value=label_in_single_value(frame, items, profile),
        name_unit_implausible=implausible_name_unit(frame, profile.gate.field_max_chars),
        section_set_unusual=unusual_section_sets(frame, items, profile),
    )
    return checked


def _with_entry(frame: pd.DataFrame, resources: pd.DataFrame) -> pd.DataFrame:
    names = resources.drop_duplicates("resource_key").set_index("resource_key")
    checked: pd.DataFrame = frame.assign(
        seq=frame["resource_key"].map(names["seq"]).astype("Int64"),
        name=frame["resource_key"].map(names["name"]),
    )
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
    """``editions`` with the entry-count check columns."""
    frame = tables["editions"].to_pandas()
    checked: pd.DataFrame = frame.assign(
        resource_rows=tables["resources"].num_rows,
        previous_entries=pd.Series([previous_entries] * len(frame), dtype="Int64"),
        entries_change_share=_change_share(frame["entries"], previous_entries),
        replaced_entries=pd.Series([replaced_entries] * len(frame), dtype="Int64"),
        replaced_change_share=_change_share(frame["entries"], replaced_entries),
    )
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
    resources = resources_frame(tables, profile or default_profile())
    components = _with_entry(tables["effort_components"].to_pandas(), resources)
    components["has_figure"] = _has_figure(components["figure_min"], components["figure_max"])
    return {
        "resources": resources,
        "resource_items": _with_entry(tables["resource_items"].to_pandas(), resources),
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
