"""Read what the curated store has published: which editions, in what order, and their tables.

Change detection needs "the edition ingested before this one", and scheduled ingestion needs
"which source files are already in": both come from the ``editions`` table. Editions are
ordered by ``ingested_at`` (ties by label), not by label, because labels are free text.

Each partition file is read on its own and only for the columns needed, so columns other stages
add later (the quality gate's ``validation_status``, ``warnings``) or lack in older editions
never break reading; folders starting with ``_`` (staging, quarantine, reports) are not
editions. Quarantined sources are listed apart, so scheduled runs do not refuse them daily.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline.errors import EditionNotFound
from pipeline.publish import DATA_FILE, edition_dir
from pipeline.tables import SCHEMAS

__all__ = [
    "EditionTables",
    "PublishedEdition",
    "ingested_sources",
    "list_editions",
    "load_edition",
    "previous_edition",
    "quarantined_sources",
]

#: ``editions`` columns this module reads (the label comes from the partition folder).
EDITION_COLUMNS: tuple[str, ...] = ("source_file", "source_sha256", "ingested_at", "entries")
_PARTITION = "edition="
#: Where the quality gate puts a refused edition: ``<curated>/_quarantine/<label>/<table>.parquet``.
QUARANTINE_EDITIONS = "_quarantine/*/editions.parquet"


@dataclass(frozen=True, slots=True)
class PublishedEdition:
    """One row of ``editions``: the label, where it came from and when it was ingested."""

    edition: str
    source_file: str
    source_sha256: str
    ingested_at: datetime
    entries: int | None


@dataclass(frozen=True)
class EditionTables:
    """The tables of one published edition that change detection compares."""

    edition: str
    resources: pd.DataFrame
    items: pd.DataFrame


def _read_edition_row(path: Path) -> PublishedEdition | None:
    """The row of one ``editions`` file; a column an older file lacks reads as None."""
    present = set(pq.read_schema(path).names)
    rows = pq.read_table(path, columns=[c for c in EDITION_COLUMNS if c in present]).to_pylist()
    if not rows:
        return None
    label = path.parent.name.removeprefix(_PARTITION)
    values = {column: rows[0].get(column) for column in EDITION_COLUMNS}
    return PublishedEdition(edition=label, **values)


def list_editions(curated: Path) -> tuple[PublishedEdition, ...]:
    """Every published edition, oldest ingestion first; () for an empty or missing store."""
    folder = curated / "editions"
    if not folder.is_dir():
        return ()
    found = (_read_edition_row(p) for p in folder.glob(f"{_PARTITION}*/{DATA_FILE}"))
    return tuple(sorted((e for e in found if e), key=lambda e: (e.ingested_at, e.edition)))


def _labels(editions: Sequence[PublishedEdition]) -> list[str]:
    return [e.edition for e in editions]


def _require(curated: Path, edition: str, editions: Sequence[PublishedEdition]) -> int:
    labels = _labels(editions)
    if edition not in labels:
        known = ", ".join(labels) or "none"
        raise EditionNotFound(
            f"edition {edition!r} is not published here (published: {known})", file=curated
        )
    return labels.index(edition)


def previous_edition(curated: Path, edition: str) -> str | None:
    """The edition ingested just before ``edition``; None when it is the first.

    Raises ``EditionNotFound`` when ``edition`` is not published.
    """
    editions = list_editions(curated)
    index = _require(curated, edition, editions)
    return editions[index - 1].edition if index > 0 else None


def first_ingested_at(curated: Path, edition: str, sha256: str) -> datetime | None:
    """When ``edition`` was first ingested from the same bytes; None if it is new or changed.

    Re-ingesting an identical source keeps its place in the edition order, so a re-run never
    makes an old edition look newer than its successors.
    """
    for published in list_editions(curated):
        if published.edition == edition and published.source_sha256 == sha256:
            return published.ingested_at
    return None


def ingested_sources(curated: Path) -> dict[str, str]:
    """SHA-256 of every ingested source file → the label it was published under."""
    return {e.source_sha256: e.edition for e in list_editions(curated)}


def quarantined_sources(curated: Path) -> dict[str, str]:
    """SHA-256 of every source the quality gate refused → the label it was quarantined under."""
    found: dict[str, str] = {}
    for path in sorted(curated.glob(QUARANTINE_EDITIONS)):
        rows = pq.read_table(path, columns=["source_sha256"]).to_pylist()
        found.update({row["source_sha256"]: path.parent.name for row in rows})
    return found


def _read_columns(path: Path, wanted: Sequence[str]) -> pd.DataFrame:
    present = set(pq.read_schema(path).names)
    table = pq.read_table(path, columns=[c for c in wanted if c in present])
    frame: pd.DataFrame = table.to_pandas()
    return frame


def load_edition(curated: Path, edition: str) -> EditionTables:
    """The ``resources`` and ``resource_items`` of one published edition.

    Reads the columns of the current schemas that the files have. Raises ``EditionNotFound``
    when the edition is not published.
    """
    _require(curated, edition, list_editions(curated))
    return EditionTables(
        edition=edition,
        resources=_read_columns(
            edition_dir(curated, "resources", edition) / DATA_FILE, SCHEMAS["resources"].names
        ),
        items=_read_columns(
            edition_dir(curated, "resource_items", edition) / DATA_FILE,
            SCHEMAS["resource_items"].names,
        ),
    )
