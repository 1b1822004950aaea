"""The frames the quality suites check: each curated table plus the facts it cannot show alone.

Great Expectations checks one frame at a time, but several catalog rules span tables (an
entry's functions live in ``resource_items``, its party breakdown in ``effort_components``) or
editions (the previous entry count). Those facts are computed here, in plain pandas, as extra
*check columns* (never published) or *expectation parameters* (``{"$PARAMETER": …}`` in the
suite files):

``resources``
    ``catalog_position`` 1-based row position in catalog order (``seq`` must equal it);
    ``function_count`` / ``supporting_doc_count`` items of the entry in ``functions`` /
    ``supporting_docs``; ``party_days_sum`` the ``max_days`` of the entry's party components
    summed (null without a breakdown); ``has_effort_figure`` a min or max figure is set;
    ``effort_numeric_or_open`` 1 when the effort has a figure or is open-ended, else 0.
``resource_items`` / ``effort_components``
    ``seq`` and ``name`` of the entry (to name failing rows); components also ``has_figure``.
``editions``
    ``resource_rows`` rows in ``resources``; ``previous_entries`` the ``entries`` of the edition
    published last before this one; ``entries_ratio_to_previous`` their ratio (null when there
    is no previous edition).
Parameters: ``resource_keys``, the edition's keys (items and components must use them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import pyarrow as pa

__all__ = ["INDEX_COLUMNS", "check_frames", "expectation_parameters"]

#: Columns that name a failing row in messages and Data Docs: the entry for per-entry tables,
#: the counts behind the ratio for ``editions``.
INDEX_COLUMNS: dict[str, tuple[str, ...]] = {
    "resources": ("seq", "name"),
    "resource_items": ("seq", "name"),
    "effort_components": ("seq", "name"),
    "editions": ("entries", "previous_entries"),
}


def _item_counts(items: pd.DataFrame, section: str) -> pd.Series:
    return items[items["section"] == section].groupby("resource_key").size()


def _party_sums(components: pd.DataFrame) -> pd.Series:
    parties = components[components["party"].notna()]
    return parties.groupby("resource_key")["max_days"].sum(min_count=1)


def resources_frame(tables: Mapping[str, pa.Table]) -> pd.DataFrame:
    """``resources`` with the cross-table check columns described in the module docstring."""
    frame = tables["resources"].to_pandas()
    items = tables["resource_items"].to_pandas()
    keys = frame["resource_key"]
    figure = frame["effort_min_days"].notna() | frame["effort_max_days"].notna()
    checked: pd.DataFrame = frame.assign(
        catalog_position=range(1, len(frame) + 1),
        function_count=keys.map(_item_counts(items, "functions")).fillna(0).astype("int64"),
        supporting_doc_count=keys.map(_item_counts(items, "supporting_docs"))
        .fillna(0)
        .astype("int64"),
        party_days_sum=keys.map(_party_sums(tables["effort_components"].to_pandas()))
        .astype("float64"),
        has_effort_figure=figure,
        effort_numeric_or_open=(figure | frame["effort_open_ended"]).astype("int64"),
    )
    return checked


def _with_entry(frame: pd.DataFrame, resources: pd.DataFrame) -> pd.DataFrame:
    names = resources.drop_duplicates("resource_key").set_index("resource_key")
    checked: pd.DataFrame = frame.assign(
        seq=frame["resource_key"].map(names["seq"]).astype("Int64"),
        name=frame["resource_key"].map(names["name"]),
    )
    return checked


def editions_frame(tables: Mapping[str, pa.Table], previous_entries: int | None) -> pd.DataFrame:
    """``editions`` with the entry-count check columns."""
    frame = tables["editions"].to_pandas()
    ratio = frame["entries"] / previous_entries if previous_entries else None
    checked: pd.DataFrame = frame.assign(
        resource_rows=tables["resources"].num_rows,
        previous_entries=pd.Series([previous_entries] * len(frame), dtype="Int64"),
        entries_ratio_to_previous=pd.Series(ratio, index=frame.index, dtype="float64"),
    )
    return checked


def check_frames(
    tables: Mapping[str, pa.Table], previous_entries: int | None
) -> dict[str, pd.DataFrame]:
    """One frame per curated table, with its check columns, keyed by table (= suite) name.

    ``previous_entries`` is the entry count of the edition published before this one, or None.
    """
    resources = resources_frame(tables)
    components = _with_entry(tables["effort_components"].to_pandas(), resources)
    components["has_figure"] = components["min_days"].notna() | components["max_days"].notna()
    return {
        "resources": resources,
        "resource_items": _with_entry(tables["resource_items"].to_pandas(), resources),
        "effort_components": components,
        "editions": editions_frame(tables, previous_entries),
    }


def expectation_parameters(tables: Mapping[str, pa.Table]) -> dict[str, Any]:
    """Values for the suites' ``$PARAMETER`` placeholders."""
    return {"resource_keys": sorted(set(tables["resources"].column("resource_key").to_pylist()))}
