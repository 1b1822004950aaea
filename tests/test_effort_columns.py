"""Effort columns named by what they hold, ``other`` sections as items, and stores written
before either: read in the current columns, diffed, exported, queried, rewritten."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extractors.resource import extract_resource
from pipeline.changes.diff import EditionTables, diff_editions
from pipeline.commands import export
from pipeline.ingest import ParsedEdition, publish_parsed
from pipeline.models import EntryBlock, Line, Resource, Section, SourceDocument
from pipeline.outputs import publish_tables
from pipeline.parse.sources import read_source
from pipeline.store.layout import DATABASE_FILE
from pipeline.store.legacy import COLUMNS_VERSION_KEY
from pipeline.store.store import CuratedStore
from pipeline.tables import SCHEMAS, STORED_SCHEMAS, build_tables
from pipeline.vocabulary import field_word
from tests.conftest import SEED

WHEN = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def document() -> SourceDocument:
    return read_source(SEED)


def in_unit(resource: Resource, unit: str) -> Resource:
    """``resource`` with its effort, headline and clauses, counted in ``unit``."""
    effort = resource.effort
    clauses = tuple(replace(c, unit=unit) for c in effort.components)
    return replace(resource, effort=replace(effort, unit=unit, components=clauses))


@pytest.fixture(scope="module")
def weekly(seed_resources: tuple[Resource, ...]) -> tuple[Resource, ...]:
    """The bundled entries, the second (政务网络, 2) counted in weeks."""
    return (seed_resources[0], in_unit(seed_resources[1], "week"), *seed_resources[2:])


# --- the columns ---------------------------------------------------------------------------------


def test_person_day_columns_hold_only_person_day_figures(
    document: SourceDocument, weekly: tuple[Resource, ...]
) -> None:
    tables = build_tables(document, weekly, WHEN)
    resources = tables["resources"].to_pylist()
    assert [(r["seq"], r["effort_min"], r["effort_max"], r["effort_unit"],
             r["effort_person_days_min"], r["effort_person_days_max"])
            for r in resources[:2]] == [
        (1, 2.0, 2.0, "person_day", 2.0, 2.0),
        (2, 2.0, 2.0, "week", None, None),
    ]
    components = tables["effort_components"].to_pylist()
    assert [(c["resource_key"], c["party"], c["figure_max"], c["unit"], c["person_days_max"])
            for c in components if c["resource_key"] in ("政务网络", "电子政务短信服务平台")] == [
        ("政务网络", None, 2.0, "week", None),
        ("电子政务短信服务平台", None, 15.0, "person_day", 15.0),
        ("电子政务短信服务平台", "应用单位", 10.0, "person_day", 10.0),
        ("电子政务短信服务平台", "平台单位", 5.0, "person_day", 5.0),
    ]


def test_a_stated_zero_has_no_unit_and_so_no_person_days(
    document: SourceDocument, seed_resources: tuple[Resource, ...]
) -> None:
    zero = replace(seed_resources[0].effort, min_days=0.0, max_days=0.0, unit=None,
                   components=())
    row = build_tables(document, [replace(seed_resources[0], effort=zero)],
                       WHEN)["resources"].to_pylist()[0]
    assert (row["effort_min"], row["effort_max"], row["effort_reading"],
            row["effort_person_days_min"]) == (0.0, 0.0, "zero", None)


# --- other sections ------------------------------------------------------------------------------


OTHERS = (("主管单位", "区数据管理局"), ("备注", "2025 年起按季度更新。"))


def test_other_sections_are_items_with_their_label(
    document: SourceDocument, seed_resources: tuple[Resource, ...]
) -> None:
    first = replace(seed_resources[0], other_sections=OTHERS)
    items = build_tables(document, [first], WHEN)["resource_items"].to_pylist()
    assert [(i["section"], i["position"], i["label"], i["text"]) for i in items
            if i["section"] == "other"] == [
        ("other", 1, "主管单位", "区数据管理局"),
        ("other", 2, "备注", "2025 年起按季度更新。"),
    ]
    assert {i["label"] for i in items if i["section"] != "other"} == {None}


def test_extract_resource_keeps_the_entrys_other_sections() -> None:
    line = Line("一、数据共享平台", 1, 1)
    name = Section("资源名称", (Line("数据共享平台", 2, 1),), "数据共享平台")
    other = Section("主管单位", (Line("区数据管理局", 3, 1),), "区数据管理局")
    entry = EntryBlock(1, "数据共享平台", (line,), {"name": name}, others=(other,))
    assert extract_resource(entry).other_sections == (("主管单位", "区数据管理局"),)


def test_an_other_sections_text_changing_is_a_change_of_its_label(
    document: SourceDocument, seed_resources: tuple[Resource, ...]
) -> None:
    before = (replace(seed_resources[0], other_sections=(("主管单位", "区数据管理局"),)),
              *seed_resources[1:])
    after = (replace(seed_resources[0], other_sections=(
        ("主管单位", "区大数据中心"), ("备注", "2025 年起按季度更新。"))),
        replace(seed_resources[1], other_sections=(("主管单位", "区数据管理局"),)),
        *seed_resources[2:])
    old = EditionTables.of("a", build_tables(document, before, WHEN))
    new = EditionTables.of("b", build_tables(document, after, WHEN))
    rows = diff_editions(old, new).changes
    assert rows[["resource_key", "change", "field", "old_value", "new_value"]].values.tolist() == [
        ["政务云平台", "modified", "other:主管单位", "区数据管理局", "区大数据中心"],
        ["政务云平台", "modified", "other:备注", None, "2025 年起按季度更新。"],
        ["政务网络", "modified", "other:主管单位", None, "区数据管理局"],
    ]
    assert field_word("other:主管单位") == "主管单位（其他栏目）"
    assert field_word("effort_max") == "对接工作量上限"


# --- a store written before the rename -----------------------------------------------------------


def _renamed(table: pa.Table, names: dict[str, str]) -> pa.Table:
    return table.rename_columns([names.get(c, c) for c in table.column_names])


#: How a file of each table looked before the rename: columns renamed back, new ones dropped.
OLD_FILES: dict[str, Callable[[pa.Table], pa.Table]] = {
    "resources": lambda t: _renamed(
        t.drop_columns(["effort_person_days_min", "effort_person_days_max"]),
        {"effort_min": "effort_min_days", "effort_max": "effort_max_days"}),
    "effort_components": lambda t: _renamed(
        t.drop_columns(["person_days_min", "person_days_max"]),
        {"figure_min": "min_days", "figure_max": "max_days"}),
    "resource_items": lambda t: t.drop_columns(["label"]),
    "editions": lambda t: t,
}


def write_old_store(root: Path, document: SourceDocument, resources: tuple[Resource, ...]
                    ) -> None:
    """A store whose edition ``old`` has the files the pipeline wrote before the rename (no
    columns version, old column names), one old change row naming ``effort_max_days``, and no
    database built by this version (an older one read the files with ``SELECT *``)."""
    publish_tables(CuratedStore(root), "old", build_tables(document, resources, WHEN))
    for name, downgrade in OLD_FILES.items():
        path = root / name / "edition_dir=old" / "part-0.parquet"
        pq.write_table(downgrade(pq.read_table(path).replace_schema_metadata(None)), path)
    change = {"catalog": None, "edition": "old", "from_edition": "older", "to_edition": "old",
              "resource_key": "政务云平台", "name": "政务云平台", "change": "modified",
              "field": "effort_max_days", "old_value": "3", "new_value": "2"}
    (root / "changes" / "edition_dir=old").mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist([change]),
                   root / "changes" / "edition_dir=old" / "part-0.parquet")
    (root / DATABASE_FILE).unlink()


def test_an_older_store_is_read_in_the_current_columns(
    tmp_path: Path, document: SourceDocument, weekly: tuple[Resource, ...]
) -> None:
    write_old_store(tmp_path, document, weekly)
    store = CuratedStore(tmp_path)
    tables = store.read("old")
    resources = tables["resources"]
    assert resources.schema.names == SCHEMAS["resources"].names
    assert [(r["effort_min"], r["effort_max"], r["effort_unit"], r["effort_person_days_min"],
             r["effort_person_days_max"]) for r in resources.to_pylist()[:2]] == [
        (2.0, 2.0, "person_day", 2.0, 2.0), (2.0, 2.0, "week", None, None)]
    components = [c for c in tables["effort_components"].to_pylist()
                  if c["resource_key"] == "电子政务短信服务平台"]
    assert [(c["party"], c["figure_min"], c["figure_max"], c["person_days_min"])
            for c in components] == [(None, 15.0, 15.0, 15.0), ("应用单位", 10.0, 10.0, 10.0),
                                     ("平台单位", 5.0, 5.0, 5.0)]  # fmt: skip
    assert set(tables["resource_items"].column("label").to_pylist()) == {None}
    changes = export.edition_tables(store, "old")["changes"]
    assert changes.column("field").to_pylist() == ["effort_max"]  # mapped on read


def test_an_older_store_is_exported_with_the_new_headers(
    tmp_path: Path, document: SourceDocument, weekly: tuple[Resource, ...]
) -> None:
    write_old_store(tmp_path / "curated", document, weekly)
    parser = argparse.ArgumentParser()
    export.register(parser.add_subparsers(dest="command"))
    out = tmp_path / "out"
    assert export.run(parser.parse_args(
        ["export", "--format", "csv", "--curated", str(tmp_path / "curated"), "--out", str(out)]
    )) == 0
    lines = (out / "old-resources.csv").read_text("utf-8-sig").splitlines()
    header = lines[0].split(",")
    columns = ["对接工作量下限", "对接工作量上限", "工作量单位", "对接工作量人天下限",
               "对接工作量人天上限"]
    at = header.index(columns[0])
    assert header[at:at + 5] == columns
    assert [line.split(",")[0:2] for line in lines[1:3]] == [["1", "政务云平台"], ["2", "政务网络"]]
    components = (out / "old-effort_components.csv").read_text("utf-8-sig").splitlines()
    assert components[0].split(",")[5:10] == [
        "分项工作量下限", "分项工作量上限", "工作量单位", "分项人天下限", "分项人天上限"]
    changes = (out / "old-changes.csv").read_text("utf-8-sig").splitlines()
    assert changes[1].split(",")[5] == "对接工作量上限"  # the field in words
    assert changes[1].split(",")[-1] == "effort_max"  # and its code, for machines


def test_a_new_edition_is_diffed_against_an_older_one_whose_files_the_commit_rewrites(
    tmp_path: Path, document: SourceDocument, weekly: tuple[Resource, ...]
) -> None:
    write_old_store(tmp_path, document, weekly)
    store = CuratedStore(tmp_path)
    first = weekly[0]
    more = replace(first.effort, min_days=5.0, max_days=5.0)
    publish_parsed(ParsedEdition(document, (replace(first, effort=more), *weekly[1:])), "new",
                   store)
    changes = store.read("new", ("changes",))["changes"].to_pylist()
    assert [(c["resource_key"], c["change"], c["field"], c["old_value"], c["new_value"])
            for c in changes] == [
        ("政务云平台", "modified", "effort_min", "2", "5"),
        ("政务云平台", "modified", "effort_max", "2", "5"),
    ]
    for name in ("resources", "effort_components", "resource_items", "changes", "editions"):
        schema = pq.read_schema(tmp_path / name / "edition_dir=old" / "part-0.parquet")
        assert schema.metadata[COLUMNS_VERSION_KEY] == b"2", name
        assert schema.names == ["catalog", "edition", *STORED_SCHEMAS[name].names], name
    old = pq.read_table(tmp_path / "resources" / "edition_dir=old" / "part-0.parquet")
    assert old.column("effort_person_days_max").to_pylist()[:2] == [2.0, None]
    old_changes = pq.read_table(tmp_path / "changes" / "edition_dir=old" / "part-0.parquet")
    assert old_changes.column("field").to_pylist() == ["effort_max"]
    with duckdb.connect(str(tmp_path / DATABASE_FILE), read_only=True) as con:
        assert con.execute(
            "SELECT edition, effort_max, effort_unit, effort_person_days_max FROM resources "
            "WHERE seq = 2 ORDER BY edition").fetchall() == [
            ("new", 2.0, "week", None), ("old", 2.0, "week", None)]


def test_the_database_reads_another_catalogs_older_files_in_the_current_columns(
    tmp_path: Path, document: SourceDocument, weekly: tuple[Resource, ...],
    seed_resources: tuple[Resource, ...],
) -> None:
    """A commit rewrites its own catalog's files only; the views read the others' as well."""
    write_old_store(tmp_path, document, weekly)
    publish_tables(CuratedStore(tmp_path, catalog="思明区"),
        "2025", build_tables(document, seed_resources, WHEN))
    assert "effort_min_days" in pq.read_schema(
        tmp_path / "resources" / "edition_dir=old" / "part-0.parquet").names
    with duckdb.connect(str(tmp_path / DATABASE_FILE), read_only=True) as con:
        assert con.execute(
            "SELECT catalog, effort_min, effort_max, effort_unit, effort_person_days_min, "
            "effort_person_days_max FROM resources WHERE seq = 2 ORDER BY catalog NULLS FIRST"
        ).fetchall() == [(None, 2.0, 2.0, "week", None, None),
                         ("思明区", 2.0, 2.0, "person_day", 2.0, 2.0)]
        assert con.execute(
            "SELECT catalog, party, figure_max, person_days_max FROM effort_components "
            "WHERE resource_key = '电子政务短信服务平台' AND party = '平台单位' "
            "ORDER BY catalog NULLS FIRST").fetchall() == [
            (None, "平台单位", 5.0, 5.0), ("思明区", "平台单位", 5.0, 5.0)]
        assert con.execute("SELECT DISTINCT label FROM resource_items").fetchall() == [(None,)]
        assert con.execute("SELECT field FROM changes").fetchall() == [("effort_max",)]
        assert con.execute(
            'SELECT catalog, "effort_party_平台单位_max", "effort_party_平台单位_person_days_max" '
            "FROM resources_latest WHERE seq = 11 ORDER BY catalog NULLS FIRST").fetchall() == [
            (None, 5.0, 5.0), ("思明区", 5.0, 5.0)]


def test_the_site_shows_an_entrys_other_sections_and_their_changes(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...]
) -> None:
    store = CuratedStore(tmp_path)
    first = replace(seed_resources[0], other_sections=(("主管单位", "区数据管理局"),))
    publish_parsed(ParsedEdition(document, (first, *seed_resources[1:])), "a", store)
    changed = replace(first, other_sections=(("主管单位", "区大数据中心"),))
    publish_parsed(ParsedEdition(document, (changed, *seed_resources[1:])), "b", store)
    page = (tmp_path / "_site" / "editions" / "b.html").read_text("utf-8")
    assert '<div class="other-section">主管单位：区大数据中心</div>' in page
    assert "主管单位（其他栏目）" in page
