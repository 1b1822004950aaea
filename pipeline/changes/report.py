"""The human side of a diff: counts per change type, then each changed entry's fields old → new.

Readers of a new edition want the gist without opening two PDFs, so the report leads with
counts and shows effort figures as numbers with their unit (``2 人天 → 3 人天``). Every word
(change types, field names, units, the title) comes from ``pipeline.vocabulary``, Chinese
first. ``change_report`` builds the report as values; ``render_markdown`` writes it for
repositories, chat and ``catalog diff``; the HTML page is one of the catalog site's templates
(``pipeline.site.render.render_changes_page``), rendered from the same ``ChangeReport``. Pure: a
diff in, values and text out.

Names, keys, values and edition labels come from edition files nobody vetted, so each is
escaped for the format it lands in (``markdown_text`` here, Jinja's autoescaping on the site):
a name like ``<script>…`` or ``[x](http://…)`` is shown as written, never run or turned into a
link.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import regex as re

from pipeline.changes.diff import CHANGE_TYPES, EFFORT_NUMBERS, EditionDiff
from pipeline.terminal import for_terminal
from pipeline.vocabulary import (
    CHANGE_REPORT_TITLE,
    CHANGE_WORDS,
    NO_CHANGES,
    NO_VALUE,
    RENAMED_FROM,
    UNIT_WORDS,
    column_word,
    field_value,
    field_word,
)

__all__ = [
    "ChangeCounts",
    "ChangeReport",
    "ReportEntry",
    "change_report",
    "count_changes",
    "format_counts",
    "markdown_text",
    "render_markdown",
    "report_entries",
    "report_title",
]

#: How a character of an edition's text that Markdown would read as syntax is written in the
#: Markdown report: ``&``, ``<``, ``>`` as HTML entities (no raw HTML, no entity tricks);
#: a backslash escape for what would end a table cell (``|``), make markup (``*``, ``_``, a
#: backtick, a leading ``#``) or a link (``[``, ``]``), and for the backslash itself; a line
#: break as a space (a value must stay on its table row or heading line).
MARKDOWN_ESCAPES: dict[str, str] = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "|": "\\|",
    "#": "\\#", "\r\n": " ", "\r": " ", "\n": " ",
}
#: The keys of ``MARKDOWN_ESCAPES``; ``#`` only at the start of a value.
_MARKDOWN_SYNTAX = re.compile(r"\r\n|[\r\n&<>\\`*_\[\]|]|\A#")


@dataclass(frozen=True, slots=True)
class ChangeCounts:
    """Changed entries per change type."""

    added: int
    removed: int
    renamed: int
    modified: int

    @property
    def total(self) -> int:
        return self.added + self.removed + self.renamed + self.modified


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """One changed entry: its change type, name, key and changed fields as (field code, old,
    new), each value in words (a figure with its unit, ``是``/``否``) or None when empty."""

    change: str
    name: str
    resource_key: str
    fields: tuple[tuple[str, str | None, str | None], ...]

    @property
    def old_name(self) -> str:
        """The name in the earlier edition (a renamed entry's), else ``""``."""
        return next((old or "" for field, old, _ in self.fields if field == "name"), "")


@dataclass(frozen=True, slots=True)
class ChangeReport:
    """The report of one diff: the editions compared, counts, and every changed entry in
    diff order (change type, then entry number)."""

    old: str
    new: str
    counts: ChangeCounts
    entries: tuple[ReportEntry, ...]

    def of_type(self, change: str) -> tuple[ReportEntry, ...]:
        return tuple(entry for entry in self.entries if entry.change == change)


def count_changes(diff: EditionDiff) -> ChangeCounts:
    """Distinct entries per change type."""
    entries = diff.changes.drop_duplicates(["change", "resource_key"])["change"]
    counts = entries.value_counts()
    return ChangeCounts(**{change: int(counts.get(change, 0)) for change in CHANGE_TYPES})


def format_counts(counts: ChangeCounts) -> str:
    """``1 added, 0 removed, 1 renamed, 2 modified``: the terminal's English line, by code."""
    return ", ".join(f"{getattr(counts, change)} {change}" for change in CHANGE_TYPES)


def _shown(value: str | None, field: str, unit: str | None) -> str | None:
    """A changed value in words: a figure with its unit's word, a code by its word."""
    if value is None:
        return None
    if field in EFFORT_NUMBERS and unit:
        return f"{value} {UNIT_WORDS.get(unit, unit)}"
    return field_value(field, value)


def _entry(diff: EditionDiff, rows: Sequence[dict[str, Any]]) -> ReportEntry:
    first = rows[0]
    units = diff.effort_units.get(first["resource_key"], (None, None))
    fields = tuple(
        (row["field"], _shown(row["old_value"], row["field"], units[0]),
         _shown(row["new_value"], row["field"], units[1]))
        for row in rows if row["field"] is not None
    )
    return ReportEntry(first["change"], first["name"], first["resource_key"], fields)


def report_entries(diff: EditionDiff) -> list[ReportEntry]:
    """The changed entries in diff order (change type, then entry number)."""
    records = cast("list[dict[str, Any]]", diff.changes.to_dict("records"))
    grouped = itertools.groupby(records, key=lambda r: (r["change"], r["resource_key"]))
    return [_entry(diff, list(rows)) for _, rows in grouped]


def change_report(diff: EditionDiff, old: str, new: str) -> ChangeReport:
    """The report of ``diff`` from edition ``old`` to ``new``."""
    return ChangeReport(old, new, count_changes(diff), tuple(report_entries(diff)))


def report_title(old: str, new: str) -> str:
    """``版本 2024-06 → 2025-01 的变更`` (labels as given: escape them for the format)."""
    return CHANGE_REPORT_TITLE.format(old=old, new=new)


def markdown_text(text: str) -> str:
    """``text`` from an edition, as Markdown that shows it literally (``MARKDOWN_ESCAPES``),
    on one line, with control and invisible characters as visible escapes (``for_terminal``:
    the file is also read with ``cat``). Chinese text and figures come out byte for byte.

    Keys are shown in a code span, where escapes are not undone; ``resource_key`` leaves no
    punctuation or symbol in a key, so this only shows up in a store written by hand."""
    escaped = _MARKDOWN_SYNTAX.sub(lambda found: MARKDOWN_ESCAPES[found.group()], text)
    return for_terminal(str(escaped))


def render_markdown(diff: EditionDiff, old: str, new: str) -> str:
    """The report as Markdown; everything taken from the editions goes through
    ``markdown_text``, every word from ``pipeline.vocabulary``."""
    report = change_report(diff, old, new)
    change, entries = column_word("changes", "change"), column_word("editions", "entries")
    lines = [f"# {report_title(markdown_text(old), markdown_text(new))}", "",
             f"| {change} | {entries} |", "|---|---:|"]
    lines += [f"| {CHANGE_WORDS[kind]} | {getattr(report.counts, kind)} |"
              for kind in CHANGE_TYPES]
    if not report.counts.total:
        lines += ["", NO_CHANGES]
    for kind in CHANGE_TYPES:
        chosen = report.of_type(kind)
        if chosen:
            lines += ["", f"## {CHANGE_WORDS[kind]}（{len(chosen)}）"]
        for entry in chosen:
            lines += _md_entry(entry)
    return "\n".join(lines) + "\n"


def _md_entry(entry: ReportEntry) -> list[str]:
    md = markdown_text
    was = f" — {RENAMED_FROM}{md(entry.old_name)}" if entry.change == "renamed" else ""
    lines = ["", f"### {md(entry.name)}（`{md(entry.resource_key)}`）{was}"]
    if entry.fields:
        header = [column_word("changes", c) for c in ("field", "old_value", "new_value")]
        lines += ["", f"| {' | '.join(header)} |", "|---|---|---|"]
        lines += [f"| {md(field_word(f))} | {md(o or NO_VALUE)} | {md(n or NO_VALUE)} |"
                  for f, o, n in entry.fields]
    return lines
