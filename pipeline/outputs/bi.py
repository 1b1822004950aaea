"""``catalog.duckdb``: a DuckDB database of views over the published Parquet files, for BI.

BI tools (DuckDB's CLI, Power BI through the DuckDB ODBC driver, Superset through
duckdb-engine) open one database file and see named tables; nobody has to know the store's
``<table>/*/*.parquet`` layout. The database holds **views, not copies**: each view reads the
Parquet files when it is queried, so the file stays a few hundred kilobytes and never holds
data older than the files themselves.

* **Absolute paths, kept current by commits.** DuckDB resolves a relative path in a view
  against the *working directory of the process that queries it*, not against the database
  file's folder (checked in ``tests/test_bi.py``), so relative paths would work only when the
  tool runs in the store's folder. The views name the store by its absolute path instead, and
  ``StoreTransaction.commit`` checks the database after each commit (``refresh_database``):
  a store that was moved or copied is pointed at its new place by its next commit.
* **Typed empty views.** DuckDB refuses ``read_parquet`` on a glob that matches no file (a
  store with one edition has no ``changes`` files yet), so a table without files is a view
  over an empty ``SELECT`` with the table's columns and types, from ``STORED_SCHEMAS``.
* **Only when needed.** A commit rebuilds it when it changed a table, or when the database is
  missing or reads another folder; a commit of validation results only (``catalog validate``)
  or of a quarantined edition leaves it byte for byte, as it leaves every published file.
* **Atomic.** The database is built in a temporary file beside the target and moved onto it
  with ``os.replace``: a reader sees the old database or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import PipelineError
from pipeline.outputs.derived import DerivedOutputWarning, reason, tell_failure
from pipeline.store.layout import (
    CATALOG_COLUMN,
    CATALOG_PARTITION,
    DATABASE_FILE,
    DATABASE_LOCK,
    EDITION_COLUMN,
)
from pipeline.store.legacy import view_columns
from pipeline.store.lock import exclusive_lock
from pipeline.tables import ITEM_SECTIONS, OTHER_SECTION, STORED_SCHEMAS

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "BASE_VIEWS", "BiDatabaseWarning", "build_database", "database_path", "refresh_database",
]

#: The store's tables, each a view of the same name over its Parquet files.
BASE_VIEWS: tuple[str, ...] = (
    "resources", "resource_items", "effort_components", "changes", "editions",
)
#: Arrow type → DuckDB type of the typed empty view of a table without files. Only the types
#: ``pipeline.tables`` uses; a new one fails loudly here instead of guessing.
DUCKDB_TYPES: dict[pa.DataType, str] = {
    pa.string(): "VARCHAR",
    pa.int32(): "INTEGER",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.timestamp("us", tz="UTC"): "TIMESTAMP WITH TIME ZONE",
}
#: Characters DuckDB reads as a glob pattern: a store path holding one is listed file by file,
#: each character escaped as a one-character class (``[*]``), or DuckDB would expand it.
GLOB_CHARACTERS = frozenset("*?[")
#: Characters DuckDB's ``connect`` reads in a database path (``?`` starts options): a database
#: whose folder holds one is built in a temporary folder and copied beside the target.
CONNECT_UNSAFE = frozenset("?")
#: Joins the items of one section into one text column (as ``changes`` writes item sections).
ITEM_SEPARATOR = "；"
#: The changes that count as a modification of an entry in ``resource_history``.
MODIFYING_CHANGES: tuple[str, ...] = ("modified", "renamed")
#: The newest edition: ``editions.is_latest`` (kept right by every commit); the highest
#: ``ingest_seq`` only if no row says so (editions written before that column existed).
def _edition_of(alias: str) -> str:
    """An edition's key across catalogs: ``<catalog>/<label>`` (ids and labels hold no
    ``/``; the unnamed catalog's id is empty)."""
    return f"coalesce({alias}.catalog, '') || '/' || {alias}.edition"


#: How many renames of one entry ``resource_history`` follows (a bound for the recursion).
MAX_RENAMES = 100
#: The newest edition of each catalog: ``editions.is_latest`` (kept right by every commit);
#: the highest ``ingest_seq`` only if no row says so (editions written before that column).
LATEST_EDITION_SQL = f"""
    SELECT catalog, edition, {_edition_of("e")} AS key FROM (
        SELECT catalog, edition, row_number() OVER (
            PARTITION BY catalog
            ORDER BY coalesce(is_latest, false) DESC, ingest_seq DESC NULLS LAST) AS n
        FROM editions) AS e
    WHERE n = 1"""
