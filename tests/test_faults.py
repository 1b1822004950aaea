"""Every fault and attack on ``catalog ingest / diff / validate``: one clear line, a non-zero
exit, no traceback, and the store byte for byte as it was.

Each row of ``FAULTS`` prepares a copy of a published store (and whatever else the fault
needs) and says what the command must print. Faults that need a signal or a separate process
follow the table.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.store.fs import StoreFS
from tests.conftest import ROOT, SEED, tree_snapshot
from tests.forked import Forked, forked_cli
from tests.test_publish_safety import _has_lock_open

#: One worker runs this module: its module-scoped fixtures (published stores, built PDFs)
#: are made once, not once per worker.
pytestmark = pytest.mark.xdist_group("faults")


@dataclass
class Fault:
    """A command to run against ``store`` and the one line it must print (regex, whole line)."""

    argv: list[str]
    line: str
    status: int = 1
    env: dict[str, str] = field(default_factory=dict)
    patch: Callable[[pytest.MonkeyPatch], None] | None = None
    outside: Path | None = None  # a folder outside the store that must stay untouched


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled edition published as ``2024`` (tables, reports, site)."""
    store = tmp_path_factory.mktemp("published") / "curated"
    assert main(["ingest", str(SEED), "--edition", "2024", "--curated", str(store)]) == 0
    return store


