"""Why a buyer refuses: four competing hazards, evaluated when the buyer makes up their mind.

For an ordinary parcel (per parcel, at the door or at the locker):
- product_quality: the product's everyday rate (0.3-0.9 %), x15 for a unit from a defective batch
  (door inspection, a smell or a leak through the box), +8 % for a wrongly picked item;
- logistics: 0.2 % (quarrels with couriers, deliveries at bad times) + 2.5 % per day of delay
  beyond the route's usual time (capped at 6 days) + 33 % when the parcel arrives damaged + 2 %
  when it sat in a 滞留 hub + 12 % for a buyer who wrote they needed it fast and got it late;
- reviews: 0.08 % + 50 % x (share of 1-2 star reviews on the product in the 12 days before the
  buyer decided, above 7 %) x exposure (days waited, up to 4, to read them);
- rule_violation: 3.5 % per day of wait the merchant's 虚假发货 added (marked shipped, handed over
  a day or more later).
Boosted parcels carry only the rule_violation hazard: 50 % when sent to a scraped real address
(the recipient ordered nothing), 8 % for 空包 empty parcels, 2.5 % for token gifts to the ring.
A competitor's own orders are never refused.
The refusal happens with probability 1 - prod(1 - h); its cause is drawn in proportion to h: the
cause that really made this buyer refuse, even where several mechanisms overlap.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import datetime, timedelta

from .model import CAUSES, Parcel, Review

LOGISTICS_BASE = 0.002
DELAY_PER_DAY = 0.025
DELAY_CAP_DAYS = 6.0
DAMAGE_REFUSAL = 0.33
STUCK_REFUSAL = 0.02
URGENT_LATE_REFUSAL = 0.12
DEFECT_MULTIPLIER = 15.0
WRONG_ITEM_REFUSAL = 0.08
REVIEWS_BASE = 0.0008
REVIEWS_SLOPE = 0.5
REVIEWS_FLOOR = 0.07
REVIEW_WINDOW_DAYS = 12
USUAL_EXTRA_DAYS = 1.3
TOLERANCE_DAYS = 0.5
FAKE_SHIP_PER_DAY = 0.035
BOOST_REFUSAL = {"scraped": 0.5, "empty": 0.08, "cluster": 0.025, "none_pickup": 0.0}
PRIOR_BAD_SHARE = 0.06
PRIOR_WEIGHT = 8.0


class ReviewBoard:
    """Reviews as buyers see them on a product page, posted in time order."""

    def __init__(self) -> None:
        self.times: dict[str, list[datetime]] = defaultdict(list)
        self.scores: dict[str, list[int]] = defaultdict(list)

    def post(self, review: Review) -> None:
        self.times[review.product.key].append(review.at)
        self.scores[review.product.key].append(review.score)

    def bad_share(self, product_key: str, moment: datetime) -> float:
        times = self.times[product_key]
        low = bisect_left(times, moment - timedelta(days=REVIEW_WINDOW_DAYS))
        high = bisect_right(times, moment)
        scores = self.scores[product_key][low:high]
        bad = sum(1 for score in scores if score <= 2)
        return (bad + PRIOR_BAD_SHARE * PRIOR_WEIGHT) / (len(scores) + PRIOR_WEIGHT)


def logistics_delay_days(parcel: Parcel, arrived_at: datetime) -> float:
    """Days beyond the usual wait for this route, not counting the merchant's fake shipping.

    The usual wait from payment to the door is about USUAL_EXTRA_DAYS of packing, pickup and
    last mile on top of the courier's route time; buyers shrug off another TOLERANCE_DAYS.
    """
    waited = (arrived_at - parcel.main.paid_at).total_seconds() / 86400
    usual = USUAL_EXTRA_DAYS + parcel.expected_days
    return max(0.0, waited - usual - parcel.fake_delay_days - TOLERANCE_DAYS)


def refusal_hazards(
    parcel: Parcel, arrived_at: datetime, decided_at: datetime, board: ReviewBoard
) -> dict[str, float]:
    main = parcel.main
    hazards = dict.fromkeys(CAUSES, 0.0)
    if main.kind == "attacker":
        return hazards
    if main.kind == "boosted":
        hazards["rule_violation"] = BOOST_REFUSAL[main.boost_mode]
        return hazards

    keep = 1.0
    for order in parcel.orders:
        for line in order.lines:
            rate = line.product.quality * (DEFECT_MULTIPLIER if line.defective else 1.0)
            rate += WRONG_ITEM_REFUSAL if line.wrong_item else 0.0
            keep *= 1.0 - min(rate, 0.9)
    hazards["product_quality"] = 1.0 - keep

    delay = parcel.delayed_days = logistics_delay_days(parcel, arrived_at)
    logistics = LOGISTICS_BASE + DELAY_PER_DAY * min(delay, DELAY_CAP_DAYS)
    logistics += DAMAGE_REFUSAL if parcel.damaged else 0.0
    logistics += STUCK_REFUSAL if parcel.stuck else 0.0
    urgent = any(order.message_kind == "urgent" for order in parcel.orders)
    logistics += URGENT_LATE_REFUSAL if urgent and delay > 0.5 else 0.0
    hazards["logistics"] = min(logistics, 0.8)

    waited_days = (decided_at - main.paid_at).total_seconds() / 86400
    exposure = min(1.0, max(0.0, waited_days) / 4.0)
    products = {line.product.key for order in parcel.orders for line in order.lines}
    worst = max(board.bad_share(key, decided_at) for key in sorted(products))
    hazards["reviews"] = REVIEWS_BASE + REVIEWS_SLOPE * max(0.0, worst - REVIEWS_FLOOR) * exposure

    hazards["rule_violation"] = FAKE_SHIP_PER_DAY * min(parcel.fake_delay_days, 4.0)
    return hazards


def decide_refusal(hazards: dict[str, float], rng: random.Random) -> str:
    """The cause of a refusal, or an empty string when the buyer accepts the parcel."""
    keep = 1.0
    for value in hazards.values():
        keep *= 1.0 - value
    if rng.random() >= 1.0 - keep:
        return ""
    return rng.choices(list(hazards), weights=list(hazards.values()))[0]
