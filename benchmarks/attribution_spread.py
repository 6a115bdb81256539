"""Attribution quality across generator settings, so that rules are not tuned to one sample.

Generates exports for every profile × seed, runs the real pipeline on each, and prints detection
F1 and attribution macro-F1 per setting with the spread.

    .venv/bin/python benchmarks/attribution_spread.py --orders 3000 --seeds 1 2 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from pipelines import evaluate
from pipelines.sample import PROFILES, generate_sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=3000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--profiles", nargs="+", default=sorted(PROFILES))
    args = parser.parse_args()
    detection, macro = [], []
    print(f"{'profile':<16} {'seed':>4} {'refusals':>8} {'detect F1':>9} {'macro F1':>9} "
          f"{'accuracy':>9}")
    for profile in args.profiles:
        for seed in args.seeds:
            with tempfile.TemporaryDirectory() as scratch:
                folder = Path(scratch) / "exports"
                generate_sample(folder, orders=args.orders, seed=seed, profile=profile)
                report = evaluate.evaluate_folder(folder, folder / "labels" / "labels.csv")
            detection.append(report.detection.f1)
            macro.append(report.attribution_macro_f1)
            print(f"{profile:<16} {seed:>4} {report.true_refusals:>8} "
                  f"{report.detection.f1:>9.4f} {report.attribution_macro_f1:>9.4f} "
                  f"{report.attribution_accuracy:>9.4f}")
    print(f"detection F1: min {min(detection):.4f}  median {statistics.median(detection):.4f}"
          f"  max {max(detection):.4f}")
    print(f"macro-F1:     min {min(macro):.4f}  median {statistics.median(macro):.4f}"
          f"  max {max(macro):.4f}")


if __name__ == "__main__":
    main()
