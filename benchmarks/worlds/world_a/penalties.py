"""Platform bills: compensation paid to buyers and violation deductions, as the platform finds them.

- 延迟发货_扣款: 70% of late-shipped orders, 5% of the paid amount (¥3-50), a day after shipping.
- 缺货扣款: every out-of-stock cancellation, 10% (¥3-50).
- 虚假发货: half the boosted orders that never got a pickup scan; 40% of the backlog orders whose
  number was filed on time but picked up more than 24 h later (real orders, so this bill can sit
  on a logistics refusal).
- 虚假轨迹: 45% of the orders shipped on a reused tracking number.
- 虚假交易: 25% of boosted / trial orders, 5-20 days after the order (some after the data ends).
"""

from __future__ import annotations

from datetime import datetime
from random import Random

from .model import Order, Penalty
from .params import DAY, HOUR, Rates
from .vocab import Vocab


def _bounded(share: float, amount: float, low: float, high: float) -> float:
    return round(min(max(amount * share, low), high), 2)


def bill_penalties(orders: list[Order], rates: Rates, vocab: Vocab, rng: Random) -> list[Penalty]:
    bills: list[Penalty] = []

    def bill(order: Order, kind: str, pool: str, amount: float, at: datetime) -> None:
        number = order.parcel.tracking_no if order.parcel else ""
        bills.append(Penalty(order, number, kind, amount, at, vocab.pick(rng, f"penalties.{pool}")))

    for order in orders:
        paid = order.paid_amount
        if order.kind == "real":
            if order.out_of_stock:
                at = order.deal_at + rng.uniform(62, 90) * HOUR
                bill(order, "缺货扣款", "out_of_stock", _bounded(0.1, paid, 3, 50), at)
            if order.shipped_at is None:
                continue
            if (
                order.shipped_at > order.promised_ship_at
                and rng.random() < rates.bill_late_shipping
            ):
                at = order.shipped_at + rng.uniform(2, 30) * HOUR
                bill(order, "延迟发货_扣款", "late_shipping", _bounded(0.05, paid, 3, 50), at)
            gap = (order.pickup_plan_at - order.shipped_at) / HOUR
            if gap > 24 and rng.random() < rates.bill_fake_shipping_premark:
                at = order.shipped_at + rng.uniform(26, 72) * HOUR
                bill(order, "虚假发货", "fake_shipping", _bounded(0.1, paid, 3, 50), at)
            continue
        if order.shipped_at is not None:
            if order.boost_mode == "nopickup" and rng.random() < rates.bill_fake_shipping_nopickup:
                at = order.shipped_at + rng.uniform(26, 72) * HOUR
                bill(order, "虚假发货", "fake_shipping", _bounded(0.1, paid, 3, 50), at)
            if order.reused_number and rng.random() < rates.bill_fake_tracking_reuse:
                at = order.shipped_at + rng.uniform(2, 6) * DAY
                bill(order, "虚假轨迹", "fake_tracking", _bounded(0.2, paid, 5, 100), at)
        if rng.random() < rates.bill_fake_trade:
            at = order.deal_at + rng.uniform(5, 20) * DAY
            bill(order, "虚假交易", "fake_trade", round(max(3 * order.goods_amount, 50.0), 2), at)
    return bills
