"""Time helpers shared by the simulator (all times are naive China time, Asia/Shanghai)."""

from datetime import timedelta
from random import Random

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def hours(rng: Random, low: float, high: float) -> timedelta:
    return timedelta(hours=rng.uniform(low, high))


def days(rng: Random, low: float, high: float) -> timedelta:
    return timedelta(days=rng.uniform(low, high))
