"""Command line: python -m benchmarks.worlds.world_b --seed 1 --orders 10000 --out DIR."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from .world import build_world, write_world


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.worlds.world_b",
        description="Write world B: a Pinduoduo shop's weekly exports and the truth about them.",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=10000, help="orders in the whole span")
    parser.add_argument(
        "--out", type=Path, required=True, help="folder for exports/ and labels.csv"
    )
    parser.add_argument("--optional", choices=("all", "none"), default="all")
    parser.add_argument("--weeks", type=int, default=5, help="simulated weeks, ending 2026-11-29")
    args = parser.parse_args(argv)
    if args.orders < 200:
        parser.error("--orders must be at least 200")
    if not 1 <= args.weeks <= 26:
        parser.error("--weeks must be between 1 and 26")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    world = build_world(args.seed, args.orders, args.weeks)
    exports = args.out / "exports"
    if exports.exists():
        shutil.rmtree(exports)
    summary = write_world(world, args.out, optional=args.optional == "all")
    summary["seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
