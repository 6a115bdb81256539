"""Payment, shipping and the fate of every parcel, including the incidents of the season."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import tracking, wording
from .model import Order, Parcel
from .refusal_causes import Exposure, draw_cause
from .rng import digits, stream
from .shop import (
    BAD_SALMON_BATCH,
    COLD_CHAIN_FAILURE,
    COLD_CHAIN_FAILURE_COURIER,
    COLD_CHAIN_FAILURE_PROVINCES,
    COLD_CHAIN_MIX,
    COURIERS,
    FINAL_EXPORT_AT,
    HEAT_WAVE,
    HEAT_WAVE_PROVINCES,
    HUB_BACKLOG,
    HUB_BACKLOG_COURIER,
    HUB_BACKLOG_ZONES,
    ORDINARY_MIX,
    PROMOTIONS,
    REVIEW_STORM,
    Courier,
)

UNPAID_RATE = 0.03
REFUND_BEFORE_SHIPPING_RATE = 0.022
OUT_OF_STOCK_RATE = 0.005
LOST_RATE = 0.003
RETURNED_UNDELIVERED_RATE = 0.012
LOCKER_RATE = 0.22
RANDOM_DELAY_RATE = 0.06
REUSE_WHEN_LATE_RATE = 0.06
MERGE_RATE = 0.85
BOOSTING_FULFILMENT = {"empty_parcel": 0.55, "fake_track": 0.2, "reused_number": 0.25}
GENERIC_REFUSAL_TEXT_RATE = 0.42
MISLEADING_REFUSAL_TEXT_RATE = 0.12
DELAY_TEXTS = ("因天气原因，快件延误", "车辆晚点，快件延误，请耐心等待", "快件滞留，正在安排转运")
BACKLOG_TEXT = "因分拨中心货量激增，快件滞留，将尽快发出"
COLD_CHAIN_FAILURE_TEXT = "运输车辆故障，快件转运延误"


@dataclass
class Shipment:
    orders: list[Order]
    ship_at: datetime


@dataclass
class FulfilmentLog:
    """What happened in fulfilment that later stages (after-sales, penalties) need to know."""

    late_shipped: list[Order] = field(default_factory=list)
    out_of_stock: list[Order] = field(default_factory=list)
    refunded_before_shipping: list[Order] = field(default_factory=list)
    reused_by_genuine_orders: list[Order] = field(default_factory=list)
    fake_tracks: list[Order] = field(default_factory=list)
    fired_mechanisms: dict[str, tuple[str, ...]] = field(default_factory=dict)


def within_work_hours(moment: datetime, rand: random.Random) -> datetime:
    if 8 <= moment.hour < 22:
        return moment
    next_morning = moment.replace(hour=8, minute=0, second=0)
    if moment.hour >= 22:
        next_morning += timedelta(days=1)
    return next_morning + timedelta(minutes=rand.randint(0, 150))


def plan_payment(rand: random.Random, order: Order) -> None:
    if not order.is_trial and not order.boosting_code and rand.random() < UNPAID_RATE:
        order.cancelled_at = order.created_at + timedelta(minutes=rand.randint(15, 30))
        return
    order.paid_at = order.created_at + timedelta(seconds=rand.randint(10, 300))
    order.promise_ship_at = order.paid_at + timedelta(hours=48)
    order.promise_deliver_at = order.promise_ship_at + timedelta(days=order.region.tier + 2)


def planned_ship_time(rand: random.Random, order: Order) -> datetime:
    assert order.paid_at is not None
    hours = rand.uniform(3, 30)
    if any(window.holds(order.created_at) for window, _ in PROMOTIONS.values()):
        hours += rand.uniform(0, 40)
    if rand.random() < 0.03:
        hours += rand.uniform(30, 80)
    return within_work_hours(order.paid_at + timedelta(hours=hours), rand)


def plan_shipments(rand: random.Random, orders: list[Order], log: FulfilmentLog) -> list[Shipment]:
    by_buyer: dict[str, Shipment] = {}
    shipments: list[Shipment] = []
    for order in orders:
        plan_payment(rand, order)
        if order.paid_at is None:
            continue
        genuine = not order.is_trial and not order.boosting_code
        if genuine and rand.random() < REFUND_BEFORE_SHIPPING_RATE:
            order.refunded_at = order.paid_at + timedelta(hours=rand.uniform(0.5, 20))
            log.refunded_before_shipping.append(order)
            continue
        if genuine and rand.random() < OUT_OF_STOCK_RATE:
            assert order.promise_ship_at is not None
            order.refunded_at = order.promise_ship_at + timedelta(hours=rand.uniform(2, 40))
            log.out_of_stock.append(order)
            continue
        ship_at = planned_ship_time(rand, order)
        earlier = by_buyer.get(order.buyer_key)
        close = earlier is not None and order.created_at - earlier.orders[0].created_at < timedelta(
            hours=3)
        if earlier is not None and close and genuine and rand.random() < MERGE_RATE:
            earlier.orders.append(order)
            earlier.ship_at = max(earlier.ship_at, ship_at)
            continue
        shipment = Shipment([order], ship_at)
        by_buyer[order.buyer_key] = shipment
        shipments.append(shipment)
    shipments.sort(key=lambda item: (item.ship_at, item.orders[0].order_id))
    return shipments


def pick_courier(rand: random.Random, shipment: Shipment) -> Courier:
    first = shipment.orders[0]
    if first.boosting_code:
        return COURIERS[rand.choice(("zto", "jt", "yd"))]
    needs_cold = any(line.product.needs_cold_chain for order in shipment.orders
                     for line in order.lines)
    mix = dict(COLD_CHAIN_MIX if needs_cold else ORDINARY_MIX)
    if "ems" in mix and first.region.zone == "west":
        mix["ems"] *= 2.5
    return COURIERS[rand.choices(list(mix), weights=list(mix.values()))[0]]


def new_tracking_no(rand: random.Random, courier: Courier, taken: set[str]) -> str:
    while True:
        number = courier.tracking_prefix + digits(rand, courier.tracking_digits)
        if number not in taken:
            taken.add(number)
            return number


def pickup_time(rand: random.Random, ship_at: datetime) -> datetime:
    return within_work_hours(ship_at + timedelta(hours=rand.uniform(1, 8)), rand)


def build_route(rand: random.Random, parcel: Parcel, order: Order) -> tuple[tracking.Route, bool]:
    """Return the parcel's route and whether its cold chain broke."""
    courier = parcel.courier
    pickup_at = pickup_time(rand, parcel.shipped_at)
    transit = courier.transit_days_by_tier[order.region.tier] * rand.uniform(0.8, 1.3)
    stuck_days, stuck_text, thawed = 0.0, "", False
    if (courier.key == HUB_BACKLOG_COURIER and order.region.zone in HUB_BACKLOG_ZONES
            and HUB_BACKLOG.holds(pickup_at)):
        stuck_days, stuck_text = rand.uniform(2, 5), BACKLOG_TEXT
    elif (courier.key == COLD_CHAIN_FAILURE_COURIER and COLD_CHAIN_FAILURE.holds(pickup_at)
          and order.region.province in COLD_CHAIN_FAILURE_PROVINCES):
        stuck_days, stuck_text = rand.uniform(0.5, 1.5), COLD_CHAIN_FAILURE_TEXT
        thawed = rand.random() < 0.85
    elif rand.random() < RANDOM_DELAY_RATE:
        stuck_days, stuck_text = rand.uniform(1, 2.5), rand.choice(DELAY_TEXTS)
    route = tracking.Route(order.region, order.district, pickup_at, transit, stuck_days,
                           stuck_text, rand.random() < courier.damage_rate,
                           rand.random() >= LOCKER_RATE)
    return route, thawed


