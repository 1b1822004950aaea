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

GX repeats much work on frames this small; ``SPEEDUPS`` (below) do it once, with GX's results.
CPU per edition (30 validations x 3, interleaved): bundled 310 -> 208 ms, failing 620 -> 382 ms;
``dependency_graphs`` and ``row_filters`` then (5 such runs on a loaded machine, medians):
bundled 171 -> 151 ms (-7 to -18 %), failing 288 -> 267 ms (0 to -13 %);
``validation_dependencies``, ``json_copies`` and ``fingerprints`` then (30 validations x 3,
alternated with the earlier set validation by validation, 2 runs, medians): bundled 139/141
-> 127/131 ms (-9 %, -7 %), failing 233/275 -> 222/262 ms (-5 %, -5 %).
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Final, TypeVar, cast

import great_expectations as gx
import pandas as pd
from great_expectations.core import (
    ExpectationSuiteValidationResult,
    expectation_validation_result,
    id_dict,
)
from great_expectations.core.batch_definition import BatchDefinition
from great_expectations.core.expectation_validation_result import ExpectationValidationResult
from great_expectations.core.result_format import ResultFormatUnion
from great_expectations.data_context.data_context.abstract_data_context import (
    AbstractDataContext,
)
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.datasource.fluent.pandas_datasource import PandasDatasource
from great_expectations.execution_engine import pandas_execution_engine
from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine
from great_expectations.expectations import expectation_configuration
from great_expectations.expectations.core.expect_column_values_to_be_null import (
    ExpectColumnValuesToBeNull,
)
from great_expectations.expectations.expectation import (
    BatchExpectation,
    ColumnMapExpectation,
    ColumnPairMapExpectation,
    Expectation,
    MulticolumnMapExpectation,
)
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
from great_expectations.validator.v1_validator import Validator as V1Validator
from great_expectations.validator.validation_graph import MetricEdge, ValidationGraph
from great_expectations.validator.validator import ValidationDependencies

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

# --- Speedups: GX's own results, computed with less repeated work ----------------------------
#
# Each speedup but ``UNLOADED_BATCH`` (our own call) and ``JSON_COPIES`` (our own serialisation,
# ``_json``) replaces GX functions by wrappers that do GX's work once where GX repeats it, and
# only while one of our validations runs (``_speedups``): any other caller of GX in the process
# gets GX's functions; ``JSON_COPIES`` skips GX's copies only inside ``_json``.
# tests/test_validation.py compares ``validation.json`` with each speedup alone and with all of
# them against GX's own behaviour, on a passing, a failing and an erroring edition.

#: Build each Expectation object's configuration once (``_configuration``).
CONFIGURATIONS: Final = "configurations"
#: Validate without loading a ``Batch`` first (``_validate_table``).
UNLOADED_BATCH: Final = "unloaded_batch"
#: Build one Expectation object per configuration object (``_domain_object``).
DOMAIN_OBJECTS: Final = "domain_objects"
#: Serialise plain metric kwargs without GX's type ladder (``_plain_ids``).
PLAIN_IDS: Final = "plain_ids"
#: Filter a batch by one row condition / drop its missing rows once (``_domain_records``).
DOMAIN_RECORDS: Final = "domain_records"
#: Work out each metric's dependency edges once per validation (``_dependency_graph``).
DEPENDENCY_GRAPHS: Final = "dependency_graphs"
#: Filter a batch by one row condition once, whatever column is asked for (``_row_filter``).
ROW_FILTERS: Final = "row_filters"
#: Work out an expectation's validation dependencies once, not again to validate it
#: (``_remembering_dependencies``).
VALIDATION_DEPENDENCIES: Final = "validation_dependencies"
#: Serialise a suite's result from one private deep copy (``_json``, ``_private_copy``).
JSON_COPIES: Final = "json_copies"
#: Fingerprint a frame once for a table's two passes (``_fingerprint``).
FINGERPRINTS: Final = "fingerprints"
ALL_SPEEDUPS: Final = frozenset({
    UNLOADED_BATCH, CONFIGURATIONS, DOMAIN_OBJECTS, PLAIN_IDS, DOMAIN_RECORDS,
    DEPENDENCY_GRAPHS, ROW_FILTERS, VALIDATION_DEPENDENCIES, JSON_COPIES, FINGERPRINTS})
