"""``catalog ingest [PATH ...] [--edition LABEL] [--curated DIR] [--raw DIR] [--profile FILE]
[--ocr auto|always|never] [--pdf-engine pdfium|pdfplumber] [--runner serial|dask]``.

It parses the arguments, makes the jobs (``pipeline.run.EditionJob``, in the one edition
order), loads the profile once, picks the runner (``pipeline.run.run_serial``, or
``flows.ingest_many`` on a Dask cluster) and prints each ``Outcome`` with ``print_outcome``,
whichever runner gave it: the serial runner's as each edition ends, the cluster's once all are
done.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from dataclasses import asdict
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from pipeline.commands.profile_option import add_profile_option, loaded_profile
from pipeline.commands.progress import stage_display
from pipeline.commands.report_lines import derived_lines_only, failure_lines, verdict_line
from pipeline.commands.store_option import (
    add_catalog_option,
    add_curated_option,
    add_raw_option,
    location,
)
from pipeline.env_settings import DASK_ADDRESS_SETTING
from pipeline.errors import PipelineError
from pipeline.locations import without_options
from pipeline.parse.sources.options import (
    DEFAULT_OCR_MODE,
    DEFAULT_PDF_ENGINE,
    OCR_MODES,
    PDF_ENGINES,
    ReadOptions,
)
from pipeline.parse.sources.remote import local_copy
from pipeline.raw_inventory import order_edition_paths, raw_editions
from pipeline.run import EditionJob, Failure, Outcome, PublishedSources, run_serial
from pipeline.store.layout import check_catalog
from pipeline.terminal import for_terminal

if TYPE_CHECKING:
    from pipeline.ingest import IngestResult
    from pipeline.profile import Profile

__all__ = ["outcomes_document", "print_outcome", "register", "run"]

#: How editions are run: one after another here, or all at once on a Dask cluster.
RUNNERS = ("serial", "dask")
#: ``--workers`` at most, per core of this machine.
MOST_WORKERS_PER_CORE = 4
#: What an outcome with neither a result nor an error says (a runner that lost it).
NOT_PUBLISHED = "not published"


def register(commands: Any) -> None:
    """Add the ``ingest`` parser to the CLI's subparsers."""
    parser = commands.add_parser("ingest", help="ingest editions into the curated store")
    parser.add_argument("paths", nargs="*", type=location,
                        help="edition files, local or s3://… (default: all of raw/)")
    parser.add_argument("--edition", help="edition label (default: the file name's stem)")
    add_curated_option(parser, "output directory, or an object store: s3://bucket/prefix",
                       remote=True)  # fmt: skip
    add_catalog_option(parser)
    parser.add_argument(
        "--catalog-per-folder", action="store_true",
        help="each edition's catalog is its folder's name (raw/<catalog>/<edition>.pdf); with "
        "no path, the subfolders of raw/ are searched",
    )
    parser.add_argument(
        "--runner", choices=RUNNERS, default="serial",
        help="serial: one edition after another in this process (default); dask: every "
        "edition at once on a Dask cluster (PDF pages fanned out, each catalog's editions "
        f"published in order), a local one or ${DASK_ADDRESS_SETTING}'s",
    )
    parser.add_argument("--workers", type=_worker_count, default=None,
                        help="worker processes of the local Dask cluster, 1 to "
                        f"{MOST_WORKERS_PER_CORE}× the cores (default: one per core)")
    add_raw_option(parser, "folder (or s3://bucket/prefix) searched when no path is given",
                   remote=True)  # fmt: skip
    add_profile_option(parser)
    parser.add_argument(
        "--ocr", choices=OCR_MODES, default=DEFAULT_OCR_MODE,
        help="read PDF pages by OCR: auto, only pages without text (default); always, every "
        "page, ignoring the text layer; never, refuse pages without text",
    )
    parser.add_argument(
        "--pdf-engine", choices=PDF_ENGINES, default=DEFAULT_PDF_ENGINE,
        help=f"what reads a PDF's text layer (default {DEFAULT_PDF_ENGINE}; pdfplumber is the "
        "slower reference path)",
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    shown.add_argument("-v", "--verbose", action="store_true",
                       help="also print each stage of each edition and its duration")
    shown.add_argument("--json", action="store_true",
                       help="print one JSON document (every edition's summary and every error) "
                       "instead of lines")  # fmt: skip


def _worker_count(text: str) -> int:
    """``--workers``: a whole number from 1 to ``MOST_WORKERS_PER_CORE`` × the cores (each
    worker is a process holding a parser and its data: 200 of them grew to 4 GB)."""
    import os

    most = MOST_WORKERS_PER_CORE * (os.cpu_count() or 1)
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= most:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of workers from 1 to {most} "
            f"({MOST_WORKERS_PER_CORE} per core)")
    return number


