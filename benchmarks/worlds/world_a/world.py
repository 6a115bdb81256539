"""Building the world for a seed: calendar, catalog, episodes, orders, and their whole lives."""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from .catalog import Catalog
from .episodes import Episodes, describe, schedule
from .lifecycle import Shop
from .model import World
from .orders import OrderDesk, place_orders
from .params import DAY, RATES, Calendar, build_calendar
from .penalties import bill_penalties
from .reviews import store_scores
from .vocab import load_vocab


@dataclass
class Built:
    world: World
    calendar: Calendar
    catalog: Catalog
    episodes: Episodes


def build_world(seed: int, orders: int, weeks: int) -> Built:
    rng = Random(seed)
    calendar = build_calendar(weeks, rng)
    catalog = Catalog(load_vocab(), rng)
    episodes = schedule(calendar, catalog, orders, rng)
    placed = place_orders(OrderDesk(catalog, episodes, calendar, RATES, rng), orders)
    shop = Shop(calendar, catalog, episodes, RATES, rng)
    shop.run(placed, orders)
    defaults = [
        order.confirm_at + 7 * DAY
        for order in placed
        if order.kind == "real"
        and order.parcel is not None
        and order.parcel.outcome == "delivered"
        and order.confirm_at is not None
        and order.order_id not in shop.book.reviewed
    ]
    world = World(
        orders=placed,
        parcels=shop.parcels,
        aftersales=shop.desk.records,
        reviews=shop.book.reviews,
        penalties=bill_penalties(placed, RATES, catalog.vocab, rng),
        store_scores=store_scores(
            shop.book.reviews, defaults, calendar.first_day, calendar.last_day
        ),
        summary=describe(episodes),
    )
    return Built(world, calendar, catalog, episodes)
