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
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pipeline.errors import ValidationFailed

if TYPE_CHECKING:
    import pyarrow as pa

    from pipeline.profile import Profile

__all__ = [
    "CheckOutcome",
    "EditionQuarantined",
    "FailedExpectation",
    "Severity",
    "ValidationReport",
    "load_validator",
    "result_document",
    "validate_edition",
]  # fmt: skip

Severity = Literal["critical", "warning"]
SEVERITIES: tuple[str, ...] = ("critical", "warning")


@dataclass(frozen=True, slots=True)
class FailedExpectation:
    """One expectation that failed, on one entry (``seq``/``name``) or on the whole table."""

    expectation: str  # the ``check`` name in the suite file, e.g. ``seq_unique``
    table: str
    severity: Severity
    seq: int | None = None
    name: str | None = None
    detail: str = ""  # the offending values, or the observed value of a table-level check

    def describe(self) -> str:
        """``resources.has_function: seq 14 空间地理信息共享平台`` (or the detail alone)."""
        where = f"seq {self.seq} {self.name or ''}".strip() if self.seq is not None else ""
        parts = [part for part in (where, self.detail) if part]
        return f"{self.table}.{self.expectation}: {'; '.join(parts) or 'failed'}"


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """One expectation's outcome in its suite file's words: what a report shows a person."""

    table: str
    check: str  # ``meta.check``
    severity: Severity
    why: str  # ``meta.why``: the reason the check exists
    guards: str  # ``data`` (a damaged edition) or ``code`` (a pipeline bug)
    expectation: str  # the Great Expectations type, e.g. ``expect_column_values_to_be_unique``
    success: bool
    observed: Any = None  # a table-level check's observed value (a count, a ratio)
    failing: tuple[FailedExpectation, ...] = ()  # one per failing entry


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of running every suite on one edition."""

    edition: str
    evaluated: int  # expectations run
    failures: tuple[FailedExpectation, ...]
    checks: tuple[CheckOutcome, ...] = ()  # every expectation run, in suite order
    results: Mapping[str, Any] = field(default_factory=dict, compare=False)  # GX JSON per suite
    report_path: str = ""  # the readable report the store published it in (set by the ingest)

    @property
    def critical(self) -> tuple[FailedExpectation, ...]:
        return tuple(f for f in self.failures if f.severity == "critical")

    @property
    def warnings(self) -> tuple[FailedExpectation, ...]:
        return tuple(f for f in self.failures if f.severity == "warning")

    @property
    def warning_count(self) -> int:
        """Failed warning *expectations* (not rows): what ``editions.warnings`` records."""
        return len({(f.table, f.expectation) for f in self.warnings})

    @property
    def status(self) -> str:
        """``passed``, ``warnings`` or (never published) ``failed``."""
        if self.critical:
            return "failed"
        return "warnings" if self.warnings else "passed"


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
