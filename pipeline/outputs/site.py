"""``_site/``: the catalog site, kept current from what the store publishes, page by page.

The site (``pipeline.site``, a pure renderer) shows every published edition, its entries, its
quality checks and its changes, as offline HTML with bundled assets. It is *derived* data, like
``catalog.duckdb``: everything it shows is in the tables and each edition's
``validation.json``, so it is not part of the journaled commit. After a commit,
``refresh_site`` renders only what that commit changed:

* the pages of the editions whose tables or validation result the commit swapped, and of
  their neighbours in the order (a page links to the editions before and after it, and a
  successor's changes page compares with the edition before it);
* the index, from the rows it showed before (``INDEX_ROWS``, kept in ``_site/``) with those
  editions' rows replaced, so no other edition is read.

Each page and row is rendered from the same inputs, whichever others are rendered at once
(``pipeline.site.render_pages``), so the site after any number of refreshes is byte for byte
the site a full rebuild renders (``tests/test_outputs_site.py``). A full rebuild happens when
the site is missing, when its kept rows are missing or do not cover the editions, when it was
rendered by another version of the templates (the ``SITE_STAMP`` file names their digest),
and on ``catalog site --rebuild``; it is written under ``_staging/`` and swapped in whole. A
page is written in place (one file each, only when its bytes changed), the index last. A
commit of a quarantined edition leaves the site byte for byte.

Runs after the commit point: a failure, whatever it is, becomes one ``warning:`` line on stderr
(``pipeline.outputs.derived``, whatever Python's warning filters) and a ``SiteWarning``, and the
next refresh tries again; it never undoes the commit. ``refresh_site`` says whether the site
was refreshed, so no command names a page that was not written.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import posixpath
import threading
import uuid
from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from pipeline import __version__
from pipeline.errors import PipelineError
from pipeline.outputs.derived import DerivedOutputWarning, reason, tell_failure
from pipeline.site.model import IndexRow
from pipeline.store.layout import EDITION_COLUMN, SITE_INDEX
from pipeline.store.table_files import read_table_file
from pipeline.tables import STORED_SCHEMAS

if TYPE_CHECKING:
    from pipeline.store.store import CuratedStore, PublishedEdition

__all__ = ["SITE_STAMP", "SiteWarning", "published_for_site", "refresh_site", "site_stamp",
           "write_pages", "write_site"]

#: The tables the site reads, every edition's rows in one table each.
SITE_TABLES: tuple[str, ...] = (
    "editions", "resources", "resource_items", "effort_components", "changes",
)  # fmt: skip
#: The index's rows as the site keeps them (``IndexRow``), so a refresh renders the index
#: without reading every edition.
INDEX_ROWS = "index-rows.json"
#: The file in ``_site/`` naming the program and templates that rendered it: pages rendered by
#: other templates are not mixed with new ones (a full rebuild instead).
SITE_STAMP = "generated-by.txt"


class SiteWarning(DerivedOutputWarning):
    """The catalog site was not refreshed after a commit (the commit stands)."""


def _labelled(table: pa.Table, label: str) -> pa.Table:
    """``table`` with ``edition`` = ``label`` as its first column, as the site reads it."""
    field = pa.field(EDITION_COLUMN, pa.string())
    return table.add_column(0, field, pa.array([label] * table.num_rows, pa.string()))


#: The tables the site read in this process, newest use last: (file path, label, inode,
#: modification time in ns, size) → the table as ``_labelled`` gives it. A commit replaces
#: files (``os.replace``), never rewrites one, so a file with the same stamp holds the same
#: bytes; the next refresh then reads only what its commit wrote (the new edition, and the
#: ``editions`` file whose ``is_latest`` moved) instead of every neighbour's five tables.
_READ: OrderedDict[tuple[str, str, int, int, int], tuple[pa.Table, int]] = OrderedDict()
#: The bytes of the tables ``_READ`` holds (``pa.Table.nbytes`` of each, summed once).
_READ_BYTES = [0]
#: Guards ``_READ`` (commits of several catalogs may refresh at once, in threads).
_READ_LOCK = threading.Lock()
#: How many bytes of tables ``_READ`` keeps at most (the least recently used go first):
#: enough for the few editions around the last commits of a large catalog.
READ_CACHE_BYTES = 64 * 2**20


def _site_table(store: CuratedStore, key: str, name: str, label: str) -> pa.Table:
    """``label``'s table ``name`` at ``key``, labelled: through ``_READ`` on a local store,
    else read (``read_table_file``). The path is checked as every read checks it (a link out
    of the store is refused, a cached copy or not)."""
    if store.fs.local is None:
        return _labelled(read_table_file(store.fs, key, name), label)
    path = store.fs.path(key)
    try:
        status = os.stat(path)
    except OSError:  # gone since it was listed: read_table_file tells it as it always did
        return _labelled(read_table_file(store.fs, key, name), label)
    stamp = (path, label, status.st_ino, status.st_mtime_ns, status.st_size)
    with _READ_LOCK:
        kept = _READ.get(stamp)
        if kept is not None:
            _READ.move_to_end(stamp)
            return kept[0]
    table = _labelled(read_table_file(store.fs, key, name), label)
    size = table.nbytes
    with _READ_LOCK:
        if stamp not in _READ:
            _READ[stamp] = (table, size)
            _READ_BYTES[0] += size
        while _READ_BYTES[0] > READ_CACHE_BYTES and len(_READ) > 1:
            _READ_BYTES[0] -= _READ.popitem(last=False)[1][1]
    return table


@functools.cache
def site_stamp() -> str:
    """This program's version and a digest of the site's templates and assets."""
    digest = hashlib.sha256()
    root = resources.files("pipeline.site")
    for folder in ("templates", "assets"):
        for item in sorted((root / folder).iterdir(), key=lambda i: i.name):
            digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return f"catalog-pipeline {__version__} templates {digest.hexdigest()[:16]}\n"


def published_for_site(
    store: CuratedStore, labels: Collection[str] | None = None,
    editions: Sequence[PublishedEdition] | None = None,
) -> tuple[dict[str, pa.Table], dict[str, dict[str, Any]]]:  # fmt: skip
    """The published editions' tables (one table per name, with ``edition``), in the store's
    order, and each edition's ``validation.json`` (absent for editions published before it was
    kept): of every edition, or only of ``labels``; ``editions``: the store's listing when the
    caller has it already. Raises ``PipelineError`` for a damaged file."""
    parts: dict[str, list[pa.Table]] = {name: [] for name in SITE_TABLES}
    validations: dict[str, dict[str, Any]] = {}
    for edition in store.editions() if editions is None else editions:
        label = edition.edition
        if labels is not None and label not in labels:
            continue
        for name in SITE_TABLES:
            key = store.table_key(name, label)
            if key is not None:
                parts[name].append(_site_table(store, key, name, label))
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


def _index_rows(rows: Sequence[IndexRow]) -> bytes:
    """The index's rows as ``INDEX_ROWS`` keeps them (the same bytes for the same rows)."""
    lines = (json.dumps(row.to_json(), ensure_ascii=False, sort_keys=True,
                        separators=(",", ":")) for row in rows)  # fmt: skip
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode()


