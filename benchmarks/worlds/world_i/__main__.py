"""Command line: python -m benchmarks.worlds.world_i --seed 1 --orders 10000 --out DIR."""

import argparse
import sys
from collections import Counter
from pathlib import Path

from .world import generate

MIN_ORDERS = 100


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worlds.world_i",
                                     description=__doc__)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--orders", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.orders < MIN_ORDERS:
        parser.error(f"--orders must be at least {MIN_ORDERS}")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    orders = generate(args.seed, args.orders, args.out)
    outcomes = Counter(order.outcome for order in orders)
    causes = Counter(order.cause for order in orders if order.cause)
    print(f"{len(orders)} orders written to {args.out}")
    print("outcomes: " + ", ".join(f"{key}={value}" for key, value in sorted(outcomes.items())))
    print("refusal causes: " + ", ".join(f"{key}={value}" for key, value in sorted(causes.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