def _edition_jobs(args: argparse.Namespace) -> list[EditionJob]:
    """The jobs of a run: the paths given, or every edition file of ``--raw``
    (``raw_editions``), each with its catalog and ``--edition``; catalog by catalog (each
    where its first path was), each catalog's in the one edition order."""
    paths: list[Path | str] = args.paths or raw_editions(args.raw,
                                                         per_folder=args.catalog_per_folder)
    if args.edition and len(paths) > 1:
        raise PipelineError("--edition names one edition; give one path with it")
    groups: dict[str | None, list[Path | str]] = {}
    for path in paths:
        catalog = _catalog_of(path) if args.catalog_per_folder else args.catalog
        groups.setdefault(catalog, []).append(path)
    return [EditionJob(str(path), catalog, args.edition)
            for catalog, found in groups.items() for path in order_edition_paths(found)]


def _catalog_of(path: Path | str) -> str:
    """The catalog an edition's folder names (``--catalog-per-folder``)."""
    name = PurePosixPath(without_options(path)).parent.name
    try:
        return check_catalog(name)
    except PipelineError:
        raise PipelineError(f"its folder {name!r} cannot name a catalog (letters, digits, "
                            "'.', '_' or '-')", file=str(path)) from None  # fmt: skip


@derived_lines_only
def run(args: argparse.Namespace) -> int:
    """Ingest each edition; per edition a summary line, the validation verdict with its page
    on the catalog site and any warnings; per bad input one error line (a quarantined edition
    adds its critical failures and report under it). Without paths, a file whose content is
    published is skipped with one line; a file asked for by name is ingested again."""
    if args.catalog and args.catalog_per_folder:
        raise PipelineError("--catalog and --catalog-per-folder exclude each other")
    if args.verbose:  # the libraries' own warnings (pdfplumber's font notes…): only with -v
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    jobs = _edition_jobs(args)
    profile = loaded_profile(args.profile)  # once, and a bad profile fails before any work
    quiet = args.quiet or args.json
    say = _ignore_line if quiet else _say
    published = None if args.paths else PublishedSources(args.curated, say)
    options = ReadOptions(pdf_engine=args.pdf_engine, ocr=args.ocr)
    if args.runner == "dask":
        outcomes = _run_distributed(args, jobs, profile, options, published)
        for outcome in outcomes:
            print_outcome(outcome, quiet=quiet)
    else:
        outcomes = run_serial(
            jobs, args.curated, profile, options,
            display=partial(stage_display, quiet=quiet, verbose=args.verbose),
            done=partial(print_outcome, quiet=quiet), published=published,
        )  # fmt: skip
    if args.json:
        json.dump(outcomes_document(outcomes), sys.stdout, ensure_ascii=False, indent=1,
                  default=str)  # fmt: skip
        print()
    return 1 if any(_failure(outcome) is not None for outcome in outcomes) else 0


def _say(line: str) -> None:
    print(for_terminal(line))


def _ignore_line(_line: str) -> None:
    """``-q``/``--json``: nothing but errors and the document."""


def _failure(outcome: Outcome) -> Failure | None:
    """Why ``outcome``'s edition was not published; None when it was."""
    if outcome.result is not None and outcome.error is None:
        return None
    shown = without_options(outcome.job.path)
    return outcome.error or Failure(shown, None, None, NOT_PUBLISHED)


def print_outcome(outcome: Outcome, *, quiet: bool = False) -> None:
    """The lines of one edition's outcome, whichever runner ran it. Published (unless
    ``quiet``): what, the verdict with its page, warnings, changes. Not published: the one
    error line on stderr, and a quarantined edition's critical failures and report under it."""
    failure = _failure(outcome)
    if failure is not None:
        print(f"error: {for_terminal(str(failure))}", file=sys.stderr)
        for line in failure_lines(failure.critical):
            print(line, file=sys.stderr)
        if failure.report is not None:
            print(f"  report: {failure.report}", file=sys.stderr)
    elif outcome.result is not None and not quiet:
        _print_summary(outcome.result)


def outcomes_document(outcomes: list[Outcome]) -> dict[str, list[dict[str, Any]]]:
    """``--json``'s document: every published edition's summary, every failure."""
    failures = [_failure(outcome) for outcome in outcomes]
    return {
        "editions": [asdict(outcome.result) for outcome, failure in zip(outcomes, failures,
                                                                         strict=True)
                     if failure is None and outcome.result is not None],
        "errors": [failure.document() for failure in failures if failure is not None],
    }  # fmt: skip


