"""Checking the data before anything is published (Great Expectations 1.x, pushed down into
DuckDB by :mod:`pipelines.validate.gx_duckdb`).

The suites are reviewed JSON in ``expectations/``; ``validate/sql/`` builds the small tables that
cross-table checks need (coverage, freshness, volume, per-file quarantine). A ``fail`` check that
does not pass stops the run; ``warn`` checks go into the report. Every outcome is stored in
``meta.validation_results`` so that the report and notebooks can show history.
"""

from __future__ import annotations

import json
import tomllib
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipelines import config, warehouse
from pipelines.config import china_now
from pipelines.models import runner
from pipelines.weeks import Week

INDEX_COLUMNS = ("source_file", "source_row")


@dataclass(frozen=True)
class CheckOutcome:
    suite: str
    table: str
    check: str
    severity: str
    success: bool
    expectation_type: str
    column: str | None
    unexpected_count: int | None
    element_count: int | None
    observed: Any
    samples: list[Any]
    locations: list[str]
    problem: str
    action: str
    unit: str
    error: str | None
    #: the checked values are shares of a whole: examples are shown as percentages
    values_are_shares: bool = False

    def sentence(self) -> str:
        """One line a merchant can act on: where, what, how many, examples, what to do."""
        where = "; ".join(self.locations) or self.table
        count = (
            f"{self.unexpected_count} of {self.element_count} {self.unit}"
            if self.unexpected_count is not None
            else f"observed {self.observed}"
        )
        shown = [self._shown(value) for value in self.samples[:3]]
        examples = f" (e.g. {', '.join(shown)})" if shown else ""
        failure = f" — the check could not run: {self.error}" if self.error else ""
        return (
            f"{where}: {self.problem}: {count}{examples}{failure}; {self.action}. "
            f"[{self.suite}.{self.check}]"
        )

    def _shown(self, value: Any) -> str:
        if self.values_are_shares and isinstance(value, int | float):
            return f"{value:.0%}"
        return f"{value:.3g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class ValidationOutcome:
    run_id: str
    week: str
    checks: list[CheckOutcome]
    docs_index: Path | None

    @property
    def failures(self) -> list[CheckOutcome]:
        return [c for c in self.checks if not c.success and c.severity == "fail"]

    @property
    def warnings(self) -> list[CheckOutcome]:
        return [c for c in self.checks if not c.success and c.severity == "warn"]

    @property
    def success(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        head = (
            f"validation of {self.week}: {len(self.checks)} checks, "
            f"{len(self.failures)} failed, {len(self.warnings)} warnings"
        )
        lines = [
            head,
            *(f"- FAIL {c.sentence()}" for c in self.failures),
            *(f"- warn {c.sentence()}" for c in self.warnings),
        ]
        if self.docs_index:
            lines.append(f"full GX Data Docs: {self.docs_index}")
        return "\n".join(lines)


def load_thresholds(path: Path = config.EXPECTATIONS_DIR / "thresholds.toml") -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _fill(value: Any, values: dict[str, Any]) -> Any:
    """Replace ``"$name"`` placeholders anywhere in a suite with their run-time values."""
    if isinstance(value, str) and value.startswith("$"):
        return values[value[1:]]
    if isinstance(value, dict):
        return {key: _fill(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    return value


def load_suites(
    values: dict[str, Any], folder: Path = config.EXPECTATIONS_DIR
) -> dict[str, dict[str, Any]]:
    """Every suite in ``expectations/``, keyed by the table it checks, placeholders filled."""
    suites = {}
    for path in sorted(folder.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        suites[document["table"]] = {
            "name": document["name"],
            "expectations": _fill(document["expectations"], values),
        }
    return suites


def _outcome(suite: str, table: str, result: Any) -> CheckOutcome:
    meta = result.meta
    locations = []
    for index in result.partial_unexpected_index:
        file, row = index.get("source_file"), index.get("source_row")
        locations.append(f"{file}, row {row}" if row else str(file))
    return CheckOutcome(
        suite=suite,
        table=table,
        check=meta.get("check", result.expectation_type),
        severity=meta.get("severity", "fail"),
        success=result.success,
        expectation_type=result.expectation_type,
        column=result.column,
        unexpected_count=result.unexpected_count,
        element_count=result.element_count,
        observed=result.observed_value,
        samples=result.partial_unexpected,
        locations=list(dict.fromkeys(locations)),
        problem=meta.get("problem", "check failed"),
        action=meta.get("action", "see the data docs"),
        unit=meta.get("unit", "rows"),
        error=result.error,
        values_are_shares=meta.get("values") == "shares",
    )


#: The files a run checks (``validate_warehouse``): the rows of the raw and staged tables and the
#: per-file checks cover these files only.
RUN_FILES = "validation.run_files"
_OF_RUN_FILES = f"file_sha256 in (select file_sha256 from {RUN_FILES})"


def validate_warehouse(
    warehouse_path: Path, week: Week, docs_dir: Path | None = None,
    files: Collection[str] | None = None,
) -> ValidationOutcome:
    """Run every suite against the warehouse file. It must not be open in this process.

    ``files`` (checksums; default: every file loaded) are the files this run was given: only
    their rows are checked row by row, and only they are checked per file. A file the
    warehouse kept from an earlier run was checked by that run, so a weekly run checks its
    week's files, not all history (issue #15)."""
    values = {
        **load_thresholds(),
        "now": str(china_now().replace(microsecond=0)),
        "week_start": str(week.start),
        "week_end": str(week.end),
    }
    with warehouse.connect(warehouse_path) as con:
        runner.define_macros(con)  # one built on Spark alone has none; validation/ uses them
        con.execute("create schema if not exists validation")
        if files is None:
            con.execute(f"create or replace table {RUN_FILES} as "
                        "select file_sha256 from meta.loaded_files")
        else:
            con.execute(f"create or replace table {RUN_FILES} (file_sha256 varchar)")
            con.executemany(f"insert into {RUN_FILES} values (?)", [[sha] for sha in files])
        runner.run_models(con, runner.discover([("validation", config.VALIDATION_SQL_DIR)]), values)
    from pipelines.validate import gx_duckdb  # imports great_expectations: seconds, so only here

    suites = load_suites(values)
    results = gx_duckdb.validate_tables(
        warehouse_path,
        {table: suite["expectations"] for table, suite in suites.items()},
        data_docs_dir=docs_dir,
        index_columns=INDEX_COLUMNS,
        duckdb_config=config.duckdb_settings(),
        row_filters={table: _OF_RUN_FILES for table in suites
                     if table.startswith(("raw.", "staging."))},
    )
    checks = [
        _outcome(suites[table_result.table]["name"], table_result.table, expectation)
        for table_result in results
        for expectation in table_result.expectations
    ]
    docs_index = docs_dir / "index.html" if docs_dir else None
    return ValidationOutcome(uuid.uuid4().hex, str(week), checks, docs_index)


def record(con: duckdb.DuckDBPyConnection, outcome: ValidationOutcome) -> None:
    """Keep the outcome in ``meta.validation_runs`` / ``meta.validation_results``."""
    con.execute(
        "create table if not exists meta.validation_runs (run_id varchar primary key, "
        "validated_at timestamp, week varchar, success boolean, failed_checks integer, "
        "warned_checks integer)"
    )
    con.execute(
        "create table if not exists meta.validation_results (run_id varchar, suite varchar, "
        "table_name varchar, check_name varchar, severity varchar, success boolean, "
        "expectation_type varchar, column_name varchar, unexpected_count bigint, "
        "element_count bigint, observed varchar, samples varchar, locations varchar, "
        "problem varchar, action varchar, error varchar)"
    )
    con.execute(
        "insert into meta.validation_runs values (?, ?, ?, ?, ?, ?)",
        [
            outcome.run_id,
            china_now(),
            outcome.week,
            outcome.success,
            len(outcome.failures),
            len(outcome.warnings),
        ],
    )
    con.executemany(
        "insert into meta.validation_results values "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                outcome.run_id,
                c.suite,
                c.table,
                c.check,
                c.severity,
                c.success,
                c.expectation_type,
                c.column,
                c.unexpected_count,
                c.element_count,
                None if c.observed is None else str(c.observed),
                json.dumps(c.samples, ensure_ascii=False, default=str),
                json.dumps(c.locations, ensure_ascii=False),
                c.problem,
                c.action,
                c.error,
            ]
            for c in outcome.checks
        ],
    )
