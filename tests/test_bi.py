"""``catalog.duckdb`` (views over the store, rebuilt by commits) and column descriptions in the
files (``catalog export``: tests/test_export.py)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.ingest import ParsedEdition, publish_parsed
from pipeline.models import Resource, SourceDocument
from pipeline.outputs import bi, publish_tables, refresh_outputs
from pipeline.outputs.bi import BiDatabaseWarning
from pipeline.parse.sources import read_source
from pipeline.store.layout import DATABASE_FILE
from pipeline.store.store import CuratedStore
from pipeline.tables import (
    CHANGES_SCHEMA,
    DESCRIPTION_KEY,
    ITEM_SECTIONS,
    STORED_SCHEMAS,
    build_tables,
)
from tests.conftest import SEED

WHEN = datetime(2025, 1, 1, tzinfo=UTC)
#: The first entry's functions in the second edition (one item changed, one added).
NEW_FUNCTIONS = ("统一的云计算资源服务", "新增的容灾备份服务")
PARTY_COLUMNS = [
    "effort_party_应用单位_min", "effort_party_应用单位_max",
    "effort_party_应用单位_person_days_min", "effort_party_应用单位_person_days_max",
    "effort_party_平台单位_min", "effort_party_平台单位_max",
    "effort_party_平台单位_person_days_min", "effort_party_平台单位_person_days_max",
]


@pytest.fixture(scope="module")
def document() -> SourceDocument:
    return read_source(SEED)


@pytest.fixture(scope="module")
def second(seed_resources: tuple[Resource, ...]) -> tuple[Resource, ...]:
    """The second edition: entry 26 removed, entry 1's functions changed."""
    first = replace(seed_resources[0], functions=NEW_FUNCTIONS)
    return (first, *seed_resources[1:-1])


def publish(store: CuratedStore, label: str, document: SourceDocument,
            resources: Sequence[Resource]) -> None:
    publish_tables(store, label, build_tables(document, resources, WHEN))


def stage_changes(store: CuratedStore, label: str, rows: Sequence[tuple[str, str, str | None]]
                  ) -> None:
    """Publish hand-made change rows (resource_key, change, field) for ``label``."""
    table = pa.Table.from_pylist(
        [{"from_edition": "x", "to_edition": label, "resource_key": key, "name": key,
          "change": change, "field": field, "old_value": None, "new_value": None}
         for key, change, field in rows], schema=CHANGES_SCHEMA)
    with store.transaction() as tx:
        tx.stage_table("changes", label, table, CHANGES_SCHEMA)
        tx.commit()
        refresh_outputs(store, tx.changed)


def query(root: Path, sql: str) -> list[tuple[object, ...]]:
    """``sql`` on the store's database, opened as a BI tool would: fresh and read-only."""
    with duckdb.connect(str(root / DATABASE_FILE), read_only=True) as con:
        return con.execute(sql).fetchall()


def columns(root: Path, view: str) -> list[str]:
    return [str(row[0]) for row in query(root, f"DESCRIBE {view}")]


# --- the database --------------------------------------------------------------------------------


def test_one_edition_has_26_latest_rows_and_an_empty_typed_changes_view(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...]
) -> None:
    publish(CuratedStore(tmp_path), "e1", document, seed_resources)
    assert query(tmp_path, "SELECT count(*) FROM resources_latest") == [(26,)]
    assert query(tmp_path, "SELECT count(*) FROM changes") == [(0,)]
    assert query(tmp_path, "DESCRIBE changes") == [
        ("catalog", "VARCHAR", "YES", None, None, None),
        ("edition", "VARCHAR", "YES", None, None, None),
        *[(name, "VARCHAR", "YES", None, None, None) for name in CHANGES_SCHEMA.names]]
    assert query(tmp_path, "SELECT first_edition, last_edition, editions_seen, times_modified, "
                           "present_in_latest, count(*) FROM resource_history GROUP BY ALL") == [
        ("e1", "e1", 1, 0, True, 26)]
    for view in bi.BASE_VIEWS:
        assert columns(tmp_path, view)[:2] == ["catalog", "edition"]
        assert "edition_dir" not in columns(tmp_path, view)


