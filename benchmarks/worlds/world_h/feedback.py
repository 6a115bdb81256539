"""Reviews and the daily store score they move.

A buyer who got her parcel reviews it with 30 % chance, 50 % when something went wrong. What went
wrong decides the text and a low score (checked in this order, first hit wins): the bad dye lot
(70 %), the leaking down batch (55 %), wrong size (60 %), the 假羽绒 storm on the long down coat
(65 % of its reviews written 8–28 Jan; 15 % on the short one), the small-cut trousers (30 %),
pilling knitwear (15 %), holiday customer service (20 % of reviews 12 Feb – 1 Mar), a late parcel
(35 % when more than 3 days late). 12 % of December's long-coat buyers come back during the storm
to add a one-star review. 刷手 leave five stars within days (90 %); the trial ring now and then.

The store score is a 90-day rolling mean per dimension, starting from a history of about 2,500
reviews (4.80 description, 4.78 logistics, 4.85 service) that ages out over the season.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import season
from .catalog import Product
from .chance import coin, hours
from .model import Order, Review, StoreScore
from .vocab import pool

REVIEW_CHANCE = 0.30
UNHAPPY_REVIEW_CHANCE = 0.50
STORM_COMEBACK = 0.12


#: what went wrong, the chance the buyer says so, the scores she gives
Complaint = tuple[str, float, tuple[int, int], Product]


def _complaint(order: Order, at: datetime) -> Complaint | None:
    """The first thing that went wrong for this buyer, and the product it is about."""
    parcel = order.parcel
    assert parcel is not None
    for line in order.lines:
        product, colour = line.sku.product, line.sku.colour
        key = product.key
        if key == "P5" and colour == "燕麦色" and season.DYE_LOT.contains(parcel.ship_at):
            return "dye_lot", 0.70, (1, 2), product
        if key == "P2" and season.DOWN_BATCH.contains(parcel.ship_at):
            return "down_batch", 0.55, (1, 2), product
        if line.wrong_size:
            return "wrong_size", 0.60, (1, 3), product
        if key == "P2" and season.REVIEW_STORM.contains(at):
            return "storm", 0.65, (1, 2), product
        if key == "P1" and season.REVIEW_STORM.contains(at):
            return "storm", 0.15, (1, 2), product
        if key == "P7":
            return "runs_small", 0.20, (2, 3), product
        if key in ("P5", "P6"):
            return "pilling", 0.08, (2, 3), product
    first = order.lines[0].sku.product
    if season.CS_HOLIDAY.contains(at):
        return "service", 0.20, (1, 2), first
    if parcel.excess_days > 3 or parcel.damaged:
        return "late", 0.35, (2, 3), first
    return None


def _reply(rng: random.Random, flavour: str, score: int, at: datetime) -> str:
    if score >= 4:
        return rng.choice(pool("reviews.replies", "thanks")) if coin(rng, 0.1) else ""
    if not coin(rng, 0.1 if season.CS_HOLIDAY.contains(at) else 0.4):
        return ""
    kind = {"runs_small": "size", "down_batch": "down", "storm": "down"}.get(flavour, "apology")
    if kind == "down" and coin(rng, 0.5):
        kind = "apology"
    return rng.choice(pool("reviews.replies", kind))


def _review(rng: random.Random, order: Order, signed: datetime) -> Review | None:
    at = signed + timedelta(days=rng.uniform(0.5, 12))
    first = order.lines[0].sku.product
    if order.kind == "boosted":
        if not coin(rng, 0.9):
            return None
        at = signed + hours(rng, 2, 30)
        return Review(at, order, first, 5, rng.choice(pool("reviews", "boosted")), "")
    if order.kind == "trial":
        if not coin(rng, 0.4):
            return None
        return Review(at, order, first, rng.choice((4, 5)), rng.choice(pool("reviews", "positive")),
                      "")
    complaint = _complaint(order, at)
    unhappy = complaint is not None and coin(rng, complaint[1])
    if not coin(rng, UNHAPPY_REVIEW_CHANCE if unhappy else REVIEW_CHANCE):
        return None
    if unhappy:
        assert complaint is not None
        flavour, _, (low, high), product = complaint
        score = rng.randint(low, high)
        text = rng.choice(pool("reviews", flavour))
    else:
        flavour, product = "positive", first
        score = rng.choices((5, 4, 3), (0.84, 0.13, 0.03))[0]
        text = rng.choice(pool("reviews", "positive" if score >= 4 else "neutral"))
    return Review(at, order, product, score, text, _reply(rng, flavour, score, at))


def build_reviews(rng: random.Random, orders: list[Order]) -> list[Review]:
    reviews = []
    for order in orders:
        signed = order.signed_at
        if signed is None or order.ship_at is None:
            continue
        review = _review(rng, order, signed)
        long_coat = next((line.sku.product for line in order.lines
                          if line.sku.product.key == "P2"), None)
        if (review is None and long_coat is not None and order.kind == "normal"
                and signed < season.REVIEW_STORM.start and coin(rng, STORM_COMEBACK)):
            at = season.REVIEW_STORM.start + timedelta(days=rng.uniform(0, 14))
            review = Review(at, order, long_coat, rng.choice((1, 1, 2)),
                            rng.choice(pool("reviews", "storm")), _reply(rng, "storm", 1, at))
        if review is not None and review.at <= season.TRUTH_AT:
            reviews.append(review)
    reviews.sort(key=lambda r: (r.at, r.order.order_id))
    return reviews


class _Rolling:
    """Scores bucketed by day with a fading prior, averaged over 90 days."""

    def __init__(self, prior_mean: float, prior_count: float):
        self.prior_mean, self.prior_count = prior_mean, prior_count
        self.by_day: dict[datetime, list[float]] = {}

    def add(self, at: datetime, score: float) -> None:
        day = datetime(at.year, at.month, at.day)
        self.by_day.setdefault(day, []).append(score)

    def mean(self, day: datetime) -> float:
        elapsed = (day - season.SEASON_START).days
        weight = self.prior_count * max(0, 90 - elapsed) / 90
        total, count = self.prior_mean * weight, weight
        for past in (day - timedelta(days=k) for k in range(90)):
            scores = self.by_day.get(past, ())
            total += sum(scores)
            count += len(scores)
        return total / count if count else self.prior_mean


def _logistics_score(order: Order) -> int:
    parcel = order.parcel
    assert parcel is not None
    if parcel.damaged or parcel.excess_days >= 5:
        return 2
    if parcel.excess_days >= 3:
        return 3
    return 4 if parcel.excess_days >= 1 else 5


def build_store_scores(orders: list[Order], reviews: list[Review]) -> list[StoreScore]:
    description, logistics = _Rolling(4.80, 2500), _Rolling(4.78, 3000)
    service = _Rolling(4.85, 2500)
    service_complaints = set(pool("reviews", "service")) | set(pool("reviews", "storm"))
    for review in reviews:
        description.add(review.at, review.score)
        if review.text in service_complaints:
            service.add(review.at, 1 if review.text in pool("reviews", "service") else 3)
        else:
            service.add(review.at, 5 if review.score >= 4 else 4)
    for order in orders:
        if order.kind == "normal" and order.parcel is not None and order.parcel.ending == "signed":
            assert order.parcel.ending_at is not None
            logistics.add(order.parcel.ending_at, _logistics_score(order))
    scores = []
    for day in season.season_days():
        moment = datetime(day.year, day.month, day.day)
        d, lg, sv = description.mean(moment), logistics.mean(moment), service.mean(moment)
        scores.append(StoreScore(moment, round((d + lg + sv) / 3, 2), round(d, 2), round(lg, 2),
                                 round(sv, 2)))
    return scores
