"""The change record of one edition against its predecessor: rows, counts and reports.

Pure: both editions come in as tables (the new one straight from memory, the predecessor as
the store read it) and everything comes out as values the store's transaction stages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyarrow as pa

from pipeline.changes.diff import EditionTables, changes_table, diff_editions
from pipeline.changes.report import ChangeCounts, count_changes, render_html, render_markdown

__all__ = ["ChangeSet", "changes_between"]


@dataclass(frozen=True)
class ChangeSet:
    """What changed from ``previous`` to ``edition``: the ``changes`` rows and their reports."""

    previous: str
    edition: str
    table: pa.Table
    counts: ChangeCounts
    markdown: str
    html: str

    @property
    def rows(self) -> int:
        return int(self.table.num_rows)


def changes_between(
    previous: str, old: Mapping[str, pa.Table], edition: str, new: Mapping[str, pa.Table]
) -> ChangeSet:
    """Diff ``edition``'s tables against ``previous``'s (each needs ``resources`` and
    ``resource_items``)."""
    diff = diff_editions(EditionTables.of(previous, old), EditionTables.of(edition, new))
    return ChangeSet(
        previous=previous, edition=edition, table=changes_table(diff.changes),
        counts=count_changes(diff), markdown=render_markdown(diff, previous, edition),
        html=render_html(diff, previous, edition),
    )  # fmt: skip