def _kept_rows(store: CuratedStore) -> dict[str, IndexRow] | None:
    """The index rows the site kept (label → row); None when missing or unreadable."""
    key = f"{store.layout.site}/{INDEX_ROWS}"
    if not store.fs.is_file(key):
        return None
    try:
        return {row.info.label: row for row in map(IndexRow.from_json,
                                                   json.loads(store.fs.read_text(key)))}
    except (ValueError, KeyError, TypeError):
        return None


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


def write_pages(store: CuratedStore, files: Mapping[str, bytes]) -> str:
    """Write ``files`` into the existing ``_site/``, each page in place and the index last
    (so it never links to a page not yet written); return the index's key."""
    site = store.layout.site
    for path, data in sorted(files.items(), key=lambda item: item[0] == SITE_INDEX):
        key = f"{site}/{path}"
        if not store.fs.is_file(key) or store.fs.read_bytes(key) != data:
            store.fs.write_bytes(key, data)
    return store.layout.site_index


def changed_editions(store: CuratedStore, labels: Sequence[str], changed: Iterable[str]
                     ) -> set[str]:  # fmt: skip
    """The editions among ``labels`` whose site tables or validation result are among the
    swapped keys ``changed`` (read from the keys: the cost of what changed, not of
    ``labels``)."""
    published = set(labels)
    found = {store.layout.edition_of(key, SITE_TABLES) for key in changed}
    return {label for label in found if label is not None and label in published}


