"""Command line: python -m benchmarks.worlds.world_e --seed 1 --orders 10000 --out DIR"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

from .exports import write_exports
from .simulate import simulate

OUTCOMES = (
    "refused",
    "delivered",
    "returned_undelivered",
    "in_transit",
    "cancelled",
    "not_shipped",
    "fake_shipping",
)


def write_labels(world, mentioned: set[str], path: Path) -> Counter:
    counts: Counter = Counter()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["order_id", "outcome", "cause"])
        for order in sorted(
            (o for o in world.orders if o.order_id in mentioned), key=lambda o: o.order_id
        ):
            assert order.outcome in OUTCOMES, order.outcome
            writer.writerow(
                [order.order_id, order.outcome, order.cause if order.outcome == "refused" else ""]
            )
            counts[(order.outcome, order.cause)] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.worlds.world_e", description=__doc__
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--orders", type=int, default=10_000, help="orders the season holds (default 10000)"
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="folder for exports/ and labels.csv"
    )
    args = parser.parse_args(argv)
    if args.orders < 500:
        parser.error("--orders must be at least 500 (the season's campaigns need room)")
    started = time.perf_counter()
    world = simulate(args.seed, args.orders)
    written, mentioned = write_exports(world, args.out / "exports")
    counts = write_labels(world, mentioned, args.out / "labels.csv")
    elapsed = time.perf_counter() - started
    print(
        f"world_e seed={args.seed} orders={len(mentioned)} files={len(written)} "
        f"in {elapsed:.1f}s -> {args.out}"
    )
    for (outcome, cause), count in sorted(counts.items()):
        print(f"  {outcome:22s} {cause or '':16s} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
