"""A store transaction: everything a run writes is staged, then made visible in one commit.

``open_transaction`` takes the writer lock once, rolls back whatever a killed run left, and
reads the listing once; the edition order of a new edition is decided here, inside the lock,
so two concurrent runs are always ordered as they commit. Tables, change rows and reports
are written under ``_staging/``; ``commit`` journals every target (``journal``),
swaps the staged files and folders in with ``StoreFS.move`` (``os.replace`` locally;
``editions`` last, so an edition is listed only once its data is in place) and removes the
journal: the commit point, where a commit ends. Leaving
the transaction without a commit, by an error or a refusal, changes nothing visible. The
outputs derived from the store (``_site/``, ``catalog.duckdb``: ``pipeline.outputs``) are not
part of a commit: the one function that runs editions refreshes them afterwards from
``changed``, the keys the commit swapped. Their places are checked before anything is staged
(``check_outputs``: no link loop, the right kind, a folder that can be written), so a store that
could not take them refuses first.

Every file the commit writes carries its label in the ``edition`` column and the columns
version (``pipeline.store.legacy``) in its schema metadata. A commit also rewrites the
partitions of an older layout (``edition=<label>`` folders, files without the column) and
the files of an older columns version (``effort_min_days`` …) in the current one, in the same
journaled swap.
"""

from __future__ import annotations

import os
import posixpath
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from pipeline.errors import PublishError
from pipeline.store.fs import StoreFS
from pipeline.store.journal import JournalEntry, recover, remove_journal, write_journal
from pipeline.store.layout import CATALOG_COLUMN, EDITION_COLUMN, StoreLayout
from pipeline.store.legacy import versioned
from pipeline.store.lock import exclusive_lock
from pipeline.store.migrate import needs_migration, older_files, stage_migration
from pipeline.store.s3 import lease_lock
from pipeline.tables import STORED_SCHEMAS

if TYPE_CHECKING:
    from pipeline.store.store import CuratedStore, PublishedEdition

__all__ = ["EditionOrder", "StoreTransaction", "check_outputs", "open_transaction"]

BACKUP_DIR = "backup"


@dataclass(frozen=True, slots=True)
class EditionOrder:
    """Where an edition being published stands: its sequence number and time, and its
    neighbours in the order (None at either end)."""

    ingest_seq: int
    ingested_at: datetime
    previous: PublishedEdition | None
    successor: PublishedEdition | None  # only when re-publishing a label that has one
    replaced: PublishedEdition | None = None  # the label's published edition, re-publishing


def labelled(table: pa.Table, label: str) -> pa.Table:
    """``table`` with ``edition`` = ``label`` as its first column, as every file holds it."""
    field = pa.field(EDITION_COLUMN, pa.string(), metadata={
        "description": "the edition label (--edition, default the file's stem)"})
    return table.add_column(0, field, pa.array([label] * table.num_rows, pa.string()))


def file_table(table: pa.Table, label: str, catalog: str | None) -> pa.Table:
    """``table`` as a file holds it: ``catalog`` (its id; null in the store's unnamed catalog)
    and ``edition`` first, the columns version in its metadata."""
    field = pa.field(CATALOG_COLUMN, pa.string(), metadata={
        "description": "the catalog (publisher) id (--catalog); null in the unnamed catalog"})
    return versioned(labelled(table, label).add_column(
        0, field, pa.array([catalog] * table.num_rows, pa.string())))


