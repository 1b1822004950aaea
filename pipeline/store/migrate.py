"""Older store formats, rewritten in the current one by the first commit that opens them.

A store written by an older version of this program may hold, per catalog:

* partitions of the older layout (``edition=<label>`` folders: readers infer the label's
  type from it), or such a folder left beside a current ``edition_dir=<label>`` one;
* files written before catalogs (no ``catalog`` column) or in an older columns version
  (``effort_min_days`` …: ``pipeline.store.legacy``);
* ``editions`` rows without ``ingest_seq`` (ordered by time then);
* the Great Expectations Data Docs older stores kept per edition.

Whether a catalog holds any is known from its listing, which every transaction reads anyway
(``needs_migration``: each ``PublishedEdition`` says its layout, columns version and whether it
has a sequence number), so a store in the current format pays nothing. When it does,
``stage_migration`` stages every such file rewritten in the current format, and the removal
of the older folders, into the transaction about to commit: one journaled swap makes the
whole catalog current at once, with whatever the run itself publishes. The ``editions`` rows
are rewritten by the transaction itself (``StoreTransaction._final_editions``), so the order
stays one numbered sequence.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pipeline.errors import PublishError
from pipeline.store.legacy import COLUMNS_VERSION
from pipeline.store.table_files import read_table_file
from pipeline.tables import STORED_SCHEMAS

if TYPE_CHECKING:
    from pipeline.store.store import PublishedEdition
    from pipeline.store.transaction import StoreTransaction

__all__ = ["needs_migration", "older_files", "stage_migration"]


def older_files(edition: PublishedEdition) -> bool:
    """Whether the edition's files in the current layout predate catalogs or the current
    columns (the ``editions`` file tells for all of them: they are written together)."""
    return not edition.catalog_column or edition.columns_version < COLUMNS_VERSION


def needs_migration(editions: Iterable[PublishedEdition]) -> bool:
    """Whether a catalog listed as ``editions`` holds anything of an older format."""
    return any(e.legacy or e.legacy_layout or older_files(e) for e in editions)


def stage_migration(tx: StoreTransaction) -> None:
    """Stage, into ``tx``, every file of the older layout in the current one and its folder's
    removal; the files written before catalogs or in an older columns version again, with
    their ``catalog`` column and current columns; the removal of a leftover ``edition=<label>``
    folder and of the Data Docs older stores kept per edition. A file the transaction writes
    itself (the edition it publishes) is left to it."""
    store, layout, fs = tx.store, tx.layout, tx.fs
    staged = tx.staged_targets
    without_catalog = {e.edition for e in tx.editions if older_files(e)}
    for name in STORED_SCHEMAS:
        for label, (key, legacy) in store.partitions(name).items():
            target = layout.table_file(name, label)
            rewrite = legacy or label in without_catalog
            if name != "editions" and rewrite and target not in staged:
                tx.write_table(name, label, read_table_file(fs, key, name))
            if legacy:
                tx.remove(posixpath.dirname(key))
        for folder in fs.children(layout.table_dir(name)):  # one left beside a current one
            partition = layout.partition_of(folder)
            if partition and partition[1]:
                tx.remove(f"{layout.table_dir(name)}/{folder}")
    for label in fs.children(layout.reports_root):  # Data Docs of older stores
        try:
            docs = layout.legacy_docs(label)
        except PublishError:  # not a folder this program made
            continue
        if fs.is_dir(docs):
            tx.remove(docs)