#: One row per entry ever seen in a catalog (see docs/data-dictionary.md,
#: ``resource_history``).
RESOURCE_HISTORY_SQL = f"""
CREATE VIEW resource_history AS
WITH RECURSIVE latest AS ({LATEST_EDITION_SQL}),
ordered AS (SELECT catalog, edition, ingest_seq FROM editions),
renames AS (
    -- a renamed entry: its old key is the previous edition's entry of the old name that the
    -- new edition no longer has (the ``name`` row of a ``renamed`` change names both)
    SELECT c.catalog, o.resource_key AS old_key, c.resource_key AS new_key,
           f.ingest_seq AS from_seq, t.ingest_seq AS to_seq
    FROM changes AS c
    JOIN ordered AS f ON f.edition = c.from_edition AND f.catalog IS NOT DISTINCT FROM c.catalog
    JOIN ordered AS t ON t.edition = c.to_edition AND t.catalog IS NOT DISTINCT FROM c.catalog
    JOIN resources AS o ON o.edition = c.from_edition AND o.catalog IS NOT DISTINCT FROM c.catalog
        AND o.name = c.old_value
    WHERE c."change" = 'renamed' AND c.field = 'name' AND o.resource_key <> c.resource_key
),
seen AS (
    SELECT r.catalog, r.resource_key, r.name, e.edition, e.ingest_seq,
           {_edition_of("e")} IN (SELECT key FROM latest) AS in_latest
    FROM resources AS r JOIN editions AS e ON {_edition_of("e")} = {_edition_of("r")}
),
followed(catalog, resource_key, ingest_seq, entry_key, at_seq, depth) AS (
    SELECT catalog, resource_key, ingest_seq, resource_key, ingest_seq, 0 FROM seen
    UNION ALL
    SELECT f.catalog, f.resource_key, f.ingest_seq, r.new_key, r.to_seq, f.depth + 1
    FROM followed AS f JOIN renames AS r
        ON r.catalog IS NOT DISTINCT FROM f.catalog AND r.old_key = f.entry_key
        AND r.from_seq >= f.at_seq
    WHERE f.depth < {MAX_RENAMES}
),
entry AS (  -- each appearance of a key → the key its entry has last (renames followed)
    SELECT catalog, resource_key, ingest_seq, arg_max(entry_key, depth) AS entry_key
    FROM followed GROUP BY catalog, resource_key, ingest_seq
),
history AS (
    SELECT s.*, n.entry_key FROM seen AS s JOIN entry AS n
        ON n.catalog IS NOT DISTINCT FROM s.catalog AND n.resource_key = s.resource_key
        AND n.ingest_seq = s.ingest_seq
),
modified AS (
    SELECT h.catalog, h.entry_key, count(DISTINCT c.to_edition) AS times_modified
    FROM changes AS c JOIN history AS h
        ON h.catalog IS NOT DISTINCT FROM c.catalog AND h.resource_key = c.resource_key
        AND h.edition = c.to_edition
    WHERE c."change" IN ({", ".join(f"'{c}'" for c in MODIFYING_CHANGES)})
    GROUP BY h.catalog, h.entry_key
)
SELECT h.catalog, h.entry_key AS resource_key,
       arg_max(h.name, h.ingest_seq) AS name,
       arg_min(h.edition, h.ingest_seq) AS first_edition,
       arg_max(h.edition, h.ingest_seq) AS last_edition,
       count(DISTINCT h.edition) AS editions_seen,
       coalesce(any_value(m.times_modified), 0) AS times_modified,
       bool_or(h.in_latest) AS present_in_latest,
       nullif(string_agg(DISTINCT h.resource_key, '{ITEM_SEPARATOR}' ORDER BY h.resource_key)
              FILTER (WHERE h.resource_key <> h.entry_key), '') AS former_keys
FROM history AS h LEFT JOIN modified AS m
    ON m.entry_key = h.entry_key AND m.catalog IS NOT DISTINCT FROM h.catalog
GROUP BY h.catalog, h.entry_key
"""
class BiDatabaseWarning(DerivedOutputWarning):
    """``catalog.duckdb`` could not be rebuilt after a commit; the commit itself stands."""


