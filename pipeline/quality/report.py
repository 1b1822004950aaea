"""What the quality gate reports: the outcome of each check and the failures, as plain values.

Both the gate (``pipeline.quality.validate``) and the Great Expectations runner
(``pipeline.quality.gx``) speak these types, so neither imports the other's module for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["SEVERITIES", "CheckOutcome", "FailedExpectation", "Severity", "ValidationReport"]

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
