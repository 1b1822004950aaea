"""Write an edition's tables into the curated store, all or nothing.

Layout: ``<curated>/<table>/edition=<label>/part-0.parquet`` (Hive partitioning, so pandas and
DuckDB both give an ``edition`` column). Every file is first written completely under
``<curated>/_staging/`` (ignored by readers: pyarrow and DuckDB's globs skip names starting
with ``_`` or ``.``), then moved into place with ``os.replace``, which is atomic: a reader sees
an edition's old file or its new one, never a partial file. ``editions`` is replaced last, so
an edition is listed only once all its data is in place.

Publishing is locked (``pipeline.locking``: one writer per store, the next waits) and
journaled (``pipeline.journal``): the files an edition replaces are backed up and recorded
before the first swap, so a run killed part-way is rolled back by the next publish, which
also removes whatever the dead run left in ``_staging``.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import regex as re

from pipeline.errors import PublishError
from pipeline.journal import STAGING_DIR, JournalEntry, recover, remove_journal, write_journal
from pipeline.locking import publish_lock
from pipeline.tables import SCHEMAS, TABLE_NAMES

__all__ = [
    "DATA_FILE", "STAGING_DIR", "check_label", "edition_dir", "publish_edition", "publish_table",
]  # fmt: skip

DATA_FILE = "part-0.parquet"
BACKUP_DIR = "backup"
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


def _new_staging(curated: Path, label: str) -> Path:
    staging = curated / STAGING_DIR / f"{label}-{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    return staging


def _back_up(curated: Path, target: Path, backups: Path) -> JournalEntry:
    """Keep the bytes ``target`` has now (a hard link, a copy where links fail)."""
    relative = target.relative_to(curated).as_posix()
    if not target.is_file():
        return JournalEntry(target=relative, backup=None)
    backups.mkdir(exist_ok=True)
    backup = backups / target.parent.parent.name
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)
    return JournalEntry(target=relative, backup=backup.relative_to(curated).as_posix())


def _swap_in(curated: Path, staged: Mapping[str, Path], targets: Mapping[str, Path]) -> None:
    """Journal the old files, move the staged ones into place, then commit."""
    staging = next(iter(staged.values())).parent
    write_journal(curated, [_back_up(curated, targets[n], staging / BACKUP_DIR) for n in staged])
    for name, path in staged.items():
        targets[name].parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, targets[name])
    remove_journal(curated)


def publish_edition(tables: Mapping[str, pa.Table], label: str, curated: Path) -> list[Path]:
    """Publish every table of one edition, replacing that edition whole if it exists.

    Takes the store's lock and first rolls back any publish a crash left unfinished. Returns
    the published files. Raises ``PublishError`` for a bad label, a missing table, or a lock
    held too long by another run.
    """
    check_label(label)
    missing = [name for name in TABLE_NAMES if name not in tables]
    if missing:
        raise PublishError(f"cannot publish edition {label}: missing tables {missing}")
    targets = {name: edition_dir(curated, name, label) / DATA_FILE for name in TABLE_NAMES}
    with publish_lock(curated):
        recover(curated)
        try:
            staging = _new_staging(curated, label)
            staged = {name: _write_staged(staging, name, tables[name]) for name in TABLE_NAMES}
            _swap_in(curated, staged, targets)
        finally:
            recover(curated)  # after a commit: only removes _staging; after an error: rolls back
    return list(targets.values())


def publish_table(table: pa.Table, name: str, schema: pa.Schema, label: str, curated: Path) -> Path:
    """Publish one derived table (e.g. ``changes``) of one edition atomically; return its file.

    Takes the store's lock and rolls back a crashed publish first, like ``publish_edition``.
    """
    check_label(label)
    target = edition_dir(curated, name, label) / DATA_FILE
    with publish_lock(curated):
        recover(curated)
        try:
            staged = _write_staged(_new_staging(curated, label), name, table, schema)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
        finally:
            recover(curated)
    return target
