"""Run the season: orders, packing, delivery, after-sales, reviews, bills — in that order, each
part with its own random stream."""

from __future__ import annotations

import random
from datetime import timedelta

from . import aftersales, feedback, penalties
from .catalog import build_catalog
from .chance import coin, stream
from .delivery import deliver
from .model import Order, Parcel, World
from .orders import OrderFactory, all_orders
from .packing import pack
from .status import outcome

#: a reused number comes from a parcel finished at least two days before, at most six weeks old
REUSE_MIN_AGE = timedelta(days=2)
REUSE_MAX_AGE = timedelta(days=42)
REUSE_FROM_REFUSED = 0.3


def _assign_reused_numbers(rng: random.Random, orders: list[Order], parcels: list[Parcel]) -> None:
    """Give each 虚假发货 order the number of an earlier, finished parcel of the shop's own (a
    refused one now and then), at most two orders per number."""
    finished = [p for p in parcels
                if p.origin == "hangzhou" and p.events and p.courier.kuaidi100_from]
    uses: dict[str, int] = {}
    for order in sorted((o for o in orders if o.reused_number and o.ship_at is not None),
                        key=lambda o: (o.ship_at, o.order_id)):
        assert order.ship_at is not None
        candidates = [p for p in finished
                      if p.events[-1].at <= order.ship_at - REUSE_MIN_AGE
                      and p.ship_at >= order.ship_at - REUSE_MAX_AGE
                      and uses.get(p.tracking_no, 0) < 2]
        refused = [p for p in candidates if p.ending == "refused"]
        source = rng.choice(refused if refused and coin(rng, REUSE_FROM_REFUSED) else candidates)
        uses[source.tracking_no] = uses.get(source.tracking_no, 0) + 1
        order.tracking_no, order.courier = source.tracking_no, source.courier


def build_world(seed: int, count: int) -> World:
    catalog = build_catalog(stream(seed, "catalog"))
    orders = all_orders(OrderFactory(stream(seed, "orders"), catalog), count)
    parcels = pack(stream(seed, "packing"), orders)
    delivery_rng = stream(seed, "delivery")
    for parcel in parcels:
        deliver(delivery_rng, parcel)
    confirm_rng = stream(seed, "confirm")
    for parcel in parcels:
        if parcel.ending == "signed" and parcel.ending_at is not None:
            for order in parcel.orders:
                order.confirmed_at = parcel.ending_at + timedelta(days=confirm_rng.uniform(0.2, 10))
    _assign_reused_numbers(stream(seed, "reuse"), orders, parcels)
    records = aftersales.build(stream(seed, "after_sales"), orders, parcels)
    for order in orders:
        order.outcome = outcome(order)
        order.cause = order.parcel.cause if order.outcome == "refused" and order.parcel else ""
    reviews = feedback.build_reviews(stream(seed, "reviews"), orders)
    scores = feedback.build_store_scores(orders, reviews)
    bills = penalties.build(stream(seed, "penalties"), orders)
    return World(orders, parcels, records, reviews, bills, scores)
