"""Buyer reviews (评价) and the daily store rating they add up to.

Each review has a 描述相符 star (the exported 评分) and hidden 物流服务 / 服务态度 stars that only
the store rating shows.
"""

import random
from dataclasses import dataclass

from .. import incidents
from ..clock import DAY, HOUR, LAST_ORDER_DAY
from ..models import Order
from ..rand import Weighted, chance
from ..wording import reviews as rv
from . import refusals

REVIEW_SHARE = 0.32  # of signed orders
_DEFAULT_STARS = Weighted(((5, 85), (4, 9), (3, 3.5), (2, 1.2), (1, 1.3)))
_TEXT_BY_STAR = {1: 0.93, 2: 0.9, 3: 0.7, 4: 0.4, 5: 0.36}
# the 90 days before September, as the platform remembers them
PRIOR = (4.76, 4.79, 4.81)
ROLLING_DAYS = 90


@dataclass(slots=True)
class Review:
    at: int
    order: Order
    score: int
    text: str
    reply: str
    logistics: int
    service: int


def generate(rng: random.Random, orders: list[Order]) -> list[Review]:
    storms = {s.kind: s for s in incidents.REVIEW_STORMS}
    out = []
    for order in orders:
        parcel = order.parcel
        if parcel is None or order.fake_ship or parcel.outcome != "signed":
            continue
        if order.ring == "review_ring":
            out.append(_ring_review(rng, order, storms["ring"]))
            continue
        share = 0.7 if order.ring else REVIEW_SHARE
        if not chance(rng, share):
            continue
        at = parcel.outcome_at + rng.randint(8 * HOUR, 9 * DAY)
        out.append(_review(rng, order, at, storms))
    out.sort(key=lambda r: r.at)
    return out


def _ring_review(rng: random.Random, order: Order, storm) -> Review:
    signed = order.parcel.outcome_at
    at = max(signed + rng.randint(2 * HOUR, DAY), rng.randint(storm.start, storm.end))
    reply = rng.choice(rv.REPLIES_BAD[:2] + rv.REPLIES_BAD[3:4]) if chance(rng, 0.5) else ""
    return Review(at, order, 1, rng.choice(rv.RING), reply, rng.choice((1, 3, 5)), 1)


def _review(rng: random.Random, order: Order, at: int, storms: dict) -> Review:
    parcel = order.parcel
    slow = parcel.delay_days > 2.0 or parcel.damaged or parcel.wet
    logistics = rng.randint(1, 3) if slow else (4 if chance(rng, 0.1) else 5)
    service = 4 if chance(rng, 0.08) else 5
    if order.ring:
        return Review(at, order, 5, rng.choice(rv.POSITIVE), "", 5, 5)
    batch = refusals.batch_for(order, parcel.pickup_at)
    viral, service_storm = storms["viral"], storms["service"]
    score, text = _DEFAULT_STARS.draw(rng), ""
    if batch and chance(rng, batch.bad_review):
        score, text = rng.choice((1, 1, 2)), rng.choice(rv.DEFECT[batch.defect])
    elif (
        order.product.key == viral.product
        and viral.start <= at < viral.end + 5 * DAY
        and chance(rng, 0.45)
    ):
        score, text = rng.choice((1, 1, 2)), rng.choice(rv.VIRAL)
    elif service_storm.start - 2 * DAY <= order.deal_at < service_storm.end and chance(rng, 0.22):
        score, text, service = rng.choice((1, 2, 2)), rng.choice(rv.SERVICE), rng.randint(1, 2)
    elif slow and chance(rng, 0.4):
        score, text = rng.choice((2, 3, 3)), rng.choice(rv.LOGISTICS)
    if not text and chance(rng, _TEXT_BY_STAR[score]):
        text = rng.choice(rv.POSITIVE if score >= 4 else rv.NEUTRAL)
    busy = service_storm.start <= at < service_storm.end
    if score <= 2:
        reply = rng.choice(rv.REPLIES_BAD) if chance(rng, 0.12 if busy else 0.45) else ""
    else:
        reply = rng.choice(rv.REPLIES_GOOD) if chance(rng, 0.08) else ""
    return Review(at, order, score, text, reply, logistics, service)


def store_scores(reviews: list[Review]) -> list[tuple[int, float, float, float, float]]:
    """Daily (day, 店铺评分, 描述相符, 物流服务, 服务态度) on a 90-day rolling window."""
    per_day: dict[int, list[tuple[int, int, int]]] = {}
    for r in reviews:
        per_day.setdefault(r.at // DAY, []).append((r.score, r.logistics, r.service))
    september = sum(len(per_day.get(d, ())) for d in range(30)) / 30 or 1.0
    out = []
    for day in range(0, LAST_ORDER_DAY + 1):
        prior_n = september * max(0, ROLLING_DAYS - day - 1)
        sums = [p * prior_n for p in PRIOR]
        n = prior_n
        for d in range(max(0, day - ROLLING_DAYS + 1), day + 1):
            for stars in per_day.get(d, ()):
                n += 1
                for i in range(3):
                    sums[i] += stars[i]
        desc, logi, serv = (s / n for s in sums)
        overall = 0.4 * desc + 0.3 * logi + 0.3 * serv
        out.append((day, round(overall, 2), round(desc, 2), round(logi, 2), round(serv, 2)))
    return out