def refusal_text(rand: random.Random, cause: str, fired: tuple[str, ...]) -> str:
    roll = rand.random()
    if roll < GENERIC_REFUSAL_TEXT_RATE or (cause == "reviews" and roll < 0.6):
        pool = wording.REFUSAL_TEXTS["generic"]
    elif roll < GENERIC_REFUSAL_TEXT_RATE + MISLEADING_REFUSAL_TEXT_RATE:
        others = [item for item in fired if item != cause] or [
            item for item in wording.AFTER_SALE_REASONS if item != cause]
        pool = wording.REFUSAL_TEXTS[rand.choice(others)]
    else:
        pool = wording.REFUSAL_TEXTS[cause]
    return rand.choice(pool)


def exposure_of(parcel: Parcel, shipment: Shipment, route: tracking.Route, thawed: bool,
                arrive_at: datetime) -> Exposure:
    orders = shipment.orders
    first = orders[0]
    assert first.promise_deliver_at is not None
    expected_at = arrive_at + timedelta(hours=8)
    late_days = (expected_at - first.promise_deliver_at) / timedelta(days=1)
    usual = parcel.courier.transit_days_by_tier[first.region.tier]
    slow = (arrive_at - route.pickup_at) / timedelta(days=1) > usual * 1.5
    heat = (not parcel.courier.is_cold_chain and first.region.province in HEAT_WAVE_PROVINCES
            and HEAT_WAVE.holds(route.pickup_at))
    storm_seen = REVIEW_STORM.holds(expected_at) or REVIEW_STORM.holds(first.created_at)
    return Exposure(
        products=tuple(line.product for order in orders for line in order.lines),
        is_trial=first.is_trial,
        is_empty_boosting_parcel=bool(first.boosting_code),
        in_bad_salmon_batch=BAD_SALMON_BATCH.holds(parcel.shipped_at),
        late_days=late_days, damaged=route.damaged, thawed_in_cold_chain=thawed,
        heat_exposed=heat, slow_transit=slow, buyer_saw_review_storm=storm_seen,
    )


