"""``catalog serve [--cron "0 6 * * *"] [--raw DIR] [--curated DIR]``: scheduled ingestion.

Serves the ``ingest-new-editions`` flow as a Prefect deployment on a cron schedule: each run
ingests the new editions in ``raw/`` and records what changed. Schedules need a running
Prefect server (``prefect server start`` or an existing one, via ``PREFECT_API_URL``); the
temporary server Prefect starts for one-off runs cannot run them, so serving without one stops
with one line saying what to do.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pipeline.commands.prefect_setup import configure_prefect
from pipeline.commands.profile_option import add_profile_option, checked_profile
from pipeline.errors import PipelineError

__all__ = ["NO_SERVER", "register", "run"]

DEFAULT_CRON = "0 6 * * *"  # keep in step with flows.ingest_new.DEFAULT_CRON
NO_SERVER = (
    "catalog serve needs a running Prefect server for its schedule: start one with "
    "`prefect server start` and set PREFECT_API_URL to its API (see README, Scheduled runs)"
)


def register(commands: Any) -> None:
    """Add the ``serve`` parser to the CLI's subparsers."""
    parser = commands.add_parser(
        "serve", help="ingest new editions of raw/ on a schedule (Prefect deployment)"
    )
    parser.add_argument("--cron", default=DEFAULT_CRON, help=f"schedule (default {DEFAULT_CRON!r})")
    parser.add_argument("--raw", type=Path, default=Path("raw"), help="folder watched for editions")
    parser.add_argument("--curated", type=Path, default=Path("curated"), help="output directory")
    add_profile_option(parser)


def _check_cron(cron: str) -> None:
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError:
        problem = f"--cron {cron!r} is not a cron expression (e.g. {DEFAULT_CRON!r})"
        raise PipelineError(problem) from None


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; raises ``PipelineError`` without a server or with a bad cron."""
    configure_prefect()
    from prefect.settings import PREFECT_API_URL

    _check_cron(args.cron)
    profile = checked_profile(args.profile)
    if not PREFECT_API_URL.value():
        raise PipelineError(NO_SERVER)
    from flows.ingest_new import DEPLOYMENT_NAME, serve

    print(f"serving {DEPLOYMENT_NAME} on {args.cron!r}: {args.raw} → {args.curated} "
          f"(Prefect server {PREFECT_API_URL.value()}); Ctrl+C stops serving")
    serve(args.cron, args.raw, args.curated, profile)
    return 0
