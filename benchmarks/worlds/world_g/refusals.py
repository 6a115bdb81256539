"""Why a buyer refuses a parcel at the door, and which cause the world holds responsible.

Every mechanism that acts on a parcel gives a probability that it alone would make the buyer
refuse. Each is drawn independently; the parcel is refused when any fires. When several fire,
the cause is the one of the mechanism with the highest probability (the strongest push at the
door); equal pushes go to the mechanism listed first in MECHANISMS.
"""

from __future__ import annotations

import random
from datetime import datetime

from . import dates
from .catalogue import LEAKING_KETTLE_STYLE
from .model import Parcel

#: mechanism -> cause, in tie-break order
MECHANISMS = {
    "empty_box_brushing": "rule_violation",
    "fake_shipping": "rule_violation",
    "leaking_lid_batch": "product_quality",
    "dead_on_arrival": "product_quality",
    "missing_parts": "product_quality",
    "crushed_box": "logistics",
    "upstairs_dispute": "logistics",
    "late_delivery": "logistics",
    "fan_review_storm": "reviews",
    "kettle_review_scare": "reviews",
    "service_meltdown": "reviews",
}

CRUSHED_REFUSAL = 0.42
DISPUTE_REFUSAL = 0.45
LEAKING_LID_REFUSAL = 0.22
FAKE_SHIPPING_REFUSAL = 0.2
BRUSHING_CLUSTER_REFUSAL = 0.06  # the brusher's own collection points sign most
BRUSHING_STRANGER_REFUSAL = 0.45  # empty boxes sent to real strangers' addresses
FAN_STORM_REFUSAL = 0.09
FAN_STORM_ORDERED_BEFORE = 0.15  # ordered before the storm, delivered into it
KETTLE_SCARE_REFUSAL = 0.035
MELTDOWN_REFUSAL = 0.03


def _late_delivery(excess_days: float) -> float:
    if excess_days < 1.5:
        return 0.0
    return min(0.3, 0.024 * (excess_days - 0.5) ** 1.35)


def pushes(parcel: Parcel, door_at: datetime) -> list[tuple[str, float]]:
    """The mechanisms acting on this parcel at the door, with their refusal probabilities."""
    orders = parcel.orders
    if orders[0].is_brushing:
        chance = (
            BRUSHING_CLUSTER_REFUSAL if orders[0].brushing_cluster else BRUSHING_STRANGER_REFUSAL
        )
        return [("empty_box_brushing", chance)]
    found: dict[str, float] = {}

    def add(name: str, chance: float) -> None:
        if chance > 0:
            found[name] = max(found.get(name, 0.0), chance)

    lines = [line for order in orders for line in order.lines]
    heavy_courier = parcel.courier.heavy
    for line in lines:
        product = line.product
        # heavy-goods couriers deliver to the door and buyers open the box on the spot
        inspection = 1.8 if heavy_courier else 1.2
        add("dead_on_arrival", product.door_defect * inspection)
        add("missing_parts", product.missing_parts * inspection)
        shipped = parcel.declared_at
        if line.sku.style_id == LEAKING_KETTLE_STYLE and dates.within(
            shipped, dates.LEAKY_BATCH_SHIPPED
        ):
            add("leaking_lid_batch", LEAKING_LID_REFUSAL)
        if product.key == "fan" and dates.within(door_at, (dates.FAN_STORM[0], dates.FAN_STORM[1])):
            before = orders[0].deal_at < dates.FAN_STORM[0]
            add("fan_review_storm", FAN_STORM_ORDERED_BEFORE if before else FAN_STORM_REFUSAL)
        if (
            product.key == "kettle"
            and line.sku.style_id != LEAKING_KETTLE_STYLE
            and dates.within(door_at, dates.KETTLE_REVIEW_SCARE)
        ):
            add("kettle_review_scare", KETTLE_SCARE_REFUSAL)
    if parcel.damaged:
        add("crushed_box", CRUSHED_REFUSAL)
    if parcel.upstairs_dispute:
        add("upstairs_dispute", DISPUTE_REFUSAL)
    add("late_delivery", _late_delivery(parcel.excess_days))
    if dates.within(door_at, (dates.SERVICE_MELTDOWN[0], dates.SERVICE_AFTERMATH)):
        add("service_meltdown", MELTDOWN_REFUSAL)
    if any(order.fake_shipped for order in orders):
        add("fake_shipping", FAKE_SHIPPING_REFUSAL)
    return sorted(found.items(), key=lambda item: list(MECHANISMS).index(item[0]))


def decide(rng: random.Random, acting: list[tuple[str, float]]) -> tuple[str, list[str]]:
    """The decisive mechanism ('' when the buyer signs) and every mechanism that fired."""
    fired = [(name, chance) for name, chance in acting if rng.random() < chance]
    if not fired:
        return "", []
    strongest = max(chance for _, chance in fired)
    decisive = next(name for name, chance in fired if chance == strongest)
    return decisive, [name for name, _ in fired]
