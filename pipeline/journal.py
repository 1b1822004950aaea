"""Crash safety for publishing: a journal of the files a publish is about to replace.

``os.replace`` makes each file swap atomic, but an edition is four files. Before the first swap,
``publish_edition`` hard-links every file it will replace into its staging folder and records
(target, backup) pairs in ``<curated>/_staging/journal.json``; removing the journal after the
last swap is the commit point. A run killed in between leaves the journal behind, and the next
locked publish calls ``recover`` first: it moves the backups back (and deletes files the dead
run added), so the store returns to exactly its state before that run. Then ``_staging`` is
removed whatever it holds, since under the lock no other run can be using it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "JOURNAL_FILE", "STAGING_DIR", "JournalEntry", "fsync_dir", "journal_path", "recover",
    "remove_journal", "write_journal",
]  # fmt: skip

STAGING_DIR = "_staging"
JOURNAL_FILE = "journal.json"


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One file a publish replaces: its place in the store and where its old bytes wait.

    Paths are relative to the curated store; ``backup`` is None when the file is new.
    """

    target: str
    backup: str | None


def journal_path(curated: Path) -> Path:
    """Where the journal of an unfinished publish lives."""
    return curated / STAGING_DIR / JOURNAL_FILE


def fsync_dir(directory: Path) -> None:
    """Make a rename or unlink inside ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_journal(curated: Path, entries: Sequence[JournalEntry]) -> None:
    """Durably record ``entries`` before any of them is replaced (atomic write)."""
    path = journal_path(curated)
    temporary = path.with_suffix(".tmp")
    payload = [{"target": e.target, "backup": e.backup} for e in entries]
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    fsync_dir(path.parent)


def remove_journal(curated: Path) -> None:
    """Commit a publish: once the journal is gone, its new files are the store's state."""
    path = journal_path(curated)
    path.unlink()
    fsync_dir(path.parent)


def _read_journal(curated: Path) -> list[JournalEntry]:
    path = journal_path(curated)
    if not path.is_file():
        return []
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [JournalEntry(target=item["target"], backup=item["backup"]) for item in raw]


def _roll_back(curated: Path, entry: JournalEntry) -> None:
    target = curated / entry.target
    if entry.backup is None:
        target.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            target.parent.rmdir()  # the partition folder the dead run created
    elif (curated / entry.backup).is_file():
        os.replace(curated / entry.backup, target)


def recover(curated: Path) -> list[str]:
    """Undo an unfinished publish and remove ``_staging``; call while holding the lock.

    Returns the targets that were rolled back (empty when the last run finished).
    """
    entries = _read_journal(curated)
    for entry in entries:
        _roll_back(curated, entry)
    if entries:
        remove_journal(curated)
    shutil.rmtree(curated / STAGING_DIR, ignore_errors=True)
    return [entry.target for entry in entries]
