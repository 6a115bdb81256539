"""Packing and shipping from the 叠石桥 warehouse: ship times, couriers, numbers, merged parcels.

Also the two ways a number gets reused: the packing crunch (an old returned waybill uploaded to
dodge the 延迟发货 penalty) and boosting ring V (its empty parcels' numbers recycled).
"""

import random

from .. import couriers, geo, incidents
from ..clock import DAY, HOUR
from ..models import Order, Parcel
from ..rand import Weighted, chance

_EVERYDAY = Weighted(couriers.EVERYDAY)
_REMOTE = Weighted(couriers.REMOTE_MIX)
_BULKY = Weighted(couriers.BULKY_MIX)


class Shipper:
    def __init__(self, rng: random.Random, n_orders: int):
        self.rng = rng
        self.n_orders = n_orders
        self.numbers: set[str] = set()
        self.parcels: list[Parcel] = []

    def courier_for(self, order: Order):
        rng = self.rng
        ring = next((r for r in incidents.BOOST_RINGS if r.name == order.ring), None)
        if ring:
            key = ring.courier
        elif order.sf_extra:
            key = "SF"
        elif order.product.bulk == "XL":
            key = _BULKY.draw(rng)
        elif order.buyer.province in geo.REMOTE:
            key = _REMOTE.draw(rng)
        else:
            key = _EVERYDAY.draw(rng)
        return couriers.COURIERS[key]

    def new_number(self, courier) -> str:
        while True:
            number = courier.number(self.rng)
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def ship_time(self, order: Order) -> int:
        rng = self.rng
        paid = order.paid_at
        day, tod = divmod(paid, DAY)
        if order.ring == "ring_g":  # 礼品代发 uploads numbers within hours
            return paid + rng.randint(HOUR, 6 * HOUR)
        if tod > 15.5 * HOUR or chance(rng, 0.08):
            day += 1
        ship_at = max(day * DAY + rng.randint(int(14.5 * HOUR), int(18.8 * HOUR)), paid + 1200)
        crunch = incidents.CRUNCH
        if crunch.start <= paid < crunch.end:
            ship_at += int(rng.uniform(*crunch.extra_days) * DAY)
        elif chance(rng, incidents.SLOW_PACKING):
            ship_at += int(rng.uniform(1.2, 3.0) * DAY)
        return ship_at


def plan(rng: random.Random, orders: list[Order], n_orders: int) -> list[Parcel]:
    """Decide cancellations and ship times; build parcels for everything physically shipped."""
    shipper = Shipper(rng, n_orders)
    crunch = incidents.CRUNCH
    reuse_left = round(n_orders * crunch.reuse_share)
    ring_v = next(r for r in incidents.BOOST_RINGS if r.name == "ring_v")
    ring_v_parcels: list[Parcel] = []
    for order in orders:
        if order.paid_at is None:
            continue
        ship_at = shipper.ship_time(order)
        order.late = ship_at > order.promise_ship_at
        if _cancels(rng, order):
            span = max(600, min(ship_at, order.promise_ship_at + 20 * HOUR) - order.paid_at)
            order.cancel_at = order.paid_at + rng.randint(300, span)
            if order.cancel_at < ship_at:
                continue
            order.cancel_at = None
        order.ship_at = ship_at
        if (
            order.late
            and crunch.start <= order.paid_at < crunch.end
            and reuse_left > 0
            and chance(rng, 0.05)
        ):
            reuse_left -= 1
            order.fake_ship = True
            order.ship_at = order.promise_ship_at - rng.randint(1800, 4 * HOUR)
            continue
        if order.ring == "ring_v" and ring_v_parcels and chance(rng, ring_v.reuse):
            old = rng.choice(ring_v_parcels[:-3] or ring_v_parcels)
            if old.pickup_at is not None and old.pickup_at < ship_at - 2 * DAY:
                order.fake_ship = True
                order.parcel = Parcel(old.number, old.courier, [order], ship_at, reused_from=old)
                continue
        partner = order.partner
        if partner is not None and partner.parcel is not None and partner.deal_at < order.deal_at:
            parcel = partner.parcel
            if parcel.ship_at >= order.paid_at and not partner.fake_ship:
                parcel.ship_at = max(parcel.ship_at, ship_at)
                parcel.pickup_at = parcel.ship_at + rng.randint(HOUR, 4 * HOUR)
                partner.ship_at = order.ship_at = parcel.ship_at
                parcel.orders.append(order)
                order.parcel = parcel
                continue
        courier = shipper.courier_for(order)
        parcel = Parcel(shipper.new_number(courier), courier, [order], ship_at)
        parcel.pickup_at = ship_at + rng.randint(int(0.8 * HOUR), int(4.5 * HOUR))
        if (
            order.late
            and crunch.start <= order.paid_at < crunch.end
            and chance(rng, crunch.fake_tracking)
        ):
            parcel.ship_at = order.ship_at = order.promise_ship_at - rng.randint(1800, 4 * HOUR)
        order.parcel = parcel
        shipper.parcels.append(parcel)
        if order.ring == "ring_v":
            ring_v_parcels.append(parcel)
    return shipper.parcels


def _cancels(rng: random.Random, order: Order) -> bool:
    if order.ring:
        return False
    p = incidents.CANCEL_BEFORE_SHIP + (incidents.CANCEL_LATE_SHIP if order.late else 0.0)
    for storm in incidents.REVIEW_STORMS:
        if (
            storm.product in ("", order.product.key)
            and storm.start - 2 * DAY <= order.deal_at < storm.end
        ):
            p += storm.cancel_extra
    return chance(rng, p)


def assign_reused(rng: random.Random, orders: list[Order], parcels: list[Parcel]) -> None:
    """Crunch orders marked shipped on a waybill that already came back to the shop."""
    returned = sorted(
        (
            p
            for p in parcels
            if p.outcome in ("refused", "returned_undelivered") and p.return_back_at is not None
        ),
        key=lambda p: p.return_back_at,
    )
    for order in orders:
        if not order.fake_ship or order.parcel is not None:
            continue
        pool = [p for p in returned if p.return_back_at < order.ship_at - DAY]
        old = rng.choice(pool[-60:])
        order.parcel = Parcel(old.number, old.courier, [order], order.ship_at, reused_from=old)
