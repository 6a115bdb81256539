"""Run world_f: simulate the season for one seed, write the exports and the labels."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .aftersales import open_aftersales
from .causes import CAUSES
from .export_optional import write_after_sales, write_penalties, write_reviews, write_store_scores
from .export_orders import write_orders
from .export_tracking import write_tracking
from .fate import run_parcel, settle_outcome
from .feedback import Review, collect_reviews, daily_store_scores
from .model import Order, Parcel
from .orders import place_orders
from .penalties import Penalty, bill
from .schedule import (
    COMPENSATION_BILLS,
    VIOLATION_RECORDS,
    moment,
    optional_drops,
    orders_drops,
    tracking_drops,
)
from .season import build_season
from .shipping import reuse_tracking_numbers, ship

_BAD_LOT_PULL = 0.1


@dataclass
class World:
    seed: int
    orders: list[Order]
    parcels: list[Parcel]
    reviews: list[Review]
    store_scores: list
    penalties: list[Penalty]


def simulate(seed: int, count: int) -> World:
    def stream(name: str) -> random.Random:
        return random.Random(f"world_f:{seed}:{name}")

    season = build_season(stream("season"))
    orders = place_orders(stream("orders"), season, count)
    parcels = ship(stream("shipping"), season, orders)
    road = stream("road")
    bad_goods: set[str] = set()
    for parcel in parcels:
        pulls = run_parcel(road, season, parcel)
        bad_lot = pulls is not None and pulls.product_quality >= _BAD_LOT_PULL
        if parcel.ending == "delivered" and (bad_lot or parcel.rotten or parcel.damaged):
            bad_goods.add(parcel.tracking_no)
    reuse_tracking_numbers(stream("reuse"), season, parcels)
    open_aftersales(stream("aftersales"), orders, bad_goods)
    reviews = collect_reviews(stream("reviews"), season, orders, bad_goods)
    penalties = bill(stream("penalties"), orders)
    for order in orders:
        settle_outcome(order)
    return World(seed, orders, parcels, reviews, daily_store_scores(reviews), penalties)


def _write_optional(folder: Path, world: World) -> set[str]:
    mentioned: set[str] = set()
    for drop in optional_drops():
        at = moment(drop.week)
        path = folder / drop.name
        if drop.kind == "after_sales":
            mentioned |= write_after_sales(path, at, world.orders, drop.xlsx, drop.encoding)
        elif drop.kind == "reviews":
            mentioned |= write_reviews(path, at, world.reviews, drop.xlsx, drop.encoding)
        else:
            write_store_scores(path, at, world.store_scores)
    for week, since, name in COMPENSATION_BILLS:
        month_end = datetime(since.year + since.month // 12, since.month % 12 + 1, 1)
        until = min(month_end, moment(week))
        mentioned |= write_penalties(folder / name, world.penalties, since, until, violations=False)
    for week, since in VIOLATION_RECORDS:
        name = f"违规记录_{moment(week):%Y%m%d}"
        mentioned |= write_penalties(
            folder / name, world.penalties, since, moment(week), violations=True, xlsx=True
        )
    return mentioned


def write_world(world: World, out: Path) -> dict[str, int]:
    folder = out / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    mentioned: set[str] = set()
    for drop in orders_drops():
        mentioned |= write_orders(folder, drop, world.orders)
    for drop in tracking_drops():
        write_tracking(folder, drop, world.parcels, world.seed)
    mentioned |= _write_optional(folder, world)
    return write_labels(out / "labels.csv", world.orders, mentioned)


def write_labels(path: Path, orders: list[Order], mentioned: set[str]) -> dict[str, int]:
    by_id = {order.order_id: order for order in orders}
    unknown = mentioned - by_id.keys()
    if unknown:
        raise RuntimeError(f"exports mention orders the world never placed: {sorted(unknown)[:3]}")
    counts = dict.fromkeys(CAUSES, 0)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("order_id", "outcome", "cause"))
        for order_id in sorted(mentioned):
            order = by_id[order_id]
            writer.writerow((order_id, order.outcome, order.cause))
            if order.cause:
                counts[order.cause] += 1
    return counts
