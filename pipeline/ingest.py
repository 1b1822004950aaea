"""Ingest one edition: the one place the whole sequence is written.

``parse_edition`` reads and parses the file (pure after the read). ``publish_parsed`` does the
rest inside one store transaction: the edition's place in the order, the predecessor's (and,
when a label is re-published, the successor's) tables, the quality gate, the change records
against the in-memory tables, then one commit of tables, changes, reports and the validation
result (the catalog site is rebuilt after it). A refused edition commits only its quarantine
folder. ``ingest`` is both. ``ingest_new`` runs
``ingest`` over the files of a raw folder the store has not seen. The runners of
``pipeline.run`` (serial) and ``flows`` (Prefect, Dask), the benchmarks and the tests all call
these.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pyarrow as pa

from pipeline.change_record import ChangeSet, changes_between
from pipeline.changes.diff import CHANGES_SCHEMA
from pipeline.changes.report import ChangeCounts, format_counts
from pipeline.errors import PipelineError
from pipeline.models import Resource, SourceDocument
from pipeline.outputs import refresh_outputs
from pipeline.parse.document import parse_document
from pipeline.parse.sources import ReadOptions, read_source
from pipeline.profile import Profile, default_profile
from pipeline.quality.validate import (
    EditionQuarantined,
    ValidationReport,
    load_validator,
    result_document,
    validate_edition,
)
from pipeline.raw_inventory import (
    RawFile,
    describe_plan,
    edition_label,
    plan_ingestion,
    scan_raw,
)
from pipeline.store.layout import check_label
from pipeline.store.store import CuratedStore
from pipeline.store.transaction import EditionOrder, StoreTransaction
from pipeline.tables import build_tables, with_validation

__all__ = [
    "STAGES",
    "ChangeSummary",
    "IngestResult",
    "NewEditionsSummary",
    "ParsedEdition",
    "Progress",
    "describe_changes",
    "ingest",
    "ingest_new",
    "parse_edition",
    "publish_parsed",
]  # fmt: skip

#: The tables change detection reads of the neighbouring editions.
CHANGE_INPUTS: tuple[str, ...] = ("resources", "resource_items")


@dataclass(frozen=True)
class ParsedEdition:
    """An edition file read and parsed, not yet published."""

    document: SourceDocument
    resources: tuple[Resource, ...]


@dataclass(frozen=True, slots=True)
class ChangeSummary:
    """What one change record holds and where it was published."""

    edition: str
    previous: str
    counts: ChangeCounts
    rows: int
    table: str
    report_markdown: str
    report_html: str


@dataclass(frozen=True)
class IngestResult:
    """What one ingest published, for the CLI's summary lines."""

    edition: str
    source_file: str
    entries: int
    numeric_effort: int
    open_ended: int
    curated: str
    tables: str  # where its tables are, for people: ``curated/<table>/edition_dir=<label>/``
    files: tuple[str, ...]
    validation_status: str  # passed | warnings
    warnings: tuple[str, ...]  # one line per failed warning and entry
    report: str  # the edition's page of the catalog site (its checks, entries, changes), or
    # its validation.json when the site could not be rebuilt
    changes: ChangeSummary | None  # None for the first edition of a store


def describe_changes(summary: ChangeSummary | None, edition: str) -> str:
    """The summary line of a change record (or of a first edition, which has none)."""
    if summary is None:
        return f"{edition}: first edition in the store, no earlier edition to compare with"
    return (
        f"{summary.edition}: changes since {summary.previous}: {format_counts(summary.counts)};"
        f" report {summary.report_markdown}"
    )


#: Called with the name of each stage as it starts (``STAGES``), and again with the same name
#: and a detail while a long stage runs (``reading`` a PDF: ``page 37 of 500``).
Progress = Callable[..., None]
#: The stages of an ingest, in order.
STAGES: tuple[str, ...] = ("reading", "parsing", "validating", "comparing", "publishing")


def _quiet(_stage: str, _detail: str = "") -> None:
    """No progress display."""


