"""python -m benchmarks.worlds.world_n --seed 1 --orders 10000 --out DIR"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from . import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.worlds.world_n",
        description="Write a simulated toy shop's weekly exports and their labels.",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.orders < 200:
        parser.error("--orders must be at least 200")
    exports = args.out / "exports"
    if exports.exists():
        shutil.rmtree(exports)
    args.out.mkdir(parents=True, exist_ok=True)
    generate(args.out, seed=args.seed, orders=args.orders)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
