"""The serial runner: editions one after another in this process, through ``pipeline.ingest``.

Each edition, in the order given: its local copy (``local_copy``: an edition on an object
store is fetched), skipped when its content is published already (``PublishedSources``, for
runs that were given no paths), checked once (``check_source``: exists, readable, size,
format) before anything heavy is imported, then read, parsed, validated, compared and
published with its stages shown, and its ``Outcome`` handed to ``done`` as it ends, so a
person sees each edition's lines while the next one runs. The store's outputs are refreshed
after each commit by ``publish_parsed``; ``catalog.duckdb`` once at the end of a run of many.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.locations import is_remote, without_options
from pipeline.parse.sources import check_source, file_sha256
from pipeline.parse.sources.options import ReadOptions
from pipeline.parse.sources.remote import local_copy
from pipeline.profile import Profile
from pipeline.raw_inventory import already_published_line
from pipeline.run.jobs import EditionJob, Failure, Outcome

__all__ = ["Display", "PublishedSources", "run_serial"]

#: What shows one edition's stages: called with its label, gives the ``progress`` hook of
#: ``pipeline.ingest`` for the edition's block (``pipeline.commands.progress.stage_display``).
Display = Callable[[str], AbstractContextManager[Callable[..., None]]]


def _silent(_stage: str, _detail: str = "") -> None:
    """No progress display."""


@contextmanager
def _no_display(_label: str) -> Iterator[Callable[..., None]]:
    yield _silent


def _ignore(_outcome: Outcome) -> None:
    """Nobody is told."""


def _ignore_line(_line: str) -> None:
    """Nothing is said."""


class PublishedSources:
    """What each catalog of the store at ``curated`` has published (content SHA-256 → label),
    read once per catalog and kept up to date by the run, so a file already in is skipped
    with one line to ``say``."""

    def __init__(self, curated: Path | str, say: Callable[[str], None] = _ignore_line) -> None:
        self.curated, self.say = curated, say
        self.by_catalog: dict[str | None, dict[str, str]] = {}

    def _of(self, catalog: str | None) -> dict[str, str]:
        if catalog not in self.by_catalog:
            from pipeline.store.store import CuratedStore  # pyarrow: once there is work

            store = CuratedStore(self.curated, catalog=catalog)
            self.by_catalog[catalog] = store.ingested_sources()
        return self.by_catalog[catalog]

    def sha_if_new(self, path: Path, catalog: str | None) -> str | None:
        """The file's SHA-256 when its content is not published in ``catalog`` (``""`` when
        it cannot be read: the source check names the problem); else None, after saying the
        skip line."""
        try:
            sha = file_sha256(path)
        except OSError:
            return ""
        label = self._of(catalog).get(sha)
        if label is None:
            return sha
        self.say(already_published_line(path.name, label))
        return None

    def add(self, catalog: str | None, sha: str, label: str) -> None:
        """``label`` now holds the content ``sha`` in ``catalog``."""
        if sha:
            self._of(catalog)[sha] = label

    def unpublished(self, jobs: Sequence[EditionJob]) -> list[EditionJob]:
        """The jobs whose content is not published, each skipped one said; an edition on an
        object store is kept (its content is known only once fetched)."""
        return [job for job in jobs if is_remote(job.path)
                or self.sha_if_new(Path(job.path), job.catalog) is not None]


def run_serial(
    jobs: Sequence[EditionJob], curated: Path | str, profile: Profile, options: ReadOptions, *,
    display: Display = _no_display, done: Callable[[Outcome], None] = _ignore,
    published: PublishedSources | None = None,
) -> list[Outcome]:
    """Ingest ``jobs`` one after another into the store at ``curated`` with ``profile``, PDFs
    read as ``options`` say; each edition's stages through ``display``, its outcome to
    ``done`` as it ends. With ``published``, an edition whose content is published is
    skipped (no outcome). One outcome per edition ingested, in order; a bad edition is its
    error, and the next edition still goes in."""
    outcomes: list[Outcome] = []
    for job in jobs:
        outcome = _run_one(job, curated, profile, options, display=display,
                           published=published, database=len(jobs) == 1)  # fmt: skip
        if outcome is not None:
            outcomes.append(outcome)
            done(outcome)
    if len(jobs) > 1 and any(outcome.result is not None for outcome in outcomes):
        from pipeline.outputs import rebuild_database
        from pipeline.store.store import CuratedStore

        rebuild_database(CuratedStore(curated))  # spans every catalog: once, at the end
    return outcomes


def _run_one(
    job: EditionJob, curated: Path | str, profile: Profile, options: ReadOptions, *,
    display: Display, published: PublishedSources | None, database: bool,
) -> Outcome | None:
    """One edition's ``Outcome``; None when it is skipped as published."""
    shown = without_options(job.path)
    copy = shown  # until fetched: a failed download names the URI itself
    try:
        with local_copy(job.path, profile) as path:
            copy = str(path)
            sha = published.sha_if_new(path, job.catalog) if published is not None else ""
            if sha is None:
                return None
            pdf = check_source(path, profile)  # before the heavy imports below
            label = job.label
            with display(label) as progress:
                from pipeline.ingest import ingest  # pandas, pyarrow, jieba: shown starting
                from pipeline.store.store import CuratedStore

                store = CuratedStore(curated, catalog=job.catalog)
                result = ingest(path, label, store, profile, progress, options,
                                database=database, checked=pdf)  # fmt: skip
    except PipelineError as error:
        return Outcome(job, error=Failure.of(error, copy).shown_as(copy, shown))
    if published is not None:
        published.add(job.catalog, sha, result.edition)
    return Outcome(job, result)
