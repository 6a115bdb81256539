"""The scenario vocabulary (`vocabulary.toml`): one half of it (`dev` or `heldout`), the rates
that decide how often a text is plain, misleading or decorated, and the surface variation real
exports show (courier prefixes, half- and full-width punctuation, stray spaces)."""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipelines.causes import CAUSE_CODES

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.toml")
SPLITS = ("dev", "heldout")

_HALF_WIDTH = str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "！": "!"})
_ENDS_WITH_MARK = tuple("。！!~？?）)")


def load_lists(path: Path = VOCABULARY_PATH) -> dict[tuple[str, ...], dict[str, list[str]]]:
    """Every list of the file: its path (e.g. ``("causes", "logistics", "refusal_reason")``)
    and its two halves."""
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    lists: dict[tuple[str, ...], dict[str, list[str]]] = {}

    def walk(node: dict, trail: tuple[str, ...]) -> None:
        if set(node) == set(SPLITS):
            lists[trail] = {split: list(node[split]) for split in SPLITS}
            return
        for key, child in node.items():
            if isinstance(child, dict):
                walk(child, (*trail, key))

    for section in ("frames", "incidents", "causes", "generic"):
        walk(document[section], (section,))
    return lists


@dataclass(frozen=True)
class Vocabulary:
    split: str
    rates: dict[str, float]
    variation: dict[str, tuple[str, ...]]
    lists: dict[tuple[str, ...], tuple[str, ...]]

    def words(self, *path: str) -> tuple[str, ...]:
        return self.lists.get(path, ())

    def pick(self, rng: random.Random, *path: str) -> str:
        words = self.words(*path)
        if not words:
            raise KeyError(f"vocabulary.toml has no list {'.'.join(path)}")
        return rng.choice(words)

    def chance(self, rng: random.Random, rate: str) -> bool:
        return rng.random() < self.rates[rate]

    def other_cause(self, rng: random.Random, cause: str, kind: str) -> str:
        """Another cause that has words of this kind (for misleading texts)."""
        return rng.choice([c for c in CAUSE_CODES if c != cause and self.words("causes", c, kind)])

    def vary(self, text: str, rng: random.Random, trailing: bool = True) -> str:
        """Punctuation and spacing the way people and courier systems actually type."""
        if self.chance(rng, "half_width"):
            text = text.translate(_HALF_WIDTH)
        if self.chance(rng, "extra_space"):
            for comma in ("，", ","):
                if comma in text:
                    text = text.replace(comma, comma + rng.choice((" ", "\u3000")), 1)
                    break
        if trailing and not text.endswith(_ENDS_WITH_MARK) and self.chance(rng, "trailing_mark"):
            text += rng.choice(self.variation["trailing_marks"])
        return text

    def courier_line(self, body: str, place: str, rng: random.Random) -> str:
        """A tracking event text: a place prefix in one of its forms, sometimes the courier's
        name and (masked) phone, then the body."""
        prefix = rng.choice(self.variation["place_forms"]).format(place=place) if place else ""
        if self.chance(rng, "courier_note"):
            phone = f"1{rng.choice('3578')}{rng.randrange(10)}****{rng.randrange(10000):04d}"
            prefix += rng.choice(self.variation["courier_notes"]).format(
                courier=rng.choice(self.variation["couriers"]), phone=phone)
        return prefix + self.vary(body, rng)


def load(split: str, path: Path = VOCABULARY_PATH) -> Vocabulary:
    """One half of the vocabulary. ``heldout`` is for scoring only: never tune rules on it."""
    if split not in SPLITS:
        raise ValueError(f"unknown vocabulary split {split!r}; choose one of {SPLITS}")
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    return Vocabulary(
        split=split,
        rates={name: float(value) for name, value in document["rates"].items()},
        variation={name: tuple(values) for name, values in document["variation"].items()},
        lists={trail: tuple(halves[split]) for trail, halves in load_lists(path).items()},
    )
