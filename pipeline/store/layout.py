"""Every name of the curated store's layout, and nowhere else.

Paths are *keys*, POSIX paths relative to the store's root (``pipeline.store.fs`` maps them to
a filesystem):

    <table>/edition_dir=<label>/part-0.parquet     published tables (Hive partitions); each
                                                   file also holds ``edition`` (string)
    _reports/<label>/validation.json               the quality gate's result of the edition
    _reports/<label>/changes.md|.html              what changed since its predecessor
    _quarantine/<label>/                           a refused edition: tables, validation.json
                                                   and report.html (its result, readable)
    _site/                                         the catalog site: every edition, its
                                                   entries, checks and changes, offline HTML
                                                   (``pipeline.site``; rebuilt by commits)
    _staging/                                      work in progress of the open transaction
    _staging/journal.json                          the swaps of an unfinished commit
    .lock                                          the writer lock
    catalog.duckdb                                 DuckDB views over the tables, for BI tools
                                                   (``pipeline.outputs.bi``)
    .catalog.duckdb.lock                           the lock its rebuilds take turns on

The folder key is ``edition_dir``, not ``edition``: readers infer a folder value's type
(``2024`` becomes a number, pandas makes it a dictionary) and refuse a file column of the same
name with another type, so the label is the file column ``edition`` and the folder is only for
partition pruning. Stores written with ``edition=<label>`` folders (``LEGACY_PARTITION``) are
read as they are and rewritten in this layout by their next commit. Folders starting with
``_`` or ``.`` are skipped by pyarrow's and DuckDB's readers.

**Many catalogs in one store.** A store holds one unnamed catalog (the layout above, which
every store had before) and any number of named ones, each a publisher's series of editions
with its own order, changes, lock and site (``StoreLayout(catalog="思明区")``):

    <table>/catalog_dir=<id>/edition_dir=<label>/part-0.parquet   its tables; each file also
                                                                  holds ``catalog`` (string)
    _catalogs/<id>/_reports|_quarantine|_site|_staging|.lock      its other files, as above

Every table file holds its catalog's id in the ``catalog`` column (null in the unnamed
catalog's), so one read of ``<table>/`` gives every catalog's rows; the folder key is
``catalog_dir`` for the reason ``edition_dir`` is. A named catalog's files other than tables
live apart under ``_catalogs/<id>/``, so the unnamed catalog's commits and recovery (which
clear ``_staging/``) never touch another catalog's work, and two catalogs are written at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex as re

from pipeline.errors import PublishError

__all__ = [
    "CATALOGS_DIR",
    "CATALOG_COLUMN",
    "CATALOG_PARTITION",
    "CHANGES_REPORTS",
    "DATABASE_FILE",
    "DATABASE_LOCK",
    "DATA_FILE",
    "EDITION_COLUMN",
    "LEGACY_PARTITION",
    "PARTITION",
    "StoreLayout",
    "check_catalog",
    "check_label",
]

DATA_FILE = "part-0.parquet"
#: The Hive folder key of a table partition…
PARTITION = "edition_dir="
#: …and the one stores used before every file carried its label.
LEGACY_PARTITION = "edition="
#: The column every published table file holds its edition label in (string).
EDITION_COLUMN = "edition"
#: The column every published table file holds its catalog's id in (string; null in the
#: store's unnamed catalog)…
CATALOG_COLUMN = "catalog"
#: …and the Hive folder key of a named catalog's partitions.
CATALOG_PARTITION = "catalog_dir="
#: Where each named catalog keeps its files other than tables: ``_catalogs/<id>/``.
CATALOGS_DIR = "_catalogs"
STAGING_DIR = "_staging"
QUARANTINE_DIR = "_quarantine"
REPORTS_DIR = "_reports"
#: Where stores before the catalog site kept each edition's Great Expectations Data Docs
#: (``_reports/<label>/validation/``); a commit removes them.
LEGACY_DOCS_DIR = "validation"
SITE_DIR = "_site"
SITE_INDEX = "index.html"
REPORT_PAGE = "report.html"
LOCK_FILE = ".lock"
JOURNAL_FILE = "journal.json"
RESULT_FILE = "validation.json"
#: The DuckDB database of views over the published tables, at the store's root: what BI tools
#: (DuckDB, Power BI, Superset) open instead of globbing Parquet files themselves.
DATABASE_FILE = "catalog.duckdb"
#: The lock its rebuilds take turns on (catalogs commit at once; the last build sees them all).
DATABASE_LOCK = ".catalog.duckdb.lock"
#: The readable change reports of an edition, by format.
CHANGES_REPORTS: dict[str, str] = {"markdown": "changes.md", "html": "changes.html"}
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


def check_catalog(catalog: str) -> str:
    """Return ``catalog`` if it can name a catalog (the rules of an edition label), else raise
    ``PublishError``."""
    if not _LABEL.fullmatch(catalog):
        raise PublishError(
            f"catalog {catalog!r} is not usable: use letters, digits, '.', '_' or '-'"
        )
    return catalog


@dataclass(frozen=True)
class StoreLayout:
    """The keys of one catalog's files and folders: the store's unnamed catalog (``catalog``
    None, the layout every store had before catalogs) or a named one."""

    catalog: str | None = None

    def __post_init__(self) -> None:
        if self.catalog is not None:
            check_catalog(self.catalog)

    @property
    def _home(self) -> str:
        """The prefix of the catalog's files other than tables."""
        return "" if self.catalog is None else f"{CATALOGS_DIR}/{self.catalog}/"

    def table_dir(self, table: str) -> str:
        return table if self.catalog is None else f"{table}/{CATALOG_PARTITION}{self.catalog}"

    def table_file(self, table: str, label: str, *, legacy: bool = False) -> str:
        key = LEGACY_PARTITION if legacy else PARTITION
        return f"{self.table_dir(table)}/{key}{check_label(label)}/{DATA_FILE}"

    @staticmethod
    def partition_of(folder: str) -> tuple[str, bool] | None:
        """(label, legacy) of a partition folder's name; None for any other name."""
        for key, legacy in ((PARTITION, False), (LEGACY_PARTITION, True)):
            if folder.startswith(key) and _LABEL.fullmatch(folder.removeprefix(key)):
                return folder.removeprefix(key), legacy
        return None

    @staticmethod
    def catalog_of(folder: str) -> str | None:
        """The catalog id of a ``catalog_dir=<id>`` folder's name; None for any other name."""
        if folder.startswith(CATALOG_PARTITION):
            catalog = folder.removeprefix(CATALOG_PARTITION)
            return catalog if _LABEL.fullmatch(catalog) else None
        return None

    def partitions_hint(self, label: str) -> str:
        """Where an edition's tables are, for people: ``<table>/edition_dir=<label>/``."""
        return f"{self.table_dir('<table>')}/{PARTITION}{check_label(label)}/"

    def owns(self, key: str, tables: Iterable[str]) -> bool:
        """Whether the normalised ``key`` is among the files a commit of this catalog may
        replace or remove: inside a partition folder of one of its ``tables``, a label's
        folder under its reports or quarantine, or its staging folder. Another catalog's
        files, the site, ``catalog.duckdb`` and the store's other folders are not."""
        for table in tables:
            prefix = f"{self.table_dir(table)}/"
            if key.startswith(prefix):
                return self.partition_of(key.removeprefix(prefix).split("/", 1)[0]) is not None
        for root in (self.reports_root, self.quarantine_root):
            if key.startswith(f"{root}/"):
                return bool(_LABEL.fullmatch(key.removeprefix(f"{root}/").split("/", 1)[0]))
        return key.startswith(f"{self.staging}/")

    @property
    def reports_root(self) -> str:
        return f"{self._home}{REPORTS_DIR}"

    def reports_dir(self, label: str) -> str:
        return f"{self.reports_root}/{check_label(label)}"

    def legacy_docs(self, label: str) -> str:
        return f"{self.reports_dir(label)}/{LEGACY_DOCS_DIR}"

    def edition_of(self, key: str, tables: Iterable[str]) -> str | None:
        """The edition whose file of one of ``tables`` (current layout) or whose
        ``validation.json`` key ``key`` is; None for any other key."""
        folder, _, name = key.rpartition("/")
        parent, _, partition = folder.rpartition("/")
        if name == RESULT_FILE and parent == self.reports_root:
            return partition if _LABEL.fullmatch(partition) else None
        label = partition.removeprefix(PARTITION)
        if name != DATA_FILE or label == partition or not _LABEL.fullmatch(label):
            return None
        return label if any(parent == self.table_dir(table) for table in tables) else None

    def result(self, label: str) -> str:
        """The ``validation.json`` of a published edition."""
        return f"{self.reports_dir(label)}/{RESULT_FILE}"

    def changes_report(self, label: str, kind: str) -> str:
        return f"{self.reports_dir(label)}/{CHANGES_REPORTS[kind]}"

    @property
    def quarantine_root(self) -> str:
        return f"{self._home}{QUARANTINE_DIR}"

    def quarantine_dir(self, label: str) -> str:
        return f"{self.quarantine_root}/{check_label(label)}"

    def quarantine_table(self, label: str, table: str) -> str:
        return f"{self.quarantine_dir(label)}/{table}.parquet"

    def quarantine_result(self, label: str) -> str:
        return f"{self.quarantine_dir(label)}/{RESULT_FILE}"

    def quarantine_page(self, label: str) -> str:
        """The readable validation result of a refused edition."""
        return f"{self.quarantine_dir(label)}/{REPORT_PAGE}"

    @property
    def site(self) -> str:
        return f"{self._home}{SITE_DIR}"

    @property
    def site_index(self) -> str:
        return f"{self.site}/{SITE_INDEX}"

    def site_page(self, label: str) -> str:
        """The catalog site's page of a published edition (``pipeline.site`` names it)."""
        return f"{self.site}/editions/{check_label(label)}.html"

    @property
    def staging(self) -> str:
        return f"{self._home}{STAGING_DIR}"

    @property
    def journal(self) -> str:
        return f"{self.staging}/{JOURNAL_FILE}"

    @property
    def lock(self) -> str:
        return f"{self._home}{LOCK_FILE}"

    database = DATABASE_FILE
