"""Timing and memory primitives for the benchmarks: warm-up, median of repeats, peak RSS.

Peak memory is measured in a fresh subprocess (``python -m bench.measure_rss …``) so one
benchmark's allocations never inflate another's.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Timing", "peak_rss_mib", "timed"]


@dataclass(frozen=True, slots=True)
class Timing:
    """Median time (wall clock unless another clock was asked for) of ``repeats`` runs after
    ``warmup`` unmeasured runs."""

    median_s: float
    runs: tuple[float, ...]


def timed(work: Callable[[], object], repeats: int = 3, warmup: int = 1,
          clock: Callable[[], float] = time.perf_counter) -> Timing:  # fmt: skip
    """Run ``work`` ``warmup`` times unmeasured, then ``repeats`` times timed by ``clock``
    (``time.process_time``: this process's CPU time); return the median."""
    for _ in range(warmup):
        work()
    runs = []
    for _ in range(repeats):
        start = clock()
        work()
        runs.append(clock() - start)
    return Timing(statistics.median(runs), tuple(runs))


def peak_rss_mib(*args: str) -> float:
    """Peak resident memory (MiB) of ``python -m bench.measure_rss ARGS`` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.measure_rss", *args],
        check=True, capture_output=True, text=True,
    )
    return float(json.loads(done.stdout.strip().splitlines()[-1])["peak_rss_mib"])
