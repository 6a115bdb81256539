"""``refusals risk``: the parcels in transit at the as-of time, ranked by expected loss, each
with its risk, likely cause, reasons and the playbook's action (``playbook.csv``)."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pipelines import pipeline, warehouse
from pipelines.ingest import load
from pipelines.publish.outputs import write_csv
from pipelines.risk import instances, model
from pipelines.risk.store import MASKED_COLUMNS, RISK_COLUMNS

PLAYBOOK_PATH = Path(__file__).with_name("playbook.csv")


@dataclass(frozen=True)
class Scored:
    as_of: dt.datetime
    #: the RISK_COLUMNS and every fact behind them, highest expected loss first
    parcels: pd.DataFrame
    fitted: model.Fit


def load_playbook(path: Path = PLAYBOOK_PATH) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def suggested_actions(frame: pd.DataFrame, playbook: list[dict[str, str]],
                      min_expected_loss_yuan: float) -> list[str]:
    """The first playbook row that fits: nothing below the cost of acting, an interception
    when a refund is already agreed, else the buyer contacted with the likely cause's script."""
    actions = []
    for loss, agreed, cause in zip(frame["expected_loss_yuan"], frame["is_refund_agreed"],
                                   frame["likely_cause"], strict=True):
        action = ("none" if loss < min_expected_loss_yuan
                  else "intercept" if agreed else "contact_buyer")
        row = next(row for row in playbook if row["action"] == action
                   and row["likely_cause"] in (cause, "*"))
        actions.append(row["suggested_action_zh"])
    return actions


def score_as_of(con: duckdb.DuckDBPyConnection, as_of: dt.datetime,
                params: dict | None = None, prepared: model.Instances | None = None) -> Scored:
    """Every parcel in transit at ``as_of``, scored from what was known then. ``prepared``: the
    rows of an :func:`instances.load` at ``as_of`` through :func:`model.prepare`, when a replay
    reads them too."""
    params = params or instances.parameters()
    if prepared is None:
        prepared = model.prepare(instances.load(con, as_of, params))
    known = model.at(prepared, as_of, int(params["risk_history_days"]),
                     int(params["risk_history_every_days"]))
    fitted, risk = model.fit_and_score(known, float(params["risk_ridge"]))
    now = known.now.frame
    now["risk"] = np.round(risk, 4)
    likely, reasons = model.explain(
        known.now, fitted, model.signal_causes(), float(params["risk_reason_min_odds"]),
        model.wording_windows(params))
    now["likely_cause"] = likely
    now["reasons"] = reasons
    at_stake = (now["buyer_paid_yuan"].astype(float).fillna(0.0)
                + float(params["forward_freight_yuan"]) + float(params["return_freight_yuan"]))
    now["expected_loss_yuan"] = np.round(now["risk"] * at_stake, 2)
    now["suggested_action"] = suggested_actions(now, load_playbook(),
                                                float(params["min_expected_loss_yuan"]))
    # text even when no parcel is in transit (the empty lists above would make them numbers)
    now = now.astype(dict.fromkeys(("likely_cause", "reasons", "suggested_action"), str))
    now = now.sort_values(["expected_loss_yuan", "risk", "order_id"],
                          ascending=[False, False, True]).reset_index(drop=True)
    return Scored(as_of, now, fitted)


_MASKED_SELECT = f"select {MASKED_COLUMNS} from risk_parcels"


def write_risk_csv(con: duckdb.DuckDBPyConnection, scored: Scored, path: Path) -> int:
    """The list as UTF-8 with BOM."""
    con.register("risk_parcels", scored.parcels[list(RISK_COLUMNS)])
    try:
        return write_csv(con, _MASKED_SELECT, path)
    finally:
        con.unregister("risk_parcels")


def masked_top(con: duckdb.DuckDBPyConnection, scored: Scored, rows: int = 10) -> pd.DataFrame:
    """The first rows of the list, as the file would hold them."""
    con.register("risk_parcels", scored.parcels[list(RISK_COLUMNS)].head(rows))
    try:
        return con.execute(_MASKED_SELECT).df()
    finally:
        con.unregister("risk_parcels")


def parse_as_of(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    for layout in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            parsed = dt.datetime.strptime(text.strip(), layout)
        except ValueError:
            continue
        # a date alone means the end of that day, China time
        return parsed + dt.timedelta(days=1, seconds=-1) if layout == "%Y-%m-%d" else parsed
    raise ValueError(f"{text!r} is not a time such as 2026-11-20 18:00 or 2026-11-20")


def risk_folder(input_dir: Path, as_of: dt.datetime | None, output: Path | None) -> str:
    """``refusals risk``: load the folder into a throw-away warehouse, score, write."""
    with tempfile.TemporaryDirectory(prefix="refusals-risk-") as scratch, \
            warehouse.connect(Path(scratch) / "warehouse.duckdb") as con:
        summary = pipeline.load_and_build(con, input_dir)
        load.require_orders_and_tracking(
            con, input_dir, summary.file_sha256s, summary.skipped_files
        )
        as_of = as_of or pipeline.latest_data_at(con)
        scored = score_as_of(con, as_of)
        told = (f"{len(scored.parcels)} parcel(s) in transit at {as_of:%Y-%m-%d %H:%M}; "
                   f"weights learned from {scored.fitted.training_instances} earlier day-end "
                   f"snapshot(s) of parcels, {scored.fitted.training_refused} of them refused")
        if output is not None:
            write_risk_csv(con, scored, output)
            return f"{told} → {output}"
        top = masked_top(con, scored)
        return f"{told}; highest expected loss:\n{top.to_string(index=False)}"
