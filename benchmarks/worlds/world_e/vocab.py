"""Loads vocab.toml once; every Chinese string the world writes comes from there."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from random import Random
from typing import TypeVar

T = TypeVar("T")

VOCAB_PATH = Path(__file__).with_name("vocab.toml")


@lru_cache(maxsize=1)
def vocab() -> dict:
    with VOCAB_PATH.open("rb") as handle:
        return tomllib.load(handle)


def pick(rng: Random, options: Sequence[T]) -> T:
    return options[rng.randrange(len(options))]


def weighted(rng: Random, options: Sequence[tuple[T, float]]) -> T:
    """Pick from (value, weight) pairs; weights need not sum to one."""
    total = sum(weight for _, weight in options)
    point = rng.random() * total
    for value, weight in options:
        point -= weight
        if point < 0:
            return value
    return options[-1][0]