#: The speedups our validations use; a subset only to compare with GX's own behaviour.
SPEEDUPS: frozenset[str] = ALL_SPEEDUPS


#: A metric's dependency edges, with the execution engine and runtime configuration they were
#: worked out for (kept alive, so their ``id``s stay theirs).
_Edges = tuple[Any, Any, list[MetricEdge]]


#: An expectation's validation dependencies, with the Expectation object and execution engine
#: they were worked out for (kept alive, so their ``id``s stay theirs).
_Dependencies = tuple[Expectation, Any, ValidationDependencies]


class _Memos:
    """What one validation of ours (a table's one or two passes over the same frame)
    remembers; ``None``/``False``: that speedup is off."""

    def __init__(self, enabled: frozenset[str]) -> None:
        self.configurations: dict[int, tuple[Any, Any]] | None = (
            {} if CONFIGURATIONS in enabled else None)
        self.domain_objects: dict[int, tuple[Any, Expectation]] | None = (
            {} if DOMAIN_OBJECTS in enabled else None)
        self.plain_ids = PLAIN_IDS in enabled
        self.domain_records: dict[tuple[int, str], tuple[pd.DataFrame, pd.DataFrame]] | None = (
            {} if DOMAIN_RECORDS in enabled else None)
        self.dependency_graphs: dict[tuple[int, int, Any], _Edges] | None = (
            {} if DEPENDENCY_GRAPHS in enabled else None)
        self.row_filters: dict[tuple[int, str], tuple[pd.DataFrame, pd.DataFrame]] | None = (
            {} if ROW_FILTERS in enabled else None)
        self.validation_dependencies: dict[tuple[int, int, str], _Dependencies] | None = (
            {} if VALIDATION_DEPENDENCIES in enabled else None)
        self.fingerprints: dict[int, tuple[pd.DataFrame, str]] | None = (
            {} if FINGERPRINTS in enabled else None)


#: The running validation's memos; ``None`` outside our validations (GX's behaviour).
_MEMOS: ContextVar[_Memos | None] = ContextVar("gx_memos", default=None)


@contextmanager
def _speedups(enabled: frozenset[str]) -> Iterator[None]:
    """Within the block, the ``enabled`` speedups apply, with memos that end with it."""
    token = _MEMOS.set(_Memos(enabled))
    try:
        yield
    finally:
        _MEMOS.reset(token)


_Key = TypeVar("_Key")
_Built = TypeVar("_Built")


def _once_per_object(memo: dict[int, tuple[Any, Any]] | None, key: _Key,
                     build: Callable[[_Key], _Built]) -> _Built:  # fmt: skip
    """``build(key)``, once per ``key`` object while ``memo`` lives (a validation of ours);
    every time when ``memo`` is None (the speedup is off: GX's own behaviour). The memo keeps
    each object alive with its result, so its ``id`` cannot be reused by another object
    within the validation."""
    if memo is None:
        return build(key)
    kept = memo.get(id(key))
    if kept is None or kept[0] is not key:
        kept = memo[id(key)] = (key, build(key))
    return cast(_Built, kept[1])


#: GX's ``Expectation.configuration`` property, which GX 1.x rebuilds from the pydantic model
#: (``dict()`` of every field, then a new ``ExpectationConfiguration``) on *each* access: about
#: 470 times per expectation in one validation, 15–20 % of an edition's validation time.
_BUILD_CONFIGURATION: Final = cast(property, vars(Expectation)["configuration"]).fget


def _configuration(self: Expectation) -> Any:
    """``Expectation.configuration``, built once per object while a validation of ours runs.

    GX builds fresh Expectation objects from the suite's configurations for every validation
    and does not change them afterwards. The memo keeps each object alive with its
    configuration, so an ``id`` cannot be reused by another object within the validation.
    """
    memos = _MEMOS.get()
    assert _BUILD_CONFIGURATION is not None
    return _once_per_object(memos.configurations if memos is not None else None, self,
                            _BUILD_CONFIGURATION)  # fmt: skip


