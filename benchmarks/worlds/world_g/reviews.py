"""Buyers' reviews (评价) and the store's daily rating snapshot (店铺评分)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from . import dates
from .catalogue import LEAKING_KETTLE_STYLE
from .model import Order, Review
from .vocab import pick, words

REVIEW_SHARE = 0.25
TROUBLED_REVIEW_SHARE = 0.5
_CS_TEXTS = frozenset(words("reviews.cs_bad"))
# a star rating as the platform's rolling scores weigh it (they move, but slowly)
_DAMPED = {5: 5.0, 4: 4.8, 3: 4.2, 2: 3.4, 1: 3.0}
BRUSHING_REVIEW_SHARE = 0.7


def write_reviews(rng: random.Random, orders: list[Order]) -> None:
    for order in orders:
        parcel = order.parcel
        if parcel is None or parcel.fate != "delivered":
            continue
        at = parcel.fate_at + timedelta(hours=rng.uniform(4, 260))
        if order.is_brushing:
            if rng.random() < BRUSHING_REVIEW_SHARE:
                _add(rng, order, at, 5, pick(rng, "reviews.brushing"))
            continue
        line = order.main_line
        trouble = _trouble(order, at)
        share = TROUBLED_REVIEW_SHARE if trouble else REVIEW_SHARE
        if rng.random() >= share:
            continue
        low = {"fan_storm": 0.5, "kettle_leak": 0.55, "cs_bad": 0.35, "logistics_bad": 0.3}
        if trouble and rng.random() < low[trouble]:
            _add(rng, order, at, rng.choice((1, 1, 2)), pick(rng, f"reviews.{trouble}"))
            continue
        score = rng.choices((5, 4, 3, 2, 1), weights=(72, 15, 6, 3, 4), k=1)[0]
        if line.product.key == "fan" and score <= 2 and rng.random() < 0.3:
            text = pick(rng, "reviews.fan_storm")  # a few complained about the power all along
        elif score <= 2:
            text = pick(
                rng, "reviews.product_bad" if rng.random() < 0.7 else "reviews.logistics_bad"
            )
        elif score == 3:
            text = pick(rng, "reviews.ok")
        else:
            text = pick(rng, "reviews.good")
        _add(rng, order, at, score, text)


def _trouble(order: Order, at: datetime) -> str:
    parcel = order.parcel
    line = order.main_line
    if line.product.key == "fan" and dates.within(at, dates.FAN_STORM):
        return "fan_storm"
    if line.sku.style_id == LEAKING_KETTLE_STYLE and dates.within(
        parcel.declared_at, dates.LEAKY_BATCH_SHIPPED
    ):
        return "kettle_leak"
    if dates.within(at, (dates.SERVICE_MELTDOWN[0], dates.SERVICE_AFTERMATH)):
        return "cs_bad"
    if parcel.damaged or parcel.excess_days > 2 or parcel.upstairs_dispute:
        return "logistics_bad"
    return ""


def _add(rng: random.Random, order: Order, at: datetime, score: int, text: str) -> None:
    replied = rng.random() < (0.35 if score <= 2 else 0.05)
    order.reviews.append(
        Review(
            at=at,
            order_id=order.order_id,
            goods_id=order.main_line.product.goods_id,
            score=score,
            text=text,
            reply=pick(rng, "reviews.merchant_reply") if replied else "",
        )
    )


class Rolling:
    """A 90-day rolling mean of daily sums, started from a prior (the store's older history)."""

    def __init__(self, prior_mean: float, prior_weight: float) -> None:
        self.prior = (prior_mean * prior_weight, prior_weight)
        self.days: dict[date, list[float]] = {}

    def add(self, day: date, value: float, weight: float = 1.0) -> None:
        total = self.days.setdefault(day, [0.0, 0.0])
        total[0] += value * weight
        total[1] += weight

    def mean(self, day: date) -> float:
        value, weight = self.prior
        for offset in range(90):
            total = self.days.get(day - timedelta(days=offset))
            if total:
                value += total[0]
                weight += total[1]
        return value / weight


def store_scores(
    orders: list[Order], first: date, last: date
) -> list[tuple[date, dict[str, float]]]:
    """Daily 描述相符 / 物流服务 / 服务态度 and their mean, as the platform shows them."""
    described = Rolling(4.83, 600)
    logistics = Rolling(4.82, 600)
    service = Rolling(4.86, 400)
    for order in orders:
        for review in order.reviews:
            described.add(review.at.date(), _DAMPED[review.score])
            cs_complaint = review.text in _CS_TEXTS
            service.add(
                review.at.date(), 2.5 if cs_complaint else _DAMPED[min(5, review.score + 1)]
            )
        parcel = order.parcel
        if parcel and parcel.door_at and not order.is_brushing:
            grade = 5.0 - 0.9 * (parcel.excess_days > 2) - 1.2 * parcel.damaged
            grade -= 0.9 * parcel.upstairs_dispute
            logistics.add(parcel.door_at.date(), grade)
        for case in order.after_sales:
            if len(case.steps) > 1:
                waited = (case.steps[1][0] - case.steps[0][0]).total_seconds() / 3600
                service.add(case.steps[0][0].date(), 5.0 if waited < 24 else 2.5, 0.5)
    rows = []
    day = first
    while day <= last:
        parts = {
            "描述相符": described.mean(day),
            "物流服务": logistics.mean(day),
            "服务态度": service.mean(day),
        }
        parts["店铺评分"] = sum(parts.values()) / 3
        rows.append((day, {key: round(value, 2) for key, value in parts.items()}))
        day += timedelta(days=1)
    return rows
