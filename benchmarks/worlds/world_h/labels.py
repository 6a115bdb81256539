"""The truth file: one row per order, sorted by order id."""

from __future__ import annotations

from pathlib import Path

from .exports.files import write_csv
from .model import World


def write_labels(path: Path, world: World) -> None:
    rows = sorted([o.order_id, o.outcome, o.cause] for o in world.orders)
    write_csv(path, ["order_id", "outcome", "cause"], rows, "utf-8")
