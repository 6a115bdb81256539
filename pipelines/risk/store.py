"""The risk list as it leaves the risk module, and the two marts the weekly run keeps it in.

``marts.fct_parcels_at_risk`` (the list, one row per parcel in transit at the week's as-of time)
and ``marts.agg_parcels_at_risk_weekly`` (one row per week: the list's totals and the score
replayed over the days before) are written by ``refusals run`` after the build, for the week it
reports (:mod:`.weekly`). They are not models: the scores come from a fit in numpy, and a week's
list is the one that stood at its as-of time, which a rebuild must not change. So every build
makes sure the tables exist (:func:`ensure_tables`, from ``pipeline.load_and_build``: the data
dictionary describes them, and the report finds them in any warehouse), and a run replaces its
own week's rows and no other. A run of another week, or ``refusals attribute``, leaves them: they
are what that week's report showed. ``run --keep-weeks`` forgets them with the week's folder.

Not being models, their columns are warehouse layout (``warehouse.SCHEMA_VERSION``): a change to
them needs a migration there.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:  # the build that calls ensure_tables does not import pandas
    import pandas as pd

#: The risk list's columns (issue #17), in order: the file ``refusals risk`` writes, and the mart.
RISK_COLUMNS = (
    "order_id",
    "tracking_no",
    "risk",
    "likely_cause",
    "reasons",
    "suggested_action",
    "expected_loss_yuan",
)

#: The list's columns as they may be shown or kept anywhere: its free text passes the
#: ``mask_personal`` macro once more (the reasons quote the buyer's after-sales reason).
MASKED_COLUMNS = ", ".join(
    f"mask_personal({column}) as {column}" if column in ("reasons", "suggested_action") else column
    for column in RISK_COLUMNS
)

LIST_TABLE = "marts.fct_parcels_at_risk"
WEEKLY_TABLE = "marts.agg_parcels_at_risk_weekly"

_DDL = (
    f"""
    create table if not exists {LIST_TABLE} (
        iso_week varchar not null,
        as_of timestamp not null,
        risk_rank integer not null,
        order_id varchar not null,
        tracking_no varchar,
        risk double not null,
        likely_cause varchar,
        reasons varchar,
        suggested_action varchar,
        expected_loss_yuan double
    )
    """,
    # the replay's columns are replay_ + the fields of replay.RiskReport
    f"""
    create table if not exists {WEEKLY_TABLE} (
        iso_week varchar not null,
        as_of timestamp not null,
        parcels_in_transit integer not null,
        parcels_to_act_on integer not null,
        expected_loss_yuan double not null,
        min_expected_loss_yuan double not null,
        training_instances integer not null,
        training_refused integer not null,
        is_learned boolean not null,
        replay_days_asked integer not null,
        replay_days integer not null,
        replay_scored_pairs integer not null,
        replay_refused_pairs integer not null,
        replay_refused_parcels integer not null,
        replay_auc double,
        replay_precision_top5 double,
        replay_recall_top5 double,
        replay_precision_top10 double,
        replay_recall_top10 double,
        replay_lift_top10 double,
        replay_yuan_reached_top10 double,
        replay_yuan_refused_total double
    )
    """,
)


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    for statement in _DDL:
        con.execute(statement)


def replace_week(
    con: duckdb.DuckDBPyConnection,
    iso_week: str,
    as_of: dt.datetime,
    parcels: pd.DataFrame,
    summary: dict[str, object],
) -> None:
    """The week's rows, replacing what an earlier run wrote for it, in one transaction:
    ``parcels`` holds the RISK_COLUMNS in list order (masked here), ``summary`` the weekly
    row's other columns by name."""
    row = {"iso_week": iso_week, "as_of": as_of, **summary}
    con.register(
        "risk_parcels", parcels[list(RISK_COLUMNS)].assign(risk_rank=range(1, len(parcels) + 1))
    )
    con.execute("begin transaction")
    try:
        forget_week(con, iso_week)
        con.execute(
            f"insert into {LIST_TABLE} by name select ? as iso_week, ? as as_of, risk_rank, "
            f"{MASKED_COLUMNS} from risk_parcels",
            [iso_week, as_of],
        )
        # the names are this module's and replay.RiskReport's, never input
        con.execute(
            f"insert into {WEEKLY_TABLE} by name select "
            + ", ".join(f"? as {name}" for name in row),
            list(row.values()),
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.unregister("risk_parcels")


def forget_week(con: duckdb.DuckDBPyConnection, iso_week: str) -> None:
    for table in (LIST_TABLE, WEEKLY_TABLE):
        con.execute(f"delete from {table} where iso_week = ?", [iso_week])


def forget_weeks_before(con: duckdb.DuckDBPyConnection, oldest_kept: str) -> None:
    """Retention: the rows of weeks before ``oldest_kept`` (ISO week names sort)."""
    for table in (LIST_TABLE, WEEKLY_TABLE):
        con.execute(f"delete from {table} where iso_week < ?", [oldest_kept])
