"""Phases C and D: every mechanism proposes a trigger; the earliest decides (see README)."""

from __future__ import annotations

import bisect
from datetime import datetime, timedelta
from random import Random

from .clock import HOUR, hours
from .mechanisms import DOOR_PRIORITY
from .parcels import Parcel
from .records import Order, Review, Trigger
from .shop import (
    COLD_WAVE,
    DOWN_LEAK_D02,
    PILLING_K03,
    RATES,
    SIZE_BATCH_D01,
    TEMP_PACKERS,
    ZONE_DAYS,
)
from .vocab import vocab


def _quality_hazards(order: Order, packed_at: datetime) -> list[tuple[str, float]]:
    hazards = []
    for line in order.lines:
        product, sku = line.sku.product, line.sku
        hazards.append(("base_quality", product.base_quality_refusal))
        if product.code == "D01" and packed_at in SIZE_BATCH_D01:
            hazards.append(("size_batch", RATES.size_batch))
        if product.code == "D02" and packed_at in DOWN_LEAK_D02:
            hazards.append(("down_leak", RATES.down_leak))
        if product.code == "K02" and sku.colour == vocab()["products"]["K02"]["off_colour"]:
            hazards.append(("colour", RATES.colour_k02))
        if product.code == "K03" and packed_at in PILLING_K03:
            hazards.append(("pilling", RATES.pilling_k03))
        if product.code == "C01":
            hazards.append(("picture", RATES.picture_c01))
    if order.picked_wrong:
        hazards.append(("wrong_item", RATES.wrong_item_refused))
    return hazards


def _expected_days(parcel: Parcel) -> float:
    return 1.0 + ZONE_DAYS[parcel.region.zone]


def propose_triggers(seed: int, parcels: list[Parcel]) -> None:
    """Every mechanism except reviews proposes (or not) a trigger for each order of each parcel."""
    rng = Random(f"{seed}:causes")
    for parcel in parcels:
        if parcel.attempt_at is None:
            continue
        packed_at = parcel.picked_up_at
        earliest_deal = min(o.deal_at for o in parcel.orders)
        for order in parcel.orders:
            wrong_p = (
                RATES.wrong_item_peak if packed_at in TEMP_PACKERS else RATES.wrong_item_normal
            )
            order.picked_wrong = order.role == "normal" and rng.random() < wrong_p
            if order.role == "boost":
                if rng.random() < RATES.boost_refused:
                    order.triggers.append(
                        Trigger(parcel.attempt_at, "boost", "door", DOOR_PRIORITY["boost"])
                    )
                continue
            if order.role == "competitor":  # bought to write a bad review: always signs
                continue
            hazards = _quality_hazards(order, packed_at)
            specific = [h for h in hazards if h[0] != "base_quality"]
            if specific:
                order.issue, order.issue_p = max(specific, key=lambda h: h[1])
            for detail, p in hazards:
                if rng.random() < p:
                    order.triggers.append(
                        Trigger(parcel.attempt_at, detail, "door", DOOR_PRIORITY[detail])
                    )
            if parcel.damaged and rng.random() < RATES.damage_refused:
                order.triggers.append(
                    Trigger(parcel.attempt_at, "damage", "door", DOOR_PRIORITY["damage"])
                )
            if not parcel.at_station and rng.random() < RATES.courier_quarrel:
                order.triggers.append(
                    Trigger(parcel.attempt_at, "quarrel", "door", DOOR_PRIORITY["quarrel"])
                )
            wait = (parcel.attempt_at - earliest_deal).total_seconds() / 86400
            over = wait - _expected_days(parcel) - 1.5
            if over > 0:
                p = RATES.late_per_day * over**1.2
                if order.product.category == "down" and parcel.attempt_at in COLD_WAVE:
                    p *= 1.4
                if rng.random() < min(RATES.late_cap, p):
                    gave_up = earliest_deal + timedelta(
                        days=_expected_days(parcel) + 1.5 + rng.uniform(0, over)
                    )
                    gave_up = max(gave_up, parcel.picked_up_at + hours(rng, 1, 10))
                    detail = "presale" if order.presale_fake else "late"
                    order.triggers.append(_timed_trigger(gave_up, detail, parcel))


def _timed_trigger(at: datetime, detail: str, parcel: Parcel) -> Trigger:
    if at < parcel.attempt_at - 3 * HOUR:
        return Trigger(at, detail, "transit", 0)
    return Trigger(parcel.attempt_at, detail, "door", DOOR_PRIORITY[detail])


def _winner(order: Order) -> Trigger | None:
    return min(order.triggers, key=lambda t: (t.at, t.priority)) if order.triggers else None


def parcel_winner(parcel: Parcel) -> Trigger | None:
    found = [w for w in (_winner(o) for o in parcel.orders) if w]
    return min(found, key=lambda t: (t.at, t.priority)) if found else None


def add_extra_size_triggers(seed: int, parcels: list[Parcel]) -> None:
    """A buyer who ordered one style in two sizes, in two parcels, refuses the second."""
    rng = Random(f"{seed}:extra")
    for parcel in parcels:
        for order in parcel.orders:
            partner = order.partner
            if not (
                order.sibling_style
                and partner
                and partner.parcel
                and not partner.fake
                and partner.parcel is not parcel
            ):
                continue
            first = partner.parcel
            if (
                first.attempt_at
                and parcel.attempt_at
                and first.attempt_at < parcel.attempt_at - 2 * HOUR
                and parcel_winner(first) is None
                and rng.random() < RATES.extra_size_refused
            ):
                order.triggers.append(
                    Trigger(parcel.attempt_at, "extra_size", "door", DOOR_PRIORITY["extra_size"])
                )


class BadReviewShare:
    """Share of 1–2 star reviews a product got in the ten days before a moment (smoothed)."""

    def __init__(self, reviews: list[Review]):
        self.times: dict[str, list[datetime]] = {}
        self.bad: dict[str, list[int]] = {}
        for review in sorted(reviews, key=lambda r: r.at):
            code = review.order.product.code
            self.times.setdefault(code, []).append(review.at)
            running = self.bad.setdefault(code, [0])
            running.append(running[-1] + (review.score <= 2))

    def __call__(self, code: str, moment: datetime) -> float:
        times = self.times.get(code, [])
        high = bisect.bisect_left(times, moment)
        low = bisect.bisect_left(times, moment - timedelta(days=10))
        bad = self.bad.get(code, [0])
        count = high - low
        return (bad[high] - bad[low] + 0.5) / (count + 4)


def add_review_triggers(seed: int, parcels: list[Parcel], share: BadReviewShare) -> None:
    rng = Random(f"{seed}:review-causes")
    for parcel in parcels:
        if parcel.attempt_at is None:
            continue
        start = parcel.picked_up_at
        for order in parcel.orders:
            if order.role != "normal":
                continue
            looked = start + (parcel.attempt_at - start) * rng.random()
            bad = share(order.product.code, looked)
            p = RATES.review_base + min(
                RATES.review_cap, RATES.review_slope * max(0.0, bad - RATES.review_floor)
            )
            if rng.random() < p:
                order.triggers.append(_timed_trigger(looked, "reviews", parcel))
