"""Seeded random streams: one per stage, so a change in one stage leaves the others' draws alone."""

import random
from bisect import bisect
from itertools import accumulate


def stream(seed: int, name: str) -> random.Random:
    # str seeds go through sha512 in random.seed: stable across processes and PYTHONHASHSEED
    return random.Random(f"world_m/{seed}/{name}")


class Weighted:
    """A fixed weighted choice, cheap to draw from many times."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs):
        pairs = [(item, w) for item, w in pairs if w > 0]
        self.items = [item for item, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.total)]


def chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))
