"""Publishing is crash-safe (a killed run is rolled back by the next) and locked (one writer)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.errors import PublishError
from pipeline.models import Resource
from pipeline.parse.sources import read_source
from pipeline.store.layout import StoreLayout
from pipeline.store.lock import exclusive_lock
from pipeline.store.store import CuratedStore
from pipeline.tables import TABLE_NAMES, build_tables
from tests.conftest import ROOT, SEED, tree_snapshot
from tests.forked import Forked, forked_cli

Tables = dict[str, pa.Table]

#: Publishes the tables in argv[4] as edition ``e`` into the store argv[3] (one transaction:
#: ``CuratedStore.write_edition_tables``), with ``pipeline.store.transaction.<argv[1]>`` (or
#: ``os.replace``) killing the process on its argv[2]-th call.
KILLED_PUBLISH = """
import os, signal, sys
from pathlib import Path
import pyarrow.parquet as pq
import pipeline.store.transaction as transaction
from pipeline.store.store import CuratedStore
from pipeline.tables import TABLE_NAMES

target, nth, store, new = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
calls = 0

def dying(real):
    def call(*args, **kwargs):
        global calls
        calls += 1
        if calls == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call

if target == "os.replace":
    os.replace = dying(os.replace)
else:
    setattr(transaction, target, dying(getattr(transaction, target)))
tables = {name: pq.read_table(new / f"{name}.parquet") for name in TABLE_NAMES}
CuratedStore(store).write_edition_tables("e", tables)
"""

#: (kill point, what dies on which call, whether the new edition was committed, how many of its
#: tables were swapped in when it died). In a commit, ``os.replace`` call 1 writes the journal,
#: calls 2.. swap the tables in the order staged (``editions`` last); ``recover`` runs when the
#: transaction opens and when it closes.
KILL_POINTS = {
    "writing-the-journal": ("os.replace", 1, False, 0),
    "before-the-first-table": ("os.replace", 2, False, 0),
    "after-the-first-table": ("os.replace", 3, False, 1),
    "after-three-tables": ("os.replace", 5, False, 3),
    "before-the-commit": ("remove_journal", 1, False, 4),
    "after-the-commit": ("recover", 2, True, 4),
}

#: Holds the store's lock for argv[2] seconds, saying so on stdout.
LOCK_HOLDER = """
import sys, time
from pathlib import Path
from pipeline.store.lock import exclusive_lock
with exclusive_lock(Path(sys.argv[1]) / ".lock"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


@pytest.fixture(scope="module")
def old_tables(seed_resources: tuple[Resource, ...]) -> Tables:
    return build_tables(read_source(SEED), seed_resources, datetime(2026, 1, 1, tzinfo=UTC))


@pytest.fixture(scope="module")
def new_tables(old_tables: Tables, seed_resources: tuple[Resource, ...]) -> Tables:
    """A different version of the edition: 20 entries, ingested later (every file differs)."""
    later = build_tables(read_source(SEED), seed_resources[:20], datetime(2026, 2, 1, tzinfo=UTC))
    assert all(not later[name].equals(old_tables[name]) for name in TABLE_NAMES)
    return later


def edition_files(store: Path, label: str) -> dict[str, bytes]:
    return {t: (store / StoreLayout().table_file(t, label)).read_bytes() for t in TABLE_NAMES}


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)


def kill_publish(store: Path, tables: Tables, target: str, nth: int, tmp_path: Path) -> None:
    new = tmp_path / "new"
    new.mkdir()
    for name, table in tables.items():
        pq.write_table(table, new / f"{name}.parquet")
    died = run_python(KILLED_PUBLISH, target, str(nth), str(store), str(new))
    assert died.returncode == -9, died.stderr


def assert_readable_and_clean(store: Path) -> None:
    for path in store.glob("*/edition_dir=*/part-0.parquet"):
        pq.read_table(path)  # every published file is a complete Parquet file
    assert not (store / StoreLayout().staging).exists()


@pytest.mark.system  # processes of its own
@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_killed_publish_is_rolled_back_by_the_next(
    point: str, old_tables: Tables, new_tables: Tables, tmp_path: Path
) -> None:
    store = tmp_path / "curated"
    CuratedStore(store).write_edition_tables("e", old_tables)
    before = edition_files(store, "e")
    target, nth, committed, swapped = KILL_POINTS[point]
    kill_publish(store, new_tables, target, nth, tmp_path)
    for path in store.glob("*/edition_dir=*/part-0.parquet"):
        pq.read_table(path)  # readable even before recovery
    dead = edition_files(store, "e")  # the kill point is where it says: so many tables swapped
    assert [t for t in TABLE_NAMES if dead[t] != before[t]] == list(TABLE_NAMES[:swapped])
    journaled = point not in ("writing-the-journal", "after-the-commit")
    assert (store / StoreLayout().journal).is_file() == journaled  # what the next run must roll back
    with CuratedStore(store).transaction():  # the next run recovers first, whatever it does
        pass
    assert_readable_and_clean(store)
    if committed:
        assert {t: pq.read_table(store / t / "edition_dir=e").num_rows for t in TABLE_NAMES} == {
            t: new_tables[t].num_rows for t in TABLE_NAMES}
    else:
        assert edition_files(store, "e") == before


