"""Change detection between editions: known edits of the bundled edition, exact change rows."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.change_record import changes_between
from pipeline.changes.diff import CHANGES_SCHEMA, COMPARED_FIELDS, EditionTables, diff_editions
from pipeline.changes.similarity import (
    RENAME_THRESHOLD,
    Fingerprint,
    fingerprint,
    match_renames,
    similarity_matrix,
)
from pipeline.models import Resource
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.store.store import CuratedStore
from pipeline.tables import build_tables
from tests.conftest import SEED
from tests.edition_edits import (
    BASE_TIME,
    append_copy,
    edit_entry,
    justify,
    publish_text,
    remove_entry,
    rewrap,
)

#: One worker runs this module: its module-scoped fixtures (published stores, built PDFs)
#: are made once, not once per worker.
pytestmark = pytest.mark.xdist_group("diff")


Row = tuple[str, str, str, str | None, str | None, str | None]
Seed = dict[int, Resource]


def effort(text: str) -> str:
    return edit_entry(text, 1, "2 人天工作量", "3-5 人天工作量")


def network(text: str) -> str:
    return edit_entry(text, 4, "3. 网络类型\n\n政务外网\n", "3. 网络类型\n\n政务外网、互联网\n")


def rename(text: str) -> str:
    renamed = edit_entry(text, 8, "电子邮件系统", "政务邮箱系统")
    return edit_entry(renamed, 8, "电子邮箱系统", "政务邮箱系统")


def add(text: str) -> str:
    return append_copy(text, "大数据信息资源共享库", "公共数据开放平台")


def everything(text: str) -> str:
    return add(remove_entry(rename(effort(text)), 3))


def effort_rows(r: Seed) -> list[Row]:
    old = r[1].effort.text
    return [
        ("政务云平台", "政务云平台", "modified", "effort_text", old, old.replace("2 人天", "3-5 人天")),
        ("政务云平台", "政务云平台", "modified", "effort_min", "2", "3"),
        ("政务云平台", "政务云平台", "modified", "effort_max", "2", "5"),
    ]


def network_rows(r: Seed) -> list[Row]:
    key = "互联网远程接入系统"
    return [
        (key, key, "modified", "network_types_text", "政务外网", "政务外网、互联网"),
        (key, key, "modified", "network_types", "政务外网", "政务外网；互联网"),
    ]


def removed_rows(r: Seed) -> list[Row]:
    return [("信息安全管理服务", "信息安全管理服务", "removed", None, None, None)]


def renamed_rows(r: Seed) -> list[Row]:
    new = "政务邮箱系统"
    overview, functions = r[8].overview or "", r[8].functions[0]
    return [
        (new, new, "renamed", "name", "电子邮件系统", new),
        (new, new, "renamed", "overview", overview, overview.replace("电子邮箱系统", new)),
        (new, new, "renamed", "functions", functions, functions.replace("电子邮箱系统", new)),
    ]


def added_rows(r: Seed) -> list[Row]:
    return [("公共数据开放平台", "公共数据开放平台", "added", None, None, None)]


#: case → (edit of the bundled text, expected change rows from the bundled resources by seq)
CASES: dict[str, tuple[Callable[[str], str], Callable[[Seed], list[Row]]]] = {
    "effort change": (effort, effort_rows),
    "network-type change": (network, network_rows),
    "entry removed, later ones renumbered": (lambda t: remove_entry(t, 3), removed_rows),
    "entry renamed in heading, 资源名称 and body": (rename, renamed_rows),
    "entry added at the end": (add, added_rows),
    "every paragraph re-wrapped": (lambda t: rewrap(t, 17), lambda r: []),
    "re-wrapped wider with justified spaces": (lambda t: justify(rewrap(t, 33)), lambda r: []),
    "same edition again": (lambda t: t, lambda r: []),
    "all edits at once": (everything, lambda r: [*added_rows(r), *removed_rows(r),
                                                 *renamed_rows(r), *effort_rows(r)]),
}


@pytest.fixture(scope="module")
def seed(seed_resources: tuple[Resource, ...]) -> Seed:
    return {r.seq: r for r in seed_resources}


@pytest.fixture(scope="module")
def base_store(
    tmp_path_factory: pytest.TempPathFactory, seed_text: str, seed_resources: tuple[Resource, ...]
) -> Path:
    """A store with the bundled edition ingested as "base", once per module (the quality gate
    is slow); tests publish into copies of it (``curated``)."""
    store = tmp_path_factory.mktemp("base") / "curated"
    result = publish_text(seed_text, "base", store)
    assert result.changes is None and result.entries == len(seed_resources)
    return store


@pytest.fixture
def curated(base_store: Path, tmp_path: Path) -> Path:
    """A copy of ``base_store``: the next edition published into it is diffed against "base"."""
    return Path(shutil.copytree(base_store, tmp_path / "curated"))


@pytest.fixture(scope="module")
def base_tables(seed_resources: tuple[Resource, ...]) -> dict[str, pa.Table]:
    return build_tables(read_source(SEED), seed_resources, BASE_TIME)


@pytest.mark.parametrize("case", list(CASES))
def test_known_edits_give_exactly_their_change_rows(
    case: str, seed: Seed, seed_text: str, base_tables: dict[str, pa.Table], tmp_path: Path
) -> None:
    """The change record of each edit, from the parsed text to the table the ingest publishes
    (``changes_between``; the ingest's staging of it is tested in test_changes_flow)."""
    edit, expected = CASES[case]
    path = tmp_path / "edited.txt"
    path.write_text(edit(seed_text), encoding="utf-8")
    document = read_source(path)
    edited = build_tables(document, parse_document(document), BASE_TIME)
    record = changes_between("base", base_tables, "edited", edited)
    rows = record.table.to_pandas()
    rows = rows.astype(object).where(rows.notna(), None)
    assert set(rows[["from_edition", "to_edition"]].itertuples(index=False)) <= {("base", "edited")}
    got = list(rows.drop(columns=["from_edition", "to_edition"]).itertuples(index=False, name=None))
    assert got == expected(seed)  # exact rows, in report order (change type, entry, field)
    assert record.rows == len(got)


def test_changes_file_has_the_fixed_schema(seed_text: str, curated: Path) -> None:
    publish_text(seed_text, "again", curated)
    store = CuratedStore(curated)
    table = pq.read_table(store.fs.local_path(store.layout.table_file("changes", "again")))
    # the store adds the edition's catalog and label
    stored = CHANGES_SCHEMA.insert(0, pa.field("edition", pa.string())).insert(
        0, pa.field("catalog", pa.string()))
    assert table.schema.remove_metadata().equals(stored) and table.num_rows == 0


def test_compared_fields_leave_out_numbering_provenance_and_keywords() -> None:
    assert COMPARED_FIELDS == (
        "name", "builder_unit", "builder_duties", "network_types_text", "overview",
        "supporting_text", "implementation", "effort_text", "effort_min", "effort_max",
        "effort_unit", "effort_approximate", "effort_open_ended", "contact", "contact_phone",
        "functions", "access_targets", "supporting_docs", "network_types")


# --- values, duplicates and speed, on small hand-made frames --------------------------------


@pytest.fixture(scope="module")
def seed_frames(seed_resources: tuple[Resource, ...]) -> EditionTables:
    return EditionTables.of("seed", build_tables(read_source(SEED), seed_resources, BASE_TIME))


def _edited(frames: EditionTables, label: str, **columns: object) -> EditionTables:
    resources = frames.resources.copy()
    for column, (seq, value) in columns.items():
        resources[column] = resources[column].astype(object)
        resources.loc[resources["seq"] == seq, column] = value
    return EditionTables(label, resources, frames.items.copy())


@pytest.mark.parametrize(("column", "value", "old_text", "new_text"), [
    ("effort_max", 2.5, "2", "2.5"),
    ("effort_max", None, "2", None),
    ("effort_open_ended", True, "false", "true"),
    ("contact", None, "区政府服务热线 96180", None),
])
def test_values_are_text_numbers_without_trailing_zero(
    seed_frames: EditionTables, column: str, value: object, old_text: str, new_text: str | None
) -> None:
    new = _edited(seed_frames, "new", **{column: (1, value)})
    rows = diff_editions(seed_frames, new).changes
    assert rows[["field", "old_value", "new_value"]].values.tolist() == [
        [column, old_text, new_text]]


def test_an_item_section_is_its_items_in_order(seed_frames: EditionTables) -> None:
    items = seed_frames.items.copy()
    mask = (items["resource_key"] == "政务云平台") & (items["section"] == "functions")
    items.loc[mask, "position"] = items.loc[mask, "position"].to_numpy()[::-1]
    rows = diff_editions(seed_frames, EditionTables("new", seed_frames.resources, items)).changes
    old, new = rows[["old_value", "new_value"]].iloc[0]
    assert rows["field"].tolist() == ["functions"]
    assert old.split("；")[::-1] == new.split("；")


def test_a_repeated_key_is_matched_by_occurrence(seed_frames: EditionTables) -> None:
    twice = pd.concat([seed_frames.resources, seed_frames.resources.iloc[[0]].assign(seq=27)])
    before = EditionTables("a", twice, seed_frames.items)
    after = EditionTables("b", twice.assign(contact=np.where(twice["seq"] == 27, "new", twice["contact"])),
                          seed_frames.items)
    rows = diff_editions(before, after).changes
    assert rows[["resource_key", "field", "new_value"]].values.tolist() == [
        ["政务云平台", "contact", "new"]]


# --- renamed: the similarity threshold -------------------------------------------------------


def _fingerprint(r: Resource, replace: tuple[str, str] = ("", "")) -> Fingerprint:
    body = "\n".join([r.overview or "", *r.functions, r.implementation or ""])
    return fingerprint(body.replace(*replace) if replace[0] else body, r.builder_unit,
                       r.supporting_docs)


def test_distinct_bundled_entries_stay_below_the_rename_threshold(seed: Seed) -> None:
    prints = [_fingerprint(r) for r in seed.values()]
    scores = similarity_matrix(prints, prints)
    np.fill_diagonal(scores, 0.0)
    assert scores.max() < RENAME_THRESHOLD - 0.1  # a margin, not a coin toss
    assert match_renames(scores) == []


def test_a_renamed_entry_with_edited_body_reaches_the_threshold(seed: Seed) -> None:
    old, new = _fingerprint(seed[8]), _fingerprint(seed[8], ("电子邮箱系统", "政务邮箱系统"))
    assert similarity_matrix([old], [new])[0, 0] >= RENAME_THRESHOLD


def test_a_new_name_on_another_entrys_body_is_removed_plus_added(
    seed_text: str, curated: Path
) -> None:
    # entry 9 disappears; a new last entry has a new name but entry 7's body
    edited = append_copy(remove_entry(seed_text, 9), "监控视频资源共享平台", "视频会商平台")
    summary = publish_text(edited, "edited", curated).changes
    assert summary is not None
    assert (summary.counts.added, summary.counts.removed, summary.counts.renamed) == (1, 1, 0)


@pytest.mark.parametrize(("scores", "pairs"), [
    ([[0.9, 0.8], [0.95, 0.1]], [(0, 1), (1, 0)]),  # best first: (1,0) takes new 0
    ([[0.69, 0.2], [0.1, 0.5]], []),  # below the threshold
    ([[0.8, 0.8], [0.8, 0.8]], [(0, 0), (1, 1)]),  # ties: earlier entries first
])
def test_renames_are_matched_greedily_best_first(
    scores: list[list[float]], pairs: list[tuple[int, int]]
) -> None:
    assert match_renames(np.array(scores)) == pairs


def test_identical_candidates_pair_by_catalog_position() -> None:
    scores = np.ones((2, 2))
    positions = (np.array([10, 40]), np.array([38, 9]))
    assert match_renames(scores, positions=positions) == [(0, 1), (1, 0)]


# --- 10 000 entries ---------------------------------------------------------------------------


def _copies(frames: EditionTables, count: int) -> EditionTables:
    """``count`` × 26 entries: the bundled ones with a per-copy suffix on name and key."""
    suffixes = pd.Series([f"第{i}期" for i in range(count)])
    res = pd.concat([frames.resources.assign(_copy=i) for i in range(count)], ignore_index=True)
    items = pd.concat([frames.items.assign(_copy=i) for i in range(count)], ignore_index=True)
    res["seq"] = np.arange(1, len(res) + 1, dtype=np.int32)
    res["name"] = res["name"] + suffixes[res["_copy"]].to_numpy()
    res["resource_key"] = res["resource_key"] + suffixes[res["_copy"]].to_numpy()
    items["resource_key"] = items["resource_key"] + suffixes[items["_copy"]].to_numpy()
    return EditionTables("big", res.drop(columns="_copy"), items.drop(columns="_copy"))


def test_ten_thousand_entries_diff_right(seed_frames: EditionTables) -> None:
    """The counts of a 10 000-entry diff (its speed is measured by ``make bench``, not here:
    no wall-clock pass/fail on a busy machine)."""
    old = _copies(seed_frames, 385)  # 10 010 entries
    res, items = old.resources.copy(), old.items.copy()
    res.loc[res["seq"] % 100 == 0, "effort_max"] = 99.0  # 100 modified
    gone = res["seq"].between(5001, 5010)  # 10 removed
    res, items = res[~gone], items[~items["resource_key"].isin(old.resources["resource_key"][gone])]
    renamed = res["seq"].between(3001, 3005)  # 5 renamed
    new_keys = res.loc[renamed, "resource_key"].to_numpy()
    res.loc[renamed, ["name", "resource_key"]] = [[f"{k}新名", f"{k}新名"] for k in new_keys]
    items["resource_key"] = items["resource_key"].replace({k: f"{k}新名" for k in new_keys})
    counts = diff_editions(old, EditionTables("new", res, items)).changes.drop_duplicates(
        ["change", "resource_key"])["change"].value_counts().to_dict()
    assert counts == {"modified": 100, "removed": 10, "renamed": 5}


@pytest.mark.parametrize(("values", "kind"), [
    (pd.Series(["a", None, "", "2.0"], dtype="str"), pa.string()),
    (pd.Series([2.0, 2.5, float("nan"), 1e16, 1e-05, -0.0, float("inf"), 0.1 + 0.2, 99.0]),
     pa.float64()),
    (pd.Series([True, None, False, float("nan")], dtype=object), pa.bool_()),
    (pd.Series([True, False]), pa.bool_()),
])
def test_the_list_path_of_a_columns_text_gives_what_the_pandas_path_gives(
    values: pd.Series, kind: pa.DataType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``_as_text`` converts the dtypes ``to_pandas`` gives over a plain list; the pandas
    operations (still used for any other dtype) are the reference, value for value."""
    from pipeline.changes import diff

    fast = diff._as_text(values, kind)
    monkeypatch.setattr(diff, "_fast_text", lambda *_: None)
    slow = diff._as_text(values, kind)
    assert fast.dtype == slow.dtype == object
    assert fast.tolist() == slow.tolist()
    assert fast.index.equals(slow.index)


def test_an_ocrd_field_differing_only_by_a_script_space_is_no_change(
    seed_frames: EditionTables,
) -> None:
    # entry 1's contact "区政府服务热线 96180" read by OCR without the space before the digits
    scanned = _edited(seed_frames, "scan", contact=(1, "区政府服务热线96180"), source_ocr=(1, True))
    assert diff_editions(seed_frames, scanned).changes.empty
    # the same text from a text layer is a change, and so is any other difference in a scan
    typed = _edited(seed_frames, "typed", contact=(1, "区政府服务热线96180"))
    assert diff_editions(seed_frames, typed).changes["field"].tolist() == ["contact"]
    other = _edited(seed_frames, "scan", contact=(1, "区政府服务热线96181"), source_ocr=(1, True))
    assert diff_editions(seed_frames, other).changes[["old_value", "new_value"]].values.tolist() == [
        ["区政府服务热线 96180", "区政府服务热线96181"]]