def test_resources_latest_is_one_wide_row_per_entry(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...]
) -> None:
    publish(CuratedStore(tmp_path), "e1", document, seed_resources)
    assert columns(tmp_path, "resources_latest") == [
        "catalog", "edition", *STORED_SCHEMAS["resources"].names, *(s for s, _ in ITEM_SECTIONS),
        *PARTY_COLUMNS]
    assert query(tmp_path, "SELECT count(*), count(DISTINCT resource_key) "
                           "FROM resources_latest") == [(26, 26)]
    assert query(tmp_path, "SELECT functions FROM resources_latest WHERE seq = 1") == [
        ("；".join(seed_resources[0].functions),)]
    party = ", ".join(f'"{c}"' for c in PARTY_COLUMNS)
    assert query(tmp_path, f"SELECT network_types, effort_max, {party} "
                           "FROM resources_latest WHERE seq = 11") == [
        ("政务外网；政务内网", 15.0, 10.0, 10.0, 10.0, 10.0, 5.0, 5.0, 5.0, 5.0)]
    assert query(tmp_path, f"SELECT {party} FROM resources_latest WHERE seq = 1") == [
        (None,) * 8]


def test_ingesting_a_second_edition_moves_the_latest_rows_and_the_history(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...],
    second: tuple[Resource, ...], published_seed: Callable[..., Path],
) -> None:
    """Through the real ingest (quality gate, change records, validation result in one commit)."""
    store = CuratedStore(published_seed(tmp_path, "2024-06"))
    publish_parsed(ParsedEdition(document, second), "2025-01", store)
    assert query(tmp_path, "SELECT count(*), count(DISTINCT resource_key), min(edition), "
                           "max(edition) FROM resources_latest") == [(25, 25, "2025-01", "2025-01")]
    assert query(tmp_path, "SELECT functions FROM resources_latest WHERE seq = 1") == [
        ("统一的云计算资源服务；新增的容灾备份服务",)]
    removed, changed = seed_resources[-1].resource_key, seed_resources[0].resource_key
    history = "SELECT first_edition, last_edition, editions_seen, times_modified, " \
              "present_in_latest FROM resource_history WHERE resource_key = ?"
    with duckdb.connect(str(tmp_path / DATABASE_FILE), read_only=True) as con:
        assert con.execute(history, [removed]).fetchall() == [
            ("2024-06", "2024-06", 1, 0, False)]
        assert con.execute(history, [changed]).fetchall() == [
            ("2024-06", "2025-01", 2, 1, True)]
        assert con.execute("SELECT count(*) FROM resource_history").fetchall() == [(26,)]
        assert con.execute("SELECT change, count(*) FROM changes GROUP BY 1 ORDER BY 1"
                           ).fetchall() == [("modified", 1), ("removed", 1)]


def test_times_modified_counts_editions_with_a_modification_or_rename(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...]
) -> None:
    store = CuratedStore(tmp_path)
    for label in ("e1", "e2", "e3"):
        publish(store, label, document, seed_resources)
    key, other = seed_resources[0].resource_key, seed_resources[1].resource_key
    stage_changes(store, "e2", [(key, "modified", "name"), (key, "modified", "overview"),
                                (other, "added", None)])
    stage_changes(store, "e3", [(key, "renamed", "name"), (other, "removed", None)])
    rows = query(tmp_path, "SELECT resource_key, times_modified, first_edition, last_edition, "
                           "editions_seen FROM resource_history ORDER BY times_modified DESC, "
                           "resource_key LIMIT 2")
    assert rows[0] == (key, 2, "e1", "e3", 3)
    assert rows[1][1] == 0


def test_a_new_edition_keeps_the_views_and_a_new_shape_replaces_them(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...],
    second: tuple[Resource, ...],
) -> None:
    store, database = CuratedStore(tmp_path), tmp_path / DATABASE_FILE
    publish(store, "e1", document, seed_resources)
    first, first_bytes = database.stat(), database.read_bytes()
    publish(store, "e2", document, second)  # a new partition: the views' globs read it
    assert (database.stat().st_ino, database.read_bytes()) == (first.st_ino, first_bytes)
    assert query(tmp_path, "SELECT count(*), any_value(edition) FROM resources_latest") == [
        (25, "e2")]
    key = seed_resources[0].resource_key
    stage_changes(store, "e2", [(key, "modified", "functions")])  # the first changes file
    assert database.stat().st_ino != first.st_ino  # a new file moved in, never rewritten
    assert query(tmp_path, "SELECT resource_key, change FROM changes") == [(key, "modified")]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".catalog.duckdb.lock", ".lock", "_site", DATABASE_FILE, "changes", "editions",
        "effort_components", "resource_items", "resources"]


