"""The quality gate's verdict on an edition: which expectations failed, on which entries.

``validate_edition`` builds the check frames (``validation_frames``), runs the suites in
``expectations/`` with Great Expectations (``validation_gx``, imported only here, inside the
call, because importing GX costs seconds) and returns a ``ValidationReport``. This module
itself imports neither pandas nor GX, so the CLI can use its types at start-up. A failed
*critical* expectation means the edition must not be published (``EditionQuarantined``);
failed *warnings* publish, counted in ``editions.warnings``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from pipeline.errors import ValidationFailed
from pipeline.quality.report import (
    SEVERITIES,
    CheckOutcome,
    FailedExpectation,
    Severity,
    ValidationReport,
)

if TYPE_CHECKING:
    import pyarrow as pa

    from pipeline.profile import Profile

__all__ = [
    "SEVERITIES",
    "CheckOutcome",
    "EditionQuarantined",
    "FailedExpectation",
    "Severity",
    "ValidationReport",
    "load_validator",
    "result_document",
    "validate_edition",
]  # fmt: skip

class EditionQuarantined(ValidationFailed):
    """Critical expectations failed; the tables went to ``quarantine``, not to the store."""

    def __init__(self, report: ValidationReport, quarantine: str) -> None:
        checks = sorted({f"{f.table}.{f.expectation}" for f in report.critical})
        super().__init__(
            f"edition {report.edition} quarantined: {len(checks)} critical expectation"
            f"{'s' if len(checks) != 1 else ''} failed ({', '.join(checks)}); tables and "
            f"validation result in {quarantine}/"
        )
        self.report = report
        self.quarantine = quarantine


def _check_document(check: CheckOutcome) -> dict[str, Any]:
    document = asdict(check)
    document["failing"] = [
        {"seq": f.seq, "name": f.name, "detail": f.detail} for f in check.failing
    ]
    return document


def result_document(report: ValidationReport) -> str:
    """``validation.json`` of an edition: the verdict, every failure (one per entry), every
    check in words (``checks``, what the catalog site shows) and Great Expectations' full
    results."""
    document = {
        "edition": report.edition, "status": report.status, "expectations": report.evaluated,
        "failures": [asdict(failure) for failure in report.failures],
        "checks": [_check_document(check) for check in report.checks],
        "results": dict(report.results),
    }  # fmt: skip
    return json.dumps(document, ensure_ascii=False, indent=1, default=str)


def load_validator() -> None:
    """Import Great Expectations now (about 3 s): callers do it before taking the store's
    writer lock, so a concurrent run is not kept waiting while it loads."""
    import pipeline.quality.gx  # noqa: F401


def validate_edition(
    tables: Mapping[str, pa.Table], edition: str, *,
    previous_entries: int | None = None, profile: Profile | None = None,
    replaced_entries: int | None = None,
) -> ValidationReport:
    """Run every suite on one edition's tables (pure: writes nothing).

    ``previous_entries`` is the entry count of the edition before it in the store's order
    (None for the first); ``replaced_entries`` that of the edition a re-published label
    replaces (None for a new label). Value sets and thresholds come from ``profile``
    (default: the bundled one). Raises ``SuiteError`` when a suite file is invalid.
    """
    from pipeline.profile import default_profile
    from pipeline.quality.frames import check_frames, expectation_parameters
    from pipeline.quality.gx import run_suites  # Great Expectations loads only now

    profile = profile or default_profile()
    frames = check_frames(tables, previous_entries, profile, replaced_entries=replaced_entries)
    parameters = expectation_parameters(tables, profile)
    return run_suites(frames, parameters, edition)
