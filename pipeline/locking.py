"""One writer at a time per curated store: an exclusive ``flock`` on ``<curated>/.lock``.

Two ``catalog ingest`` runs on one store would otherwise interleave their table replacements
(and one's crash recovery could roll back the other's publish). The lock is held by the open
file description, so the kernel releases it when its process dies, even by SIGKILL: a crashed
run never leaves the store locked. Within one process the lock is re-entrant (the ingest flow
holds it around validation and publishing, and ``publish_edition`` takes it again).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import PublishError

__all__ = ["DEFAULT_LOCK_TIMEOUT", "LOCK_FILE", "LOCK_TIMEOUT_VARIABLE", "publish_lock"]

LOCK_FILE = ".lock"
#: Seconds a second writer waits for the first to finish before giving up…
DEFAULT_LOCK_TIMEOUT = 600.0
#: …unless this environment variable says otherwise.
LOCK_TIMEOUT_VARIABLE = "CATALOG_LOCK_TIMEOUT"
#: Seconds between two attempts to take a held lock.
POLL_INTERVAL = 0.1

#: Store (resolved path) → (lock file descriptor, nesting depth) for locks this process holds.
_held: dict[Path, tuple[int, int]] = {}
_guard = threading.Lock()


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _acquire(path: Path, timeout: float) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    while not _try_lock(fd):
        if time.monotonic() >= deadline:
            os.close(fd)
            raise PublishError(
                f"another run is publishing to {path.parent} (lock {path} held for "
                f"{timeout:g} s); try again when it has finished"
            )
        time.sleep(POLL_INTERVAL)
    return fd


def lock_timeout() -> float:
    """``$CATALOG_LOCK_TIMEOUT`` seconds when set to a number, else ``DEFAULT_LOCK_TIMEOUT``."""
    try:
        return float(os.environ.get(LOCK_TIMEOUT_VARIABLE, DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


@contextmanager
def publish_lock(curated: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the store's writer lock for the ``with`` block, waiting up to ``timeout`` seconds
    (default ``lock_timeout()``).

    Raises ``PublishError`` when another process still holds it after ``timeout``.
    """
    key = curated.resolve()
    with _guard:
        fd, depth = _held.get(key, (-1, 0))
        if depth == 0:
            fd = _acquire(key / LOCK_FILE, lock_timeout() if timeout is None else timeout)
        _held[key] = (fd, depth + 1)
    try:
        yield
    finally:
        with _guard:
            fd, depth = _held.pop(key)
            if depth > 1:
                _held[key] = (fd, depth - 1)
            else:
                os.close(fd)  # closing the descriptor releases the flock