def settle_parcel(rand: random.Random, parcel: Parcel, shipment: Shipment,
                  log: FulfilmentLog) -> None:
    first = shipment.orders[0]
    route, thawed = build_route(rand, parcel, first)
    events, arrive_at = tracking.transit_events(rand, parcel, route)
    exposure = exposure_of(parcel, shipment, route, thawed, arrive_at)
    parcel.late_days = exposure.late_days
    roll = rand.random()
    cause, fired = draw_cause(rand, exposure)
    if roll < LOST_RATE:
        parcel.fate = "lost"
        parcel.events = tracking.lost_events(rand, events, route)
        parcel.settled_at = parcel.events[-1].at
        return
    if roll < LOST_RATE + RETURNED_UNDELIVERED_RATE:
        kind = rand.choice(tracking.RETURN_KINDS)
        route.door_delivery = kind != "locker_timeout"
        out_event, out_at = tracking.delivery_start(rand, parcel, route, arrive_at)
        parcel.fate = "returned_undelivered"
        parcel.events = [*events, out_event, *tracking.exception_events(rand, route, out_at, kind)]
        parcel.settled_at = parcel.events[-1].at
        return
    if cause:
        route.door_delivery = True
    out_event, out_at = tracking.delivery_start(rand, parcel, route, arrive_at)
    events.append(out_event)
    if cause:
        parcel.fate, parcel.cause = "refused", cause
        for order in shipment.orders:
            log.fired_mechanisms[order.order_id] = fired
        refusal = tracking.refusal_events(rand, route, out_at, refusal_text(rand, cause, fired))
        parcel.events = [*events, *refusal]
        parcel.refused_at = next(event.at for event in refusal if event.kind == "refused")
        parcel.settled_at = refusal[-1].at
        return
    parcel.events = [*events, *tracking.signed_events(rand, parcel, route, out_at)]
    parcel.settled_at = parcel.events[-1].at


def reuse_number(rand: random.Random, parcels: list[Parcel], ship_at: datetime) -> Parcel | None:
    candidates = [parcel for parcel in parcels[-400:]
                  if timedelta(days=2) < ship_at - parcel.shipped_at < timedelta(days=20)]
    return rand.choice(candidates) if candidates else None


def ship_with_reused_number(order: Order, source: Parcel, ship_at: datetime) -> None:
    order.shipped_at, order.tracking_no, order.courier = ship_at, source.tracking_no, source.courier
    order.is_fake_shipping = True


def fulfil(seed: int, orders: list[Order]) -> FulfilmentLog:
    """Decide payment, shipping and parcel fates; fills the orders in place."""
    rand = stream(seed, "fulfilment")
    log = FulfilmentLog()
    parcels: list[Parcel] = []
    taken: set[str] = set()
    for shipment in plan_shipments(rand, orders, log):
        first = shipment.orders[0]
        ship_at = shipment.ship_at
        if ship_at > FINAL_EXPORT_AT:
            continue
        assert first.promise_ship_at is not None
        boosting_mode = ""
        if first.boosting_code:
            boosting_mode = rand.choices(list(BOOSTING_FULFILMENT),
                                         weights=list(BOOSTING_FULFILMENT.values()))[0]
        is_late = ship_at > first.promise_ship_at
        reuse_when_late = is_late and len(shipment.orders) == 1 and not first.is_trial and (
            not first.boosting_code and rand.random() < REUSE_WHEN_LATE_RATE)
        if boosting_mode == "reused_number" or reuse_when_late:
            if reuse_when_late:
                ship_at = first.promise_ship_at - timedelta(minutes=rand.randint(5, 120))
            source = reuse_number(rand, parcels, ship_at)
            if source is not None:
                ship_with_reused_number(first, source, ship_at)
                if reuse_when_late:
                    log.reused_by_genuine_orders.append(first)
                continue
        courier = pick_courier(rand, shipment)
        parcel = Parcel(new_tracking_no(rand, courier, taken), courier, ship_at)
        if boosting_mode == "fake_track":
            route, _ = build_route(rand, parcel, first)
            parcel.events = tracking.fake_track(rand, parcel, route)
            parcel.fate, parcel.settled_at = "fake_shipping", parcel.events[-1].at
            first.is_fake_shipping = True
            log.fake_tracks.append(first)
        else:
            settle_parcel(rand, parcel, shipment, log)
        parcels.append(parcel)
        for order in shipment.orders:
            order.shipped_at, order.tracking_no = ship_at, parcel.tracking_no
            order.courier, order.parcel = courier, parcel
            assert order.promise_ship_at is not None
            if ship_at > order.promise_ship_at:
                log.late_shipped.append(order)
    return log
