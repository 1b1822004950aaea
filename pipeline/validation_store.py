"""What the quality gate reads back from the curated store: earlier entry counts and the
tables of a published edition (for ``catalog validate``).

Partition files are read one by one, straight from ``<table>/edition=<label>/``, so editions
published before a column existed still read (their missing columns come back null).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import PipelineError
from pipeline.publish import DATA_FILE, edition_dir
from pipeline.tables import SCHEMAS, TABLE_NAMES

__all__ = ["EditionCount", "edition_counts", "previous_entries", "published_labels",
           "read_published"]

_PARTITION = "edition="


@dataclass(frozen=True, slots=True)
class EditionCount:
    """One published edition's label, ingestion time and entry count."""

    edition: str
    ingested_at: datetime
    entries: int


def edition_counts(curated: Path) -> list[EditionCount]:
    """Every published edition, oldest ingestion first; [] for an empty store."""
    found = []
    for path in sorted((curated / "editions").glob(f"{_PARTITION}*/{DATA_FILE}")):
        for row in pq.read_table(path, columns=["ingested_at", "entries"]).to_pylist():
            label = path.parent.name.removeprefix(_PARTITION)
            found.append(EditionCount(label, row["ingested_at"], row["entries"]))
    return sorted(found, key=lambda e: (e.ingested_at, e.edition))


def published_labels(curated: Path) -> list[str]:
    """Labels of the published editions, oldest ingestion first."""
    return [count.edition for count in edition_counts(curated)]


def previous_entries(curated: Path, edition: str, before: datetime | None = None) -> int | None:
    """Entry count of the edition ingested last (before ``before``, if given); None if none.

    With ``before`` (re-validating a published edition) the edition itself is skipped; without
    it (ingesting) the latest edition counts, even an earlier version of the same label.
    """
    counts = edition_counts(curated)
    if before is not None:
        counts = [c for c in counts if c.ingested_at < before and c.edition != edition]
    return counts[-1].entries if counts else None


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
