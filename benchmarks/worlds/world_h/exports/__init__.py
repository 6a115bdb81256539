"""Every download the merchant made over the season, written flat into one folder."""

from __future__ import annotations

from pathlib import Path

from ..model import World
from . import order_files, record_files, tracking_files


def write_all(folder: Path, world: World) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return (order_files.write(folder, world.orders)
            + tracking_files.write(folder, world.orders, world.parcels)
            + record_files.write_after_sales(folder, world.after_sales)
            + record_files.write_reviews(folder, world.reviews)
            + record_files.write_store_scores(folder, world.store_scores)
            + record_files.write_penalties(folder, world.penalties))
