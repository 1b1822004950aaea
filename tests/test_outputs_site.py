"""The incremental site: after any sequence of commits, ``_site/`` is byte for byte what a full
rebuild of the same store renders, and each refresh writes only the pages it must."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.ingest import ParsedEdition, publish_parsed
from pipeline.models import Resource, SourceDocument
from pipeline.outputs.site import INDEX_ROWS, SITE_STAMP, refresh_site, site_stamp
from pipeline.parse.sources import read_source
from pipeline.store.store import CuratedStore
from tests.conftest import SEED, tree_snapshot

pytestmark = pytest.mark.xdist_group("store_site")


def _edition(resources: tuple[Resource, ...], step: int) -> tuple[Resource, ...]:
    """The ``step``-th edition of a small history: an entry dropped, one renamed, one's
    functions changed, in turn."""
    if step % 3 == 1:
        return resources[:-1]
    if step % 3 == 2:
        return tuple(replace(r, name=r.name + "（二期）") if r.seq == 2 else r for r in resources)
    return tuple(replace(r, functions=(*r.functions, f"第{step}项新增功能")) if r.seq == 1
                 else r for r in resources)  # fmt: skip


def _site(root: Path) -> dict[str, bytes]:
    return tree_snapshot(root / "_site")


@pytest.fixture(scope="module")
def document() -> SourceDocument:
    return read_source(SEED)


def test_the_site_after_incremental_commits_is_byte_identical_to_a_full_rebuild(
    seed_resources: tuple[Resource, ...], document: SourceDocument, tmp_path: Path
) -> None:
    store = CuratedStore(tmp_path)
    resources = seed_resources
    for step in range(4):
        resources = _edition(resources, step)
        publish_parsed(ParsedEdition(document, resources), f"e{step + 1}", store)
    # a re-published edition in the middle: its page, its neighbours' and the index change
    publish_parsed(ParsedEdition(document, seed_resources[:20]), "e2", store)
    incremental = _site(tmp_path)
    assert refresh_site(store, rebuild=True) is True
    rebuilt = _site(tmp_path)
    assert sorted(incremental) == sorted(rebuilt) == [
        "assets/site.css", *(f"editions/e{n}.html" for n in range(1, 5)), SITE_STAMP,
        INDEX_ROWS, "index.html"]
    assert incremental == rebuilt
    page = rebuilt["editions/e3.html"].decode()  # e3 is now compared with the new e2
    assert "e2" in page and seed_resources[20].name in page


def test_a_refresh_writes_only_the_changed_pages_neighbours_and_index(
    seed_resources: tuple[Resource, ...], document: SourceDocument, tmp_path: Path,
    published_seed: Callable[..., Path],
) -> None:
    store = CuratedStore(published_seed(tmp_path, "e1"))
    for number in range(2, 4):
        publish_parsed(ParsedEdition(document, seed_resources), f"e{number}", store)
    pages = tmp_path / "_site" / "editions"
    before = {p.name: p.stat().st_mtime_ns for p in pages.iterdir()}
    publish_parsed(ParsedEdition(document, seed_resources[:25]), "e4", store)
    after = {p.name: p.stat().st_mtime_ns for p in pages.iterdir()}
    rewritten = sorted(name for name in after if before.get(name) != after[name])
    assert rewritten == ["e3.html", "e4.html"]  # e3 gains its link to e4; e1, e2 are left


def test_a_site_rendered_by_other_templates_is_rebuilt_whole(
    seed_resources: tuple[Resource, ...], document: SourceDocument, tmp_path: Path,
    published_seed: Callable[..., Path],
) -> None:
    store = CuratedStore(published_seed(tmp_path, "e1"))
    stamp = tmp_path / "_site" / SITE_STAMP
    assert stamp.read_text(encoding="utf-8") == site_stamp()
    stale = tmp_path / "_site" / "editions" / "e1.html"
    stale.write_text("rendered by older templates", encoding="utf-8")
    stamp.write_text("catalog-pipeline 0.0 templates 0000\n", encoding="utf-8")
    publish_parsed(ParsedEdition(document, seed_resources[:25]), "e2", store)
    assert stamp.read_text(encoding="utf-8") == site_stamp()
    assert "rendered by older templates" not in stale.read_text(encoding="utf-8")


def test_catalog_site_rebuild_renders_every_page_again(
    seed_resources: tuple[Resource, ...], document: SourceDocument, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], published_seed: Callable[..., Path],
) -> None:
    from pipeline.cli import main

    store = CuratedStore(published_seed(tmp_path, "e1"))
    publish_parsed(ParsedEdition(document, seed_resources[:25]), "e2", store)
    page = tmp_path / "_site" / "editions" / "e1.html"
    rendered = page.read_bytes()
    page.write_text("edited by hand", encoding="utf-8")
    capsys.readouterr()
    assert main(["site", "--curated", str(tmp_path)]) == 0  # current: nothing to render
    assert capsys.readouterr().out == (
        f"catalog site already up to date: {tmp_path}/_site/index.html (2 editions)\n")
    assert page.read_text(encoding="utf-8") == "edited by hand"
    assert main(["site", "--rebuild", "--curated", str(tmp_path)]) == 0
    assert capsys.readouterr().out == (
        f"catalog site rendered: {tmp_path}/_site/index.html (2 editions)\n")
    assert page.read_bytes() == rendered


def test_catalog_site_of_an_empty_store_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.cli import main

    assert main(["site", "--curated", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path}: no published editions\n"


@pytest.mark.parametrize(("catalog", "key", "label"), [
    (None, "resources/edition_dir=2024/part-0.parquet", "2024"),
    (None, "changes/edition_dir=2025-06/part-0.parquet", "2025-06"),
    (None, "_reports/2024/validation.json", "2024"),
    (None, "_reports/2024/changes.md", None),
    (None, "_quarantine/2024/report.html", None),
    (None, "resources/edition=2024/part-0.parquet", None),  # the older layout
    (None, "resources/catalog_dir=思明区/edition_dir=2024/part-0.parquet", None),
    ("思明区", "resources/catalog_dir=思明区/edition_dir=2024/part-0.parquet", "2024"),
    ("思明区", "_catalogs/思明区/_reports/2024/validation.json", "2024"),
    ("思明区", "resources/edition_dir=2024/part-0.parquet", None),  # the unnamed catalog's
])  # fmt: skip
def test_the_edition_a_changed_key_belongs_to(catalog: str | None, key: str,
                                              label: str | None) -> None:
    from pipeline.outputs.site import SITE_TABLES
    from pipeline.store.layout import StoreLayout

    assert StoreLayout(catalog).edition_of(key, SITE_TABLES) == label


def test_the_index_charts_show_the_most_recent_editions_and_say_so() -> None:
    from pipeline.changes.report import ChangeCounts
    from pipeline.site.figures import INDEX_CHART_EDITIONS, index_charts
    from pipeline.site.model import EditionInfo, IndexRow, IndexVerdict

    rows = [IndexRow(EditionInfo(
        label=f"e{n:03d}", source_file="a.txt", source_format="文本", pages=None, entries=n,
        ingested_at="—", ingest_seq=n, is_latest=n == 61, pipeline_version="—",
        status="passed", warnings=0, previous=f"e{n - 1:03d}" if n > 1 else None,
        counts=ChangeCounts(1, 0, 0, 0) if n > 1 else None), IndexVerdict("通过"))
        for n in range(1, 62)]  # fmt: skip
    entries, changes = index_charts(rows)
    assert INDEX_CHART_EDITIONS == 60
    assert entries.title == "各版本条目数（最近 60 个版本）"
    assert [row.label for row in entries.rows][:2] == ["e002", "e003"]
    assert len(entries.rows) == len(changes.rows) == 60
    assert index_charts(rows[:60])[0].title == "各版本条目数"


def test_tables_kept_between_refreshes_render_what_a_fresh_read_renders(
    seed_resources: tuple[Resource, ...], document: SourceDocument, tmp_path: Path
) -> None:
    """A refresh reuses the tables an earlier one read while their files are the same (same
    inode, time and size): re-published editions and moved ``is_latest`` flags are read
    again, so the site is byte for byte the one rendered from nothing but the files."""
    from pipeline.outputs import site

    store = CuratedStore(tmp_path)
    resources = seed_resources
    for step in range(4):
        resources = _edition(resources, step)
        publish_parsed(ParsedEdition(document, resources), f"e{step + 1}", store)
    before = _site(tmp_path)
    publish_parsed(ParsedEdition(document, seed_resources[:20]), "e3", store)
    assert site._READ  # the refreshes kept what they read
    incremental = _site(tmp_path)
    changed = sorted(name for name in incremental if incremental[name] != before[name])
    assert changed == ["editions/e3.html", "editions/e4.html", INDEX_ROWS, "index.html"]
    site._READ.clear()
    site._READ_BYTES[0] = 0
    assert refresh_site(store, rebuild=True) is True
    assert _site(tmp_path) == incremental
