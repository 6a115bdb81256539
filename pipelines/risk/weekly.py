"""The weekly run's risk step (issue #17): every parcel in transit at the week's as-of time,
scored, and the score replayed over the days before it; both kept in the marts for the report
(:mod:`.store`) and summed up for ``run.json``.

A weekly run has no labels file, so the replay measures the score against the outcomes the
pipeline itself detected (``marts.fct_parcels``: refused, delivered, returned undelivered), as far
as they were known at the as-of time. That is the shop's own refusal detection, not ground truth:
the figures say how well the score foresees what this pipeline later calls a refusal.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict

import duckdb
import pandas as pd

from pipelines import pipeline
from pipelines.models import runner
from pipelines.risk import instances, model, replay, score, store
from pipelines.weeks import Week

MEASURED_AGAINST = (
    "the outcomes the pipeline detected (marts.fct_parcels) and knew by the "
    "as-of time, not a labels file"
)


def as_of_for(week: Week, latest_data_at: dt.datetime) -> dt.datetime:
    """The end of ``week`` (its Sunday 23:59:59, China time), or the latest data when that is
    earlier: re-running a past week shows its list as it stood when the week ended."""
    return min(week.end - dt.timedelta(seconds=1), latest_data_at)


def detected_outcomes(con: duckdb.DuckDBPyConnection, as_of: dt.datetime,
                      order_ids: pd.Series) -> pd.Series:
    """The outcome of each of ``order_ids`` as the pipeline detected it, by order id, for the
    outcomes known by ``as_of``. Only those asked for: a replay's parcels are a few hundred
    thousand of the millions of orders the warehouse holds, and fetching them all and looking
    the replay's pairs up among them took 5 s at 200,000 orders a week."""
    con.register("outcomes_asked", pd.DataFrame({"order_id": order_ids.drop_duplicates()}))
    try:
        return con.execute(
            "select parcels.order_id, parcels.outcome from marts.fct_parcels as parcels "
            "semi join outcomes_asked on parcels.order_id = outcomes_asked.order_id "
            "where parcels.outcome_at <= ?", [as_of]
        ).df().set_index("order_id")["outcome"]
    finally:
        con.unregister("outcomes_asked")


def record_week(con: duckdb.DuckDBPyConnection, week: Week) -> dict:
    """Score the parcels in transit at the week's as-of time, replay the score over the
    ``risk_replay_days`` days before it, and replace the week's rows in the marts. Returns the
    run manifest's ``risk`` object."""
    missing = instances.missing_sources(con)
    if missing:
        store.forget_week(con, str(week))
        why = f"the warehouse lacks {', '.join(missing)} (a build that kept the marts alone)"
        return {"computed": False, "why": why}
    runner.define_macros(con)  # one built on Spark alone has none; the risk SQL uses them
    params = instances.parameters()
    as_of = as_of_for(week, pipeline.latest_data_at(con))
    days_asked = int(params["risk_replay_days"])
    # the replay runs at the end of each of the days before (snapshots of the same query): one
    # query serves the list and the replay
    days = replay.replayable_days(con, last=as_of.date() - dt.timedelta(days=1), most=days_asked)
    times = [instances.day_end(day) for day in days]
    # in calendar days: when the data ends before the week does, the as-of time is not a day's
    # end, and a difference of times would leave out the first replayed day (and a day of its
    # history)
    days_before = (as_of.date() - min(days)).days if days else 0
    prepared = model.prepare(instances.load(con, as_of, params, days_before=days_before))
    scored = score.score_as_of(con, as_of, params, prepared)
    replayed_parcels = prepared.frame.loc[prepared.frame["snapshot_at"].isin(times), "order_id"]
    replayed = replay.figures(replay.scored_pairs(
        prepared, times, detected_outcomes(con, as_of, replayed_parcels), params))
    figures = {
        name: None if isinstance(value, float) and math.isnan(value) else value
        for name, value in asdict(replayed).items()
    }
    losses = scored.parcels["expected_loss_yuan"]
    threshold = float(params["min_expected_loss_yuan"])
    listed = {
        "parcels_in_transit": len(scored.parcels),
        "parcels_to_act_on": int((losses >= threshold).sum()),
        "expected_loss_yuan": round(float(losses.sum()), 2),
        "min_expected_loss_yuan": threshold,
        "training_instances": scored.fitted.training_instances,
        "training_refused": scored.fitted.training_refused,
        "is_learned": scored.fitted.is_learned,
    }
    store.replace_week(
        con,
        str(week),
        as_of,
        scored.parcels,
        {
            **listed,
            "replay_days_asked": days_asked,
            **{f"replay_{name}": value for name, value in figures.items()},
        },
    )
    return {
        "computed": True,
        "as_of": as_of,
        **listed,
        "replay": {"measured_against": MEASURED_AGAINST, "days_asked": days_asked, **figures},
    }