@pytest.fixture
def store(published: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "curated"
    subprocess.run(["cp", "-a", str(published), str(copy)], check=True)
    return copy


def _failing(method: str, code: int, message: str) -> Callable[[pytest.MonkeyPatch], None]:
    """Make ``StoreFS.<method>`` fail with ``OSError(code)`` on a file of the store."""

    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        def fail(self: StoreFS, key: str, *args: object) -> None:
            raise OSError(code, message, self.path(key))

        monkeypatch.setattr(StoreFS, method, fail)

    return patch


def _ingest(store: Path, *more: str) -> list[str]:
    return ["ingest", str(SEED), "--edition", "2025", "--curated", str(store), *more]


def _outside(tmp: Path) -> Path:
    folder = tmp / "outside"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep me", encoding="utf-8")
    return folder


def read_only(store: Path, tmp: Path) -> Fault:
    return Fault(_ingest(store), r"error: .*/_staging/[0-9a-f]+/[0-9a-f]+/resources\.parquet: "
                 r"cannot write the store: Read-only file system; nothing was published",
                 patch=_failing("write_table", errno.EROFS, "Read-only file system"))


def disk_full(store: Path, tmp: Path) -> Fault:
    return Fault(_ingest(store), r"error: .*/_staging/[0-9a-f]+/[0-9a-f]+/validation\.json: cannot "
                 r"write the store: No space left on device; nothing was published",
                 patch=_failing("write_text", errno.ENOSPC, "No space left on device"))


def immutable_file(store: Path, tmp: Path) -> Fault:
    return Fault(_ingest(store), r"error: .*: cannot write the store: Operation not permitted; "
                 r"nothing was published",
                 patch=_failing("move", errno.EPERM, "Operation not permitted"))


def lock_is_a_directory(store: Path, tmp: Path) -> Fault:
    (store / ".lock").unlink()
    (store / ".lock").mkdir()
    return Fault(_ingest(store), rf"error: {store}/\.lock: cannot take the store's writer lock: "
                 r"Is a directory")


def curated_is_a_file(store: Path, tmp: Path) -> Fault:
    target = tmp / "a-file"
    target.write_text("x", encoding="utf-8")
    return Fault(_ingest(target), rf"error: {target}: the curated store is not a folder")


def curated_is_empty(store: Path, tmp: Path) -> Fault:
    return Fault(["ingest", str(SEED), "--curated", ""], r"error: catalog ingest: argument "
                 r"--curated: is empty: name a folder \(see catalog ingest --help\)", status=2)


def edition_is_empty(store: Path, tmp: Path) -> Fault:
    return Fault(["ingest", str(SEED), "--edition", "", "--curated", str(store)],
                 r"error: .*edition label '' is not usable: use letters, digits, '\.', '_' or '-'")


def lock_timeout_not_a_number(store: Path, tmp: Path) -> Fault:
    return Fault(_ingest(store), r"error: CATALOG_LOCK_TIMEOUT='10s' is not a number of seconds "
                 r"\(e\.g\. 600\)", env={"CATALOG_LOCK_TIMEOUT": "10s"})


def lock_timeout_nan(store: Path, tmp: Path) -> Fault:
    return Fault(_ingest(store), r"error: CATALOG_LOCK_TIMEOUT='nan' is not a number of seconds "
                 r"\(e\.g\. 600\)", env={"CATALOG_LOCK_TIMEOUT": "nan"})


def _damage(store: Path, table: str, junk: bool) -> Path:
    path = store / table / "edition_dir=2024" / "part-0.parquet"
    path.write_bytes(b"not parquet at all" * 10 if junk else path.read_bytes()[:300])
    return path


def truncated_editions_ingest(store: Path, tmp: Path) -> Fault:
    path = _damage(store, "editions", junk=False)
    return Fault(_ingest(store), rf"error: {path}: cannot read the editions table: .+")


def junk_resources_diff(store: Path, tmp: Path) -> Fault:
    path = _damage(store, "resources", junk=True)
    return Fault(["diff", "2024", "2024", "--curated", str(store)],
                 rf"error: {path}: cannot read the resources table: .+")


def truncated_resources_validate(store: Path, tmp: Path) -> Fault:
    path = _damage(store, "resources", junk=False)
    return Fault(["validate", "--curated", str(store)],
                 rf"error: {path}: cannot read the resources table: .+")


def validate_empty_store(store: Path, tmp: Path) -> Fault:
    empty = tmp / "empty"
    empty.mkdir()
    return Fault(["validate", "--curated", str(empty)], rf"error: {empty}: no published editions")


def validate_unknown_edition(store: Path, tmp: Path) -> Fault:
    return Fault(["validate", "--edition", "2030", "--curated", str(store)],
                 rf"error: {store}: edition '2030' is not published here \(published: 2024\)")


def corrupt_journal(store: Path, tmp: Path) -> Fault:
    (store / "_staging").mkdir()
    (store / "_staging" / "journal.json").write_text('[{"target": "resou', encoding="utf-8")
    return Fault(_ingest(store), rf"error: {store}/_staging/journal\.json: the journal of an "
                 r"interrupted run is unreadable \(.+\): a run of this program writes it whole, "
                 r"so something else changed it; check the store, then remove the journal by "
                 r"hand")


def forged_journal_validate(store: Path, tmp: Path) -> Fault:
    outside = _outside(tmp)
    (store / "_staging").mkdir()
    journal = [{"target": "../outside/keep.txt", "backup": None}]
    (store / "_staging" / "journal.json").write_text(json.dumps(journal), encoding="utf-8")
    return Fault(["validate", "--curated", str(store)],
                 rf"error: {store}/_staging/journal\.json: the journal of an interrupted run "
                 r"names '\.\./outside/keep\.txt', outside the store: it is not this program's; "
                 r"remove it by hand after checking the store", outside=outside)


def symlinked_report_folder(store: Path, tmp: Path) -> Fault:
    outside = _outside(tmp)
    (store / "_reports" / "2025").symlink_to(outside, target_is_directory=True)
    return Fault(_ingest(store), rf"error: {store}/_reports/2025: is a symbolic link out of the "
                 r"store: the store never follows one; remove the link", outside=outside)


def symlinked_partition(store: Path, tmp: Path) -> Fault:
    outside = _outside(tmp)
    (store / "resources" / "edition_dir=2025").symlink_to(outside, target_is_directory=True)
    return Fault(_ingest(store), rf"error: {store}/resources/edition_dir=2025: is a symbolic "
                 r"link out of the store: the store never follows one; remove the link",
                 outside=outside)


def symlinked_staging(store: Path, tmp: Path) -> Fault:
    outside = _outside(tmp)
    (store / "_staging").symlink_to(outside, target_is_directory=True)
    return Fault(_ingest(store), rf"error: {store}/_staging: is a symbolic link out of the "
                 r"store: the store never follows one; remove the link", outside=outside)


def terminal_escapes_in_a_file_name(store: Path, tmp: Path) -> Fault:
    name = tmp / "bad\x1b[31m\nerror: forged.txt"
    return Fault(["ingest", str(name), "--edition", "x", "--curated", str(store)],
                 rf"error: {tmp}/bad\\x1b\[31m\\nerror: forged\.txt: no such file")


def too_large(store: Path, tmp: Path) -> Fault:
    big = tmp / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(300 * 2**20)  # sparse: nothing is written, nothing may be read
    return Fault(["ingest", str(big), "--curated", str(store)],
                 rf"error: {big}: the text edition is 300 MB; the limit is 32 MB \(profile key "
                 r"source\.max_text_mb\)")


def blank_lines_10mb(store: Path, tmp: Path) -> Fault:
    blank = tmp / "blank.txt"
    blank.write_bytes(b"\n" * 10 * 2**20)
    return Fault(["ingest", str(blank), "--curated", str(store)],
                 rf"error: {blank}: the file is empty")


FAULTS: dict[str, Callable[[Path, Path], Fault]] = {
    f.__name__.replace("_", "-"): f for f in (
        read_only, disk_full, immutable_file, lock_is_a_directory, curated_is_a_file,
        curated_is_empty, edition_is_empty, lock_timeout_not_a_number, lock_timeout_nan,
        truncated_editions_ingest, junk_resources_diff, truncated_resources_validate,
        validate_empty_store, validate_unknown_edition, corrupt_journal, forged_journal_validate,
        symlinked_report_folder, symlinked_partition, symlinked_staging,
        terminal_escapes_in_a_file_name, too_large, blank_lines_10mb,
    )
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_is_one_line_and_changes_nothing(
    fault: str, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = FAULTS[fault](store, tmp_path)
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    before = tree_snapshot(store)
    outside = tree_snapshot(case.outside) if case.outside else {}
    if case.patch:
        case.patch(monkeypatch)
    try:
        status = main(case.argv)
    except SystemExit as exit_:  # argparse's usage errors
        status = int(exit_.code or 0)
    monkeypatch.undo()
    captured = capsys.readouterr()
    assert status == case.status
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert __import__("re").fullmatch(case.line, lines[0]), lines[0]
    assert "Traceback" not in captured.err + captured.out
    assert tree_snapshot(store) == before
    if case.outside:
        assert tree_snapshot(case.outside) == outside


# --- signals and processes --------------------------------------------------------------------


def _marker_processes(marker: str) -> list[int]:
    """Processes whose environment carries ``marker`` (a run's children inherit it)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if marker.encode() in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


def _ingest_process(store: Path, marker: str, edition: Path = SEED) -> Forked:
    """``catalog ingest`` in another process (forked: the imports are done already); processes
    it starts inherit ``marker`` in their environment."""
    return forked_cli(["ingest", str(edition), "--edition", "2025", "--curated", str(store)],
                      env={"CATALOG_TEST_MARKER": marker})


def _wait_for_lock(run: Forked, store: Path) -> None:
    deadline = time.monotonic() + 60
    while not _has_lock_open(run.pid, store / ".lock"):
        assert run.poll() is None and time.monotonic() < deadline, run.communicate()
        time.sleep(0.05)


@pytest.mark.system  # processes of its own
@pytest.mark.parametrize(("sent", "status", "line"), [
    (signal.SIGINT, 130, "error: interrupted; the run was rolled back, nothing was published"),
    (signal.SIGTERM, 143,
     "error: terminated (SIGTERM); the run was rolled back, nothing was published"),
])
def test_a_signal_during_an_ingest_rolls_it_back_in_one_line(
    sent: signal.Signals, status: int, line: str, store: Path
) -> None:
    """Ctrl-C or SIGTERM while the run holds the store (validating, staging): one line, the
    signal's exit status, nothing published, nothing staged left, no process left behind."""
    before = tree_snapshot(store)
    marker = uuid.uuid4().hex
    run = _ingest_process(store, marker)
    _wait_for_lock(run, store)
    deadline = time.monotonic() + 60  # the transaction's staging folder: validation is next
    while not list((store / "_staging").glob("*")):
        assert run.poll() is None and time.monotonic() < deadline, run.communicate()
        time.sleep(0.01)
    run.send_signal(sent)
    out, err = run.communicate(timeout=60)
    assert run.returncode == status, err
    assert err.splitlines() == [line]
    assert "Traceback" not in out + err
    assert tree_snapshot(store) == before
    assert not (store / "_staging").exists()
    assert _marker_processes(marker) == []


@pytest.mark.system  # processes of its own
def test_a_missing_file_fails_before_anything_heavy_is_loaded(tmp_path: Path) -> None:
    """Inputs are checked before Prefect, Great Expectations or pandas are imported."""
    code = (
        "import sys; from pipeline.cli import main; status = main(sys.argv[1:]); "
        "heavy = sorted(m for m in ('prefect', 'great_expectations', 'pandas') "
        "if m in sys.modules); print(status, heavy)"
    )
    missing = tmp_path / "missing.txt"
    done = subprocess.run([sys.executable, "-c", code, "ingest", str(missing), "--curated",
                           str(tmp_path / "curated")], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    assert done.stdout == "1 []\n"
    assert done.stderr == f"error: {missing}: no such file\n"


@pytest.mark.system  # processes of its own
def test_a_50_mb_edition_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """Bounded memory: an edition over the profile's limit (32 MB) is refused from its size,
    so ingesting 50 MB of generated text peaks at the interpreter's own footprint."""
    edition = tmp_path / "generated.txt"
    line = "一、生成的条目\n1. 资源名称：生成的资源名称用于测试内存上限\n".encode()
    with edition.open("wb") as handle:
        for _ in range(50 * 2**20 // (len(line) * 1000) + 1):
            handle.write(line * 1000)
    size_mb = edition.stat().st_size / 2**20
    code = (  # VmHWM: this process's peak RSS since exec (ru_maxrss counts the forking parent)
        "import re, sys; from pathlib import Path; from pipeline.cli import main; "
        "status = main(sys.argv[1:]); status_text = Path('/proc/self/status').read_text(); "
        "print(status, int(re.search(r'VmHWM:\\s+(\\d+)', status_text)[1]) // 1024)"
    )
    done = subprocess.run([sys.executable, "-c", code, "ingest", str(edition), "--curated",
                           str(tmp_path / "curated")], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    status, peak_mb = done.stdout.split()
    assert status == "1"
    assert done.stderr == (f"error: {edition}: the text edition is {size_mb:,.0f} MB; the limit "
                           "is 32 MB (profile key source.max_text_mb)\n")
    assert int(peak_mb) < size_mb  # far below one copy of the input: nothing of it was read
    assert not (tmp_path / "curated").exists()


# --- catalog serve: Prefect's own faults, bounded -------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP port that accepts connections and never answers."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/api"
    finally:
        listener.close()


def _closed_port() -> str:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api"


def _serve(tmp_path: Path, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "serve", "--raw", str(raw), "--curated",
         str(tmp_path / "curated")], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), **env}, check=False)


@pytest.mark.system  # processes of its own
def test_serve_with_the_server_on_a_closed_port_says_so(tmp_path: Path) -> None:
    url = _closed_port()
    done = _serve(tmp_path, {"PREFECT_API_URL": url})
    assert done.returncode == 1
    assert done.stderr == (f"error: the Prefect server at {url} does not answer ([Errno 111] "
                           "Connection refused); start it with `prefect server start` or fix "
                           "PREFECT_API_URL\n")


@pytest.mark.system  # processes of its own
def test_serve_with_a_server_that_never_answers_gives_up_in_bounded_time(
    tmp_path: Path, silent_server: str
) -> None:
    done = _serve(tmp_path, {"PREFECT_API_URL": silent_server, "CATALOG_PREFECT_TIMEOUT": "0.5"},
                  timeout=45)
    assert done.returncode == 1
    assert done.stderr == (f"error: the Prefect server at {silent_server} does not answer (timed "
                           "out); start it with `prefect server start` or fix PREFECT_API_URL\n")


@pytest.mark.system  # processes of its own
@pytest.mark.parametrize("variable", ["PREFECT_HOME", "HOME"])
def test_serve_with_an_unwritable_prefect_home_says_so(variable: str, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    env = {"PREFECT_HOME": str(blocker / "prefect")} if variable == "PREFECT_HOME" else {
        "HOME": str(blocker)}
    if variable == "PREFECT_HOME":
        done = _serve(tmp_path, env)
    else:  # no PREFECT_HOME: Prefect's default under HOME
        (tmp_path / "raw").mkdir()
        done = subprocess.run(
            [sys.executable, "-m", "pipeline.cli", "serve", "--raw", str(tmp_path / "raw"),
             "--curated", str(tmp_path / "curated")], cwd=ROOT, capture_output=True, text=True,
            timeout=60, check=False,
            env={k: v for k, v in {**os.environ, **env}.items() if k != "PREFECT_HOME"})
    where = blocker / "prefect" if variable == "PREFECT_HOME" else blocker / ".prefect"
    assert done.returncode == 1
    assert done.stderr == (f"error: {where}: Prefect needs a writable folder (Not a directory); "
                           "set PREFECT_HOME to one\n")
