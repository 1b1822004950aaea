"""The curated tables: their fixed Arrow schemas and how resources become columns.

Schemas are explicit so every edition's files have identical column types, whatever its data
(an edition with no effort figures still has float64 ``effort_min``). The store adds
the ``edition`` column (the label, a string) in front of each table when it writes the file
(``pipeline.store``): in memory an edition's tables do not repeat their label.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from operator import attrgetter
from pathlib import PurePath
from typing import Any

import pyarrow as pa

from pipeline import __version__
from pipeline.models import Resource, SourceDocument
from pipeline.vocabulary import COLUMN_WORDS, OTHER_SECTION, SECTION_WORDS

__all__ = ["CHANGES_SCHEMA", "COLUMN_DESCRIPTIONS", "DESCRIPTION_KEY", "ITEM_SECTIONS",
           "OTHER_SECTION", "PERSON_DAY", "SCHEMAS",
           "STORED_SCHEMAS", "TABLE_NAMES", "build_tables", "person_days",
           "with_validation"]  # fmt: skip

_STR, _I32, _F64, _BOOL = pa.string(), pa.int32(), pa.float64(), pa.bool_()

#: A ``resources`` column's Chinese name (``pipeline.vocabulary``), in its description.
_ZH = COLUMN_WORDS["resources"]
#: The field metadata key of a column's description, as BI tools and ``pyarrow`` show it.
DESCRIPTION_KEY = "description"
#: Table → column → a short English description, stored in every file as the field's metadata
#: (``DESCRIPTION_KEY``), so a file explains its columns without docs/data-dictionary.md (which
#: has the full meaning, values and examples); a column the catalog labels starts with its
#: Chinese name from ``pipeline.vocabulary``. Every column needs one: a schema is built from
#: this table and fails at import for a column without.
COLUMN_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "editions": {
        "source_file": "file name the edition was read from",
        "source_sha256": "SHA-256 of the source file's bytes",
        "source_format": "text, pdf or docx",
        "pages": "page count of the source",
        "entries": "number of catalog entries found",
        "ingested_at": "when the edition was first ingested with these bytes (UTC)",
        "ingest_seq": "the edition's place in the store's order (1, 2, 3...)",
        "is_latest": "true for the last edition in the store's order",
        "pipeline_version": "version of catalog-pipeline that wrote it",
        "validation_status": "quality gate verdict when published: passed or warnings",
        "warnings": "number of warning expectations that failed",
        "ocr_pages": "number of pages whose text was read by OCR (0: all from a text layer)",
        "ocr_unsettled_spaces": "spaces between Chinese and Latin text OCR could not settle",
    },
    "resources": {
        "seq": "the entry's number in the catalog, 1..n",
        "resource_key": "stable key across editions: the name folded, without punctuation",
        "name": f"{_ZH['name']}: the resource's name",
        "builder_unit": f"{_ZH['builder_unit']}: the unit that built it",
        "builder_duties": f"{_ZH['builder_duties']}: the builder unit's duties",
        "network_types_text": f"{SECTION_WORDS['network_types']} as written",
        "overview": f"{_ZH['overview']}: overview",
        "supporting_text": f"{_ZH['supporting_text']} as written",
        "implementation": f"{_ZH['implementation']}: how to connect",
        "effort_text": f"{_ZH['effort_text']} as written",
        "effort_min": "headline effort, lower end, in effort_unit (weeks stay weeks); null "
        "when not stated",
        "effort_max": "headline effort, upper end, in effort_unit (weeks stay weeks); null "
        "when not stated",
        "effort_unit": "person_day, working_day, day, week or month",
        "effort_person_days_min": "effort_min when effort_unit is person_day, else null: the "
        "only effort column safe to sum as person-days",
        "effort_person_days_max": "effort_max when effort_unit is person_day, else null: the "
        "only effort column safe to sum as person-days",
        "source_ocr": "true when some line of the entry was read by OCR from a scanned page",
        "ocr_confidence": "lowest OCR confidence (0..1) of a character of the entry; null: no OCR",
        "ocr_uncertain_sections": "sections (label keys) holding a character OCR was unsure "
        "of, comma-separated; null when none",
        "effort_approximate": "the effort figure is approximate",
        "effort_open_ended": "some effort clause has no fixed figure",
        "effort_reading": "what the headline is: figure, zero, open_ended, unread or absent",
        "contact": f"{_ZH['contact']} as written",
        "contact_phone": "the first phone number, digits only",
        "contact_extension": "the first phone number's extension",
        "contact_person": "the named contact person",
        "source_line_start": "first line of the entry in the source",
        "source_line_end": "last line of the entry in the source",
        "source_page_start": "first page of the entry, 1-based",
        "source_page_end": "last page of the entry, 1-based",
    },
    "resource_items": {
        "resource_key": "the entry (join to resources)",
        "section": "functions, access_targets, supporting_docs, network_types, keywords, "
                   "contact_phones or other",
        "position": "1-based order within the entry and section",
        "text": "the item; for other, the section's whole text",
        "label": "for other: the section's label as written (主管单位); null for every other "
                 "section",
    },
    "effort_components": {
        "resource_key": "the entry (join to resources)",
        "position": "clause order, from 1",
        "text": "the clause as written",
        "scope": "what the figure is for",
        "party": "the party a breakdown clause assigns its figure to",
        "figure_min": "the clause's figure, lower end, in unit",
        "figure_max": "the clause's figure, upper end, in unit",
        "unit": "unit of the figure, as effort_unit",
        "person_days_min": "figure_min when unit is person_day, else null",
        "person_days_max": "figure_max when unit is person_day, else null",
        "approximate": "the figure is approximate",
        "open_ended": "the clause defers the figure",
        "condition": "a precondition stated before the figure",
    },
    "changes": {
        "from_edition": "the earlier edition compared",
        "to_edition": "the newer edition",
        "resource_key": "the entry's key (in the earlier edition for removed)",
        "name": "the entry's name, likewise",
        "change": "added, removed, renamed or modified",
        "field": "the changed field; null for added and removed",
        "old_value": "the value in the earlier edition as text",
        "new_value": "the value in the newer edition as text",
    },
}


def _described(table: str, schema: pa.Schema) -> pa.Schema:
    """``schema`` with each field's description from ``COLUMN_DESCRIPTIONS``. Schema checks
    (``Schema.equals``) ignore field metadata unless asked, so files written before the
    descriptions existed still match."""
    return pa.schema([
        field.with_metadata({DESCRIPTION_KEY: COLUMN_DESCRIPTIONS[table][field.name]})
        for field in schema
    ])


_COLUMN_TYPES: dict[str, pa.Schema] = {
    "editions": pa.schema([
        ("source_file", _STR), ("source_sha256", _STR), ("source_format", _STR),
        ("pages", _I32), ("entries", _I32), ("ingested_at", pa.timestamp("us", tz="UTC")),
        ("ingest_seq", _I32), ("is_latest", _BOOL),
        ("pipeline_version", _STR), ("validation_status", _STR), ("warnings", _I32),
        ("ocr_pages", _I32), ("ocr_unsettled_spaces", _I32),
    ]),
    "resources": pa.schema([
        ("seq", _I32), ("resource_key", _STR), ("name", _STR), ("builder_unit", _STR),
        ("builder_duties", _STR), ("network_types_text", _STR), ("overview", _STR),
        ("supporting_text", _STR), ("implementation", _STR), ("effort_text", _STR),
        ("effort_min", _F64), ("effort_max", _F64), ("effort_unit", _STR),
        ("effort_person_days_min", _F64), ("effort_person_days_max", _F64),
        ("effort_approximate", _BOOL), ("effort_open_ended", _BOOL), ("effort_reading", _STR),
        ("contact", _STR), ("contact_phone", _STR), ("contact_extension", _STR),
        ("contact_person", _STR), ("source_line_start", _I32), ("source_line_end", _I32),
        ("source_page_start", _I32), ("source_page_end", _I32),
        ("source_ocr", _BOOL), ("ocr_confidence", _F64), ("ocr_uncertain_sections", _STR),
    ]),
    "resource_items": pa.schema([
        ("resource_key", _STR), ("section", _STR), ("position", _I32), ("text", _STR),
        ("label", _STR),
    ]),
    "effort_components": pa.schema([
        ("resource_key", _STR), ("position", _I32), ("text", _STR), ("scope", _STR),
        ("party", _STR), ("figure_min", _F64), ("figure_max", _F64), ("unit", _STR),
        ("person_days_min", _F64), ("person_days_max", _F64),
        ("approximate", _BOOL), ("open_ended", _BOOL), ("condition", _STR),
    ]),
}
#: An edition's own tables, typed and described.
SCHEMAS: dict[str, pa.Schema] = {
    name: _described(name, schema) for name, schema in _COLUMN_TYPES.items()
}
#: One row per changed field of an entry between two editions (``pipeline.changes.diff``).
CHANGES_SCHEMA = _described("changes", pa.schema([
    ("from_edition", _STR), ("to_edition", _STR), ("resource_key", _STR), ("name", _STR),
    ("change", _STR), ("field", _STR), ("old_value", _STR), ("new_value", _STR),
]))
#: Every table the store publishes per edition: an edition's own, and its change record.
STORED_SCHEMAS: dict[str, pa.Schema] = {**SCHEMAS, "changes": CHANGES_SCHEMA}
#: Publishing order: ``editions`` last, so an edition is listed only once its data is in place.
TABLE_NAMES: tuple[str, ...] = ("resources", "resource_items", "effort_components", "editions")

#: ``resource_items.section`` → the Resource attribute holding that list. ``other`` holds
#: ``(label, text)`` pairs, not texts: the sections under labels the profile maps to no field,
#: one item each, its label in ``resource_items.label`` (``OTHER_SECTION``).
ITEM_SECTIONS: tuple[tuple[str, str], ...] = (
    ("functions", "functions"),
    ("access_targets", "access_targets"),
    ("supporting_docs", "supporting_docs"),
    ("network_types", "network_types"),
    ("keywords", "keywords"),
    ("contact_phones", "contact_phones"),
    ("other", "other_sections"),
)

#: The one unit whose figures may be added up as person-days. Working days, days, weeks and
#: months are durations, not person-days: converting them would be a guess (how many people,
#: how many days in a month), so their figures never reach a ``*person_days*`` column.
PERSON_DAY = "person_day"


def person_days(figure: float | None, unit: str | None) -> float | None:
    """``figure`` when it is counted in person-days, else None (a stated zero without a unit
    included: it adds nothing to a sum either way)."""
    return figure if unit == PERSON_DAY else None


#: ``resources`` column → how to read it from a Resource.
_RESOURCE_COLUMNS: dict[str, Callable[[Resource], Any]] = {
    "effort_text": lambda r: r.effort.text or None,
    "effort_min": lambda r: r.effort.min_days,
    "effort_max": lambda r: r.effort.max_days,
    "effort_unit": lambda r: r.effort.unit,
    "effort_person_days_min": lambda r: person_days(r.effort.min_days, r.effort.unit),
    "effort_person_days_max": lambda r: person_days(r.effort.max_days, r.effort.unit),
    "effort_approximate": lambda r: r.effort.approximate,
    "effort_open_ended": lambda r: r.effort.open_ended,
    "effort_reading": lambda r: r.effort.reading,
    "source_line_start": lambda r: r.line_start,
    "source_line_end": lambda r: r.line_end,
    "source_page_start": lambda r: r.page_start,
    "source_page_end": lambda r: r.page_end,
    "source_ocr": lambda r: r.ocr.used,
    "ocr_confidence": lambda r: r.ocr.confidence,
    "ocr_uncertain_sections": lambda r: ", ".join(r.ocr.uncertain) or None,
}


def _columns(schema: pa.Schema, rows: Sequence[dict[str, Any]]) -> pa.Table:
    arrays = [pa.array([row[field.name] for row in rows], type=field.type) for field in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def resources_table(resources: Sequence[Resource]) -> pa.Table:
    """One row per entry, columns as in ``SCHEMAS['resources']``."""
    schema = SCHEMAS["resources"]
    arrays = []
    for field in schema:
        read = _RESOURCE_COLUMNS.get(field.name) or attrgetter(field.name)
        arrays.append(pa.array([read(r) for r in resources], type=field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _labelled_items(resource: Resource, section: str, attribute: str
                    ) -> list[tuple[str | None, str]]:
    """(label, text) of each item of one section: the label only for ``other``."""
    if section == OTHER_SECTION:
        return list(resource.other_sections)
    return [(None, text) for text in getattr(resource, attribute)]


def items_table(resources: Sequence[Resource]) -> pa.Table:
    """One row per list item of each entry (and per ``other`` section, with its label),
    numbered from 1 within its section."""
    rows = [
        {"resource_key": r.resource_key, "section": section, "position": pos, "text": text,
         "label": label}
        for r in resources
        for section, attribute in ITEM_SECTIONS
        for pos, (label, text) in enumerate(_labelled_items(r, section, attribute), start=1)
    ]
    return _columns(SCHEMAS["resource_items"], rows)


def effort_table(resources: Sequence[Resource]) -> pa.Table:
    """One row per effort clause of each entry."""
    rows = [
        {"resource_key": r.resource_key, "position": c.position, "text": c.text,
         "scope": c.scope, "party": c.party, "figure_min": c.min_days, "figure_max": c.max_days,
         "unit": c.unit, "person_days_min": person_days(c.min_days, c.unit),
         "person_days_max": person_days(c.max_days, c.unit),
         "approximate": c.approximate, "open_ended": c.open_ended,
         "condition": c.condition}
        for r in resources
        for c in r.effort.components
    ]
    return _columns(SCHEMAS["effort_components"], rows)


def editions_table(
    document: SourceDocument, entries: int, ingested_at: datetime, ingest_seq: int | None = None
) -> pa.Table:
    """The single row describing this edition's source and run."""
    row = {"ingest_seq": ingest_seq, "is_latest": None,  # set by the store's commit
        "source_file": PurePath(document.path).name, "source_sha256": document.sha256,
        "source_format": document.source_format, "pages": document.pages, "entries": entries,
        "ingested_at": ingested_at, "pipeline_version": __version__,
        "validation_status": None, "warnings": None,  # set by ``with_validation``
        "ocr_pages": len(document.ocr_pages),
        "ocr_unsettled_spaces": document.ocr_unsettled_spaces,
    }
    return _columns(SCHEMAS["editions"], [row])


def with_validation(
    tables: Mapping[str, pa.Table], status: str, warnings: int
) -> dict[str, pa.Table]:
    """The same tables with the quality gate's verdict written into the ``editions`` row."""
    editions = tables["editions"]
    rows = [{**row, "validation_status": status, "warnings": warnings}
            for row in editions.to_pylist()]
    return {**tables, "editions": _columns(SCHEMAS["editions"], rows)}


def build_tables(
    document: SourceDocument, resources: Sequence[Resource], ingested_at: datetime,
    ingest_seq: int | None = None,
) -> dict[str, pa.Table]:
    """All curated tables of one edition, keyed by table name; ``ingest_seq`` is its place in
    the store's order (decided by the store's transaction)."""
    return {
        "resources": resources_table(resources),
        "resource_items": items_table(resources),
        "effort_components": effort_table(resources),
        "editions": editions_table(document, len(resources), ingested_at, ingest_seq),
    }
