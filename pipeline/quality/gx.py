"""Run the suites with Great Expectations 1.x; the only GX importer.

Importing this module loads GX (seconds), so ``pipeline.quality.validate`` imports it inside
``validate_edition``. One ephemeral context per process holds a pandas data source with one
dataframe asset and batch definition per table; each table is validated on its own batch
(``batch_parameters={"dataframe": frame}``: a Checkpoint would hand the *same* batch parameters
to all its validations) with ``Batch.validate``, the suites' ``$PARAMETER`` values and
``COMPLETE`` results naming failing rows by ``seq``/``name``. No Checkpoint or stored
ValidationDefinition: with no actions to run they only added store round trips (0.57 s per
edition became 0.42 s).

GX's own Data Docs are not built: their pages load CSS, JavaScript and icons from public CDNs
(blank on an offline intranet), copy ~4 MB of static files per edition, and write much of an
edition's text into the pages unescaped. Each expectation's outcome becomes a ``CheckOutcome``
in words a person reads (check, severity, why, the failing entries by seq and name), which
``validation.json`` keeps and the catalog site (``pipeline.site``) renders with autoescaping.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Final, cast

import great_expectations as gx
import pandas as pd
from great_expectations.core import ExpectationSuiteValidationResult
from great_expectations.core.batch_definition import BatchDefinition
from great_expectations.core.expectation_validation_result import ExpectationValidationResult
from great_expectations.data_context.data_context.abstract_data_context import (
    AbstractDataContext,
)
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.datasource.fluent.pandas_datasource import PandasDatasource
from great_expectations.expectations.expectation import Expectation

from pipeline.quality.frames import INDEX_COLUMNS
from pipeline.quality.report import CheckOutcome, FailedExpectation, Severity, ValidationReport
from pipeline.quality.suites import SuiteError, SuiteFile, load_suites

__all__ = ["failures_of", "outcome_of", "run_suites"]

#: Index columns that become ``FailedExpectation.seq``/``name`` rather than detail.
ENTRY_COLUMNS: tuple[str, ...] = ("seq", "name")
DATA_SOURCE = "catalog"


def _context() -> AbstractDataContext:
    """An in-memory context with no Data Docs site and no progress bars."""
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={},
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def build_suite(suite: SuiteFile) -> gx.ExpectationSuite:
    """The GX suite of a suite file. GX's own ``severity`` is set from ``meta.severity`` and
    its ``notes`` from the check name, severity and why.

    Raises ``SuiteError`` when GX dropped an expectation it could not build.
    """
    configs = [
        {**e, "severity": e["meta"]["severity"],
         "notes": f"{e['meta']['check']} ({e['meta']['severity']}): {e['meta']['why']}"}
        for e in suite.expectations
    ]
    built = gx.ExpectationSuite(name=suite.name, expectations=configs)
    if len(built.expectations) != len(configs):
        kept = {e.meta.get("check") for e in built.expectations if e.meta}
        dropped = [check for check in suite.checks if check not in kept]
        raise SuiteError(f"Great Expectations rejected {dropped}", file=f"{suite.name}.json")
    return built


#: Whether validations build each expectation's configuration once (``_configuration``); off
#: only to compare with GX's own behaviour.
MEMOISE_CONFIGURATIONS = True

#: The first pass's result format: verdicts and observed values, no failing rows (0.29 s an
#: edition against 0.43 s for ``COMPLETE``); a suite with a failure is run again ``COMPLETE``.
FIRST_PASS: Final = "BASIC"


def _result_format(table: str) -> dict[str, Any]:
    """``COMPLETE``, failing rows named by the table's index columns (``seq``, ``name``)."""
    return {"result_format": "COMPLETE",
            "unexpected_index_column_names": list(INDEX_COLUMNS[table])}


class _Batches:
    """One in-memory context for the process, with a dataframe batch definition per table,
    built on first use and kept (building them took a quarter of each validation). Each
    validation gets its frame as the batch's ``dataframe`` parameter and its suite freshly
    built from the suite files; the lock keeps two threads from validating at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._definitions: dict[str, BatchDefinition[Any]] = {}
        self._source: PandasDatasource | None = None

    def definition(self, table: str) -> BatchDefinition[Any]:
        if self._source is None:
            self._source = _context().data_sources.add_pandas(DATA_SOURCE)
        if table not in self._definitions:
            asset = self._source.add_dataframe_asset(table)
            self._definitions[table] = asset.add_batch_definition_whole_dataframe(table)
        return self._definitions[table]


_BATCHES = _Batches()

#: GX's ``Expectation.configuration`` property, which GX 1.x rebuilds from the pydantic model
#: (``dict()`` of every field, then a new ``ExpectationConfiguration``) on *each* access: about
#: 470 times per expectation in one validation, 15–20 % of an edition's validation time.
_BUILD_CONFIGURATION: Final = cast(property, vars(Expectation)["configuration"]).fget
#: While ``_memoised_configurations`` is active: each Expectation object's configuration, built
#: once, with the object itself (kept alive, so its ``id`` cannot be reused by another).
_CONFIGURATIONS: ContextVar[dict[int, tuple[Any, Any]] | None] = ContextVar(
    "gx_configurations", default=None)


def _configuration(self: Expectation) -> Any:
    """``Expectation.configuration``, built once per object while a validation of ours runs.

    GX builds fresh Expectation objects from the suite's configurations for every validation
    and does not change them afterwards; outside ``_memoised_configurations`` (another caller
    of GX in this process) GX's own property runs. tests/test_validation.py checks that the
    reports with and without the memo are equal, failing checks and all.
    """
    memo = _CONFIGURATIONS.get()
    assert _BUILD_CONFIGURATION is not None
    if memo is None:
        return _BUILD_CONFIGURATION(self)
    kept = memo.get(id(self))
    if kept is None or kept[0] is not self:
        kept = memo[id(self)] = (self, _BUILD_CONFIGURATION(self))
    return kept[1]


Expectation.configuration = property(_configuration)  # type: ignore[method-assign,assignment]


@contextmanager
def _memoised_configurations(enabled: bool = True) -> Iterator[None]:
    """Within the block, each Expectation's configuration is built once (``_configuration``)."""
    token = _CONFIGURATIONS.set({} if enabled else None)
    try:
        yield
    finally:
        _CONFIGURATIONS.reset(token)


