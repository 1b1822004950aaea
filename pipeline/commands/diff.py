"""``catalog diff OLD NEW [--curated DIR] [--csv]``: compare any two published editions.

Prints the change report (counts, then each changed entry old → new) or, with ``--csv``, the
change rows themselves. Both are in the words of ``pipeline.vocabulary``: Chinese headers,
change types, field names and values (``删除``, ``对接工作量上限``, ``人天``), the codes of the
change type and field kept in code columns after the others (``变更类型（代码）``) for
machines. Reads the curated store only; nothing is written. The diff's libraries
(pandas, scipy, jieba) are imported on use, so ``catalog --help`` stays instant.

Both outputs carry text from edition files: the report is printed through ``for_terminal``
(no escape sequence, forged line or reversed name reaches the screen), the CSV is made
spreadsheet-safe (``spreadsheet_csv``), since it is meant to be opened in Excel.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from pipeline.commands.store_option import add_catalog_option, add_curated_option
from pipeline.terminal import for_terminal

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FORMULA_STARTS", "readable_frame", "register", "run", "spreadsheet_cell",
           "spreadsheet_csv"]  # fmt: skip

#: First characters that make a spreadsheet read a cell as a formula (``=``, ``+``, ``-``,
#: ``@``) or that it drops or treats as a line break before one (tab, carriage return): the
#: OWASP CSV-injection list.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
#: Put before a cell that starts with one of ``FORMULA_STARTS``: spreadsheets show it as text.
TEXT_MARK = "'"
#: Written first, so Excel reads the file as UTF-8 (Chinese, not mojibake) whatever the locale.
UTF8_BOM = "\ufeff"


def register(commands: Any) -> None:
    """Add the ``diff`` parser to the CLI's subparsers."""
    parser = commands.add_parser("diff", help="show what changed between two published editions")
    parser.add_argument("old", help="label of the earlier edition")
    parser.add_argument("new", help="label of the later edition")
    add_curated_option(parser)
    add_catalog_option(parser)
    parser.add_argument("--csv", action="store_true", help="print the change rows as CSV")


def run(args: argparse.Namespace) -> int:
    """Diff ``args.old`` → ``args.new`` and print the report (or CSV rows); exit status 0."""
    from pipeline.changes.diff import EditionTables, diff_editions
    from pipeline.changes.report import render_markdown  # pandas, scipy, jieba: load on use
    from pipeline.store.store import CuratedStore

    store = CuratedStore(args.curated, catalog=args.catalog)
    tables = ("resources", "resource_items")
    editions = store.editions()
    for label in (args.old, args.new):
        store.require(label, editions)  # names the published editions when it is not one
    old, new = (EditionTables.of(label, store.read(label, tables))
                for label in (args.old, args.new))  # fmt: skip
    diff = diff_editions(old, new)
    if args.csv:
        _write_bytes(spreadsheet_csv(readable_frame("changes", diff.changes)))
    else:
        report = render_markdown(diff, args.old, args.new)
        sys.stdout.write("\n".join(for_terminal(line) for line in report.split("\n")))
    return 0


def _write_bytes(data: bytes) -> None:
    """``data`` to stdout as it is, below the text layer and its locale's encoding (decoded
    as UTF-8 only when stdout is a text-only stream, such as ``contextlib.redirect_stdout``'s)."""
    sys.stdout.flush()  # whatever the text layer holds goes first
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    binary.write(data)
    binary.flush()


def readable_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (rows of ``table``) for people: Chinese headers, values in words, code columns
    last (``pipeline.vocabulary.readable_headers``/``readable_row``); whole numbers stay whole."""
    import pandas as pd

    from pipeline.vocabulary import readable_headers, readable_row

    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    rows = [readable_row(table, {str(k): v for k, v in record.items()}) for record in records]
    headers = readable_headers(table, [str(column) for column in frame.columns])
    return pd.DataFrame(rows, columns=pd.Index(headers), dtype=object)


def spreadsheet_cell(value: object) -> object:
    """A cell as a spreadsheet must not run it: text starting with one of ``FORMULA_STARTS``
    gets ``TEXT_MARK`` in front (``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``); anything else, nulls
    included, is returned as it is.

    Every text starting with ``-`` is marked, a negative-looking figure like ``-5`` too: the
    change table holds text only (old and new values of any field), so telling a number from
    ``-2+3`` or ``-cmd|…`` would be a guess, and a safe rule is better than a clever one."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_MARK + value
    return value


def spreadsheet_csv(changes: pd.DataFrame) -> bytes:
    """The change rows as CSV bytes a spreadsheet opens safely: UTF-8 with a BOM first (Excel
    otherwise decodes by the system locale), every text cell through ``spreadsheet_cell``.
    Bytes, not text, so the encoding never depends on the terminal's locale. Not passed
    through ``for_terminal``: the CSV is data, and pandas quotes cells with line breaks."""
    safe = changes.astype(object).map(spreadsheet_cell)
    return (UTF8_BOM + safe.to_csv(index=False, lineterminator="\n")).encode("utf-8")
