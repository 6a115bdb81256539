"""Buyer reviews and the store's daily rating.

30 % of ordinary buyers review (50 % when something went wrong), 1-14 days after signing. Scores
follow what happened: a defective unit gets 1-2 stars 62 % of the time, a damaged or late parcel
drags stars down and the 物流服务 score with them, an uneventful order gets 5 stars 78 % of the
time. Boosting-ring accounts leave 5-star reviews (60 %); the competitor's accounts leave 1-2 star
'false advertising' reviews inside the attack window. The merchant replies to 45 % of bad reviews.

Store scores are 90-day rolling means (two decimals) of the review scores, blended with the 90 days
before the simulation (assumed at 4.73 / 4.80 / 4.82, at 60 % of the current review volume).
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta

from .model import Order, Parcel, Review
from .timeline import Timeline
from .vocab import Vocab

BASELINE_SCORES = {1: 0.02, 2: 0.015, 3: 0.035, 4: 0.09, 5: 0.84}
DEFECT_SCORES = {1: 0.42, 2: 0.20, 3: 0.15, 4: 0.10, 5: 0.13}
WRONG_ITEM_SCORES = {1: 0.30, 2: 0.30, 3: 0.20, 4: 0.10, 5: 0.10}
DAMAGE_SCORES = {1: 0.15, 2: 0.25, 3: 0.30, 4: 0.20, 5: 0.10}
LATE_SCORES = {1: 0.06, 2: 0.10, 3: 0.20, 4: 0.30, 5: 0.34}
REVIEW_RATE = 0.30
UPSET_REVIEW_RATE = 0.50
PRIOR_SCORES = (4.73, 4.80, 4.82)
PRIOR_VOLUME_SHARE = 0.6  # the shop sold less in the quarter before
EVERYDAY_LOGISTICS = {5: 0.85, 4: 0.12, 3: 0.03}
EVERYDAY_SERVICE = {5: 0.88, 4: 0.1, 3: 0.02}


def _draw(rng: random.Random, weights: dict[int, float]) -> int:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class ReviewWriter:
    def __init__(self, vocab: Vocab, timeline: Timeline, rng: random.Random) -> None:
        self.vocab = vocab
        self.timeline = timeline
        self.rng = rng

    def _text(self, section: str) -> str:
        return self.rng.choice(self.vocab.get(f"reviews.{section}"))

    def write(self, order: Order, parcel: Parcel, signed_at: datetime) -> Review | None:
        lines = [line for line in order.lines if not line.product.is_topup]
        if not lines:
            return None
        rng = self.rng
        if order.kind == "boosted":
            if rng.random() >= 0.6:
                return None
            at = signed_at + timedelta(days=rng.uniform(0.1, 2.0))
            text = self._text("good") if rng.random() < 0.7 else self._text("default_good")
            return self._with_reply(Review(at, order, lines[0].product, 5, text))
        if order.kind == "attacker":
            attack = self.timeline.windows["attack"]
            at = attack.start + (attack.end - attack.start) * rng.random()
            at = max(at, signed_at + timedelta(hours=rng.uniform(3, 30)))
            return self._with_reply(
                Review(
                    at,
                    order,
                    lines[0].product,
                    rng.choice((1, 1, 1, 2)),
                    self._text("false_ad"),
                    logistics_score=5,
                )
            )

        upset_line = next((line for line in lines if line.defective or line.wrong_item), None)
        upset = upset_line is not None or parcel.damaged or parcel.delayed_days > 1.5
        if rng.random() >= (UPSET_REVIEW_RATE if upset else REVIEW_RATE):
            return None
        line = upset_line or lines[0]
        logistics_score = _draw(rng, EVERYDAY_LOGISTICS)
        if line.defective:
            score = _draw(rng, DEFECT_SCORES)
            topic = "quality_bad"
        elif line.wrong_item:
            score = _draw(rng, WRONG_ITEM_SCORES)
            topic = "quality_bad"
        elif parcel.damaged:
            score = _draw(rng, DAMAGE_SCORES)
            topic, logistics_score = "logistics_bad", rng.choice((1, 2, 3))
        elif parcel.delayed_days > 1.5:
            score = _draw(rng, LATE_SCORES)
            topic, logistics_score = "logistics_bad", rng.choice((2, 3, 3, 4))
        else:
            score = _draw(rng, BASELINE_SCORES)
            topic = rng.choices(("quality_bad", "false_ad", "middling"), weights=(5, 2, 3))[0]
        if score >= 4:
            topic = "default_good" if score == 5 and rng.random() < 0.3 else "good"
        elif score == 3 and topic != "logistics_bad":
            topic = "middling"
        delay = min(14.0, max(0.05, math.exp(rng.gauss(math.log(2.0), 0.8))))
        review = Review(
            signed_at + timedelta(days=delay),
            order,
            line.product,
            score,
            self._text(topic),
            logistics_score=logistics_score,
        )
        return self._with_reply(review)

    def _with_reply(self, review: Review) -> Review:
        if review.score <= 2 and "客服" in review.text:
            review.service_score = self.rng.choice((1, 2))
        else:
            review.service_score = _draw(self.rng, EVERYDAY_SERVICE)
        chance = 0.45 if review.score <= 2 else 0.08
        if self.rng.random() < chance:
            review.reply = self._text("replies")
            review.reply_at = review.at + timedelta(hours=self.rng.uniform(2, 72))
        return review


def store_scores(
    reviews: list[Review], timeline: Timeline
) -> list[tuple[str, float, float, float, float]]:
    """One row per day: 日期, 店铺评分, 描述相符, 物流服务, 服务态度."""
    days = timeline.days()
    daily_volume = PRIOR_VOLUME_SHARE * max(1.0, len(reviews) / max(1, len(days)))
    by_day: dict[date, list[Review]] = {}
    for review in reviews:
        by_day.setdefault(review.at.date(), []).append(review)
    rows = []
    for offset, day in enumerate(days):
        prior_days = max(0, 90 - offset - 1)
        weight = daily_volume * prior_days
        sums = [score * weight for score in PRIOR_SCORES]
        count = weight
        for back in range(min(offset + 1, 90)):
            for review in by_day.get(day - timedelta(days=back), []):
                sums[0] += review.score
                sums[1] += review.logistics_score
                sums[2] += review.service_score
                count += 1
        described, logistics, service = (value / count for value in sums)
        overall = 0.5 * described + 0.25 * logistics + 0.25 * service
        rows.append(
            (
                day.isoformat(),
                round(overall, 2),
                round(described, 2),
                round(logistics, 2),
                round(service, 2),
            )
        )
    return rows
