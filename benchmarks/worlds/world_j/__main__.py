"""python -m benchmarks.worlds.world_j --seed 1 --orders 10000 --out DIR"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from .exports import write_exports, write_labels
from .simulate import simulate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.worlds.world_j",
        description="Simulate the 广州白云 cosmetics shop and write its weekly exports and labels.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.orders < 100:
        parser.error("--orders must be at least 100")
    season = simulate(args.seed, args.orders)
    exports = args.out / "exports"
    if exports.exists():
        shutil.rmtree(exports)
    write_exports(season, exports, args.seed)
    write_labels(season, args.out / "labels.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
