"""Split a big job into contiguous chunks and run them in worker processes, order preserved.

Used for the two CPU-bound stages of large editions: reading PDF pages and extracting entries
(jieba keywords dominate). Workers are *spawned*, never forked, because the parent may be a
threaded Prefect process; a script calling this therefore needs the usual
``if __name__ == "__main__":`` guard.

Every process started here dies with the process that started it, even by ``kill -9``
(``die_with_parent``, each one's initializer: Linux's parent-death signal, and a check that the
parent did not die before it was set): a pool worker or a manager left behind holds memory,
and a page range, for ever. Workers ignore Ctrl-C: a terminal sends it to the whole process
group, and the parent, which stops them, says what happened in one line.
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing.managers import SyncManager
from typing import TypeVar

__all__ = ["DEFAULT_MAX_WORKERS", "chunk_bounds", "die_with_parent", "map_chunks",
           "shared_manager"]  # fmt: skip

#: ``prctl`` option: the signal a process gets when its parent thread exits (Linux).
PR_SET_PDEATHSIG = 1

#: Worker processes at most; more than the cores only adds start-up cost.
DEFAULT_MAX_WORKERS = min(4, os.cpu_count() or 1)

Chunk = TypeVar("Chunk")
Result = TypeVar("Result")


def chunk_bounds(count: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous ``(start, stop)`` ranges covering ``0…count-1`` as evenly as can be."""
    size, extra = divmod(count, max(parts, 1))
    bounds = [0]
    for part in range(max(parts, 1)):
        bounds.append(bounds[-1] + size + (part < extra))
    return list(itertools.pairwise(bounds))


#: Seconds between two calls of ``map_chunks``'s ``poll`` while the workers run.
POLL_INTERVAL = 0.2


def map_chunks(
    work: Callable[[Chunk], list[Result]],
    chunks: Sequence[Chunk],
    on_broken: Callable[[BrokenProcessPool], Exception],
    poll: Callable[[], None] | None = None,
) -> list[Result]:
    """``work(chunk)`` for every chunk in its own worker process, results concatenated in order;
    ``poll`` (a progress display's) is called every ``POLL_INTERVAL`` s while they run.

    A worker that dies (out of memory, no ``__main__`` guard) raises ``on_broken(error)``.
    """
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=len(chunks), mp_context=context,
                               initializer=die_with_parent, initargs=(os.getpid(),))  # fmt: skip
    try:
        futures = [pool.submit(work, chunk) for chunk in chunks]
        pending = set(futures)
        while poll is not None and pending:
            _, pending = wait(pending, timeout=POLL_INTERVAL, return_when=FIRST_COMPLETED)
            poll()
        return [item for future in futures for item in future.result()]
    except BrokenProcessPool as error:
        _stop(pool)
        raise on_broken(error) from error
    except BaseException:  # Ctrl-C, SIGTERM, an error: do not wait for the other chunks
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the chunks not started and end the workers now: ``shutdown`` alone waits for
    the running chunks (half a 500-page PDF each: Ctrl-C took six seconds to act). The
    executor has no public way to end its workers before Python 3.14."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()


def die_with_parent(parent: int) -> None:
    """A worker process's initializer: be killed (SIGKILL) when the process ``parent`` that
    started it dies, and ignore Ctrl-C (module docstring). Where Linux's ``PR_SET_PDEATHSIG``
    is missing the worker still ends with its parent's pipe (a pool's, a manager's)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it died before the signal was set: nobody would send it
        os._exit(1)


@contextmanager
def shared_manager() -> Iterator[SyncManager]:
    """A started ``multiprocessing`` manager (spawned) for the ``with`` block, its server
    process dying with this one (``die_with_parent``)."""
    manager = SyncManager(ctx=multiprocessing.get_context("spawn"))
    manager.start(die_with_parent, (os.getpid(),))
    with manager:
        yield manager