@dataclass
class StoreTransaction:
    """The staged writes of one run; see the module docstring."""

    store: CuratedStore
    editions: tuple[PublishedEdition, ...]  # the listing as the lock found it
    staging: str  # key of this transaction's staging folder
    held: Any = None  # the lock, when it can be lost (an S3 lease): checked before committing
    _swaps: list[tuple[str | None, str]] = field(default_factory=list)  # (staged, target)
    _editions: dict[str, pa.Table] = field(default_factory=dict)  # written at commit
    committed: bool = False
    #: After the commit: every key it swapped in or removed, for the outputs refreshed from
    #: the store afterwards (``pipeline.outputs.refresh_outputs``).
    changed: tuple[str, ...] = ()

    @property
    def migrating(self) -> bool:
        """Whether this commit also rewrites files of an older store format
        (``pipeline.store.migrate``): known from the listing, at no cost."""
        return needs_migration(self.editions)

    @property
    def layout(self) -> StoreLayout:
        return self.store.layout

    @property
    def fs(self) -> StoreFS:
        return self.store.fs

    def order_of(self, label: str, sha256: str, now: datetime | None = None) -> EditionOrder:
        """The place of ``label`` in the order: a new label goes last; a re-published one
        keeps its place (and its first ``ingested_at`` when its bytes are the same)."""
        existing = next((e for e in self.editions if e.edition == label), None)
        others = [e for e in self.editions if e.edition != label]
        if existing is not None and existing.ingest_seq is not None:
            seq = existing.ingest_seq
        else:
            seq = max((e.ingest_seq or 0 for e in self.editions), default=0) + 1
        same_bytes = existing is not None and existing.source_sha256 == sha256
        when = existing.ingested_at if same_bytes and existing else (now or datetime.now(UTC))
        before = [e for e in others if (e.ingest_seq or 0) < seq]
        after = [e for e in others if (e.ingest_seq or 0) > seq]
        return EditionOrder(seq, when, before[-1] if before else None,
                            after[0] if after and existing is not None else None, existing)

    def _stage_key(self, name: str) -> str:
        return f"{self.staging}/{uuid.uuid4().hex}/{name}"

    def stage_table(self, name: str, label: str, table: pa.Table,
                    schema: pa.Schema | None = None) -> str:
        """Write one table file of ``label``; return the key it will be published at.
        (``editions`` rows wait for the commit, which sets ``is_latest`` on them.)"""
        if not table.schema.equals(schema or STORED_SCHEMAS[name]):
            raise PublishError(f"table {name} does not match its schema")
        if name == "editions":
            self._editions[label] = table
            return self.layout.table_file(name, label)
        return self._write_table(name, label, table)

    def _write_table(self, name: str, label: str, table: pa.Table) -> str:
        staged = self._stage_key(f"{name}.parquet")
        self.fs.write_table(staged, file_table(table, label, self.layout.catalog))
        target = self.layout.table_file(name, label)
        self._swaps.append((staged, target))
        return target

    def stage_tables(self, label: str, tables: Mapping[str, pa.Table]) -> list[str]:
        """Write every table of an edition (``editions`` goes last at commit)."""
        return [self.stage_table(name, label, table) for name, table in tables.items()]

    def stage_text(self, target: str, text: str) -> str:
        """Write a text file (a report) to be published at key ``target``."""
        staged = self._stage_key(posixpath.basename(target))
        self.fs.write_text(staged, text)
        self._swaps.append((staged, target))
        return target

    def stage_quarantine(
        self, label: str, tables: Mapping[str, pa.Table], result: str, page: str
    ) -> str:
        """Stage the refused edition's folder: its tables, ``result`` (validation.json) and
        ``page`` (report.html, the result readable); it replaces an earlier quarantine of the
        label whole at commit."""
        target = self.layout.quarantine_dir(label)
        folder = self._stage_key(posixpath.basename(target))
        for name, table in tables.items():
            key = self.layout.quarantine_table(label, name).replace(target, folder, 1)
            self.fs.write_table(key, file_table(table, label, self.layout.catalog))
        self.fs.write_text(self.layout.quarantine_result(label).replace(target, folder, 1), result)
        self.fs.write_text(self.layout.quarantine_page(label).replace(target, folder, 1), page)
        self._swaps.append((folder, target))
        return target

    def _back_up(self, target: str, number: int) -> JournalEntry:
        if not self.fs.exists(target):
            return JournalEntry(target, None)
        backup = f"{self.staging}/{BACKUP_DIR}/{number}"
        self.fs.make_dir(posixpath.dirname(backup))
        if self.fs.is_file(target):  # keep its bytes under a second name; folders move
            self.fs.keep(target, backup)
        return JournalEntry(target, backup)

    def write_table(self, name: str, label: str, table: pa.Table) -> str:
        """Stage ``table`` as ``label``'s ``name`` file as the store reads it (no schema check:
        for rewriting a published file in the current columns)."""
        return self._write_table(name, label, table)

    def remove(self, key: str) -> None:
        """Stage the removal of folder ``key`` at commit (once, however often asked)."""
        if (None, key) not in self._swaps:
            self._swaps.append((None, key))

    @property
    def staged_targets(self) -> set[str]:
        """The keys this transaction writes so far."""
        return {target for staged, target in self._swaps if staged is not None}

    def _final_editions(self) -> dict[str, pa.Table]:
        """The ``editions`` rows this commit writes: the staged ones; those of editions from
        before ``ingest_seq`` or in the older layout, rewritten (so the order stays one
        numbered sequence); and the previous latest edition's when another becomes the
        latest. Each with ``is_latest`` set."""
        rows = dict(self._editions)
        for edition in self.editions:
            stale = edition.legacy or edition.legacy_layout or older_files(edition)
            if stale and edition.edition not in rows:
                table = self.store.read(edition.edition, ("editions",))["editions"]
                rows[edition.edition] = _with(table, "ingest_seq", edition.ingest_seq)
        order = {e.edition: e.ingest_seq or 0 for e in self.editions}
        order.update({label: table.column("ingest_seq")[0].as_py() or 0
                      for label, table in rows.items()})  # fmt: skip
        latest = max(order, key=lambda label: order[label]) if order else None
        was = self.editions[-1].edition if self.editions else None
        if was is not None and was != latest and was not in rows:
            rows[was] = self.store.read(was, ("editions",))["editions"]
        return {label: _with(table, "is_latest", label == latest)
                for label, table in rows.items()}  # fmt: skip

    def commit(self) -> None:
        """Make every staged write visible, all or (after a crash, via the journal) none."""
        if self.committed:
            raise PublishError("the transaction is already committed")
        for label, table in self._final_editions().items():
            self._write_table("editions", label, table)
        if self.held is not None and hasattr(self.held, "check"):
            self.held.check()  # a lost lease: another writer may be committing
        if self.migrating:
            stage_migration(self)
        swaps = sorted(self._swaps, key=lambda swap: swap[1].startswith("editions/"))
        entries = [self._back_up(target, n) for n, (_, target) in enumerate(swaps)]
        write_journal(self.fs, entries, self.layout)
        for (staged, target), entry in zip(swaps, entries, strict=True):
            if staged is None:  # a removal: the folder waits in its backup until the end
                if entry.backup is not None:
                    self.fs.move(target, entry.backup)
                continue
            self.fs.make_dir(posixpath.dirname(target))
            if entry.backup is not None and self.fs.is_dir(staged):
                self.fs.move(target, entry.backup)
            self.fs.move(staged, target)
        remove_journal(self.fs, self.layout)
        self.committed = True
        self.changed = tuple(target for _, target in swaps)


