"""Command line: python -m benchmarks.worlds.world_d --seed 1 --orders 10000 --out DIR."""

from __future__ import annotations

import argparse
import shutil
import time
from collections import Counter
from pathlib import Path

from .exports import write_all
from .shop import load_vocab
from .simulate import simulate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="world_d", description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    if (args.out / "exports").exists():
        shutil.rmtree(args.out / "exports")
    args.out.mkdir(parents=True, exist_ok=True)
    world = simulate(args.seed, args.orders, load_vocab())
    summary = write_all(world, args.out, args.seed)
    outcomes = Counter(row[1] for row in summary["labels"])
    causes = Counter(row[2] for row in summary["labels"] if row[2])
    print(f"files per kind: {dict(sorted(summary['files'].items()))}")
    print(f"labelled orders: {len(summary['labels'])}; outcomes: {dict(outcomes.most_common())}")
    print(f"refusals per cause: {dict(causes.most_common())}")
    print(f"wrote {args.out} in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
