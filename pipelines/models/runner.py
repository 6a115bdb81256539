"""Building the warehouse from its raw tables: seeds, staging, intermediate, marts.

Staging happens in two steps. Each ``stg_<table>_checked`` model types every raw row and says why
it cannot be used (``quarantine_reason``). One generic step here then splits every checked table
the same way: usable rows into ``staging.stg_<table>`` (exact copies of a row already seen in an
earlier file dropped), the rest into ``staging.quarantine``; ``meta.file_accounting`` proves that
each file's rows read = staged + quarantined + exact duplicates.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import duckdb

from pipelines import config, warehouse
from pipelines.ingest.exports import RAW_TABLES
from pipelines.models.parameters import model_parameters
from pipelines.models.rules import Rules, load_rules, write_weights

log = logging.getLogger("refusals")

#: Where a row came from and whether it is usable: not part of what makes two rows the same.
BOOKKEEPING_COLUMNS = (
    "file_sha256",
    "source_file",
    "source_row",
    "file_as_of",
    "quarantine_reason",
)


def build(
    con: duckdb.DuckDBPyConnection, rules: Rules | None = None, *, through: str = "marts"
) -> Rules:
    """Rebuild every model from the raw tables, up to and including layer ``through`` (the
    benchmark times staging alone); one transaction, so readers never see half. Returns the
    attribution rules the models were built with."""
    rules = rules or load_rules()
    params = model_parameters(rules)
    layers = config.SQL_LAYERS[: config.SQL_LAYERS.index(through) + 1]
    con.execute("begin transaction")
    try:
        warehouse.load_seeds(con)
        write_weights(con, rules)
        con.execute((config.SQL_DIR / "macros.sql").read_text(encoding="utf-8"))
        warehouse.build_models(con, "staging", params)
        _split_checked(con)
        for layer in layers[1:]:
            warehouse.build_models(con, layer, params)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return rules


@dataclass(frozen=True)
class SplitQueries:
    """The split of one checked table, as queries both engines run (DuckDB as written, Spark
    through :mod:`pipelines.engines.spark.sql`)."""

    #: ``staging.stg_<table>_duplicates``: the usable rows that repeat an earlier row exactly
    duplicates: str
    #: ``staging.stg_<table>``: the usable rows but those (a view on DuckDB)
    staged: str
    quarantined: str
    #: per file: rows staged, quarantined and dropped as duplicates, for the accounting
    counts: str


def split_queries(table: str, columns: list[str]) -> SplitQueries:
    """Usable rows of ``staging.stg_<table>_checked`` once per distinct content, the copy from
    the earliest file kept (an undated file last); the rest for the quarantine.

    Most rows occur once, so only rows whose content hash occurs more than once are grouped by
    their full content (which also keeps two different rows apart if their hashes ever collide),
    and what is kept is the short list of later copies: the staged rows are the checked rows
    without them, a view rather than a second copy of millions of rows. Grouping every row by
    all of its columns cost 2.5x more; writing the staged copy, another 5 s at 1M orders."""
    checked = f"staging.stg_{table}_checked"
    duplicates = f"staging.stg_{table}_duplicates"
    content = ", ".join(column for column in columns if column not in BOOKKEEPING_COLUMNS)
    return SplitQueries(
        duplicates=(
            f"with usable as (select *, hash({content}) as content_hash from {checked} "
            "where quarantine_reason is null), "
            "repeated as (select content_hash from usable group by content_hash "
            "having count(*) > 1), "
            "copies as (select * from usable semi join repeated using (content_hash)), "
            f"first_copies as (select min({{'undated': file_as_of is null, "
            "'file_as_of': file_as_of, 'source_file': source_file, 'source_row': source_row, "
            f"'file_sha256': file_sha256}}) as first_seen from copies group by {content}) "
            "select file_sha256, source_row from copies except "
            "select first_seen.file_sha256, first_seen.source_row from first_copies"
        ),
        staged=(
            f"select checked.{content.replace(', ', ', checked.')}, checked.file_sha256, "
            "checked.source_file, checked.source_row, checked.file_as_of "
            f"from {checked} as checked anti join {duplicates} as duplicates "
            "on checked.file_sha256 = duplicates.file_sha256 "
            "and checked.source_row = duplicates.source_row "
            "where checked.quarantine_reason is null"
        ),
        quarantined=(
            f"select '{table}' as raw_table, file_sha256, source_file, source_row, "
            f"quarantine_reason from {checked} where quarantine_reason is not null"
        ),
        counts=(
            "select checked.file_sha256, "
            "count(*) filter (where checked.quarantine_reason is null) "
            "- coalesce(any_value(duplicates.rows), 0) as rows_staged, "
            "count(*) filter (where checked.quarantine_reason is not null) as rows_quarantined, "
            "coalesce(any_value(duplicates.rows), 0) as rows_duplicate "
            f"from {checked} as checked left join (select file_sha256, count(*) as rows "
            f"from {duplicates} group by file_sha256) as duplicates "
            "on checked.file_sha256 = duplicates.file_sha256 group by checked.file_sha256"
        ),
    )


def accounting_query(counts: list[str]) -> str:
    """Per loaded file: rows read = staged + quarantined + exact duplicates."""
    return (
        "select files.file_name, files.kind, files.rows_read, "
        "coalesce(counts.rows_staged, 0) as rows_staged, "
        "coalesce(counts.rows_quarantined, 0) as rows_quarantined, "
        "coalesce(counts.rows_duplicate, 0) as rows_duplicate, files.file_sha256, files.load_id "
        f"from meta.loaded_files as files left join ({' union all '.join(counts)}) as counts "
        "on files.file_sha256 = counts.file_sha256"
    )


def _split_checked(con: duckdb.DuckDBPyConnection) -> None:
    """Every checked table split by :func:`split_queries`: ``staging.stg_<table>_duplicates``,
    ``staging.stg_<table>``, ``staging.quarantine`` and ``meta.file_accounting``."""
    quarantined, counts = [], []
    for table in RAW_TABLES:
        started = time.perf_counter()
        columns = [
            row[0] for row in con.execute(f"describe staging.stg_{table}_checked").fetchall()
        ]
        queries = split_queries(table, columns)
        con.execute(
            f"create or replace table staging.stg_{table}_duplicates as {queries.duplicates}"
        )
        view = f"create or replace view staging.stg_{table} as {queries.staged}"
        warehouse.drop_if_kind_changed(con, view)  # a table in warehouses built before
        con.execute(view)
        quarantined.append(queries.quarantined)
        counts.append(queries.counts)
        log.debug("staging.stg_%s split in %.2f s", table, time.perf_counter() - started)
    con.execute(
        "create or replace table staging.quarantine as "
        + " union all ".join(quarantined)
        + " order by source_file, source_row"
    )
    con.execute(
        "create or replace table meta.file_accounting as "
        f"{accounting_query(counts)} order by files.file_name"
    )
