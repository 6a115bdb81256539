"""Phase B: payment, cancellations, ship times, 合并发货, couriers and reused numbers."""

from __future__ import annotations

import bisect
import math
from datetime import datetime, timedelta
from random import Random

from . import parcels as track
from .clock import DAY, HOUR, hours
from .parcels import Parcel
from .records import Ids, Order
from .shop import (
    BACKLOG_ORDERS,
    COURIERS,
    DOWN_STOCKOUT,
    GIFT_COURIERS,
    RATES,
    REGIONS,
    Region,
)
from .vocab import pick, weighted


def _courier_for(rng: Random, order: Order):
    if order.role == "boost":
        return COURIERS[pick(rng, GIFT_COURIERS)]
    if order.sf_upgrade:
        return COURIERS["SF"]
    if order.buyer.region.zone == 4:
        return COURIERS["YZPY"] if rng.random() < 0.7 else COURIERS["EMS"]
    return weighted(rng, [(c, c.share) for c in COURIERS.values() if c.share > 0])


def _mid_region(rng: Random, region: Region) -> Region | None:
    if region.zone < 3:
        return None
    options = [r for r in REGIONS if r.zone == region.zone - 1 and r.north == region.north] or [
        r for r in REGIONS if r.zone == region.zone - 1
    ]
    return pick(rng, options)


def _ship_delay(rng: Random, order: Order) -> timedelta:
    if order.role == "boost":
        return hours(rng, 2, 20)
    if order.deal_at in BACKLOG_ORDERS:
        return hours(rng, 24, 120)
    return timedelta(hours=min(90.0, rng.lognormvariate(math.log(16), 0.5)))


def _align_upload(rng: Random, moment: datetime) -> datetime:
    """The shop uploads numbers between 09:00 and 23:00."""
    if moment.hour < 9:
        return moment.replace(hour=9 + rng.randrange(3), minute=rng.randrange(60))
    if moment.hour >= 23:
        return (moment + DAY).replace(hour=9 + rng.randrange(3), minute=rng.randrange(60))
    return moment


def plan_shipping(seed: int, orders: list[Order], ids: Ids) -> list[Parcel]:
    rng = Random(f"{seed}:shipping")
    parcels: list[Parcel] = []
    shipping: list[Order] = []
    for order in orders:
        if order.role == "normal" and rng.random() < RATES.unpaid:
            order.cancelled_at = order.deal_at + hours(rng, 23.5, 24.5)
            continue
        order.paid_at = order.deal_at + timedelta(seconds=rng.randrange(5, 180))
        delay = _ship_delay(rng, order)
        planned = _align_upload(rng, order.deal_at + delay)
        if order.role == "normal":
            refund_p = (
                RATES.refund_before_ship_backlog
                if order.deal_at in BACKLOG_ORDERS
                else RATES.refund_before_ship
            )
            if rng.random() < refund_p:
                ask = order.deal_at + hours(rng, 0.2, min(delay.total_seconds() / 3600, 72))
                if ask < planned:
                    order.refund_unshipped_at = ask
                    continue
            if rng.random() < RATES.stockout:
                order.stockout = True
                order.refund_unshipped_at = order.deal_at + hours(rng, 24, 60)
                continue
            if (
                order.product.code == "D02"
                and order.deal_at in DOWN_STOCKOUT
                and rng.random() < RATES.presale_fake
            ):
                order.presale_fake = True
                planned = _align_upload(rng, order.deal_at + hours(rng, 30, 46))
            elif (
                order.deal_at in BACKLOG_ORDERS
                and delay > timedelta(hours=40)
                and rng.random() < RATES.reused_number
            ):
                order.fake = "reuse"
                planned = _align_upload(rng, order.deal_at + hours(rng, 20, 44))
        order.uploaded_at = planned
        shipping.append(order)

    # 合并发货: a buyer's second order joins the first parcel when it has not left yet
    merged: dict[int, Order] = {}
    for order in shipping:
        partner = order.partner
        if (
            partner
            and partner.uploaded_at
            and not partner.fake
            and not partner.presale_fake
            and not order.fake
            and not order.presale_fake
            and partner.refund_unshipped_at is None
            and order.deal_at < partner.uploaded_at - HOUR
            and rng.random() < 0.85
        ):
            together = max(partner.uploaded_at, order.deal_at + hours(rng, 1, 4))
            partner.uploaded_at = order.uploaded_at = together
            merged[id(order)] = partner

    by_upload = sorted(shipping, key=lambda o: (o.uploaded_at, o.deal_at))
    for order in by_upload:
        if order.fake == "reuse":
            continue
        if id(order) in merged:
            parcel = merged[id(order)].parcel
            parcel.orders.append(order)
            order.parcel = parcel
            continue
        courier = _courier_for(rng, order)
        parcel = Parcel(
            ids.tracking(courier),
            courier,
            order.buyer.region,
            order.uploaded_at,
            gift=order.role == "boost",
        )
        parcel.orders.append(order)
        parcel.subscribed = rng.random() < RATES.aggregator_coverage
        parcel.route = track.make_route(
            rng, courier, order.buyer.region, parcel.gift, _mid_region(rng, order.buyer.region)
        )
        order.parcel = parcel
        parcels.append(parcel)

    # 虚假发货 on an old number: the number of a parcel uploaded 10–45 days earlier
    uploads = [p.uploaded_at for p in parcels]
    for order in by_upload:
        if order.fake != "reuse":
            continue
        low = bisect.bisect_left(uploads, order.uploaded_at - timedelta(days=45))
        high = bisect.bisect_left(uploads, order.uploaded_at - timedelta(days=10))
        donors = [p for p in parcels[low:high] if not p.gift] or [
            p for p in parcels[:high] if not p.gift
        ]
        order.parcel = pick(rng, donors)

    for parcel in parcels:
        first = parcel.orders[0]
        if first.role == "boost":
            if rng.random() < RATES.boost_no_pickup:
                for order in parcel.orders:
                    order.fake = "boost_no_pickup"
                parcel.fate = "none"
                track.record_created(rng, parcel)
                continue
            pickup = parcel.uploaded_at + hours(rng, 1, 6)
        elif first.presale_fake:
            if rng.random() < RATES.presale_never:
                first.fake = "presale_never"
                parcel.fate = "none"
                track.record_created(rng, parcel)
                continue
            track.record_created(rng, parcel)
            pickup = first.deal_at + timedelta(days=rng.uniform(4, 9))
        else:
            pickup = parcel.uploaded_at + hours(rng, 0.5, 8)
        track.record_forward(rng, parcel, pickup)
    return parcels
