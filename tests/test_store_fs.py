"""The store over its filesystem abstraction: the same code on a non-local filesystem, the
``edition`` column every reader types alike, and no symbolic link followed out of the store."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import fsspec
import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest

from pipeline.errors import PublishError
from pipeline.ingest import ParsedEdition, publish_parsed
from pipeline.models import Resource
from pipeline.outputs import publish_tables
from pipeline.parse.sources import read_source
from pipeline.store.fs import StoreFS
from pipeline.store.store import CuratedStore
from pipeline.tables import TABLE_NAMES, build_tables
from tests.conftest import SEED

Tables = dict[str, pa.Table]


@pytest.fixture(scope="module")
def seed_tables(seed_resources: tuple[Resource, ...]) -> Tables:
    return build_tables(read_source(SEED), seed_resources, datetime(2026, 1, 1, tzinfo=UTC))


def memory_store(name: str) -> tuple[CuratedStore, fsspec.AbstractFileSystem]:
    """A store on fsspec's in-memory filesystem (no local path anywhere), locked by a
    ``threading.Lock``: what an object store with its own lock looks like to the store."""
    memory = fsspec.filesystem("memory")
    memory.rm(f"/{name}", recursive=True) if memory.exists(f"/{name}") else None
    filesystem = pafs.PyFileSystem(pafs.FSSpecHandler(memory))
    guard = threading.Lock()

    @contextmanager
    def lock(timeout: float | None) -> Iterator[None]:
        if not guard.acquire(timeout=-1 if timeout is None else timeout):
            raise PublishError("held")
        try:
            yield
        finally:
            guard.release()

    return CuratedStore(f"/{name}", filesystem=filesystem, lock=lock), memory


def test_an_ingest_runs_unchanged_on_a_non_local_filesystem(
    seed_resources: tuple[Resource, ...]
) -> None:
    store, memory = memory_store("ingest")
    document = read_source(SEED)
    first = publish_parsed(ParsedEdition(document, seed_resources), "2024", store)
    second = publish_parsed(ParsedEdition(document, seed_resources[:25]), "2025", store)
    assert store.fs.local is None
    assert [(e.edition, e.ingest_seq, e.entries) for e in store.editions()] == [
        ("2024", 1, 26), ("2025", 2, 25)]
    assert first.report == "memory://ingest/_site/editions/2024.html"
    assert memory.isfile("/ingest/_site/editions/2024.html")  # the site is uploaded
    assert memory.isfile("/ingest/_site/editions/2025.html")
    result = json.loads(memory.cat("/ingest/_reports/2024/validation.json"))
    assert (result["edition"], result["status"]) == ("2024", "passed")
    assert second.changes is not None and second.changes.counts.removed == 1
    assert memory.cat("/ingest/_reports/2025/changes.md").decode("utf-8").count("| 删除 | 1 |") == 1
    resources = store.read("2025", ("resources",))["resources"]
    assert resources.num_rows == 25 and resources.column("seq").to_pylist()[-1] == 25
    with memory.open("/ingest/resources/edition_dir=2025/part-0.parquet", "rb") as handle:
        assert pq.read_table(handle).column("edition").to_pylist() == ["2025"] * 25
    assert not memory.exists("/ingest/_staging/journal.json")


def test_a_failed_commit_on_a_non_local_filesystem_is_rolled_back(seed_tables: Tables) -> None:
    store, memory = memory_store("rollback")
    publish_tables(store, "e", seed_tables)
    before = {path: memory.cat(path) for path in memory.find("/rollback/resources")}
    moves = [0]
    real = StoreFS.move

    class Died(Exception):
        pass

    def dying(fs: StoreFS, source: str, target: str) -> None:
        moves[0] += 1
        if moves[0] == 3:  # the journal is written, one table is swapped in
            raise Died
        real(fs, source, target)

    later = {**seed_tables, "resources": seed_tables["resources"].slice(0, 5)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StoreFS, "move", dying)
        with pytest.raises(Died):
            publish_tables(store, "e", later)
    assert {path: memory.cat(path) for path in memory.find("/rollback/resources")} == before
    assert store.read("e", ("resources",))["resources"].num_rows == 26
    assert not memory.exists("/rollback/_staging")


def test_a_store_without_a_lock_for_its_filesystem_refuses_to_write(seed_tables: Tables) -> None:
    memory = fsspec.filesystem("memory")
    store = CuratedStore("/nolock", filesystem=pafs.PyFileSystem(pafs.FSSpecHandler(memory)))
    assert store.editions() == ()  # reading needs no lock
    with pytest.raises(PublishError) as refused:
        publish_tables(store, "e", seed_tables)
    assert str(refused.value) == (
        "memory://nolock: cannot write here: there is no writer lock for this filesystem yet")


@pytest.mark.parametrize("labels", [("2024", "2025"), ("2024-06-30", "2025-01-31"),
                                    ("2024-06", "2025")])
def test_every_reader_types_edition_as_a_string(
    labels: tuple[str, str], seed_tables: Tables, tmp_path: Path
) -> None:
    """Whatever the labels look like (a year infers as a number from a folder name), each file
    holds ``edition`` as a string and pandas, DuckDB and a file-by-file reader (Power BI's
    Parquet connector) all read it so."""
    root = tmp_path / "curated"
    store = CuratedStore(root)
    for label in labels:
        publish_tables(store, label, seed_tables)
    for table in TABLE_NAMES:
        frame = pd.read_parquet(root / table)
        assert sorted(set(frame["edition"])) == sorted(labels), table
        assert all(isinstance(v, str) for v in frame["edition"]), table
        rows = duckdb.sql(
            f"SELECT DISTINCT edition, typeof(edition) FROM read_parquet('{root}/{table}/*/*.parquet')"
            " ORDER BY 1").fetchall()
        assert rows == [(label, "VARCHAR") for label in sorted(labels)], table
        for label in labels:
            path = root / table / f"edition_dir={label}" / "part-0.parquet"
            assert pq.read_schema(path).field("edition").type == pa.string()
    resources = pd.read_parquet(root / "resources")
    assert resources.groupby("edition").size().to_dict() == {label: 26 for label in labels}


def test_a_partition_linked_out_of_the_store_is_never_written_through(
    seed_tables: Tables, tmp_path: Path
) -> None:
    root, outside = tmp_path / "curated", tmp_path / "outside"
    outside.mkdir()
    (root / "resources").mkdir(parents=True)
    (root / "resources" / "edition_dir=e").symlink_to(outside, target_is_directory=True)
    with pytest.raises(PublishError, match="is a symbolic link out of the store"):
        publish_tables(CuratedStore(root), "e", seed_tables)
    assert list(outside.iterdir()) == []
    assert not (root / "_staging").exists()
