"""How the commands print a validation outcome: one line for the verdict, one per failure.

The terminal speaks English like the rest of the CLI, its verdict words from
``pipeline.vocabulary.VERDICT_LINES`` (beside the site's Chinese ``STATUS_WORDS``); a failure
names its check by id (``resources.has_function``), the key to its row on the site's 数据校验
table and in ``validation.json``.

Failures are listed per expectation and capped, so a check that fails on every entry still
prints a readable screen (the catalog site and ``validation.json`` list them all).
"""

from __future__ import annotations

import functools
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TypeVar

from pipeline.quality.validate import FailedExpectation
from pipeline.terminal import for_terminal
from pipeline.vocabulary import VERDICT_LINES

__all__ = ["MAX_ENTRIES_PER_CHECK", "derived_lines_only", "failure_lines", "verdict_line"]

_Args = TypeVar("_Args")
#: Entries printed per failed expectation; the rest are counted.
MAX_ENTRIES_PER_CHECK = 10


def verdict_line(edition: str, status: str, report_path: str) -> str:
    """``<edition>: validation passed; report <path>``."""
    return f"{edition}: {VERDICT_LINES.get(status, status)}; report {report_path}"


def failure_lines(failures: Iterable[FailedExpectation]) -> list[str]:
    """``  critical: resources.has_function: seq 14 空间地理信息共享平台``, one per failure,
    at most ``MAX_ENTRIES_PER_CHECK`` per expectation and then ``… and N more entries``."""
    listed = list(failures)
    totals = Counter((f.table, f.expectation) for f in listed)
    shown: Counter[tuple[str, str]] = Counter()
    lines = []
    for failure in listed:
        key = (failure.table, failure.expectation)
        shown[key] += 1
        if shown[key] <= MAX_ENTRIES_PER_CHECK:
            lines.append(f"  {failure.severity}: {for_terminal(failure.describe())}")
        if shown[key] == MAX_ENTRIES_PER_CHECK and totals[key] > MAX_ENTRIES_PER_CHECK:
            lines.append(f"  {failure.severity}: {failure.table}.{failure.expectation}: … and "
                         f"{totals[key] - MAX_ENTRIES_PER_CHECK} more entries")
    return lines


def derived_lines_only(run: Callable[[_Args], int]) -> Callable[[_Args], int]:
    """``run`` with derived-output warnings (the site, ``catalog.duckdb``) ignored: the store
    prints each one's line itself (``pipeline.outputs.derived``), so a person reads it once,
    whatever ``-W`` says."""

    @functools.wraps(run)
    def without_repeats(args: _Args) -> int:
        from pipeline.outputs.derived import DerivedOutputWarning

        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DerivedOutputWarning)
            return run(args)

    return without_repeats
