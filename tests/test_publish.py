"""Curated tables: fixed schemas, Hive layout readable by pandas and DuckDB, whole replacement."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from pipeline.errors import PublishError
from pipeline.models import Resource
from pipeline.parse.sources import read_source
from pipeline.store.store import CuratedStore
from pipeline.tables import SCHEMAS, build_tables, with_validation
from tests.conftest import SEED
from tests.test_bundled_edition import EFFORTS, ENTRIES

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def seed_tables(seed_resources: tuple[Resource, ...]) -> dict[str, pa.Table]:
    return build_tables(read_source(SEED), seed_resources, WHEN)


def test_tables_have_their_fixed_schemas(seed_tables: dict[str, pa.Table]) -> None:
    for name, table in seed_tables.items():
        assert table.schema.equals(SCHEMAS[name]), name
    assert SCHEMAS["resources"].field("seq").type == pa.int32()
    assert SCHEMAS["resources"].field("effort_min").type == pa.float64()
    assert SCHEMAS["resources"].field("effort_open_ended").type == pa.bool_()
    assert all(not pa.types.is_nested(f.type) for s in SCHEMAS.values() for f in s)


def test_row_counts(seed_tables: dict[str, pa.Table]) -> None:
    assert seed_tables["resources"].num_rows == 26
    assert seed_tables["editions"].num_rows == 1
    items = seed_tables["resource_items"].to_pandas()
    counts = items.groupby("section").size().to_dict()
    assert counts == {
        "functions": sum(row[4] for row in ENTRIES),  # 83
        "access_targets": sum(row[5] for row in ENTRIES),  # 28
        "supporting_docs": 32,
        "network_types": 39,
        "keywords": 26 * 8,
        "contact_phones": 26,  # every entry: 区政府服务热线 96180
    }
    assert counts["functions"] == 83 and counts["access_targets"] == 28
    # 16 one-clause efforts, 5 with two clauses (seq 4, 10, 16, 17, 22), 5 breakdowns of three
    assert seed_tables["effort_components"].num_rows == 16 + 5 * 2 + 5 * 3


def test_editions_row(seed_tables: dict[str, pa.Table]) -> None:
    row = seed_tables["editions"].to_pylist()[0]
    assert row["source_file"] == "haicang-catalog.txt"
    assert (row["source_format"], row["pages"], row["entries"]) == ("text", 52, 26)
    assert row["ingested_at"] == WHEN
    assert len(row["source_sha256"]) == 64
    assert (row["validation_status"], row["warnings"]) == (None, None)  # not validated yet
    assert row["ingest_seq"] is None  # not placed in a store's order yet
    assert SCHEMAS["editions"].field("ingest_seq").type == pa.int32()


def test_with_validation_records_the_verdict(seed_tables: dict[str, pa.Table]) -> None:
    marked = with_validation(seed_tables, "warnings", 2)
    row = marked["editions"].to_pylist()[0]
    assert (row["validation_status"], row["warnings"]) == ("warnings", 2)
    assert marked["editions"].schema.equals(SCHEMAS["editions"])
    assert SCHEMAS["editions"].field("warnings").type == pa.int32()
    assert marked["resources"] is seed_tables["resources"]


def test_published_tables_read_back_with_an_edition_column(
    seed_tables: dict[str, pa.Table], tmp_path: Path
) -> None:
    store = CuratedStore(tmp_path)
    store.write_edition_tables("2024-06", seed_tables)
    store.write_edition_tables("2025-01", seed_tables)
    frame = pd.read_parquet(tmp_path / "resources")
    assert sorted(frame["edition"].astype(str).unique()) == ["2024-06", "2025-01"]
    assert len(frame) == 52
    con = duckdb.connect()
    rows = con.execute(
        "select edition, count(*), sum(effort_max) from read_parquet("
        f"'{tmp_path}/resources/*/*.parquet', hive_partitioning=true) group by 1 order by 1"
    ).fetchall()
    total = sum(effort[1] or 0 for effort in EFFORTS.values())
    assert total == 236
    assert rows == [("2024-06", 26, 236.0), ("2025-01", 26, 236.0)]


def test_republishing_replaces_the_edition_whole(
    seed_tables: dict[str, pa.Table], tmp_path: Path
) -> None:
    store = CuratedStore(tmp_path)
    store.write_edition_tables("e1", seed_tables)
    smaller = {name: table.slice(0, 1) for name, table in seed_tables.items()}
    store.write_edition_tables("e1", smaller)
    assert len(pd.read_parquet(tmp_path / "resources")) == 1
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    # the lock file stays (readers skip dot files); no staging folder or journal is left; the
    # outputs are refreshed by the runs that publish editions, not by the store's commit
    assert files == [
        ".lock", *(f"{t}/edition_dir=e1/part-0.parquet" for t in
                            ("editions", "effort_components", "resource_items", "resources"))]


@pytest.mark.parametrize("label", ["", "../x", "a/b", ".hidden", "_staging", "a b"])
def test_bad_labels_are_refused(seed_tables: dict[str, pa.Table], tmp_path: Path, label: str) -> None:
    with pytest.raises(PublishError, match="not usable"):
        CuratedStore(tmp_path).write_edition_tables(label, seed_tables)
    assert list(tmp_path.iterdir()) == []
