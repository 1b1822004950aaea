"""Prefect flow that ingests whatever new editions appeared in ``raw/``, each then diffed.

Meant to run on a schedule (``catalog serve``): it finds files whose content is not ingested
yet (``pipeline.raw_inventory``), ingests them oldest first with the ``ingest-edition`` flow
as a subflow, and records each one's changes against its predecessor. A run with nothing new
does nothing and says so. A bad file is reported and the others still go in; the run then
ends failed, naming it, so the schedule's history shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.ingest import ingest_edition, retry_io_only
from pipeline.errors import PipelineError
from pipeline.ingest import ChangeSummary, IngestResult, describe_changes
from pipeline.raw_inventory import (
    IngestionPlan,
    RawFile,
    describe_plan,
    plan_ingestion,
    scan_raw,
)
from pipeline.store.store import CuratedStore

__all__ = [
    "DEFAULT_CRON",
    "DEPLOYMENT_NAME",
    "NewEdition",
    "NewEditionsSummary",
    "deployment_parameters",
    "ingest_new",
    "serve",
    "to_deployment",
]

DEPLOYMENT_NAME = "ingest-new-editions"
#: Every day at 06:00 (server time zone: UTC unless the schedule says otherwise).
DEFAULT_CRON = "0 6 * * *"


@dataclass(frozen=True, slots=True)
class NewEdition:
    """One newly ingested edition and what changed against its predecessor."""

    ingest: IngestResult
    changes: ChangeSummary | None


@dataclass(frozen=True, slots=True)
class NewEditionsSummary:
    """What one run did: editions ingested (in order), files already in, files skipped."""

    ingested: tuple[NewEdition, ...]
    already: tuple[str, ...]
    skipped: tuple[str, ...]


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1, retry_condition_fn=retry_io_only)
def plan_new_editions(raw_dir: str, curated: str) -> IngestionPlan:
    store = CuratedStore(curated)
    return plan_ingestion(
        scan_raw(Path(raw_dir)), store.ingested_sources(), store.quarantined_sources()
    )


def _ingest_one(raw: RawFile, curated: str, profile: str | None) -> NewEdition:
    summary = ingest_edition(str(raw.path), raw.label, curated, profile)
    print(f"{summary.edition}: {summary.entries} entries ingested from {raw.path.name}")
    changes = summary.changes
    print(describe_changes(changes, summary.edition))
    return NewEdition(ingest=summary, changes=changes)


@flow(name="ingest-new-editions", log_prints=True)
def ingest_new(
    raw_dir: str = "raw", curated: str = "curated", profile: str | None = None
) -> NewEditionsSummary:
    """Ingest the editions in ``raw_dir`` not yet in ``curated``, oldest first, each diffed,
    with the catalog ``profile`` file (default: the bundled profile).

    Raises ``PipelineError`` naming the files that failed, after ingesting the others.
    """
    plan = plan_new_editions(raw_dir, curated)
    for line in describe_plan(plan, raw_dir):
        print(line)
    done: list[NewEdition] = []
    failed: list[str] = []
    for raw in plan.new:
        try:
            done.append(_ingest_one(raw, curated, profile))
        except PipelineError as error:
            get_run_logger().error(f"error: {error.located(raw.path)}")
            failed.append(raw.path.name)
    if failed:
        raise PipelineError(f"{len(failed)} new edition(s) failed: {', '.join(failed)}",
                            file=raw_dir)
    return NewEditionsSummary(
        ingested=tuple(done),
        already=tuple(str(f.path) for f in plan.already),
        skipped=tuple(str(s.path) for s in plan.skipped),
    )


def deployment_parameters(
    raw_dir: str | Path, curated: str | Path, profile: str | Path | None = None
) -> dict[str, str | None]:
    """Flow parameters for a deployment: absolute paths, so runs do not depend on the cwd."""
    return {
        "raw_dir": str(Path(raw_dir).resolve()), "curated": str(Path(curated).resolve()),
        "profile": str(Path(profile).resolve()) if profile else None,
    }  # fmt: skip


def _deployment_options(
    cron: str, raw_dir: str | Path, curated: str | Path, profile: str | Path | None
) -> dict[str, Any]:
    from prefect.types.entrypoint import EntrypointType

    return {
        "name": DEPLOYMENT_NAME, "cron": cron,
        "parameters": deployment_parameters(raw_dir, curated, profile),
        "entrypoint_type": EntrypointType.MODULE_PATH,  # importable from any working directory
    }


def to_deployment(cron: str = DEFAULT_CRON, raw_dir: str | Path = "raw",
                  curated: str | Path = "curated", profile: str | Path | None = None) -> Any:
    """The scheduled deployment of ``ingest_new`` (a ``RunnerDeployment``), not yet applied."""
    return ingest_new.to_deployment(**_deployment_options(cron, raw_dir, curated, profile))


def serve(cron: str = DEFAULT_CRON, raw_dir: str | Path = "raw",
          curated: str | Path = "curated", profile: str | Path | None = None) -> None:
    """Serve ``ingest_new`` on ``cron`` until interrupted (needs a Prefect server, see README).

    The schedule keeps running on the server when serving stops (``pause_on_shutdown=False``).
    """
    options = _deployment_options(cron, raw_dir, curated, profile)
    ingest_new.serve(**options, pause_on_shutdown=False)
