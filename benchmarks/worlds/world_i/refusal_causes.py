"""Why a parcel is refused: each mechanism's chance, and the rule that names one cause.

Several mechanisms can act on one parcel. The label follows the first failing link, in this
order: a sale that was never genuine (rule_violation) comes first; goods that were bad before they
left the warehouse (product_quality, including too few ice packs for a heat wave on a normal
transit) come next; then a courier that harmed or delayed the goods (logistics, including spoilage
caused by slow transit or a broken cold chain); a buyer who lost confidence through reviews
(reviews) comes last, because it only acts when nothing physical went wrong.
"""

import random
from dataclasses import dataclass

from .shop import SALMON, SHRIMP_MEAT, STEAK, YOGURT, Product

PRECEDENCE = ("rule_violation", "product_quality", "logistics", "reviews")


@dataclass(frozen=True)
class Exposure:
    """What acted on one parcel."""

    products: tuple[Product, ...]
    is_trial: bool
    is_empty_boosting_parcel: bool
    in_bad_salmon_batch: bool
    late_days: float
    damaged: bool
    thawed_in_cold_chain: bool
    heat_exposed: bool
    slow_transit: bool
    buyer_saw_review_storm: bool


def mechanism_chances(exposure: Exposure) -> dict[str, float]:
    sensitivity = max(product.heat_sensitivity for product in exposure.products)
    if exposure.is_trial or exposure.is_empty_boosting_parcel:
        # Whoever refuses a sale that was never genuine refuses it because of the scheme.
        rule = 0.6 if exposure.is_trial else 0.32
        return {"rule_violation": rule, "product_quality": 0.0, "logistics": 0.0,
                "reviews": 0.0}
    quality = 0.004
    if exposure.in_bad_salmon_batch and SALMON in exposure.products:
        quality += 0.42
    if SHRIMP_MEAT in exposure.products:
        quality += 0.016
    if exposure.heat_exposed and not exposure.slow_transit:
        quality += 0.05 * sensitivity
    logistics = 0.006 + min(max(exposure.late_days, 0.0) * 0.08 * sensitivity, 0.35)
    if exposure.slow_transit:
        logistics += 0.08 * sensitivity
    if exposure.damaged:
        logistics += 0.45
    if exposure.thawed_in_cold_chain:
        logistics += 0.5
    if exposure.heat_exposed and exposure.slow_transit:
        logistics += 0.16 * sensitivity
    reviews = 0.003
    if STEAK in exposure.products:
        reviews += 0.014
    if exposure.buyer_saw_review_storm and YOGURT in exposure.products:
        reviews += 0.3
    return {"rule_violation": 0.0, "product_quality": quality, "logistics": logistics,
            "reviews": reviews}


def draw_cause(rand: random.Random, exposure: Exposure) -> tuple[str, tuple[str, ...]]:
    """Return the labelled cause ("" when not refused) and every mechanism that fired."""
    chances = mechanism_chances(exposure)
    fired = tuple(cause for cause in PRECEDENCE if rand.random() < chances[cause])
    return (fired[0] if fired else ""), fired