def _print_summary(summary: IngestResult) -> None:
    """The lines of one published edition: what, the verdict, warnings, changes."""
    from pipeline.ingest import describe_changes

    print(
        f"{summary.edition}: {summary.entries} entries, {summary.numeric_effort} with "
        f"numeric effort, {summary.open_ended} open-ended; tables in {summary.tables}"
    )
    print(verdict_line(summary.edition, summary.validation_status, summary.report))
    for warning in summary.warnings:
        print(f"  warning: {for_terminal(warning)}")
    if summary.changes is not None:
        print(describe_changes(summary.changes, summary.edition))


def _run_distributed(
    args: argparse.Namespace, jobs: list[EditionJob], profile: Profile, options: ReadOptions,
    published: PublishedSources | None,
) -> list[Outcome]:
    """``--runner dask``: every edition through ``flows.ingest_many`` on a Dask cluster, an
    edition on an object store fetched first (a failed download is its outcome); the
    outcomes named as the user named the editions, in the jobs' order."""
    import os

    if published is not None:
        jobs = published.unpublished(jobs)
        if not jobs:
            return []
    if os.environ.get(DASK_ADDRESS_SETTING):  # fails in seconds, not after a server starts
        from flows.ingest_many import reach_scheduler

        reach_scheduler(os.environ[DASK_ADDRESS_SETTING])
    with contextlib.ExitStack() as copies:
        fetched: dict[int, EditionJob] = {}
        outcomes: dict[int, Outcome] = {}
        for index, job in enumerate(jobs):
            try:
                copy = copies.enter_context(local_copy(job.path, profile))
            except PipelineError as error:
                outcomes[index] = Outcome(job, error=Failure.of(error, without_options(job.path)))
                continue
            fetched[index] = EditionJob(str(copy), job.catalog, job.edition)
        if fetched:
            ran = _on_the_cluster(args, list(fetched.values()), profile, options, jobs)
            for (index, copy_job), outcome in zip(fetched.items(), ran, strict=True):
                job, shown = jobs[index], without_options(jobs[index].path)
                failure = outcome.error and outcome.error.shown_as(copy_job.path, shown)
                outcomes[index] = Outcome(job, outcome.result, failure)
    return [outcomes[index] for index in range(len(jobs))]


def _on_the_cluster(args: argparse.Namespace, copies: list[EditionJob], profile: Profile,
                    options: ReadOptions, jobs: list[EditionJob]) -> list[Outcome]:  # fmt: skip
    """``flows.ingest_many.run_on_dask`` of the local ``copies``; an unreachable cluster is
    one error, and Ctrl-C first names what the workers published."""
    from flows.ingest_many import run_on_dask

    catalogs = [job.catalog for job in jobs]
    before = _published_editions(args.curated, catalogs)
    try:
        return run_on_dask(copies, args.curated, profile, options, workers=args.workers,
                           verbose=args.verbose)  # fmt: skip
    except (OSError, TimeoutError) as failed:
        raise _unreachable(failed) from None
    except KeyboardInterrupt:
        _say_what_workers_published(args, catalogs, before)
        raise


def _unreachable(error: BaseException) -> BaseException:
    """The one error of a Dask cluster that cannot be reached: the scheduler named by
    ``$DASK_SCHEDULER_ADDRESS`` when one is (``error`` itself otherwise)."""
    import os

    address = os.environ.get(DASK_ADDRESS_SETTING)
    if not address:
        return error
    return PipelineError(f"cannot reach the Dask scheduler at {address} "
                         f"(${DASK_ADDRESS_SETTING}): {error}")  # fmt: skip


def _published_editions(
    curated: Path | str, catalogs: list[str | None]
) -> set[tuple[str | None, str, str]]:
    """``(catalog, label, source SHA-256)`` of every edition published in those catalogs."""
    from pipeline.store.store import CuratedStore

    seen: set[tuple[str | None, str, str]] = set()
    for catalog in dict.fromkeys(catalogs):
        try:
            editions = CuratedStore(curated, catalog=catalog).editions()
        except (PipelineError, OSError):
            continue  # what cannot be read now is not said to have been published
        seen.update((catalog, e.edition, e.source_sha256) for e in editions)
    return seen


def _say_what_workers_published(
    args: argparse.Namespace, catalogs: list[str | None],
    before: set[tuple[str | None, str, str]],
) -> None:
    """Interrupted with the cluster up: the editions Dask workers published before it stay
    published; one line each (unless quiet), and the CLI's line says so."""
    from pipeline.interrupts import note_published

    published = sorted(_published_editions(args.curated, catalogs) - before,
                       key=lambda row: (row[0] or "", row[1]))  # fmt: skip
    for catalog, label, _ in published:
        note_published()
        if not (args.quiet or args.json):
            where = f" (catalog {for_terminal(catalog)})" if catalog else ""
            print(f"{for_terminal(label)}{where}: published before the interruption",
                  file=sys.stderr)


