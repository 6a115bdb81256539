"""``python -m benchmarks.worlds.world_k --seed N --orders N --out DIR``: exports and labels."""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
from pathlib import Path

from .exports import write_all
from .world import simulate

OUTCOMES = (
    "refused",
    "delivered",
    "returned_undelivered",
    "in_transit",
    "cancelled",
    "not_shipped",
    "fake_shipping",
    "lost",
    "refunded",
)


def write_labels(shop, path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("order_id", "outcome", "cause"))
    for order in sorted(shop.orders, key=lambda o: o.oid):
        if order.outcome not in OUTCOMES:
            raise AssertionError(f"order {order.oid} has no outcome ({order.outcome!r})")
        writer.writerow(
            (order.oid, order.outcome, order.cause if order.outcome == "refused" else "")
        )
    path.write_text(buffer.getvalue(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.worlds.world_k", description=__doc__
    )
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--orders", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.orders < 100:
        parser.error("--orders must be at least 100")
    shop = simulate(args.seed, args.orders)
    exports = args.out / "exports"
    if exports.exists():
        shutil.rmtree(exports)
    write_all(shop, exports, args.seed)
    write_labels(shop, args.out / "labels.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