Expectation.configuration = property(_configuration)  # type: ignore[method-assign,assignment]

#: GX's ``ExpectationConfiguration.to_domain_obj``.
_GX_DOMAIN_OBJECT: Final = ExpectationConfiguration.to_domain_obj


def _domain_object(self: ExpectationConfiguration) -> Expectation:
    """``to_domain_obj``, one Expectation object per configuration object while a validation
    of ours runs.

    GX builds a new Expectation (a pydantic model, validated field by field) from the same
    configuration for every metric it asks the expectation's kwargs for
    (``registry.get_metric_kwargs``): about 110 objects per suite, 8 per expectation, each
    then building its own configuration. The validator sets a configuration's ``batch_id``
    before its first ``to_domain_obj``, nothing changes the configuration or the Expectation
    afterwards (GX only reads kwargs from it and runs ``metrics_validate``), so one object
    per configuration is what every call would build. The memo keeps each configuration
    alive, so its ``id`` stays its own.
    """
    memos = _MEMOS.get()
    return _once_per_object(memos.domain_objects if memos is not None else None, self,
                            _GX_DOMAIN_OBJECT)  # fmt: skip


ExpectationConfiguration.to_domain_obj = _domain_object  # type: ignore[method-assign]

#: GX's ``convert_to_json_serializable`` as ``IDDict.to_id`` calls it (the name it imported).
_GX_JSON: Final = id_dict.convert_to_json_serializable  # type: ignore[attr-defined]
#: The types GX's function returns unchanged (exact types: a subclass, e.g. ``np.float64`` or
#: a ``str`` enum, goes to GX's function).
_JSON_SCALARS: Final = frozenset({str, int, bool, type(None)})
#: The mappings GX's function copies with ``str`` keys (``IDDict``: GX's nested kwargs).
_JSON_MAPPINGS: Final = frozenset({dict, id_dict.IDDict})
#: The containers GX's function turns into lists, element by element.
_JSON_SEQUENCES: Final = frozenset({list, tuple, set})


def _plain_json(data: Any) -> Any:
    """What GX's ``convert_to_json_serializable`` returns for ``data``, found directly for
    plain Python values; anything else is handed to GX's function.

    GX tries pydantic models, its own dict types, enums, numpy and pandas types and a dozen
    more before reaching the plain cases: a ``None`` falls through three ``np.issubdtype``
    calls. ``MetricConfiguration`` ids every metric's kwargs (mostly ``None`` and strings) this
    way, about 25,000 values an edition; this answers those in one type lookup. Same results:
    GX returns ``str``/``int``/``bool``/``None`` unchanged, a NaN float as ``None``, other
    floats unchanged, a dict with ``str`` keys in iteration order, a list/tuple/set as a list.
    """
    kind = type(data)
    if kind in _JSON_SCALARS:
        return data
    if kind is float:
        return None if data != data else data  # only NaN differs from itself
    if kind in _JSON_MAPPINGS:
        return {str(key): _plain_json(value) for key, value in data.items()}
    if kind in _JSON_SEQUENCES:
        return [_plain_json(value) for value in data]
    return _GX_JSON(data)


def _plain_ids(data: Any) -> Any:
    """``convert_to_json_serializable`` for ``IDDict.to_id``: ``_plain_json`` while a
    validation of ours runs, GX's function otherwise."""
    memos = _MEMOS.get()
    if memos is not None and memos.plain_ids:
        return _plain_json(data)
    return _GX_JSON(data)


id_dict.convert_to_json_serializable = _plain_ids  # type: ignore[attr-defined]

#: GX's ``PandasExecutionEngine.get_domain_records``.
_GX_DOMAIN_RECORDS: Final = PandasExecutionEngine.get_domain_records


