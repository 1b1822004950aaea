"""What is derived from the store for people and BI tools: the catalog site and ``catalog.duckdb``.

The store (``pipeline.store``) ends a commit at its commit point and knows nothing of these.
They are rendered from what it publishes, *after* a commit, by the one function that runs
editions (``pipeline.ingest``) and by ``catalog validate``, from the keys the commit swapped
(``StoreTransaction.changed``), so each refresh does only the work that commit calls for:

* ``site`` (``_site/``): the pages of the editions the commit changed and of their neighbours,
  and the index (``pipeline.outputs.site``);
* ``bi`` (``catalog.duckdb``): its views re-created only when their shape changed
  (``pipeline.outputs.bi``).

A failure is a warning line (``pipeline.outputs.derived``), never an undone commit; the next
refresh retries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

    from pipeline.store.store import CuratedStore

__all__ = ["Refreshed", "publish_tables", "rebuild_database", "refresh_outputs"]


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What a refresh rewrote: the site (so its pages may be named) and the database."""

    site: bool
    database: bool


def refresh_outputs(
    store: CuratedStore, changed: Sequence[str], *, database: bool = True,
    time_zone: str | None = None,
) -> Refreshed:  # fmt: skip
    """Refresh ``store``'s outputs after a commit that swapped the keys ``changed``, holding
    the catalog's writer lock (inside the transaction, after its commit):
    ``database`` False leaves ``catalog.duckdb`` for one refresh at the end of a run of many
    editions. ``time_zone`` (an IANA name) is the one the site shows times in (default the
    site's). Never raises for a failed output: it is told as a warning line."""
    from pipeline.outputs.bi import refresh_database
    from pipeline.outputs.site import refresh_site

    rebuilt = False
    if database and store.fs.local is not None:
        rebuilt = refresh_database(store.fs.local, changed=changed)
    return Refreshed(site=refresh_site(store, changed, time_zone=time_zone), database=rebuilt)


def rebuild_database(store: CuratedStore) -> bool:
    """Re-create ``catalog.duckdb`` of a local store (at the end of a run whose commits left
    it); True when it was. A failure is a ``BiDatabaseWarning``, as after a commit."""
    from pipeline.outputs.bi import refresh_database

    if store.fs.local is None:
        return False
    return refresh_database(store.fs.local, force=True)


def publish_tables(store: CuratedStore, label: str, tables: Mapping[str, pa.Table]) -> list[str]:
    """Publish ready-made tables as ``label`` (``CuratedStore.write_edition_tables``) and
    refresh the outputs as a run of editions does: for fixtures and benchmarks."""
    files = store.write_edition_tables(label, tables)
    with store.transaction():  # the lock, as a run holds it while it refreshes
        refresh_outputs(store, files)
    return files
