"""``catalog export --format xlsx|csv [--curated DIR] [--out DIR]``: the latest edition for
Excel users.

Writes the store's latest edition (the one ``editions.is_latest`` marks: the last in the
store's order) as one workbook with a sheet per table, or one CSV file per table: its
``resources``, ``resource_items``, ``effort_components`` and ``changes`` (empty for a store's
first edition). Headers are Chinese (``EXPORT_HEADERS``); the English column names are in
docs/data-dictionary.md. Codes (``person_day``, ``functions``, ``modified``) stay as stored, so
a filter built on them matches the Parquet tables too.

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
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.commands.diff import spreadsheet_cell, spreadsheet_csv
from pipeline.commands.ingest import DEFAULT_CURATED
from pipeline.commands.store_option import add_catalog_option, folder
from pipeline.errors import SourceMissing
from pipeline.terminal import for_terminal

if TYPE_CHECKING:
    import pyarrow as pa

    from pipeline.store.store import CuratedStore

__all__ = ["EXPORT_HEADERS", "EXPORT_TABLES", "FORMATS", "register", "run"]

#: Output formats: ``xlsx`` one workbook, ``csv`` one file per table.
FORMATS: tuple[str, ...] = ("xlsx", "csv")
#: Where files go without ``--out``: the current folder, where an Excel user looks first.
DEFAULT_OUT = Path(".")
#: The tables exported, in sheet order (``editions`` is one row of run metadata: left out).
EXPORT_TABLES: tuple[str, ...] = ("resources", "resource_items", "effort_components", "changes")
#: Column → Chinese header, per table (the same English name can mean different things in two
#: tables: ``text`` is an item in one and a clause in another). The catalog's own labels where
#: it has one (资源名称, 建设单位, 对接工作量说明); the English names and their meaning are in
#: docs/data-dictionary.md.
EXPORT_HEADERS: dict[str, dict[str, str]] = {
    "resources": {
        "seq": "序号", "resource_key": "资源键", "name": "资源名称", "builder_unit": "建设单位",
        "builder_duties": "建设单位职能", "network_types_text": "网络类型",
        "overview": "基本情况", "supporting_text": "配套措施", "implementation": "对接实施说明",
        "effort_text": "对接工作量说明", "effort_min": "对接工作量下限（按单位）",
        "effort_max": "对接工作量上限（按单位）", "effort_unit": "工作量单位",
        "effort_person_days_min": "对接工作量人天下限",
        "effort_person_days_max": "对接工作量人天上限",
        "effort_approximate": "工作量为约数", "effort_open_ended": "工作量待定",
        "effort_reading": "工作量读取结果", "contact": "联系方式", "contact_phone": "联系电话",
        "contact_extension": "分机号", "contact_person": "联系人",
        "source_line_start": "原文起始行", "source_line_end": "原文结束行",
        "source_page_start": "原文起始页", "source_page_end": "原文结束页",
        "source_ocr": "文字识别", "ocr_confidence": "识别置信度最低值",
        "ocr_uncertain_sections": "识别存疑栏目",
    },
    "resource_items": {
        "resource_key": "资源键", "section": "栏目", "position": "序号", "text": "内容",
        "label": "栏目名称（原文）",
    },
    "effort_components": {
        "resource_key": "资源键", "position": "条款序号", "text": "条款原文", "scope": "工作内容",
        "party": "承担方", "figure_min": "工作量下限（按单位）",
        "figure_max": "工作量上限（按单位）", "unit": "单位", "person_days_min": "人天下限",
        "person_days_max": "人天上限",
        "approximate": "约数", "open_ended": "待定", "condition": "前提条件",
    },
    "changes": {
        "from_edition": "原版本", "to_edition": "新版本", "resource_key": "资源键",
        "name": "资源名称", "change": "变更类型", "field": "变更字段", "old_value": "原值",
        "new_value": "新值",
    },
}


def register(commands: Any) -> None:
    """Add the ``export`` parser to the CLI's subparsers."""
    parser = commands.add_parser(
        "export", help="write the latest edition as an Excel workbook or CSV files"
    )
    parser.add_argument("--format", choices=FORMATS, required=True,
                        help="xlsx: one workbook, a sheet per table; csv: one file per table")
    parser.add_argument("--curated", type=folder, default=DEFAULT_CURATED, help="curated store")
    add_catalog_option(parser)
    parser.add_argument("--out", type=folder, default=DEFAULT_OUT,
                        help="folder to write into (made if missing; default: here)")


def run(args: argparse.Namespace) -> int:
    """Export the latest edition; one line per written file; exit status 0."""
    from pipeline.store.store import CuratedStore

    curated: Path = args.curated
    if not curated.is_dir():
        raise SourceMissing("no such folder", file=curated)
    store = CuratedStore(curated, catalog=args.catalog)
    editions = store.editions()
    if not editions:
        raise store.nothing_published()
    label = editions[-1].edition
    tables = latest_tables(store, label)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    written = (write_workbook(tables, out / f"{label}.xlsx") if args.format == "xlsx"
               else write_csv_files(tables, out, label))  # fmt: skip
    for path, rows in written:
        print(for_terminal(f"{label}: {path} ({rows})"))
    return 0


def latest_tables(store: CuratedStore, label: str) -> dict[str, pa.Table]:
    """``EXPORT_TABLES`` of edition ``label``; ``changes`` empty when it has none."""
    from pipeline.store.store import read_table_file
    from pipeline.tables import STORED_SCHEMAS

    tables = store.read(label, [t for t in EXPORT_TABLES if t != "changes"])
    key = store.table_key("changes", label)
    tables["changes"] = (read_table_file(store.fs, key, "changes") if key
                         else STORED_SCHEMAS["changes"].empty_table())  # fmt: skip
    return {name: tables[name] for name in EXPORT_TABLES}


def headers(name: str, columns: Sequence[str]) -> list[str]:
    """The Chinese headers of ``columns`` of table ``name`` (the English name for a column
    without one, so a column added later is still exported)."""
    return [EXPORT_HEADERS[name].get(column, column) for column in columns]


def _workbook_cell(value: object) -> object:
    """A value as a workbook cell holds it: text made spreadsheet-safe, without the control
    characters XML cannot hold (openpyxl refuses them); numbers and booleans as they are."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return spreadsheet_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def workbook_bytes(tables: Mapping[str, pa.Table]) -> bytes:
    """One sheet per table, named as the table: a bold Chinese header row, frozen and with
    filters, then the rows. Every text cell is stored as text (data type ``s``), never as a
    formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    for default in list(workbook.worksheets):  # the empty sheet a new workbook starts with
        workbook.remove(default)
    for name, table in tables.items():
        sheet = workbook.create_sheet(title=name)
        sheet.append(headers(name, table.column_names))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.to_pylist():
            sheet.append([_workbook_cell(value) for value in row.values()])
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_csv(name: str, table: pa.Table) -> bytes:
    """``table`` as spreadsheet-safe CSV bytes (UTF-8 with BOM), with Chinese headers. Values
    are kept as Python objects, so a whole number stays ``21``, not ``21.0``, next to a null."""
    import pandas as pd

    frame = pd.DataFrame(table.to_pydict(), dtype=object)
    frame.columns = pd.Index(headers(name, table.column_names))
    return spreadsheet_csv(frame)


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
