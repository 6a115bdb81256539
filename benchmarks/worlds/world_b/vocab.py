"""Loads the world's wording (vocabulary.toml) and picks phrases from it."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

VOCAB_PATH = Path(__file__).with_name("vocabulary.toml")


class _BlankFields(dict):
    """Template fields that were not supplied render as nothing."""

    def __missing__(self, key: str) -> str:
        return ""


class Vocab:
    """Dotted-path access to the vocabulary, with seeded random picks."""

    def __init__(self, data: dict) -> None:
        self.data = data

    @classmethod
    def load(cls, path: Path = VOCAB_PATH) -> Vocab:
        with path.open("rb") as handle:
            return cls(tomllib.load(handle))

    def get(self, dotted: str, default=None):
        node = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def pick(self, dotted: str, rng: random.Random, **fields: object) -> str:
        options = self.get(dotted)
        if not options:
            raise KeyError(f"vocabulary has no phrases at {dotted!r}")
        return rng.choice(options).format_map(_BlankFields(fields))

    def tracking(self, courier_key: str, kind: str, rng: random.Random, **fields: object) -> str:
        """A courier's own phrasing for an event kind, or the common phrasing."""
        own = self.get(f"tracking.{courier_key}.{kind}")
        if own and rng.random() < 0.7:
            return rng.choice(own).format_map(_BlankFields(fields))
        return self.pick(f"tracking.common.{kind}", rng, **fields)
