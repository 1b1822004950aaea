"""Damaged copies of the bundled edition's tables, for the quality-gate tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pandas as pd
import pyarrow as pa

from pipeline.tables import SCHEMAS

WHEN = datetime(2026, 3, 1, tzinfo=UTC)
Tables = dict[str, pa.Table]


def damaged(tables: Tables, table: str, edit: Callable[[pd.DataFrame], None]) -> Tables:
    """A copy of ``tables`` with ``edit`` applied (in place) to one table's frame."""
    frame = tables[table].to_pandas()
    edit(frame)
    return {**tables, table: pa.Table.from_pandas(frame, schema=SCHEMAS[table], preserve_index=False)}


def at_seq(frame: pd.DataFrame, seq: int, column: str, value: object) -> None:
    frame.loc[frame["seq"] == seq, column] = value


def with_edition_row(tables: Tables, **values: object) -> Tables:
    """``tables`` with the ``editions`` row's columns set to ``values``."""
    def edit(frame: pd.DataFrame) -> None:
        for column, value in values.items():
            frame[column] = [value]
    return damaged(tables, "editions", edit)


def many_faults(tables: Tables) -> Tables:
    """Several critical faults and three warnings in ``resources`` and ``editions``."""

    def resources(frame: pd.DataFrame) -> None:
        frame.loc[frame["seq"] == 3, "seq"] = 2  # duplicated heading number 二
        at_seq(frame, 5, "effort_min", 40.0)  # 40 > 30
        at_seq(frame, 6, "contact_phone", "96l80")
        at_seq(frame, 1, "effort_unit", None)
        at_seq(frame, 11, "effort_max", 16.0)  # parties say 10 + 5
        at_seq(frame, 26, "builder_unit", None)

    def editions(frame: pd.DataFrame) -> None:
        frame["source_sha256"] = frame["source_sha256"].str.upper()

    return damaged(damaged(tables, "resources", resources), "editions", editions)
