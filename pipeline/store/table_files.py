"""Reading one published table file in the current schema, whatever version wrote it."""

from __future__ import annotations

import pyarrow as pa

from pipeline.errors import PipelineError
from pipeline.store.fs import StoreFS
from pipeline.store.legacy import upgrade_table
from pipeline.tables import STORED_SCHEMAS

__all__ = ["read_table_file"]


def read_table_file(fs: StoreFS, key: str, name: str) -> pa.Table:
    """A table file in the current schema of table ``name`` (an older file's columns mapped
    by ``pipeline.store.legacy``; columns it lacks come back null; its ``edition`` column is
    dropped: callers know the label).

    Raises ``PipelineError`` naming the file when it is not a readable Parquet file.
    """
    try:
        table = fs.read_table(key)
    except (OSError, pa.ArrowException) as error:
        raise PipelineError(f"cannot read the {name} table: {error}", file=fs.show(key)) from None
    schema = STORED_SCHEMAS[name]
    try:
        table = upgrade_table(name, table)
        columns = [
            table.column(f.name).cast(f.type) if f.name in table.column_names
            else pa.nulls(table.num_rows, f.type)
            for f in schema
        ]  # fmt: skip
    except (pa.ArrowException, ValueError) as error:
        raise PipelineError(f"the {name} table has a column of the wrong type: {error}",
                            file=fs.show(key)) from None  # fmt: skip
    return pa.Table.from_arrays(columns, schema=schema)