def _plain_key(domain_kwargs: Mapping[str, Any]) -> str | None:
    """The domain kwargs as sorted JSON when they hold only plain values (``None`` otherwise:
    not remembered). Equal texts mean equal kwargs: ``true``, ``1`` and ``1.0`` differ."""
    def plain(value: Any) -> bool:
        kind = type(value)
        if kind in _JSON_SCALARS or kind is float:
            return True
        if kind in _JSON_MAPPINGS:
            return all(type(key) is str and plain(item) for key, item in value.items())
        return kind is list and all(plain(item) for item in value)

    if not plain(dict(domain_kwargs)):
        return None
    return json.dumps(domain_kwargs, sort_keys=True)


def _domain_records(self: PandasExecutionEngine, domain_kwargs: dict[str, Any]) -> pd.DataFrame:
    """``get_domain_records``, each result computed once per batch frame while a validation of
    ours runs.

    GX looks up the batch's frame, filters it by the ``row_condition`` (a ``DataFrame.query``
    parsed anew each time) and for column pairs/lists drops rows with missing values
    (``DataFrame.dropna``); it does so for every metric of an expectation, three to four times
    over. The result depends only on the frame and the kwargs, so it is kept per (frame,
    kwargs); the frame is kept alive with it, so its ``id`` stays its own. Sharing the result
    is what GX already does for unfiltered domains (it hands out the batch's frame itself);
    GX's metrics do not modify it. Kwargs with other than plain values, or a batch GX would
    not find, go to GX's function (which raises its own error for the latter).
    """
    memos = _MEMOS.get()
    memo = memos.domain_records if memos is not None else None
    if memo is None:
        return _GX_DOMAIN_RECORDS(self, domain_kwargs)
    batch_id = domain_kwargs.get("batch_id")
    manager = self.batch_manager
    batch = (manager.active_batch_data if batch_id is None
             else manager.batch_data_cache.get(batch_id))
    frame = getattr(batch, "dataframe", None)
    key_text = _plain_key(domain_kwargs)
    if not isinstance(frame, pd.DataFrame) or key_text is None or domain_kwargs.get("table"):
        return _GX_DOMAIN_RECORDS(self, domain_kwargs)
    key = (id(frame), key_text)
    kept = memo.get(key)
    if kept is None or kept[0] is not frame:
        kept = memo[key] = (frame, _GX_DOMAIN_RECORDS(self, domain_kwargs))
    return kept[1]


PandasExecutionEngine.get_domain_records = _domain_records  # type: ignore[method-assign]

#: GX's ``PandasExecutionEngine._apply_row_condition_filter``.
_GX_ROW_FILTER: Final = PandasExecutionEngine._apply_row_condition_filter


def _row_filter(
    self: PandasExecutionEngine, data: pd.DataFrame, row_condition: Any,
    domain_kwargs: dict[str, Any],
) -> pd.DataFrame:
    """``_apply_row_condition_filter``, each row condition applied once per frame while a
    validation of ours runs.

    GX filters the batch by an expectation's ``row_condition`` (``DataFrame.query``: the
    condition parsed and every column of the frame wrapped as a resolver, ~3 ms on the
    resources frame) for each domain it is asked for, the expectation's column and the whole
    table alike; ``DOMAIN_RECORDS`` keeps results per domain, so each condition still ran
    twice. The filtered frame depends only on the frame, the condition and the
    ``condition_parser`` (GX reads nothing else of the domain kwargs), so it is kept per
    (frame, condition, parser), the frame kept alive with it. The frame is shared as GX
    already shares the unfiltered batch frame; GX's metrics do not modify it. A condition
    that is not plain data (a ``Condition`` object) goes to GX's function.
    """
    memos = _MEMOS.get()
    memo = memos.row_filters if memos is not None else None
    key_text = _plain_key({"row_condition": row_condition,
                           "condition_parser": domain_kwargs.get("condition_parser")})
    if memo is None or key_text is None:
        return _GX_ROW_FILTER(self, data, row_condition, domain_kwargs)
    key = (id(data), key_text)
    kept = memo.get(key)
    if kept is None or kept[0] is not data:
        kept = memo[key] = (data, _GX_ROW_FILTER(self, data, row_condition, domain_kwargs))
    return kept[1]


PandasExecutionEngine._apply_row_condition_filter = _row_filter  # type: ignore[method-assign]

