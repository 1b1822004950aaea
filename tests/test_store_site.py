"""The store keeps the catalog site (``_site/``) in step with what it publishes."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.ingest import ParsedEdition, publish_parsed
from pipeline.models import Resource
from pipeline.outputs.site import SiteWarning
from pipeline.parse.sources import read_source
from pipeline.quality.validate import EditionQuarantined, load_validator
from pipeline.store.store import CuratedStore
from tests.conftest import SEED, tree_snapshot

pytestmark = pytest.mark.xdist_group("store_site")


def _site(root: Path) -> dict[str, bytes]:
    return {key: data for key, data in tree_snapshot(root).items() if key.startswith("_site/")}


def test_each_publish_rebuilds_the_site_and_a_refusal_leaves_it(
    seed_resources: tuple[Resource, ...], tmp_path: Path
) -> None:
    store, document = CuratedStore(tmp_path), read_source(SEED)
    publish_parsed(ParsedEdition(document, seed_resources), "2024", store)
    assert sorted(_site(tmp_path)) == [
        "_site/assets/site.css", "_site/editions/2024.html", "_site/generated-by.txt",
        "_site/index-rows.json",
        "_site/index.html"]
    second = publish_parsed(ParsedEdition(document, seed_resources[:25]), "2025", store)
    assert second.report == str(tmp_path / "_site" / "editions" / "2025.html")
    index = (tmp_path / "_site" / "index.html").read_text(encoding="utf-8")
    assert 'href="editions/2024.html"' in index and 'href="editions/2025.html"' in index
    page = (tmp_path / "_site" / "editions" / "2025.html").read_text(encoding="utf-8")
    assert "大数据信息资源共享库" in page  # entry 26, removed: named in the changes
    before = _site(tmp_path)
    no_functions = tuple(replace(r, functions=()) if r.seq == 3 else r for r in seed_resources)
    with pytest.raises(EditionQuarantined):
        publish_parsed(ParsedEdition(document, no_functions), "2026", store)
    assert _site(tmp_path) == before  # a refused edition is not on the site
    assert (tmp_path / "_quarantine" / "2026" / "report.html").is_file()
    assert not (tmp_path / "_staging").exists()


def test_a_site_that_cannot_be_built_warns_and_the_commit_stands(
    seed_resources: tuple[Resource, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> dict[str, bytes]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pipeline.site.render_pages", broken)
    store = CuratedStore(tmp_path)
    # Great Expectations turns logging.captureWarnings on when first imported: imported inside
    # pytest.warns (this test run alone), it would take the warning from pytest's recorder
    load_validator()
    with pytest.warns(SiteWarning, match="was not refreshed .*No space left on device.*the commit "
                                         "stands, the next one retries"):
        publish_parsed(ParsedEdition(read_source(SEED), seed_resources), "2024", store)
    assert store.labels() == ["2024"] and not (tmp_path / "_site").exists()
    monkeypatch.undo()
    publish_parsed(ParsedEdition(read_source(SEED), seed_resources), "2025", store)
    assert (tmp_path / "_site" / "editions" / "2024.html").is_file()  # the next commit retries


def test_the_data_docs_of_an_older_store_are_removed_by_the_next_commit(
    seed_resources: tuple[Resource, ...], tmp_path: Path, published_seed: Callable[..., Path]
) -> None:
    """Stores from before the site kept Great Expectations Data Docs per edition; they are
    stale (and load their assets from the internet), so a commit removes them."""
    store, document = CuratedStore(published_seed(tmp_path, "2024")), read_source(SEED)
    for table in (tmp_path).glob("*/edition_dir=2024/part-0.parquet"):  # as older versions
        pq.write_table(pq.read_table(table).replace_schema_metadata(None), table)  # wrote them
    old_docs = tmp_path / "_reports" / "2024" / "validation"
    (old_docs / "static").mkdir(parents=True)
    (old_docs / "index.html").write_text("old Data Docs", encoding="utf-8")
    publish_parsed(ParsedEdition(document, seed_resources), "2025", store)
    assert not old_docs.exists()
    assert sorted(p.name for p in (tmp_path / "_reports" / "2024").iterdir()) == [
        "validation.json"]
    result = json.loads((tmp_path / "_reports" / "2024" / "validation.json").read_text("utf-8"))
    assert (result["edition"], result["status"], len(result["checks"])) == ("2024", "passed", 41)
