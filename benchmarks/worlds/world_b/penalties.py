"""Platform bills: consumer compensation (消费者补偿) and violation records (违规记录).

- 延迟发货_扣款 for every order shipped (or cancelled) after the 48 h promise: 5 % of the amount
  paid, ¥3-100;
- 缺货扣款 for stock-out cancellations: 10 %, ¥3-50;
- 虚假发货 for 80 % of orders marked shipped without a pickup within 24 h, and 60 % of boosted
  orders never handed to a courier: 10 %, ¥3-50;
- 虚假轨迹 for 75 % of orders on a reused tracking number: 10 %, ¥5-50;
- 虚假交易 for 22 % of boosted orders, found 4-15 days later: a fine from ¥0 to ¥2,000.
Bills dated after the last export do not exist yet.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .model import Order, Penalty
from .vocab import Vocab

FAKE_SHIP_BILLED = 0.8
NO_PICKUP_BILLED = 0.6
REUSE_BILLED = 0.75
FAKE_TRADE_FOUND = 0.22
FAKE_TRADE_FINES = {0.0: 3, 50.0: 3, 100.0: 3, 300.0: 2, 1000.0: 2, 2000.0: 1}


def _share(amount: float, rate: float, low: float, high: float) -> float:
    return round(min(high, max(low, amount * rate)), 2)


def issue_penalties(
    orders: list[Order], end: datetime, vocab: Vocab, rng: random.Random
) -> list[Penalty]:
    bills: list[Penalty] = []

    def bill(
        order: Order, kind: str, amount: float, at: datetime, note_key: str, number: str = ""
    ) -> None:
        if at <= end:
            note = rng.choice(vocab.get(f"penalty.note.{note_key}")) if rng.random() < 0.8 else ""
            bills.append(Penalty(order, number, kind, amount, at, note))

    for order in orders:
        paid = order.total_paid
        number = order.parcel.tracking_no if order.parcel else ""
        shipped = order.marked_shipped_at
        if order.kind != "boosted" and order.late_ship and shipped:
            bill(
                order,
                "延迟发货_扣款",
                _share(paid, 0.05, 3, 100),
                shipped + timedelta(hours=rng.uniform(0.5, 30)),
                "late",
                number,
            )
        if order.cancel_kind == "late":
            bill(
                order,
                "延迟发货_扣款",
                _share(paid, 0.05, 3, 100),
                order.cancelled_at + timedelta(hours=rng.uniform(1, 20)),
                "late",
            )
        if order.cancel_kind == "stockout":
            bill(
                order,
                "缺货扣款",
                _share(paid, 0.1, 3, 50),
                order.cancelled_at + timedelta(hours=rng.uniform(1, 24)),
                "stockout",
            )
        no_pickup_for_a_day = (
            order.fake_ship
            and order.parcel is not None
            and order.parcel.pickup_at is not None
            and order.parcel.pickup_at - shipped > timedelta(hours=24)
        )
        if no_pickup_for_a_day and rng.random() < FAKE_SHIP_BILLED:
            bill(
                order,
                "虚假发货",
                _share(paid, 0.1, 3, 50),
                shipped + timedelta(hours=rng.uniform(26, 72)),
                "fake_ship",
                number,
            )
        if order.reuse_number and rng.random() < REUSE_BILLED:
            kind = "虚假轨迹" if rng.random() < 0.8 else "虚假发货"
            at = shipped + timedelta(days=rng.uniform(2, 5))
            bill(order, kind, _share(paid, 0.1, 5, 50), at, "fake_track", number)
        if order.kind != "boosted":
            continue
        if order.boost_mode == "none_pickup" and rng.random() < NO_PICKUP_BILLED:
            bill(
                order,
                "虚假发货",
                _share(paid, 0.1, 3, 50),
                shipped + timedelta(hours=rng.uniform(30, 96)),
                "fake_ship",
                number,
            )
        if rng.random() < FAKE_TRADE_FOUND:
            fine = rng.choices(list(FAKE_TRADE_FINES), weights=list(FAKE_TRADE_FINES.values()))[0]
            at = order.created_at + timedelta(days=rng.uniform(4, 15))
            bill(order, "虚假交易", fine, at, "fake_trade", number if rng.random() < 0.5 else "")
    bills.sort(key=lambda penalty: penalty.at)
    return bills
