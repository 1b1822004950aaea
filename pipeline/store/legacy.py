"""Files written before a column was renamed or added, read in the current columns.

A store outlives the program that wrote it. Its files are never edited in place: readers map
an older file's columns to the current ones (``upgrade_table`` for pyarrow readers,
``view_columns`` for the DuckDB views of ``catalog.duckdb``), and the next commit of the
catalog rewrites the file in the current schema (``pipeline.store.transaction``), as it
rewrites older layouts. Which files need that is told by ``COLUMNS_VERSION_KEY`` in each
file's schema metadata: a file without it predates the mapping below.

Columns version 2 (issue 21):

* ``resources.effort_min_days``/``effort_max_days`` held figures in ``effort_unit``, weeks or
  months included, under a name that said days. They are ``effort_min``/``effort_max`` now,
  and ``effort_person_days_min``/``_max`` hold the figure only where the unit is
  ``person_day``. ``effort_components.min_days``/``max_days`` likewise became
  ``figure_min``/``figure_max`` with ``person_days_min``/``_max``. An older file's
  person-day columns are derived from its figures and unit, exactly as ``pipeline.tables``
  fills them.
* ``changes.field`` named the old columns; an old row's ``effort_min_days`` reads as
  ``effort_min`` (the same figure in the same unit: only the name changed), so a field's
  history is one name across editions.
* ``resource_items.label`` (the label of an ``other`` section) is new; older files had no
  ``other`` items and read it as null, like any column a file lacks.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.tables import PERSON_DAY, STORED_SCHEMAS

__all__ = [
    "COLUMNS_VERSION",
    "COLUMNS_VERSION_KEY",
    "PERSON_DAY_COLUMNS",
    "RENAMED_COLUMNS",
    "RENAMED_FIELDS",
    "columns_version",
    "upgrade_table",
    "versioned",
    "view_columns",
]

#: The schema metadata key of the columns version every file the store writes carries.
COLUMNS_VERSION_KEY = b"catalog_pipeline.columns_version"
#: The current columns version; a file without the key is version 1.
COLUMNS_VERSION = 2
#: Table → (old column, current column) of every rename.
RENAMED_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "resources": (("effort_min_days", "effort_min"), ("effort_max_days", "effort_max")),
    "effort_components": (("min_days", "figure_min"), ("max_days", "figure_max")),
}
#: Table → (person-day column, the figure column it copies, the unit column) of every
#: person-day column: the figure where the unit is ``person_day``, else null.
PERSON_DAY_COLUMNS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "resources": (("effort_person_days_min", "effort_min", "effort_unit"),
                  ("effort_person_days_max", "effort_max", "effort_unit")),
    "effort_components": (("person_days_min", "figure_min", "unit"),
                          ("person_days_max", "figure_max", "unit")),
}  # fmt: skip
#: ``changes.field`` values of older rows → the field's current name.
RENAMED_FIELDS: dict[str, str] = {
    old: new for old, new in RENAMED_COLUMNS["resources"]
}


def columns_version(schema: pa.Schema) -> int:
    """The columns version of a file with ``schema`` (1 when it does not say)."""
    value = (schema.metadata or {}).get(COLUMNS_VERSION_KEY)
    try:
        return int(value) if value is not None else 1
    except ValueError:
        return 1


def versioned(table: pa.Table) -> pa.Table:
    """``table`` with the current columns version in its schema metadata, as files hold it."""
    metadata = {**(table.schema.metadata or {}), COLUMNS_VERSION_KEY: str(COLUMNS_VERSION)}
    return table.replace_schema_metadata(metadata)


def _renamed(name: str, table: pa.Table) -> pa.Table:
    for old, new in RENAMED_COLUMNS.get(name, ()):
        if old in table.column_names and new not in table.column_names:
            table = table.rename_columns([new if c == old else c for c in table.column_names])
    return table


def _person_days(name: str, table: pa.Table) -> pa.Table:
    for column, figure, unit in PERSON_DAY_COLUMNS.get(name, ()):
        if column in table.column_names or figure not in table.column_names:
            continue
        units = table.column(unit) if unit in table.column_names else None
        figures = table.column(figure).cast(pa.float64())
        if units is None:
            derived = pa.nulls(table.num_rows, pa.float64())
        else:
            is_person_day = pc.fill_null(pc.equal(units, PERSON_DAY), False)
            derived = pc.if_else(is_person_day, figures, pa.scalar(None, pa.float64()))
        table = table.append_column(column, derived)
    return table


def _fields_renamed(table: pa.Table) -> pa.Table:
    if "field" not in table.column_names:
        return table
    values = table.column("field").cast(pa.string()).to_pylist()
    if not any(value in RENAMED_FIELDS for value in values):
        return table
    mapped = pa.array([RENAMED_FIELDS.get(v, v) if v else v for v in values], pa.string())
    position = table.schema.get_field_index("field")
    return table.set_column(position, table.schema.field(position).with_type(pa.string()), mapped)


def upgrade_table(name: str, table: pa.Table) -> pa.Table:
    """An older file's table ``name`` with its renamed columns under their current names, the
    person-day columns it lacks derived, and (``changes``) old field names mapped. A current
    file comes back unchanged; columns a file lacks otherwise are the reader's to fill."""
    table = _person_days(name, _renamed(name, table))
    return _fields_renamed(table) if name == "changes" else table


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def view_columns(
    name: str, present: Collection[str], duckdb_types: Mapping[pa.DataType, str]
) -> list[str]:
    """The select list of a DuckDB view over table ``name``'s files, whose union has the
    columns ``present``: every current column in schema order, each read from its current
    column, its old one, or both (files of several versions at once), derived (person-days)
    or null when no file has it."""
    renamed = {new: old for old, new in RENAMED_COLUMNS.get(name, ())}

    def figure(column: str) -> str:
        old = renamed.get(column)
        if old is not None and old in present:
            if column in present:
                return f"coalesce({_quoted(column)}, {_quoted(old)})"
            return _quoted(old)
        return _quoted(column) if column in present else "CAST(NULL AS DOUBLE)"

    person_days = {column: (source, unit) for column, source, unit
                   in PERSON_DAY_COLUMNS.get(name, ())}  # fmt: skip
    old_files = any(old in present for old in renamed.values())
    selected = []
    for field in STORED_SCHEMAS[name]:
        column = field.name
        if column in person_days and (old_files or column not in present):
            source, unit = person_days[column]
            expression = (f"CASE WHEN {_quoted(unit)} = {_literal(PERSON_DAY)} "
                          f"THEN {figure(source)} END") if unit in present else "NULL"
            selected.append(f"CAST({expression} AS DOUBLE) AS {_quoted(column)}")
        elif column in renamed:
            selected.append(f"{figure(column)} AS {_quoted(column)}")
        elif name == "changes" and column == "field":
            cases = " ".join(f"WHEN {_literal(old)} THEN {_literal(new)}"
                             for old, new in RENAMED_FIELDS.items())  # fmt: skip
            selected.append(f'CASE "field" {cases} ELSE "field" END AS "field"')
        elif column in present:
            selected.append(_quoted(column))
        else:
            selected.append(f"CAST(NULL AS {duckdb_types[field.type]}) AS {_quoted(column)}")
    return selected
