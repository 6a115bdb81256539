"""Run the whole simulation and write the exports and the labels."""

from pathlib import Path

from .aftermath import conclude
from .export_optional import write_optional_exports
from .export_orders import write_orders_exports
from .export_tracking import write_tracking_exports
from .fulfilment import fulfil
from .labels import write_labels
from .model import Order
from .orders import create_orders


def simulate(seed: int, order_count: int) -> list[Order]:
    orders = create_orders(seed, order_count)
    log = fulfil(seed, orders)
    conclude(seed, orders, log)
    return orders


def generate(seed: int, order_count: int, out: Path) -> list[Order]:
    """Write `out/exports/` and `out/labels.csv`; returns the simulated orders."""
    orders = simulate(seed, order_count)
    exports = out / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    write_orders_exports(orders, exports)
    write_tracking_exports(seed, orders, exports)
    write_optional_exports(orders, exports)
    write_labels(orders, out / "labels.csv")
    return orders
