"""A store transaction: everything a run writes is staged, then made visible in one commit.

``open_transaction`` takes the writer lock once, rolls back whatever a killed run left, and
reads the listing once; the edition order of a new edition is decided here, inside the lock,
so two concurrent runs are always ordered as they commit. Tables, change rows, reports and
Data Docs are written under ``_staging/``; ``commit`` journals every target (``journal``),
swaps the staged files and folders in with ``os.replace`` (``editions`` last, so an edition
is listed only once its data is in place) and removes the journal: the commit point. Leaving
the transaction without a commit, by an error or a refusal, changes nothing visible.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import PublishError
from pipeline.store.journal import JournalEntry, recover, remove_journal, write_journal
from pipeline.store.layout import StoreLayout
from pipeline.store.lock import exclusive_lock
from pipeline.store.store import PublishedEdition, read_table_file
from pipeline.tables import SCHEMAS

if TYPE_CHECKING:
    from pipeline.store.store import CuratedStore

__all__ = ["EditionOrder", "StoreTransaction", "open_transaction"]

BACKUP_DIR = "backup"


@dataclass(frozen=True, slots=True)
class EditionOrder:
    """Where an edition being published stands: its sequence number and time, and its
    neighbours in the order (None at either end)."""

    ingest_seq: int
    ingested_at: datetime
    previous: PublishedEdition | None
    successor: PublishedEdition | None  # only when re-publishing a label that has one


@dataclass
class StoreTransaction:
    """The staged writes of one run; see the module docstring."""

    store: CuratedStore
    editions: tuple[PublishedEdition, ...]  # the listing as the lock found it
    staging: Path
    _swaps: list[tuple[Path, Path]] = field(default_factory=list)  # (staged, target)
    _editions: dict[str, pa.Table] = field(default_factory=dict)  # written at commit
    committed: bool = False

    @property
    def layout(self) -> StoreLayout:
        return self.store.layout

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
                            after[0] if after and existing is not None else None)

    def _stage_path(self, name: str) -> Path:
        path = self.staging / uuid.uuid4().hex / name
        path.parent.mkdir(parents=True)
        return path

    def stage_table(self, name: str, label: str, table: pa.Table,
                    schema: pa.Schema | None = None) -> Path:
        """Write one table file of ``label``; return where it will be published. (``editions``
        rows wait for the commit, which sets ``is_latest`` on them.)"""
        if not table.schema.equals(schema or SCHEMAS[name]):
            raise PublishError(f"table {name} does not match its schema")
        if name == "editions":
            self._editions[label] = table
            return self.layout.table_file(name, label)
        return self._write_table(name, label, table)

    def _write_table(self, name: str, label: str, table: pa.Table) -> Path:
        staged = self._stage_path(f"{name}.parquet")
        pq.write_table(table, staged, compression="zstd")
        with staged.open("rb") as handle:
            os.fsync(handle.fileno())
        target = self.layout.table_file(name, label)
        self._swaps.append((staged, target))
        return target

    def stage_tables(self, label: str, tables: Mapping[str, pa.Table]) -> list[Path]:
        """Write every table of an edition (``editions`` goes last at commit)."""
        return [self.stage_table(name, label, table) for name, table in tables.items()]

    def stage_text(self, target: Path, text: str) -> Path:
        """Write a text file (a report) to be published at ``target``."""
        staged = self._stage_path(target.name)
        staged.write_text(text, encoding="utf-8")
        self._swaps.append((staged, target))
        return target

    def new_folder(self, name: str) -> Path:
        """An empty staged folder to fill (Data Docs), not yet bound to a target."""
        staged = self._stage_path(name)
        staged.mkdir()
        return staged

    def stage_docs(self, label: str, docs: Path) -> Path:
        """Publish the filled folder ``docs`` as ``label``'s Data Docs (replacing them whole)."""
        target = self.layout.docs_dir(label)
        self._swaps.append((docs, target))
        return target

    def stage_quarantine(
        self, label: str, tables: Mapping[str, pa.Table], result: str, docs: Path
    ) -> Path:
        """Stage the refused edition's folder: its tables, ``result`` (validation.json) and
        its Data Docs; it replaces an earlier quarantine of the label whole at commit."""
        target = self.layout.quarantine_dir(label)
        folder = self.new_folder(target.name)
        for name, table in tables.items():
            pq.write_table(table, folder / f"{name}.parquet", compression="zstd")
        (folder / self.layout.quarantine_result(label).name).write_text(result, encoding="utf-8")
        os.replace(docs, folder / self.layout.quarantine_docs(label).name)
        self._swaps.append((folder, target))
        return target

    def _back_up(self, target: Path, number: int) -> JournalEntry:
        relative = target.relative_to(self.layout.root).as_posix()
        if not target.exists():
            return JournalEntry(relative, None)
        backup = self.staging / BACKUP_DIR / str(number)
        backup.parent.mkdir(parents=True, exist_ok=True)
        if target.is_file():  # keep its bytes under a second name; folders move at the swap
            try:
                os.link(target, backup)
            except OSError:
                shutil.copy2(target, backup)
        return JournalEntry(relative, backup.relative_to(self.layout.root).as_posix())

    def _final_editions(self) -> dict[str, pa.Table]:
        """The ``editions`` rows this commit writes: the staged ones; those of editions from
        before ``ingest_seq`` with their rank written in (so the order stays one numbered
        sequence); and the previous latest edition's when another becomes the latest. Each
        with ``is_latest`` set."""
        rows = dict(self._editions)
        for edition in self.editions:
            if edition.legacy and edition.edition not in rows:
                target = self.layout.table_file("editions", edition.edition)
                rows[edition.edition] = _with(read_table_file(target, "editions"),
                                              "ingest_seq", edition.ingest_seq)  # fmt: skip
        order = {e.edition: e.ingest_seq or 0 for e in self.editions}
        order.update({label: table.column("ingest_seq")[0].as_py() or 0
                      for label, table in rows.items()})  # fmt: skip
        latest = max(order, key=lambda label: order[label]) if order else None
        was = self.editions[-1].edition if self.editions else None
        if was is not None and was != latest and was not in rows:
            rows[was] = read_table_file(self.layout.table_file("editions", was), "editions")
        return {label: _with(table, "is_latest", label == latest)
                for label, table in rows.items()}  # fmt: skip

    def commit(self) -> None:
        """Make every staged write visible, all or (after a crash, via the journal) none."""
        if self.committed:
            raise PublishError("the transaction is already committed")
        for label, table in self._final_editions().items():
            self._write_table("editions", label, table)
        swaps = sorted(self._swaps, key=lambda swap: swap[1].parent.parent.name == "editions")
        entries = [self._back_up(target, n) for n, (_, target) in enumerate(swaps)]
        write_journal(self.layout, entries)
        for (staged, target), entry in zip(swaps, entries, strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            if staged.is_dir() and entry.backup is not None:
                os.replace(target, self.layout.root / entry.backup)
            os.replace(staged, target)
        remove_journal(self.layout)
        self.committed = True


def _with(table: pa.Table, column: str, value: object) -> pa.Table:
    """``table`` with every row's ``column`` set to ``value``."""
    position = table.schema.get_field_index(column)
    field = table.schema.field(position)
    return table.set_column(position, field, pa.array([value] * table.num_rows, field.type))


@contextmanager
def open_transaction(store: CuratedStore, timeout: float | None = None
                     ) -> Iterator[StoreTransaction]:
    """Lock, recover, list once, yield the transaction; then remove what was staged (rolling
    back through the journal if the commit itself was interrupted)."""
    layout = store.layout
    with exclusive_lock(layout.lock, timeout):
        recover(layout)
        staging = layout.staging / uuid.uuid4().hex
        staging.mkdir(parents=True)
        try:
            yield StoreTransaction(store, store.editions(), staging)
        finally:
            recover(layout)
