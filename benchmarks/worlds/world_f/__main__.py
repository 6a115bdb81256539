"""``python -m benchmarks.worlds.world_f --seed N --orders N --out DIR``"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .world import simulate, write_world


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.worlds.world_f",
        description="Write world_f's exports and labels.",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.orders < 100:
        parser.error("--orders must be at least 100")
    started = time.perf_counter()
    world = simulate(args.seed, args.orders)
    refusals = write_world(world, args.out)
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{cause} {count}" for cause, count in refusals.items())
    print(
        f"world_f seed {args.seed}: {len(world.orders)} orders, refusals: {summary} "
        f"({elapsed:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
