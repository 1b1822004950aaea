"""Split a big job into contiguous chunks and run them in worker processes, order preserved.

Used for the two CPU-bound stages of large editions: reading PDF pages and extracting entries
(jieba keywords dominate). Workers are *spawned*, never forked, because the parent may be a
threaded Prefect process; a script calling this therefore needs the usual
``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

__all__ = ["DEFAULT_MAX_WORKERS", "chunk_bounds", "map_chunks"]

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
    pool = ProcessPoolExecutor(max_workers=len(chunks), mp_context=context)
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
