"""python -m benchmarks.worlds.world_g --seed 1 --orders 10000 --out DIR"""

from __future__ import annotations

import argparse
from pathlib import Path

from .build import run


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.worlds.world_g",
        description="顺德 small-appliance and bulky-goods shop",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.orders < 100:
        parser.error("--orders must be at least 100")
    tally = run(args.seed, args.orders, args.out)
    for (result, cause), count in sorted(tally.items()):
        print(f"{result:22s} {cause:16s} {count}")


if __name__ == "__main__":
    main()
