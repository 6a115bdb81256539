"""Platform bills: compensation to buyers (消费者补偿明细) and violation records (违规记录)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .model import Order, Penalty

LATE_BILLED_SHARE = 0.85
FAKE_SHIPPING_CAUGHT = 0.5
REUSE_CAUGHT = 0.7
BRUSHING_CAUGHT = 0.3


def _money(value: float) -> float:
    return round(value, 2)


def bill(rng: random.Random, orders: list[Order]) -> None:
    for order in orders:
        parcel = order.parcel
        number = parcel.number if parcel else ""
        paid = order.paid_amount()
        if order.late_shipped and rng.random() < LATE_BILLED_SHARE:
            at = order.promised_ship_at + timedelta(hours=rng.uniform(20, 72))
            _add(
                order,
                number,
                "延迟发货_扣款",
                max(3.0, min(50.0, paid * 0.05)),
                at,
                "未在承诺时间内发货，赔付消费者",
                "compensation",
            )
        if order.stockout:
            at = order.cancelled_at + timedelta(hours=rng.uniform(2, 30))
            _add(
                order, "", "缺货扣款", max(5.0, paid * 0.1), at, "商家缺货取消订单", "compensation"
            )
        if order.fake_shipped and rng.random() < FAKE_SHIPPING_CAUGHT:
            at = parcel.declared_at + timedelta(days=rng.uniform(2, 5))
            _add(
                order,
                number,
                "虚假轨迹",
                max(5.0, paid * 0.1),
                at,
                "发货后长时间无揽收记录",
                "compensation",
            )
            if rng.random() < 0.6:
                _add(
                    order,
                    number,
                    "虚假发货",
                    10.0,
                    at + timedelta(days=2),
                    "点击发货后24小时内无揽收信息",
                    "violation",
                )
        if order.reused_number and rng.random() < REUSE_CAUGHT:
            at = parcel.declared_at + timedelta(days=rng.uniform(2, 6))
            _add(order, number, "虚假发货", 10.0, at, "物流单号重复使用", "violation")
            if rng.random() < 0.5:
                _add(
                    order,
                    number,
                    "虚假轨迹",
                    max(5.0, paid * 0.1),
                    at,
                    "物流轨迹与订单不符",
                    "compensation",
                )
        if order.is_brushing and rng.random() < BRUSHING_CAUGHT:
            at = datetime(2026, 10, 10) + timedelta(hours=rng.uniform(0, 240))
            _add(
                order, number, "虚假交易", 200.0, at, "经排查，该订单存在虚假交易行为", "violation"
            )


def _add(
    order: Order, number: str, kind: str, amount: float, at: datetime, note: str, bill_kind: str
) -> None:
    order.penalties.append(
        Penalty(order.order_id, number, kind, _money(amount), at, note, bill_kind)
    )
