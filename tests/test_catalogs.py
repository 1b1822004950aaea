"""Many catalogs (publishers) in one store: ``--catalog``, the ``catalog_dir=`` layout and the
``catalog`` column, order and changes within a catalog, one lock per catalog, readers across
catalogs (pandas, DuckDB)."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.errors import PublishError
from pipeline.outputs import publish_tables
from pipeline.store.layout import DATABASE_FILE, StoreLayout
from pipeline.store.store import CuratedStore
from tests.conftest import SEED

# its module fixture is built once, on one worker, not once on each
pytestmark = pytest.mark.xdist_group("catalogs")

JIMEI = Path(__file__).parent / "data" / "jimei-catalog.txt"
HAICANG, JIMEI_ID = "海沧区", "集美区"
#: The bundled edition with entry 1's name changed: one renamed entry against 2024.
RENAMED = ("政务云平台", "政务云服务平台")


def ingest(store: Path, source: Path, label: str, catalog: str | None = None) -> int:
    extra = ["--catalog", catalog] if catalog else []
    return main(["ingest", str(source), "--edition", label, "--curated", str(store), "-q",
                 *extra])  # fmt: skip


def unordered(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """An edition's tables read back, ready to publish under another label: its place in the
    order is the new store's to give."""
    editions = tables["editions"]
    at = editions.schema.get_field_index("ingest_seq")
    return {**tables, "editions": editions.set_column(
        at, editions.schema.field(at), pa.nulls(editions.num_rows, pa.int32()))}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two catalogs with an edition labelled 2024 each, 海沧区 with a second (2025) whose
    entry 1 is renamed, and the unnamed catalog's 2024 (the bundled edition)."""
    root = tmp_path_factory.mktemp("catalogs") / "curated"
    newer = root.parent / "haicang-2025.txt"
    text = SEED.read_text(encoding="utf-8")
    for old, new in ((f"一、{RENAMED[0]}\n", f"一、{RENAMED[1]}\n"),
                     (f"\n{RENAMED[0]}\n", f"\n{RENAMED[1]}\n")):  # heading and name
        assert old in text
        text = text.replace(old, new, 1)
    newer.write_text(text, encoding="utf-8")
    assert ingest(root, SEED, "2024", HAICANG) == 0
    assert ingest(root, JIMEI, "2024", JIMEI_ID) == 0
    assert ingest(root, newer, "2025", HAICANG) == 0
    assert ingest(root, SEED, "2024") == 0
    return root


def test_each_catalog_has_its_folders_and_the_unnamed_one_keeps_the_old_layout(
    store: Path,
) -> None:
    files = {p.relative_to(store).as_posix() for p in store.rglob("*.parquet")}
    assert {f for f in files if f.startswith("resources/")} == {
        "resources/edition_dir=2024/part-0.parquet",
        f"resources/catalog_dir={HAICANG}/edition_dir=2024/part-0.parquet",
        f"resources/catalog_dir={HAICANG}/edition_dir=2025/part-0.parquet",
        f"resources/catalog_dir={JIMEI_ID}/edition_dir=2024/part-0.parquet",
    }
    assert (store / "_catalogs" / HAICANG / "_site" / "editions" / "2025.html").is_file()
    assert (store / "_catalogs" / HAICANG / "_reports" / "2025" / "changes.md").is_file()
    assert (store / "_site" / "editions" / "2024.html").is_file()
    assert not (store / "_site" / "editions" / "2025.html").exists()
    assert sorted(p.name for p in (store / "_catalogs").iterdir()) == [HAICANG, JIMEI_ID]


def test_editions_are_ordered_and_compared_within_their_catalog(store: Path) -> None:
    curated = CuratedStore(store)
    assert curated.catalogs() == [None, HAICANG, JIMEI_ID]
    haicang = curated.in_catalog(HAICANG)
    assert [(e.edition, e.ingest_seq) for e in haicang.editions()] == [("2024", 1), ("2025", 2)]
    assert [(e.edition, e.ingest_seq) for e in curated.in_catalog(JIMEI_ID).editions()] == [
        ("2024", 1)]
    assert curated.labels() == ["2024"]
    assert haicang.previous("2025") == "2024"
    changes = haicang.read("2025", ("changes",))["changes"].to_pylist()
    assert [(c["from_edition"], c["to_edition"], c["resource_key"], c["change"], c["name"])
            for c in changes] == [("2024", "2025", RENAMED[1], "renamed", RENAMED[1])]
    # the first edition of a catalog has nothing to compare with, whatever other catalogs hold
    assert curated.in_catalog(JIMEI_ID).table_key("changes", "2024") is None
    assert curated.table_key("changes", "2024") is None