def parse_edition(
    path: str | Path, profile: Profile | None = None, progress: Progress = _quiet,
    options: ReadOptions | None = None, *, checked: bool | None = None,
) -> ParsedEdition:
    """Read (a PDF as ``options`` say) and parse one edition file; ``checked``: what
    ``check_source`` answered when the caller ran it (``read_source``). Raises the source's
    and the parser's errors."""
    profile = profile or default_profile()
    progress("reading")

    def pages(read: int, total: int) -> None:
        progress("reading", f"page {read} of {total}")

    def ocr_pages(read: int, total: int) -> None:
        progress("reading", f"OCR page {read} of {total}")

    document = read_source(path, profile, on_page=pages, options=options, on_ocr_page=ocr_pages,
                           checked=checked)
    progress("parsing")
    return ParsedEdition(document, parse_document(document, profile))


def _stage_changes(tx: StoreTransaction, changes: ChangeSet) -> ChangeSummary:
    layout = tx.layout
    table = tx.stage_table("changes", changes.edition, changes.table, CHANGES_SCHEMA)
    markdown = tx.stage_text(layout.changes_report(changes.edition, "markdown"), changes.markdown)
    page = tx.stage_text(layout.changes_report(changes.edition, "html"), changes.html)
    where = tx.store.where
    return ChangeSummary(
        edition=changes.edition, previous=changes.previous, counts=changes.counts,
        rows=changes.rows, table=where(table), report_markdown=where(markdown),
        report_html=where(page),
    )  # fmt: skip


def _quarantine(
    tx: StoreTransaction, label: str, tables: Mapping[str, pa.Table], report: ValidationReport,
) -> EditionQuarantined:
    from pipeline.site import render_validation_page

    marked = with_validation(tables, report.status, report.warning_count)
    document = result_document(report)
    page = render_validation_page(json.loads(document), title=f"{label}: refused").decode()
    folder = tx.stage_quarantine(label, marked, document, page)
    tx.commit()
    return EditionQuarantined(replace(report, report_path=tx.store.where(
        tx.layout.quarantine_page(label))), tx.store.where(folder))


def _gate(tables: Mapping[str, pa.Table], label: str, profile: Profile, order: EditionOrder
          ) -> ValidationReport:  # fmt: skip
    """The quality gate on an edition about to take its place ``order``: against the edition
    before it and, when its label is re-published, the edition it replaces."""
    previous = order.previous.entries if order.previous else None
    replaced = order.replaced.entries if order.replaced else None
    return validate_edition(tables, label, profile=profile, previous_entries=previous,
                            replaced_entries=replaced)  # fmt: skip


def publish_parsed(
    parsed: ParsedEdition, label: str, store: CuratedStore, profile: Profile | None = None,
    progress: Progress = _quiet, *, database: bool = True,
) -> IngestResult:
    """Validate, diff and publish a parsed edition as ``label`` in one transaction, then
    refresh the store's outputs from what the commit changed (``pipeline.outputs``; the
    database only when ``database``: a run of many editions refreshes it once at its end).

    Raises ``EditionQuarantined`` (after committing the quarantine folder) when a critical
    expectation fails, ``PipelineError`` for a damaged neighbouring edition (before anything
    is published), ``PublishError`` when the store cannot be written.
    """
    check_label(label)
    profile = profile or default_profile()
    progress("validating")
    load_validator()  # not while holding the writer lock
    with store.transaction() as tx:
        order = tx.order_of(label, parsed.document.sha256)
        tables = build_tables(parsed.document, parsed.resources, order.ingested_at,
                              order.ingest_seq)  # fmt: skip
        previous = store.read(order.previous.edition, CHANGE_INPUTS) if order.previous else None
        successor = store.read(order.successor.edition, CHANGE_INPUTS) if order.successor else None
        report = _gate(tables, label, profile, order)
        if report.critical:
            raise _quarantine(tx, label, tables, report)
        progress("comparing")
        marked = with_validation(tables, report.status, report.warning_count)
        files = tx.stage_tables(label, marked)
        tx.stage_text(tx.layout.result(label), result_document(report))
        changes = None
        if order.previous is not None and previous is not None:
            changes = _stage_changes(tx, changes_between(order.previous.edition, previous,
                                                         label, marked))  # fmt: skip
        if order.successor is not None and successor is not None:
            _stage_changes(tx, changes_between(label, marked, order.successor.edition, successor))
        progress("publishing")
        tx.commit()
        # after the commit point, still holding the writer lock: no other run's refresh
        # interleaves with this one, and what a killed refresh left is removed by the next run
        refreshed = refresh_outputs(store, tx.changed, database=database,
                                    time_zone=profile.time_zone)
    # the edition's page only when the site shows it; else its committed validation.json
    page = store.layout.site_page(label) if refreshed.site else store.layout.result(label)
    resources = parsed.resources
    return IngestResult(
        edition=label, source_file=parsed.document.path, entries=len(resources),
        numeric_effort=sum(r.effort.max_days is not None for r in resources),
        open_ended=sum(r.effort.open_ended for r in resources), curated=store.root,
        tables=store.where(store.layout.partitions_hint(label)),
        files=tuple(map(store.where, files)), validation_status=report.status,
        warnings=tuple(w.describe() for w in report.warnings),
        report=store.where(page),
        changes=changes,
    )  # fmt: skip


