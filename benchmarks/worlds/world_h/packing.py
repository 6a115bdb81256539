"""From paid order to parcel: when the shop packs, who cancels first, which orders travel together
(合并发货), which get an old tracking number instead of a parcel (虚假发货), and which courier.

Handling is 2–20 working hours; the shop's 双12 backlog (orders paid 10–14 Dec) adds 20–72
hours; nothing is packed over the shop's 春节 break (12 Feb 18:00 – 23 Feb 09:00), after which
the backlog takes up to 40 hours.
"""

from __future__ import annotations

import random
from datetime import datetime

from . import season
from .chance import coin, hours, working_time
from .geography import BOOSTING_COURIERS, COURIERS, pick_courier
from .model import Order, Parcel
from .vocab import pool

BASE_CANCEL = 0.02
#: orders paid in a reuse window that get an old tracking number
REUSE_SHARE = 0.04
#: lines packed by temporary staff that get the wrong size
WRONG_SIZE_SHARE = 0.025


def ready_time(rng: random.Random, order: Order) -> datetime:
    paid = order.paid_at
    assert paid is not None
    if order.kind == "boosted":
        return paid + hours(rng, 1, 10)
    moment = paid + hours(rng, 2, 20)
    if order.kind == "trial":
        moment += hours(rng, 12, 60)
    if season.SHOP_BACKLOG.contains(paid):
        moment += hours(rng, 20, 72)
    moment = working_time(moment, rng)
    if season.SHOP_CLOSED.contains(moment):
        moment = working_time(season.SHOP_CLOSED.end + hours(rng, 0, 40), rng)
    return moment


def plan_cancellation(rng: random.Random, order: Order) -> None:
    """Buyers who ask for their money back before the parcel leaves; the shop cancels what it
    cannot ship (驼色 XL of the wool coat, out of stock)."""
    if order.kind != "normal" or order.paid_at is None or order.ready_at is None:
        return
    paid, ready = order.paid_at, order.ready_at
    products = {line.sku.product.key for line in order.lines}
    if season.STOCKOUT.contains(paid) and any(
            line.sku.product.key == "P3" and line.sku.colour == "驼色" and line.sku.size == "XL"
            for line in order.lines):
        order.cancel_at, order.cancel_reason = paid + hours(rng, 4, 30), "缺货"
        order.stockout = True
        order.note = rng.choice(pool("notes", "stockout"))
        return
    wait = (ready - paid).total_seconds() / 3600
    probability, reasons = BASE_CANCEL, pool("after_sales_reasons", "cancel_before_shipping")
    if season.CS_HOLIDAY.contains(paid):
        probability += 0.02
    if season.SHOP_CLOSED.contains(paid):
        probability += 0.04
    if wait > 48:
        probability += 0.06
        reasons = ["未按约定时间发货", "未按约定时间发货", "多拍/错拍/不想要"]
    if season.REVIEW_STORM.contains(paid) and "P1" in products:
        probability += 0.03
        reasons = pool("after_sales_reasons", "cancel_after_bad_reviews")
    if season.REVIEW_STORM.contains(paid) and "P2" in products:
        probability += 0.15
        reasons = pool("after_sales_reasons", "cancel_after_bad_reviews")
    if not coin(rng, probability):
        return
    at = paid + hours(rng, 0.3, max(0.5, min(wait, 72) * 0.9))
    if at < ready and at < season.TRUTH_AT:
        order.cancel_at, order.cancel_reason = at, rng.choice(reasons)


def _reuses_number(rng: random.Random, order: Order) -> bool:
    return (order.kind == "normal" and order.paid_at is not None
            and any(w.contains(order.paid_at) for w in season.NUMBER_REUSE)
            and coin(rng, REUSE_SHARE))


def _is_packed(order: Order) -> bool:
    return (order.paid_at is not None and order.cancel_at is None and not order.reused_number
            and order.ready_at is not None)


def _merge_groups(orders: list[Order]) -> list[list[Order]]:
    """Orders of one buyer placed while her first order still waits to be packed go out in one
    parcel, at the later of their ready times."""
    groups: list[list[Order]] = []
    open_by_buyer: dict[tuple[str, str], list[Order]] = {}
    for order in orders:
        if not _is_packed(order):
            continue
        key = (order.buyer.name, order.buyer.phone)
        group = open_by_buyer.get(key)
        if (order.kind == "normal" and group is not None and group[0].kind == "normal"
                and group[0].ready_at is not None and order.placed_at < group[0].ready_at):
            group.append(order)
            continue
        group = [order]
        groups.append(group)
        open_by_buyer[key] = group
    return groups


def pack(rng: random.Random, orders: list[Order]) -> list[Parcel]:
    """Decide packing, cancellations and reused numbers for every order; return the parcels
    that have left the warehouse by TRUTH_AT (without their tracking events yet)."""
    for order in orders:
        if order.paid_at is None:
            continue
        order.ready_at = ready_time(rng, order)
        plan_cancellation(rng, order)
        if order.cancel_at is None and _reuses_number(rng, order):
            order.reused_number = True
            deadline = (order.promise_ship_at or order.ready_at) - hours(rng, 1, 6)
            order.ship_at = max(order.paid_at + hours(rng, 1, 3), min(order.ready_at, deadline))
    parcels, numbers = [], set()
    for group in _merge_groups(orders):
        ship_at = max(o.ready_at for o in group if o.ready_at is not None)
        if ship_at > season.TRUTH_AT:
            continue
        first = group[0]
        if first.kind == "boosted":
            keys, weights = zip(*BOOSTING_COURIERS, strict=True)
            courier = COURIERS[rng.choices(keys, weights)[0]]
        else:
            courier = pick_courier(rng, first.buyer.place, first.sf_upgrade)
        number = courier.number(rng)
        while number in numbers:
            number = courier.number(rng)
        numbers.add(number)
        origin = "yiwu" if first.kind == "boosted" else "hangzhou"
        parcel = Parcel(number, courier, group, ship_at, first.buyer.place, origin)
        for order in group:
            order.ship_at, order.tracking_no, order.courier, order.parcel = (
                ship_at, number, courier, parcel)
            if any(w.contains(ship_at) for w in season.WRONG_SIZE) and order.kind == "normal":
                for line in order.lines:
                    line.wrong_size = coin(rng, WRONG_SIZE_SHARE)
        parcels.append(parcel)
    return parcels
