"""What a person sees while an ingest runs: the current stage and its elapsed time.

``StageDisplay`` is the ``progress`` hook of ``pipeline.ingest``. On a terminal it shows a
live line on stderr (rich redraws it several times a second, so a long PDF read is visibly
alive from its first second); with ``--verbose`` it also prints each finished stage and its
duration; with ``--quiet`` or ``--json``, or when stderr is not a terminal, it shows nothing.

It is also the CLI's one view of where a run is: from the ``publishing`` stage until the
edition is done, a signal is held (``pipeline.interrupts.hold``), so the commit and the site and
database refreshed after it are never cut short, and the signal's one line says the edition was
published.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pipeline.interrupts import hold, release
from pipeline.terminal import for_terminal

__all__ = ["HELD_STAGE", "StageDisplay", "stage_display"]

#: From this stage on, until the edition is done, a signal waits (module docstring).
HELD_STAGE = "publishing"


class StageDisplay:
    """Receives stage names; see the module docstring."""

    def __init__(self, edition: str, *, live: Any = None, verbose: bool = False) -> None:
        self.edition, self.live, self.verbose = for_terminal(edition), live, verbose
        self.stage: str | None = None
        self.started = time.perf_counter()

    def _finish(self) -> None:
        if self.stage is not None and self.verbose:
            seconds = time.perf_counter() - self.started
            print(f"  {self.edition}: {self.stage} {seconds:.2f} s", file=sys.stderr)

    def __call__(self, stage: str, detail: str = "") -> None:
        if detail and stage == self.stage:  # the same stage, further on: the live line only
            if self.live is not None:
                self.live.update(f"{self.edition}: {stage}, {detail}…")
            return
        self._finish()
        self.stage, self.started = stage, time.perf_counter()
        if stage == HELD_STAGE:
            hold()
        if self.live is not None:
            self.live.update(f"{self.edition}: {stage}…")

    def close(self) -> None:
        """The edition is done: its last stage's line, and a signal held since
        ``HELD_STAGE`` raised now."""
        self._finish()
        held, self.stage = self.stage == HELD_STAGE, None
        if held:
            release()


@contextmanager
def stage_display(edition: str, *, quiet: bool, verbose: bool) -> Iterator[StageDisplay]:
    """A ``StageDisplay`` for one edition; the live line only on an interactive stderr."""
    if quiet or not sys.stderr.isatty():
        display = StageDisplay(edition, verbose=verbose and not quiet)
        try:
            yield display
        finally:
            display.close()
        return
    from rich.console import Console  # installed with Prefect; loads only on a terminal

    with Console(stderr=True).status(f"{for_terminal(edition)}: starting…") as status:
        display = StageDisplay(edition, live=status, verbose=verbose)
        try:
            yield display
        finally:
            display.close()