def _with(table: pa.Table, column: str, value: object) -> pa.Table:
    """``table`` with every row's ``column`` set to ``value``."""
    position = table.schema.get_field_index(column)
    field = table.schema.field(position)
    return table.set_column(position, field, pa.array([value] * table.num_rows, field.type))


@contextmanager
def _writer_lock(store: CuratedStore, timeout: float | None) -> Iterator[Any]:
    """The catalog's writer lock, held; yields what can tell whether it is still held (an S3
    lease's ``check``), or None."""
    if store.lock is not None:
        with store.lock(timeout) as held:
            yield held
    elif store.fs.local is not None:  # one lock per catalog: catalogs are written at once
        with exclusive_lock(store.fs.local_path(store.layout.lock), timeout):
            yield None
    elif store.s3 is not None:
        with lease_lock(store.s3, store.layout.lock, timeout) as lease:
            yield lease
    else:
        raise PublishError(
            "cannot write here: there is no writer lock for this filesystem yet", file=store.root
        )


def check_outputs(store: CuratedStore) -> None:
    """Before anything is staged: the places a commit's derived outputs go (``_site/``,
    ``catalog.duckdb``) can take them: reached without a link loop or a link out of the
    store, of the right kind, in a folder that can be written. Raises ``PublishError`` naming
    the path, so a store that would fail after the commit point refuses before it."""
    fs = store.fs
    if fs.local is None:  # an object store has no links, kinds or modes to check
        return
    site = fs.local_path(store.layout.site)  # a link loop or a link out: PublishError
    if site.exists() and not site.is_dir():
        raise PublishError("is not a folder: the catalog site is rebuilt there; move it away",
                           file=str(site))  # fmt: skip
    database = fs.local_path(store.layout.database)
    if database.is_dir():
        raise PublishError(f"is a folder: {database.name} is rebuilt there; move it away",
                           file=str(database))  # fmt: skip
    for folder in {site.parent, database.parent}:
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            raise PublishError(f"cannot be written: the catalog site and {database.name} are "
                               "rebuilt there; nothing was published", file=str(folder))


@contextmanager
def open_transaction(store: CuratedStore, timeout: float | None = None
                     ) -> Iterator[StoreTransaction]:
    """Lock, recover, list once, yield the transaction; then remove what was staged (rolling
    back through the journal if the commit itself was interrupted). A file system error (disk
    full, read-only, permission) becomes one ``PublishError`` naming the path."""
    try:
        with _writer_lock(store, timeout) as held:
            recover(store.fs, store.layout)
            check_outputs(store)
            # from the staging folder's creation on, whatever stops the run (an error, Ctrl-C
            # while the listing is read) removes it again
            try:
                staging = f"{store.layout.staging}/{uuid.uuid4().hex}"
                store.fs.make_dir(staging)
                yield StoreTransaction(store, store.editions(), staging, held)
            finally:
                recover(store.fs, store.layout)
    except OSError as error:
        raise PublishError(
            f"cannot write the store: {error.strerror or error}; nothing was published",
            file=error.filename or store.root,
        ) from None
