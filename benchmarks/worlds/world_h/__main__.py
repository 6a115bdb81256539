"""python -m benchmarks.worlds.world_h --seed 1 --orders 10000 --out DIR"""

from __future__ import annotations

import argparse
from pathlib import Path

from .exports import write_all
from .labels import write_labels
from .world import build_world


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worlds.world_h",
                                     description="Write world_h's exports and labels.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.orders < 100:
        parser.error("--orders must be at least 100")
    world = build_world(args.seed, args.orders)
    args.out.mkdir(parents=True, exist_ok=True)
    write_all(args.out / "exports", world)
    write_labels(args.out / "labels.csv", world)


if __name__ == "__main__":
    main()
