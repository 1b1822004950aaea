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
Jobs and outcomes are ``pipeline.run``'s, the serial runner's own, so ``catalog ingest``
prints them alike whichever runner ran them.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.ingest import read_options
from flows.temporary_server import one_prefect_api
from pipeline.env_settings import DASK_ADDRESS_SETTING, count_setting, seconds_setting
from pipeline.errors import PipelineError
from pipeline.ingest import ParsedEdition, parse_edition, publish_parsed
from pipeline.locations import DEFAULT_CURATED
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
from pipeline.profile import Profile
from pipeline.run.jobs import EditionJob, Failure, Outcome, edition_job, run_profile
from pipeline.store.layout import check_catalog
from pipeline.store.store import CuratedStore

__all__ = [
    "PAGES_PER_TASK", "dask_runner", "ingest_many", "library_logs_off_the_terminal",
    "local_cluster", "one_prefect_api", "reach_scheduler", "run_on_dask",
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


@flow(name="ingest-many", log_prints=True)
def ingest_many(
    jobs: object, curated: str = DEFAULT_CURATED, profile: object = None,
    ocr: str = DEFAULT_OCR_MODE, pdf_engine: str = DEFAULT_PDF_ENGINE,
    pages_per_task: int | None = None,
) -> list[Outcome]:
    """Ingest ``jobs`` (a list, each an ``EditionJob`` or its fields as a mapping:
    ``edition_job``) into the store at ``curated``: one task per catalog reads, parses and
    publishes its editions in the order given, the catalogs at once; a PDF longer than
    ``pages_per_task`` pages (default ``$CATALOG_PAGES_PER_TASK`` or ``PAGES_PER_TASK``) is
    read first, its page ranges spread over the cluster. One outcome per job, in the order given.
    ``profile``: a profile file's path, or the profile a caller loaded already (``run_profile``).

    The parameters are builtins (``flows.ingest``'s docstring says why; ``jobs`` and
    ``profile`` are typed ``object`` so a list of ``EditionJob`` and a loaded ``Profile`` are
    ones too): the jobs are checked by ``edition_job``, the engine and OCR mode by
    ``read_options``."""
    per_task = pages_per_task or count_setting(PAGES_PER_TASK_SETTING, PAGES_PER_TASK)
    options = read_options(pdf_engine, ocr)
    if not isinstance(jobs, list | tuple):
        raise PipelineError(f"the editions to ingest are a list, not {type(jobs).__name__}")
    editions = [edition_job(given) for given in jobs]
    for job in editions:  # refuse a bad label or catalog before any work
        _ = job.label
        if job.catalog is not None:
            check_catalog(job.catalog)
    rules = run_profile(profile)
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


def run_on_dask(
    jobs: Sequence[EditionJob], curated: Path | str, profile: Profile, options: ReadOptions, *,
    workers: int | None = None, verbose: bool = False,
) -> list[Outcome]:
    """The Dask runner: ``ingest_many`` of local ``jobs`` on ``dask_runner(workers)``, with
    ``profile`` (loaded already) and ``options``; one ``Outcome`` per job, in order, as
    ``pipeline.run.run_serial`` gives them. Library log lines stay off the terminal unless
    ``verbose``; a run without ``PREFECT_API_URL`` starts Prefect's temporary server
    (``one_prefect_api``). Raises ``OSError``/``TimeoutError`` when the cluster cannot be
    reached."""
    flow_run = ingest_many.with_options(task_runner=dask_runner(workers))
    with library_logs_off_the_terminal(verbose), one_prefect_api():
        outcomes: list[Outcome] = flow_run(list(jobs), str(curated), profile, options.ocr,
                                           options.pdf_engine)  # fmt: skip
    return outcomes


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
