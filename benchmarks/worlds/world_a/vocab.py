"""The vocabulary TOML: loading it and picking or rendering its phrases."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from random import Random
from typing import Any

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.toml")


class Vocab:
    """Read access to vocabulary.toml by dotted path, e.g. ``tracking.exception.stuck``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def get(self, path: str) -> Any:
        node: Any = self.data
        for part in path.split("."):
            node = node[part]
        return node

    def pick(self, rng: Random, path: str) -> str:
        return rng.choice(self.get(path))

    def render(self, rng: Random, path: str, **slots: object) -> str:
        return self.pick(rng, path).format_map(slots)


@cache
def load_vocab() -> Vocab:
    with VOCABULARY_PATH.open("rb") as handle:
        return Vocab(tomllib.load(handle))
