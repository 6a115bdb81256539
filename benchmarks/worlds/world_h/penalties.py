"""Platform bills and violation records.

Compensation bills (消费者补偿明细): 延迟发货_扣款 for every order shipped (or still unshipped)
after its promised ship-by time, 5 % of the payment, ¥3–¥50; 缺货扣款 for each out-of-stock
cancellation, 10 %, ¥5–¥50; 虚假轨迹 for half the boosted orders that never had a parcel and 30 %
of boosted parcels without a pickup scan, 10 %, ¥5–¥50.
Violation records (违规记录): 虚假发货 for 60 % of the orders given an old tracking number, 30 %,
¥5–¥50; 虚假交易 (no fine, sales and reviews removed) for 40 % of trial-ring and 25 % of boosted
orders, found one to six weeks after the campaign.
"""

from __future__ import annotations

import random
from datetime import timedelta

from . import season
from .chance import coin, hours
from .model import Order, Penalty
from .vocab import vocab

COMPENSATION = ("延迟发货_扣款", "缺货扣款", "虚假轨迹")
VIOLATION = ("虚假发货", "虚假交易")


def _share(order: Order, rate: float, low: int, high: int) -> int:
    return max(low, min(high, round(order.paid_cents * rate)))


def build(rng: random.Random, orders: list[Order]) -> list[Penalty]:
    notes = vocab()["penalties"]
    found: list[Penalty] = []

    def bill(order: Order, at, kind: str, amount: int, note: str, number: str = "") -> None:
        if at <= season.TRUTH_AT:
            found.append(Penalty(at, order, number, kind, amount, note))

    for order in orders:
        promise = order.promise_ship_at
        if promise is not None and order.cancel_at is None and order.kind != "boosted":
            shipped = order.ship_at if order.ship_at is not None else season.TRUTH_AT
            if shipped > promise:
                bill(order, promise + hours(rng, 1, 30), "延迟发货_扣款",
                     _share(order, 0.05, 300, 5000), notes["late_shipping"])
        if order.stockout and order.cancel_at is not None:
            bill(order, order.cancel_at + hours(rng, 1, 24), "缺货扣款",
                 _share(order, 0.10, 500, 5000), notes["stockout"])
        parcel = order.parcel
        if order.kind == "boosted" and parcel is not None:
            no_pickup = parcel.ending != "no_parcel" and not any(
                e.kind == "pickup" for e in parcel.events)
            if (parcel.ending == "no_parcel" and coin(rng, 0.5)) or (no_pickup and coin(rng, 0.3)):
                bill(order, parcel.ship_at + timedelta(days=rng.uniform(3, 10)), "虚假轨迹",
                     _share(order, 0.10, 500, 5000), notes["fake_track"], parcel.tracking_no)
        if order.reused_number and order.ship_at is not None and coin(rng, 0.6):
            bill(order, order.ship_at + timedelta(days=rng.uniform(2, 8)), "虚假发货",
                 _share(order, 0.30, 500, 5000), notes["fake_shipping"], order.tracking_no)
        if order.kind in ("trial", "boosted") and coin(rng, 0.4 if order.kind == "trial" else 0.25):
            window = season.TRIAL_RING if order.kind == "trial" else next(
                w for w in season.BOOSTING if w.contains(order.placed_at))
            bill(order, window.end + timedelta(days=rng.uniform(7, 40)), "虚假交易", 0,
                 notes["fake_trade"])
    found.sort(key=lambda p: (p.at, p.order.order_id, p.kind))
    return found
