"""The world's wording, read once from vocab.toml (sources are cited there)."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

WORDS = tomllib.loads((Path(__file__).with_name("vocab.toml")).read_text(encoding="utf-8"))


def words(path: str) -> list[str]:
    """The list at a dotted path such as ``refusal.generic``."""
    node = WORDS
    for part in path.split("."):
        node = node[part]
    return node


def pick(rng: random.Random, path: str, **fill: str) -> str:
    text = rng.choice(words(path))
    return text.format(**fill) if fill else text
