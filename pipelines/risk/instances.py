"""The as-of facts of every parcel in transit (``sql/risk_instances.sql``), as a DataFrame."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from pipelines.models.parameters import model_parameters
from pipelines.models.rules import load_rules
from pipelines.models.runner import relations_read, used_parameters
from pipelines.risk import model, usual_transit

SQL_PATH = Path(__file__).with_name("sql") / "risk_instances.sql"
#: rows of each Arrow record batch DuckDB streams the rows in
_ROWS_PER_BATCH = 131_072


def parameters() -> dict:
    """Every setting the risk SQL may bind: rules.toml and report.toml, by name."""
    return model_parameters(load_rules())


def load(con: duckdb.DuckDBPyConnection, as_of: dt.datetime, params: dict | None = None,
         days_before: int = 0, names_on_every_row: bool = False) -> pd.DataFrame:
    """One row per (snapshot, parcel in transit at it): snapshot 0 is ``as_of`` itself, the
    others are the ends of the ``days_before`` days before its day and of the days a fit learns
    from in the ``risk_history_days`` before those (:func:`snapshot_times`), kept only for
    parcels settled by ``as_of``. ``model.at`` takes a score's rows out of them:
    ``days_before`` = 0 for a score at ``as_of``, more for a replay of the days before it from
    the same rows. A parcel's names (its order and tracking numbers, product, province and
    courier) are on the rows of the snapshots scored (``as_of`` and the ``days_before`` days)
    and, with ``names_on_every_row``, on the others too: a fit reads only their levels and
    outcomes, and they are most of the rows. The rows come in no set order (DuckDB's joins
    run in parallel): nothing that reads them depends on it (a fit groups its rows, the list
    and the replay's pairs sort themselves)."""
    params = params or parameters()
    sql = SQL_PATH.read_text(encoding="utf-8")
    times = snapshot_times(as_of, int(params["risk_history_days"]), days_before,
                           int(params["risk_history_every_days"]))
    look_back = look_back_days(params)
    bound = {**params, "as_of": as_of, "risk_snapshot_times": times,
             "risk_look_back_days": look_back,
             "risk_named_days_back": len(times) if names_on_every_row else days_before,
             "risk_horizon_at": min(times) - dt.timedelta(days=look_back)}
    # the file's statements are steps through temporary tables (see its header), then the rows
    *steps, rows = con.extract_statements(sql)
    existing = _temporary_tables(con)
    try:
        for step in steps:
            con.execute(step.query, used_parameters(_Source(), step.query, bound))
        usual_transit.create_tables(con, "risk_transits", times,
                                    int(params["risk_route_window_days"]))
        fetched = _arrow_rows(con, rows.query, used_parameters(_Source(), rows.query, bound))
    finally:
        # before the rows become a frame: DuckDB's working tables then free their memory for it
        for table in sorted(_temporary_tables(con) - existing):
            con.execute(f'drop table if exists temp.main."{table}"')
    return _frame(fetched)


def _arrow_rows(con: duckdb.DuckDBPyConnection, query: str, params: dict) -> pa.Table:
    """The query's rows streamed as Arrow record batches, put together. ``.df()`` has DuckDB
    hold the whole result while pandas copies it: a gigabyte more at the step's peak at 100,000
    orders a week; pandas chunks put together peaked no lower and took twice as long. The rows
    are not sorted: an ``order by`` in the query took more memory, which DuckDB kept while the
    fits ran, and sorting the Arrow table took as long as fetching it; its batches are put
    together before pandas takes them, which kept the step's peak 100-200 MiB lower
    (``benchmarks/README.md``). ``con.sql``, not ``execute``: Arrow from an executed statement
    copies the rows once more."""
    relation = con.sql(query, params=params)
    # decimals as numbers, cast by DuckDB as its .df() casts them (Arrow gives Python objects)
    relation = relation.project(", ".join(
        f'cast("{name}" as double) as "{name}"' if kind.id == "decimal" else f'"{name}"'
        for name, kind in zip(relation.columns, relation.types, strict=True)))
    return relation.to_arrow_reader(_ROWS_PER_BATCH).read_all().combine_chunks()


def _frame(table: pa.Table) -> pd.DataFrame:
    """``table`` as a frame with the types DuckDB's ``.df()`` gives, its Arrow memory freed as
    pandas takes each column (``self_destruct``: ``table`` is unusable after). With DuckDB's
    working tables dropped first, the step's peak at 200,000 orders a week is the query's own
    (4.2 GB), where a frame copied beside the Arrow table peaked at 4.6-5.2 GB
    (``benchmarks/README.md``)."""
    nullable = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        # integers and booleans with gaps in pandas' nullable types, as .df() gives them (Arrow
        # gives floats and Python objects)
        if column.null_count and (pa.types.is_integer(column.type)
                                  or pa.types.is_boolean(column.type)):
            kind = pd.api.types.pandas_dtype(
                "boolean" if pa.types.is_boolean(column.type)
                else str(column.type).replace("uint", "UInt", 1).replace("int", "Int", 1))
            nullable[name] = column.to_pandas(types_mapper={column.type: kind}.get)
    frame = table.to_pandas(self_destruct=True)
    for name, column in nullable.items():
        frame[name] = column
    return frame


def _temporary_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {name for (name,) in con.execute(
        "select table_name from duckdb_tables() where temporary").fetchall()}


def snapshot_times(as_of: dt.datetime, history_days: int, days_before: int = 0,
                   every_days: int = 1) -> list[dt.datetime]:
    """``as_of``, then the end (23:59:59) of each of the ``days_before`` days before its day (a
    replay scores at each), and of the days of the ``history_days`` before those that a fit
    learns from (:func:`model.on_history_grid`: every ``every_days``-th day), whatever time the
    data ends at."""
    days = [as_of.date() - dt.timedelta(days=back)
            for back in range(1, days_before + history_days + 1)]
    kept = model.on_history_grid(np.array(days, dtype="datetime64[D]"), every_days)
    kept[:days_before] = True  # a replayed day is scored at, on the grid or not
    return [as_of, *(day_end(day) for day, keep in zip(days, kept, strict=True) if keep)]


def day_end(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59))


def look_back_days(params: dict) -> int:
    """The days before a snapshot whose orders it counts, and before the earliest snapshot that
    the query reads: the longest window a fact counts over, and the longest a parcel stays in
    transit before that."""
    windows = max(int(params[name]) for name in (
        "risk_rate_window_days", "risk_route_window_days", "review_window_days"))
    return windows + int(params["risk_max_transit_days"])


def missing_sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The staging and intermediate tables the SQL reads that the warehouse lacks: all of them
    after a Spark build that brought back the marts alone."""
    present = {f"{schema}.{name}" for schema, name in con.execute(
        "select table_schema, table_name from information_schema.tables").fetchall()}
    sql = SQL_PATH.read_text(encoding="utf-8")
    read = set().union(*(relations_read(step.query) for step in
                         con.extract_statements(sql)))
    return sorted(read - present)


class _Source:
    """What :func:`used_parameters` names in its error: this file."""

    source = str(SQL_PATH.name)
