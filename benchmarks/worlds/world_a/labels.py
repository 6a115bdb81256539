"""The truth file: one row per order id found in the exports, as of the last export.

- refused: the parcel was refused by the last export (a 合并发货 parcel refuses each of its
  orders), or the platform's 已同意拒收退款，待用户拒收 state was shown for the order in an
  after-sales export (the buyer had committed to refusing); cause = the world's cause.
- fake_shipping: a boosted order 'shipped' on an earlier parcel's tracking number (that parcel's
  refusal, if any, belongs to its own first order).
- returned_undelivered: address unknown, unreachable, intercepted or left in a locker.
- delivered: signed for; also boosted orders with no pickup that the fake buyer confirmed.
- cancelled: never paid, or refunded before shipping; not_shipped: still waiting at the end.
- in_transit: shipped, nothing final yet.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import datetime
from pathlib import Path

from .model import Order


def outcome(order: Order, end: datetime, refusal_states_seen: set[str]) -> tuple[str, str]:
    status = order.status.at(end)
    if order.shipped_at is None or order.shipped_at > end:
        cancelled = status in ("已取消", "未发货，退款成功")
        return ("cancelled" if cancelled else "not_shipped"), ""
    if order.reused_number:
        return "fake_shipping", ""
    parcel = order.parcel
    assert parcel is not None
    done = parcel.outcome_at is not None and parcel.outcome_at <= end
    if parcel.outcome == "refused" and (done or order.order_id in refusal_states_seen):
        return "refused", parcel.cause
    if parcel.outcome == "returned" and done:
        return "returned_undelivered", ""
    if parcel.outcome == "delivered" and done:
        return "delivered", ""
    if parcel.outcome == "no_pickup" and order.confirm_at and order.confirm_at <= end:
        return "delivered", ""
    return "in_transit", ""


def write_labels(
    path: Path,
    orders: list[Order],
    order_ids: set[str],
    end: datetime,
    refusal_states_seen: set[str],
) -> Counter:
    """Write labels.csv for the orders whose ids appear in the exports; returns outcome counts."""
    counts: Counter = Counter()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["order_id", "outcome", "cause"])
        for order in sorted(orders, key=lambda o: o.order_id):
            if order.order_id not in order_ids:
                continue
            result, cause = outcome(order, end, refusal_states_seen)
            writer.writerow([order.order_id, result, cause])
            counts[(result, cause)] += 1
    return counts
