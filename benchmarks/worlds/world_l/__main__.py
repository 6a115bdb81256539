"""python -m benchmarks.worlds.world_l --seed 1 --orders 10000 --out DIR"""

import argparse
import sys
from pathlib import Path

from .world import build_world, write_world


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.worlds.world_l", description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    world = build_world(args.seed, args.orders)
    write_world(world, args.out)
    refused = sum(order.outcome == "refused" for order in world.orders)
    print(f"world_l seed={args.seed}: {len(world.orders)} orders, {refused} refused -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
