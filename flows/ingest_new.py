"""Prefect flow that ingests whatever new editions appeared in ``raw/``, each then diffed.

Meant to run on a schedule (``catalog serve``): it finds files whose content is not ingested
yet (``pipeline.raw_inventory``), ingests them oldest first with the ``ingest-edition`` flow
as a subflow, and records each one's changes against its predecessor. A run with nothing new
does nothing and says so. A bad file is reported in one line of the run's log naming it (an
unexpected error too, not only a ``PipelineError``) and the others still go in; the run then
ends failed, naming it, so the schedule's history shows it. Served runs execute in a process
of Prefect's (the flow by value), so the flow sets up its own log filter there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from flows.ingest import ingest_edition
from flows.prefect_setup import quiet_pipeline_error_logs
from pipeline.errors import PipelineError
from pipeline.ingest import IngestResult, NewEditionsSummary
from pipeline.ingest import ingest_new as ingest_new_editions
from pipeline.locations import DEFAULT_CURATED, DEFAULT_RAW
from pipeline.notify import post_message, run_message
from pipeline.raw_inventory import RawFile
from pipeline.run.jobs import run_profile
from pipeline.store.store import CuratedStore

__all__ = [
    "DEFAULT_CRON",
    "DEPLOYMENT_NAME",
    "deployment_parameters",
    "ingest_new",
    "serve",
    "to_deployment",
    "unexpected",
]

DEPLOYMENT_NAME = "ingest-new-editions"
#: Every day at 06:00 (server time zone: UTC unless the schedule says otherwise).
DEFAULT_CRON = "0 6 * * *"


@flow(name="ingest-new-editions", log_prints=True)
def ingest_new(
    raw_dir: str = DEFAULT_RAW, curated: str = DEFAULT_CURATED, profile: str | None = None,
    notify: str | None = None,
) -> NewEditionsSummary:
    """Ingest the editions in ``raw_dir`` not yet in ``curated``, oldest first, each diffed,
    with the catalog ``profile`` file (default: the bundled profile), loaded once and passed
    to each edition: ``pipeline.ingest``'s ``ingest_new`` with each edition as an
    ``ingest-edition`` subflow. When something was
    ingested or the run failed, the ``notify`` webhook (if any) is told (``pipeline.notify``).

    Raises ``PipelineError`` naming the files that failed, after ingesting the others.
    """
    quiet_pipeline_error_logs()
    logger = get_run_logger()
    rules = run_profile(profile)

    def one(raw: RawFile) -> IngestResult:
        try:
            return ingest_edition(str(raw.path), raw.label, curated, rules)
        except PipelineError:
            raise
        except Exception as error:  # one edition's fault must not keep the others out
            raise unexpected(error, raw.path) from error

    def tell(message: dict[str, Any] | None) -> None:
        problem = post_message(notify, message) if notify and message else None
        if problem:
            logger.warning(problem)

    try:
        summary = ingest_new_editions(raw_dir, CuratedStore(curated), rules, ingest_one=one,
                                      say=logger.info, complain=logger.error)  # fmt: skip
    except PipelineError as error:
        logger.error(f"error: {error}")  # Prefect's own record of it is filtered out
        tell(run_message(None, error))
        raise
    tell(run_message(summary))
    return summary


def unexpected(error: Exception, path: Path) -> PipelineError:
    """A ``PipelineError`` naming ``path`` for an error no pipeline code raised on purpose (a
    bug, a Prefect failure), in one line: its type and the first line of its message."""
    first = next(iter(str(error).splitlines()), "")
    problem = f"unexpected {type(error).__name__}" + (f": {first}" if first else "")
    return PipelineError(problem, file=path)


def deployment_parameters(
    raw_dir: str | Path, curated: str | Path, profile: str | Path | None = None,
    notify: str | None = None,
) -> dict[str, str | None]:
    """Flow parameters for a deployment: absolute paths, so runs do not depend on the cwd."""
    return {
        "raw_dir": str(Path(raw_dir).resolve()), "curated": str(Path(curated).resolve()),
        "profile": str(Path(profile).resolve()) if profile else None, "notify": notify,
    }  # fmt: skip


def _deployment_options(
    cron: str, raw_dir: str | Path, curated: str | Path, profile: str | Path | None,
    notify: str | None = None,
) -> dict[str, Any]:
    from prefect.types.entrypoint import EntrypointType

    return {
        "name": DEPLOYMENT_NAME, "cron": cron,
        "parameters": deployment_parameters(raw_dir, curated, profile, notify),
        "entrypoint_type": EntrypointType.MODULE_PATH,  # importable from any working directory
    }


def to_deployment(cron: str = DEFAULT_CRON, raw_dir: str | Path = DEFAULT_RAW,
                  curated: str | Path = DEFAULT_CURATED, profile: str | Path | None = None,
                  notify: str | None = None) -> Any:
    """The scheduled deployment of ``ingest_new`` (a ``RunnerDeployment``), not yet applied."""
    return ingest_new.to_deployment(
        **_deployment_options(cron, raw_dir, curated, profile, notify))


def serve(cron: str = DEFAULT_CRON, raw_dir: str | Path = DEFAULT_RAW,
          curated: str | Path = DEFAULT_CURATED, profile: str | Path | None = None,
          notify: str | None = None) -> None:
    """Serve ``ingest_new`` on ``cron`` until interrupted (needs a Prefect server, see README).

    The schedule keeps running on the server when serving stops (``pause_on_shutdown=False``).
    """
    options = _deployment_options(cron, raw_dir, curated, profile, notify)
    ingest_new.serve(**options, pause_on_shutdown=False)
