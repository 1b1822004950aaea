"""What the catalog site shows, read once from the published tables into frozen dataclasses.

The templates get plain values in the site's words, never Arrow tables: every edition in the
store's order (``editions.ingest_seq``), its entries by ``seq``, its changes grouped by entry
with a character diff of each field, and its validation view. Reading is pure and tolerant of
older stores (a missing column or table is a missing value): the site renders whatever the
store holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
from markupsafe import Markup

from pipeline.changes.report import ChangeCounts
from pipeline.site.effort import EffortClass, Headline, effort_class, format_days, headline
from pipeline.site.highlight import Segment, char_diff
from pipeline.site.validation import ValidationView, validation_view
from pipeline.vocabulary import (
    CHANGE_TYPES,
    CHANGE_WORDS,
    DEFAULT_TIME_ZONE,
    FORMAT_WORDS,
    NO_VALUE,
    OTHER_SECTION,
    UNIT_WORDS,
    field_value,
    field_word,
    format_time,
    word_of,
)

__all__ = ["Catalog", "Edition", "EditionInfo", "Entry", "EntryChange",
           "FieldChange", "IndexRow", "IndexVerdict", "build_catalog", "entry_changes"]  # fmt: skip

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class EditionInfo:
    """One ``editions`` row, and how it compares with its predecessor."""

    label: str
    source_file: str
    source_format: str
    pages: int | None
    entries: int
    ingested_at: str  # in the profile's time zone, the zone named
    ingest_seq: int | None
    is_latest: bool
    pipeline_version: str
    status: str | None  # the verdict: validation.json's, else validation_status
    warnings: int | None
    previous: str | None  # the edition compared with (None for the first)
    counts: ChangeCounts | None  # None for the first edition


@dataclass(frozen=True, slots=True)
class Entry:
    """One catalog entry as the entry table shows it."""

    seq: int
    name: str
    resource_key: str
    builder_unit: str | None
    builder_duties: str | None
    network_types: tuple[str, ...]
    network_types_text: str | None
    overview: str | None
    functions: tuple[str, ...]
    access_targets: tuple[str, ...]
    supporting_docs: tuple[str, ...]
    supporting_text: str | None
    implementation: str | None
    effort_text: str | None
    effort: Headline
    effort_class: EffortClass
    parties: tuple[str, ...]  # breakdown clauses: ``应用单位 10 人天``
    contact: str | None
    contact_phone: str | None
    contact_person: str | None
    pages: str  # ``第 21–22 页``
    lines: str  # ``第 777–868 行``
    #: Sections under labels the profile does not map: (label as written, text), in order.
    other_sections: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    label: str
    old: str | None
    new: str | None
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class EntryChange:
    """One changed entry: its change type, name, number (in the newer edition; in the
    previous one for a removed entry) and changed fields."""

    change: str
    change_label: str
    name: str
    resource_key: str
    seq: int | None
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class Edition:
    info: EditionInfo
    entries: tuple[Entry, ...]
    changes: tuple[EntryChange, ...]
    validation: ValidationView


@dataclass(frozen=True, slots=True)
class IndexVerdict:
    """The verdict in words, all the index shows of an edition's validation."""

    status_label: str


#: A row's cells before they are rendered.
EMPTY_CELLS = Markup()


