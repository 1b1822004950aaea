"""``catalog export --format xlsx|csv [--edition LABEL] [--curated DIR] [--out DIR]``: an
edition for Excel users.

Writes the store's latest edition (the one ``editions.is_latest`` marks: the last in the
store's order), or the one ``--edition`` names, as one workbook with a sheet per table, or
one CSV file per table: its ``resources``, ``resource_items``, ``effort_components`` and
``changes`` (empty for a store's first edition). A person reads it in the words of
``pipeline.vocabulary``: Chinese headers (``COLUMN_WORDS``; the English column names beside
them in docs/data-dictionary.md), sheets named in Chinese (``TABLE_WORDS``), and values in
words: ``person_day`` → 人天, ``functions`` → 功能和服务, ``removed`` → 删除, ``figure`` → 有工作量
数字, booleans 是/否, a changed field by its name. **Codes for machines**: every column whose
values are codes is repeated, as stored, in a code column after the others (``工作量单位（代码）``
holds ``person_day``), so a filter built on the Parquet tables' codes still matches. In a
workbook every column is as wide as its content (``column_width``: the widest cell, a Chinese
character counted twice, capped at ``MAX_WIDTH``).

Every cell from an edition file is made spreadsheet-safe with ``spreadsheet_cell`` (the rule
``catalog diff --csv`` uses): a text starting like a formula is written with a ``'`` in front.
In a workbook this matters as much as in a CSV file: openpyxl stores any string starting with
``=`` as a formula. Characters XML cannot hold (control characters) are dropped from workbook
cells. Files are written whole to a temporary name and moved into place, so an interrupted
export never leaves half a workbook under the real name.
"""

from __future__ import annotations

import argparse
import io
import os
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.commands.diff import readable_frame, spreadsheet_cell, spreadsheet_csv
from pipeline.commands.store_option import (
    add_catalog_option,
    add_curated_option,
    folder,
    published_store,
)
from pipeline.terminal import for_terminal
from pipeline.vocabulary import TABLE_WORDS, readable_headers, readable_row

if TYPE_CHECKING:
    import pyarrow as pa

    from pipeline.store.store import CuratedStore

__all__ = ["EXPORT_TABLES", "FORMATS", "MAX_WIDTH", "column_width", "register", "run"]

#: Output formats: ``xlsx`` one workbook, ``csv`` one file per table.
FORMATS: tuple[str, ...] = ("xlsx", "csv")
#: Where files go without ``--out``: the current folder, where an Excel user looks first.
DEFAULT_OUT = Path(".")
#: The tables exported, in sheet order (``editions`` is one row of run metadata: left out).
EXPORT_TABLES: tuple[str, ...] = ("resources", "resource_items", "effort_components", "changes")
#: The widest a workbook column gets (in Excel's character widths): a long overview wraps in
#: the cell rather than pushing every other column off the screen.
MAX_WIDTH = 60
#: Added to the widest cell: the filter button beside a header, and a little air.
WIDTH_PADDING = 2


def register(commands: Any) -> None:
    """Add the ``export`` parser to the CLI's subparsers."""
    parser = commands.add_parser(
        "export", help="write an edition (default: the latest) as an Excel workbook or CSV files"
    )
    parser.add_argument("--format", choices=FORMATS, required=True,
                        help="xlsx: one workbook, a sheet per table; csv: one file per table")
    parser.add_argument("--edition", metavar="LABEL",
                        help="the published edition to export (default: the latest)")
    add_curated_option(parser)
    add_catalog_option(parser)
    parser.add_argument("--out", type=folder, default=DEFAULT_OUT,
                        help="folder to write into (made if missing; default: here)")