#: GX's ``ValidationGraph.build_metric_dependency_graph``.
_GX_DEPENDENCY_GRAPH: Final = ValidationGraph.build_metric_dependency_graph


def _dependency_graph(
    self: ValidationGraph, metric_configuration: Any, runtime_configuration: Any = None
) -> None:
    """``build_metric_dependency_graph``, each metric's edges worked out once per validation
    of ours and added again where GX would work them out again.

    GX builds one graph per expectation, walking every metric's dependencies down to the
    table (a new ``MetricConfiguration`` per dependency, its kwargs serialised into an id,
    the metric provider looked up, defaults set): ~1,100 walks for ~180 distinct metrics an
    edition, ``table.column_types`` alone ~420 times. A metric's edges depend only on its id
    (its name and kwargs), the execution engine and the runtime configuration, which stay
    the same through a validation; so the edges GX adds from a metric are built once, on a
    graph of their own, and later added to each graph GX asks for them, in GX's order
    (``ValidationGraph.add`` skips edges already there, as during GX's own walk). Later
    graphs then share the first walk's ``MetricConfiguration`` objects instead of equal
    copies: GX matches metrics by id alone (its suite graph holds duplicate edges of equal
    ids already), and nothing changes them after their walk.
    """
    memos = _MEMOS.get()
    memo = memos.dependency_graphs if memos is not None else None
    if memo is None:
        _GX_DEPENDENCY_GRAPH(self, metric_configuration, runtime_configuration)
        return
    engine = self._execution_engine
    key = (id(engine), id(runtime_configuration), metric_configuration.id)
    kept = memo.get(key)
    if kept is None or kept[0] is not engine or kept[1] is not runtime_configuration:
        own = ValidationGraph(execution_engine=engine)
        _GX_DEPENDENCY_GRAPH(own, metric_configuration, runtime_configuration)
        kept = memo[key] = (engine, runtime_configuration, own.edges)
    for edge in kept[2]:
        self.add(edge)


ValidationGraph.build_metric_dependency_graph = _dependency_graph  # type: ignore[method-assign]


#: The keys GX's ``parse_result_format`` adds to a ``result_format`` dict that lacks them (in
#: place: the caller's runtime configuration changes).
_PARSED_FORMAT_KEYS: Final = frozenset({
    "partial_unexpected_count", "include_unexpected_rows",
    "map_expectation_unexpected_rows_as_dict"})


def _settled_key(runtime_configuration: Mapping[str, Any] | None) -> str | None:
    """The runtime configuration as sorted JSON when GX's ``get_validation_dependencies``
    leaves it as it is (``None`` otherwise: not remembered).

    GX parses the configuration's ``result_format`` with ``parse_result_format``, which adds
    its default keys to a dict *in place*; a ``str``, or a dict that has them all, is not
    changed. Without a ``result_format``, GX parses the expectation's own (or its field
    default): not remembered either.
    """
    if runtime_configuration is None:
        return None
    result_format = runtime_configuration.get("result_format")
    if not (type(result_format) is str
            or (type(result_format) is dict and result_format.keys() >= _PARSED_FORMAT_KEYS)):
        return None
    return _plain_key(runtime_configuration)


def _copied(dependencies: ValidationDependencies) -> ValidationDependencies:
    """A ``ValidationDependencies`` of its own: its dict of metrics and its result format
    copied (the ``MetricConfiguration`` objects shared: GX reads only their ``id``)."""
    return ValidationDependencies(
        metric_configurations=dict(dependencies.metric_configurations),
        result_format=copy.deepcopy(dependencies.result_format))


