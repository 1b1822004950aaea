"""Publishing against the store's history: the publish stage of the n-th edition of one catalog.

The same catalog is published edition after edition (the bundled edition, one entry's functions
changed each time, so every edition has a change record). For each edition the *publish stage*
is timed: from the ``publishing`` progress call to the return of ``publish_parsed``, i.e. the
commit and the refresh of the outputs after it (the site and the DuckDB database).

Two curves, measured in the same run:

* **now**: the incremental outputs (``pipeline.outputs``): the changed edition's page, its
  neighbours and the index; the database's views re-created only when their shape changes;
* **before** (issue 23): every commit re-rendered the whole site from every edition's tables and
  rebuilt the DuckDB database, emulated by refreshing with ``refresh_site(rebuild=True)`` and
  ``rebuild_database`` instead (the code the commit ran then), over fewer editions: its cost
  grows with each one.

Each point is the median over a window of editions (single commits are noisy on a shared
machine), in wall time and in this process's CPU time; the target compares the last window's
CPU time with the window's starting at the 2nd edition (CPU time is what the store's history
could make grow, and what another process on the machine does not).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.sections import _table, _verdict
from pipeline import ingest as ingest_module
from pipeline.ingest import ParsedEdition, publish_parsed
from pipeline.models import Resource
from pipeline.outputs import Refreshed, rebuild_database
from pipeline.outputs.site import refresh_site
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.store.store import CuratedStore

__all__ = ["publish_history"]

SEED = Path(__file__).resolve().parent.parent / "raw" / "haicang-catalog.txt"
#: The 200th edition's publish stage may cost at most this many times the 2nd's.
TARGET = 1.3
#: Editions per median window.
WINDOW = 10


def _edition(resources: tuple[Resource, ...], number: int) -> tuple[Resource, ...]:
    """Edition ``number``: entry ``number`` mod 26's functions gain one item."""
    changed = number % len(resources)
    return tuple(replace(r, functions=(*r.functions, f"第{number}版新增功能"))
                 if index == changed else r for index, r in enumerate(resources))  # fmt: skip


def _full_refresh(store: CuratedStore, changed: Sequence[str], *, database: bool = True,
                  time_zone: str | None = None) -> Refreshed:  # fmt: skip
    """What every commit did before issue 23: the whole site and the whole database."""
    return Refreshed(site=refresh_site(store, changed, rebuild=True, time_zone=time_zone),
                     database=database and rebuild_database(store))  # fmt: skip


@contextmanager
def _refreshing_with(refresh: Callable[..., Refreshed] | None) -> Iterator[None]:
    """``publish_parsed`` refreshing with ``refresh`` (None: as it does)."""
    original = vars(ingest_module)["refresh_outputs"]
    if refresh is not None:
        setattr(ingest_module, "refresh_outputs", refresh)  # noqa: B010
    try:
        yield
    finally:
        setattr(ingest_module, "refresh_outputs", original)  # noqa: B010


def _curve(root: Path, editions: int, refresh: Callable[..., Refreshed] | None
           ) -> list[tuple[float, float]]:  # fmt: skip
    """(wall, CPU) seconds of the publish stage of editions 1…``editions`` published into
    ``root``."""
    document = read_source(SEED)
    resources = tuple(parse_document(document))
    store = CuratedStore(root)
    stages: list[tuple[float, float]] = []
    with _refreshing_with(refresh):
        for number in range(1, editions + 1):
            started: dict[str, tuple[float, float]] = {}

            def progress(stage: str, _detail: str = "",
                         started: dict[str, tuple[float, float]] = started) -> None:
                if stage == "publishing":
                    started.setdefault(stage, (time.perf_counter(), time.process_time()))

            parsed = ParsedEdition(document, _edition(resources, number))
            publish_parsed(parsed, f"e{number:03d}", store, progress=progress)
            wall, cpu = started["publishing"]
            stages.append((time.perf_counter() - wall, time.process_time() - cpu))
    return stages


def _window(stages: Sequence[tuple[float, float]], start: int, cpu: bool = False) -> float:
    """The median publish stage (wall, or ``cpu``) of editions ``start``…``start + WINDOW - 1``
    (1-based)."""
    return statistics.median(s[1 if cpu else 0] for s in stages[start - 1:start - 1 + WINDOW])


def _points(editions: int) -> list[int]:
    """The editions the table shows: the 2nd, then evenly spaced, the last window last."""
    last = editions - WINDOW + 1
    marks = {2, last, *range(25, last, 25)} if editions >= 50 else {2, last}
    return sorted(m for m in marks if m >= 2)


def publish_history(work: Path, quick: bool = False) -> str:
    """The section's markdown."""
    editions, before_editions = (12, 11) if quick else (200, 60)
    now = _curve(work / "history-now", editions, None)
    before = _curve(work / "history-before", before_editions, _full_refresh)
    rows: list[Any] = []
    for point in _points(editions):
        covered = point + WINDOW - 1 <= before_editions
        rows.append((
            f"{point}–{point + WINDOW - 1}",
            f"{_window(now, point) * 1000:.0f}", f"{_window(now, point, cpu=True) * 1000:.0f}",
            f"{_window(before, point) * 1000:.0f}" if covered else "—",
            f"{_window(before, point, cpu=True) * 1000:.0f}" if covered else "—",
        ))  # fmt: skip
    last = editions - WINDOW + 1
    ratio = _window(now, last, cpu=True) / _window(now, 2, cpu=True)
    wall_ratio = _window(now, last) / _window(now, 2)
    before_last = before_editions - WINDOW + 1
    before_ratio = _window(before, before_last, cpu=True) / _window(before, 2, cpu=True)
    table = _table(("editions", "now: wall (ms)", "now: CPU (ms)", "before: wall (ms)",
                    "before: CPU (ms)"), rows)  # fmt: skip
    return (
        f"### Publishing against the store's history\n\n"
        f"One catalog, {editions} editions published one after another (the bundled edition, "
        "one entry changed each time); the publish stage is the commit and the refresh of the "
        "site and the DuckDB database after it (`bench.publish_history`), the median of "
        f"{WINDOW} editions. *Before* emulates issue 23's starting point (the whole site and "
        f"database rebuilt by every commit) over {before_editions} editions.\n\n{table}\n\n"
        f"CPU time, editions {last}–{editions} vs 2–{1 + WINDOW}: **{ratio:.2f}×** (target ≤ "
        f"{TARGET}×: {_verdict(ratio, TARGET)}; wall time {wall_ratio:.2f}×); before: "
        f"editions {before_last}–{before_editions} vs 2–{1 + WINDOW}: {before_ratio:.2f}×."
    )


if __name__ == "__main__":  # this section alone: python -m bench.publish_history [--quick]
    import sys
    import tempfile

    with tempfile.TemporaryDirectory(prefix="catalog-bench-") as folder:
        print(publish_history(Path(folder), quick="--quick" in sys.argv[1:]))
