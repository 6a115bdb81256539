"""Command line: python -m benchmarks.worlds.world_a --seed 1 --orders 10000 --out DIR."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from random import Random

from .exports import Exporter
from .labels import write_labels
from .world import build_world


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.worlds.world_a", description=__doc__
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--optional", choices=("all", "none"), default="all")
    parser.add_argument("--weeks", type=int, default=6)
    args = parser.parse_args(argv)
    if args.orders < 100 or not 2 <= args.weeks <= 12:
        parser.error("--orders must be at least 100 and --weeks between 2 and 12")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    built = build_world(args.seed, args.orders, args.weeks)
    folder = args.out / "exports"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    exporter = Exporter(
        built.world,
        built.calendar,
        built.catalog,
        Random(args.seed * 7919 + 1),
        folder,
        optional=args.optional == "all",
    )
    log = exporter.run()
    counts = write_labels(
        args.out / "labels.csv",
        built.world.orders,
        log.order_ids,
        built.calendar.end,
        log.refusal_states_seen,
    )
    report(built, log, counts, time.perf_counter() - started)
    return 0


def report(built, log, counts: Counter, seconds: float) -> None:
    calendar = built.calendar
    print(f"world A: {calendar.first_day} → {calendar.end:%Y-%m-%d %H:%M}, {seconds:.1f} s")
    for name, line in built.world.summary.items():
        print(f"  {name:<13} {line}")
    kinds = Counter(kind for _, kind, _ in log.files)
    rows = Counter()
    for _, kind, count in log.files:
        rows[kind] += count
    print("files: " + ", ".join(f"{kind} {kinds[kind]} ({rows[kind]} rows)" for kind in kinds))
    outcomes = Counter()
    for (outcome, _), count in counts.items():
        outcomes[outcome] += count
    print("outcomes: " + ", ".join(f"{name} {count}" for name, count in outcomes.most_common()))
    causes = {cause: count for (outcome, cause), count in counts.items() if outcome == "refused"}
    print("refused by cause: " + ", ".join(f"{c} {n}" for c, n in sorted(causes.items())))


if __name__ == "__main__":
    raise SystemExit(main())
