"""Run the suites with Great Expectations 1.x and write the Data Docs; the only GX importer.

Importing this module loads GX (seconds), so ``pipeline.quality.validate`` imports it inside
``validate_edition``. One ephemeral context per run holds a pandas data source with one
dataframe asset per table; each table gets its own ValidationDefinition and Checkpoint
(a Checkpoint hands the *same* batch parameters to all its validations, so one per table is
how each gets its own dataframe), run with ``batch_parameters={"dataframe": frame}``, the
suites' ``$PARAMETER`` values and ``COMPLETE`` results naming failing rows by ``seq``/``name``.
The Data Docs site is built once, after all four (the context keeps their results), not by an
``UpdateDataDocsAction`` per checkpoint: each action rebuilds the whole site and recompiles
its templates, which made rendering 2.7 of 4.9 s.

The Data Docs are HTML made from the edition's own text (names, network types, any value a
failed expectation lists), and GX writes much of it into the pages unescaped: a name
``<script>…</script>`` would run in the reader's browser. So before the site is built, the
results the context keeps are rewritten with every string of each ``result`` and the exception
traceback HTML-escaped; kwargs and exception messages, which GX renders as template parameters,
only when this GX does not escape those itself (probed once: twice escaped, they read ``&lt;``).
The store holds serialized copies, so the results ``run_suites`` returns, for the CLI and
``validation.json`` (not HTML), keep the raw values.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, cast

import great_expectations as gx
import pandas as pd
from great_expectations.core import ExpectationSuiteValidationResult
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

from pipeline.quality.frames import INDEX_COLUMNS
from pipeline.quality.suites import SuiteError, SuiteFile, load_suites
from pipeline.quality.validate import FailedExpectation, Severity, ValidationReport

__all__ = ["failures_of", "run_suites"]

SITE_NAME = "catalog_quality"


def _share_compiled_templates() -> None:
    """Give every GX page view one in-memory Jinja bytecode cache.

    Each ``DefaultJinjaView`` builds its own Jinja environment, so every Data Docs build
    compiled the same ~60 templates again (0.45 of 0.9 s per validation). With a shared
    ``BytecodeCache`` later builds load the compiled code instead; the pages are the same.
    """
    from great_expectations.render.view.view import DefaultJinjaView
    from jinja2 import BytecodeCache

    class _Memory(BytecodeCache):
        def __init__(self) -> None:
            self.codes: dict[str, bytes] = {}

        def load_bytecode(self, bucket: Any) -> None:
            if bucket.key in self.codes:
                bucket.bytecode_from_string(self.codes[bucket.key])

        def dump_bytecode(self, bucket: Any) -> None:
            self.codes[bucket.key] = bucket.bytecode_to_string()

    cache, build = _Memory(), DefaultJinjaView.__init__

    def shared(self: DefaultJinjaView, *args: Any, **kwargs: Any) -> None:
        build(self, *args, **kwargs)
        self.env.bytecode_cache = cache

    DefaultJinjaView.__init__ = shared  # type: ignore[method-assign]


def _gx_escapes_parameters() -> bool:
    """Whether GX HTML-escapes string-template parameters itself (recent 1.x versions do), with
    and without styling: expectation kwargs and exception messages reach the pages only so."""
    from great_expectations.render.view.view import DefaultJinjaView

    view = DefaultJinjaView()
    probes: list[dict[str, Any]] = [{}, {"styling": {"classes": ["probe"]}}]
    rendered = [str(view.render_string_template(  # type: ignore[no-untyped-call]
        {"template": "$v", "params": {"v": "<b>"}, **extra})) for extra in probes]
    return all("&lt;b&gt;" in page and "<b>" not in page for page in rendered)


_share_compiled_templates()
#: GX escapes kwargs and exception messages on its own: escaped twice they would read ``&lt;``.
GX_ESCAPES_PARAMETERS = _gx_escapes_parameters()
#: Kwargs that name columns or steer GX rather than hold values to compare with: never escaped
#: (the suite files write them, and GX parses ``row_condition`` again when it renders it).
STRUCTURAL_KWARGS = frozenset({
    "batch_id", "column", "column_A", "column_B", "column_list", "condition_parser",
    "ignore_row_if", "result_format", "row_condition",
})
#: Index columns that become ``FailedExpectation.seq``/``name`` rather than detail.
ENTRY_COLUMNS: tuple[str, ...] = ("seq", "name")
DATA_SOURCE = "catalog"


def _context(docs_dir: Path) -> AbstractDataContext:
    """An in-memory context whose only Data Docs site is the local folder ``docs_dir``.

    GX refuses a relative ``base_directory`` without a project root, and ``curated`` is
    relative by default (``./curated``): the folder is made absolute here.
    """
    site = {
        "class_name": "SiteBuilder",
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(docs_dir.resolve()),
        },
    }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={SITE_NAME: site},
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def build_suite(suite: SuiteFile) -> gx.ExpectationSuite:
    """The GX suite of a suite file. GX's own ``severity`` is set from ``meta.severity`` and
    its ``notes`` (shown in the Data Docs) from the check name, severity and why.

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


