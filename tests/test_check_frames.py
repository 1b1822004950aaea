"""The check frames computed over plain lists give what the pandas formulation they replaced
gave: the same check columns, dtypes and nulls on the bundled edition and damaged ones, the
same whitespace for an empty section, the same floating-point party sums."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from pipeline.models import Resource
from pipeline.parse.sources import read_source
from pipeline.profile import default_profile
from pipeline.quality.frames import READ_EFFORTS, _party_sums, check_frames
from pipeline.quality.section_sets import SECTION_SOURCES, _filled, entry_sections
from pipeline.tables import OTHER_SECTION, SCHEMAS, build_tables
from tests.conftest import SEED
from tests.damage import WHEN, Tables, at_seq, damaged, many_faults

# --- the pandas formulation the check columns were first written in -------------------------


def _reference_has_figure(low: pd.Series, high: pd.Series) -> pd.Series:
    zero = low.fillna(-1).eq(0) & high.fillna(-1).eq(0)
    figure: pd.Series = (low.notna() | high.notna()) & ~zero
    return figure


def _reference_resources(tables: Tables) -> pd.DataFrame:
    """The numeric and text check columns of ``resources``, computed as pandas expressions."""
    frame = tables["resources"].to_pandas()
    items = tables["resource_items"].to_pandas()
    components = tables["effort_components"].to_pandas()
    keys, reading = frame["resource_key"], frame["effort_reading"]

    def counts(section: str) -> pd.Series:
        return items[items["section"] == section].groupby("resource_key").size()

    parties = components[components["party"].notna()]
    sums = parties.groupby("resource_key")["figure_max"].sum(min_count=1)
    return frame.assign(
        catalog_position=range(1, len(frame) + 1),
        function_count=keys.map(counts("functions")).fillna(0).astype("int64"),
        supporting_doc_count=keys.map(counts("supporting_docs")).fillna(0).astype("int64"),
        party_days_sum=keys.map(sums).astype("float64"),
        has_effort_figure=_reference_has_figure(frame["effort_min"], frame["effort_max"]),
        effort_read=reading.isin(READ_EFFORTS).astype("float64").where(reading.ne("absent")),
        effort_unread_text=frame["effort_text"].where(reading.eq("unread")),
    )


def _reference_with_entry(frame: pd.DataFrame, resources: pd.DataFrame) -> pd.DataFrame:
    names = resources.drop_duplicates("resource_key").set_index("resource_key")
    return frame.assign(seq=frame["resource_key"].map(names["seq"]).astype("Int64"),
                        name=frame["resource_key"].map(names["name"]))


def _reference_entry_sections(resources: pd.DataFrame, items: pd.DataFrame
                              ) -> list[tuple[str, ...]]:
    """``entry_sections`` as pandas expressions: the sections present, then the labels of the
    entry's ``other`` items."""
    labels = {label.key: label.names[0] for label in default_profile().structure.labels}
    present = []
    for key, source in SECTION_SOURCES:
        if source.startswith("items:"):
            keyed = items.loc[items["section"] == source.removeprefix("items:"), "resource_key"]
            flags = resources["resource_key"].isin(set(keyed))
        else:
            column = resources[source]
            flags = column.notna() & column.astype("string").str.strip().ne("")
        present.append((labels.get(key, key), flags.tolist()))
    others = items[(items["section"] == OTHER_SECTION) & items["label"].notna()]
    by_key: dict[object, list[str]] = {}
    for key, label in zip(others["resource_key"], others["label"], strict=True):
        by_key.setdefault(key, []).append(str(label))
    other_labels = [list(dict.fromkeys(by_key.get(key, []))) for key in resources["resource_key"]]
    return [(*(name for name, flags in present if flags[row]), *other_labels[row])
            for row in range(len(resources))]


# --- editions ---------------------------------------------------------------------------------

def _odd_values(frame: pd.DataFrame) -> None:
    """Missing keys and readings, whitespace-only texts, stated and missing zero figures."""
    at_seq(frame, 1, "effort_reading", None)
    at_seq(frame, 2, "effort_reading", "unread")
    at_seq(frame, 3, "effort_reading", "absent")
    at_seq(frame, 4, "resource_key", None)
    at_seq(frame, 5, "resource_key", None)
    at_seq(frame, 6, "effort_min", 0.0)
    at_seq(frame, 6, "effort_max", None)
    at_seq(frame, 8, "effort_min", 0.0)
    at_seq(frame, 8, "effort_max", 0.0)
    at_seq(frame, 9, "effort_max", float("inf"))
    at_seq(frame, 10, "builder_unit", "\u3000\x1c ")
    at_seq(frame, 11, "overview", "\u200b")
    at_seq(frame, 12, "contact", "")
    at_seq(frame, 13, "resource_key", "政务云平台")  # the key of entry 1, twice


def _odd_items(frame: pd.DataFrame) -> None:
    frame.loc[frame.index[:4], "resource_key"] = None
    frame.loc[frame.index[4:9], "section"] = None
    frame.loc[frame.index[frame["section"] == "other"][:2], "resource_key"] = None


def _odd_components(frame: pd.DataFrame) -> None:
    frame.loc[frame.index[:3], "resource_key"] = None
    frame.loc[frame.index[3:6], "party"] = None
    frame.loc[frame.index[6:8], "figure_max"] = 0.1  # not exactly summable: pandas sums
    frame.loc[frame.index[8:10], "figure_max"] = None


