"""Scoring the pipeline against a labels file (``labels.csv`` as ``refusals sample`` writes it):
refusal detection precision/recall/F1, and attribution confusion matrix with per-cause and macro F1
over the orders that are refused both in truth and in the pipeline's answer."""

from __future__ import annotations

import csv
import json
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from pipelines import pipeline, warehouse
from pipelines.causes import CAUSE_CODES
from pipelines.errors import InputFileError


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class EvaluationReport:
    labelled_orders: int
    true_refusals: int
    found_refusals: int
    detection: Scores
    attribution_per_cause: dict[str, Scores]
    attribution_macro_f1: float
    attribution_accuracy: float
    #: confusion[true cause][predicted cause] = orders
    confusion: dict[str, dict[str, int]]


def _scores(true_positive: int, predicted: int, actual: int) -> Scores:
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(round(precision, 4), round(recall, 4), round(f1, 4))


def read_labels(path: Path) -> dict[str, str | None]:
    """order_id → true cause for refused orders, ``None`` for every other labelled order."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return {
                row["order_id"]: (row["cause"] or None) if row["outcome"] == "refused" else None
                for row in csv.DictReader(handle)
            }
    except (OSError, KeyError) as error:
        raise InputFileError(
            path,
            f"is not a labels file with order_id, outcome, cause ({error})",
            "pass the labels.csv written by `refusals sample`",
        ) from None


def score(labels: dict[str, str | None], predicted: dict[str, str]) -> EvaluationReport:
    """Compare predictions (order_id → cause, refused orders only) with the labels."""
    true_refused = {order for order, cause in labels.items() if cause}
    found = set(predicted) & set(labels)
    detection = _scores(len(true_refused & found), len(found), len(true_refused))
    both = sorted(true_refused & found)
    confusion = {truth: dict.fromkeys(CAUSE_CODES, 0) for truth in CAUSE_CODES}
    for order in both:
        confusion[labels[order]][predicted[order]] += 1
    per_cause = {
        cause: _scores(
            confusion[cause][cause],
            sum(confusion[truth][cause] for truth in CAUSE_CODES),
            sum(confusion[cause].values()),
        )
        for cause in CAUSE_CODES
    }
    correct = sum(confusion[cause][cause] for cause in CAUSE_CODES)
    return EvaluationReport(
        labelled_orders=len(labels),
        true_refusals=len(true_refused),
        found_refusals=len(found),
        detection=detection,
        attribution_per_cause=per_cause,
        attribution_macro_f1=round(sum(s.f1 for s in per_cause.values()) / len(per_cause), 4),
        attribution_accuracy=round(correct / len(both), 4) if both else 0.0,
        confusion=confusion,
    )


def evaluate_folder(input_dir: Path, labels_path: Path) -> EvaluationReport:
    """Attribute the folder in a throw-away warehouse and score the result."""
    labels = read_labels(labels_path)
    with (
        tempfile.TemporaryDirectory(prefix="refusals-eval-") as scratch,
        warehouse.connect(Path(scratch) / "warehouse.duckdb") as con,
    ):
        pipeline.load_and_build(con, input_dir)
        rows = con.execute("select order_id, cause from marts.fct_refusals").fetchall()
    return score(labels, dict(rows))


def format_report(report: EvaluationReport) -> str:
    width = max(len(cause) for cause in CAUSE_CODES)
    lines = [
        f"labelled orders {report.labelled_orders}, true refusals {report.true_refusals}, "
        f"found {report.found_refusals}",
        f"detection  precision {report.detection.precision:.4f}  recall "
        f"{report.detection.recall:.4f}  F1 {report.detection.f1:.4f}",
        f"attribution macro-F1 {report.attribution_macro_f1:.4f}  accuracy "
        f"{report.attribution_accuracy:.4f}",
        "",
        "confusion (rows: true cause, columns: predicted)",
        " " * (width + 2) + "  ".join(f"{cause[:8]:>8}" for cause in CAUSE_CODES),
    ]
    for truth in CAUSE_CODES:
        cells = "  ".join(f"{report.confusion[truth][cause]:>8}" for cause in CAUSE_CODES)
        lines.append(f"{truth:<{width}}  {cells}")
    lines.append("")
    for cause, scores in report.attribution_per_cause.items():
        lines.append(
            f"{cause:<{width}}  precision {scores.precision:.4f}  recall "
            f"{scores.recall:.4f}  F1 {scores.f1:.4f}"
        )
    return "\n".join(lines)


def write_json(report: EvaluationReport, path: Path) -> None:
    path.write_text(json.dumps(asdict(report), ensure_ascii=False, indent=2), encoding="utf-8")
