"""Record what changed when an edition is published: diff, ``changes`` table, reports.

After an edition is published it is compared with the edition ingested just before it; the
rows go to ``curated/changes/edition=<new>/`` (atomically, via ``publish_table``) and the
reports to ``curated/_reports/<new>/changes.md`` and ``changes.html``. ``record_changes`` is
a plain function so ``catalog ingest``, ``ingest_new`` and tests share it; the task is a
one-line wrapper that retries only on I/O errors.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from pipeline.changes.diff import CHANGES_SCHEMA, EditionDiff, changes_table, diff_editions
from pipeline.changes.report import (
    ChangeCounts,
    count_changes,
    format_counts,
    render_html,
    render_markdown,
)
from pipeline.errors import PipelineError
from pipeline.locking import publish_lock
from pipeline.publish import check_label, publish_table
from pipeline.store import load_edition, previous_edition

__all__ = [
    "CHANGES_TABLE",
    "REPORTS_DIR",
    "ChangeSummary",
    "describe_changes",
    "record_changes",
    "record_edition_changes",
    "report_dir",
    "retry_io_only",
    "write_reports",
]

CHANGES_TABLE = "changes"
#: Reports live beside the tables; the leading ``_`` keeps table readers out of it.
REPORTS_DIR = "_reports"
REPORT_NAMES: dict[str, str] = {"markdown": "changes.md", "html": "changes.html"}


@dataclass(frozen=True, slots=True)
class ChangeSummary:
    """What one diff recorded, for summary lines: editions, counts and where it went."""

    edition: str
    previous: str
    counts: ChangeCounts
    rows: int
    table: str
    report_markdown: str
    report_html: str


def report_dir(curated: Path, edition: str) -> Path:
    """The folder holding one edition's reports."""
    return curated / REPORTS_DIR / check_label(edition)


def _write_atomic(path: Path, text: str) -> None:
    staged = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        staged.write_text(text, encoding="utf-8")
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)


def write_reports(diff: EditionDiff, old: str, new: str, curated: Path) -> tuple[Path, Path]:
    """Write the Markdown and HTML reports of ``old`` → ``new``; return their paths."""
    folder = report_dir(curated, new)
    folder.mkdir(parents=True, exist_ok=True)
    markdown, page = folder / REPORT_NAMES["markdown"], folder / REPORT_NAMES["html"]
    _write_atomic(markdown, render_markdown(diff, old, new))
    _write_atomic(page, render_html(diff, old, new))
    return markdown, page


def record_changes(curated: Path, edition: str) -> ChangeSummary | None:
    """Diff ``edition`` against its predecessor, publish ``changes``, write the reports.

    Holds the store's writer lock throughout. Returns None (and records nothing) when
    ``edition`` is the first one ingested. Raises ``EditionNotFound`` when ``edition`` is not
    published, ``PublishError`` when the store cannot be written.
    """
    with publish_lock(curated):  # no other run re-publishes either edition meanwhile
        previous = previous_edition(curated, edition)
        if previous is None:
            return None
        diff = diff_editions(load_edition(curated, previous), load_edition(curated, edition))
        table = publish_table(
            changes_table(diff.changes), CHANGES_TABLE, CHANGES_SCHEMA, edition, curated
        )
        markdown, page = write_reports(diff, previous, edition, curated)
    return ChangeSummary(
        edition=edition, previous=previous, counts=count_changes(diff),
        rows=len(diff.changes), table=str(table), report_markdown=str(markdown),
        report_html=str(page),
    )


def describe_changes(summary: ChangeSummary | None, edition: str) -> str:
    """The CLI line for a recorded diff (or for a first edition, which has none)."""
    if summary is None:
        return f"{edition}: first edition in the store, no earlier edition to compare with"
    return (
        f"{summary.edition}: changes since {summary.previous}: {format_counts(summary.counts)};"
        f" report {summary.report_markdown}"
    )


def retry_io_only(_task: Any, _run: Any, state: Any) -> bool:
    """Retry a failed read or write unless the input itself is bad."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, OSError) and not isinstance(error, PipelineError)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1, retry_condition_fn=retry_io_only)
def record_edition_changes(curated: str, edition: str) -> ChangeSummary | None:
    return record_changes(Path(curated), edition)