def _validate_table(
    suite: SuiteFile, frame: pd.DataFrame, parameters: Mapping[str, Any]
) -> ExpectationSuiteValidationResult:
    """The suite's result on ``frame``: a quick pass for the verdicts, and only when one
    failed, a ``COMPLETE`` pass that names the failing entries."""
    batch = _BATCHES.definition(suite.name).get_batch(batch_parameters={"dataframe": frame})
    with _memoised_configurations(MEMOISE_CONFIGURATIONS):
        result = batch.validate(build_suite(suite), expectation_parameters=dict(parameters),
                                result_format=FIRST_PASS)
    if result.success:
        return result
    with _memoised_configurations(MEMOISE_CONFIGURATIONS):
        return batch.validate(build_suite(suite), expectation_parameters=dict(parameters),
                              result_format=_result_format(suite.name))  # fmt: skip


def _plain(value: Any) -> Any:
    """numpy/pandas scalars → Python; missing → None; floats without noise digits."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return None
    value = value.item() if hasattr(value, "item") else value
    return float(f"{value:.6g}") if isinstance(value, float) else value


def _row_failures(
    base: FailedExpectation, rows: list[dict[str, Any]]
) -> Iterator[FailedExpectation]:
    for row in rows:
        seq, name = _plain(row.get("seq")), _plain(row.get("name"))
        values = ", ".join(f"{k}={_plain(v)}" for k, v in row.items()
                           if k not in ENTRY_COLUMNS and _plain(v) is not None)
        yield FailedExpectation(base.expectation, base.table, base.severity,
                                int(seq) if seq is not None else None, name, values)


def _exception_message(info: Mapping[str, Any]) -> str | None:
    """The error GX caught while running an expectation: ``exception_info`` holds it directly
    or, when a metric failed, under the metric's id."""
    for candidate in (info, *(v for v in info.values() if isinstance(v, Mapping))):
        if candidate.get("raised_exception"):
            return str(candidate.get("exception_message"))
    return None


def failures_of(table: str, result: ExpectationValidationResult) -> list[FailedExpectation]:
    """One ``FailedExpectation`` per failing row (or one for a table-level or erroring check)."""
    meta = result.expectation_config.meta if result.expectation_config else None
    meta = meta or {}
    base = FailedExpectation(str(meta.get("check", "?")), table,
                             cast(Severity, meta.get("severity", "critical")))
    problem = _exception_message(result.exception_info or {})
    if problem is not None:
        return [FailedExpectation(base.expectation, table, base.severity,
                                  detail=f"could not run: {problem}")]
    rows = (result.result or {}).get("unexpected_index_list")
    if rows and isinstance(rows[0], dict):
        return list(_row_failures(base, rows))
    observed = (result.result or {}).get("observed_value")
    return [FailedExpectation(base.expectation, table, base.severity,
                              detail=f"observed {_plain(observed)}")]


def _json(result: ExpectationSuiteValidationResult) -> dict[str, Any]:
    return cast(dict[str, Any], result.to_json_dict())  # type: ignore[no-untyped-call]


def outcome_of(table: str, result: ExpectationValidationResult) -> CheckOutcome:
    """One expectation's outcome as a person reads it (its suite file's words)."""
    config = result.expectation_config
    meta = (config.meta if config else None) or {}
    failing = () if result.success else tuple(failures_of(table, result))
    observed = (result.result or {}).get("observed_value")
    return CheckOutcome(
        table=table, check=str(meta.get("check", "?")),
        severity=cast(Severity, meta.get("severity", "critical")),
        why=str(meta.get("why", "")), guards=str(meta.get("guards", "")),
        expectation=str(config.type if config else "?"), success=bool(result.success),
        observed=None if isinstance(observed, (dict, list)) else _plain(observed),
        failing=failing,
    )  # fmt: skip


def run_suites(
    frames: Mapping[str, pd.DataFrame], parameters: Mapping[str, Any], edition: str,
) -> ValidationReport:
    """Validate every frame with its suite (no files written)."""
    suites = load_suites()
    with _BATCHES.lock:
        results = {name: _validate_table(suite, frames[name], parameters)
                   for name, suite in suites.items()}
    checks: list[CheckOutcome] = []
    for name, suite_result in results.items():  # GX returns them in its own order
        order = {check: position for position, check in enumerate(suites[name].checks)}
        outcomes = (outcome_of(name, result) for result in suite_result.results)
        checks.extend(sorted(outcomes, key=lambda outcome: order.get(outcome.check, len(order))))
    return ValidationReport(
        edition=edition,
        evaluated=len(checks),
        failures=tuple(failure for check in checks for failure in check.failing),
        checks=tuple(checks),
        results={name: _json(r) for name, r in results.items()},
    )
