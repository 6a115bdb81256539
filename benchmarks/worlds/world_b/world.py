"""Builds world B for a seed and writes its exports and labels."""

from __future__ import annotations

import csv
import random
from collections import Counter
from pathlib import Path

from .aftermath import settle
from .buyers import BuyerFactory
from .catalog import load_catalog
from .export_misc import export_after_sales, export_penalties, export_reviews, export_store_scores
from .export_orders import export_orders
from .export_tracking import export_tracking
from .model import World
from .orders import choose_plan, generate_orders
from .penalties import issue_penalties
from .reviews import store_scores
from .simulate import Simulation
from .status import truth
from .timeline import build_timeline
from .vocab import Vocab


def stream(seed: int, name: str) -> random.Random:
    """An independent random stream per concern, so one change does not reshuffle the rest."""
    return random.Random(f"world_b:{seed}:{name}")


def build_world(seed: int, total_orders: int, weeks: int) -> World:
    vocab = Vocab.load()
    timeline = build_timeline(weeks, stream(seed, "timeline"))
    catalog = load_catalog(vocab, stream(seed, "catalog"))
    plan = choose_plan(catalog, timeline, stream(seed, "plan"))
    buyers = BuyerFactory(vocab, catalog.regions, stream(seed, "buyers"))
    orders = generate_orders(
        total_orders, timeline, catalog, buyers, vocab, plan, stream(seed, "orders")
    )
    simulation = Simulation(timeline, catalog, plan, vocab, stream(seed, "simulation"))
    simulation.run(orders)
    settle(orders, vocab, timeline, stream(seed, "aftermath"))
    reviews = sorted(simulation.reviews, key=lambda review: review.at)
    reviews = [review for review in reviews if review.at <= timeline.end]
    penalties = issue_penalties(orders, timeline.end, vocab, stream(seed, "penalties"))
    return World(
        seed=seed,
        start=timeline.start,
        end=timeline.end,
        export_times=timeline.export_times,
        products=catalog.products,
        couriers=catalog.couriers,
        orders=orders,
        parcels=simulation.parcels,
        reviews=reviews,
        penalties=penalties,
        store_scores=store_scores(reviews, timeline),
        windows={"plan": plan, **timeline.windows},
    )


def write_world(world: World, out: Path, optional: bool) -> dict:
    vocab = Vocab.load()
    names = vocab.get("files")
    exports = out / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    rng = stream(world.seed, "exports")
    files: dict[str, list[Path]] = {}
    exported_ids: set[str] = set()

    orders_files = export_orders(world, exports, names["orders"], rng)
    files["orders"] = [path for path, _ in orders_files]
    for _, ids in orders_files:
        exported_ids |= ids
    tracking_names = {key: names[key] for key in ("tracking_k100", "tracking_kdn")}
    files["logistics"] = export_tracking(world, exports, tracking_names, rng)
    if optional:
        for kind, exporter in (
            ("after_sales", export_after_sales),
            ("reviews", export_reviews),
            ("penalties", export_penalties),
        ):
            written = exporter(world, exports, names[kind], rng)
            files[kind] = [path for path, _ in written]
            for _, ids in written:
                exported_ids |= ids
        files["store_scores"] = export_store_scores(world, exports, names["store_scores"], rng)

    labels = write_labels(world, out / "labels.csv", exported_ids)
    outcomes = Counter(outcome for outcome, _ in labels.values())
    causes = Counter(cause for outcome, cause in labels.values() if outcome == "refused")
    return {
        "files": {kind: len(paths) for kind, paths in files.items()},
        "orders_labelled": len(labels),
        "outcomes": dict(sorted(outcomes.items())),
        "refusal_causes": dict(sorted(causes.items())),
    }


def write_labels(world: World, path: Path, exported_ids: set[str]) -> dict[str, tuple[str, str]]:
    labels = {}
    for order in world.orders:
        if order.order_id in exported_ids:
            labels[order.order_id] = truth(order, world.end)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["order_id", "outcome", "cause"])
        for order_id in sorted(labels):
            outcome, cause = labels[order_id]
            writer.writerow([order_id, outcome, cause])
    return labels