@dataclass(frozen=True, slots=True)
class IndexRow:
    """What the index shows of one edition: its ``EditionInfo`` and verdict. Plain values, so
    the site keeps them between refreshes (``to_json``) and renders its index without
    reading every edition again."""

    info: EditionInfo
    validation: IndexVerdict
    #: Its cells in the index's table, rendered (``render.index_cells``): the index joins
    #: them, so its cost does not grow with a template's work per edition.
    cells: Markup = EMPTY_CELLS

    @classmethod
    def of(cls, edition: Edition) -> IndexRow:
        return cls(edition.info, IndexVerdict(edition.validation.status_label))

    def to_json(self) -> dict[str, Any]:
        info = {name: getattr(self.info, name) for name in EditionInfo.__dataclass_fields__}
        counts = self.info.counts
        info["counts"] = None if counts is None else {
            kind: getattr(counts, kind) for kind in CHANGE_TYPES}
        return {"info": info, "validation": {"status_label": self.validation.status_label},
                "cells": str(self.cells)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> IndexRow:
        """The row ``to_json`` wrote; raises ``KeyError``/``TypeError`` for anything else."""
        info = dict(data["info"])
        counts = info.get("counts")
        info["counts"] = None if counts is None else ChangeCounts(**counts)
        return cls(EditionInfo(**info), IndexVerdict(**data["validation"]),
                   Markup(str(data["cells"])))  # the site's own file, rendered by this module


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every published edition, oldest first."""

    editions: tuple[Edition, ...]


def _rows_by_edition(table: pa.Table | None) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    if table is not None and "edition" in table.column_names:
        for row in table.to_pylist():
            grouped[str(row["edition"])].append(row)
    return grouped


def _when(value: Any, time_zone: str) -> str:
    """A time as a person reads it: in ``time_zone``, the zone named."""
    if not isinstance(value, datetime):
        return NO_VALUE if value is None else str(value)
    return format_time(value, time_zone)


def _instant(value: Any) -> str:
    """A time as a sort key: UTC, ISO order (an odd value as written)."""
    if not isinstance(value, datetime):
        return "" if value is None else str(value)
    moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return moment.isoformat()


def _span(first: Any, last: Any, word: str) -> str:
    if first is None:
        return NO_VALUE
    return f"第 {first} {word}" if last in (None, first) else f"第 {first}–{last} {word}"


def _order(row: Row) -> tuple[int, int, str, str]:
    seq = row.get("ingest_seq")
    return (0 if seq is None else 1, seq or 0, _instant(row.get("ingested_at")),
            str(row["edition"]))


def _items(rows: Sequence[Row]) -> dict[tuple[str, str], tuple[str, ...]]:
    """(resource_key, section) → its items in ``position`` order."""
    grouped: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        grouped[(row["resource_key"], row["section"])].append((row["position"] or 0, row["text"]))
    return {key: tuple(text for _, text in sorted(found)) for key, found in grouped.items()}


def _others(rows: Sequence[Row]) -> dict[str, tuple[tuple[str, str], ...]]:
    """resource_key → its ``other`` sections, (label, text) in ``position`` order."""
    grouped: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for row in rows:
        if row["section"] == OTHER_SECTION:
            grouped[row["resource_key"]].append(
                (row["position"] or 0, row.get("label") or "", row["text"] or ""))
    return {key: tuple((label, text) for _, label, text in sorted(found))
            for key, found in grouped.items()}  # fmt: skip


def _parties(rows: Sequence[Row]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        if row.get("party") and row.get("figure_max") is not None:
            unit = word_of(UNIT_WORDS, row.get("unit"), "")
            text = f"{row['party']} {format_days(row['figure_max'])} {unit}".strip()
            found[row["resource_key"]].append((row.get("position") or 0, text))
    return {key: tuple(text for _, text in sorted(rows)) for key, rows in found.items()}


def _entry(row: Row, items: Mapping[tuple[str, str], tuple[str, ...]],
           parties: Mapping[str, tuple[str, ...]],
           others: Mapping[str, tuple[tuple[str, str], ...]]) -> Entry:
    key = row["resource_key"]
    low, high, unit = row.get("effort_min"), row.get("effort_max"), row.get("effort_unit")
    reading = row.get("effort_reading")
    return Entry(
        seq=row["seq"], name=row.get("name") or key, resource_key=key,
        builder_unit=row.get("builder_unit"), builder_duties=row.get("builder_duties"),
        network_types=items.get((key, "network_types"), ()),
        network_types_text=row.get("network_types_text"), overview=row.get("overview"),
        functions=items.get((key, "functions"), ()),
        access_targets=items.get((key, "access_targets"), ()),
        supporting_docs=items.get((key, "supporting_docs"), ()),
        supporting_text=row.get("supporting_text"), implementation=row.get("implementation"),
        effort_text=row.get("effort_text"),
        effort=headline(low, high, unit, reading, row.get("effort_approximate"),
                        row.get("effort_open_ended")),
        effort_class=effort_class(high, low, unit, reading), parties=parties.get(key, ()),
        contact=row.get("contact"), contact_phone=row.get("contact_phone"),
        contact_person=row.get("contact_person"),
        pages=_span(row.get("source_page_start"), row.get("source_page_end"), "页"),
        lines=_span(row.get("source_line_start"), row.get("source_line_end"), "行"),
        other_sections=others.get(key, ()),
    )  # fmt: skip


def _entries(resources: Sequence[Row], items: Sequence[Row], components: Sequence[Row]
             ) -> tuple[Entry, ...]:
    grouped, parties, others = _items(items), _parties(components), _others(items)
    ordered = sorted(resources, key=lambda row: (row.get("seq") or 0, row["resource_key"]))
    return tuple(_entry(row, grouped, parties, others) for row in ordered)


def field_change(field: str, old: str | None, new: str | None) -> FieldChange:
    """One changed field, named in words, its values as given (already in words), with the
    character diff of old → new."""
    return FieldChange(field, field_word(field), old, new, char_diff(old, new))


def entry_changes(rows: Sequence[Row], seqs: Mapping[str, int],
                  previous_seqs: Mapping[str, int]) -> tuple[EntryChange, ...]:
    """``changes`` rows grouped by entry (change type order, then as the table lists them),
    values in words (``field_value``); ``seqs``/``previous_seqs``: entry numbers by key in the
    newer and the earlier edition (a removed entry's is the earlier one's)."""
    grouped: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        grouped.setdefault((row["change"], row["resource_key"]), []).append(row)
    rank = {change: index for index, change in enumerate(CHANGE_TYPES)}
    found = []
    for (change, key), group in sorted(grouped.items(), key=lambda kv: rank.get(kv[0][0], 9)):
        fields = tuple(
            field_change(r["field"], field_value(r["field"], r.get("old_value")),
                         field_value(r["field"], r.get("new_value")))
            for r in group if r.get("field")
        )  # fmt: skip
        seq = (previous_seqs if change == "removed" else seqs).get(key)
        name = group[0].get("name") or key
        found.append(EntryChange(change, word_of(CHANGE_WORDS, change), name, key, seq, fields))
    return tuple(found)


def _counts(changes: Sequence[EntryChange]) -> ChangeCounts:
    return ChangeCounts(**{kind: sum(c.change == kind for c in changes) for kind in CHANGE_TYPES})


def _row_counts(rows: Sequence[Row]) -> ChangeCounts:
    """The changed entries of ``changes`` rows by type, as ``_counts`` counts them."""
    changed = {(row["change"], row["resource_key"]) for row in rows}
    return ChangeCounts(**{kind: sum(change == kind for change, _ in changed)
                           for kind in CHANGE_TYPES})  # fmt: skip


def build_catalog(
    tables: Mapping[str, pa.Table], validations: Mapping[str, Mapping[str, Any]],
    detailed: Collection[str] | None = None, *, time_zone: str = DEFAULT_TIME_ZONE,
) -> Catalog:
    """Every edition of ``tables`` (one table per name, every edition's rows, with ``edition``)
    in the store's order, with its ``validations`` document when kept.

    ``detailed``: the editions whose changes are compared field by field (None: all); the
    others' changes are only counted, which is all the index shows. An edition's entries are
    whatever rows ``tables`` holds for it (a detailed edition needs its own and those of the
    edition it is compared with, whose numbers its removed entries show). Times are shown in
    ``time_zone`` (the profile's ``[display] time_zone``), the zone named."""
    by_table = {name: _rows_by_edition(tables.get(name)) for name in
                ("resources", "resource_items", "effort_components", "changes")}  # fmt: skip
    rows = sorted((row for found in _rows_by_edition(tables.get("editions")).values()
                   for row in found), key=_order)  # fmt: skip
    editions: dict[str, Edition] = {}
    previous: str | None = None
    for row in rows:
        label = str(row["edition"])
        entries = _entries(by_table["resources"][label], by_table["resource_items"][label],
                           by_table["effort_components"][label])  # fmt: skip
        change_rows = by_table["changes"][label]
        compared = change_rows[0].get("from_edition") if change_rows else previous
        before = editions.get(compared or "")
        changes = entry_changes(
            change_rows, {e.resource_key: e.seq for e in entries},
            {e.resource_key: e.seq for e in before.entries} if before else {},
        ) if detailed is None or label in detailed else ()  # fmt: skip
        document = validations.get(label)
        view = validation_view(document, row.get("validation_status"))
        info = EditionInfo(
            label=label, source_file=row.get("source_file") or NO_VALUE,
            source_format=word_of(FORMAT_WORDS, row.get("source_format"), NO_VALUE),
            pages=row.get("pages"), entries=row.get("entries") or len(entries),
            ingested_at=_when(row.get("ingested_at"), time_zone), ingest_seq=row.get("ingest_seq"),
            is_latest=bool(row.get("is_latest")),
            pipeline_version=row.get("pipeline_version") or NO_VALUE,
            status=view.status, warnings=row.get("warnings"), previous=compared,
            counts=None if compared is None
            else _counts(changes) if detailed is None or label in detailed
            else _row_counts(change_rows),
        )  # fmt: skip
        editions[label] = Edition(info, entries, changes, view)
        previous = label
    return Catalog(tuple(editions.values()))