def _remembering_dependencies(
    gx_function: Callable[..., ValidationDependencies],
) -> Callable[..., ValidationDependencies]:
    """``gx_function`` (one class's ``get_validation_dependencies``), each expectation's
    result worked out once while a validation of ours runs.

    GX asks every expectation for its validation dependencies (its metrics, each a new
    ``MetricConfiguration`` from ``get_metric_kwargs``, which reads the expectation's kwargs
    over again, and its parsed result format) twice: when it builds the expectation's graph,
    and again in ``Expectation.metrics_validate`` once the metrics are resolved, on the same
    Expectation object (``DOMAIN_OBJECTS``) with a deep copy of the same runtime
    configuration. The classes wrapped (``_DEPENDENCY_CLASSES``) work it out from the
    Expectation's fields (which nothing changes during a validation), the runtime
    configuration and GX's metric registry; none reads the execution engine or its data.
    So the result is kept per (Expectation object, execution engine, runtime configuration
    as sorted JSON), the objects kept alive so their ``id``s stay theirs; only a
    configuration the call leaves unchanged is remembered (``_settled_key``), so skipping a
    call skips no change GX would make. Subclasses build on their parent's result (they call
    ``super()`` and add or remove metrics), so only the outermost call, the function
    ``type(expectation)`` resolves to, is remembered: a call through ``super()`` always runs
    GX's function. The memo holds a copy and each caller gets its own (``_copied``):
    ``metrics_validate`` stores the result format in its runtime configuration, and it and
    the graph builder read only the metric names and ``MetricConfiguration.id`` (set when the
    object is built; the graph builder later adds default kwargs to the objects, not to their
    ids). Saves 41 of 82 calls an edition, each building 3-7 ``MetricConfiguration``s (~3 %
    of its CPU: the first call still builds the configurations and domain objects).
    """
    def get_validation_dependencies(
        expectation: Any, execution_engine: Any = None,
        runtime_configuration: dict[str, Any] | None = None, **kwargs: Any,
    ) -> ValidationDependencies:
        memos = _MEMOS.get()
        memo = memos.validation_dependencies if memos is not None else None
        outermost = type(expectation).get_validation_dependencies is get_validation_dependencies
        key_text = (_settled_key(runtime_configuration)
                    if memo is not None and outermost and not kwargs else None)
        if memo is None or key_text is None:
            return gx_function(expectation, execution_engine=execution_engine,
                               runtime_configuration=runtime_configuration, **kwargs)
        key = (id(expectation), id(execution_engine), key_text)
        kept = memo.get(key)
        if kept is not None and kept[0] is expectation and kept[1] is execution_engine:
            return _copied(kept[2])
        dependencies = gx_function(expectation, execution_engine=execution_engine,
                                   runtime_configuration=runtime_configuration)
        memo[key] = (expectation, execution_engine, _copied(dependencies))
        return dependencies

    return get_validation_dependencies


#: The classes whose ``get_validation_dependencies`` reads only the expectation, the runtime
#: configuration and GX's metric registry (the Expectations of our suites resolve to one of
#: these). Others (column types, KL divergence, quantiles, another table's row count) also
#: read the execution engine or its batch: not wrapped, and a call through ``super()`` from
#: theirs is not the outermost one, so it runs GX's function.
_DEPENDENCY_CLASSES: Final = (
    Expectation, BatchExpectation, ColumnMapExpectation, ColumnPairMapExpectation,
    MulticolumnMapExpectation, ExpectColumnValuesToBeNull)

for _class in _DEPENDENCY_CLASSES:
    _class.get_validation_dependencies = _remembering_dependencies(  # type: ignore[method-assign]
        vars(_class)["get_validation_dependencies"])

#: GX's ``hash_pandas_dataframe``, as ``get_batch_data_and_markers`` calls it.
_GX_FINGERPRINT: Final[Callable[[pd.DataFrame], str]] = (
    pandas_execution_engine.hash_pandas_dataframe)


def _fingerprint(df: pd.DataFrame) -> str:
    """``hash_pandas_dataframe``, each frame fingerprinted once while a validation of ours
    runs.

    GX loads the batch for each validator and fingerprints its frame (``pandas_data_fingerprint``
    in the batch markers: every cell hashed, then MD5): a table with a failure is validated
    twice (``_validate_table``), the same frame object fingerprinted twice. The fingerprint
    depends only on the frame's contents, which neither GX's metrics nor our passes change,
    so it is kept per frame, the frame kept alive so its ``id`` stays its own. Saves one
    fingerprint per failing table (the bundled edition passes: nothing saved there).
    """
    memos = _MEMOS.get()
    return _once_per_object(memos.fingerprints if memos is not None else None, df,
                            _GX_FINGERPRINT)  # fmt: skip


