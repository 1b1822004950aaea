"""``_site/``: the catalog site, rebuilt from what the store publishes after each commit.

The site (``pipeline.site``, a pure renderer) shows every published edition, its entries, its
quality checks and its changes, as offline HTML with bundled assets. It is *derived* data, like
``catalog.duckdb``: everything it shows is in the tables and each edition's
``validation.json``, so it is not part of the journaled commit. After a commit that changed a
table or a validation result, or when the site is missing, ``refresh_site`` renders the whole
site from the store and swaps it in: written under ``_staging/``, then the old ``_site`` is moved
aside and the new one moved in (two renames on a local store), so a reader sees the old site or
the new one. A commit of a quarantined edition leaves the site byte for byte, as it leaves
every published file (the refused edition has its own ``report.html`` in its quarantine
folder).

Runs after the commit point: a failure, whatever it is, becomes one ``warning:`` line on stderr
(``pipeline.store.derived``, whatever Python's warning filters) and a ``SiteWarning``, and the
next commit tries again; it never undoes the commit. ``refresh_site`` says whether the site was
rebuilt, so no command names a page that was not written.
"""

from __future__ import annotations

import json
import posixpath
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from pipeline import __version__
from pipeline.errors import PipelineError
from pipeline.store.derived import DerivedOutputWarning, reason, tell_failure
from pipeline.store.store import read_table_file
from pipeline.tables import STORED_SCHEMAS

if TYPE_CHECKING:
    from pipeline.store.store import CuratedStore

__all__ = ["SiteWarning", "published_for_site", "refresh_site", "write_site"]

#: The tables the site reads, every edition's rows in one table each.
SITE_TABLES: tuple[str, ...] = (
    "editions", "resources", "resource_items", "effort_components", "changes",
)  # fmt: skip


class SiteWarning(DerivedOutputWarning):
    """The catalog site was not rebuilt after a commit (the commit stands)."""


def _labelled(table: pa.Table, label: str) -> pa.Table:
    from pipeline.store.transaction import labelled

    return labelled(table, label)


def published_for_site(
    store: CuratedStore,
) -> tuple[dict[str, pa.Table], dict[str, dict[str, Any]]]:
    """Every published edition's tables (one table per name, with ``edition``), in the
    store's order, and each edition's ``validation.json`` (absent for editions published
    before it was kept). Raises ``PipelineError`` for a damaged file."""
    parts: dict[str, list[pa.Table]] = {name: [] for name in SITE_TABLES}
    validations: dict[str, dict[str, Any]] = {}
    for edition in store.editions():
        label = edition.edition
        for name in SITE_TABLES:
            key = store.table_key(name, label)
            if key is not None:
                parts[name].append(_labelled(read_table_file(store.fs, key, name), label))
        result = store.layout.result(label)
        if store.fs.is_file(result):
            try:
                validations[label] = json.loads(store.fs.read_text(result))
            except ValueError as error:
                raise PipelineError(f"cannot read the validation result: {error}",
                                    file=store.where(result)) from None  # fmt: skip
    tables = {
        name: pa.concat_tables(found) if found
        else _labelled(STORED_SCHEMAS[name].empty_table(), "")
        for name, found in parts.items()
    }  # fmt: skip
    return tables, validations


def write_site(store: CuratedStore, files: Mapping[str, bytes]) -> str:
    """Replace ``_site/`` with ``files`` (relative path → bytes); return the index's key."""
    fs, site = store.fs, store.layout.site
    staged = f"{store.layout.staging}/site-{uuid.uuid4().hex}"
    for path, data in sorted(files.items()):
        fs.write_bytes(f"{staged}/{path}", data)
    old = f"{store.layout.staging}/site-old-{uuid.uuid4().hex}"
    if fs.exists(site):
        fs.move(site, old)
    fs.move(staged, site)
    fs.delete(old)
    return store.layout.site_index


def _site_changed(store: CuratedStore, changed: Iterable[str]) -> bool:
    """Whether a commit that swapped ``changed`` alters what the site shows."""
    quarantine = f"{store.layout.quarantine_root}/"
    return any(not key.startswith(quarantine) for key in changed)


def refresh_site(store: CuratedStore, changed: Iterable[str] = ()) -> bool:
    """Rebuild ``_site/`` after a commit that swapped the keys ``changed``; True when rebuilt.
    Not rebuilt when only a quarantine changed and the site exists, nor for a store with no
    published edition. A failure, of any kind (the commit is done), is told (one line on
    stderr and a ``SiteWarning``) and returns False."""
    from pipeline.site import render_site

    try:
        if not _site_changed(store, changed) and store.fs.exists(store.layout.site_index):
            return False
        if not store.editions():
            return False
        tables, validations = published_for_site(store)
        files = render_site(tables, validations, generated_by=f"catalog-pipeline {__version__}")
        write_site(store, files)
    except Exception as error:  # after the commit point: never undo or fail the commit
        site = posixpath.join(store.root, store.layout.site)
        tell_failure(SiteWarning, f"the catalog site {site} was not rebuilt ({reason(error)}); "
                     "the commit stands, the next one retries")  # fmt: skip
        return False
    return True
