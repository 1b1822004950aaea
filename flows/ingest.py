"""Prefect flow that ingests one edition: Extract and Transform (read and parse), then Check and
Load (validate, diff, publish in one store transaction: ``pipeline.ingest``).

Tasks are one-line wrappers around the plain functions; only the read retries, and only on I/O
errors (a bad edition fails at once). Great Expectations is imported inside the publish step.

Flow parameters are plain builtins (``str``, ``None``, ``object``), converted inside: a served
run gets the flow by value, whose globals hold only the names its code uses, so an annotation
naming a type alias (``OcrMode``) would not resolve there and Prefect could not validate the
call. The profile is ``object``: a file's path from a served run's JSON, or the ``Profile`` a
parent flow loaded once for all its editions (``pipeline.run.run_profile``).
"""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from pipeline.errors import PipelineError
from pipeline.ingest import IngestResult, ParsedEdition, parse_edition, publish_parsed
from pipeline.locations import DEFAULT_CURATED
from pipeline.parse.sources.options import (
    DEFAULT_OCR_MODE,
    DEFAULT_PDF_ENGINE,
    OCR_MODES,
    PDF_ENGINES,
    OcrMode,
    PdfEngine,
    ReadOptions,
)
from pipeline.profile import Profile
from pipeline.raw_inventory import edition_label
from pipeline.run.jobs import run_profile
from pipeline.store.layout import check_catalog
from pipeline.store.store import CuratedStore

__all__ = ["ingest_edition", "read_options", "retry_io_only"]

_ENGINES: dict[str, PdfEngine] = {name: name for name in PDF_ENGINES}
_OCR_MODES: dict[str, OcrMode] = {name: name for name in OCR_MODES}


def retry_io_only(_task: Any, _run: Any, state: Any) -> bool:
    """Retry a failed read or write unless the input itself is bad."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, OSError) and not isinstance(error, PipelineError)


def read_options(pdf_engine: str, ocr: str) -> ReadOptions:
    """The ``ReadOptions`` named by a flow's plain parameters; ``PipelineError`` naming the
    choices for an unknown engine or OCR mode."""
    engine, mode = _ENGINES.get(pdf_engine), _OCR_MODES.get(ocr)
    if engine is None:
        raise PipelineError(f"unknown PDF engine {pdf_engine!r}: one of {', '.join(PDF_ENGINES)}")
    if mode is None:
        raise PipelineError(f"unknown OCR mode {ocr!r}: one of {', '.join(OCR_MODES)}")
    return ReadOptions(pdf_engine=engine, ocr=mode)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1, retry_condition_fn=retry_io_only)
def read_and_parse(path: str, profile: Profile, options: ReadOptions) -> ParsedEdition:
    return parse_edition(path, profile, options=options)


@task(cache_policy=NO_CACHE)
def publish(parsed: ParsedEdition, label: str, curated: str, profile: Profile,
            catalog: str | None = None) -> IngestResult:  # fmt: skip
    return publish_parsed(parsed, label, CuratedStore(curated, catalog=catalog), profile)


@flow(name="ingest-edition", log_prints=True)
def ingest_edition(
    path: str, edition: str | None = None, curated: str = DEFAULT_CURATED, profile: object = None,
    ocr: str = DEFAULT_OCR_MODE, pdf_engine: str = DEFAULT_PDF_ENGINE,
    catalog: str | None = None,
) -> IngestResult:
    """Ingest one edition file into the curated store (into its ``catalog``, default the
    unnamed one); the label defaults to the file stem and the catalog profile (a TOML file's
    path, or a loaded ``Profile``) to the bundled one; a PDF is read with ``pdf_engine`` and
    its pages by OCR as ``ocr`` says (``pipeline.parse.sources.options``: ``OCR_MODES``,
    ``PDF_ENGINES``).

    Raises ``EditionQuarantined`` (after quarantining it) when a critical expectation fails.
    """
    label = edition_label(path, edition)
    rules = run_profile(profile)
    options = read_options(pdf_engine, ocr)
    if catalog is not None:
        check_catalog(catalog)
    return publish(read_and_parse(path, rules, options), label, curated, rules, catalog)
