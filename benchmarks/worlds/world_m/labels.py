"""labels.csv: the true outcome of every order, and the cause of every refusal."""

import csv
from pathlib import Path

from .models import Order


def write(path: Path, orders: list[Order]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("order_id", "outcome", "cause"))
        for order in orders:
            writer.writerow((order.order_id, order.outcome, order.cause))