def test_a_new_breakdown_party_replaces_the_views(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...]
) -> None:
    store, database = CuratedStore(tmp_path), tmp_path / DATABASE_FILE
    publish(store, "e1", document, seed_resources)
    before = query(tmp_path, "SELECT column_name FROM duckdb_columns() WHERE table_name = "
                             "'resources_latest' AND column_name LIKE 'effort_party_%'")
    first = database.stat().st_ino
    tables = build_tables(document, seed_resources, WHEN)
    components = tables["effort_components"]
    party = components.schema.get_field_index("party")
    renamed = pa.array(["新单位" if p is not None else None
                        for p in components.column("party").to_pylist()], pa.string())
    publish_tables(store, "e2", {**tables, "effort_components":
                                 components.set_column(party, "party", renamed)})
    after = query(tmp_path, "SELECT column_name FROM duckdb_columns() WHERE table_name = "
                            "'resources_latest' AND column_name LIKE 'effort_party_%新单位%'")
    assert before and database.stat().st_ino != first
    assert after == [("effort_party_新单位_min",), ("effort_party_新单位_max",),
                     ("effort_party_新单位_person_days_min",),
                     ("effort_party_新单位_person_days_max",)]


def test_a_commit_without_table_changes_keeps_the_database_byte_for_byte(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...]
) -> None:
    store = CuratedStore(tmp_path)
    publish(store, "e1", document, seed_resources)
    before = (tmp_path / DATABASE_FILE).read_bytes()
    with store.transaction() as tx:
        tx.commit()
    assert (tmp_path / DATABASE_FILE).read_bytes() == before


def test_a_store_without_editions_gets_no_database(tmp_path: Path) -> None:
    with CuratedStore(tmp_path).transaction() as tx:
        tx.commit()
    assert not (tmp_path / DATABASE_FILE).exists()


