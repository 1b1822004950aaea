"""Write an edition's tables into the curated store, all or nothing.

Layout: ``<curated>/<table>/edition=<label>/part-0.parquet`` (Hive partitioning, so pandas and
DuckDB both give an ``edition`` column). Every file is first written completely under
``<curated>/_staging/`` (ignored by readers: pyarrow and DuckDB's globs skip names starting
with ``_`` or ``.``), then moved into place with ``os.replace``, which is atomic: a reader sees
an edition's old file or its new one, never a partial file. ``editions`` is replaced last, so
an edition is listed only once all its data is in place.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import regex as re

from pipeline.errors import PublishError
from pipeline.tables import SCHEMAS, TABLE_NAMES

__all__ = ["DATA_FILE", "check_label", "edition_dir", "publish_edition", "publish_table"]

DATA_FILE = "part-0.parquet"
STAGING_DIR = "_staging"
#: An edition label becomes a directory name: letters (any script), digits, ``._-``; it may not
#: start with ``.`` or ``_`` (readers would skip it).
_LABEL = re.compile(r"[\p{L}\p{N}][\p{L}\p{N}._-]{0,99}")


def check_label(label: str) -> str:
    """Return ``label`` if it can name an edition directory, else raise ``PublishError``."""
    if not _LABEL.fullmatch(label):
        raise PublishError(
            f"edition label {label!r} is not usable: use letters, digits, '.', '_' or '-'"
        )
    return label


def edition_dir(curated: Path, table: str, label: str) -> Path:
    """The partition directory of one table for one edition."""
    return curated / table / f"edition={label}"


def _write_staged(
    staging: Path, name: str, table: pa.Table, schema: pa.Schema | None = None
) -> Path:
    if not table.schema.equals(schema or SCHEMAS[name]):
        raise PublishError(f"table {name} does not match its schema")
    path = staging / f"{name}.parquet"
    pq.write_table(table, path, compression="zstd")
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
    return path


def publish_edition(tables: Mapping[str, pa.Table], label: str, curated: Path) -> list[Path]:
    """Publish every table of one edition, replacing that edition whole if it exists.

    Returns the published files. Raises ``PublishError`` for a bad label or a missing table.
    """
    check_label(label)
    missing = [name for name in TABLE_NAMES if name not in tables]
    if missing:
        raise PublishError(f"cannot publish edition {label}: missing tables {missing}")
    staging = curated / STAGING_DIR / f"{label}-{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    try:
        staged = {name: _write_staged(staging, name, tables[name]) for name in TABLE_NAMES}
        published = []
        for name in TABLE_NAMES:
            target = edition_dir(curated, name, label)
            target.mkdir(parents=True, exist_ok=True)
            os.replace(staged[name], target / DATA_FILE)
            published.append(target / DATA_FILE)
        return published
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_if_empty(curated / STAGING_DIR)


def publish_table(table: pa.Table, name: str, schema: pa.Schema, label: str, curated: Path) -> Path:
    """Publish one derived table (e.g. ``changes``) of one edition atomically; return its file."""
    check_label(label)
    staging = curated / STAGING_DIR / f"{label}-{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    try:
        staged = _write_staged(staging, name, table, schema)
        target = edition_dir(curated, name, label)
        target.mkdir(parents=True, exist_ok=True)
        os.replace(staged, target / DATA_FILE)
        return target / DATA_FILE
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_if_empty(curated / STAGING_DIR)


def _remove_if_empty(directory: Path) -> None:
    with contextlib.suppress(OSError):
        directory.rmdir()
