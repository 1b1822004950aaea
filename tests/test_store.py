"""The curated store's one commit path (issue 10): one writer at a time, the edition order
decided inside the lock, nothing visible changed by a run that does not publish, change
records that follow a re-published label, and a journal that cannot reach outside the store.
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.errors import EditionNotFound, PipelineError, PublishError
from pipeline.ingest import ParsedEdition, parse_edition, publish_parsed
from pipeline.outputs import publish_tables
from pipeline.quality.validate import EditionQuarantined
from pipeline.store.store import CuratedStore
from pipeline.tables import build_tables
from tests.conftest import ROOT, SEED
from tests.edition_edits import edit_entry, remove_entry
from tests.forked import Forked, warm
from tests.test_quality_matrix import first_lines

#: One worker runs this module: its module-scoped fixtures (published stores, built PDFs)
#: are made once, not once per worker.
pytestmark = pytest.mark.xdist_group("store")

FIXTURE_TEXT = SEED.read_text(encoding="utf-8")


def parsed_text(text: str, name: str, folder: Path) -> ParsedEdition:
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return parse_edition(path)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ParsedEdition]:
    """The bundled edition (base), two later versions and a cut-off one."""
    folder = tmp_path_factory.mktemp("editions")
    texts = {
        "base": FIXTURE_TEXT,
        "a": edit_entry(FIXTURE_TEXT, 1, "政务外网、政务内网", "政务外网、互联网", 1),
        "b": remove_entry(FIXTURE_TEXT, 26),
        "cut": first_lines(0.5),
    }
    return {name: parsed_text(text, name, folder) for name, text in texts.items()}


def tree_hash(root: Path, *parts: str) -> dict[str, str]:
    """SHA-256 of every file under ``root/<part>`` (a published edition's tables and docs)."""
    found = {}
    for part in parts:
        for path in sorted((root / part).rglob("*")) if (root / part).exists() else []:
            if path.is_file():
                found[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def published(root: Path, label: str) -> dict[str, str]:
    tables = ("resources", "resource_items", "effort_components", "editions", "changes")
    return tree_hash(root, *(f"{t}/edition_dir={label}" for t in tables), f"_reports/{label}")


# --- one writer at a time ----------------------------------------------------------------------


def test_three_threads_are_never_inside_a_transaction_together(tmp_path: Path) -> None:
    store, inside, most, guard = CuratedStore(tmp_path / "curated"), [0], [0], threading.Lock()

    def writer() -> None:
        with store.transaction(timeout=30):
            with guard:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.2)
            with guard:
                inside[0] -= 1

    threads = [threading.Thread(target=writer) for _ in range(3)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == [1]
    assert time.monotonic() - started >= 0.6  # they took turns


HOLDER = """
import sys, time
from pipeline.store.store import CuratedStore
with CuratedStore(sys.argv[1]).transaction(timeout=60):
    start = time.time()
    time.sleep(0.3)
    print(start, time.time(), flush=True)
"""


@pytest.mark.system  # processes of its own
def test_three_processes_take_turns(tmp_path: Path) -> None:
    runs = [subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "curated")],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    spans = sorted(tuple(map(float, run.communicate(timeout=60)[0].split())) for run in runs)
    assert len(spans) == 3
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start  # no two inside at once


def test_the_order_is_decided_inside_the_lock(
    editions: dict[str, ParsedEdition], tmp_path: Path
) -> None:
    """A and B race; whichever commits second is diffed against the other, never against
    nothing or against the base."""
    store = CuratedStore(tmp_path / "curated")
    publish_parsed(editions["base"], "base", store)
    errors: list[BaseException] = []

    def run(label: str) -> None:
        try:
            publish_parsed(editions[label], label, store)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(label,)) for label in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    labels = store.labels()
    assert labels[0] == "base" and sorted(labels[1:]) == ["a", "b"]
    first, second = labels[1:]
    rows = pq.read_table(tmp_path / "curated" / "changes" / f"edition_dir={second}").to_pylist()
    assert {(row["from_edition"], row["to_edition"]) for row in rows} == {(first, second)}
    assert [e.ingest_seq for e in store.editions()] == [1, 2, 3]


# --- a run that does not publish changes nothing visible ---------------------------------------


@pytest.fixture(scope="module")
def base_store(editions: dict[str, ParsedEdition], tmp_path_factory: pytest.TempPathFactory
               ) -> Path:
    """The bundled edition published as "base", once per module (the quality gate is slow)."""
    root = tmp_path_factory.mktemp("base") / "curated"
    publish_parsed(editions["base"], "base", CuratedStore(root))
    return root


@pytest.fixture
def store_with_base(base_store: Path, tmp_path: Path) -> CuratedStore:
    """A copy of ``base_store``, free to write to."""
    return CuratedStore(shutil.copytree(base_store, tmp_path / "curated", symlinks=True))


