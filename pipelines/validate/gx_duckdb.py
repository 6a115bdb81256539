"""Run Great Expectations 1.x suites inside a DuckDB database file (SQL pushdown).

GX's generic SQL data source (``add_sql("duckdb:///...")`` through duckdb-engine) fails
*silently* on DuckDB: every expectation comes back ``success=False`` with ``result == {}``,
and the real error (``IndexError: list index out of range`` in ``resolve_metric_bundle``)
is hidden in ``exception_info`` (GX issues #10738, #11579). The cause:
``SqlAlchemyExecutionEngine.execute_query`` returns the cursor result *after* its ``with``
block has closed the SQLAlchemy connection. Closing rolls back the auto-begun transaction, and
duckdb-engine's cursor is the DuckDB connection itself, so that ROLLBACK discards the rows not
fetched yet. Every caller then reads an empty result. :func:`patch_execute_query` buffers the
rows inside the block (``result.freeze()()``), for the DuckDB dialect only.

Verified against great-expectations 1.24.1, duckdb 2.0.1, duckdb-engine 0.17.0 and
SQLAlchemy 2.1.9. tests/test_gx_duckdb.py fails when GX changes underneath the patch, whether it
fixes the bug itself or stops working with the patch.

Two more DuckDB gaps are closed without patching GX: regex and LIKE expectations get GX's
Postgres SQL, and tables are read through query assets (see the comments where this happens).
Still not available on DuckDB: strftime, dateutil and increasing/decreasing expectations (GX
implements them for pandas and Spark only), and type expectations (column types are not
reflected). ``ExpectColumnQuantileValuesToBeBetween`` makes GX 1.24.1 with numpy 2 raise
``TypeError`` when it stores the result, on any backend.

Within one process, GX cannot open the file while any other ``duckdb.connect`` to it is open,
read-only or not: DuckDB requires the same configuration for every connection to a file, and
duckdb-engine always adds its own ``custom_user_agent``. Close the pipeline's connection first.
Across processes, read-only validation can share the file with other read-only readers, but
not with a writer.

GX 1.24.1 has no analytics client, and nothing opened a socket while validating. Earlier 1.x
releases sent usage events to PostHog unless ``GX_ANALYTICS_ENABLED`` was false (GX issue
#9966), so the variable is set before GX is imported.
"""

from __future__ import annotations

import copy
import functools
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import great_expectations as gx
    from great_expectations.core import (
        ExpectationSuiteValidationResult,
        ExpectationValidationResult,
    )
    from great_expectations.data_context import AbstractDataContext

GX_VERIFIED_VERSION = "1.24.1"
PARTIAL_UNEXPECTED_COUNT = 5
_DATA_DOCS_SITE = "duckdb_validation"


@dataclass(frozen=True)
class ExpectationResult:
    """One expectation's outcome, with what a failure message needs."""

    expectation_type: str
    column: str | None  # several columns (pairs, compound keys) are joined with ", "
    success: bool
    unexpected_count: int | None  # None for aggregate expectations (row count, max, ...)
    element_count: int | None
    partial_unexpected: list[Any]
    #: With ``index_columns``: the first failing rows' index values, e.g. {source_file, source_row}
    partial_unexpected_index: list[dict[str, Any]]
    observed_value: Any  # what aggregate expectations saw instead of unexpected rows
    meta: dict[str, Any]  # the project's severity and message travel here
    error: str | None  # GX could not compute the expectation: a failure, not a data finding


@dataclass(frozen=True)
class TableResult:
    table: str
    success: bool
    expectations: list[ExpectationResult]


