"""Prefect flow that ingests many editions of many catalogs at once on a task runner: a local
Dask cluster (``DaskTaskRunner``), an existing one (``DASK_SCHEDULER_ADDRESS``), or Prefect's
threads.

The work is split where it is independent:

* each catalog is one task that reads, parses and publishes its editions in the order given
  (an edition's changes are against the one before it in its catalog); the catalogs' tasks
  run at once (each catalog has its own writer lock);
* a PDF longer than one page range is read first as page ranges, each a task
  (``pdf_page_count`` → ``read_pdf_page_range`` × n → ``pdf_document``), so one big PDF
  spreads over the cluster, and its catalog's task gets it parsed.

Few tasks, on purpose: each Prefect task run is a few API calls to the Prefect server, which
on a small machine takes the CPU the parsers need (a task per edition made 200 editions
slower than the serial path on 2 cores).

Tasks are thin wrappers around the plain functions of ``pipeline``; a bad edition is one
error in the outcome, not a failed flow, and the catalog's next edition is still published.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.ingest import read_options
from flows.temporary_server import one_prefect_api
from pipeline.env_settings import DASK_ADDRESS_SETTING, count_setting, seconds_setting
from pipeline.errors import PipelineError, PublishError
from pipeline.ingest import IngestResult, ParsedEdition, parse_edition, publish_parsed
from pipeline.outputs import rebuild_database
from pipeline.parse.document import parse_document
from pipeline.parse.sources import is_pdf
from pipeline.parse.sources.options import (
    DEFAULT_OCR_MODE,
    DEFAULT_PDF_ENGINE,
    OcrMode,
    ReadOptions,
)
from pipeline.parse.sources.pdf import pdf_document, pdf_page_count, read_pdf_page_range
from pipeline.parse.sources.pdf_layout import PdfPage
from pipeline.parse.workers import chunk_bounds
from pipeline.profile import Profile, default_profile, load_profile
from pipeline.store.layout import check_catalog, check_label
from pipeline.store.store import CuratedStore

__all__ = [
    "PAGES_PER_TASK", "EditionJob", "Failure", "Outcome", "dask_runner", "edition_job",
    "ingest_many", "library_logs_off_the_terminal", "local_cluster", "one_prefect_api",
    "reach_scheduler",
]  # fmt: skip

#: Seconds to connect to an existing Dask scheduler (one that accepts and never answers would
#: otherwise hang the run)…
DASK_CONNECT_TIMEOUT = 30.0
#: …unless this environment variable says otherwise.
DASK_CONNECT_TIMEOUT_SETTING = "CATALOG_DASK_CONNECT_TIMEOUT"
#: What keeps library log lines off the terminal in the Dask worker processes (they read it
#: from their environment): dask.distributed's own handler, Prefect's console handler.
WORKER_LOG_SETTINGS = {"DASK_LOGGING__DISTRIBUTED": "critical",
                       "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL"}  # fmt: skip
#: Seconds a local cluster whose start was interrupted has to close.
CLUSTER_CLOSE_SECONDS = 10.0
#: A PDF is read in page ranges of about this many pages, one task each…
PAGES_PER_TASK = 64
#: …unless this environment variable says otherwise.
PAGES_PER_TASK_SETTING = "CATALOG_PAGES_PER_TASK"


@dataclass(frozen=True, slots=True)
class EditionJob:
    """One edition to ingest: its file, its catalog (None: the store's unnamed one) and its
    label (None: the file's stem)."""

    path: str
    catalog: str | None = None
    edition: str | None = None

    @property
    def label(self) -> str:
        return check_label(self.edition or Path(self.path).stem)


@dataclass(frozen=True, slots=True)
class Failure:
    """Why an edition was not published: the error line's parts (``PipelineError``'s)."""

    file: str | None
    line: int | None
    page: int | None
    problem: str

    @classmethod
    def of(cls, error: PipelineError, path: str) -> Failure:
        """``error`` (named by the file ``path`` unless it is the store's own)."""
        located = error if isinstance(error, PublishError) else error.located(path)
        return cls(located.file, located.line, located.page, located.problem)

    def __str__(self) -> str:
        return str(PipelineError(self.problem, file=self.file, line=self.line, page=self.page))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one edition: published (``result``) or not (``error``)."""

    job: EditionJob
    result: IngestResult | None = None
    error: Failure | None = None


@task(cache_policy=NO_CACHE)
def read_page_range(path: str, start: int, stop: int, engine: str) -> list[PdfPage] | Failure:
    """The pages, or the ``Failure`` of a damaged one (a value, so the tasks that take it
    still run and report it)."""
    try:
        return read_pdf_page_range(Path(path), start, stop, engine)
    except PipelineError as error:
        return Failure.of(error, path)


@task(cache_policy=NO_CACHE)
def assemble_pdf(path: str, ranges: list[list[PdfPage] | Failure], digest: str,
                 profile: Profile, ocr: OcrMode) -> ParsedEdition | Failure:  # fmt: skip
    failed = next((found for found in ranges if isinstance(found, Failure)), None)
    if failed is not None:
        return failed
    pages = [page for found in ranges if not isinstance(found, Failure) for page in found]
    try:
        document = pdf_document(Path(path), pages, digest, profile, ocr=ocr)
        return ParsedEdition(document, parse_document(document, profile))
    except PipelineError as error:
        return Failure.of(error, path)


@task(cache_policy=NO_CACHE)
def ingest_catalog(
    curated: str, catalog: str | None, jobs: list[EditionJob], read: dict[int, Any],
    profile: Profile, options: ReadOptions,
) -> list[Outcome]:  # fmt: skip
    """Read, parse and publish one catalog's editions in order: ``read`` holds those read
    already (index → ``ParsedEdition``, or the ``Failure`` that stopped it), the big PDFs
    whose page ranges were other tasks."""
    # catalog.duckdb spans every catalog: rebuilt once, when all catalogs are done
    store = CuratedStore(curated, catalog=catalog)
    outcomes = []
    for index, job in enumerate(jobs):
        try:
            parsed = read[index] if index in read else parse_edition(job.path, profile,
                                                                     options=options)  # fmt: skip
            if isinstance(parsed, Failure):
                outcomes.append(Outcome(job, error=parsed))
                continue
            outcomes.append(Outcome(job, publish_parsed(parsed, job.label, store, profile,
                                                        database=False)))
        except PipelineError as error:
            outcomes.append(Outcome(job, error=Failure.of(error, job.path)))
    return outcomes


def _fanned_out(job: EditionJob, profile: Profile, options: ReadOptions, pages_per_task: int
                ) -> Any | None:  # fmt: skip
    """For a PDF longer than ``pages_per_task`` pages: the future of its ``ParsedEdition``,
    its page ranges each a task (or its ``Failure`` when counting its pages refused it);
    None for any other edition (its catalog's task reads it)."""
    if not is_pdf(Path(job.path)):
        return None
    try:
        count, digest = pdf_page_count(Path(job.path), profile, options.pdf_engine)
    except PipelineError as error:
        return Failure.of(error, job.path)
    if count <= pages_per_task:
        return None
    ranges = [read_page_range.submit(job.path, start, stop, options.pdf_engine)
              for start, stop in chunk_bounds(count, -(-count // pages_per_task))]  # fmt: skip
    return assemble_pdf.submit(job.path, ranges, digest, profile, options.ocr)  # type: ignore[arg-type]


def edition_job(given: object) -> EditionJob:
    """One of ``ingest_many``'s jobs as an ``EditionJob``: one already, or a mapping of its
    fields (``path``, and optionally ``catalog`` and ``edition``, each a string or None: what
    a served run's JSON parameters hold); ``PipelineError`` naming it otherwise."""
    if isinstance(given, EditionJob):
        return given
    fields = ("path", "catalog", "edition")
    if (isinstance(given, Mapping) and isinstance(given.get("path"), str)
            and set(given) <= set(fields)
            and all(isinstance(given.get(name), str | None) for name in fields)):  # fmt: skip
        return EditionJob(given["path"], given.get("catalog"), given.get("edition"))
    raise PipelineError(f"not an edition to ingest: {given!r} (a path, and optionally a "
                        "catalog and an edition label)")  # fmt: skip


@flow(name="ingest-many", log_prints=True)
def ingest_many(
    jobs: object, curated: str = "curated", profile: str | None = None,
    ocr: str = DEFAULT_OCR_MODE, pdf_engine: str = DEFAULT_PDF_ENGINE,
    pages_per_task: int | None = None,
) -> list[Outcome]:
    """Ingest ``jobs`` (a list, each an ``EditionJob`` or its fields as a mapping:
    ``edition_job``) into the store at ``curated``: one task per catalog reads, parses and
    publishes its editions in the order given, the catalogs at once; a PDF longer than
    ``pages_per_task`` pages (default ``$CATALOG_PAGES_PER_TASK`` or ``PAGES_PER_TASK``) is
    read first, its page ranges spread over the cluster. One outcome per job, in the order given.

    The parameters are builtins (``flows.ingest``'s docstring says why; ``jobs`` is typed
    ``object`` so a list of ``EditionJob`` is one too): the jobs are checked by
    ``edition_job``, the engine and OCR mode by ``read_options``."""
    per_task = pages_per_task or count_setting(PAGES_PER_TASK_SETTING, PAGES_PER_TASK)
    options = read_options(pdf_engine, ocr)
    if not isinstance(jobs, list | tuple):
        raise PipelineError(f"the editions to ingest are a list, not {type(jobs).__name__}")
    editions = [edition_job(given) for given in jobs]
    for job in editions:  # refuse a bad label or catalog before any work
        _ = job.label
        if job.catalog is not None:
            check_catalog(job.catalog)
    rules = load_profile(profile) if profile else default_profile()
    by_catalog: dict[str | None, list[int]] = {}
    for index, job in enumerate(editions):
        by_catalog.setdefault(job.catalog, []).append(index)
    big = {index: found for index, job in enumerate(editions)
           if (found := _fanned_out(job, rules, options, per_task or PAGES_PER_TASK))
           is not None}  # fmt: skip
    running = {}
    for catalog, indexes in by_catalog.items():
        # the big PDFs' futures: the catalog's task starts when they are parsed
        read = {k: big[i] for k, i in enumerate(indexes) if i in big}
        running[catalog] = ingest_catalog.submit(
            curated, catalog, [editions[i] for i in indexes], read, rules, options)
    outcomes: dict[int, Outcome] = {}
    for catalog, indexes in by_catalog.items():
        outcomes.update(zip(indexes, running[catalog].result(), strict=True))
    if any(outcome.result is not None for outcome in outcomes.values()):
        rebuild_database(CuratedStore(curated))
    return [outcomes[index] for index in range(len(editions))]


def dask_runner(workers: int | None = None, address: str | None = None) -> Any:
    """A ``DaskTaskRunner``: on the scheduler at ``address`` (default
    ``$DASK_SCHEDULER_ADDRESS``), else on a local cluster of ``workers`` processes of one
    thread each (the parsers hold the GIL)."""
    from prefect_dask.task_runners import DaskTaskRunner

    address = address or os.environ.get(DASK_ADDRESS_SETTING) or None
    if address:
        seconds = seconds_setting(DASK_CONNECT_TIMEOUT_SETTING, DASK_CONNECT_TIMEOUT,
                                  allow_zero=False)  # fmt: skip
        return DaskTaskRunner(address=address, client_kwargs={"timeout": f"{seconds}s"})
    return DaskTaskRunner(cluster_class=local_cluster, cluster_kwargs={
        "n_workers": workers or os.cpu_count() or 1, "threads_per_worker": 1,
        "processes": True, "dashboard_address": None,
    })  # fmt: skip


def local_cluster(**options: Any) -> Any:
    """A ``distributed.LocalCluster`` of ``options`` (``dask_runner``'s). When its start is cut
    short (Ctrl-C while the workers start), the cluster is half made and nothing holds it: it
    is closed here, before the interruption goes on, and not again at exit (distributed's own
    close at exit printed an ``AssertionError`` traceback after the run's error line). Its
    worker processes die with this one in any case (distributed watches their parent)."""
    from distributed import LocalCluster
    from distributed.deploy.spec import SpecCluster

    before = set(SpecCluster._instances)
    try:
        return LocalCluster(**options)  # type: ignore[no-untyped-call]
    except BaseException:
        for cluster in set(SpecCluster._instances) - before:
            cluster.shutdown_on_close = False  # not again at exit
            with contextlib.suppress(Exception):  # half made: whatever it can close
                cluster.close(timeout=CLUSTER_CLOSE_SECONDS)
        raise


@contextmanager
def library_logs_off_the_terminal(shown: bool = False) -> Iterator[None]:
    """For the ``with`` block, unless ``shown``: no log line reaches the terminal, in this
    process (every handler writing to a stream, the root logger's included, is set above
    ``CRITICAL``) and in the Dask workers it starts (``WORKER_LOG_SETTINGS``). Prefect logs
    its flow and task runs through the root logger's console handler, and dask.distributed's
    cluster lines and tracebacks propagate to it, as pdfminer's warnings do: what the run has
    to say is its own lines (``print``). Handlers that do not write to a stream (Prefect's API
    log, a file) are left alone. A block left by an exception leaves them muted (below)."""
    if shown:
        yield
        return
    loggers = [logging.root, *(found for found in logging.root.manager.loggerDict.values()
                               if isinstance(found, logging.Logger))]  # fmt: skip
    muted = [(handler, handler.level) for logger in loggers for handler in logger.handlers
             if isinstance(handler, logging.StreamHandler)
             and not isinstance(handler, logging.FileHandler)]  # fmt: skip
    for handler, _ in muted:
        handler.setLevel(logging.CRITICAL + 1)
    saved = {name: os.environ.get(name) for name in WORKER_LOG_SETTINGS}
    os.environ.update(WORKER_LOG_SETTINGS)
    try:
        yield
    except BaseException:
        # the run is ending (Ctrl-C, an error): the handlers stay muted, as distributed
        # tears a cluster cut short down at exit (stray workers reaped), logging as it goes
        muted.clear()
        raise
    finally:
        for handler, level in muted:
            handler.setLevel(level)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def reach_scheduler(address: str) -> None:
    """Ask the Dask scheduler at ``address`` who it is, within ``$CATALOG_DASK_CONNECT_TIMEOUT``
    (default ``DASK_CONNECT_TIMEOUT``) seconds: a closed port or a server that accepts and
    never answers (dask's own client then waits for ever) is one ``PipelineError`` naming
    ``$DASK_SCHEDULER_ADDRESS``, before a Prefect server is started."""
    import asyncio

    from distributed.core import rpc

    seconds = seconds_setting(DASK_CONNECT_TIMEOUT_SETTING, DASK_CONNECT_TIMEOUT,
                              allow_zero=False)  # fmt: skip

    async def identity() -> object:
        async with rpc(address) as scheduler:  # type: ignore[no-untyped-call]
            return await scheduler.identity()

    try:
        asyncio.run(asyncio.wait_for(identity(), seconds))
    except (OSError, TimeoutError, ValueError) as error:
        why = f"no answer in {seconds:g} s" if isinstance(error, TimeoutError) else str(error)
        raise PipelineError(f"cannot reach the Dask scheduler at {address} "
                            f"(${DASK_ADDRESS_SETTING}, ${DASK_CONNECT_TIMEOUT_SETTING}): "
                            f"{why}") from None  # fmt: skip
