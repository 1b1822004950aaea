"""A journal is honoured only for the catalog whose journal it is; a failed validate leaves
nothing behind.

Regression (issue 22): a forged ``_catalogs/<id>/_staging/journal.json`` naming paths inside
the store made ``catalog validate --catalog <id>`` delete another catalog's published tables
and the whole ``_site/``, exit 0; ``catalog validate --catalog nosuch`` left
``_catalogs/nosuch/.lock``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.store.layout import StoreLayout
from pipeline.tables import STORED_SCHEMAS
from tests.conftest import SEED, tree_snapshot

# its module fixture is built once, on one worker, not once on each
pytestmark = pytest.mark.xdist_group("journal_scope")


@pytest.fixture(scope="module")
def two_catalogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the unnamed catalog and catalogs a and b, one edition each."""
    store = tmp_path_factory.mktemp("journal") / "curated"
    for catalog in (None, "a", "b"):
        chosen = ["--catalog", catalog] if catalog else []
        assert main(["ingest", str(SEED), "--edition", "2024", "--curated", str(store),
                     *chosen]) == 0  # fmt: skip
    return store


@pytest.mark.parametrize(("catalog", "target"), [
    ("b", "resources/catalog_dir=a/edition_dir=2024/part-0.parquet"),
    ("b", "_catalogs/a/_site"),
    ("b", "_catalogs/a/_reports/2024/validation.json"),
    ("b", "resources/catalog_dir=b"),
    ("b", "catalog.duckdb"),
    ("b", "_catalogs/b/_site"),
    ("b", "_catalogs/b/.lock"),
    (None, "_site"),
    (None, "resources/catalog_dir=a/edition_dir=2024"),
    (None, "_catalogs/b/_quarantine/2024"),
    (None, "catalog.duckdb"),
])
def test_a_journal_naming_files_not_its_catalogs_is_refused(
    catalog: str | None, target: str, two_catalogs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = two_catalogs / StoreLayout(catalog).journal
    journal.parent.mkdir(parents=True, exist_ok=True)
    own = f"{StoreLayout(catalog).reports_root}/2024/changes.md"  # its own: checked first
    journal.write_text(json.dumps([{"target": own, "backup": None},
                                   {"target": target, "backup": None}]), encoding="utf-8")
    before = tree_snapshot(two_catalogs)
    try:
        chosen = ["--catalog", catalog] if catalog else []
        assert main(["validate", "--curated", str(two_catalogs), *chosen]) == 1
        captured = capsys.readouterr()
        whose = f"catalog {catalog}" if catalog else "the unnamed catalog"
        assert captured.err.splitlines() == [
            f"error: {journal}: the journal of an interrupted run names {target!r}, which is "
            f"not among {whose}'s own files: it is not this program's; nothing was rolled "
            "back; remove it by hand after checking the store"]
        assert captured.out == ""
        assert tree_snapshot(two_catalogs) == before
    finally:
        journal.unlink()
    assert main(["validate", "--curated", str(two_catalogs), *chosen]) == 0  # the store is sound


@pytest.mark.parametrize(("catalog", "key", "owned"), [
    (None, "resources/edition_dir=2024/part-0.parquet", True),
    (None, "resources/edition=2024", True),
    (None, "_reports/2024/validation", True),
    (None, "_quarantine/2024", True),
    (None, "_staging/x/backup/3", True),
    (None, "resources/catalog_dir=a/edition_dir=2024/part-0.parquet", False),
    (None, "resources", False),
    (None, "_reports", False),
    (None, "_site/index.html", False),
    (None, ".lock", False),
    (None, "notes/edition_dir=2024", False),
    ("a", "resources/catalog_dir=a/edition_dir=2024/part-0.parquet", True),
    ("a", "_catalogs/a/_quarantine/2024", True),
    ("a", "_catalogs/a/_staging/x/backup/0", True),
    ("a", "resources/catalog_dir=ab/edition_dir=2024/part-0.parquet", False),
    ("a", "resources/edition_dir=2024/part-0.parquet", False),
    ("a", "_catalogs/a/_site", False),
    ("a", "_catalogs/ab/_reports/2024", False),
])
def test_what_a_catalog_owns(catalog: str | None, key: str, owned: bool) -> None:
    assert StoreLayout(catalog).owns(key, STORED_SCHEMAS) is owned


def test_validating_a_catalog_that_does_not_exist_leaves_nothing(
    two_catalogs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_snapshot(two_catalogs)
    folders = sorted(p for p in two_catalogs.rglob("*") if p.is_dir())
    assert main(["validate", "--curated", str(two_catalogs), "--catalog", "nosuch"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {two_catalogs}: no published editions in catalog nosuch; the store's "
        "catalogs: (unnamed), a, b (choose one with --catalog)"]
    assert tree_snapshot(two_catalogs) == before
    assert sorted(p for p in two_catalogs.rglob("*") if p.is_dir()) == folders
