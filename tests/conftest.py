"""Shared fixtures: the bundled edition, its parse, and one Prefect test server per session."""

from __future__ import annotations

import gc
import http.server
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pipeline.models import Resource
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "haicang-catalog.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_resources() -> tuple[Resource, ...]:
    return parse_document(read_source(SEED))


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect server and database for the tests that run flows."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


#: Fixtures that start a program of their own: a test using one is a system test.
SYSTEM_FIXTURES = ("prefect_harness",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that starts a Prefect server must carry the ``system`` mark (``make test`` leaves
    those to ``make test-system``): a forgotten mark is a collection error, not a slow suite."""
    for item in items:
        started = [name for name in SYSTEM_FIXTURES if name in getattr(item, "fixturenames", ())]
        if started and item.get_closest_marker("system") is None:
            raise pytest.UsageError(f"{item.nodeid} uses {started[0]} but is not marked system")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move what collection imported (pandas, pyarrow, GX, Prefect: millions of objects) out of
    the garbage collector's view: its full collections then scan only what tests make (GC was
    a tenth of the suite's time, half of it scanning those modules)."""
    gc.collect()
    gc.freeze()


def tree_snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, to prove a failed run changed nothing."""
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, object]]]]:
    """A local webhook that records every JSON message POSTed to it."""
    received: list[dict[str, object]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(json.loads(body.decode("utf-8")))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def catalog_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Every small catalog PDF the project typesets, by name (``tests.pdf_factory.BuiltPdf``):
    the bundled edition in each layout (``plain``, ``book``: cover, TOC, running header and
    footers, ``display``: large bold headings that wrap), and the second district's edition
    (``jimei``, tests/data/jimei-catalog.txt) as a book."""
    from tests.pdf_factory import BOOK, LAYOUTS, build_catalog_pdf

    folder = tmp_path_factory.mktemp("catalog-pdfs")
    built: dict[str, object] = {
        name: build_catalog_pdf(folder / f"{name}.pdf", layout) for name, layout in LAYOUTS.items()
    }
    jimei = (ROOT / "tests" / "data" / "jimei-catalog.txt").read_text(encoding="utf-8")
    built["jimei"] = build_catalog_pdf(folder / "jimei.pdf", BOOK, text=jimei)
    return built


@pytest.fixture(scope="session")
def big_catalog_pdf(tmp_path_factory: pytest.TempPathFactory) -> object:
    """A 500-page catalog PDF (``tests.pdf_factory.build_big_catalog_pdf``): about 1 s to make."""
    from tests.pdf_factory import build_big_catalog_pdf

    return build_big_catalog_pdf(tmp_path_factory.mktemp("big-pdf") / "big500.pdf", pages=500)


# --- A published bundled edition, copied from a per-worker template --------------------------
# (tests whose first publish of SEED into an empty store is only their setup)


@pytest.fixture(scope="session")
def _seed_templates() -> dict[tuple[str, str | None], Path]:
    """This worker's published templates of the bundled edition, by (label, catalog)."""
    return {}


@pytest.fixture
def published_seed(
    tmp_path_factory: pytest.TempPathFactory, _seed_templates: dict[tuple[str, str | None], Path]
) -> Callable[..., Path]:
    """``published_seed(store, label="2024", catalog=None) -> store``: the store that
    ``catalog ingest SEED --edition LABEL [--catalog CATALOG] --curated STORE`` into an empty
    ``store`` leaves, made by copying a template. The template is really published, on first
    use per worker and per (label, catalog), with the product's own entry point
    (``pipeline.ingest.ingest`` with the bundled profile: what that command runs) under a
    session temp folder; the copy at ``store`` then has its ``catalog.duckdb`` made again there
    (its views name the store's own files by absolute path). ``store`` must not exist or be
    an empty folder (``tmp_path`` itself).

    Compared file by file with a fresh ingest at ``store``, the copy differs only in
    - the edition's ``ingested_at`` (the template's, from earlier in the session): the
      ``editions`` table's Parquet file, the ingest time on the site (``index.html``,
      ``index-rows.json``, ``editions/LABEL.html``);
    - GX's ``ge_load_time`` stamps in the report's ``validation.json``;
    - ``catalog.duckdb`` (its views' absolute paths: rebuilt here, naming ``store``);
    - the files' modification times (``copytree`` keeps the template's).
    No other file embeds the store's path or a time. A test that checks when its edition was
    ingested, or what the first ingest printed or returned, must publish for itself."""

    def make(store: Path, label: str = "2024", catalog: str | None = None) -> Path:
        template = _seed_templates.get((label, catalog))
        if template is None:
            from pipeline.ingest import ingest
            from pipeline.store.store import CuratedStore

            template = tmp_path_factory.mktemp("seed-template") / "curated"
            ingest(SEED, label, CuratedStore(template, catalog=catalog))
            _seed_templates[label, catalog] = template
        return copy_published_store(template, store)

    return make


def copy_published_store(template: Path, store: Path) -> Path:
    """A copy of the published store ``template`` at ``store`` (absent, or an empty folder),
    its catalog.duckdb made again there (its views name the store's own files)."""
    import shutil

    from pipeline.outputs import rebuild_database
    from pipeline.store.layout import DATABASE_FILE
    from pipeline.store.store import CuratedStore

    assert not store.exists() or not any(store.iterdir()), f"{store} is not empty"
    shutil.copytree(template, store, symlinks=True, dirs_exist_ok=True)
    (store / DATABASE_FILE).unlink()
    assert rebuild_database(CuratedStore(store))
    return store
