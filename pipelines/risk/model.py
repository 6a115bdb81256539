"""The risk score: each parcel's facts in levels, weights learned per run by a ridge-penalised
logistic fit (numpy, Newton steps) on the shop's own parcels that were in transit at earlier
day-ends and whose outcome was known by the as-of time, and each score explained by the facts
that raised it most.

A fact's level is one of a few named bins (``features.csv``); the first, plain level of each
(no request filed, transit not slower than usual …) is the reference and carries no weight. So
a weight reads as how much that level multiplies the odds of refusal, and the reasons told are
the levels with the largest weights. A level that names a registry signal (``seeds/signals.csv``)
points at that signal's cause: that is how the likely cause reuses the attribution's registry.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines import config
from pipelines.models.signals import REGISTRY_PATH, load_registry

FEATURES_PATH = Path(__file__).with_name("features.csv")

#: Pseudo-parcels at the shop's rate that smooth a product's or province's refusal rate.
_RATE_PRIOR_PARCELS = 5.0


@dataclass(frozen=True)
class Level:
    feature: str
    level: str
    #: the registry signal this level is evidence of ('' when it names none)
    signal: str
    #: Chinese reason, a format string over the parcel's facts
    reason_zh: str

    @property
    def column(self) -> str:
        return f"{self.feature}={self.level}"


def load_levels(path: Path = FEATURES_PATH) -> list[Level]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Level(**row) for row in csv.DictReader(handle)]


def signal_causes() -> dict[str, str]:
    return {signal.signal: signal.cause
            for signal in load_registry(config.SEEDS_DIR / REGISTRY_PATH.name)}


def _ratio_level(rate: pd.Series, shop_rate: pd.Series) -> pd.Series:
    ratio = rate / shop_rate.where(shop_rate > 0)
    return pd.Series(np.select([ratio >= 3.0, ratio >= 1.5], ["very_high", "high"], "usual"),
                     index=rate.index)


def facts(instances: pd.DataFrame, value_edges: np.ndarray) -> pd.DataFrame:
    """The instances with the derived figures the reasons quote and one column per feature
    holding its level."""
    frame = instances.copy()
    shop_rate = frame["shop_refused"] / frame["shop_settled"].where(frame["shop_settled"] > 0)
    frame["shop_rate"] = shop_rate.fillna(0.0)
    frame["product_rate"] = (frame["product_refused"] + _RATE_PRIOR_PARCELS * frame["shop_rate"]) \
        / (frame["product_settled"] + _RATE_PRIOR_PARCELS)
    frame["province_rate"] = (frame["province_refused"]
                              + _RATE_PRIOR_PARCELS * frame["shop_rate"]) \
        / (frame["province_settled"] + _RATE_PRIOR_PARCELS)
    frame["transit_ratio"] = frame["transit_hours"] / frame["usual_transit_hours"].where(
        frame["usual_transit_hours"] > 0)
    ratio = frame["transit_ratio"]
    frame["transit"] = np.select(
        [ratio.isna(), ratio >= 2.5, ratio >= 1.6, ratio >= 1.0],
        ["no_baseline", "far_slower", "much_slower", "slower"], "usual")
    frame["attempt"] = frame["attempt_state"]
    frame["tracking"] = np.select(
        [(frame["tracking_state"] == "no_events") & (frame["hours_since_shipped"] >= 24),
         (frame["tracking_state"] == "events") & ~frame["has_pickup"]],
        ["no_events", "no_pickup"], "normal")
    for feature, column in (("stuck", "is_stuck"), ("delayed", "is_delayed"),
                            ("damaged", "is_damaged"), ("late_shipped", "is_late_shipped"),
                            ("refund_agreed", "is_refund_agreed"), ("boost_tag", "has_boost_tag"),
                            ("penalty", "has_penalty"), ("trial", "is_trial_or_near_zero")):
        frame[feature] = np.where(frame[column].fillna(False).astype(bool), "yes", "no")
    frame["request"] = frame["request_state"]
    frame["product_rate_level"] = _ratio_level(frame["product_rate"], frame["shop_rate"])
    frame["province_rate_level"] = _ratio_level(frame["province_rate"], frame["shop_rate"])
    frame["low_reviews"] = np.select(
        [frame["product_low_reviews"] >= 2, frame["product_low_reviews"] == 1],
        ["several", "one"], "none")
    paid = frame["buyer_paid_yuan"].astype(float).fillna(0.0)
    frame["value"] = np.array(["q1", "q2", "q3", "q4"])[np.searchsorted(value_edges, paid,
                                                                         side="right")]
    return frame


def _level_column(feature: str) -> str:
    return {"product_rate": "product_rate_level", "province_rate": "province_rate_level"}.get(
        feature, feature)


def design(frame: pd.DataFrame, levels: list[Level]) -> np.ndarray:
    """One 0/1 column per non-reference level (in ``levels`` order)."""
    return np.column_stack([
        (frame[_level_column(level.feature)].to_numpy() == level.level).astype(float)
        for level in levels
    ])


@dataclass(frozen=True)
class Fit:
    intercept: float
    #: log odds ratio per level, in ``levels`` order
    weights: np.ndarray
    levels: list[Level]
    value_edges: np.ndarray
    training_instances: int
    training_refused: int

    @property
    def is_learned(self) -> bool:
        """Whether the earlier parcels held both refused and not refused ones: without, there is
        nothing to learn, and every parcel scores the same smoothed base rate."""
        return 0 < self.training_refused < self.training_instances

    def score(self, frame: pd.DataFrame) -> np.ndarray:
        return _sigmoid(self.intercept + design(frame, self.levels) @ self.weights)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -35, 35)))


def value_edges(paid: pd.Series) -> np.ndarray:
    """Quartile edges of the amounts paid (the value bins), from the training parcels."""
    values = paid.astype(float).dropna()
    if values.empty:
        return np.array([np.inf, np.inf, np.inf])
    return np.quantile(values, [0.25, 0.5, 0.75])


def fit(training: pd.DataFrame, levels: list[Level], ridge: float,
        iterations: int = 25) -> Fit:
    """Ridge logistic regression by Newton's method: minimise the log loss plus
    ``ridge/2 * |w|^2`` (the intercept is not penalised). Levels never seen in training keep
    weight 0."""
    edges = value_edges(training["buyer_paid_yuan"])
    frame = facts(training, edges)
    x = design(frame, levels)
    y = frame["is_refused"].astype(float).to_numpy()
    n, k = x.shape
    refused = int(y.sum())
    if n == 0 or refused in (0, n):
        rate = (refused + 0.5) / (n + 1.0)
        return Fit(float(np.log(rate / (1 - rate))), np.zeros(k), levels, edges, n, refused)
    # Instances with the same levels are one row weighted by their count, with their refusals
    # summed: the same log loss, so the same fit, over a few thousand rows instead of every
    # (day-end, parcel) instance (57,000 for a 30,000-order shop: 1.1 s a fit, which the weekly
    # replay pays once a day). Rows are told apart by their bits packed into bytes: sorting
    # those is fifty times faster than np.unique(x, axis=0).
    bits = np.packbits(x.astype(bool), axis=1)
    _, first, pattern_of = np.unique(bits.view(f"S{bits.shape[1]}").ravel(),
                                     return_index=True, return_inverse=True)
    patterns = x[first]
    count = np.bincount(pattern_of, minlength=len(patterns)).astype(float)
    refusals = np.bincount(pattern_of, weights=y, minlength=len(patterns))
    a = np.column_stack([np.ones(len(patterns)), patterns])
    beta = np.zeros(k + 1)
    beta[0] = np.log(y.mean() / (1 - y.mean()))
    penalty = np.full(k + 1, ridge)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = _sigmoid(a @ beta)
        gradient = a.T @ (count * p - refusals) + penalty * beta
        curvature = count * p * (1 - p)
        hessian = (a * curvature[:, None]).T @ a + np.diag(penalty) + 1e-9 * np.eye(k + 1)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-6:
            break
    return Fit(float(beta[0]), beta[1:], levels, edges, n, refused)


def explain(frame: pd.DataFrame, fitted: Fit, causes: dict[str, str], min_odds: float,
            window_days: int, review_days: int, most: int = 3) -> tuple[list[str], list[str]]:
    """For each parcel: its likely cause (the cause whose signals' levels raised its odds most;
    '' when none did) and its reasons (the levels raising the odds at least ``min_odds`` times,
    strongest first, at most ``most``)."""
    x = design(frame, fitted.levels)
    threshold = np.log(min_odds)
    likely, reasons = [], []
    records = frame.to_dict("records")
    for row, active in zip(records, x, strict=True):
        contributions = active * fitted.weights
        by_cause: dict[str, float] = {}
        told = []
        for index in np.argsort(-contributions):
            weight = contributions[index]
            if weight <= 0:
                break
            level = fitted.levels[index]
            cause = causes.get(level.signal)
            if cause:
                by_cause[cause] = by_cause.get(cause, 0.0) + weight
            if weight >= threshold and len(told) < most:
                told.append(_wording(level, row, window_days, review_days)
                            + f"（×{np.exp(weight):.1f}）")
        likely.append(max(by_cause, key=by_cause.get) if by_cause else "")
        reasons.append("；".join(told))
    return likely, reasons


def _wording(level: Level, row: dict, window_days: int, review_days: int) -> str:
    values = {key: ("" if value is None or value != value else value)
              for key, value in row.items()}
    values.update(window_days=window_days, review_days=review_days)
    try:
        return level.reason_zh.format(**values)
    except (ValueError, TypeError, KeyError):
        # a figure the wording quotes is missing for this parcel: the fact, without it
        return level.reason_zh.split("{")[0].rstrip("：:，, ") or level.column
