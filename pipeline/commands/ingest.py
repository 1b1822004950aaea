"""``catalog ingest [PATH ...] [--edition LABEL] [--curated DIR] [--raw DIR] [--profile FILE]
[--ocr auto|always|never] [--pdf-engine pdfium|pdfplumber]``."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from pipeline.commands.profile_option import add_profile_option, checked_profile
from pipeline.commands.progress import stage_display
from pipeline.commands.report_lines import derived_lines_only, failure_lines, verdict_line
from pipeline.commands.store_option import add_catalog_option, location
from pipeline.env_settings import DASK_ADDRESS_SETTING
from pipeline.errors import PipelineError, PublishError, SourceMissing
from pipeline.parse.sources import EDITION_SUFFIXES
from pipeline.parse.sources.options import (
    DEFAULT_OCR_MODE,
    DEFAULT_PDF_ENGINE,
    OCR_MODES,
    PDF_ENGINES,
    ReadOptions,
)
from pipeline.parse.sources.remote import fetch_remote, list_remote
from pipeline.quality.validate import EditionQuarantined
from pipeline.raw_inventory import already_published_line, file_sha256, order_edition_paths
from pipeline.store.layout import check_catalog
from pipeline.terminal import for_terminal

if TYPE_CHECKING:
    from pipeline.ingest import IngestResult
    from pipeline.profile import Profile

__all__ = ["DEFAULT_CURATED", "DEFAULT_RAW", "raw_editions", "register", "run"]

DEFAULT_RAW = Path("raw")
#: How editions are run: one after another here, or all at once on a Dask cluster.
RUNNERS = ("serial", "dask")
#: ``--workers`` at most, per core of this machine.
MOST_WORKERS_PER_CORE = 4

DEFAULT_CURATED = Path("curated")


def register(commands: Any) -> None:
    """Add the ``ingest`` parser to the CLI's subparsers."""
    parser = commands.add_parser("ingest", help="ingest editions into the curated store")
    parser.add_argument("paths", nargs="*", type=location,
                        help="edition files, local or s3://… (default: all of raw/)")
    parser.add_argument("--edition", help="edition label (default: the file name's stem)")
    parser.add_argument("--curated", type=location, default=DEFAULT_CURATED,
                        help="output directory, or an object store: s3://bucket/prefix")
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
    parser.add_argument(
        "--raw", type=location, default=DEFAULT_RAW,
        help="folder (or s3://bucket/prefix) searched when no path is given"
    )
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


def raw_editions(raw: Path | str, per_folder: bool = False) -> list[Path | str]:
    """Edition files in ``raw`` (by suffix; URIs when it is on an object store), or
    (``per_folder``) in each of its subfolders, folder by folder; each folder's files in the
    one edition order (``pipeline.raw_inventory.order_edition_paths``); raises when there are
    none."""
    if per_folder:
        if isinstance(raw, str):
            raise PipelineError("--catalog-per-folder searches a local raw folder", file=raw)
        if not raw.is_dir():
            raise SourceMissing("no such folder", file=raw)
        found = [file for folder in sorted(p for p in raw.iterdir() if p.is_dir())
                 for file in order_edition_paths(
                     f for f in folder.iterdir()
                     if f.is_file() and f.suffix.lower() in EDITION_SUFFIXES)]  # fmt: skip
        if not found:
            raise SourceMissing("no edition files in its subfolders", file=raw)
        return list[Path | str](found)
    if isinstance(raw, str):
        return list[Path | str](order_edition_paths(list_remote(raw, EDITION_SUFFIXES)))
    if not raw.is_dir():
        raise SourceMissing("no such folder", file=raw)
    files = [p for p in raw.iterdir() if p.is_file() and p.suffix.lower() in EDITION_SUFFIXES]
    if not files:
        raise SourceMissing(f"no edition files ({', '.join(sorted(EDITION_SUFFIXES))})", file=raw)
    return list[Path | str](order_edition_paths(files))


def _in_edition_order(paths: list[Path | str], catalogs: list[str | None]
                      ) -> tuple[list[Path | str], list[str | None]]:  # fmt: skip
    """Paths given on the command line in the one edition order, catalog by catalog (each
    catalog where its first path was)."""
    groups: dict[str | None, list[Path | str]] = {}
    for path, catalog in zip(paths, catalogs, strict=True):
        groups.setdefault(catalog, []).append(path)
    ordered = [(path, catalog) for catalog, found in groups.items()
               for path in order_edition_paths(found)]  # fmt: skip
    return [path for path, _ in ordered], [catalog for _, catalog in ordered]


