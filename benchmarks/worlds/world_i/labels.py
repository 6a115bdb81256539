"""The ground truth file: one row per order, its final outcome and, for refusals, the cause."""

import csv
from pathlib import Path

from .model import Order

LABELS_HEADER = ("order_id", "outcome", "cause")


def write_labels(orders: list[Order], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(LABELS_HEADER)
        for order in sorted(orders, key=lambda item: item.order_id):
            writer.writerow([order.order_id, order.outcome, order.cause])