def test_a_quarantined_run_leaves_the_published_edition_and_its_docs(
    store_with_base: CuratedStore, editions: dict[str, ParsedEdition]
) -> None:
    root = store_with_base.fs.local_path()
    before = published(root, "base")
    assert "_reports/base/validation.json" in before
    with pytest.raises(EditionQuarantined) as caught:
        publish_parsed(editions["cut"], "base", store_with_base)  # same label, refused
    assert published(root, "base") == before
    assert caught.value.quarantine == str(root / "_quarantine" / "base")
    assert caught.value.report.report_path == str(root / "_quarantine/base/report.html")
    page = (root / "_quarantine" / "base" / "report.html").read_text("utf-8")
    assert "has_function" in page
    result = json.loads((root / "_quarantine" / "base" / "validation.json").read_text("utf-8"))
    assert result["status"] == "failed"
    assert not (root / "_staging").exists()


@pytest.mark.parametrize("call", [1, 3])
def test_a_full_disk_changes_nothing(
    call: int, store_with_base: CuratedStore, editions: dict[str, ParsedEdition],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ENOSPC while staging (call 1: the first table) or in the middle of the commit's swaps
    (call 3: the second replace after the journal)."""
    import pipeline.store.fs as fs

    root = store_with_base.fs.local_path()
    before = published(root, "base")
    calls = [0]
    target = "write_table" if call == 1 else "replace"
    real = getattr(fs.pq if call == 1 else fs.os, target)

    def full(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] == call:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(fs.pq if call == 1 else fs.os, target, full)
    with pytest.raises(PublishError, match="No space left on device; nothing was published"):
        publish_parsed(editions["a"], "base", store_with_base)
    monkeypatch.undo()
    assert published(root, "base") == before
    assert not (root / "_staging").exists()


def _killed_in_validation(root: str, path: str) -> int:
    """An ingest of ``path`` as ``base`` that is killed (SIGKILL) when validation starts."""
    import pipeline.ingest as ingest

    def die(*args: object, **kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    ingest._gate = die  # type: ignore[assignment]
    ingest.ingest(Path(path), "base", CuratedStore(root))
    return 0


@pytest.mark.system  # processes of its own
def test_a_run_killed_during_validation_changes_nothing(
    store_with_base: CuratedStore, tmp_path: Path
) -> None:
    root = store_with_base.fs.local_path()
    before = published(root, "base")
    path = tmp_path / "a.txt"
    path.write_text(edit_entry(FIXTURE_TEXT, 1, "政务外网、政务内网", "政务外网、互联网", 1),
                    encoding="utf-8")
    warm()
    died = Forked(_killed_in_validation, str(root), str(path))  # another process, forked
    _, err = died.communicate(timeout=120)
    assert died.returncode == -9, err
    assert published(root, "base") == before
    with store_with_base.transaction():  # the next writer clears what the dead run staged
        pass
    assert not (root / "_staging").exists()


# --- change records follow the order ------------------------------------------------------------


def test_republishing_a_label_recomputes_its_successors_changes(
    editions: dict[str, ParsedEdition], tmp_path: Path
) -> None:
    store = CuratedStore(tmp_path / "curated")
    publish_parsed(editions["base"], "2024", store)
    publish_parsed(editions["b"], "2025", store)  # entry 26 removed
    changes = tmp_path / "curated" / "changes" / "edition_dir=2025"
    assert [row["change"] for row in pq.read_table(changes).to_pylist()] == ["removed"]
    result = publish_parsed(editions["b"], "2024", store)  # 2024 re-published: same as 2025
    assert store.labels() == ["2024", "2025"]  # the label keeps its place
    assert result.changes is None  # 2024 is still the first edition
    assert pq.read_table(changes).num_rows == 0  # 2025 now equals its predecessor
    markdown = store.fs.read_text(store.layout.changes_report("2025", "markdown"))
    assert "| 删除 | 0 |" in markdown and markdown.endswith("没有变更。\n")


def test_a_corrupt_predecessor_is_refused_before_anything_is_published(
    store_with_base: CuratedStore, editions: dict[str, ParsedEdition]
) -> None:
    root = store_with_base.fs.local_path()
    damaged = root / "resources" / "edition_dir=base" / "part-0.parquet"
    damaged.write_bytes(damaged.read_bytes()[:200])
    before = tree_hash(root, ".")
    with pytest.raises(PipelineError) as caught:
        publish_parsed(editions["a"], "next", store_with_base)
    assert caught.value.file == str(damaged)
    assert caught.value.problem.startswith("cannot read the resources table: ")
    assert tree_hash(root, ".") == before
    with pytest.raises(EditionNotFound):
        store_with_base.read("next")


# --- the journal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["../outside.txt", "/tmp/outside.txt"])
def test_a_forged_journal_cannot_touch_files_outside_the_store(
    target: str, tmp_path: Path
) -> None:
    root = tmp_path / "curated"
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    store = CuratedStore(root)
    (root / store.layout.staging).mkdir(parents=True)
    (root / store.layout.journal).write_text(json.dumps([{"target": target, "backup": None}]),
                                    encoding="utf-8")
    with pytest.raises(PublishError, match="outside the store"), store.transaction():
        pass
    assert outside.read_text(encoding="utf-8") == "keep me"


def test_each_layout_name_is_spelled_in_one_module() -> None:
    """``_reports``, ``_staging``… appear as string literals (docstrings aside) only in
    pipeline/store/layout.py."""
    import ast

    names = ("_reports", "_staging", "_quarantine", ".lock", "journal.json", "part-0.parquet",
             "edition_dir=", "validation.json", "changes.md", "changes.html", "catalog.duckdb",
             "catalog_dir=", "_catalogs")
    found: dict[str, set[str]] = {}
    for path in [*ROOT.glob("pipeline/**/*.py"), *ROOT.glob("flows/*.py"),
                 *ROOT.glob("bench/*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and id(node) not in docstrings:
                for name in names:
                    if name in node.value:
                        found.setdefault(name, set()).add(path.relative_to(ROOT).as_posix())
    assert found == {name: {"pipeline/store/layout.py"} for name in names}


def test_editions_from_before_the_sequence_are_numbered_by_the_next_commit(
    editions: dict[str, ParsedEdition], tmp_path: Path
) -> None:
    """A store as older versions wrote it: ``edition=<label>`` folders, files without the
    ``edition`` column, ``editions`` without ``ingest_seq`` (A then B by ``ingested_at``).
    It reads as it is; re-publishing A keeps it first, numbers B after it, recomputes B's
    changes against the new A, and rewrites every file in the current layout."""
    root = tmp_path / "curated"
    store = CuratedStore(root)
    publish_parsed(editions["base"], "A", store)
    publish_parsed(editions["b"], "B", store)
    for path in sorted(root.glob("*/edition_dir=*/part-0.parquet")):  # back to the old layout
        table = pq.read_table(path).drop_columns(["edition"])
        if path.parent.parent.name == "editions":
            table = table.drop_columns(["ingest_seq"])
        old = path.parent.parent / path.parent.name.replace("edition_dir=", "edition=")
        old.mkdir()
        pq.write_table(table, old / path.name)
        shutil.rmtree(path.parent)
    assert [(e.edition, e.ingest_seq, e.legacy) for e in store.editions()] == [
        ("A", 1, True), ("B", 2, True)]
    assert store.read("B", ("resources",))["resources"].num_rows == 25
    publish_parsed(editions["a"], "A", store)
    assert [(e.edition, e.ingest_seq, e.legacy) for e in store.editions()] == [
        ("A", 1, False), ("B", 2, False)]
    rows = pq.read_table(root / "changes" / "edition_dir=B").to_pylist()
    assert {(row["from_edition"], row["to_edition"]) for row in rows} == {("A", "B")}
    assert {row["field"] for row in rows} >= {"network_types_text"}
    assert list(root.glob("*/edition=*")) == []  # migrated: one layout, one type for edition
    for table in ("resources", "resource_items", "effort_components", "editions", "changes"):
        frame = pd.read_parquet(root / table)
        assert frame["edition"].map(type).eq(str).all(), table
    resources = pd.read_parquet(root / "resources")
    assert resources.groupby("edition").size().to_dict() == {"A": 26, "B": 25}


def test_is_latest_marks_the_last_edition_of_the_order(
    editions: dict[str, ParsedEdition], tmp_path: Path
) -> None:
    store = CuratedStore(tmp_path / "curated")

    def flags() -> dict[str, bool]:
        rows = pq.read_table(tmp_path / "curated" / "editions").to_pylist()
        return {str(row["edition"]): row["is_latest"] for row in rows}

    def tables(name: str) -> dict[str, pa.Table]:  # published without the (slow) quality gate
        parsed = editions[name]
        return build_tables(parsed.document, parsed.resources, datetime(2026, 1, 1, tzinfo=UTC))

    publish_tables(store, "2024", tables("base"))
    assert flags() == {"2024": True}
    publish_tables(store, "2025", tables("b"))
    assert flags() == {"2024": False, "2025": True}
    publish_tables(store, "2024", tables("a"))  # re-published: keeps its place
    assert flags() == {"2024": False, "2025": True}
    with pytest.raises(EditionQuarantined):
        publish_parsed(editions["cut"], "2026", store)  # refused: nothing changes
    assert flags() == {"2024": False, "2025": True}


def test_an_interrupt_while_the_listing_is_read_leaves_no_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: Ctrl-C between the staging folder's creation and the start of the ``with``
    block (the listing is read there) left ``_staging/<id>/`` behind."""
    store = CuratedStore(tmp_path / "curated")

    def interrupted(self: CuratedStore) -> tuple[()]:
        assert list((tmp_path / "curated" / "_staging").iterdir())  # the folder exists now
        raise KeyboardInterrupt

    monkeypatch.setattr(CuratedStore, "editions", interrupted)
    with pytest.raises(KeyboardInterrupt), store.transaction():
        pass
    assert not (tmp_path / "curated" / "_staging").exists()
