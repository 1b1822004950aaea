"""``catalog serve [--cron "0 6 * * *"] [--raw DIR] [--curated DIR]``: scheduled ingestion.

Serves the ``ingest-new-editions`` flow as a Prefect deployment on a cron schedule: each run
ingests the new editions in ``raw/`` and records what changed. Schedules need a running
Prefect server (``prefect server start`` or an existing one, via ``PREFECT_API_URL``); the
temporary server Prefect starts for one-off runs cannot run them, so serving without one stops
with one line saying what to do.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

from flows.prefect_setup import configure_prefect
from pipeline.commands.profile_option import add_profile_option, loaded_profile
from pipeline.commands.store_option import add_curated_option, add_raw_option
from pipeline.env_settings import seconds_setting
from pipeline.errors import PipelineError
from pipeline.notify import check_webhook

__all__ = ["NO_SERVER", "register", "run"]

DEFAULT_CRON = "0 6 * * *"  # keep in step with flows.ingest_new.DEFAULT_CRON
#: Seconds the Prefect server has to answer its health check before serving gives up…
SERVER_TIMEOUT = 10.0
#: …unless this environment variable says otherwise.
SERVER_TIMEOUT_VARIABLE = "CATALOG_PREFECT_TIMEOUT"
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
    add_raw_option(parser, "folder watched for editions")
    add_curated_option(parser, "output directory")
    parser.add_argument(
        "--notify", metavar="URL", default=None,
        help="webhook told (JSON POST) when a run ingests something or fails",
    )
    add_profile_option(parser)


def _check_cron(cron: str) -> None:
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError:
        problem = f"--cron {cron!r} is not a cron expression (e.g. {DEFAULT_CRON!r})"
        raise PipelineError(problem) from None


def check_prefect_home() -> Path:
    """The folder Prefect keeps its settings and database in (``PREFECT_HOME``, default
    ``~/.prefect``), created if needed; ``PipelineError`` when it cannot be written (Prefect
    would otherwise fail deep inside with a traceback)."""
    configured = os.environ.get("PREFECT_HOME")
    home = Path(configured).expanduser() if configured else Path.home() / ".prefect"
    try:
        home.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=home):
            pass
    except OSError as error:
        raise PipelineError(
            f"Prefect needs a writable folder ({error.strerror or error}); set PREFECT_HOME "
            "to one", file=home,
        ) from None
    return home


def server_timeout() -> float:
    """``$CATALOG_PREFECT_TIMEOUT`` seconds when set (a finite number > 0), else
    ``SERVER_TIMEOUT``; ``PipelineError`` for anything else."""
    return seconds_setting(SERVER_TIMEOUT_VARIABLE, SERVER_TIMEOUT, allow_zero=False)


def check_server(url: str, timeout: float | None = None) -> None:
    """``PipelineError`` unless the Prefect API at ``url`` answers its health check within
    ``timeout`` seconds (a closed port fails at once; a server that never answers, after
    ``timeout`` rather than Prefect's own minutes of retries)."""
    try:
        wait = server_timeout() if timeout is None else timeout
        with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=wait) as answer:
            answer.read(64)
    except (OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise PipelineError(
            f"the Prefect server at {url} does not answer ({reason}); start it with `prefect "
            "server start` or fix PREFECT_API_URL"
        ) from None


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; raises ``PipelineError`` without a (reachable) server, with a
    bad cron, folder or profile, or an unwritable ``PREFECT_HOME``: all before serving."""
    if not args.raw.is_dir():
        raise PipelineError("the folder of editions to watch does not exist", file=args.raw)
    if args.curated.exists() and not args.curated.is_dir():
        raise PipelineError("the curated store is not a folder", file=args.curated)
    loaded_profile(args.profile)  # a bad profile fails now; each served run loads its file
    profile = str(args.profile) if args.profile else None
    notify = check_webhook(args.notify) if args.notify else None
    check_prefect_home()
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")  # each run says what it did
    configure_prefect()
    from prefect.settings import PREFECT_API_URL

    _check_cron(args.cron)
    url = PREFECT_API_URL.value()
    if not url:
        raise PipelineError(NO_SERVER)
    check_server(str(url))
    from flows.ingest_new import DEPLOYMENT_NAME, serve

    print(f"serving {DEPLOYMENT_NAME} on {args.cron!r}: {args.raw} → {args.curated} "
          f"(Prefect server {PREFECT_API_URL.value()}); Ctrl+C stops serving")
    serve(args.cron, args.raw, args.curated, profile, notify)
    return 0
