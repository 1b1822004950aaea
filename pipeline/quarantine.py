"""Where an edition that failed a critical expectation goes instead of the store.

``<curated>/_quarantine/<edition>/`` gets the edition's four tables (``<table>.parquet``, with
``editions.validation_status = failed``) and ``validation.json`` (the failures, one per entry,
and Great Expectations' full results), so the data team can see exactly what was refused.
The folder starts with ``_``, so table readers never see it; the published tables are not
touched. A later quarantine of the same label replaces the folder whole.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.publish import check_label
from pipeline.quality.validate import ValidationReport
from pipeline.tables import with_validation

__all__ = ["QUARANTINE_DIR", "RESULT_FILE", "quarantine_dir", "quarantine_edition"]

QUARANTINE_DIR = "_quarantine"
RESULT_FILE = "validation.json"


def quarantine_dir(curated: Path, edition: str) -> Path:
    """The folder holding one refused edition."""
    return curated / QUARANTINE_DIR / check_label(edition)


def _result_document(report: ValidationReport) -> dict[str, object]:
    return {
        "edition": report.edition,
        "status": report.status,
        "expectations": report.evaluated,
        "failures": [asdict(failure) for failure in report.failures],
        "report": report.report_path,
        "results": dict(report.results),
    }


def quarantine_edition(
    tables: Mapping[str, pa.Table], report: ValidationReport, curated: Path
) -> Path:
    """Write the refused edition's tables and validation result; return the folder.

    Call while holding the store's lock (the ingest flow does).
    """
    target = quarantine_dir(curated, report.edition)
    for leftover in target.parent.glob(".*"):  # a run killed while quarantining (we hold the lock)
        shutil.rmtree(leftover, ignore_errors=True)
    staged = target.parent / f".{report.edition}-{uuid.uuid4().hex}"
    staged.mkdir(parents=True)
    try:
        marked = with_validation(tables, report.status, report.warning_count)
        for name, table in marked.items():
            pq.write_table(table, staged / f"{name}.parquet", compression="zstd")
        document = json.dumps(_result_document(report), ensure_ascii=False, indent=1,
                              default=str)
        (staged / RESULT_FILE).write_text(document, encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(staged, target)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return target