def _result_format(table: str) -> dict[str, Any]:
    return {"result_format": "COMPLETE",
            "unexpected_index_column_names": list(INDEX_COLUMNS[table])}


def _validate_table(
    context: AbstractDataContext, source: PandasDatasource, suite: SuiteFile,
    frame: pd.DataFrame, parameters: Mapping[str, Any],
) -> ExpectationSuiteValidationResult:
    asset = source.add_dataframe_asset(suite.name)
    batch = asset.add_batch_definition_whole_dataframe(suite.name)
    definition = context.validation_definitions.add(gx.ValidationDefinition(
        name=suite.name, data=batch, suite=context.suites.add(build_suite(suite))))
    checkpoint = context.checkpoints.add(gx.Checkpoint(
        name=suite.name, validation_definitions=[definition],
        actions=[], result_format=_result_format(suite.name)))
    result = checkpoint.run(batch_parameters={"dataframe": frame},
                            expectation_parameters=dict(parameters))
    return next(iter(result.run_results.values()))


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


def _escaped(value: Any) -> Any:
    """``value`` with every string in it, dictionary keys included, HTML-escaped (quotes too)."""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, Mapping):
        return {_escaped(key): _escaped(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escaped(item) for item in value]
    return value


def _escaped_exception(info: Mapping[str, Any]) -> dict[str, Any]:
    """``exception_info`` (flat, or one per metric id) with its traceback escaped, which GX
    renders as a template, and its message when GX would not escape it."""
    if "exception_traceback" not in info:
        return {key: _escaped_exception(item) if isinstance(item, Mapping) else item
                for key, item in info.items()}
    escaped = {**info, "exception_traceback": _escaped(info["exception_traceback"])}
    if not GX_ESCAPES_PARAMETERS:
        escaped["exception_message"] = _escaped(info.get("exception_message"))
    return escaped


def _escape_stored_results(context: AbstractDataContext) -> None:
    """Rewrite the results the context keeps (and the Data Docs are built from) with the
    edition's values HTML-escaped; the store holds serialized copies, so the results the
    checkpoints returned stay raw."""
    store = context.validation_results_store
    for key in store.list_keys():
        suite_result = store.get(key)
        if suite_result is None:
            continue
        for result in suite_result.results:
            if result.result:
                result.result = _escaped(result.result)
            if result.exception_info:
                result.exception_info = _escaped_exception(result.exception_info)
            config = result.expectation_config
            if config is not None and not GX_ESCAPES_PARAMETERS:
                config.kwargs = {name: value if name in STRUCTURAL_KWARGS else _escaped(value)
                                 for name, value in config.kwargs.items()}
        store.set(key, suite_result)


def run_suites(
    frames: Mapping[str, pd.DataFrame], parameters: Mapping[str, Any], docs_dir: Path,
    edition: str,
) -> ValidationReport:
    """Validate every frame with its suite; rebuild the Data Docs site in ``docs_dir``."""
    shutil.rmtree(docs_dir, ignore_errors=True)
    context = _context(docs_dir)
    source = context.data_sources.add_pandas(DATA_SOURCE)
    results = {name: _validate_table(context, source, suite, frames[name], parameters)
               for name, suite in load_suites().items()}
    _escape_stored_results(context)
    context.build_data_docs(site_names=[SITE_NAME])
    failures = [failure for name, suite_result in results.items()
                for result in suite_result.results if not result.success
                for failure in failures_of(name, result)]
    return ValidationReport(
        edition=edition,
        evaluated=sum(len(r.results) for r in results.values()),
        failures=tuple(failures),
        report_path=str(docs_dir / "index.html"),
        results={name: _json(r) for name, r in results.items()},
    )
