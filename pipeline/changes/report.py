"""The human side of a diff: counts per change type, then each changed entry's fields old → new.

Readers of a new edition want the gist without opening two PDFs, so the report leads with
counts and shows effort figures as numbers with their unit (``2 人天 → 3 人天``). Markdown for
repositories and chat, a self-contained HTML page for browsers; both are built from the same
``ReportEntry`` list. Pure: a diff in, text out.

Names, keys, values and edition labels come from edition files nobody vetted, so each is
escaped for the format it lands in (``markdown_text``, ``html.escape``): a name like
``<script>…`` or ``[x](http://…)`` is shown as written, never run or turned into a link.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import regex as re

from pipeline.changes.diff import CHANGE_TYPES, EFFORT_NUMBERS, EditionDiff
from pipeline.terminal import for_terminal

__all__ = [
    "UNIT_LABELS",
    "ChangeCounts",
    "ReportEntry",
    "count_changes",
    "format_counts",
    "markdown_text",
    "render_html",
    "render_markdown",
    "report_entries",
]

#: ``effort_unit`` → how a figure is written in the report.
UNIT_LABELS: dict[str, str] = {"person_day": "人天", "working_day": "工作日", "day": "天"}
#: Shown for a null value (a field that was or became empty).
NO_VALUE = "—"
#: Section titles, per change type.
HEADINGS: dict[str, str] = {
    "added": "Added", "removed": "Removed", "renamed": "Renamed", "modified": "Modified",
}
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
    """One changed entry: its change type, name, key and changed fields (old, new as text)."""

    change: str
    name: str
    resource_key: str
    fields: tuple[tuple[str, str, str], ...]


def count_changes(diff: EditionDiff) -> ChangeCounts:
    """Distinct entries per change type."""
    entries = diff.changes.drop_duplicates(["change", "resource_key"])["change"]
    counts = entries.value_counts()
    return ChangeCounts(**{change: int(counts.get(change, 0)) for change in CHANGE_TYPES})


def format_counts(counts: ChangeCounts) -> str:
    """``1 added, 0 removed, 1 renamed, 2 modified``."""
    return ", ".join(f"{getattr(counts, change)} {change}" for change in CHANGE_TYPES)


def _shown(value: str | None, field: str, unit: str | None) -> str:
    if value is None:
        return NO_VALUE
    if field in EFFORT_NUMBERS and unit:
        return f"{value} {UNIT_LABELS.get(unit, unit)}"
    return value


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


def _title(old: str, new: str) -> str:
    return f"Changes from edition {old} to {new}"


def _old_name(entry: ReportEntry) -> str:
    return next((old for field, old, _ in entry.fields if field == "name"), "")


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
    ``markdown_text`` (field names are the program's own column names)."""
    counts = count_changes(diff)
    title = _title(markdown_text(old), markdown_text(new))
    lines = [f"# {title}", "", "| change | entries |", "|---|---:|"]
    lines += [f"| {change} | {getattr(counts, change)} |" for change in CHANGE_TYPES]
    if not counts.total:
        lines += ["", "No changes."]
    entries = report_entries(diff)
    for change in CHANGE_TYPES:
        chosen = [e for e in entries if e.change == change]
        if chosen:
            lines += ["", f"## {HEADINGS[change]} ({len(chosen)})"]
        for entry in chosen:
            lines += _md_entry(entry)
    return "\n".join(lines) + "\n"


def _md_entry(entry: ReportEntry) -> list[str]:
    md = markdown_text
    was = f" — was {md(_old_name(entry))}" if entry.change == "renamed" else ""
    lines = ["", f"### {md(entry.name)} (`{md(entry.resource_key)}`){was}"]
    if entry.fields:
        lines += ["", "| field | old | new |", "|---|---|---|"]
        lines += [f"| {f} | {md(o)} | {md(n)} |" for f, o, n in entry.fields]
    return lines


def render_html(diff: EditionDiff, old: str, new: str) -> str:
    """The report as a self-contained HTML page."""
    counts = count_changes(diff)
    title = html.escape(_title(old, new))
    parts = [
        "<!DOCTYPE html>", '<html lang="zh"><head><meta charset="utf-8">',
        f"<title>{title}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
        "</style></head><body>", f"<h1>{title}</h1>",
        "<table><tr><th>change</th><th>entries</th></tr>",
        *(f"<tr><td>{c}</td><td>{getattr(counts, c)}</td></tr>" for c in CHANGE_TYPES),
        "</table>",
    ]
    if not counts.total:
        parts.append("<p>No changes.</p>")
    entries = report_entries(diff)
    for change in CHANGE_TYPES:
        chosen = [e for e in entries if e.change == change]
        if chosen:
            parts.append(f"<h2>{HEADINGS[change]} ({len(chosen)})</h2>")
        parts += [_html_entry(entry) for entry in chosen]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_entry(entry: ReportEntry) -> str:
    esc = html.escape
    was = f" — was {esc(_old_name(entry))}" if entry.change == "renamed" else ""
    head = f"<h3>{esc(entry.name)} (<code>{esc(entry.resource_key)}</code>){was}</h3>"
    if not entry.fields:
        return head
    rows = "".join(
        f"<tr><td>{esc(f)}</td><td>{esc(o)}</td><td>{esc(n)}</td></tr>" for f, o, n in entry.fields
    )
    return f"{head}<table><tr><th>field</th><th>old</th><th>new</th></tr>{rows}</table>"