pandas_execution_engine.hash_pandas_dataframe = _fingerprint

#: True while ``_json`` serialises its own deep copy of a suite's result.
_PRIVATE: ContextVar[bool] = ContextVar("gx_private_result", default=False)


def _private_copy(data: Any, memo: dict[int, Any] | None = None) -> Any:
    """``copy.deepcopy`` as GX's result serialisation calls it; ``data`` itself while
    ``_json`` serialises its own copy of a suite's result (``JSON_COPIES``).

    GX's ``ExpectationSuiteValidationResult.to_json_dict`` deep-copies the whole result, then
    each of its schemas' hooks deep-copies again what it is handed (``prepare_dump``; per
    expectation ``convert_result_to_serializable`` and ``clean_null_attrs`` of the result's
    and of its configuration's schema): five more copies of each expectation's result, so
    that converting it for JSON changes no object the caller holds. ``_json`` makes the
    first copy itself, with ``copy.deepcopy``, before it sets the flag; every later copy is
    of that private copy or of a dict the schema's ``dump`` has just built, which nothing
    else holds, so each hook's changes (an attribute set, a ``None`` key dropped) land
    where GX's copy would have received them. Only the hooks' and ``to_json_dict``'s copies
    go through this function (``expectation_validation_result.deepcopy`` and
    ``expectation_configuration.copy.deepcopy``); ~6 % of an edition's validation CPU.
    """
    if _PRIVATE.get():
        return data
    return copy.deepcopy(data, memo)


class _CopyModule:
    """``expectation_configuration``'s ``copy`` module as its schema hooks use it (the module
    calls ``copy.deepcopy`` only there; its other copies use the ``deepcopy`` it imported)."""

    deepcopy = staticmethod(_private_copy)


expectation_validation_result.deepcopy = _private_copy  # type: ignore[attr-defined,assignment]
expectation_configuration.copy = _CopyModule  # type: ignore[attr-defined,assignment]


def _validate_table(
    suite: SuiteFile, frame: pd.DataFrame, parameters: Mapping[str, Any]
) -> ExpectationSuiteValidationResult:
    """The suite's result on ``frame``: a quick pass for the verdicts, and only when one
    failed, a ``COMPLETE`` pass that names the failing entries.

    With ``UNLOADED_BATCH``, each pass runs GX's validator for the table's batch definition
    directly. ``Batch.validate`` runs that same validator (on a copy of the definition, with
    the batch's parameters), but ``get_batch`` first loads and fingerprints the frame for a
    ``Batch`` whose data the validator does not use: it loads the frame again for itself.
    Both passes share one set of memos: the second filters the same frame by the same row
    conditions (each validator hands GX's metrics that frame object itself).
    """
    definition = _BATCHES.definition(suite.name)
    batch = (None if UNLOADED_BATCH in SPEEDUPS
             else definition.get_batch(batch_parameters={"dataframe": frame}))

    def validate(result_format: ResultFormatUnion) -> ExpectationSuiteValidationResult:
        if batch is not None:
            return batch.validate(build_suite(suite), result_format=result_format,
                                  expectation_parameters=dict(parameters))
        validator = V1Validator(batch_definition=definition, result_format=result_format,
                                batch_parameters={"dataframe": frame})
        return validator.validate_expectation_suite(
            build_suite(suite), expectation_parameters=dict(parameters))

    with _speedups(SPEEDUPS):  # one set of memos for both passes over the same frame
        result = validate(FIRST_PASS)
        return result if result.success else validate(_result_format(suite.name))


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
    """GX's JSON of a suite's result; with ``JSON_COPIES``, of a deep copy made here, GX's
    own copies of it skipped (``_private_copy``): ``result`` is left as GX left it."""
    if JSON_COPIES not in SPEEDUPS:
        return cast(dict[str, Any], result.to_json_dict())  # type: ignore[no-untyped-call]
    private = copy.deepcopy(result)
    token = _PRIVATE.set(True)
    try:
        return cast(dict[str, Any], private.to_json_dict())  # type: ignore[no-untyped-call]
    finally:
        _PRIVATE.reset(token)


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