@derived_lines_only
def run(args: argparse.Namespace) -> int:
    """Ingest each edition; per edition a summary line, the validation verdict with its page
    on the catalog site and any warnings; per bad input one error line (a quarantined edition
    adds its critical failures and report under it)."""
    if args.catalog and args.catalog_per_folder:
        raise PipelineError("--catalog and --catalog-per-folder exclude each other")
    if args.verbose:  # the libraries' own warnings (pdfplumber's font notes…): only with -v
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    paths: list[Path | str] = args.paths or raw_editions(args.raw, args.catalog_per_folder)
    if args.edition and len(paths) > 1:
        raise PipelineError("--edition names one edition; give one path with it")
    catalogs = [_catalog_of(path) if args.catalog_per_folder else args.catalog for path in paths]
    paths, catalogs = _in_edition_order(paths, catalogs)
    # without paths, a file whose content is published is skipped (as serve does); a file
    # asked for by name is ingested again
    published = None if args.paths else _PublishedSources(args.curated)
    if args.runner == "dask":
        if published is not None:
            paths, catalogs = published.unpublished(paths, catalogs, args)
            if not paths:
                if args.json:
                    print(json.dumps({"editions": [], "errors": []}))
                return 0
        return _run_distributed(args, paths, catalogs)
    profile = checked_profile(args.profile)  # a bad profile fails before any work
    from pipeline.parse.sources import check_source
    from pipeline.profile import default_profile, load_profile

    rules = load_profile(profile) if profile else default_profile()
    options = ReadOptions(pdf_engine=args.pdf_engine, ocr=args.ocr)
    done: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for given, catalog in zip(paths, catalogs, strict=True):
        shown = str(given).split("?", 1)[0]  # a URI without its options
        label = args.edition or PurePosixPath(shown).stem
        try:
            with local_copy(given, rules) as path:
                sha = None if published is None else published.sha_if_new(path, catalog, args)
                if published is not None and sha is None:
                    continue
                check_source(path, rules)  # exists, readable, size, format: before heavy imports
                with stage_display(label, quiet=args.quiet or args.json,
                                   verbose=args.verbose) as display:  # fmt: skip
                    from pipeline.ingest import ingest  # pandas, pyarrow, jieba: shown starting
                    from pipeline.store.store import CuratedStore

                    store = CuratedStore(args.curated, catalog=catalog)
                    # with many editions, catalog.duckdb is refreshed once, at the end
                    summary = ingest(path, args.edition, store, rules, display, options,
                                     database=len(paths) == 1)  # fmt: skip
        except PipelineError as error:
            # a store error concerns the store, not this edition: named as it is
            located = error if isinstance(error, PublishError) else error.located(shown)
            if isinstance(given, str) and located.file and located.file != shown:
                located.file = shown  # the fetched copy's path means nothing to the user
            _print_error(located)
            errors.append({"file": located.file, "line": located.line, "page": located.page,
                           "problem": located.problem})  # fmt: skip
            continue
        done.append(asdict(summary))
        if published is not None and sha is not None:
            published.add(catalog, sha, summary.edition)
        if not (args.quiet or args.json):
            _print_summary(summary, store.where(store.layout.partitions_hint(summary.edition)))
    if done and len(paths) > 1:
        from pipeline.outputs import rebuild_database
        from pipeline.store.store import CuratedStore

        rebuild_database(CuratedStore(args.curated))
    if args.json:
        json.dump({"editions": done, "errors": errors}, sys.stdout, ensure_ascii=False,
                  indent=1, default=str)  # fmt: skip
        print()
    return 1 if errors else 0


class _PublishedSources:
    """What each catalog of the store has published (source SHA-256 → label), read once per
    catalog and kept up to date by the run, so files already in are skipped with one line."""

    def __init__(self, curated: Path | str) -> None:
        self.curated = curated
        self.by_catalog: dict[str | None, dict[str, str]] = {}

    def _of(self, catalog: str | None) -> dict[str, str]:
        if catalog not in self.by_catalog:
            from pipeline.store.store import CuratedStore

            store = CuratedStore(self.curated, catalog=catalog)
            self.by_catalog[catalog] = store.ingested_sources()
        return self.by_catalog[catalog]

    def sha_if_new(self, path: Path, catalog: str | None, args: argparse.Namespace
                   ) -> str | None:  # fmt: skip
        """The file's SHA-256 when its content is not published in ``catalog``; else None,
        after printing the skip line (unless ``-q``/``--json``)."""
        try:
            sha = file_sha256(path)
        except OSError:
            return ""  # unreadable: the source check names the problem
        label = self._of(catalog).get(sha)
        if label is None:
            return sha
        if not (args.quiet or args.json):
            print(for_terminal(already_published_line(path.name, label)))
        return None

    def add(self, catalog: str | None, sha: str, label: str) -> None:
        if sha:
            self._of(catalog)[sha] = label

    def unpublished(self, paths: list[Path | str], catalogs: list[str | None],
                    args: argparse.Namespace) -> tuple[list[Path | str], list[str | None]]:
        """The local files among ``paths`` whose content is not published (URIs are kept:
        their content is known only once fetched)."""
        kept = [(path, catalog) for path, catalog in zip(paths, catalogs, strict=True)
                if not isinstance(path, Path) or self.sha_if_new(path, catalog, args) is not None]
        return [path for path, _ in kept], [catalog for _, catalog in kept]