def test_relative_paths_would_follow_the_working_directory_so_views_are_absolute(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DuckDB resolves a view's relative path against the querying process's working
    directory, not the database's folder: relative views break anywhere else."""
    store = tmp_path / "curated"
    publish(CuratedStore(store), "e1", document, seed_resources)
    monkeypatch.chdir(store)
    with duckdb.connect("relative.duckdb") as con:
        con.execute("CREATE VIEW r AS SELECT * FROM read_parquet('resources/*/*.parquet')")
        assert con.execute("SELECT count(*) FROM r").fetchall() == [(26,)]
    monkeypatch.chdir(tmp_path)
    with (duckdb.connect(str(store / "relative.duckdb"), read_only=True) as con,
          pytest.raises(duckdb.IOException, match="No files found")):
        con.execute("SELECT count(*) FROM r")
    assert query(store, "SELECT count(*) FROM resources") == [(26,)]  # the absolute one works


def test_a_moved_store_is_repointed_by_its_next_commit(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...]
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    publish(CuratedStore(old), "e1", document, seed_resources)
    shutil.move(old, new)
    with pytest.raises(duckdb.IOException):
        query(new, "SELECT count(*) FROM resources")
    moved = CuratedStore(new)
    with moved.transaction() as tx:  # any commit, even one that changes no table, and the
        tx.commit()  # refresh each run makes after its commit
        refresh_outputs(moved, tx.changed)
    assert query(new, "SELECT count(*) FROM resources_latest") == [(26,)]


def test_a_failed_rebuild_warns_and_the_commit_stands(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...],
    second: tuple[Resource, ...], monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = CuratedStore(tmp_path)
    publish(store, "e1", document, seed_resources)
    before = (tmp_path / DATABASE_FILE).read_bytes()

    def broken(root: Path, target: Path) -> None:
        raise duckdb.IOException("disk full")

    monkeypatch.setattr(bi, "build_database", broken)
    publish(store, "e2", document, second)  # the same shape: nothing to rebuild
    with pytest.warns(BiDatabaseWarning, match="catalog.duckdb was not rebuilt .*disk full"):
        stage_changes(store, "e2", [(seed_resources[0].resource_key, "modified", "functions")])
    assert store.labels() == ["e1", "e2"]
    assert store.read("e2", ("changes",))["changes"].num_rows == 1
    assert (tmp_path / DATABASE_FILE).read_bytes() == before


def test_build_database_leaves_no_temporary_file_on_failure(tmp_path: Path) -> None:
    (tmp_path / "resources" / "edition_dir=e1").mkdir(parents=True)
    (tmp_path / "resources" / "edition_dir=e1" / "part-0.parquet").write_bytes(b"not parquet")
    with pytest.raises(duckdb.Error):
        bi.build_database(tmp_path, tmp_path / DATABASE_FILE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["resources"]


# --- descriptions --------------------------------------------------------------------------------


def test_every_column_of_every_table_has_a_description_in_its_file(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...]
) -> None:
    for name, schema in STORED_SCHEMAS.items():
        for field in schema:
            assert (field.metadata or {}).get(DESCRIPTION_KEY.encode()), (name, field.name)
    publish(CuratedStore(tmp_path), "e1", document, seed_resources)
    stored = pq.read_schema(tmp_path / "resources" / "edition_dir=e1" / "part-0.parquet")
    assert stored.field("effort_min").metadata == {
        b"description": b"headline effort, lower end, in effort_unit (weeks stay weeks); null "
                        b"when not stated"}



def test_the_rebuild_at_the_end_of_a_run_sees_what_its_commits_added(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...]
) -> None:
    """A run of many editions leaves the database to one rebuild at its end: whatever its
    commits changed (here a new breakdown party) is in the views then."""
    from pipeline.outputs import rebuild_database

    store = CuratedStore(tmp_path)
    publish(store, "e1", document, seed_resources)
    tables = build_tables(document, seed_resources, WHEN)
    components = tables["effort_components"]
    party = components.schema.get_field_index("party")
    renamed = pa.array(["新单位" if p is not None else None
                        for p in components.column("party").to_pylist()], pa.string())
    store.write_edition_tables("e2", {**tables, "effort_components":
                                      components.set_column(party, "party", renamed)})
    assert rebuild_database(store) is True
    assert query(tmp_path, "SELECT count(*) FROM duckdb_columns() WHERE table_name = "
                           "'resources_latest' AND column_name LIKE 'effort_party_新单位%'") == [
        (4,)]


def test_a_built_database_stands_alone_and_its_shape_is_the_one_a_reader_finds(
    tmp_path: Path, document: SourceDocument, seed_resources: tuple[Resource, ...],
    second: tuple[Resource, ...],
) -> None:
    """The views are built in a file attached to the process's in-memory DuckDB: the file is
    whole once detached (no ``.wal`` beside it, every view answers when a BI tool opens it
    alone), no file stays attached, and the shape the build keeps for the next commit's check
    is the one the file records."""
    store = CuratedStore(tmp_path)
    publish(store, "e1", document, seed_resources)
    publish(store, "e2", document, second)
    target = tmp_path / DATABASE_FILE
    built = bi.build_database(tmp_path, target)
    assert sorted(p.name for p in tmp_path.iterdir() if "duckdb" in p.name) == [
        ".catalog.duckdb.lock", DATABASE_FILE]
    assert bi.ViewShape._read(target) == built == bi.ViewShape.recorded(target)
    assert built.parties == ["应用单位", "平台单位"]
    assert query(tmp_path, "SELECT count(*) FROM resources") == [(len(seed_resources)
                                                                   + len(second),)]
    assert query(tmp_path, "SELECT count(*) FROM resources_latest") == [(len(second),)]
    with bi._cursor() as con:
        attached = con.execute("SELECT database_name FROM duckdb_databases()").fetchall()
    assert not [name for (name,) in attached if name.startswith(bi.ATTACHED_PREFIX)]
