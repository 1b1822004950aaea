"""``catalog diff OLD NEW [--curated DIR] [--csv]``: compare any two published editions.

Prints the change report (counts, then each changed entry old → new) or, with ``--csv``, the
change rows themselves. Reads the curated store only; nothing is written. The diff's libraries
(pandas, scipy, jieba) are imported on use, so ``catalog --help`` stays instant.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["register", "run"]

DEFAULT_CURATED = Path("curated")


def register(commands: Any) -> None:
    """Add the ``diff`` parser to the CLI's subparsers."""
    parser = commands.add_parser("diff", help="show what changed between two published editions")
    parser.add_argument("old", help="label of the earlier edition")
    parser.add_argument("new", help="label of the later edition")
    parser.add_argument("--curated", type=Path, default=DEFAULT_CURATED, help="curated store")
    parser.add_argument("--csv", action="store_true", help="print the change rows as CSV")


def run(args: argparse.Namespace) -> int:
    """Diff ``args.old`` → ``args.new`` and print the report (or CSV rows); exit status 0."""
    from pipeline.changes.diff import EditionTables, diff_editions
    from pipeline.changes.report import render_markdown  # pandas, scipy, jieba: load on use
    from pipeline.store.store import CuratedStore

    store, tables = CuratedStore(args.curated), ("resources", "resource_items")
    editions = store.editions()
    for label in (args.old, args.new):
        store.require(label, editions)  # names the published editions when it is not one
    old, new = (EditionTables.of(label, store.read(label, tables))
                for label in (args.old, args.new))  # fmt: skip
    diff = diff_editions(old, new)
    if args.csv:
        diff.changes.to_csv(sys.stdout, index=False)
    else:
        sys.stdout.write(render_markdown(diff, args.old, args.new))
    return 0
