"""labels.csv: the ground truth, one row per order named in any export."""

import csv
import io
from pathlib import Path

from .simulate import World

OUTCOMES = (
    "delivered",
    "refused",
    "returned_undelivered",
    "lost",
    "cancelled",
    "refunded",
    "in_transit",
    "not_shipped",
)


def label_rows(world: World) -> list[tuple[str, str, str]]:
    return sorted((order.order_id, order.outcome, order.cause) for order in world.orders)


def write_labels(world: World, path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("order_id", "outcome", "cause"))
    writer.writerows(label_rows(world))
    Path(path).write_bytes(buffer.getvalue().encode("utf-8"))
