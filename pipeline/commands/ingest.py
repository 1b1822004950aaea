"""``catalog ingest [PATH ...] [--edition LABEL] [--curated DIR] [--raw DIR] [--profile FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pipeline.commands.profile_option import add_profile_option, checked_profile
from pipeline.commands.report_lines import failure_lines, verdict_line
from pipeline.commands.store_option import folder
from pipeline.errors import PipelineError, PublishError, SourceMissing
from pipeline.parse.sources import EDITION_SUFFIXES
from pipeline.quality.validate import EditionQuarantined
from pipeline.terminal import for_terminal

__all__ = ["DEFAULT_CURATED", "DEFAULT_RAW", "raw_editions", "register", "run"]

DEFAULT_RAW = Path("raw")
DEFAULT_CURATED = Path("curated")


def register(commands: Any) -> None:
    """Add the ``ingest`` parser to the CLI's subparsers."""
    parser = commands.add_parser("ingest", help="ingest editions into the curated store")
    parser.add_argument("paths", nargs="*", type=Path, help="edition files (default: all of raw/)")
    parser.add_argument("--edition", help="edition label (default: the file name's stem)")
    parser.add_argument("--curated", type=folder, default=DEFAULT_CURATED, help="output directory")
    parser.add_argument(
        "--raw", type=folder, default=DEFAULT_RAW, help="folder searched when no path is given"
    )
    add_profile_option(parser)


def raw_editions(raw: Path) -> list[Path]:
    """Edition files in ``raw`` (by suffix), sorted by name; raises when there are none."""
    if not raw.is_dir():
        raise SourceMissing("no such folder", file=raw)
    files = sorted(p for p in raw.iterdir() if p.is_file() and p.suffix.lower() in EDITION_SUFFIXES)
    if not files:
        raise SourceMissing(f"no edition files ({', '.join(sorted(EDITION_SUFFIXES))})", file=raw)
    return files


def run(args: argparse.Namespace) -> int:
    """Ingest each edition; per edition a summary line, the validation verdict with its Data
    Docs path and any warnings; per bad input one error line (a quarantined edition adds its
    critical failures and report under it)."""
    paths: list[Path] = args.paths or raw_editions(args.raw)
    if args.edition and len(paths) > 1:
        raise PipelineError("--edition names one edition; give one path with it")
    profile = checked_profile(args.profile)  # a bad profile fails before any work
    from pipeline.parse.sources import check_source
    from pipeline.profile import default_profile, load_profile

    rules = load_profile(profile) if profile else default_profile()
    failed = 0
    for path in paths:
        try:
            check_source(path, rules)  # exists, readable, size, format: before heavy imports
            from pipeline.ingest import describe_changes, ingest  # pandas, pyarrow, jieba
            from pipeline.store.store import CuratedStore

            store = CuratedStore(args.curated)
            summary = ingest(path, args.edition, store, rules)
        except PublishError as error:  # about the store, not this edition: named as it is
            _print_error(error)
            failed += 1
            continue
        except PipelineError as error:
            _print_error(error.located(path))
            failed += 1
            continue
        print(
            f"{summary.edition}: {summary.entries} entries, {summary.numeric_effort} with "
            f"numeric effort, {summary.open_ended} open-ended; tables in "
            f"{store.where(store.layout.partitions_hint(summary.edition))}"
        )
        print(verdict_line(summary.edition, summary.validation_status, summary.report))
        for warning in summary.warnings:
            print(f"  warning: {for_terminal(warning)}")
        if summary.changes is not None:
            print(describe_changes(summary.changes, summary.edition))
    return 1 if failed else 0


def _print_error(error: PipelineError) -> None:
    """The one error line; for a quarantined edition, its failures and report under it."""
    print(f"error: {for_terminal(str(error))}", file=sys.stderr)
    if isinstance(error, EditionQuarantined):
        for line in failure_lines(error.report.critical):
            print(line, file=sys.stderr)
        print(f"  report: {error.report.report_path}", file=sys.stderr)