def run(args: argparse.Namespace) -> int:
    """Export the latest edition, or ``--edition``'s; one line per written file; exit status
    0. Raises ``EditionNotFound`` naming the published editions for a label not among them."""
    store, editions = published_store(args)
    label = editions[-1].edition if args.edition is None else args.edition
    store.require(label, editions)
    tables = edition_tables(store, label)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    written = (write_workbook(tables, out / f"{label}.xlsx") if args.format == "xlsx"
               else write_csv_files(tables, out, label))  # fmt: skip
    for path, rows in written:
        print(for_terminal(f"{label}: {path} ({rows})"))
    return 0


def edition_tables(store: CuratedStore, label: str) -> dict[str, pa.Table]:
    """``EXPORT_TABLES`` of edition ``label``; ``changes`` empty when it has none."""
    from pipeline.store.table_files import read_table_file
    from pipeline.tables import STORED_SCHEMAS

    tables = store.read(label, [t for t in EXPORT_TABLES if t != "changes"])
    key = store.table_key("changes", label)
    tables["changes"] = (read_table_file(store.fs, key, "changes") if key
                         else STORED_SCHEMAS["changes"].empty_table())  # fmt: skip
    return {name: tables[name] for name in EXPORT_TABLES}


def display_width(text: str) -> int:
    """How many character widths ``text`` takes in a spreadsheet: a wide (Chinese) character
    two, any other one; its longest line when it has several."""
    return max((sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
                for line in text.split("\n")), default=0)  # fmt: skip


def column_width(cells: Sequence[object]) -> int:
    """The width of a workbook column holding ``cells`` (its header first): the widest cell's
    ``display_width`` plus ``WIDTH_PADDING``, at most ``MAX_WIDTH``."""
    widest = max((display_width("" if c is None else str(c)) for c in cells), default=0)
    return min(widest + WIDTH_PADDING, MAX_WIDTH)


def _workbook_cell(value: object) -> object:
    """A value as a workbook cell holds it: text made spreadsheet-safe, without the control
    characters XML cannot hold (openpyxl refuses them); numbers and booleans as they are."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return spreadsheet_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def workbook_bytes(tables: Mapping[str, pa.Table]) -> bytes:
    """One sheet per table, named in Chinese (``TABLE_WORDS``): a bold Chinese header row,
    frozen and with filters, then the rows in words with their code columns last, every
    column as wide as its content. Every text cell is stored as text (data type ``s``), never
    as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    for default in list(workbook.worksheets):  # the empty sheet a new workbook starts with
        workbook.remove(default)
    for name, table in tables.items():
        sheet = workbook.create_sheet(title=TABLE_WORDS.get(name, name))
        rows = [readable_headers(name, table.column_names),
                *([_workbook_cell(value) for value in readable_row(name, row)]
                  for row in table.to_pylist())]  # fmt: skip
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, cells in enumerate(zip(*rows, strict=True), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column_width(cells)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_csv(name: str, table: pa.Table) -> bytes:
    """``table`` as spreadsheet-safe CSV bytes (UTF-8 with BOM), with Chinese headers, values
    in words and the code columns last. Values are kept as Python objects, so a whole number
    stays ``21``, not ``21.0``, next to a null."""
    import pandas as pd

    frame = pd.DataFrame(table.to_pydict(), dtype=object)
    return spreadsheet_csv(readable_frame(name, frame))


def write_workbook(tables: Mapping[str, pa.Table], path: Path) -> list[tuple[Path, str]]:
    """Write the workbook at ``path``; (path, what it holds) for the summary line."""
    _write_whole(path, workbook_bytes(tables))
    sheets = ", ".join(f"{name} {table.num_rows} rows" for name, table in tables.items())
    return [(path, sheets)]


def write_csv_files(tables: Mapping[str, pa.Table], out: Path, label: str
                    ) -> list[tuple[Path, str]]:
    """Write ``<label>-<table>.csv`` per table into ``out``; (path, rows) of each."""
    written = []
    for name, table in tables.items():
        path = out / f"{label}-{name}.csv"
        _write_whole(path, table_csv(name, table))
        written.append((path, f"{table.num_rows} rows"))
    return written


def _write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary name beside ``path``, then move it onto ``path``."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
