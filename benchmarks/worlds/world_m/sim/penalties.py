"""Platform bills: consumer compensation (延迟发货, 缺货, 虚假轨迹) and violation records."""

import random
from dataclasses import dataclass

from .. import incidents
from ..clock import DAY, HOUR
from ..models import Order
from ..rand import chance, digits


@dataclass(slots=True)
class Penalty:
    order: Order
    number: str
    kind: str
    amount: int
    at: int
    note: str
    book: str  # compensation or violation
    ref: str = ""


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, value)))


def generate(rng: random.Random, orders: list[Order]) -> list[Penalty]:
    rings = {r.name: r for r in incidents.BOOST_RINGS}
    out: list[Penalty] = []
    for order in orders:
        paid = order.paid_total
        parcel = order.parcel
        number = parcel.number if parcel else ""
        if order.cancel_at and order.cancel_at > order.promise_ship_at:
            out.append(
                Penalty(
                    order,
                    "",
                    "缺货扣款",
                    _clamp(paid * 0.1, 300, 5000),
                    order.promise_ship_at + rng.randint(HOUR, 12 * HOUR),
                    "超过承诺发货时间未发货且已退款，按规则赔付消费者",
                    "compensation",
                )
            )
        if parcel is None:
            continue
        if order.late and not order.fake_ship and order.ship_at > order.promise_ship_at:
            out.append(
                Penalty(
                    order,
                    number,
                    "延迟发货_扣款",
                    _clamp(paid * 0.05, 300, 5000),
                    order.ship_at + rng.randint(HOUR, 20 * HOUR),
                    "延迟发货，系统自动赔付消费者",
                    "compensation",
                )
            )
        no_pickup = parcel.pickup_at is None and not order.fake_ship
        slow_pickup = parcel.pickup_at is not None and parcel.pickup_at - parcel.ship_at > DAY
        if (no_pickup and chance(rng, 0.5)) or slow_pickup:
            out.append(
                Penalty(
                    order,
                    number,
                    "虚假轨迹",
                    _clamp(paid * 0.1, 500, 3000),
                    parcel.ship_at + rng.randint(DAY, 2 * DAY),
                    "物流单号上传后24小时内无揽收信息",
                    "compensation",
                )
            )
        ring = rings.get(order.ring)
        flagged = (ring is not None and chance(rng, ring.violation)) or (
            order.ring == "zero_fake" and chance(rng, 0.5)
        )
        if flagged:
            out.append(
                Penalty(
                    order,
                    number,
                    "虚假交易",
                    paid,
                    order.deal_at + rng.randint(10 * DAY, 35 * DAY),
                    "经平台排查，该订单存在虚假交易行为，扣除对应货款并限制活动报名",
                    "violation",
                )
            )
        if order.fake_ship and chance(rng, 0.7 if not order.ring else 0.6):
            out.append(
                Penalty(
                    order,
                    number,
                    "虚假发货",
                    _clamp(paid * 0.3, 1000, 20000),
                    order.ship_at + rng.randint(3 * DAY, 12 * DAY),
                    "物流单号重复使用/与订单不符，判定虚假发货",
                    "violation",
                )
            )
    for p in out:
        p.ref = ("PC" if p.book == "compensation" else "WG") + digits(rng, 12)
    out.sort(key=lambda p: p.at)
    return out
