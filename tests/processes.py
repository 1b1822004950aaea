"""Helpers for tests that start ``catalog`` as a real process and signal or kill it: when its
signal handlers are in place, which processes it started, and waiting for them to be gone.

The process tree is walked with psutil (installed with dask.distributed, which the Dask runner
needs); a process that has exited but not been reaped (a zombie) counts as gone.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import psutil

from tests.conftest import ROOT

__all__ = ["Terminal", "alive", "catalog_process", "catches", "descendants", "handlers_installed",
           "holds_open", "wait_until"]  # fmt: skip

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


def holds_open(process: psutil.Process, path: str | Path) -> bool:
    """Whether ``process`` has the file ``path`` open now (False once it is gone)."""
    try:
        return any(Path(found.path) == Path(path) for found in process.open_files())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def handlers_installed(run: subprocess.Popen[bytes]) -> None:
    """Wait until ``run`` (a ``catalog`` process) has its signal handlers, the console script's
    first act (before it, no Python code of ours runs), or has ended."""
    wait_until(lambda: catches(run.pid, signal.SIGTERM) or run.poll() is not None,
               "the signal handlers")  # fmt: skip


class Terminal:
    """A pseudo-terminal for ``catalog``'s stderr, so it draws its live progress line; reads
    what it drew, cursor and colour sequences stripped."""

    ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|[\r\x1b]")

    def __init__(self) -> None:
        self.master, self.slave = pty.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
        self.redraws: list[str] = []

    def started(self) -> None:
        """The process has the slave side now: close ours, so its end is an end of file."""
        os.close(self.slave)

    def read(self, timeout: float = 2.0) -> str | None:
        """The next text drawn (stripped), or None at the end or after ``timeout`` s of
        silence."""
        if not select.select([self.master], [], [], timeout)[0]:
            return None
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the other side is closed: the process has ended
            return None
        text = self.ANSI.sub("", chunk.decode("utf-8", "replace"))
        self.redraws.append(text)
        return text

    def wait_for(self, pattern: str, timeout: float = HANG_GUARD) -> re.Match[str]:
        """Read until ``pattern`` is drawn; fail after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.read()
            found = re.search(pattern, text or "")
            if found:
                return found
        raise AssertionError(f"{pattern!r} not drawn in {timeout:g} s: {self.redraws[-3:]}")

    def rest(self) -> str:
        """Everything still to be read, until the process closes its side."""
        parts = []
        while (text := self.read(timeout=5.0)) is not None:
            parts.append(text)
        return "".join(parts)

    def close(self) -> None:
        os.close(self.master)
