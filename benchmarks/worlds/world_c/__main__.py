"""CLI: python -m benchmarks.worlds.world_c --seed 1 --orders 10000 --out DIR."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from .exports import write_all
from .world import simulate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="world_c", description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.orders < 100:
        parser.error("--orders must be at least 100")
    started = time.perf_counter()
    shop = simulate(args.seed, args.orders)
    written = write_all(shop, args.out, args.seed)
    outcomes = Counter(o.outcome for o in shop.orders)
    causes = Counter(o.cause for o in shop.orders if o.outcome == "refused")
    for kind, names in written.items():
        print(f"{kind}: {len(names)} files")
    print("outcomes:", dict(sorted(outcomes.items())))
    print("refusals by cause:", dict(sorted(causes.items())))
    print(f"written to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
