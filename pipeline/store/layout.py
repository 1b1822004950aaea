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
                                                   (``pipeline.store.bi``; rebuilt by commits)

The folder key is ``edition_dir``, not ``edition``: readers infer a folder value's type
(``2024`` becomes a number, pandas makes it a dictionary) and refuse a file column of the same
name with another type, so the label is the file column ``edition`` and the folder is only for
partition pruning. Stores written with ``edition=<label>`` folders (``LEGACY_PARTITION``) are
read as they are and rewritten in this layout by their next commit. Folders starting with
``_`` or ``.`` are skipped by pyarrow's and DuckDB's readers.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from pipeline.errors import PublishError

__all__ = [
    "CHANGES_REPORTS", "DATABASE_FILE", "DATA_FILE", "EDITION_COLUMN", "LEGACY_PARTITION",
    "PARTITION", "StoreLayout", "check_label",
]

DATA_FILE = "part-0.parquet"
#: The Hive folder key of a table partition…
PARTITION = "edition_dir="
#: …and the one stores used before every file carried its label.
LEGACY_PARTITION = "edition="
#: The column every published table file holds its edition label in (string).
EDITION_COLUMN = "edition"
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


@dataclass(frozen=True)
class StoreLayout:
    """The keys of one store's files and folders."""

    @staticmethod
    def table_dir(table: str) -> str:
        return table

    @staticmethod
    def table_file(table: str, label: str, *, legacy: bool = False) -> str:
        key = LEGACY_PARTITION if legacy else PARTITION
        return f"{table}/{key}{check_label(label)}/{DATA_FILE}"

    @staticmethod
    def partition_of(folder: str) -> tuple[str, bool] | None:
        """(label, legacy) of a partition folder's name; None for any other name."""
        for key, legacy in ((PARTITION, False), (LEGACY_PARTITION, True)):
            if folder.startswith(key) and _LABEL.fullmatch(folder.removeprefix(key)):
                return folder.removeprefix(key), legacy
        return None

    @staticmethod
    def partitions_hint(label: str) -> str:
        """Where an edition's tables are, for people: ``<table>/edition_dir=<label>/``."""
        return f"<table>/{PARTITION}{check_label(label)}/"

    @staticmethod
    def reports_dir(label: str) -> str:
        return f"{REPORTS_DIR}/{check_label(label)}"

    def legacy_docs(self, label: str) -> str:
        return f"{self.reports_dir(label)}/{LEGACY_DOCS_DIR}"

    def result(self, label: str) -> str:
        """The ``validation.json`` of a published edition."""
        return f"{self.reports_dir(label)}/{RESULT_FILE}"

    def changes_report(self, label: str, kind: str) -> str:
        return f"{self.reports_dir(label)}/{CHANGES_REPORTS[kind]}"

    quarantine_root = QUARANTINE_DIR
    reports_root = REPORTS_DIR

    @staticmethod
    def quarantine_dir(label: str) -> str:
        return f"{QUARANTINE_DIR}/{check_label(label)}"

    @staticmethod
    def quarantine_table(label: str, table: str) -> str:
        return f"{QUARANTINE_DIR}/{check_label(label)}/{table}.parquet"

    def quarantine_result(self, label: str) -> str:
        return f"{self.quarantine_dir(label)}/{RESULT_FILE}"

    def quarantine_page(self, label: str) -> str:
        """The readable validation result of a refused edition."""
        return f"{self.quarantine_dir(label)}/{REPORT_PAGE}"

    site = SITE_DIR
    site_index = f"{SITE_DIR}/{SITE_INDEX}"

    @staticmethod
    def site_page(label: str) -> str:
        """The catalog site's page of a published edition (``pipeline.site`` names it)."""
        return f"{SITE_DIR}/editions/{check_label(label)}.html"

    staging = STAGING_DIR
    journal = f"{STAGING_DIR}/{JOURNAL_FILE}"
    lock = LOCK_FILE
    database = DATABASE_FILE
