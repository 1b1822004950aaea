"""One place that runs editions: the jobs and outcomes of a run, and the serial runner.

``pipeline.ingest`` ingests one edition; this package runs many, whoever asks
(``catalog ingest``'s serial runner here, its Dask runner in ``flows.ingest_many``, which
returns the same ``Outcome`` values). Pure of Prefect: ``flows`` imports it, never the reverse.
"""

from __future__ import annotations

from pipeline.run.jobs import EditionJob, Failure, Outcome, edition_job, run_profile
from pipeline.run.serial import PublishedSources, run_serial

__all__ = [
    "EditionJob", "Failure", "Outcome", "PublishedSources", "edition_job", "run_profile",
    "run_serial",
]  # fmt: skip
