"""Signals are never swallowed (issue 22): SIGTERM or Ctrl-C at any moment of a ``catalog
ingest`` (its imports, a garbage-collector finaliser, the first half-second, the publish) gives
one ``error:`` line, exit 143 or 130, and a store exactly as it was, unless the edition was
published before the signal, and the line then says so."""

from __future__ import annotations

import gc
import hashlib
import random
import shutil
import signal
import time
import weakref
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.interrupts import Terminated, catching_signals, received
from pipeline.store.store import CuratedStore
from tests.conftest import SEED
from tests.processes import catalog_process, handlers_installed

#: The trials' delays, seeded: the same moments every run.
TRIALS = 12
MOST_DELAY = 6.0
SEED_OF_DELAYS = 22
ROLLED_BACK = "the run was rolled back, nothing was published"
LINES = {
    signal.SIGINT: (130, "error: interrupted; " + ROLLED_BACK,
                    "error: interrupted after publishing; what was published stays published, "
                    "the rest was rolled back"),
    signal.SIGTERM: (143, "error: terminated (SIGTERM); " + ROLLED_BACK,
                     "error: terminated (SIGTERM) after publishing; what was published stays "
                     "published, the rest was rolled back"),
}


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}  # fmt: skip


@pytest.fixture(scope="module")
def published_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store that already holds the bundled edition (``haicang-catalog``)."""
    store = tmp_path_factory.mktemp("signals") / "curated"
    assert main(["ingest", str(SEED), "--curated", str(store), "--quiet"]) == 0
    return store


def _delays() -> list[tuple[float, signal.Signals]]:
    chosen = random.Random(SEED_OF_DELAYS)
    moments = [MOST_DELAY * (k + chosen.random()) / TRIALS for k in range(TRIALS)]
    return [(round(moment, 2), (signal.SIGTERM, signal.SIGINT)[k % 2])
            for k, moment in enumerate(moments)]  # fmt: skip


@pytest.mark.xdist_group("signals")  # a dozen fresh interpreters: one worker runs them
@pytest.mark.system
def test_a_signal_at_any_moment_is_one_line_and_nothing_published(
    published_store: Path, tmp_path: Path
) -> None:
    outcomes = []
    for trial, (delay, sent) in enumerate(_delays()):
        store = tmp_path / f"trial{trial}"
        shutil.copytree(published_store, store)
        before = _hashes(store)
        run = catalog_process(["ingest", str(SEED), "--curated", str(store)])
        handlers_installed(run)
        time.sleep(delay)
        if run.poll() is None:
            run.send_signal(sent)
        out, err = (text.decode("utf-8") for text in run.communicate(timeout=300))
        status, rolled_back, after_publishing = LINES[sent]
        errors = [line for line in err.splitlines() if line.startswith("error:")]
        assert "Traceback" not in err and "Exception ignored" not in err, (delay, err)
        if run.returncode == 0:  # it finished before the signal: a complete publish
            assert errors == [] and out.startswith("haicang-catalog: 26 entries"), (delay, err)
            assert CuratedStore(store).labels() == ["haicang-catalog"]
            outcomes.append("finished")
            continue
        assert (run.returncode, len(errors)) == (status, 1), (delay, sent, run.returncode, err)
        assert err.splitlines() == errors, (delay, err)  # nothing else on stderr
        if errors == [after_publishing]:  # the commit was under way: it was not cut short
            assert CuratedStore(store).labels() == ["haicang-catalog"]
            assert not (store / "_staging").exists()
            outcomes.append("after publishing")
            continue
        assert errors == [rolled_back], (delay, err)
        assert _hashes(store) == before, delay
        outcomes.append("rolled back")
    assert outcomes.count("rolled back") >= TRIALS // 2, outcomes  # the loop reached the runs


def test_a_signal_inside_a_finaliser_is_raised_after_it(capfd: pytest.CaptureFixture[str]
                                                        ) -> None:  # fmt: skip
    """The handler does not raise inside ``__del__`` (Python would print the exception and go
    on): the finaliser finishes, and the signal comes back in ordinary code."""
    finished: list[str] = []

    class Dropped:
        def __del__(self) -> None:
            signal.raise_signal(signal.SIGTERM)
            finished.append("finaliser")

    with pytest.raises(Terminated), catching_signals():
        Dropped()
        gc.collect()
        finished.append("dropped")
        _spin()
    assert finished == ["finaliser", "dropped"]
    assert "Exception ignored" not in capfd.readouterr().err


def test_a_signal_swallowed_by_a_callback_is_delivered_again(capfd: pytest.CaptureFixture[str]
                                                             ) -> None:  # fmt: skip
    """A finaliser the handler does not recognise swallows the exception: the unraisable hook
    sees it and the signal is delivered again, instead of ``Exception ignored in …``."""
    swallowed: list[str] = []

    class Target:
        pass

    def gone(_reference: Any) -> None:  # a weakref callback: its exceptions are unraisable
        signal.raise_signal(signal.SIGINT)
        _spin(0.2)  # the handler raises here
        swallowed.append("not reached")

    target = Target()
    with pytest.raises(KeyboardInterrupt), catching_signals():
        reference = weakref.ref(target, gone)
        del target
        _spin()
    assert reference() is None and swallowed == []
    assert "Exception ignored" not in capfd.readouterr().err


def test_an_error_the_signal_caused_is_reported_as_the_signal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An import a signal interrupted fails as ``ImportError: initialization failed``: it is the
    signal's line and status, not ``unexpected ImportError``."""
    import pipeline.commands.ingest as ingest_command

    def interrupted_import(_args: object) -> int:
        class Module:
            def __del__(self) -> None:  # the signal arrives where it cannot be raised
                signal.raise_signal(signal.SIGTERM)

        Module()
        gc.collect()
        assert received() == signal.SIGTERM
        raise ImportError("initialization failed")

    monkeypatch.setattr(ingest_command, "run", interrupted_import)
    assert main(["ingest", str(SEED), "--curated", str(tmp_path)]) == 143
    assert capsys.readouterr().err == (
        "error: terminated (SIGTERM); the run was rolled back, nothing was published\n")
    assert not tmp_path.joinpath("resources").exists()


def _spin(seconds: float = 30.0) -> None:
    """Ordinary Python code for up to ``seconds`` (a hang guard): where a signal is raised."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sum(range(100))


def test_after_a_reported_signal_the_process_ends_with_its_status_after_atexit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``console`` ends a run a signal stopped with ``os._exit(128 + n)`` once the ``atexit``
    handlers ran: CPython's own exit sometimes killed such a process with SIGINT (status -2)."""
    import pipeline.cli as cli
    from pipeline.interrupts import _uninstall, acknowledge

    class Exited(Exception):
        pass

    def stopped() -> int:
        with pytest.raises(Terminated):
            signal.raise_signal(signal.SIGTERM)
        acknowledge()
        return 143

    def exit_now(status: int) -> None:
        raise Exited(status)

    ran: list[str] = []
    monkeypatch.setattr(cli, "main", stopped)
    monkeypatch.setattr(cli.atexit, "_run_exitfuncs", lambda: ran.append("atexit"))
    monkeypatch.setattr(cli.os, "_exit", exit_now)
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        with pytest.raises(Exited) as caught:
            cli.console()
    finally:
        _uninstall()
        for number, handler in saved.items():
            signal.signal(number, handler)
    assert (caught.value.args, ran, received()) == ((143,), ["atexit"], signal.SIGTERM)
