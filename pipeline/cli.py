"""``catalog`` command line: one summary line per edition, one error line per bad input.

Heavy libraries (Prefect, Great Expectations) are imported inside the commands that need them,
so ``catalog --help`` and argument errors answer at once.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import PipelineError, SourceMissing
from pipeline.sources import EDITION_SUFFIXES

__all__ = ["main"]

DEFAULT_RAW = Path("raw")
DEFAULT_CURATED = Path("curated")
EXIT_BAD_INPUT = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="catalog", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="ingest editions into the curated store")
    ingest.add_argument("paths", nargs="*", type=Path, help="edition files (default: all of raw/)")
    ingest.add_argument("--edition", help="edition label (default: the file name's stem)")
    ingest.add_argument("--curated", type=Path, default=DEFAULT_CURATED, help="output directory")
    ingest.add_argument(
        "--raw", type=Path, default=DEFAULT_RAW, help="folder searched when no path is given"
    )
    return parser


def raw_editions(raw: Path) -> list[Path]:
    """Edition files in ``raw`` (by suffix), sorted by name; raises when there are none."""
    if not raw.is_dir():
        raise SourceMissing("no such folder", file=raw)
    files = sorted(p for p in raw.iterdir() if p.is_file() and p.suffix.lower() in EDITION_SUFFIXES)
    if not files:
        raise SourceMissing(f"no edition files ({', '.join(sorted(EDITION_SUFFIXES))})", file=raw)
    return files


#: Prefect settings the CLI applies unless the user set them: no telemetry from the temporary
#: server (its heartbeat logs a traceback when SQLite is busy) and only warnings from Prefect,
#: so a run prints our summary lines. ``PREFECT_LOGGING_LEVEL=INFO`` shows Prefect's run logs.
PREFECT_DEFAULTS: dict[str, str] = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def _error_names(cls: type[PipelineError] = PipelineError) -> set[str]:
    return {cls.__name__}.union(*(_error_names(sub) for sub in cls.__subclasses__()))


class _NoPipelineErrorLogs(logging.Filter):
    """Bad input is reported by the CLI in one line: drop Prefect's own reports of it."""

    def __init__(self) -> None:
        super().__init__()
        self.markers = tuple(f"{name}:" for name in _error_names())

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PipelineError):
            return False
        return not any(marker in record.getMessage() for marker in self.markers)


def configure_prefect() -> None:
    """Apply ``PREFECT_DEFAULTS`` (before Prefect is imported) and the log filter."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    import prefect.logging.configuration  # noqa: F401  (sets up Prefect's handlers)

    quiet = _NoPipelineErrorLogs()
    for name in ("prefect", "prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        logger.addFilter(quiet)
        for handler in logger.handlers:
            handler.addFilter(quiet)


def _ingest(args: argparse.Namespace) -> int:
    paths: list[Path] = args.paths or raw_editions(args.raw)
    if args.edition and len(paths) > 1:
        raise PipelineError("--edition names one edition; give one path with it")
    configure_prefect()
    from flows.ingest import ingest_edition

    failed = 0
    for path in paths:
        try:
            summary = ingest_edition(str(path), args.edition, str(args.curated))
        except PipelineError as error:
            print(f"error: {error.located(path)}", file=sys.stderr)
            failed += 1
            continue
        print(
            f"{summary.edition}: {summary.entries} entries, {summary.numeric_effort} with "
            f"numeric effort, {summary.open_ended} open-ended; tables in {summary.curated}/"
            f"<table>/edition={summary.edition}/"
        )
    return EXIT_BAD_INPUT if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``catalog`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _ingest(args)
    except PipelineError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
