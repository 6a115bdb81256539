"""Why a recipient refuses: the four causes' hazards for one delivery attempt, and what they say."""

import random

from .. import incidents
from ..clock import DAY
from ..models import Order, Parcel
from ..rand import Weighted, chance
from ..wording import reasons as rw

_RINGS = {r.name: r for r in incidents.BOOST_RINGS}

# chance the refusal scan carries a written reason, by true cause
REASON_WRITTEN = {
    "product_quality": 0.42,
    "logistics": 0.38,
    "reviews": 0.22,
    "rule_violation": 0.28,
}
# of written reasons: the true cause's words, a convenient excuse, another cause's words
REASON_MIX = (("true", 0.6), ("convenient", 0.27), ("other", 0.13))


def batch_for(order: Order, pickup_at: int | None) -> incidents.BadBatch | None:
    if pickup_at is None:
        return None
    for batch in incidents.BAD_BATCHES:
        if batch.product != order.product.key or not batch.start <= pickup_at < batch.end:
            continue
        if not batch.sku_tag or any(batch.sku_tag in line.sku.tags for line in order.lines):
            return batch
    return None


def storms_for(order: Order, attempt_at: int) -> list[incidents.ReviewStorm]:
    hits = []
    for storm in incidents.REVIEW_STORMS:
        if storm.product not in ("", order.product.key):
            continue
        if storm.kind == "service":
            if storm.start - 2 * DAY <= order.deal_at < storm.end and attempt_at > storm.start:
                hits.append(storm)
        elif storm.start + DAY <= attempt_at < storm.end + 3 * DAY and order.deal_at < attempt_at:
            hits.append(storm)
    return hits


def hazards(parcel: Parcel, attempt_at: int, outlet_issue, delay_days: float) -> dict[str, float]:
    orders = parcel.orders
    for order in orders:
        if order.ring in _RINGS:
            return {"rule_violation": _RINGS[order.ring].refuse}
        if order.ring == "zero_fake":
            return {"rule_violation": incidents.ZERO_TRIAL.refuse}
        if order.ring == "review_ring":
            return {}
    quality = 0.0
    for order in orders:
        quality += order.product.base_quality
        batch = batch_for(order, parcel.pickup_at)
        if batch:
            quality += batch.hazard
    logistics = incidents.BASE_LOGISTICS_HAZARD
    logistics += min(
        incidents.DELAY_CAP,
        incidents.DELAY_SLOPE * max(0.0, delay_days - incidents.DELAY_TOLERANCE_DAYS),
    )
    if parcel.damaged:
        logistics += incidents.DAMAGE_HAZARD
    if parcel.wet:
        logistics += incidents.WET_HAZARD
    if outlet_issue is not None:
        logistics += outlet_issue.hazard
    reviews = incidents.BASE_REVIEWS_HAZARD
    for order in orders:
        reviews += sum(s.hazard for s in storms_for(order, attempt_at))
    return {
        "product_quality": min(quality, 0.6),
        "logistics": min(logistics, 0.7),
        "reviews": min(reviews, 0.5),
    }


def decide(rng: random.Random, hz: dict[str, float]) -> str:
    """The cause that made the recipient refuse, or "" if they accept the parcel."""
    keep = 1.0
    for h in hz.values():
        keep *= 1.0 - h
    if not hz or rng.random() >= 1.0 - keep:
        return ""
    return Weighted(hz.items()).draw(rng)


def written_reason(rng: random.Random, parcel: Parcel, cause: str, attempt_at: int) -> str:
    if not chance(rng, REASON_WRITTEN[cause]):
        return ""
    mix = Weighted(REASON_MIX).draw(rng)
    if mix == "convenient":
        return rng.choice(rw.CONVENIENT)
    if mix == "other":
        cause = rng.choice([c for c in REASON_WRITTEN if c != cause and c != "rule_violation"])
        return rng.choice(_generic(cause))
    return rng.choice(_specific(rng, parcel, cause, attempt_at))


def _generic(cause: str) -> tuple[str, ...]:
    return {
        "product_quality": rw.QUALITY_GENERIC,
        "logistics": rw.LOGISTICS_DELAY,
        "reviews": rw.REVIEWS,
        "rule_violation": rw.RULE_VIOLATION,
    }[cause]


def _specific(rng: random.Random, parcel: Parcel, cause: str, attempt_at: int):
    order = parcel.orders[0]
    if cause == "product_quality":
        batch = next((b for o in parcel.orders if (b := batch_for(o, parcel.pickup_at))), None)
        if batch and chance(rng, 0.75):
            return rw.DEFECT_REASONS[batch.defect]
        return rw.QUALITY_GENERIC
    if cause == "logistics":
        if parcel.damaged:
            return rw.LOGISTICS_DAMAGE
        if parcel.wet:
            return rw.LOGISTICS_WET
        if parcel.delay_days > 1.5:
            return rw.LOGISTICS_DELAY
        return rw.LOGISTICS_SERVICE + rw.LOGISTICS_DELAY[:3]
    if cause == "reviews":
        kinds = {s.kind for s in storms_for(order, attempt_at)}
        if "viral" in kinds:
            return ("看到视频说是黑心棉", "网上说是黑心棉", "评论区都在骂", "差评太多了不放心")
        if "ring" in kinds:
            return ("评价说不是纯棉", "看了差评不敢要", "网上都说是假货", "评价太差了")
        if "service" in kinds:
            return (
                "客服一直不回复",
                "申请退款没人处理只能拒收",
                "客服态度差不要了",
                "店铺评分太低",
            )
        return rw.REVIEWS
    return rw.RULE_VIOLATION
