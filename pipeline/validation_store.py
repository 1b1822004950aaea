"""What the quality gate reads back from the curated store: the previous edition's entry
count and the tables of a published edition (for ``catalog validate``). Editions are listed
by ``pipeline.store.list_editions``.

Partition files are read one by one, straight from ``<table>/edition=<label>/``, so editions
published before a column existed still read (their missing columns come back null).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import PipelineError
from pipeline.publish import DATA_FILE, edition_dir
from pipeline.store import list_editions
from pipeline.tables import SCHEMAS, TABLE_NAMES

__all__ = ["previous_entries", "published_labels", "read_published"]


def published_labels(curated: Path) -> list[str]:
    """Labels of the published editions, oldest ingestion first."""
    return [published.edition for published in list_editions(curated)]


def previous_entries(curated: Path, edition: str, before: datetime | None = None) -> int | None:
    """Entry count of the edition ingested last (before ``before``, if given); None if none.

    With ``before`` (re-validating a published edition) the edition itself is skipped; without
    it (ingesting) the latest edition counts, even an earlier version of the same label.
    """
    editions = list_editions(curated)
    if before is not None:
        editions = tuple(e for e in editions if e.ingested_at < before and e.edition != edition)
    return editions[-1].entries if editions else None


def _read_table(path: Path, name: str) -> pa.Table:
    table = pq.read_table(path)
    schema = SCHEMAS[name]
    columns = [
        table.column(f.name).cast(f.type) if f.name in table.column_names
        else pa.nulls(table.num_rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def read_published(curated: Path, edition: str) -> dict[str, pa.Table]:
    """The four tables of one published edition, in the current schemas.

    Raises ``PipelineError`` when the edition is not (completely) published.
    """
    paths = {name: edition_dir(curated, name, edition) / DATA_FILE for name in TABLE_NAMES}
    missing = [name for name, path in paths.items() if not path.is_file()]
    if missing:
        raise PipelineError(
            f"edition {edition!r} is not published here (no {', '.join(missing)})", file=curated
        )
    return {name: _read_table(path, name) for name, path in paths.items()}