def _catalog_of(path: Path | str) -> str:
    """The catalog an edition's folder names (``--catalog-per-folder``)."""
    name = PurePosixPath(str(path).split("?", 1)[0]).parent.name
    try:
        return check_catalog(name)
    except PipelineError:
        raise PipelineError(f"its folder {name!r} cannot name a catalog (letters, digits, "
                            "'.', '_' or '-')", file=str(path)) from None  # fmt: skip


def _run_distributed(args: argparse.Namespace, paths: list[Path | str],
                     catalogs: list[str | None]) -> int:  # fmt: skip
    """``--runner dask``: every edition through ``flows.ingest_many`` on a Dask cluster; the
    same lines as the serial path, edition by edition, once all are done."""
    from flows.ingest_many import (
        EditionJob,
        dask_runner,
        ingest_many,
        library_logs_off_the_terminal,
        one_prefect_api,
        reach_scheduler,
    )

    profile = checked_profile(args.profile)
    import os

    from pipeline.profile import default_profile, load_profile

    rules = load_profile(profile) if profile else default_profile()

    if os.environ.get(DASK_ADDRESS_SETTING):  # fails in seconds, not after a server starts
        reach_scheduler(os.environ[DASK_ADDRESS_SETTING])
    with contextlib.ExitStack() as copies:
        jobs = [EditionJob(str(copies.enter_context(local_copy(path, rules))), catalog,
                           args.edition)
                for path, catalog in zip(paths, catalogs, strict=True)]  # fmt: skip
        flow = ingest_many.with_options(task_runner=dask_runner(args.workers))
        before = _published_editions(args.curated, catalogs)
        with library_logs_off_the_terminal(args.verbose), one_prefect_api():
            try:
                outcomes = flow(jobs, str(args.curated), str(profile) if profile else None,
                                args.ocr, args.pdf_engine)  # fmt: skip
            except (OSError, TimeoutError) as failed:
                raise _unreachable(failed) from None
            except KeyboardInterrupt:
                _say_what_workers_published(args, catalogs, before)
                raise
    from pipeline.store.store import CuratedStore

    done, errors = [], []
    for given, outcome in zip(paths, outcomes, strict=True):
        if outcome.error is not None or outcome.result is None:
            failure = outcome.error
            shown = str(given).split("?", 1)[0]  # the copy's path means nothing to the user
            file = shown if failure is None or failure.file == outcome.job.path else failure.file
            error = PipelineError(
                failure.problem if failure else "not published", file=file,
                line=failure.line if failure else None, page=failure.page if failure else None,
            )  # fmt: skip
            _print_error(error)
            errors.append({"file": error.file, "line": error.line, "page": error.page,
                           "problem": error.problem})  # fmt: skip
            continue
        done.append(asdict(outcome.result))
        if not (args.quiet or args.json):
            store = CuratedStore(args.curated, catalog=outcome.job.catalog)
            hint = store.where(store.layout.partitions_hint(outcome.result.edition))
            _print_summary(outcome.result, hint)
    if args.json:
        json.dump({"editions": done, "errors": errors}, sys.stdout, ensure_ascii=False,
                  indent=1, default=str)  # fmt: skip
        print()
    return 1 if errors else 0


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


@contextmanager
def local_copy(given: Path | str, profile: Profile | None = None) -> Iterator[Path]:
    """``given`` itself, or the local copy of an edition on an object store (removed after),
    refused before download when over ``profile``'s size limit."""
    if isinstance(given, Path):
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="catalog-edition-") as folder:
        yield fetch_remote(given, Path(folder), profile)


def _print_summary(summary: IngestResult, tables: str) -> None:
    """The lines of one published edition: what, the verdict, warnings, changes."""
    from pipeline.ingest import describe_changes

    print(
        f"{summary.edition}: {summary.entries} entries, {summary.numeric_effort} with "
        f"numeric effort, {summary.open_ended} open-ended; tables in {tables}"
    )
    print(verdict_line(summary.edition, summary.validation_status, summary.report))
    for warning in summary.warnings:
        print(f"  warning: {for_terminal(warning)}")
    if summary.changes is not None:
        print(describe_changes(summary.changes, summary.edition))


def _print_error(error: PipelineError) -> None:
    """The one error line; for a quarantined edition, its failures and report under it."""
    print(f"error: {for_terminal(str(error))}", file=sys.stderr)
    if isinstance(error, EditionQuarantined):
        for line in failure_lines(error.report.critical):
            print(line, file=sys.stderr)
        print(f"  report: {error.report.report_path}", file=sys.stderr)
