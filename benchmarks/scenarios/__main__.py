"""Write one scenario family's export folder (with `labels/`), to look at or to evaluate:

    .venv/bin/python -m benchmarks.scenarios --family other_wording --seed 1 --out /tmp/ow
    .venv/bin/refusals evaluate --input /tmp/ow --labels /tmp/ow/labels/labels.csv
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchmarks.scenarios import FAMILIES_BY_NAME, build
from benchmarks.scenarios.spread import generate_base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scenarios",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--family", choices=sorted(FAMILIES_BY_NAME), required=True)
    parser.add_argument("--out", type=Path, required=True, help="new folder to write")
    parser.add_argument("--orders", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.out.exists():
        print(f"error: {args.out} exists; give a new folder", file=sys.stderr)
        return 2
    family = FAMILIES_BY_NAME[args.family]
    with tempfile.TemporaryDirectory(prefix="scenario-base-") as scratch:
        base = Path(scratch) / "exports"
        generate_base(family, base, args.orders, args.seed)
        build(family, base, args.out, args.seed)
    print(f"Wrote {family.name} ({family.description}) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
