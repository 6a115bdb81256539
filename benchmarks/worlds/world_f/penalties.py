"""Platform bills: consumer compensation (延迟发货, 缺货) and violation records (虚假发货,
虚假轨迹, 虚假交易). Not every fake shipment is caught, and none is caught at once."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .model import Order

_FAKE_SHIPPING_CAUGHT = 0.55
_REUSED_CAUGHT = 0.8
_BOOSTING_CAUGHT = 0.5


@dataclass(frozen=True)
class Penalty:
    order_id: str
    tracking_no: str
    kind: str
    amount: float
    at: datetime
    note: str

    @property
    def is_violation(self) -> bool:
        return self.kind.startswith("虚假")


def _compensation(order: Order) -> float:
    return round(min(50.0, max(3.0, order.paid_yuan * 0.05)), 2)


def bill(rng: random.Random, orders: list[Order]) -> list[Penalty]:
    penalties = []
    for order in orders:
        parcel = order.parcel
        tracking = parcel.tracking_no if parcel is not None else ""
        if order.shortage and order.refunded_unshipped_at is not None:
            penalties.append(
                Penalty(
                    order.order_id,
                    "",
                    "缺货扣款",
                    round(order.paid_yuan * 0.1, 2),
                    order.refunded_unshipped_at + timedelta(hours=2),
                    "商家缺货未发货，赔付消费者",
                )
            )
        if parcel is None or order.shipped_at is None or order.promise_ship_at is None:
            continue
        if order.reused_tracking:
            if rng.random() < _REUSED_CAUGHT:
                penalties.append(
                    Penalty(
                        order.order_id,
                        tracking,
                        "虚假轨迹",
                        10.0,
                        order.shipped_at + timedelta(hours=rng.uniform(40, 80)),
                        "物流单号与其他订单重复，轨迹与收货地址不符",
                    )
                )
            continue
        if order.shipped_at > order.promise_ship_at:
            penalties.append(
                Penalty(
                    order.order_id,
                    tracking,
                    "延迟发货_扣款",
                    _compensation(order),
                    order.promise_ship_at + timedelta(hours=rng.uniform(1, 6)),
                    "超过承诺发货时间未发货，系统自动赔付消费者",
                )
            )
        assert parcel.handover_at is not None
        gap = parcel.handover_at - parcel.declared_at
        if gap > timedelta(hours=36) and rng.random() < _FAKE_SHIPPING_CAUGHT:
            penalties.append(
                Penalty(
                    order.order_id,
                    tracking,
                    "虚假发货",
                    5.0,
                    parcel.declared_at + timedelta(hours=rng.uniform(30, 50)),
                    "发货后超过24小时无揽收记录",
                )
            )
        if order.boosted and rng.random() < _BOOSTING_CAUGHT:
            caught = datetime.combine(date(2026, 5, 25), time(10)) + timedelta(
                days=rng.uniform(0, 11)
            )
            penalties.append(
                Penalty(
                    order.order_id,
                    tracking,
                    "虚假交易",
                    0.0,
                    caught,
                    "经平台排查，该订单存在虚假交易行为，已扣除销量",
                )
            )
    penalties.sort(key=lambda penalty: (penalty.at, penalty.order_id, penalty.kind))
    return penalties
