"""What a run of editions is given and what it gives back, whichever runner runs it.

An ``EditionJob`` names one edition (its file, catalog and label); an ``Outcome`` says what
became of it: published (the ``IngestResult``) or not (a ``Failure``, the parts of its error
line, with a quarantined edition's critical failures and report). The serial runner
(``pipeline.run.serial``) and the Dask flow (``flows.ingest_many``) both return one
``Outcome`` per job, and ``catalog ingest`` prints them with one function. Plain frozen data:
a Dask worker sends them back pickled, a served flow run gets jobs as JSON mappings
(``edition_job``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import PipelineError, PublishError
from pipeline.profile import Profile, default_profile, load_profile
from pipeline.quality.validate import EditionQuarantined, FailedExpectation
from pipeline.raw_inventory import edition_label

if TYPE_CHECKING:
    from pipeline.ingest import IngestResult

__all__ = ["JOB_FIELDS", "EditionJob", "Failure", "Outcome", "edition_job", "run_profile"]

#: The fields of an ``EditionJob``, as a served run's JSON mapping spells them.
JOB_FIELDS: tuple[str, ...] = ("path", "catalog", "edition")


@dataclass(frozen=True, slots=True)
class EditionJob:
    """One edition to ingest: its file (a path, or a URI), its catalog (None: the store's
    unnamed one) and its label (None: the file's stem)."""

    path: str
    catalog: str | None = None
    edition: str | None = None

    @property
    def label(self) -> str:
        """The label it is published as (``pipeline.raw_inventory.edition_label``)."""
        return edition_label(self.path, self.edition)


def edition_job(given: object) -> EditionJob:
    """``given`` as an ``EditionJob``: one already, or a mapping of its fields (``path``, and
    optionally ``catalog`` and ``edition``, each a string or None: what a served run's JSON
    parameters hold); ``PipelineError`` naming it otherwise."""
    if isinstance(given, EditionJob):
        return given
    if (isinstance(given, Mapping) and isinstance(given.get("path"), str)
            and set(given) <= set(JOB_FIELDS)
            and all(isinstance(given.get(name), str | None) for name in JOB_FIELDS)):  # fmt: skip
        return EditionJob(given["path"], given.get("catalog"), given.get("edition"))
    raise PipelineError(f"not an edition to ingest: {given!r} (a path, and optionally a "
                        "catalog and an edition label)")  # fmt: skip


def run_profile(given: object) -> Profile:
    """The catalog profile a run uses, loaded once and then passed as a value: ``given``
    itself when it is a ``Profile``, the profile file it names (a path), or the bundled
    profile for None (or an empty path: a flow parameter left blank). Raises
    ``ProfileError`` for a bad file, ``PipelineError`` for anything else."""
    if isinstance(given, Profile):
        return given
    if given is None or given == "":
        return default_profile()
    if isinstance(given, str | Path):
        return load_profile(given)
    raise PipelineError(f"not a catalog profile: {type(given).__name__} (a profile file's "
                        "path, or a loaded profile)")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Failure:
    """Why an edition was not published: the error line's parts (``PipelineError``'s) and,
    for a quarantined edition, its critical failures and the report that shows them."""

    file: str | None
    line: int | None
    page: int | None
    problem: str
    critical: tuple[FailedExpectation, ...] = ()
    report: str | None = None

    @classmethod
    def of(cls, error: PipelineError, path: str) -> Failure:
        """``error`` (named by the file ``path`` unless it is the store's own)."""
        located = error if isinstance(error, PublishError) else error.located(path)
        quarantined = located if isinstance(located, EditionQuarantined) else None
        return cls(located.file, located.line, located.page, located.problem,
                   tuple(quarantined.report.critical) if quarantined else (),
                   quarantined.report.report_path if quarantined else None)  # fmt: skip

    def shown_as(self, copy: str, shown: str) -> Failure:
        """This failure named by ``shown`` (what the user gave: a URI) where it names the
        local ``copy`` a runner read: a temporary path means nothing to them."""
        return replace(self, file=shown) if self.file == copy else self

    def document(self) -> dict[str, Any]:
        """The failure in ``--json``'s ``errors`` list."""
        return {"file": self.file, "line": self.line, "page": self.page, "problem": self.problem}

    def __str__(self) -> str:
        return str(PipelineError(self.problem, file=self.file, line=self.line, page=self.page))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one edition: published (``result``) or not (``error``)."""

    job: EditionJob
    result: IngestResult | None = None
    error: Failure | None = None
