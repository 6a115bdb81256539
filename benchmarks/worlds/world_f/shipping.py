"""When the merchant ships (or says it did): 发货时间, the courier's real pickup, tracking numbers,
合并发货, refunds before shipping, and the two kinds of fake shipping this shop falls into."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from .catalog import Courier
from .model import Order, Parcel
from .season import CUTOFF, LYCHEE_BATCHES, Season

_REFUND_BEFORE_SHIPPING = 0.025
_PRESALE_GIVE_UP = 0.10
_SHORTAGE = 0.06
_LATE_BACKGROUND = 0.012
_LATE_IN_RAIN = 0.06
_BACKLOG_LATE = 0.30
_BACKLOG_FAKE = 0.12
_PRESALE_FAKE = 0.60
_NO_PICKUP_SCAN = 0.30
_REUSED_TRACKING = 0.009
_FAKE_BATCH_DAY = LYCHEE_BATCHES[1][1]
_SHORT_BATCH_DAY = LYCHEE_BATCHES[2][1]


class TrackingNumbers:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._taken: set[str] = set()

    def new(self, courier: Courier) -> str:
        digits = self._rng.randrange
        while True:
            number = {
                "zto": lambda: f"7{digits(10**12, 10**13)}",
                "jt": lambda: f"JT{digits(10**12, 10**13)}",
                "yd": lambda: f"46{digits(10**10, 10**11)}",
                "post": lambda: f"98{digits(10**10, 10**11)}",
                "sf": lambda: f"SF{digits(10**12, 10**13)}",
            }[courier.code]()
            if number not in self._taken:
                self._taken.add(number)
                return number


def _hours(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(hours=rng.uniform(low, high))


def _refund_before_shipping(rng: random.Random, order: Order, declared: datetime) -> None:
    assert order.paid_at is not None
    if order.presale and declared.date() == _SHORT_BATCH_DAY and rng.random() < _SHORTAGE:
        order.shortage = True
        order.refunded_unshipped_at = datetime.combine(_SHORT_BATCH_DAY, time(9)) - _hours(
            rng, 2, 30
        )
        return
    rate = _PRESALE_GIVE_UP if order.presale else _REFUND_BEFORE_SHIPPING
    if rng.random() >= rate:
        return
    span = (declared - order.paid_at).total_seconds() / 3600
    moment = order.paid_at + timedelta(hours=rng.uniform(0.1, max(0.2, span * 0.9)))
    if moment < declared:
        order.refunded_unshipped_at = moment


def _declare(rng: random.Random, season: Season, order: Order) -> tuple[datetime, datetime, bool]:
    """发货时间, the real pickup, and whether a pickup scan exists."""
    assert order.paid_at is not None and order.promise_ship_at is not None
    if order.presale:
        declared = datetime.combine(order.promise_ship_at.date(), time(9)) + _hours(rng, 1, 12)
        if declared.date() == _FAKE_BATCH_DAY and rng.random() < _PRESALE_FAKE:
            handover = datetime.combine(date(2026, 6, 8), time(8)) + _hours(rng, 0, 60)
            return declared, handover, rng.random() >= _NO_PICKUP_SCAN
        return declared, declared + _hours(rng, 1, 6), True
    declared = order.paid_at + _hours(rng, 3, 30)
    late_rate = _LATE_IN_RAIN if season.rain.holds(order.paid_at.date()) else _LATE_BACKGROUND
    if rng.random() < late_rate:
        declared = order.promise_ship_at + _hours(rng, 1, 26)
    if order.boosted:
        declared = order.paid_at + _hours(rng, 2, 10)
    elif season.packing_backlog.holds(order.paid_at.date()):
        roll = rng.random()
        if roll < _BACKLOG_LATE:
            declared = order.promise_ship_at + _hours(rng, 2, 30)
        elif roll < _BACKLOG_LATE + _BACKLOG_FAKE:
            declared = order.paid_at + _hours(rng, 20, 40)
            handover = declared + _hours(rng, 1.8 * 24, 4 * 24)
            return declared, handover, rng.random() >= _NO_PICKUP_SCAN
    return declared, declared + _hours(rng, 1, 8), True


def _combine_pairs(orders: list[Order]) -> dict[str, Order]:
    """合并发货: the second of two orders a buyer placed within the hour rides with the first."""
    partner: dict[str, Order] = {}
    last_by_buyer: dict[int, Order] = {}
    for order in orders:
        earlier = last_by_buyer.get(order.buyer.buyer_id)
        if (
            earlier is not None
            and earlier.order_id not in partner
            and order.paid_at
            and earlier.paid_at
            and not order.presale
            and not earlier.presale
            and not order.boosted
            and not earlier.boosted
            and order.courier is earlier.courier
            and order.placed_at - earlier.placed_at <= timedelta(hours=1)
        ):
            partner[order.order_id] = earlier
        last_by_buyer[order.buyer.buyer_id] = order
    return partner


def ship(rng: random.Random, season: Season, orders: list[Order]) -> list[Parcel]:
    """Declare shipments, make parcels, and return them in the order they were declared."""
    numbers = TrackingNumbers(rng)
    partner = _combine_pairs(orders)
    parcels: list[Parcel] = []
    by_order: dict[str, Parcel] = {}
    for order in orders:
        if order.paid_at is None:
            continue
        declared, handover, scanned = _declare(rng, season, order)
        _refund_before_shipping(rng, order, declared)
        if order.refunded_unshipped_at is not None or declared > CUTOFF:
            continue
        earlier = partner.get(order.order_id)
        if earlier is not None and earlier.order_id in by_order:
            shared = by_order[earlier.order_id]
            if shared.declared_at <= declared + timedelta(hours=6):
                shared.orders.append(order)
                order.shipped_at = shared.declared_at
                order.parcel = shared
                by_order[order.order_id] = shared
                continue
        parcel = Parcel(
            numbers.new(order.courier),
            order.courier,
            [order],
            declared,
            handover,
            pickup_scanned=scanned,
        )
        order.shipped_at = declared
        order.parcel = parcel
        by_order[order.order_id] = parcel
        parcels.append(parcel)
    parcels.sort(key=lambda parcel: (parcel.declared_at, parcel.tracking_no))
    return parcels


def reuse_tracking_numbers(rng: random.Random, season: Season, parcels: list[Parcel]) -> None:
    """During the 618 packing backlog a few orders get an old parcel's tracking number uploaded
    instead of a real shipment, mostly from the pile of refused and returned parcels that came
    back to the shed: the number's history belongs to the first order. Runs after the old
    parcels' trips are known; the replaced parcels never leave."""
    cutoff = season.packing_backlog.start - timedelta(days=5)
    old = [
        parcel
        for parcel in parcels
        if parcel.declared_at.date() < cutoff and len(parcel.orders) == 1
    ]
    came_back = [parcel for parcel in old if parcel.ending in ("refused", "returned")]
    for parcel in list(parcels):
        order = parcel.orders[0]
        if (
            len(parcel.orders) == 1
            and season.packing_backlog.holds(parcel.declared_at.date())
            and not order.presale
            and rng.random() < _REUSED_TRACKING
        ):
            pile = came_back if came_back and rng.random() < 0.6 else old
            donors = [donor for donor in pile[-600:] if donor.courier is parcel.courier]
            if not donors:
                continue
            parcels.remove(parcel)
            order.parcel = rng.choice(donors)
            order.reused_tracking = True