def import_great_expectations(without_spark: bool = False) -> Any:
    """Import GX with its analytics off. It takes seconds of pure Python: callers may run it in a
    thread while DuckDB works.

    ``without_spark``: GX imports PySpark when it is installed (the ``[spark]`` extra), which
    costs another second and a half and is useless on DuckDB; PySpark is hidden from it then.
    Only for a process that will not import PySpark itself while GX loads."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    hide = without_spark and "pyspark" not in sys.modules
    if hide:
        sys.modules["pyspark"] = None  # type: ignore[assignment]  # import pyspark -> ImportError
    try:
        import great_expectations
    finally:
        if hide:
            del sys.modules["pyspark"]
    return great_expectations


def patch_execute_query() -> None:
    """Make GX fetch DuckDB query results before the connection closes. Idempotent.

    The body repeats GX 1.24.1's ``execute_query`` with the rows buffered inside the ``with``
    block. Other dialects keep GX's own method, so nothing else in the process changes.
    """
    from great_expectations.execution_engine import SqlAlchemyExecutionEngine

    unpatched = SqlAlchemyExecutionEngine.execute_query
    if getattr(unpatched, "buffers_duckdb_rows", False):
        return

    @functools.wraps(unpatched)  # keeps GX's original reachable as __wrapped__ for the tests
    def execute_query(self: SqlAlchemyExecutionEngine, query: Any) -> Any:
        if self.dialect_name != "duckdb":
            return unpatched(self, query)
        with self.get_connection() as connection:
            return self._execute_query_with_recovery(connection, query).freeze()()

    execute_query.buffers_duckdb_rows = True  # type: ignore[attr-defined]
    SqlAlchemyExecutionEngine.execute_query = execute_query  # type: ignore[method-assign]


def validate_tables(
    database: Path,
    suites: Mapping[str, gx.ExpectationSuite | Sequence[gx.expectations.Expectation]],
    *,
    read_only: bool = True,
    data_docs_dir: Path | None = None,
    index_columns: Sequence[str] = (),
    duckdb_config: Mapping[str, str] | None = None,
    row_filters: Mapping[str, str] | None = None,
) -> list[TableResult]:
    """Validate each table (``name`` or ``schema.name``) of a DuckDB file against its suite,
    only its rows meeting ``row_filters[table]`` (a SQL condition) when given.

    The expectations run as SQL inside DuckDB; no table is loaded into Python. With
    ``data_docs_dir``, GX's own Data Docs HTML site is written there (``index.html``). Row-level
    failures name their rows by ``index_columns`` (e.g. source file and row) when every table
    has them. ``duckdb_config`` (e.g. ``memory_limit``) applies to GX's DuckDB connection.
    """
    gx = import_great_expectations(without_spark=True)
    import sqlalchemy
    import sqlalchemy.dialects.postgresql
    from great_expectations.data_context.types.base import ProgressBarsConfig

    patch_execute_query()
    context = gx.get_context(mode="ephemeral")
    # tqdm bars ("Calculating Metrics") would flood the pipeline's log, one per expectation.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_sql(
        name="duckdb",
        connection_string=f"duckdb:///{database.resolve()}",
        kwargs={"connect_args": {"read_only": read_only, "config": dict(duckdb_config or {})}},
    )
    # DuckDB would draw a progress bar on stdout for every long check; the setting is per
    # connection, so every pooled connection gets it as it opens.
    engines = {
        id(engine): engine for engine in (source.get_engine(), source.get_execution_engine().engine)
    }
    for engine in engines.values():  # the data source and its execution engine each have one
        sqlalchemy.event.listen(engine, "connect", _without_progress_bar)
        engine.dispose()
    # GX writes regex and LIKE conditions only for dialects it knows ("Regex is not supported for
    # dialect duckdb"). duckdb-engine's dialect is a Postgres one, and DuckDB's ~, !~ and LIKE
    # behave as Postgres's do, so GX's Postgres rules apply.
    source.get_execution_engine().dialect_module = sqlalchemy.dialects.postgresql
    result_format = {
        "result_format": "SUMMARY",
        "partial_unexpected_count": PARTIAL_UNEXPECTED_COUNT,
    }
    if index_columns:
        result_format["unexpected_index_column_names"] = list(index_columns)
    try:
        results = []
        for table, expectations in suites.items():
            # A query asset, not a table asset: column reflection fails on DuckDB under
            # SQLAlchemy 2.1 (no pg_catalog.pg_collation), and GX's fallback then drops the schema.
            query = f"select * from {_quoted(table)}"
            if row_filters and table in row_filters:
                query += f" where {row_filters[table]}"
            asset = source.add_query_asset(name=table, query=query)
            batch = asset.add_batch_definition_whole_table(table)
            results.append(
                _validate_in_two_passes(context, table, batch, expectations, result_format)
            )
        if data_docs_dir is not None:
            write_data_docs(context, data_docs_dir)
    finally:
        # Pooled connections keep the file open, and so keep the pipeline from reopening it.
        source.get_execution_engine().close()
        source.get_engine().dispose()
    return results


def _validate_in_two_passes(
    context: AbstractDataContext,
    table: str,
    batch: Any,
    expectations: gx.ExpectationSuite | Sequence[gx.expectations.Expectation],
    result_format: dict[str, Any],
) -> TableResult:
    """Every expectation once for its verdict only, then the failed ones again for counts,
    examples and row locations. Looking for examples is a scan that stops at the first few: when
    there are none it reads the whole table, once per example list, which on a clean ten-million
    row table cost more than the checks themselves."""
    import great_expectations as gx

    def run(name: str, suite_expectations: Any, fmt: Any) -> ExpectationSuiteValidationResult:
        suite = context.suites.add(_as_suite(name, suite_expectations))
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite)
        )
        return definition.run(result_format=fmt)

    verdicts = run(table, expectations, "BOOLEAN_ONLY")
    failed = [result.expectation_config for result in verdicts.results if not result.success]
    if not failed:
        return _table_result(table, verdicts)
    details = {
        _expectation_key(result.expectation_config): result
        for result in run(f"{table} (failed checks)", failed, result_format).results
    }
    merged = [
        details.get(_expectation_key(result.expectation_config), result)
        for result in verdicts.results
    ]
    return TableResult(
        table=table,
        success=bool(verdicts.success),
        expectations=[_expectation_result(result) for result in merged],
    )


def _expectation_key(config: Any) -> str:
    return (
        f"{config.type}|{sorted(config.kwargs.items())!r}|{sorted((config.meta or {}).items())!r}"
    )


def _without_progress_bar(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("set enable_progress_bar = false")


def write_data_docs(context: AbstractDataContext, folder: Path) -> Path:
    """Render the context's suites and validation results as GX Data Docs that open offline
    (:mod:`pipelines.validate.offline_docs`); return index.html."""
    from pipelines.validate import offline_docs

    folder.mkdir(parents=True, exist_ok=True)
    # An ephemeral context keeps results in memory; a filesystem site still writes HTML to disk.
    context.add_data_docs_site(
        site_name=_DATA_DOCS_SITE,
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(folder.resolve()),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    context.build_data_docs(site_names=[_DATA_DOCS_SITE])
    offline_docs.make_offline(folder)
    return folder / "index.html"


def _quoted(table: str) -> str:
    return ".".join('"' + part.replace('"', '""') + '"' for part in table.split("."))


def _as_suite(
    name: str, expectations: gx.ExpectationSuite | Sequence[gx.expectations.Expectation]
) -> gx.ExpectationSuite:
    import great_expectations as gx

    if isinstance(expectations, gx.ExpectationSuite):
        return expectations
    # GX binds an expectation to the first suite it joins; copies let a list be validated again.
    return gx.ExpectationSuite(name=name, expectations=[copy.copy(e) for e in expectations])


def _table_result(table: str, outcome: ExpectationSuiteValidationResult) -> TableResult:
    return TableResult(
        table=table,
        success=bool(outcome.success),
        expectations=[_expectation_result(result) for result in outcome.results],
    )


def _expectation_result(result: ExpectationValidationResult) -> ExpectationResult:
    config = result.expectation_config
    assert config is not None  # GX always echoes the expectation it ran
    kwargs = config.kwargs
    columns = (
        [kwargs["column"]]
        if "column" in kwargs
        else [kwargs[key] for key in ("column_A", "column_B") if key in kwargs]
        or list(kwargs.get("column_list") or [])
    )
    details = result.result or {}
    exception = result.exception_info or {}
    # GX nests exception_info per failing metric when a metric cannot be resolved.
    errors = [exception] if "raised_exception" in exception else list(exception.values())
    messages = [e["exception_message"] for e in errors if e.get("raised_exception")]
    return ExpectationResult(
        expectation_type=config.type,
        column=", ".join(columns) or None,
        success=bool(result.success),
        unexpected_count=details.get("unexpected_count"),
        element_count=details.get("element_count"),
        partial_unexpected=list(details.get("partial_unexpected_list") or []),
        partial_unexpected_index=list(details.get("partial_unexpected_index_list") or [])[
            :PARTIAL_UNEXPECTED_COUNT
        ],
        observed_value=details.get("observed_value"),
        meta=dict(config.meta or {}),
        error="; ".join(messages) or None,
    )
