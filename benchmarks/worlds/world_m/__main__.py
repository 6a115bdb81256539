"""CLI: python -m benchmarks.worlds.world_m --seed 1 --orders 10000 --out DIR"""

import argparse
import shutil
import sys
from pathlib import Path

from . import labels
from .exports import run
from .sim import world


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="world_m", description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=10000, help="about this many orders (±10%%)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.orders < 500:
        parser.error("--orders must be at least 500 for every mechanism to occur")
    exports = args.out / "exports"
    if exports.exists():
        shutil.rmtree(exports)
    built = world.build(args.seed, args.orders)
    run.write_all(built, exports)
    labels.write(args.out / "labels.csv", built.orders)
    refused = sum(1 for o in built.orders if o.outcome == "refused")
    print(
        f"world_m seed={args.seed}: {len(built.orders)} orders, {refused} refused -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