def _with_neighbours(labels: Sequence[str], chosen: set[str]) -> set[str]:
    """``chosen`` and the editions just before and after each of them in ``labels``."""
    found = set(chosen)
    for index, label in enumerate(labels):
        if label in chosen:
            found.update(labels[max(index - 1, 0):index + 2])
    return found


def _stale(store: CuratedStore) -> bool:
    """Whether ``_site/`` is missing or was rendered by other templates."""
    stamp = f"{store.layout.site}/{SITE_STAMP}"
    if not store.fs.is_file(store.layout.site_index) or not store.fs.is_file(stamp):
        return True
    return store.fs.read_text(stamp) != site_stamp()


def _render(store: CuratedStore, editions: Sequence[PublishedEdition], pages: set[str] | None,
            time_zone: str | None) -> dict[str, bytes] | None:  # fmt: skip
    """The site's files to write: every one (``pages`` None), or those of ``pages`` with the
    index; None when the kept index rows do not cover the editions (then a full render)."""
    from pipeline.site import render_index, render_pages

    generated_by = f"catalog-pipeline {__version__}"
    labels = [e.edition for e in editions]
    options = {} if time_zone is None else {"time_zone": time_zone}
    kept: dict[str, IndexRow] = {}
    if pages is not None:
        found = _kept_rows(store)
        if found is None:
            return None
        kept = found
    needed = None if pages is None else _with_neighbours(labels, pages)
    tables, validations = published_for_site(store, needed, editions)
    files, rendered = render_pages(tables, validations, generated_by=generated_by, pages=pages,
                                   published=labels, **options)  # fmt: skip
    kept.update((row.info.label, row) for row in rendered)
    if any(label not in kept for label in labels):
        return None
    rows = [kept[label] for label in labels]
    files["index.html"] = render_index(rows, generated_by=generated_by)
    files[INDEX_ROWS] = _index_rows(rows)
    files[SITE_STAMP] = site_stamp().encode()
    return files


def refresh_site(store: CuratedStore, changed: Iterable[str] = (), *, rebuild: bool = False,
                 time_zone: str | None = None) -> bool:  # fmt: skip
    """Bring ``_site/`` up to date after a commit that swapped the keys ``changed``; True when
    it was written. ``rebuild``: render every page (a template change). Not written when the
    commit changed no edition (a quarantine) and the site is current, nor for a store with no
    published edition. A failure, of any kind (the commit is done), is told (one line on
    stderr and a ``SiteWarning``) and returns False."""
    try:
        editions = store.editions()
        labels = [e.edition for e in editions]
        if not labels:
            return False
        full = rebuild or _stale(store)
        touched = changed_editions(store, labels, changed)
        if not full and not touched:
            return False
        files = None if full else _render(store, editions, _with_neighbours(labels, touched),
                                          time_zone)  # fmt: skip
        if files is not None:
            write_pages(store, files)
        else:
            write_site(store, _render(store, editions, None, time_zone) or {})
    except Exception as error:  # after the commit point: never undo or fail the commit
        site = posixpath.join(store.root, store.layout.site)
        tell_failure(SiteWarning, f"the catalog site {site} was not refreshed ({reason(error)}); "
                     "the commit stands, the next one retries")  # fmt: skip
        return False
    return True