def database_path(root: Path) -> Path:
    """Where a local store at ``root`` keeps its database."""
    return root / DATABASE_FILE


def _literal(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    """``name`` as a quoted SQL identifier (party names come from the data)."""
    return '"' + name.replace('"', '""') + '"'


def _source(root: Path, table: str) -> str | None:
    """The ``read_parquet`` argument for ``table``'s files (None when it has none): the glob
    under the absolute root, or the file list when the root's path itself looks like a glob.
    Raises ``PipelineError`` when a file is reached through a link out of the store."""
    matched = {pattern: list(root.glob(pattern)) for pattern in _patterns(table)}
    patterns = [pattern for pattern, found in matched.items() if found]
    files = sorted(f for pattern in patterns for f in matched[pattern])
    if not files:
        return None
    resolved = root.resolve()
    base = resolved.as_posix()
    outside = [f for f in files if not f.resolve().is_relative_to(resolved)]
    if outside:  # a symbolic link out of the store: the store's readers refuse it too
        raise PipelineError(f"{table} file is not inside the store", file=str(outside[0]))
    if GLOB_CHARACTERS.intersection(base):
        return "[" + ", ".join(_literal(_glob_escaped(f.resolve().as_posix()))
                               for f in files) + "]"  # fmt: skip
    return "[" + ", ".join(_literal(f"{base}/{pattern}") for pattern in patterns) + "]"


def _glob_escaped(path: str) -> str:
    """``path`` matching only itself as a DuckDB glob: ``a*b`` → ``a[*]b``."""
    return "".join(f"[{c}]" if c in GLOB_CHARACTERS else c for c in path)


def _patterns(table: str) -> tuple[str, ...]:
    """The globs of ``table``'s files: the unnamed catalog's and the named catalogs'."""
    return (f"{table}/*/*.parquet", f"{table}/*/*/*.parquet")


def _empty_select(table: str) -> str:
    """A query with ``table``'s stored columns (``catalog`` and ``edition`` first) and no
    rows."""
    fields = [pa.field(CATALOG_COLUMN, pa.string()), pa.field(EDITION_COLUMN, pa.string()),
              *STORED_SCHEMAS[table]]  # fmt: skip
    columns = ", ".join(f"CAST(NULL AS {DUCKDB_TYPES[f.type]}) AS {_identifier(f.name)}"
                        for f in fields)  # fmt: skip
    return f"SELECT {columns} WHERE false"


def _base_view(root: Path, table: str, con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create the view of ``table``'s files: ``catalog``, ``edition``, then the table's
    current columns in schema order; return the columns its files have (none without
    files). Files written before catalogs have no ``catalog``
    column, which the view then gives as null; files of an older columns version (another
    catalog's, not yet rewritten by its next commit) are read in the current columns
    (``pipeline.store.legacy.view_columns``)."""
    source = _source(root, table)
    if source is None:
        con.execute(f"CREATE VIEW {table} AS {_empty_select(table)}")
        return []
    files = (f"read_parquet({source}, hive_partitioning = false, union_by_name = true)")
    columns = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {files}").fetchall()}
    keys = [name if name in columns else f"CAST(NULL AS VARCHAR) AS {name}"
            for name in (CATALOG_COLUMN, EDITION_COLUMN)]  # fmt: skip
    selected = ", ".join([*keys, *view_columns(table, columns, DUCKDB_TYPES)])
    con.execute(f"CREATE VIEW {table} AS SELECT {selected} FROM {files}")
    return sorted(columns)


def _parties(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every party of an effort breakdown in the store, in the order clauses name them."""
    rows = con.execute(
        "SELECT party FROM effort_components WHERE party IS NOT NULL "
        "GROUP BY party ORDER BY min(position), party"
    ).fetchall()
    return [str(party) for (party,) in rows]


#: ``resources_latest``'s party columns: (``effort_components`` column, name suffix). A
#: party's ``effort_party_<party>_min``/``_max`` is in the unit of its clauses (a breakdown
#: states one unit); ``_person_days_min``/``_max`` only its person-day figures.
PARTY_FIGURES: tuple[tuple[str, str], ...] = (
    ("figure_min", "min"), ("figure_max", "max"),
    ("person_days_min", "person_days_min"), ("person_days_max", "person_days_max"),
)
#: Between an ``other`` item's label and its text in ``resources_latest.other``.
LABEL_SEPARATOR = "："


def _item_text(section: str) -> str:
    """An item as ``resources_latest`` joins it: its text; an ``other`` section's prefixed
    with its label (``主管单位：区数据管理局``), the label being the only name it has."""
    if section == OTHER_SECTION:
        return f"coalesce(label || '{LABEL_SEPARATOR}', '') || coalesce(text, '')"
    return "text"


def _resources_latest_sql(parties: Sequence[str]) -> str:
    """One wide row per entry of the newest edition: ``resources``' columns, each item
    section joined in position order, and each breakdown party's figure. Items and clauses
    are aggregated per entry before the join, so an entry is one row however many it has."""
    sections = ",\n       ".join(
        f"string_agg({_item_text(section)}, '{ITEM_SEPARATOR}' ORDER BY position) "
        f"FILTER (WHERE section = {_literal(section)}) AS {_identifier(section)}"
        for section, _ in ITEM_SECTIONS
    )
    figures = [
        f"sum({column}) FILTER (WHERE party = {_literal(party)}) "
        f"AS {_identifier(f'effort_party_{party}_{bound}')}"
        for party in parties for column, bound in PARTY_FIGURES
    ]
    party_columns = "".join(f", p.{_identifier(f'effort_party_{party}_{bound}')}"
                            for party in parties for _, bound in PARTY_FIGURES)
    in_latest = f"{_edition_of('x')} IN (SELECT key FROM latest)"
    party_join = (
        "LEFT JOIN (SELECT catalog, resource_key, " + ", ".join(figures) + " FROM "
        f"effort_components AS x WHERE {in_latest} GROUP BY catalog, resource_key) AS p "
        "ON p.resource_key = r.resource_key AND p.catalog IS NOT DISTINCT FROM r.catalog"
    ) if parties else ""
    item_columns = "".join(f", i.{_identifier(section)}" for section, _ in ITEM_SECTIONS)
    return f"""
CREATE VIEW resources_latest AS
WITH latest AS ({LATEST_EDITION_SQL})
SELECT r.*{item_columns}{party_columns}
FROM resources AS r
LEFT JOIN (
    SELECT catalog, resource_key,
       {sections}
    FROM resource_items AS x WHERE {in_latest}
    GROUP BY catalog, resource_key
) AS i ON i.resource_key = r.resource_key AND i.catalog IS NOT DISTINCT FROM r.catalog
{party_join}
WHERE {_edition_of('r')} IN (SELECT key FROM latest)
ORDER BY r.catalog NULLS FIRST, r.seq
"""


def build_database(root: Path, target: Path) -> ViewShape:
    """Write a DuckDB database of views over the local store at ``root`` to ``target``; return
    the shape it was built for, which is also what ``ViewShape.recorded`` reads from
    ``target`` from now on in this process (kept with the new file's stamp, so the next
    commit's check does not open the database it has just written).

    Built in a temporary file in ``target``'s folder, then moved onto ``target`` with
    ``os.replace``. Raises ``duckdb.Error`` or ``OSError``; ``target`` is then unchanged.
    """
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        if CONNECT_UNSAFE.intersection(str(target.parent.absolute())):
            with tempfile.TemporaryDirectory(prefix="catalog-duckdb-") as folder:
                built = Path(folder) / DATABASE_FILE
                shape = _build_views(root, built)
                shutil.copyfile(built, temporary)
        else:
            shape = _build_views(root, temporary)
        stamp = _stamp(temporary)  # os.replace keeps the inode, time and size
        os.replace(temporary, target)
        # what ``ViewShape._read`` would find: the recorded JSON, read back
        recorded = ViewShape(**json.loads(shape.to_json()))
        _SHAPES[str(target)] = (stamp, recorded)
        return recorded
    finally:
        for leftover in (temporary, temporary.with_name(f"{temporary.name}.wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


#: This process's in-memory DuckDB instance (process id → its connection; a forked child
#: opens its own), to which each database file is attached while it is built or read:
#: ``duckdb.connect`` starts a new instance each time, about 16 ms of CPU, where ``ATTACH``
#: and ``DETACH`` on a running one take about 1 ms each. Each use takes a cursor of its own
#: (a connection of its own, so threads do not share one) and a unique alias.
_INSTANCES: dict[int, duckdb.DuckDBPyConnection] = {}
#: Guards ``_INSTANCES`` and the cursors taken from it.
_INSTANCE_LOCK = threading.Lock()
#: Begins the alias of a database file attached to the process's instance.
ATTACHED_PREFIX = "catalog_file_"


def _cursor() -> duckdb.DuckDBPyConnection:
    """A new connection to this process's in-memory DuckDB instance."""
    import duckdb

    with _INSTANCE_LOCK:
        instance = _INSTANCES.get(os.getpid())
        if instance is None:
            instance = _INSTANCES[os.getpid()] = duckdb.connect(":memory:")
        return instance.cursor()


@contextlib.contextmanager
def _attached(database: Path, *, read_only: bool = False
              ) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:  # fmt: skip
    """A connection whose default database is the file ``database`` (created when missing,
    unless ``read_only``), and the alias it is attached as; detached (written out whole: no
    ``.wal`` file stays) when the block ends."""
    alias = f"{ATTACHED_PREFIX}{uuid.uuid4().hex}"
    mode = " (READ_ONLY)" if read_only else ""
    with _cursor() as con:
        con.execute(f"ATTACH {_literal(str(database))} AS {alias}{mode}")
        try:
            con.execute(f"USE {alias}")
            yield con, alias
        finally:
            con.execute("USE memory")
            con.execute(f"DETACH {alias}")


def _stamp(path: Path) -> tuple[int, int, int]:
    """What tells one version of a file from another: (inode, mtime in ns, size)."""
    status = path.stat()
    return (status.st_ino, status.st_mtime_ns, status.st_size)


def _build_views(root: Path, database: Path) -> ViewShape:
    """Create every view of the store at ``root`` in a new database file ``database``, and
    record the shape they were built for (``ViewShape``, returned) as the ``editions`` view's
    comment."""
    with _attached(database) as (con, _):
        columns = {table: _base_view(root, table, con) for table in BASE_VIEWS}
        parties = _parties(con)
        con.execute(_resources_latest_sql(parties))
        con.execute(RESOURCE_HISTORY_SQL)
        shape = ViewShape(root.resolve().as_posix(), _sources(root), columns, parties)
        con.execute(f"COMMENT ON VIEW editions IS {_literal(SHAPE_PREFIX + shape.to_json())}")
    return shape


#: The shapes read in this process: database path → ((inode, mtime in ns, size), its shape).
_SHAPES: dict[str, tuple[tuple[int, int, int], ViewShape | None]] = {}
#: Begins the ``editions`` view's comment, which records the views' ``ViewShape``.
SHAPE_PREFIX = "catalog-pipeline views built for: "


@dataclass(frozen=True)
class ViewShape:
    """What the views of a database were built for: the store's absolute path, each table's
    globs that had files, the columns its files had, and the breakdown parties (each a
    column pair of ``resources_latest``). A new partition of the same shape needs no new
    views: they read globs."""

    root: str
    sources: dict[str, list[str]]
    columns: dict[str, list[str]]
    parties: list[str]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def recorded(cls, target: Path) -> ViewShape | None:
        """The shape recorded in the database at ``target``; None when there is none (a
        missing, unreadable or older database). Read once per version of the file in a
        process (opening a database costs a tenth of a second)."""

        try:
            stamp = _stamp(target)
        except OSError:
            return None
        kept = _SHAPES.get(str(target))
        if kept is not None and kept[0] == stamp:  # the file is replaced, never rewritten
            return kept[1]
        shape = cls._read(target)
        _SHAPES[str(target)] = (stamp, shape)
        return shape

    @classmethod
    def _read(cls, target: Path) -> ViewShape | None:
        import duckdb

        try:
            with _attached(target, read_only=True) as (con, alias):
                row = con.execute("SELECT comment FROM duckdb_views() WHERE database_name = ? "
                                  "AND view_name = 'editions'", [alias]).fetchone()  # fmt: skip
        except duckdb.Error:
            return None
        text = str(row[0]) if row and row[0] else ""
        if not text.startswith(SHAPE_PREFIX):
            return None
        try:
            return cls(**json.loads(text.removeprefix(SHAPE_PREFIX)))
        except (ValueError, TypeError):
            return None


def _sources(root: Path) -> dict[str, list[str]]:
    """Each table's globs (``_patterns``) that match a file, found without listing every
    partition: the unnamed catalog's glob matches when its first partition holding a file
    does, the named catalogs' only when a ``catalog_dir=`` folder holds one."""
    found: dict[str, list[str]] = {}
    for table in BASE_VIEWS:
        unnamed, named = _patterns(table)
        folder = root / table
        folders = list(folder.iterdir()) if folder.is_dir() else []
        catalogs = [f for f in folders if f.name.startswith(CATALOG_PARTITION)]
        found[table] = [p for p, hit in (
            (unnamed, _any_parquet(f for f in folders if f not in catalogs)),
            (named, any(_any_parquet(c.iterdir()) for c in catalogs if c.is_dir())),
        ) if hit]  # fmt: skip
    return found


def _any_parquet(folders: Iterable[Path]) -> bool:
    """Whether one of ``folders`` directly holds a ``.parquet`` file (stops at the first)."""
    return any(next(f.glob("*.parquet"), None) is not None for f in folders if f.is_dir())


def _current_shape(root: Path, recorded: ViewShape, changed: Iterable[str]) -> bool:
    """Whether views built for ``recorded`` still fit the store at ``root`` after a commit
    that swapped ``changed``: the same place and globs, a path DuckDB reads as one glob, no
    file of an older columns version in the store (a rewrite could drop its columns), and
    every changed file's columns and breakdown parties already known."""
    base = root.resolve().as_posix()
    if recorded.root != base or GLOB_CHARACTERS.intersection(base):
        return False
    current = {table: {CATALOG_COLUMN, EDITION_COLUMN, *STORED_SCHEMAS[table].names}
               for table in BASE_VIEWS}  # fmt: skip
    if any(set(columns) - current[table] for table, columns in recorded.columns.items()):
        return False  # older files' columns are in the views: rebuilt after any change
    if _sources(root) != recorded.sources:
        return False
    for key in changed:
        table = key.split("/", 1)[0]
        path = root / key
        if table not in BASE_VIEWS or not key.endswith(".parquet") or not path.is_file():
            continue
        if set(pq.read_schema(path).names) - set(recorded.columns.get(table, ())):
            return False
        if table == "effort_components":
            parties = pq.read_table(path, columns=["party"]).column("party").drop_null()
            if set(parties.to_pylist()) - set(recorded.parties):
                return False
    return True


def refresh_database(root: Path, changed: Iterable[str] = (), *, force: bool = False) -> bool:
    """Rebuild the database of the local store at ``root`` after a commit that swapped the
    store keys ``changed`` (``force``: whatever they were, e.g. after commits that did not
    refresh it); True when it was rebuilt.

    Rebuilt only when the views' shape changed (``ViewShape``: a table's first files, new
    columns or breakdown parties, files of an older columns version), or when the database is
    missing, older or reads another folder (the store was moved or copied). A new edition's
    files are read by the views' globs as they are, so its commit leaves the database byte for
    byte, as does a commit of validation results or of a quarantined edition. A store with no
    published edition gets no database: there is nothing to query yet.

    Runs after the commit point, so it must not undo or fail the commit: any failure (a
    DuckDB error, a file system error, a file linked from outside the store) is one line on
    stderr whatever the warning filters and a ``BiDatabaseWarning``
    (``pipeline.outputs.derived``), and False; the previous database, if any, stays, and the
    next commit tries again."""
    import duckdb

    target = database_path(root)
    if not any(any(root.glob(pattern)) for pattern in _patterns("editions")):
        return False
    try:
        recorded = None if force else ViewShape.recorded(target)
        if recorded is not None and _current_shape(root, recorded, changed):
            return False
        # one build at a time: catalogs commit at once, and the last build must see them all
        with exclusive_lock(root / DATABASE_LOCK):
            build_database(root, target)
    except Exception as error:  # after the commit point: never undo or fail the commit
        shown = (str(error).strip().splitlines() or [""])[0] if isinstance(error, duckdb.Error) \
            else reason(error)  # fmt: skip
        tell_failure(BiDatabaseWarning, f"{DATABASE_FILE} was not rebuilt ({shown}); the "
                     "commit stands, the next one retries")  # fmt: skip
        return False
    return True