def ingest(
    path: str | Path, label: str | None, store: CuratedStore, profile: Profile | None = None,
    progress: Progress = _quiet, options: ReadOptions | None = None, *, database: bool = True,
    checked: bool | None = None,
) -> IngestResult:
    """Ingest one edition file into ``store`` as ``label`` (default: the file's stem,
    ``edition_label``), a PDF read as ``options`` say; ``progress`` hears each stage as it
    starts. ``database``: as in ``publish_parsed``; ``checked``: as in ``parse_edition``."""
    name = edition_label(path, label)
    parsed = parse_edition(path, profile, progress, options, checked=checked)
    return publish_parsed(parsed, name, store, profile, progress, database=database)


@dataclass(frozen=True, slots=True)
class NewEditionsSummary:
    """What one ``ingest_new`` did: editions ingested (in order), files already in, files
    skipped (their content or label is taken)."""

    ingested: tuple[IngestResult, ...]
    already: tuple[str, ...]
    skipped: tuple[str, ...]


def ingest_new(
    raw_dir: str | Path, store: CuratedStore, profile: Profile | None = None, *,
    ingest_one: Callable[[RawFile], IngestResult] | None = None,
    say: Callable[[str], None] = print, complain: Callable[[str], None] = print,
) -> NewEditionsSummary:
    """Ingest the files of ``raw_dir`` whose content ``store`` has not seen, oldest first
    (``pipeline.raw_inventory``), each with ``ingest_one`` (default: ``ingest``; the scheduled
    flow passes its subflow). ``say`` gets the plan and one line per edition, ``complain``
    one line per failed file.

    Raises ``PipelineError`` naming the files that failed, after ingesting the others.
    """
    plan = plan_ingestion(
        scan_raw(Path(raw_dir)), store.ingested_sources(), store.quarantined_sources()
    )
    for line in describe_plan(plan, str(raw_dir)):
        say(line)
    one = ingest_one or (lambda raw: ingest(raw.path, raw.label, store, profile))
    done: list[IngestResult] = []
    failed: list[str] = []
    for raw in plan.new:
        try:
            result = one(raw)
        except PipelineError as error:
            complain(f"error: {error.located(raw.path)}")
            failed.append(raw.path.name)
            continue
        say(f"{result.edition}: {result.entries} entries ingested from {raw.path.name}")
        say(describe_changes(result.changes, result.edition))
        done.append(result)
    if failed:
        raise PipelineError(f"{len(failed)} new edition(s) failed: {', '.join(failed)}",
                            file=raw_dir)
    return NewEditionsSummary(
        ingested=tuple(done),
        already=tuple(str(f.path) for f in plan.already),
        skipped=tuple(str(s.path) for s in plan.skipped),
    )
