"""``CuratedStore``: what a curated store has published, read through one object.

Editions are ordered by ``editions.ingest_seq`` (decided inside the writer lock when an
edition is first published; re-publishing a label keeps its place). Editions published before
that column existed are ordered by ``ingested_at`` ahead of the numbered ones. Each partition
file is read on its own and only for the columns needed, so columns other stages add later or
older files lack never break reading. Every read of a damaged file is one ``PipelineError``
naming the file. Bytes are reached only through ``StoreFS`` (``pipeline.store.fs``): the store
works the same on any ``pyarrow.fs`` filesystem.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.fs as pafs

from pipeline.errors import EditionNotFound, PipelineError, PublishError
from pipeline.store.fs import StoreFS
from pipeline.store.layout import CATALOG_COLUMN, StoreLayout, check_label
from pipeline.store.legacy import COLUMNS_VERSION, columns_version
from pipeline.store.s3 import S3Location
from pipeline.store.table_files import read_table_file
from pipeline.tables import TABLE_NAMES

if TYPE_CHECKING:
    from pipeline.store.transaction import StoreTransaction

__all__ = ["CuratedStore", "PublishedEdition"]

#: ``editions`` columns the listing reads (the label comes from the partition folder).
EDITION_COLUMNS: tuple[str, ...] = (
    "source_file", "source_sha256", "ingested_at", "entries", "ingest_seq",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PublishedEdition:
    """One row of ``editions``: the label, its place in the order, where it came from."""

    edition: str
    source_file: str
    source_sha256: str
    ingested_at: datetime
    entries: int | None
    ingest_seq: int | None
    legacy: bool = False  # written before ``ingest_seq`` existed: its number is its rank
    legacy_layout: bool = False  # in an ``edition=<label>`` folder: rewritten at next commit
    catalog_column: bool = True  # False: written before catalogs; rewritten at next commit
    columns_version: int = COLUMNS_VERSION  # older: its files are rewritten at next commit


#: The ``editions`` rows read in this process: file path → (its stamp, the row).
_LISTED: dict[str, tuple[tuple[int, int], PublishedEdition | None]] = {}

#: A locked section for a store whose filesystem has no ``flock`` (see ``CuratedStore``).
LockFactory = Callable[[float | None], AbstractContextManager[None]]


class CuratedStore:
    """A curated store at ``root`` (a local path, a URI, or a path of ``filesystem``): its
    listing, its tables, its transactions.

    Writing takes the catalog's lock: an ``flock`` on a local store, a lease object on S3
    (``pipeline.store.s3``); a store elsewhere needs a ``lock`` (a callable taking the timeout
    and returning a context manager) or refuses to write.
    """

    def __init__(
        self, root: str | Path, *, filesystem: pafs.FileSystem | None = None,
        lock: LockFactory | None = None, catalog: str | None = None,
    ) -> None:  # fmt: skip
        self.fs = StoreFS.at(root, filesystem)
        self.layout = StoreLayout(catalog)
        self.lock = lock
        #: On S3 (``s3://…``), where the store is for its lease lock (``pipeline.store.s3``).
        self.s3 = S3Location.parse(root) if filesystem is None and isinstance(root, str) else None

    @property
    def catalog(self) -> str | None:
        """The catalog this object reads and writes; None: the store's unnamed one."""
        return self.layout.catalog

    def in_catalog(self, catalog: str | None) -> CuratedStore:
        """The same store, reading and writing catalog ``catalog`` (None: the unnamed one)."""
        other = copy.copy(self)
        other.layout = StoreLayout(catalog)
        return other

    def catalogs(self) -> list[str | None]:
        """Every catalog with a published edition: None (the unnamed one) first when it has
        one, then the named ones by id."""
        named = sorted(c for folder in self.fs.children(StoreLayout().table_dir("editions"))
                       if (c := StoreLayout.catalog_of(folder)) is not None)  # fmt: skip
        unnamed = [None] if self.in_catalog(None).partitions("editions") else []
        return [*unnamed, *[c for c in named if self.in_catalog(c).partitions("editions")]]

    @property
    def root(self) -> str:
        """The store's location, for people."""
        return self.fs.show()

    def where(self, key: str) -> str:
        """Where the store's ``key`` is, for people (a local path or a URI)."""
        return self.fs.show(key)

    @property
    def _here(self) -> str:
        return "here" if self.catalog is None else f"in catalog {self.catalog}"

    def nothing_published(self) -> EditionNotFound:
        """The error for a catalog with no published edition, naming the store's catalogs
        that have some (``--catalog`` was probably meant)."""
        others = [c for c in self.catalogs() if c != self.catalog]
        named = ", ".join("(unnamed)" if c is None else c for c in others)
        hint = f"; the store's catalogs: {named} (choose one with --catalog)" if others else ""
        where = "" if self.catalog is None else f" in catalog {self.catalog}"
        return EditionNotFound(f"no published editions{where}{hint}", file=self.root)

    def partitions(self, table: str) -> dict[str, tuple[str, bool]]:
        """label → (key of its file, legacy layout) of every published file of ``table``; a
        label in both layouts is read from the current one."""
        return {label: (key, legacy) for label, (key, legacy, _) in self._partitions(table).items()}

    def _partitions(self, table: str) -> dict[str, tuple[str, bool, tuple[int, int]]]:
        """``partitions`` with each file's stamp (modification time in ns, size)."""
        candidates: list[tuple[str, str, bool]] = []
        for folder in self.fs.children(self.layout.table_dir(table)):
            partition = self.layout.partition_of(folder)
            if partition is not None:
                label, legacy = partition
                candidates.append((label, self.layout.table_file(table, label, legacy=legacy),
                                   legacy))  # fmt: skip
        stamps = self.fs.stamps([key for _, key, _ in candidates])
        found: dict[str, tuple[str, bool, tuple[int, int]]] = {}
        for label, key, legacy in candidates:
            stamp = stamps[key]
            if stamp is not None and (label not in found or found[label][1]):
                found[label] = (key, legacy, stamp)
        return found

    def _edition_row(self, label: str, key: str, legacy: bool) -> PublishedEdition | None:
        try:
            schema = self.fs.read_schema(key)
            present = set(schema.names)
            rows = self.fs.read_table(
                key, columns=[c for c in EDITION_COLUMNS if c in present]
            ).to_pylist()
        except (OSError, pa.ArrowException) as error:
            raise PipelineError(f"cannot read the editions table: {error}",
                                file=self.fs.show(key)) from None  # fmt: skip
        if not rows:
            return None
        values = {column: rows[0].get(column) for column in EDITION_COLUMNS}
        return PublishedEdition(edition=label, legacy_layout=legacy,
                                catalog_column=CATALOG_COLUMN in present,
                                columns_version=columns_version(schema), **values)  # fmt: skip

    def editions(self) -> tuple[PublishedEdition, ...]:
        """Every published edition in order; () for an empty or missing store. An edition
        published before ``ingest_seq`` existed gets its rank as its sequence number.

        On a local store each ``editions`` file is read once per process and kept with its
        stamp (``_LISTED``): a listing then costs one directory read and one stat per
        edition, not a Parquet read each (files are replaced, never rewritten in place, so a
        new stamp means new bytes)."""
        rows = (self._listed(label, key, legacy, stamp)
                for label, (key, legacy, stamp) in self._partitions("editions").items())
        ordered = sorted((e for e in rows if e), key=_order)
        return tuple(
            e if e.ingest_seq is not None else replace(e, ingest_seq=rank, legacy=True)
            for rank, e in enumerate(ordered, start=1)
        )

    def _listed(self, label: str, key: str, legacy: bool, stamp: tuple[int, int]
                ) -> PublishedEdition | None:  # fmt: skip
        """``_edition_row``, through ``_LISTED`` on a local store."""
        if self.fs.local is None:
            return self._edition_row(label, key, legacy)
        path = f"{self.fs.root}/{key}"  # a name for the cache: bytes are read through ``path``
        kept = _LISTED.get(path)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        row = self._edition_row(label, key, legacy)
        _LISTED[path] = (stamp, row)
        return row

    def labels(self) -> list[str]:
        return [e.edition for e in self.editions()]

    def require(self, label: str, editions: Sequence[PublishedEdition] | None = None) -> int:
        """The position of ``label`` in the order; raises ``EditionNotFound``."""
        labels = [e.edition for e in (self.editions() if editions is None else editions)]
        if not labels:
            raise self.nothing_published()
        if label not in labels:
            known = ", ".join(labels)
            raise EditionNotFound(
                f"edition {label!r} is not published {self._here} (published: {known})",
                file=self.root,
            )
        return labels.index(label)

    def previous(self, label: str) -> str | None:
        """The edition before ``label`` in the order; None for the first."""
        editions = self.editions()
        index = self.require(label, editions)
        return editions[index - 1].edition if index else None

    def table_key(self, name: str, label: str) -> str | None:
        """The key of ``label``'s ``name`` file (in whichever layout it is); None if absent."""
        for legacy in (False, True):
            key = self.layout.table_file(name, label, legacy=legacy)
            if self.fs.is_file(key):
                return key
        return None

    def read(self, label: str, tables: Sequence[str] = TABLE_NAMES) -> dict[str, pa.Table]:
        """Tables of one published edition in the current schemas. Raises
        ``EditionNotFound`` when it is not (completely) published, ``PipelineError`` for a
        damaged file."""
        check_label(label)
        keys = {name: self.table_key(name, label) for name in tables}
        missing = [name for name, key in keys.items() if key is None]
        if missing:
            raise EditionNotFound(
                f"edition {label!r} is not published {self._here} (no {', '.join(missing)})",
                file=self.root,
            )
        return {name: read_table_file(self.fs, key, name) for name, key in keys.items() if key}

    def ingested_sources(self) -> dict[str, str]:
        """SHA-256 of every published source file → its label."""
        return {e.source_sha256: e.edition for e in self.editions()}

    def quarantined_sources(self) -> dict[str, str]:
        """SHA-256 of every source the quality gate refused → the label it was refused under."""
        found: dict[str, str] = {}
        for label in self.fs.children(self.layout.quarantine_root):
            try:
                key = self.layout.quarantine_table(label, "editions")
            except PublishError:  # not a folder this program made
                continue
            if self.fs.is_file(key):
                rows = read_table_file(self.fs, key, "editions").column("source_sha256")
                found.update({str(sha): label for sha in rows.to_pylist()})
        return found

    def write_edition_tables(self, label: str, tables: Mapping[str, pa.Table]) -> list[str]:
        """Publish ready-made tables as ``label`` in a transaction of their own, without the
        quality gate or change records (``pipeline.ingest`` does both): for fixtures and
        benchmarks that need a store in a given state. An ``editions`` row without an
        ``ingest_seq`` gets the label's place in the order. Returns the published keys."""
        check_label(label)
        missing = [name for name in TABLE_NAMES if name not in tables]
        if missing:
            raise PublishError(f"cannot publish edition {label}: missing tables {missing}")
        with self.transaction() as tx:
            editions = tables["editions"]
            if editions.column("ingest_seq").null_count:
                sha = str(editions.column("source_sha256")[0].as_py())
                seq = pa.array([tx.order_of(label, sha).ingest_seq] * editions.num_rows, pa.int32())
                position = editions.schema.get_field_index("ingest_seq")
                tables = {**tables, "editions": editions.set_column(position, "ingest_seq", seq)}
            files = tx.stage_tables(label, tables)
            tx.commit()
        return files

    @contextmanager
    def transaction(self, timeout: float | None = None) -> Iterator[StoreTransaction]:
        """The store's writer lock, held once for the ``with`` block, around a transaction
        that stages everything and makes it visible only in ``commit``. Leaving the block
        without a commit (an error, a refusal) leaves the store exactly as it was."""
        from pipeline.store.transaction import open_transaction

        with open_transaction(self, timeout) as transaction:
            yield transaction


def _order(edition: PublishedEdition) -> tuple[int, int, datetime, str]:
    """Unnumbered (older) editions first by time, then numbered ones by their sequence."""
    numbered = edition.ingest_seq is not None
    return (int(numbered), edition.ingest_seq or 0, edition.ingested_at, edition.edition)