def test_pandas_reads_every_catalog_in_one_go(store: Path) -> None:
    resources = pd.read_parquet(store / "resources", columns=["catalog", "edition", "name"])
    counts = resources.groupby([resources["catalog"].fillna("(unnamed)"), "edition"],
                               observed=True).size().to_dict()  # fmt: skip
    assert counts == {("(unnamed)", "2024"): 26, (HAICANG, "2024"): 26, (HAICANG, "2025"): 26,
                      (JIMEI_ID, "2024"): 18}  # fmt: skip
    assert set(resources.loc[resources["catalog"] == HAICANG, "name"]) >= set(RENAMED)


def test_duckdb_views_take_each_catalogs_latest_edition(store: Path) -> None:
    with duckdb.connect(str(store / DATABASE_FILE), read_only=True) as con:
        latest = con.execute("SELECT catalog, edition, count(*) FROM resources_latest "
                             "GROUP BY ALL ORDER BY catalog NULLS FIRST").fetchall()  # fmt: skip
        history = con.execute(
            "SELECT catalog, resource_key, former_keys, first_edition, last_edition, "
            "editions_seen, present_in_latest "
            "FROM resource_history WHERE resource_key IN (?, ?) "
            "ORDER BY catalog NULLS FIRST, first_edition", list(RENAMED)).fetchall()  # fmt: skip
    assert latest == [(None, "2024", 26), (HAICANG, "2025", 26), (JIMEI_ID, "2024", 18)]
    # the key follows the name, the history follows the rename: in 海沧区 one entry, seen in
    # 2024 under its old key and in 2025 under its new one
    old_key, new_key = RENAMED
    assert history == [(None, old_key, None, "2024", "2024", 1, True),
                       (HAICANG, new_key, old_key, "2024", "2025", 2, True)]


def test_a_catalog_id_that_cannot_name_a_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        ingest(tmp_path / "curated", SEED, "2024", "../x")
    assert stopped.value.code == 2
    assert "argument --catalog: catalog '../x' is not usable" in capsys.readouterr().err
    assert not (tmp_path / "curated").exists()
    with pytest.raises(PublishError, match="catalog '_x' is not usable"):
        StoreLayout("_x")


def test_catalogs_are_written_at_once_and_one_catalog_in_turn(
    tmp_path: Path, store: Path
) -> None:
    tables = unordered(CuratedStore(store, catalog=JIMEI_ID).read("2024"))
    root = tmp_path / "curated"
    first, other = CuratedStore(root, catalog="A"), CuratedStore(root, catalog="B")
    done = threading.Event()
    with first.transaction() as tx:
        tx.stage_tables("a1", tables)
        # B publishes while A's transaction holds A's lock, its staged files in place
        writer = threading.Thread(target=lambda: (publish_tables(other, "b1", tables),
                                                  done.set()))  # fmt: skip
        writer.start()
        writer.join(timeout=60)
        assert done.is_set()
        # the unnamed catalog too: its recovery clears _staging/, not A's
        publish_tables(CuratedStore(root), "u1", tables)
        with pytest.raises(PublishError, match="another run is publishing"), \
                first.transaction(timeout=0.2):  # fmt: skip
            pass
        tx.commit()
    assert first.labels() == ["a1"] and other.labels() == ["b1"]
    assert CuratedStore(root).labels() == ["u1"]
    assert first.read("a1")["resources"].num_rows == 18


def test_a_store_from_before_catalogs_is_read_then_migrated_by_its_next_commit(
    tmp_path: Path, store: Path
) -> None:
    tables = unordered(CuratedStore(store).read("2024"))
    root = tmp_path / "curated"
    old = CuratedStore(root)
    publish_tables(old, "e1", tables)
    for file in root.rglob("*.parquet"):  # as written before catalogs: no catalog column
        pq.write_table(pq.read_table(file).drop_columns(["catalog"]), file)
    assert old.labels() == ["e1"] and old.read("e1")["resources"].num_rows == 26
    publish_tables(old, "e2", tables)
    for file in root.rglob("*.parquet"):
        assert pq.read_schema(file).names[:2] == ["catalog", "edition"], file
    resources = pd.read_parquet(root / "resources", columns=["catalog", "edition"])
    assert resources["catalog"].isna().all() and sorted(set(resources["edition"])) == ["e1", "e2"]
    with duckdb.connect(str(root / DATABASE_FILE), read_only=True) as con:
        assert con.execute("SELECT catalog, edition, count(*) FROM resources_latest "
                           "GROUP BY ALL").fetchall() == [(None, "e2", 26)]  # fmt: skip


def test_a_command_on_the_wrong_catalog_names_the_stores_catalogs(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--curated", str(store), "--catalog", "思明区"]) == 1
    assert capsys.readouterr().err == (
        f"error: {store}: no published editions in catalog 思明区; the store's catalogs: "
        f"(unnamed), {HAICANG}, {JIMEI_ID} (choose one with --catalog)\n")
