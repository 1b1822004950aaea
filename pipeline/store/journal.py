"""Crash safety for a commit: a journal of the paths it is about to replace.

``os.replace`` makes each swap atomic, but a commit replaces several files and folders. Before
the first swap, the transaction keeps the current bytes of every target (a hard link of a
file; a folder is renamed aside during its swap) and records (target, backup) pairs in the
journal; removing the journal after the last swap is the commit point. A run killed in
between leaves the journal behind, and the next transaction calls ``recover`` first: it puts
the backups back and removes what the dead run added, so the store is exactly as before it.
Then the staging folder is removed whatever it holds: under the lock no other run uses it.

Journal paths are relative to the store and are checked, all of them before anything is rolled
back, to be the catalog's own (``StoreLayout.owns``: its partitions, reports, quarantine and
staging): a forged journal can never make recovery touch a file outside the store, another
catalog's files, the site or ``catalog.duckdb``; it is refused with one line, nothing undone.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.errors import PublishError
from pipeline.store.fs import StoreFS, check_key
from pipeline.store.layout import StoreLayout
from pipeline.tables import STORED_SCHEMAS

__all__ = ["JournalEntry", "recover", "remove_journal", "write_journal"]

_DEFAULT = StoreLayout()


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One key a commit replaces (or removes), and where its old content waits (None: the
    key is new)."""

    target: str
    backup: str | None


def write_journal(
    fs: StoreFS, entries: Sequence[JournalEntry], layout: StoreLayout = _DEFAULT
) -> None:
    """Durably record ``entries`` before any of them is replaced (atomic write)."""
    temporary = f"{layout.journal}.tmp"
    payload = [{"target": e.target, "backup": e.backup} for e in entries]
    fs.write_text(temporary, json.dumps(payload, ensure_ascii=False))
    fs.move(temporary, layout.journal)
    fs.sync_dir(layout.staging)


def remove_journal(fs: StoreFS, layout: StoreLayout = _DEFAULT) -> None:
    """Commit: once the journal is gone, the new files are the store's state."""
    fs.delete(layout.journal)
    fs.sync_dir(layout.staging)


def _inside(fs: StoreFS, key: object, layout: StoreLayout) -> str:
    """``key`` when it names one of the catalog's own files or folders (inside the store, not
    through a link leading out, ``StoreLayout.owns``); else ``PublishError``."""
    try:
        if not isinstance(key, str):
            raise PublishError(f"{key!r} is not a path")
        normal = check_key(key)
        fs.path(normal)  # a local store refuses a key that resolves out of it
    except PublishError:
        raise PublishError(
            f"the journal of an interrupted run names {key!r}, outside the store: it is not "
            "this program's; remove it by hand after checking the store",
            file=fs.show(layout.journal),
        ) from None
    if not layout.owns(normal, STORED_SCHEMAS):
        whose = "the unnamed catalog" if layout.catalog is None else f"catalog {layout.catalog}"
        raise PublishError(
            f"the journal of an interrupted run names {key!r}, which is not among {whose}'s "
            "own files: it is not this program's; nothing was rolled back; remove it by hand "
            "after checking the store", file=fs.show(layout.journal),
        )
    return normal


def _read_journal(fs: StoreFS, layout: StoreLayout) -> list[JournalEntry]:
    if not fs.is_file(layout.journal):
        return []
    try:
        raw = json.loads(fs.read_text(layout.journal))
        entries = [JournalEntry(target=i["target"], backup=i["backup"]) for i in raw]
    except (ValueError, TypeError, KeyError, OSError) as error:
        raise PublishError(
            f"the journal of an interrupted run is unreadable ({error}): a run of this "
            "program writes it whole, so something else changed it; check the store, then "
            "remove the journal by hand", file=fs.show(layout.journal),
        ) from None
    return [JournalEntry(_inside(fs, e.target, layout),
                         None if e.backup is None else _inside(fs, e.backup, layout))
            for e in entries]  # fmt: skip


def _roll_back(fs: StoreFS, entry: JournalEntry) -> None:
    if entry.backup is None:
        fs.delete(entry.target)
        fs.remove_empty_dir(posixpath.dirname(entry.target))  # a partition the dead run made
        return
    if fs.exists(entry.backup):  # the old content was moved or linked aside: put it back
        if fs.is_dir(entry.target):
            fs.delete(entry.target)
        fs.move(entry.backup, entry.target)


def recover(fs: StoreFS, layout: StoreLayout = _DEFAULT) -> list[str]:
    """Undo an unfinished commit and remove the staging folder; call holding the lock.

    Returns the keys rolled back (empty when the last run finished). Raises
    ``PublishError`` for an unreadable journal or one naming paths outside the store.
    """
    entries = _read_journal(fs, layout)
    for entry in reversed(entries):
        _roll_back(fs, entry)
    if entries:
        remove_journal(fs, layout)
    fs.delete(layout.staging)
    return [entry.target for entry in entries]
