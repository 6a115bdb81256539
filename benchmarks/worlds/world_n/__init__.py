"""world_n: a simulated Pinduoduo toy shop in 汕头澄海, May–September 2026.

Writes a folder of weekly merchant exports and the truth about every order in them; see README.md.
Run as ``python -m benchmarks.worlds.world_n --seed 1 --orders 10000 --out DIR``.
"""

from __future__ import annotations

from pathlib import Path

from .exports import write_all, write_labels
from .simulate import simulate

OUTCOMES = (
    "refused",
    "delivered",
    "returned_undelivered",
    "intercepted",
    "in_transit",
    "lost",
    "fake_shipping",
    "not_shipped",
    "cancelled",
    "unpaid",
    "awaiting_shipment",
)
CAUSES = ("product_quality", "logistics", "reviews", "rule_violation")


def generate(out: Path, *, seed: int, orders: int) -> None:
    """Write ``out/exports/`` and ``out/labels.csv``."""
    world = simulate(seed, orders)
    write_all(world, out / "exports", seed)
    write_labels(world, out / "labels.csv")
