"""Run ``catalog`` (or any function) in a process forked from the test process.

Tests of what happens *between* processes (two runs racing for the store's lock, a signal or
a kill in the middle of a run) need a second process, not a second interpreter: a fresh
``python -m pipeline.cli`` pays three seconds of imports (Great Expectations, pandas) before it
does anything, and the test process has them loaded already. ``Forked`` starts the function in
a ``fork`` child with its own stdout/stderr files, its own environment variables and the
default signal handlers (the CLI installs its own), and offers the ``subprocess.Popen`` calls
these tests use (``pid``, ``poll``, ``send_signal``, ``communicate``, ``returncode``; a
process killed by a signal has the negative signal number, as with ``Popen``).

What needs a fresh interpreter (nothing heavy imported before the input is checked;
``catalog serve``, whose settings Prefect reads at import) still runs one.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any

__all__ = ["Forked", "forked_cli", "warm"]


def _child(function: Callable[..., Any], args: Sequence[Any], env: Mapping[str, str],
           out: int, err: int, gate: Any) -> None:
    if gate is not None:
        gate.wait()
    os.dup2(out, 1)
    os.dup2(err, 2)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    os.environ.update(env)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    sys.exit(function(*args))


class Forked:
    """One forked process running ``function(*args)``; its return value is the exit status.

    A child inherits the parent's open files, so a lock the test holds when it forks stays
    held by the child too: fork first, with a ``gate`` (``Forked.gate()``), then take the
    lock and open the gate."""

    def __init__(self, function: Callable[..., Any], *args: Any,
                 env: Mapping[str, str] | None = None, gate: Any = None) -> None:
        self._out: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._err: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        context = multiprocessing.get_context("fork")
        self._process = context.Process(
            target=_child,
            args=(function, args, dict(env or {}), self._out.fileno(), self._err.fileno(),
                  gate),
        )
        self._process.start()

    @staticmethod
    def gate() -> Any:
        """An event the children wait for before they start (``set()`` opens it)."""
        return multiprocessing.get_context("fork").Event()

    @property
    def pid(self) -> int:
        return int(self._process.pid or 0)

    @property
    def returncode(self) -> int | None:
        return self._process.exitcode

    def poll(self) -> int | None:
        return self._process.exitcode

    def send_signal(self, sent: int) -> None:
        os.kill(self.pid, sent)

    def communicate(self, timeout: float | None = None) -> tuple[str, str]:
        """Wait for the end (killing it after ``timeout`` seconds, then raising
        ``subprocess.TimeoutExpired``); return what it wrote to stdout and stderr."""
        self._process.join(timeout)
        if self._process.exitcode is None:
            self._process.kill()
            self._process.join()
            raise subprocess.TimeoutExpired("forked process", timeout or 0)
        return self._read(self._out), self._read(self._err)

    @staticmethod
    def _read(handle: IO[bytes]) -> str:
        handle.seek(0)
        text = handle.read().decode("utf-8")
        handle.close()
        return text


def _cli(argv: Sequence[str]) -> int:
    from pipeline.cli import main

    return main(list(argv))


def warm() -> None:
    """Load in this process what every ingest loads (Great Expectations, jieba's dictionary),
    once, so forked children start with it."""
    from extractors.keywords import segment_words
    from pipeline.quality.validate import load_validator

    load_validator()
    segment_words("预热")


def forked_cli(argv: Sequence[str], env: Mapping[str, str] | None = None,
               gate: Any = None) -> Forked:
    """``catalog <argv>`` in a forked process (started when ``gate`` opens, if given)."""
    warm()
    return Forked(_cli, list(argv), env=env, gate=gate)
