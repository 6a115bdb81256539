"""The world's wording, read from `vocab.toml` (which names the public sources it grew from)."""

from __future__ import annotations

import random
import tomllib
from functools import cache
from pathlib import Path

_VOCAB_FILE = Path(__file__).with_name("vocab.toml")


@cache
def vocab() -> dict:
    with _VOCAB_FILE.open("rb") as handle:
        return tomllib.load(handle)


def phrases(*path: str) -> list[str]:
    node = vocab()
    for key in path:
        node = node[key]
    return node


def pick(rng: random.Random, *path: str) -> str:
    return rng.choice(phrases(*path))
