"""Identifiers as the platform and the couriers print them."""

from __future__ import annotations

import random
from datetime import datetime

from .catalogue import Courier
from .vocab import words


class Numbers:
    """Hands out unique order ids, tracking numbers and after-sales ids."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._seen: set[str] = set()

    def _unique(self, make) -> str:
        while True:
            value = make()
            if value not in self._seen:
                self._seen.add(value)
                return value

    def _digits(self, count: int) -> str:
        return str(self._rng.randrange(10 ** (count - 1), 10**count))

    def order_id(self, deal_at: datetime) -> str:
        return self._unique(lambda: f"{deal_at:%y%m%d}-{self._digits(15)}")

    def tracking(self, courier: Courier) -> str:
        return self._unique(lambda: courier.number_prefix + self._digits(courier.number_digits))

    def after_sale(self) -> str:
        return self._unique(lambda: "1" + self._digits(16))

    def group_id(self) -> str:
        return self._unique(lambda: self._digits(13))


def person_name(rng: random.Random) -> str:
    return rng.choice(words("names.surname")) + rng.choice(words("names.given"))


def masked_name(rng: random.Random) -> str:
    return rng.choice(words("names.surname")) + "**"


def phone(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"


def masked_phone(number: str) -> str:
    return number[:3] + "****" + number[-4:]
