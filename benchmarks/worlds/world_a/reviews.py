"""Buyer reviews, the per-product review signal buyers react to, and the daily store score.

About 30% of delivered buyers review (55% of buyers of a defective item, 70% of the boosting
studio's accounts). Scores are the 描述相符 stars: normally 72% five stars and 7% one or two; a
defective item mostly draws 1-2 stars; a slow or crushed parcel pulls scores down a little; during
a review storm the storm product's buyers pile on. Buyers about to receive a product look at its
last 14 days of reviews: the share of 1-2 stars above the usual 12% is what scares them.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict
from datetime import date, datetime, timedelta
from random import Random

from .catalog import Catalog
from .episodes import Episodes
from .model import Order, Product, Review
from .params import DAY, HOUR, Rates

NORMAL_SCORES = ((5, 4, 3, 2, 1), (0.72, 0.14, 0.07, 0.03, 0.04))
SLOW_SCORES = ((5, 4, 3, 2, 1), (0.5, 0.2, 0.15, 0.08, 0.07))
DEFECT_SCORES = ((5, 4, 3, 2, 1), (0.03, 0.07, 0.15, 0.3, 0.45))
HERD_SCORES = ((5, 4, 3, 2, 1), (0.45, 0.1, 0.1, 0.12, 0.23))
# the 90 days before the simulation: mean 描述相符 / 物流服务 / 服务态度, default ratings included
PRIOR_MEANS = (4.84, 4.9, 4.93)


class ReviewBook:
    def __init__(self, catalog: Catalog, episodes: Episodes, rates: Rates, rng: Random) -> None:
        self.vocab = catalog.vocab
        self.episodes = episodes
        self.rates = rates
        self.rng = rng
        self.reviews: list[Review] = []
        self.reviewed: set[str] = set()
        self._index: dict[str, list[tuple[datetime, int]]] = defaultdict(list)

    # the signal buyers see ---------------------------------------------------------------

    def bad_share(self, product: Product, moment: datetime) -> float:
        entries = self._index[product.key]
        window = self.rates.reviews_window_days * DAY
        low = bisect_left(entries, (moment - window, 0))
        high = bisect_left(entries, (moment, 0))
        if high - low < self.rates.reviews_min_count:
            return 0.0
        bad = sum(1 for _, score in entries[low:high] if score <= 2)
        return bad / (high - low)

    def scare(self, product: Product, moment: datetime) -> float:
        """How far the product's recent 1-2 star share is above normal (0 when it is not)."""
        return max(self.bad_share(product, moment) - self.rates.reviews_normal_bad_share, 0.0)

    # writing reviews ---------------------------------------------------------------------

    def _add(self, review: Review) -> None:
        self.reviews.append(review)
        self.reviewed.add(review.order.order_id)
        insort(self._index[review.product.key], (review.at, review.score))

    def _text(self, pool: str, empty_rate: float) -> str:
        return (
            "" if self.rng.random() < empty_rate else self.vocab.pick(self.rng, f"reviews.{pool}")
        )

    def _reply(self, score: int) -> str:
        rng = self.rng
        if score <= 2 and rng.random() < 0.45:
            return self.vocab.pick(rng, "reviews.reply_bad")
        if score >= 4 and rng.random() < 0.08:
            return self.vocab.pick(rng, "reviews.reply_good")
        return ""

    def after_delivery(
        self, order: Order, signed_at: datetime, excess: float, damaged: bool
    ) -> None:
        rng, rates = self.rng, self.rates
        product = order.lines[0].product
        defect = next((line.defect for line in order.lines if line.defect), "")
        if rng.random() >= (rates.review_rate_defect if defect else rates.review_rate):
            return
        at = signed_at + timedelta(days=min(rng.lognormvariate(0.6, 0.8), 14)) + HOUR
        slow = excess >= 1.5 or damaged
        herd = product.key == self.episodes.storm_product and at in self.episodes.storm
        scores = (
            DEFECT_SCORES
            if defect
            else HERD_SCORES
            if herd
            else SLOW_SCORES
            if slow
            else NORMAL_SCORES
        )
        score = rng.choices(*scores)[0]
        if defect and score <= 3:
            text = (
                rng.choice(product.defects)
                if rng.random() < 0.55
                else self._text("quality_bad", 0.1)
            )
        elif herd and score <= 2 and rng.random() < 0.5:
            text = self._text("storm", 0.1)
        elif slow and score <= 4 and rng.random() < 0.6:
            text = self._text("logistics_bad", 0.1)
        elif score <= 2:
            text = self._text(rng.choice(("generic_bad", "generic_bad", "quality_bad")), 0.15)
        elif score == 3:
            text = self._text("neutral", 0.3)
        else:
            text = self._text("praise", 0.45)
        logistics = 5 - min(int(excess), 3) - (2 if damaged else 0)
        service = (
            rng.choice((1, 2))
            if herd and score <= 2
            else rng.choices((5, 4, 3), (0.85, 0.1, 0.05))[0]
        )
        self._add(
            Review(order, product, at, score, text, self._reply(score), service, max(logistics, 1))
        )

    def boosted(self, order: Order, confirmed_at: datetime) -> None:
        rng = self.rng
        if rng.random() >= self.rates.review_rate_boosted:
            return
        at = confirmed_at + rng.uniform(0.1, 20) * HOUR
        text = self._text("boosted", 0.25)
        self._add(Review(order, order.lines[0].product, at, 5, text, self._reply(5)))

    def storm(self, candidates: list[tuple[datetime, Order]], at: datetime) -> bool:
        """One storm review, from a buyer of the storm product who has not reviewed yet."""
        rng = self.rng
        pool = [
            order
            for signed, order in candidates
            if at - 25 * DAY <= signed < at and order.order_id not in self.reviewed
        ]
        if not pool:
            return False
        order = rng.choice(pool)
        score = rng.choices((1, 2), (0.7, 0.3))[0]
        text = self._text("storm", 0.08)
        self._add(
            Review(
                order,
                order.lines[0].product,
                at,
                score,
                text,
                self._reply(score),
                rng.choice((1, 2)),
                rng.choice((3, 4, 5)),
            )
        )
        return True


def store_scores(
    reviews: list[Review], defaults: list[datetime], first: date, last: date
) -> list[tuple]:
    """Daily 90-day rolling 店铺评分 / 描述相符 / 物流服务 / 服务态度 snapshots.

    Buyers who never review count as the platform's default five stars a week after
    confirming receipt, as they do on the platform; before the simulation the shop rated at
    PRIOR_MEANS at the same pace.
    """
    ratings = [(r.at, (r.score, r.logistics, r.service)) for r in reviews]
    ratings += [(moment, (5, 5, 5)) for moment in defaults]
    ratings.sort(key=lambda rating: rating[0])
    times = [moment for moment, _ in ratings]
    per_day = len(ratings) / max((last - first).days + 1, 1)
    rows = []
    day = first
    while day <= last:
        moment = datetime.combine(day, datetime.min.time())
        window = ratings[bisect_left(times, moment - 90 * DAY) : bisect_left(times, moment)]
        prior = per_day * max(90 - (day - first).days, 0)
        means = []
        for index, mean in enumerate(PRIOR_MEANS):
            total = sum(values[index] for _, values in window)
            means.append((prior * mean + total) / max(prior + len(window), 1))
        overall = 0.4 * means[0] + 0.3 * means[1] + 0.3 * means[2]
        rows.append((day.isoformat(), round(overall, 2), *(round(m, 2) for m in means)))
        day += timedelta(days=1)
    return rows
