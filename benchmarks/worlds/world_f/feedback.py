"""What buyers say after delivery (评价) and the daily store rating it feeds (店铺评分)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .model import Order, Parcel
from .season import CUTOFF, FIRST_DAY, Season
from .vocab import phrases, pick

_REVIEW_RATE = 0.28
_REVIEW_RATE_UNHAPPY = 0.45
_BOOSTED_REVIEW_RATE = 0.9
_ROLLING_DAYS = 90
_PRIOR_REVIEWS = 1200
_PRIOR = {"description": 4.78, "logistics": 4.80, "service": 4.83}


@dataclass(frozen=True)
class Review:
    at: datetime
    order_id: str
    goods_id: str
    score: int
    text: str
    reply: str
    #: 1–5 for the store's 物流服务 and 服务态度 averages
    logistics_score: int
    service_score: int


def _plain_score(rng: random.Random) -> tuple[int, str]:
    score = rng.choices((5, 4, 3, 2, 1), weights=(72, 16, 7, 3, 2))[0]
    if score >= 4:
        return score, pick(rng, "review", "positive")
    if score == 3:
        return score, pick(rng, "review", "middling")
    return score, pick(rng, "review", rng.choice(("quality", "logistics")))


def _logistics_score(parcel: Parcel) -> int:
    if parcel.damaged:
        return 2
    if parcel.days_late < 0.5:
        return 5
    if parcel.days_late < 1.5:
        return 4
    return 3 if parcel.days_late < 3 else 2


def _review(
    rng: random.Random, season: Season, order: Order, parcel: Parcel, bad_lot: bool, at: datetime
) -> Review:
    product = order.main_product.code
    storm, theme = season.storm_intensity(product, at.date())
    if order.boosted:
        score, text = 5, pick(rng, "review", "positive")
    elif bad_lot and rng.random() < 0.7:
        score, text = rng.choice((1, 1, 2)), pick(rng, "review", "quality")
    elif (parcel.rotten or parcel.damaged) and rng.random() < 0.6:
        score, text = rng.choice((1, 2, 3)), pick(rng, "review", "logistics")
    elif theme == "false_ad" and rng.random() < 0.4 * storm:
        score, text = rng.choice((1, 2)), pick(rng, "review", "false_ad")
    elif theme == "service" and rng.random() < 0.4 * storm:
        score, text = rng.choice((1, 2)), pick(rng, "review", "service")
    else:
        score, text = _plain_score(rng)
    service = 1 if text in phrases("review", "service") else (3 if score <= 2 else 5)
    reply_rate = 0.3 if score <= 3 else 0.05
    reply = pick(rng, "review", "reply") if rng.random() < reply_rate else ""
    return Review(
        at,
        order.order_id,
        order.main_product.goods_id,
        score,
        text,
        reply,
        _logistics_score(parcel),
        service,
    )


def collect_reviews(
    rng: random.Random, season: Season, orders: list[Order], bad_goods: set[str]
) -> list[Review]:
    """Confirm receipt for delivered orders and let some of their buyers review."""
    reviews = []
    for order in orders:
        parcel = order.parcel
        if parcel is None or order.reused_tracking or parcel.ending != "delivered":
            continue
        assert parcel.signed_at is not None
        order.confirmed_at = parcel.signed_at + timedelta(days=rng.uniform(0.3, 8))
        unhappy = parcel.tracking_no in bad_goods
        assert parcel.handover_at is not None
        bad_lot = any(
            season.bad_lot(line.product.code, parcel.handover_at.date()) for line in order.lines
        )
        rate = (
            _BOOSTED_REVIEW_RATE
            if order.boosted
            else (_REVIEW_RATE_UNHAPPY if unhappy else _REVIEW_RATE)
        )
        if rng.random() >= rate:
            continue
        at = order.confirmed_at + timedelta(days=rng.uniform(0.02, 4))
        if at <= CUTOFF:
            reviews.append(_review(rng, season, order, parcel, bad_lot, at))
    reviews.sort(key=lambda review: (review.at, review.order_id))
    return reviews


def _rolling(values: list[tuple[date, int]], day: date, prior: float) -> float:
    since = day - timedelta(days=_ROLLING_DAYS)
    window = [score for when, score in values if since < when <= day]
    prior_weight = _PRIOR_REVIEWS * max(0, _ROLLING_DAYS - (day - FIRST_DAY).days) / _ROLLING_DAYS
    total = sum(window) + prior * prior_weight
    return total / (len(window) + prior_weight) if window or prior_weight else prior


def daily_store_scores(reviews: list[Review]) -> list[tuple[date, float, float, float, float]]:
    """(day, 店铺评分, 描述相符, 物流服务, 服务态度) for every day up to the cut-off."""
    description = [(review.at.date(), review.score) for review in reviews]
    logistics = [(review.at.date(), review.logistics_score) for review in reviews]
    service = [(review.at.date(), review.service_score) for review in reviews]
    rows = []
    day = FIRST_DAY
    while day < CUTOFF.date():
        scores = (
            _rolling(description, day, _PRIOR["description"]),
            _rolling(logistics, day, _PRIOR["logistics"]),
            _rolling(service, day, _PRIOR["service"]),
        )
        rows.append((day, sum(scores) / 3, *scores))
        day += timedelta(days=1)
    return rows
