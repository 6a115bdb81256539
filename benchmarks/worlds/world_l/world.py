"""Build the world for a seed and write its folder: exports/ plus labels.csv."""

from pathlib import Path

from . import exports, labels
from .simulate import World, simulate


def build_world(seed: int, orders: int) -> World:
    return simulate(seed, orders)


def write_world(world: World, out: Path) -> None:
    out = Path(out)
    exports.write_exports(world, out / "exports")
    labels.write_labels(world, out / "labels.csv")
