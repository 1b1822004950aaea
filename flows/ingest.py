"""Prefect flow that ingests one edition: Extract (read), Transform (parse, tabulate), Check
(validate), Load (publish, or quarantine when a critical expectation fails).

Tasks are one-line wrappers around the plain functions in ``pipeline``/``extractors``; only the
file reads and writes retry, and only on I/O errors (a bad edition fails at once). Validation
and publishing run under the store's lock, so the entry count an edition is compared with is
the one it replaces; Great Expectations is imported inside the validate task, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.changes import ChangeSummary, record_edition_changes
from pipeline.errors import PipelineError
from pipeline.locking import publish_lock
from pipeline.models import Resource, SourceDocument
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.profile import Profile, default_profile, load_profile
from pipeline.publish import check_label, publish_edition
from pipeline.quality.validate import EditionQuarantined, ValidationReport, validate_edition
from pipeline.quarantine import quarantine_edition
from pipeline.store import first_ingested_at
from pipeline.tables import build_tables, with_validation

__all__ = ["IngestSummary", "ingest_edition"]


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What one ingest published, for the CLI's summary line."""

    edition: str
    source_file: str
    entries: int
    numeric_effort: int
    open_ended: int
    curated: str
    files: tuple[str, ...]
    validation_status: str  # passed | warnings
    warnings: tuple[str, ...]  # one line per failed warning and entry
    report: str  # the Data Docs index.html
    changes: ChangeSummary | None = None  # None for the first edition of a store


def _retry_io_only(_task: Any, _run: Any, state: Any) -> bool:
    """Retry a failed read or write unless the input itself is bad."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, OSError) and not isinstance(error, PipelineError)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1, retry_condition_fn=_retry_io_only)
def read_edition(path: str, profile: Profile) -> SourceDocument:
    return read_source(path, profile)


@task(cache_policy=NO_CACHE)
def parse_edition(document: SourceDocument, profile: Profile) -> tuple[Resource, ...]:
    return parse_document(document, profile)


@task(cache_policy=NO_CACHE)
def tabulate_edition(
    document: SourceDocument, resources: tuple[Resource, ...], edition: str, curated: str
) -> dict[str, pa.Table]:
    first = first_ingested_at(Path(curated), edition, document.sha256)
    return build_tables(document, resources, first or datetime.now(UTC))


@task(cache_policy=NO_CACHE)
def validate(
    tables: dict[str, pa.Table], edition: str, curated: str, profile: Profile
) -> ValidationReport:
    return validate_edition(tables, edition, Path(curated), profile=profile)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1, retry_condition_fn=_retry_io_only)
def quarantine(tables: dict[str, pa.Table], report: ValidationReport, curated: str) -> Path:
    return quarantine_edition(tables, report, Path(curated))


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1, retry_condition_fn=_retry_io_only)
def publish(
    tables: dict[str, pa.Table], report: ValidationReport, edition: str, curated: str
) -> list[Path]:
    marked = with_validation(tables, report.status, report.warning_count)
    return publish_edition(marked, edition, Path(curated))


@flow(name="ingest-edition", log_prints=True)
def ingest_edition(
    path: str, edition: str | None = None, curated: str = "curated", profile: str | None = None
) -> IngestSummary:
    """Ingest one edition file into the curated store; the label defaults to the file stem and
    the catalog profile (a TOML file) to the bundled one.

    Raises ``EditionQuarantined`` (after quarantining it) when a critical expectation fails.
    """
    label = check_label(edition or Path(path).stem)
    rules = load_profile(profile) if profile else default_profile()
    document = read_edition(path, rules)
    resources = parse_edition(document, rules)
    tables = tabulate_edition(document, resources, label, curated)
    with publish_lock(Path(curated)):
        report = validate(tables, label, curated, rules)
        if report.critical:
            raise EditionQuarantined(report, quarantine(tables, report, curated))
        files = publish(tables, report, label, curated)
        changes = record_edition_changes(curated, label)
    return IngestSummary(
        edition=label,
        source_file=path,
        entries=len(resources),
        numeric_effort=sum(r.effort.max_days is not None for r in resources),
        open_ended=sum(r.effort.open_ended for r in resources),
        curated=curated,
        files=tuple(str(f) for f in files),
        validation_status=report.status,
        warnings=tuple(w.describe() for w in report.warnings),
        report=report.report_path,
        changes=changes,
    )
