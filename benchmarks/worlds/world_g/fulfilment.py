"""The warehouse in 顺德 ships orders: on time, late, or declared shipped before any pickup."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import dates
from .catalogue import (
    BRUSHING_COURIER_MIX,
    COURIER,
    HEAVY_COURIER_MIX,
    SMALL_COURIER_MIX,
    Courier,
)
from .ids import Numbers
from .model import Order, Parcel

BUYER_CANCEL_SHARE = 0.03  # paid, then cancelled before the parcel left
STOCKOUT_CANCEL_SHARE = 0.25  # fan orders the merchant cannot fill in the July heat
FAKE_SHIPPING_SHARE = 0.5  # of holiday orders that would ship late: declared early instead
UNSUBSCRIBED_SHARE = 0.02  # parcels the tracking aggregator never follows
REUSE_SHARE = 0.025  # of orders in the reuse window: given an old parcel's number


def _mix(rng: random.Random, mix) -> Courier:
    keys, weights = zip(*mix, strict=True)
    return COURIER[rng.choices(keys, weights=weights, k=1)[0]]


def _courier(rng: random.Random, orders: list[Order]) -> Courier:
    if orders[0].is_brushing:
        return _mix(rng, BRUSHING_COURIER_MIX)
    if any(line.product.bulky for order in orders for line in order.lines):
        return _mix(rng, HEAVY_COURIER_MIX)
    if orders[0].sf_upgrade:
        return COURIER["sf"]
    return _mix(rng, SMALL_COURIER_MIX)


def _working_hours(moment: datetime) -> datetime:
    """The warehouse clicks 发货 between 09:00 and 21:00."""
    if moment.hour < 9:
        return moment.replace(hour=9, minute=moment.minute % 50)
    if moment.hour >= 21:
        nxt = moment + timedelta(days=1)
        return nxt.replace(hour=9, minute=moment.minute % 50)
    return moment


def _courier_hours(moment: datetime) -> datetime:
    """Couriers collect at the warehouse between 08:00 and 22:00."""
    if moment.hour < 8:
        return moment.replace(hour=8, minute=moment.minute // 2)
    if moment.hour >= 22:
        return (moment + timedelta(days=1)).replace(hour=8, minute=moment.minute // 2)
    return moment


def _ready_at(rng: random.Random, order: Order, bulky: bool) -> datetime:
    hours = rng.lognormvariate(2.4, 0.55) + (8 if bulky else 0)
    if order.is_brushing:
        hours = rng.uniform(1, 6)
    ready = _working_hours(order.deal_at + timedelta(hours=hours))
    if dates.within(ready, dates.WAREHOUSE_CLOSED):
        ready = dates.WAREHOUSE_CLOSED[1] + timedelta(hours=rng.uniform(0, 14))
    if dates.within(ready, dates.HOLIDAY_WAREHOUSE):
        ready = dates.HOLIDAY_WAREHOUSE[1] + timedelta(hours=rng.uniform(0, 60))
    return _working_hours(ready)


def _cancels(rng: random.Random, order: Order, ready: datetime) -> bool:
    if order.is_brushing:
        return False
    sold_out = order.product_keys[0] == "fan" and dates.within(order.deal_at, dates.FAN_STOCKOUT)
    if sold_out and rng.random() < STOCKOUT_CANCEL_SHARE:
        order.stockout = True
        order.cancelled_at = order.deal_at + timedelta(hours=rng.uniform(20, 40))
        return True
    if rng.random() < BUYER_CANCEL_SHARE:
        when = order.deal_at + timedelta(hours=rng.uniform(0.3, 30))
        if when < ready:
            order.cancelled_at = when
            return True
    return False


def ship(
    rng: random.Random, numbers: Numbers, orders: list[Order], merged: list[list[Order]]
) -> list[Parcel]:
    """Create a parcel for every order that leaves the warehouse (reused numbers come later)."""
    partner_of = {group[1].order_id: group for group in merged}
    leader_of = {group[0].order_id: group for group in merged}
    parcels: list[Parcel] = []
    for order in orders:
        if order.paid_at is None or order.order_id in partner_of:
            continue
        group = [o for o in leader_of.get(order.order_id, [order])]
        bulky = any(line.product.bulky for o in group for line in o.lines)
        ready = max(_ready_at(rng, o, bulky) for o in group)
        group = [o for o in group if not _cancels(rng, o, ready)]
        if not group:
            continue
        if _takes_reused_number(rng, group):
            group[0].reused_number = True
            continue
        parcels.append(_parcel(rng, numbers, group, ready, bulky))
    return parcels


def _takes_reused_number(rng: random.Random, group: list[Order]) -> bool:
    order = group[0]
    return (
        len(group) == 1
        and not order.is_brushing
        and dates.within(order.deal_at, dates.REUSED_NUMBER_ORDERS)
        and rng.random() < REUSE_SHARE
    )


def _parcel(
    rng: random.Random, numbers: Numbers, group: list[Order], ready: datetime, bulky: bool
) -> Parcel:
    courier = _courier(rng, group)
    pickup = _courier_hours(ready + timedelta(hours=rng.uniform(1.0, 7.0) + (10 if bulky else 0)))
    declared = ready
    promise = min(o.promised_ship_at for o in group)
    holiday = dates.within(group[0].deal_at, dates.FAKE_SHIPPING_ORDERS)
    if declared > promise and holiday and rng.random() < FAKE_SHIPPING_SHARE:
        declared = promise - timedelta(hours=rng.uniform(0.5, 12))
        for order in group:
            order.fake_shipped = True
    elif declared > promise:
        for order in group:
            order.late_shipped = True
    parcel = Parcel(
        number=numbers.tracking(courier),
        courier=courier,
        declared_at=declared,
        picked_at=pickup,
        orders=group,
        subscribed=rng.random() >= UNSUBSCRIBED_SHARE,
    )
    for order in group:
        order.parcel = parcel
    return parcel


def reuse_numbers(rng: random.Random, orders: list[Order], parcels: list[Parcel]) -> list[Parcel]:
    """Orders the merchant 'shipped' by typing in the number of an older parcel (虚假发货)."""
    sources = [
        p
        for p in parcels
        if p.subscribed
        and dates.within(p.declared_at, (datetime(2026, 9, 1), datetime(2026, 9, 26)))
    ]
    refused = [p for p in sources if p.fate == "refused"]
    reused: list[Parcel] = []
    for order in orders:
        if not order.reused_number:
            continue
        pool = refused if refused and rng.random() < 0.5 else sources
        source = rng.choice(pool)
        parcel = Parcel(
            number=source.number,
            courier=source.courier,
            declared_at=order.promised_ship_at - timedelta(hours=rng.uniform(1, 20)),
            picked_at=None,
            orders=[order],
            subscribed=source.subscribed,
            fate="reused",
        )
        order.parcel = parcel
        reused.append(parcel)
    return reused
