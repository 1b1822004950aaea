"""One writer at a time per curated store: an exclusive ``flock`` on the store's lock file.

Every acquisition opens the lock file itself, so the lock is held by that open file
description: two threads of one process exclude each other exactly like two processes, and
the kernel releases the lock when its process dies, even by SIGKILL (a crashed run never
leaves the store locked). It is not re-entrant: the store takes it once per transaction, and
nothing else takes it. A waiter holds nothing while it sleeps.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.env_settings import seconds_setting
from pipeline.errors import PublishError

__all__ = ["DEFAULT_LOCK_TIMEOUT", "LOCK_TIMEOUT_VARIABLE", "exclusive_lock", "lock_timeout"]

#: Seconds a second writer waits for the first to finish before giving up…
DEFAULT_LOCK_TIMEOUT = 600.0
#: …unless this environment variable says otherwise.
LOCK_TIMEOUT_VARIABLE = "CATALOG_LOCK_TIMEOUT"
#: Seconds between two attempts to take a held lock.
POLL_INTERVAL = 0.05


def lock_timeout() -> float:
    """``$CATALOG_LOCK_TIMEOUT`` seconds when set, else ``DEFAULT_LOCK_TIMEOUT``. Raises
    ``PublishError`` when it is set to anything but a finite number ≥ 0 (``10s`` or ``nan``
    would otherwise wait a default the user did not ask for, or forever)."""
    return seconds_setting(LOCK_TIMEOUT_VARIABLE, DEFAULT_LOCK_TIMEOUT, error=PublishError)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def exclusive_lock(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock file ``path`` for the ``with`` block, waiting up to ``timeout`` seconds
    (default ``lock_timeout()``). Raises ``PublishError`` when it is still held after that."""
    wait = lock_timeout() if timeout is None else timeout
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as error:
        raise PublishError(
            f"cannot take the store's writer lock: {error.strerror or error}", file=path
        ) from None
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise PublishError(
                    f"another run is publishing to {path.parent} (lock {path} held for "
                    f"{wait:g} s); try again when it has finished"
                )
            time.sleep(POLL_INTERVAL)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock
