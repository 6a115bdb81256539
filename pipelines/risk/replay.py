"""Replaying the risk score on history. At each day's end the parcels in transit are scored from
what was known then (the weights learned afresh each day, from the same query's earlier
snapshots); an outcome source says which of them were refused later: a labels file (``refusals
evaluate-risk``), or the outcomes the pipeline itself detected (the weekly run, :mod:`.weekly`,
which has no labels).

Figures, over every (day, parcel in transit) pair whose parcel's outcome the source knows
(refused, or delivered / returned undelivered; a parcel still in transit there is left out):
AUC; precision and recall of each day's top 5% and 10% by risk (pooled over the days: recall is
the share of the day's in-transit parcels that would be refused which that day's list held);
lift of the top 10% (recall ÷ 0.10); and the money the top-10% lists reached: buyer paid plus
both freights of the distinct refused parcels that were on at least one day's list, against
that of every refused parcel scored.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pipelines import evaluate, pipeline, warehouse
from pipelines.risk import instances, model

#: Days of history before the first replayed day: the weights need earlier parcels to learn from.
WARM_UP_DAYS = 14

#: Days one query replays: its rows are (history + these days) snapshots of the parcels in
#: transit, so this bounds a long replay's memory.
DAYS_PER_QUERY = 28

#: Each order's known outcome by order id: a Series indexed by order id (what the pipeline
#: detected, or a labels file), or a plain mapping
Outcomes = pd.Series | Mapping[str, str]


@dataclass(frozen=True)
class RiskReport:
    days: int
    scored_pairs: int
    refused_pairs: int
    refused_parcels: int
    auc: float
    precision_top5: float
    recall_top5: float
    precision_top10: float
    recall_top10: float
    lift_top10: float
    yuan_reached_top10: float
    yuan_refused_total: float


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """The probability that a refused pair outranks a not-refused one (ties count half)."""
    ranks = pd.Series(scores).rank(method="average").to_numpy()
    positives = int(positive.sum())
    negatives = len(positive) - positives
    if not positives or not negatives:
        return float("nan")
    return float((ranks[positive].sum() - positives * (positives + 1) / 2)
                 / (positives * negatives))


def replayable_days(con: duckdb.DuckDBPyConnection, last: dt.date | None = None,
                    most: int | None = None) -> list[dt.date]:
    """The days whose end the score is replayed at: from :data:`WARM_UP_DAYS` after the first
    parcel shipped (the weights need earlier parcels to learn from) through ``last`` (default:
    the day the last parcel shipped); only the last ``most`` of them when given (each day costs
    a fit and more snapshot rows: this bounds the weekly run's time)."""
    first, last_shipped = con.execute(
        "select min(shipped_at), max(shipped_at) from intermediate.int_orders_deduplicated"
    ).fetchall()[0]
    if first is None:
        return []
    day = first.date() + dt.timedelta(days=WARM_UP_DAYS)
    last = last or last_shipped.date()
    if most is not None:
        day = max(day, last - dt.timedelta(days=most - 1))
    return [day + dt.timedelta(days=offset) for offset in range((last - day).days + 1)]


def replay(con: duckdb.DuckDBPyConnection, outcomes: Outcomes,
           days: Sequence[dt.date], params: dict | None = None) -> pd.DataFrame:
    """One row per (day end, parcel in transit then) whose outcome ``outcomes`` (order id →
    outcome) knows: its risk and whether it was refused. One query serves
    :data:`DAYS_PER_QUERY` days (:func:`instances.load`)."""
    params = params or instances.parameters()
    times = sorted(instances.day_end(day) for day in days)
    frames = []
    for start in range(0, len(times), DAYS_PER_QUERY):
        block = times[start:start + DAYS_PER_QUERY]
        rows = instances.load(con, block[-1], params, days_before=(block[-1] - block[0]).days)
        frames.append(_scored(model.prepare(rows), block, params))
    return _with_outcomes(frames, outcomes)


def scored_pairs(prepared: model.Instances, times: Iterable[dt.datetime],
                 outcomes: Outcomes, params: dict) -> pd.DataFrame:
    """The score at each of ``times`` (snapshots of ``prepared``, each learning afresh from
    the snapshots before it), one row per (time, parcel in transit then) whose outcome
    ``outcomes`` knows."""
    return _with_outcomes([_scored(prepared, times, params)], outcomes)


def _scored(prepared: model.Instances, times: Iterable[dt.datetime],
            params: dict) -> pd.DataFrame:
    frames = [_PAIRS]
    for when in times:
        known = model.at(prepared, when, int(params["risk_history_days"]),
                         int(params["risk_history_every_days"]))
        _, risk = model.fit_and_score(known, float(params["risk_ridge"]))
        frames.append(pd.DataFrame({
            "day": when.date(), "order_id": known.now.frame["order_id"].to_numpy(),
            "risk": risk,
            "at_stake_yuan": known.now.paid + float(params["forward_freight_yuan"])
            + float(params["return_freight_yuan"]),
        }))
    return pd.concat(frames, ignore_index=True)


_PAIRS = pd.DataFrame({"day": pd.Series(dtype=object), "order_id": pd.Series(dtype=object),
                       "risk": pd.Series(dtype=float), "at_stake_yuan": pd.Series(dtype=float)})


def _with_outcomes(frames: list[pd.DataFrame], outcomes: Outcomes) -> pd.DataFrame:
    pairs = pd.concat([_PAIRS, *frames], ignore_index=True)
    pairs["outcome"] = pairs["order_id"].map(outcomes)
    pairs = pairs[pairs["outcome"].isin(["refused", "delivered", "returned_undelivered"])]
    pairs["is_refused"] = pairs["outcome"] == "refused"
    return pairs.reset_index(drop=True)


def _top(pairs: pd.DataFrame, share: float) -> pd.Series:
    """Whether each pair is in its day's top ``share`` by risk (at least one a day). Equal
    risks are common (parcels at the same levels score the same) and are taken in order-id
    order, whatever order the pairs come in: the query's rows come in none."""
    ranked = pairs.sort_values(["day", "risk", "order_id"], ascending=[True, False, True],
                               kind="stable")
    rank = ranked.groupby("day").cumcount() + 1
    size = ranked.groupby("day")["risk"].transform("size")
    return (rank <= np.maximum(1, np.floor(share * size))).reindex(pairs.index)


def figures(pairs: pd.DataFrame) -> RiskReport:
    positive = pairs["is_refused"].to_numpy(dtype=bool)
    results = {}
    for share, name in ((0.05, "top5"), (0.10, "top10")):
        listed = _top(pairs, share).to_numpy()
        caught = int((listed & positive).sum())
        results[f"precision_{name}"] = caught / listed.sum() if listed.sum() else 0.0
        results[f"recall_{name}"] = caught / positive.sum() if positive.sum() else 0.0
        if name == "top10":
            refused = pairs[positive].drop_duplicates("order_id")
            reached = set(pairs.loc[listed & positive, "order_id"])
            # to the fen: a sum's last digits follow the order the pairs come in
            results["yuan_reached_top10"] = round(float(
                refused.loc[refused["order_id"].isin(reached), "at_stake_yuan"].sum()), 2)
            results["yuan_refused_total"] = round(float(refused["at_stake_yuan"].sum()), 2)
    return RiskReport(
        days=int(pairs["day"].nunique()), scored_pairs=len(pairs),
        refused_pairs=int(positive.sum()),
        refused_parcels=int(pairs.loc[positive, "order_id"].nunique()),
        auc=auc(pairs["risk"].to_numpy(), positive),
        lift_top10=results["recall_top10"] / 0.10, **results)


def evaluate_risk_folder(input_dir: Path, labels_path: Path) -> RiskReport:
    evaluate.read_labels(labels_path)  # a file that is not a labels file stops here, in words
    outcomes = read_outcomes(labels_path)
    with tempfile.TemporaryDirectory(prefix="refusals-risk-") as scratch, \
            warehouse.connect(Path(scratch) / "warehouse.duckdb") as con:
        pipeline.load_and_build(con, input_dir)
        return figures(replay(con, outcomes, replayable_days(con)))


def read_outcomes(labels_path: Path) -> pd.Series:
    return pd.read_csv(labels_path, encoding="utf-8-sig", dtype=str).set_index(
        "order_id")["outcome"]


def format_report(report: RiskReport) -> str:
    values = asdict(report)
    return "\n".join([
        f"replayed {values['days']} day(s): {values['scored_pairs']} (day, parcel in transit) "
        f"pairs, {values['refused_pairs']} of them later refused "
        f"({values['refused_parcels']} refused parcels)",
        f"AUC {report.auc:.3f}",
        f"top 5%:  precision {report.precision_top5:.3f}  recall {report.recall_top5:.3f}",
        f"top 10%: precision {report.precision_top10:.3f}  recall {report.recall_top10:.3f}  "
        f"lift {report.lift_top10:.2f}",
        f"money the top-10% lists reached: ¥{report.yuan_reached_top10:,.0f} of "
        f"¥{report.yuan_refused_total:,.0f} at stake on refused parcels "
        f"({report.yuan_reached_top10 / report.yuan_refused_total:.0%})"
        if report.yuan_refused_total else "no refused parcel was in transit on a replayed day",
    ])
