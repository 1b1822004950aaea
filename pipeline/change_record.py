"""The change record of one edition against its predecessor: rows, counts and reports.

Above both ``pipeline.changes`` (the diff and its Markdown report) and ``pipeline.site`` (the
report's HTML page, one of the site's templates), so neither imports the other the wrong way:
the site imports changes, never the reverse. Pure: both editions come in as tables (the new
one straight from memory, the predecessor as the store read it) and everything comes out as
values the store's transaction stages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyarrow as pa

from pipeline.changes.diff import EditionTables, changes_table, diff_editions
from pipeline.changes.report import ChangeCounts, change_report, render_markdown
from pipeline.site.render import render_changes_page

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
    report = change_report(diff, previous, edition)
    return ChangeSet(
        previous=previous, edition=edition, table=changes_table(diff.changes),
        counts=report.counts, markdown=render_markdown(diff, previous, edition),
        html=render_changes_page(report).decode("utf-8"),
    )  # fmt: skip
