"""Seeded randomness. Each part of the world draws from its own stream, named after the part, so
that changing one mechanism does not reshuffle the others. `random.Random` seeded with a string
hashes it with SHA-512, never with `hash()`: the same seed gives the same world whatever
PYTHONHASHSEED is."""

from __future__ import annotations

import random
from datetime import datetime, timedelta


def stream(seed: int, part: str) -> random.Random:
    return random.Random(f"world_h/{seed}/{part}")


def hours(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(seconds=round(rng.uniform(low, high) * 3600))


def coin(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability


def working_time(moment: datetime, rng: random.Random, opens: int = 9,
                 closes: int = 19) -> datetime:
    """The moment itself if it falls in working hours, else a moment early the next working
    morning (warehouses and couriers do not work at night)."""
    if opens <= moment.hour < closes:
        return moment
    day = moment.date() if moment.hour < opens else moment.date() + timedelta(days=1)
    start = datetime(day.year, day.month, day.day, opens)
    return start + hours(rng, 0.2, 2.5)
