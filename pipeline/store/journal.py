"""Crash safety for a commit: a journal of the paths it is about to replace.

``os.replace`` makes each swap atomic, but a commit replaces several files and folders. Before
the first swap, the transaction keeps the current bytes of every target (a hard link of a
file; a folder is renamed aside during its swap) and records (target, backup) pairs in the
journal; removing the journal after the last swap is the commit point. A run killed in
between leaves the journal behind, and the next transaction calls ``recover`` first: it puts
the backups back and removes what the dead run added, so the store is exactly as before it.
Then the staging folder is removed whatever it holds: under the lock no other run uses it.

Journal paths are relative to the store and are checked to stay inside it: a forged journal
can never make recovery touch a file outside the store.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PublishError
from pipeline.store.layout import StoreLayout

__all__ = ["JournalEntry", "fsync_dir", "recover", "remove_journal", "write_journal"]


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One path a commit replaces, and where its old content waits (None: it is new)."""

    target: str
    backup: str | None


def fsync_dir(directory: Path) -> None:
    """Make a rename or unlink inside ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_journal(layout: StoreLayout, entries: Sequence[JournalEntry]) -> None:
    """Durably record ``entries`` before any of them is replaced (atomic write)."""
    path = layout.journal
    temporary = path.with_suffix(".tmp")
    payload = [{"target": e.target, "backup": e.backup} for e in entries]
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    fsync_dir(path.parent)


def remove_journal(layout: StoreLayout) -> None:
    """Commit: once the journal is gone, the new files are the store's state."""
    layout.journal.unlink()
    fsync_dir(layout.journal.parent)


def _inside(layout: StoreLayout, relative: str) -> Path:
    root = layout.root.resolve()
    path = (root / relative).resolve()
    if Path(relative).is_absolute() or not path.is_relative_to(root) or path == root:
        raise PublishError(
            f"the journal {layout.journal} names {relative!r}, outside the store: it is not "
            "this program's; remove it by hand after checking the store"
        )
    return root / relative


def _read_journal(layout: StoreLayout) -> list[JournalEntry]:
    if not layout.journal.is_file():
        return []
    try:
        raw = json.loads(layout.journal.read_text(encoding="utf-8"))
        entries = [JournalEntry(target=str(i["target"]), backup=i["backup"]) for i in raw]
    except (ValueError, TypeError, KeyError) as error:
        raise PublishError(
            f"the journal {layout.journal} of an interrupted run is unreadable ({error}); "
            "check the store, then remove the journal by hand"
        ) from None
    for entry in entries:
        _inside(layout, entry.target)
        if entry.backup is not None:
            _inside(layout, entry.backup)
    return entries


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _roll_back(layout: StoreLayout, entry: JournalEntry) -> None:
    target = _inside(layout, entry.target)
    if entry.backup is None:
        _remove(target)
        with contextlib.suppress(OSError):
            target.parent.rmdir()  # the partition folder the dead run created
        return
    backup = _inside(layout, entry.backup)
    if backup.exists():  # the old content was moved or linked aside: put it back
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(backup, target)


def recover(layout: StoreLayout) -> list[str]:
    """Undo an unfinished commit and remove the staging folder; call holding the lock.

    Returns the targets rolled back (empty when the last run finished). Raises
    ``PublishError`` for an unreadable journal or one naming paths outside the store.
    """
    entries = _read_journal(layout)
    for entry in reversed(entries):
        _roll_back(layout, entry)
    if entries:
        remove_journal(layout)
    shutil.rmtree(layout.staging, ignore_errors=True)
    return [entry.target for entry in entries]