@pytest.mark.system  # processes of its own
def test_after_a_kill_mid_publish_the_next_ingest_is_clean(
    old_tables: Tables, new_tables: Tables, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "curated"
    CuratedStore(store).write_edition_tables("e", old_tables)
    before = tree_snapshot(store)
    kill_publish(store, new_tables, "os.replace", 3, tmp_path)  # resources swapped, rest not
    assert (store / StoreLayout().journal).is_file()
    assert main(["ingest", str(SEED), "--edition", "next", "--curated", str(store)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == f"next: validation passed; report {store}/_site/editions/next.html"
    after = tree_snapshot(store)
    editions = "editions/edition_dir=e/part-0.parquet"
    assert {k: v for k, v in after.items() if ("edition_dir=e/" in k or k == ".lock")
            and k != editions} == {k: v for k, v in before.items()
                                   if ("edition_dir=e/" in k or k == ".lock") and k != editions}
    (row,) = pq.read_table(store / editions).to_pylist()  # only is_latest moved to "next"
    (old_row,) = old_tables["editions"].to_pylist()
    assert row == {"catalog": None, "edition": "e", **old_row, "ingest_seq": 1, "is_latest": False}
    assert sorted(k for k in after if "edition_dir=next/" in k) == [
        f"{t}/edition_dir=next/part-0.parquet" for t in sorted([*TABLE_NAMES, "changes"])]
    assert not (store / StoreLayout().staging).exists()


@pytest.fixture
def lock_holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the store's lock for up to 60 s (killed at the end)."""
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(tmp_path), "60"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    yield holder
    holder.kill()
    holder.wait()


@pytest.mark.system  # processes of its own
def test_a_second_writer_waits_then_fails_clearly(
    lock_holder: subprocess.Popen[str], old_tables: Tables, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CATALOG_LOCK_TIMEOUT", "0.3")
    started = time.monotonic()
    with pytest.raises(PublishError) as raised:
        CuratedStore(tmp_path).write_edition_tables("e", old_tables)
    assert time.monotonic() - started >= 0.3
    assert str(raised.value) == (
        f"another run is publishing to {tmp_path} (lock {tmp_path}/.lock held for 0.3 s);"
        " try again when it has finished")
    assert list(tmp_path.glob("*/edition_dir=e")) == []
    lock_holder.kill()  # the kernel drops a dead process's lock
    lock_holder.wait()
    CuratedStore(tmp_path).write_edition_tables("e", old_tables)
    assert_readable_and_clean(tmp_path)
    assert CuratedStore(tmp_path).labels() == ["e"]
    with exclusive_lock(tmp_path / ".lock"), pytest.raises(PublishError, match=r"held for 0\.3 s"):
        CuratedStore(tmp_path).write_edition_tables("e", old_tables)  # not re-entrant


@pytest.mark.system  # processes of its own
def test_a_waiting_writer_goes_on_when_the_lock_is_released(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(tmp_path), "1.5"],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    started = time.monotonic()
    with exclusive_lock(tmp_path / ".lock", timeout=30):
        waited = time.monotonic() - started
    assert holder.wait(timeout=10) == 0
    assert waited > 0.5  # it waited for the holder (a lower bound: no busy machine breaks it)


def _has_lock_open(pid: int, lock: Path) -> bool:
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(fd) == str(lock) for fd in fds.iterdir())
    except OSError:
        return False


@pytest.mark.system  # processes of its own
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see who waits")
def test_two_ingests_at_once_publish_in_turn(tmp_path: Path) -> None:
    store = tmp_path / "curated"
    store.mkdir()
    gate = Forked.gate()  # two processes (forked: imports done), forked before the lock is taken
    runs = [forked_cli(["ingest", str(SEED), "--edition", label, "--curated", str(store)],
                       gate=gate) for label in ("one", "two")]  # fmt: skip
    with exclusive_lock(store / ".lock"):  # hold it until both runs wait for it, then let them race
        gate.set()
        deadline = time.monotonic() + 120
        while not all(_has_lock_open(run.pid, store / ".lock") for run in runs):
            assert time.monotonic() < deadline and all(run.poll() is None for run in runs)
            time.sleep(0.2)
    outputs = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    for label, (out, _) in zip(("one", "two"), outputs, strict=True):
        assert out.splitlines()[1] == (
            f"{label}: validation passed; report {store}/_site/editions/{label}.html")
    for table in TABLE_NAMES:
        assert sorted(p.name for p in (store / table).iterdir()) == [
            "edition_dir=one", "edition_dir=two"]
    resources = pq.read_table(store / "resources")
    assert resources.num_rows == 52
    editions = pq.read_table(store / "editions").to_pylist()
    assert sorted((e["entries"], e["validation_status"]) for e in editions) == [
        (26, "passed"), (26, "passed")]
    first, second = CuratedStore(store).labels()  # in the order they took the lock
    assert sorted(e["ingest_seq"] for e in editions) == [1, 2]
    assert outputs[("one", "two").index(first)][0].count("changes since") == 0
    assert outputs[("one", "two").index(second)][0].splitlines()[2] == (
        f"{second}: changes since {first}: 0 added, 0 removed, 0 renamed, 0 modified; report "
        f"{store}/_reports/{second}/changes.md")
    assert_readable_and_clean(store)
