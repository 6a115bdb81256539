"""Why a buyer refuses: the four mechanisms of world_f, and the rule that names one cause.

Each mechanism gives a parcel a chance that, acting alone, it would make the buyer refuse. The
draws are independent; when several fire, the cause is the one with the strongest pull (the
highest chance), ties broken in the order of `CAUSES`. A parcel that sat too long in the heat and
arrived rotten is a logistics refusal even though the courier saw rotten fruit: the rot came from
the road, not the orchard.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from .model import Parcel
from .route import is_hot
from .season import Season

CAUSES = ("product_quality", "logistics", "reviews", "rule_violation")

_QUALITY_BACKGROUND = 0.006
_QUALITY_BACKGROUND_DELICATE = 0.011
_LOGISTICS_BACKGROUND = 0.003
_LATE_PULL_PER_DAY = 0.045
_ROT_PULL = 0.18
_DAMAGE_PULL = 0.30
_REVIEW_PULL = 0.12
_BOOSTED_PULL = 0.30
_FAKE_SHIPPING_PULL = 0.10
_FAKE_SHIPPING_PULL_PER_DAY = 0.04


@dataclass(frozen=True)
class Pulls:
    product_quality: float
    logistics: float
    reviews: float
    rule_violation: float

    def as_dict(self) -> dict[str, float]:
        return {cause: getattr(self, cause) for cause in CAUSES}


def quality_pull(season: Season, parcel: Parcel, packed: date) -> float:
    pull = 0.0
    for order in parcel.orders:
        for line in order.lines:
            lot = season.bad_lot(line.product.code, packed)
            if lot is not None:
                pull = max(pull, lot.severity)
            elif line.product.perishability >= 0.9:
                pull = max(pull, _QUALITY_BACKGROUND_DELICATE)
            else:
                pull = max(pull, _QUALITY_BACKGROUND)
    return pull


def spoils_on_the_way(season: Season, parcel: Parcel, arrival: date) -> bool:
    """Whether the fruit rots because of the trip (late, or late and hot)."""
    perish = max(line.product.perishability for order in parcel.orders for line in order.lines)
    cold = all(line.product.cold_chain for order in parcel.orders for line in order.lines)
    hot = season.heat.holds(arrival) and is_hot(parcel.orders[0].buyer.province) and not cold
    if perish < 0.8:
        return False
    return parcel.days_late >= (2.0 if not hot else 1.0)


def logistics_pull(season: Season, parcel: Parcel, arrival: date) -> float:
    perish = max(line.product.perishability for order in parcel.orders for line in order.lines)
    hot = season.heat.holds(arrival) and is_hot(parcel.orders[0].buyer.province)
    pull = _LOGISTICS_BACKGROUND
    if parcel.days_late > 0.5:
        pull += min(0.30, _LATE_PULL_PER_DAY * parcel.days_late * perish * (1.6 if hot else 1.0))
    if parcel.rotten:
        pull += _ROT_PULL
    if parcel.damaged:
        pull += _DAMAGE_PULL
    return min(pull, 0.8)


def review_pull(season: Season, parcel: Parcel, deciding: date) -> float:
    level = 0.0
    for order in parcel.orders:
        for line in order.lines:
            level = max(level, season.storm_intensity(line.product.code, deciding)[0])
    return _REVIEW_PULL * level


def violation_pull(parcel: Parcel) -> float:
    if any(order.boosted for order in parcel.orders):
        return _BOOSTED_PULL
    if parcel.handover_at is None:
        return _FAKE_SHIPPING_PULL
    gap_days = (parcel.handover_at - parcel.declared_at).total_seconds() / 86400
    if gap_days >= 1.5:
        return min(0.35, _FAKE_SHIPPING_PULL + _FAKE_SHIPPING_PULL_PER_DAY * gap_days)
    return 0.0


def decide(rng: random.Random, pulls: Pulls) -> str:
    """The cause of a refusal, or "" when no mechanism made the buyer refuse."""
    strengths = pulls.as_dict()
    fired = [cause for cause in CAUSES if rng.random() < strengths[cause]]
    if not fired:
        return ""
    return max(fired, key=lambda cause: (strengths[cause], -CAUSES.index(cause)))