@pytest.fixture(scope="module")
def editions(seed_resources: tuple[Resource, ...]) -> dict[str, Tables]:
    seed = build_tables(read_source(SEED), seed_resources, WHEN)
    odd = damaged(damaged(seed, "resources", _odd_values), "resource_items", _odd_items)
    empty = {name: SCHEMAS[name].empty_table() for name in ("resource_items", "effort_components")}
    return {
        "bundled": seed,
        "many faults": many_faults(seed),
        "odd values": odd,
        "odd components": damaged(odd, "effort_components", _odd_components),
        "no items or components": {**seed, **empty},
        "two entries": {**seed, "resources": seed["resources"].slice(0, 2)},
    }


EDITIONS = ["bundled", "many faults", "odd values", "odd components", "no items or components",
            "two entries"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_check_columns_equal_their_pandas_formulation(
    edition: str, editions: dict[str, Tables]
) -> None:
    tables = editions[edition]
    frames = check_frames(tables, None, default_profile())
    reference = _reference_resources(tables)
    resources = frames["resources"]
    pd.testing.assert_frame_equal(resources[reference.columns], reference, check_exact=True)
    assert resources.columns[len(reference.columns):].tolist() == [
        "label_in_single_value", "name_unit_implausible", "section_set_unusual"]
    for table in ("resource_items", "effort_components"):
        expected = _reference_with_entry(tables[table].to_pandas(), resources)
        pd.testing.assert_frame_equal(frames[table][expected.columns], expected,
                                      check_exact=True)
    components = frames["effort_components"]
    pd.testing.assert_series_equal(
        components["has_figure"],
        _reference_has_figure(components["figure_min"], components["figure_max"]),
        check_names=False, check_exact=True)


def test_the_odd_edition_exercises_what_the_loops_replace(editions: dict[str, Tables]) -> None:
    """Missing keys, readings and figures, whitespace and a pandas-summed 0.1 are there."""
    resources = check_frames(editions["odd components"], None)["resources"].set_index("seq")
    assert resources.loc[1, "effort_read"] == 0.0  # a missing reading is not "absent"
    assert math.isnan(resources.loc[3, "effort_read"])
    assert resources.loc[2, "effort_unread_text"] == resources.loc[2, "effort_text"]
    assert not resources.loc[8, "has_effort_figure"]
    assert resources["party_days_sum"].notna().any()
    assert resources["resource_key"].isna().sum() == 2


@pytest.mark.parametrize("edition", EDITIONS)
def test_entry_sections_equal_their_pandas_formulation(
    edition: str, editions: dict[str, Tables]
) -> None:
    resources = editions[edition]["resources"].to_pandas()
    items = editions[edition]["resource_items"].to_pandas()
    expected = _reference_entry_sections(resources, items)
    assert entry_sections(resources, items, default_profile()) == expected


def test_a_blank_section_is_blank_to_pandas_and_to_python_alike() -> None:
    """Every code point: whitespace to ``str.strip`` exactly when pandas' ``str.strip`` on
    Arrow-backed strings (the old presence test) trims it, so a text of such characters only
    is an absent section both ways."""
    points = [chr(point) for point in range(0x110000) if not 0xD800 <= point <= 0xDFFF]
    column = pd.Series(pa.array(points), dtype="string")  # what ``astype("string")`` made
    pandas_filled = column.str.strip().ne("").to_numpy(dtype=bool)
    python_filled = np.array([_filled(point) for point in points])
    differing = [f"U+{ord(points[i]):04X}" for i in np.flatnonzero(pandas_filled != python_filled)]
    assert differing == []
    assert not _filled("\u3000 \t") and _filled(" 政务外网 ")


#: Figures for the party sums: whole and half days, and values whose sums depend on the order
#: and compensation of the summation (0.1, 1e16 …), infinities, negative zero, missing.
EXACT_FIGURES = [0.5, 1.0, 2.0, 10.0, 0.0, -3.0, 0.25, 1e12, 2.0**41, math.nan]
INEXACT_FIGURES = [0.1, 0.2, 0.3, 1e16, -1e16, 1.0, -0.0, 0.0, math.inf, -math.inf, math.nan,
                   1e-300, 3.3333333, 7.5, 1e308, -1e308, 2.0**-30]
#: Entry keys of the random components (None: a component without a key).
KEYS = [*(f"资源{number}" for number in range(60)), None]


@pytest.mark.parametrize("figures", [EXACT_FIGURES, INEXACT_FIGURES, [0.5, 1.0, -0.0]])
def test_party_sums_equal_pandas_groupby_sums(figures: list[float]) -> None:
    """On random components, rows in key order (pandas' ``reduceat`` path) or not (its
    compensated sum), with keys and parties missing: the same sums, bit for bit."""
    random = np.random.default_rng(7)
    for trial in range(16):
        size = 300
        components = pd.DataFrame({
            "resource_key": pd.Series([KEYS[i] for i in random.integers(len(KEYS), size=size)],
                                      dtype="str"),
            "party": pd.Series([["应用单位", "", None][i] for i in random.integers(3, size=size)],
                               dtype="str"),
            "figure_max": np.array([figures[i] for i in random.integers(len(figures), size=size)],
                                   dtype="float64"),
        })
        if trial % 2:
            components = components.sort_values("resource_key", kind="stable", na_position="first")
        parties = components[components["party"].notna()]
        with np.errstate(all="ignore"):
            expected = parties.groupby("resource_key")["figure_max"].sum(min_count=1)
            found = _party_sums(components)
        assert {key: repr(float(found.get(key, math.nan))) for key in KEYS} == {
            key: repr(float(expected.get(key, math.nan))) for key in KEYS}
