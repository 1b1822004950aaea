"""Every name of the curated store's layout, and nowhere else.

    <root>/<table>/edition=<label>/part-0.parquet   published tables (Hive partitions)
    <root>/_reports/<label>/validation/            Data Docs of the published edition
    <root>/_reports/<label>/changes.md|.html       what changed since its predecessor
    <root>/_quarantine/<label>/                    a refused edition: tables, validation.json,
                                                   its Data Docs
    <root>/_staging/                               work in progress of the open transaction
    <root>/_staging/journal.json                   the swaps of an unfinished commit
    <root>/.lock                                   the writer lock

Folders starting with ``_`` or ``.`` are skipped by pyarrow's and DuckDB's readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex as re

from pipeline.errors import PublishError

__all__ = ["CHANGES_REPORTS", "DATA_FILE", "PARTITION", "StoreLayout", "check_label"]

DATA_FILE = "part-0.parquet"
PARTITION = "edition="
STAGING_DIR = "_staging"
QUARANTINE_DIR = "_quarantine"
REPORTS_DIR = "_reports"
DOCS_DIR = "validation"
LOCK_FILE = ".lock"
JOURNAL_FILE = "journal.json"
RESULT_FILE = "validation.json"
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
    """The paths of one store rooted at ``root``."""

    root: Path

    def table_dir(self, table: str) -> Path:
        return self.root / table

    def table_file(self, table: str, label: str) -> Path:
        return self.root / table / f"{PARTITION}{check_label(label)}" / DATA_FILE

    def table_files(self, table: str) -> list[Path]:
        """Every published file of ``table``."""
        return sorted(self.table_dir(table).glob(f"{PARTITION}*/{DATA_FILE}"))

    @staticmethod
    def label_of(table_file: Path) -> str:
        return table_file.parent.name.removeprefix(PARTITION)

    def partitions_hint(self, label: str) -> str:
        """Where an edition's tables are, for people: ``<root>/<table>/edition=<label>/``."""
        return f"{self.root}/<table>/{PARTITION}{check_label(label)}/"

    def reports_dir(self, label: str) -> Path:
        return self.root / REPORTS_DIR / check_label(label)

    def docs_dir(self, label: str) -> Path:
        """Where the Data Docs of a published edition live."""
        return self.reports_dir(label) / DOCS_DIR

    def changes_report(self, label: str, kind: str) -> Path:
        return self.reports_dir(label) / CHANGES_REPORTS[kind]

    def quarantine_dir(self, label: str) -> Path:
        return self.root / QUARANTINE_DIR / check_label(label)

    def quarantine_tables(self) -> list[Path]:
        """The ``editions`` files of every quarantined edition."""
        return sorted((self.root / QUARANTINE_DIR).glob("*/editions.parquet"))

    def quarantine_result(self, label: str) -> Path:
        return self.quarantine_dir(label) / RESULT_FILE

    def quarantine_docs(self, label: str) -> Path:
        return self.quarantine_dir(label) / DOCS_DIR

    @property
    def staging(self) -> Path:
        return self.root / STAGING_DIR

    @property
    def journal(self) -> Path:
        return self.root / STAGING_DIR / JOURNAL_FILE

    @property
    def lock(self) -> Path:
        return self.root / LOCK_FILE
