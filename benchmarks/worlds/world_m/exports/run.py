"""Write every export of a world into one folder."""

from pathlib import Path

from ..rand import stream
from ..sim.world import World
from . import optional, orders, plan, tracking


def write_all(world: World, folder: Path) -> dict[str, int]:
    """Returns rows written per file name."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = stream(world.seed, "exports")
    written: dict[str, int] = {}
    for job in plan.orders_jobs(stream(world.seed, "plan-orders")):
        written[job.name] = orders.write(job, world.orders, folder, rng)
    for job in plan.tracking_jobs(stream(world.seed, "plan-tracking")):
        written[job.name] = tracking.write(job, world.orders, folder)
    for name in optional.write_all(world, folder, rng):
        written[name] = -1
    return written
