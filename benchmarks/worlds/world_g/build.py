"""Simulate the shop for one seed and write its exports and labels."""

from __future__ import annotations

import csv
import random
from collections import Counter
from datetime import date
from pathlib import Path

from .aftersales import settle
from .dates import CUTOFF
from .exports.optional_exports import (
    write_after_sales,
    write_penalties,
    write_reviews,
    write_store_scores,
)
from .exports.orders_export import write_orders
from .exports.tracking_export import write_kuaidi100, write_kuaidiniao
from .fulfilment import reuse_numbers, ship
from .ids import Numbers
from .journey import travel
from .labels import outcome
from .model import Order, Parcel
from .orders import place_orders
from .penalties import bill
from .reviews import store_scores
from .reviews import write_reviews as review_orders
from .schedule import after_sales_drops, order_drops, review_drops, tracking_drops

UNCODED_EVENT_SHARE = 0.02  # events the aggregator passes on without any status code


def simulate(seed: int, count: int) -> tuple[list[Order], list[Parcel]]:
    def stream(name: str) -> random.Random:
        return random.Random(f"world_g:{seed}:{name}")

    numbers = Numbers(stream("numbers"))
    orders, merged = place_orders(stream("orders"), numbers, count)
    parcels = ship(stream("shipping"), numbers, orders, merged)
    road = stream("road")
    for parcel in parcels:
        travel(road, parcel)
    parcels += reuse_numbers(stream("reuse"), orders, parcels)
    noise = stream("noise")
    for parcel in parcels:
        for event in parcel.events:
            if not event.kind.startswith("refused") and noise.random() < UNCODED_EVENT_SHARE:
                event.codes_missing = True
    settle(stream("after_sales"), numbers, orders)
    review_orders(stream("reviews"), orders)
    bill(stream("bills"), orders)
    return orders, parcels


def write_exports(seed: int, orders: list[Order], parcels: list[Parcel], folder: Path) -> set[str]:
    folder.mkdir(parents=True, exist_ok=True)
    dressing = random.Random(f"world_g:{seed}:dressing")
    mentioned: set[str] = set()
    for drop in order_drops():
        mentioned |= write_orders(folder, drop, orders, dressing)
    for drop in tracking_drops():
        if drop.kind == "kuaidi100":
            write_kuaidi100(folder, drop, parcels, dressing)
        else:
            write_kuaidiniao(folder, drop, parcels, dressing)
    for drop in after_sales_drops():
        mentioned |= write_after_sales(folder, drop, orders)
    for drop in review_drops():
        mentioned |= write_reviews(folder, drop, orders)
    write_store_scores(folder, store_scores(orders, date(2026, 7, 1), date(2026, 11, 8)))
    mentioned |= write_penalties(folder, orders)
    return mentioned


def write_labels(path: Path, orders: list[Order], mentioned: set[str]) -> Counter:
    tally: Counter = Counter()
    rows = []
    for order in orders:
        if order.order_id not in mentioned:
            continue
        result, cause = outcome(order, CUTOFF)
        tally[(result, cause)] += 1
        rows.append((order.order_id, result, cause))
    rows.sort()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("order_id", "outcome", "cause"))
        writer.writerows(rows)
    return tally


def run(seed: int, count: int, out: Path) -> Counter:
    orders, parcels = simulate(seed, count)
    mentioned = write_exports(seed, orders, parcels, out / "exports")
    return write_labels(out / "labels.csv", orders, mentioned)
