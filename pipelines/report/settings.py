"""``pipelines/report/report.toml``: the assumptions and thresholds the report states.

The marts apply them (every scalar setting is bound into the models as ``$<name>``, see
:mod:`pipelines.models.parameters`); the report reads them again only to say what they are, in its
definitions, and for its layout (weeks of history, rows per table, the heat map's floor).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipelines import config

SETTINGS_PATH = config.REPORT_SETTINGS_PATH


@dataclass(frozen=True)
class CostAssumptions:
    forward_freight_yuan: float
    return_freight_yuan: float
    margin_share: float


@dataclass(frozen=True)
class ReportSettings:
    """One attribute per setting (a missing one fails on load)."""

    costs: CostAssumptions
    small_order_yuan: float
    min_contest_confidence: float
    refunded_status: str
    streak_length: int
    spike_ratio: float
    spike_baseline_weeks: int
    min_refusals: int
    min_parcels: int
    usual_return_days: int
    closed_refund_status: str
    awaiting_merchant_status: str
    refund_auto_agree_hours: int
    lookback_weeks: int
    top_rows: int
    min_heatmap_parcels: int
    strong_evidence_confidence: float
    strong_signal_weight: float
    medium_signal_weight: float
    heatmap_max_rate_percent: float
    store_score_axis_floor: float


def load_settings(path: Path = SETTINGS_PATH) -> ReportSettings:
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    return ReportSettings(
        costs=CostAssumptions(**document["costs"]),
        **document["disputes"], **document["alerts"], **document["loose_ends"],
        **document["evidence"], **document["layout"],
    )
