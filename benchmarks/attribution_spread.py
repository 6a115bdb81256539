"""Attribution quality per scenario family, judged by the weakest case.

For every seed, generates the exports once per generator profile, builds each scenario family
from them (`benchmarks/scenarios/`: other wording, less evidence, fewer exports, other shops),
runs the real pipeline on each folder through `pipelines.evaluate.evaluate_folder`, and prints
one row per family. Every figure is the minimum across seeds.

    .venv/bin/python benchmarks/attribution_spread.py --orders 3000 --seeds 1 2

`baseline` is a smoke test, not a score: the generator writes the very wordings the rules match.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: put the project root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scenarios import Family, spread
from benchmarks.scenarios.families import LABELS
from pipelines import evaluate, pipeline
from pipelines.causes import CAUSE_CODES

_SHORT = {"product_quality": "quality", "logistics": "logist.", "reviews": "reviews",
          "rule_violation": "rules"}


@dataclass(frozen=True)
class Run:
    """One family on one seed."""

    seed: int
    report: evaluate.EvaluationReport
    confident_share: float  # of refusals both true and found, attributed with enough confidence
    confident_accuracy: float  # attribution accuracy among those
    confident_claim: float  # their mean confidence: what the accuracy should be if it is honest


def evaluate_with_confidence(folder: Path, threshold: float, seed: int) -> Run:
    """`evaluate_folder` on the folder, plus each attribution's confidence, read from the same
    warehouse in the same run: `evaluate_folder` returns scores only, so its one build call is
    wrapped to read `marts.fct_refusals` before the throw-away warehouse closes."""
    attributed: dict[str, tuple[str, float]] = {}
    build_models = pipeline.load_and_build

    def load_and_build(con, input_dir, *args, **kwargs):
        summary = build_models(con, input_dir, *args, **kwargs)
        attributed.update((order, (cause, confidence)) for order, cause, confidence in con.execute(
            "select order_id, cause, confidence from marts.fct_refusals").fetchall())
        return summary

    pipeline.load_and_build = load_and_build
    try:
        report = evaluate.evaluate_folder(folder, folder / LABELS)
    finally:
        pipeline.load_and_build = build_models
    if report.found_refusals and not attributed:
        raise RuntimeError("evaluate_folder no longer builds through pipeline.load_and_build; "
                           "the confidences cannot be read")
    labels = evaluate.read_labels(folder / LABELS)
    both = {order: cause_and_confidence for order, cause_and_confidence in attributed.items()
            if labels.get(order)}
    confident = [order for order, (_, confidence) in both.items()
                 if confidence is not None and confidence >= threshold]
    correct = sum(both[order][0] == labels[order] for order in confident)
    return Run(
        seed=seed, report=report,
        confident_share=len(confident) / len(both) if both else 0.0,
        confident_accuracy=correct / len(confident) if confident else 0.0,
        confident_claim=(sum(both[order][1] for order in confident) / len(confident)
                         if confident else 0.0),
    )


def format_table(families: list[Family], runs: dict[str, list[Run]], threshold: float) -> str:
    columns = ["detect F1", "macro-F1", "accuracy", *(f"F1 {_SHORT[c]}" for c in CAUSE_CODES),
               f"conf≥{threshold:g}", "acc|conf", "acc−claim"]
    width = max(len(family.name) for family in families) + 2
    lines = [f"{'family':<{width}} {'refusals':>9}  " + "  ".join(f"{c:>10}" for c in columns)
             + "  macro-F1 by seed"]
    for family in families:
        family_runs = runs[family.name]
        values = [
            [run.report.detection.f1 for run in family_runs],
            [run.report.attribution_macro_f1 for run in family_runs],
            [run.report.attribution_accuracy for run in family_runs],
            *([run.report.attribution_per_cause[c].f1 for run in family_runs]
              for c in CAUSE_CODES),
            [run.confident_share for run in family_runs],
            [run.confident_accuracy for run in family_runs],
            [run.confident_accuracy - run.confident_claim for run in family_runs],
        ]
        refusals = [run.report.true_refusals for run in family_runs]
        counted = f"{min(refusals)}-{max(refusals)}" if len(set(refusals)) > 1 else str(
            refusals[0])
        by_seed = " ".join(f"{run.report.attribution_macro_f1:.3f}" for run in family_runs)
        name = family.name + (" *" if family.smoke_test else "")
        lines.append(f"{name:<{width}} {counted:>9}  "
                     + "  ".join(f"{min(v):>{'+' if column == 'acc−claim' else ''}10.3f}"
                                 for column, v in zip(columns, values, strict=True))
                     + f"  {by_seed}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    spread.add_options(parser)
    parser.add_argument("--confidence", type=float, default=0.6,
                        help="confidence threshold of the last three columns (default 0.6)")
    args = parser.parse_args()
    families = spread.chosen_families(args)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="attribution-spread-") as scratch:
        runs = spread.run_families(
            families, args.orders, args.seeds, Path(scratch),
            lambda folder, seed: evaluate_with_confidence(folder, args.confidence, seed),
            lambda run: f"macro-F1 {run.report.attribution_macro_f1:.3f}")
    print(f"{args.orders} orders, seeds {' '.join(map(str, args.seeds))}; every figure is the "
          "minimum across seeds (refusals: true refusals, min-max)")
    print(format_table(families, runs, args.confidence))
    print(f"* smoke test, not a score: the generator writes the very wordings the rules match.\n"
          f"conf≥{args.confidence:g}: share of refusals (truly refused and found) attributed with "
          f"confidence ≥ {args.confidence:g}; acc|conf: attribution accuracy among them; "
          "acc−claim: that accuracy less their mean confidence (below 0: the confidence promised "
          "more than it delivered).")
    scored = [family for family in families if not family.smoke_test]
    if scored:
        weakest = min(scored, key=lambda family: min(
            run.report.attribution_macro_f1 for run in runs[family.name]))
        lowest = min(run.report.attribution_macro_f1 for run in runs[weakest.name])
        print(f"weakest family: {weakest.name} (macro-F1 {lowest:.3f}: {weakest.description})")
    print(f"wall time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
