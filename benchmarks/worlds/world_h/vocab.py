"""The world's wording, read from `vocab.toml` beside this module (with its sources)."""

from __future__ import annotations

import random
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

_PATH = Path(__file__).with_name("vocab.toml")


@cache
def vocab() -> dict[str, Any]:
    with _PATH.open("rb") as handle:
        return tomllib.load(handle)


def pool(section: str, key: str) -> list[str]:
    """One list of `vocab.toml`, e.g. ``pool("tracking", "pickup")``."""
    node: Any = vocab()
    for part in section.split("."):
        node = node[part]
    return node[key]


def say(rng: random.Random, section: str, key: str, **fill: object) -> str:
    """Draw one text of a pool and fill its placeholders."""
    return rng.choice(pool(section, key)).format(**fill)
