"""Helpers for tests that start ``catalog`` as a real process and signal or kill it: when its
signal handlers are in place, which processes it started, and waiting for them to be gone.

The process tree is walked with psutil (installed with dask.distributed, which the Dask runner
needs); a process that has exited but not been reaped (a zombie) counts as gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import psutil

from tests.conftest import ROOT

__all__ = ["alive", "catalog_process", "catches", "descendants", "handlers_installed", "wait_until"]

#: A generous bound for anything a test waits for: it guards against a hang, it measures nothing.
HANG_GUARD = 300.0


def catalog_process(argv: Sequence[str], env: Mapping[str, str] | None = None,
                    **popen: object) -> subprocess.Popen[bytes]:  # fmt: skip
    """``catalog <argv>`` in a fresh interpreter (``python -m pipeline.cli``, the console
    script's code path), stdout and stderr piped unless ``popen`` says otherwise."""
    options: dict[str, object] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE,
                                  "stdin": subprocess.DEVNULL, **popen}  # fmt: skip
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", *argv], cwd=ROOT,
                            env={**os.environ, **(env or {})}, **options)  # type: ignore[call-overload]


def catches(pid: int, number: int) -> bool:
    """Whether process ``pid`` has a handler for signal ``number`` (``SigCgt`` in /proc)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(mask, 16) >> (number - 1) & 1)


def wait_until(condition: Callable[[], object], what: str, timeout: float = HANG_GUARD
               ) -> None:  # fmt: skip
    """Poll ``condition()`` until it is true; fail naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what} after {timeout:g} s"
        time.sleep(0.05)


def descendants(pid: int) -> list[psutil.Process]:
    """Every process below ``pid`` (children, theirs, …), now."""
    try:
        return list(psutil.Process(pid).children(recursive=True))
    except psutil.NoSuchProcess:
        return []


def alive(processes: Iterable[psutil.Process]) -> list[str]:
    """Those of ``processes`` still running (not gone, not a zombie; a reused pid is another
    process), each as ``pid command line``."""
    found = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                found.append(f"{process.pid} {' '.join(process.cmdline())[:200]}")
        except psutil.NoSuchProcess:
            continue
    return found


def handlers_installed(run: subprocess.Popen[bytes]) -> None:
    """Wait until ``run`` (a ``catalog`` process) has its signal handlers, the console script's
    first act (before it, no Python code of ours runs), or has ended."""
    wait_until(lambda: catches(run.pid, signal.SIGTERM) or run.poll() is not None,
               "the signal handlers")  # fmt: skip
