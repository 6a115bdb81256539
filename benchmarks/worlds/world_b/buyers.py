"""Buyers: ordinary customers across provinces, a boosting ring, scraped addresses, attackers.

All personal data is fake: names from common surnames and given names, phone numbers of the right
shape, identity numbers with a valid check digit but random region and birth date.
"""

from __future__ import annotations

import random

from .model import Buyer, Region
from .vocab import Vocab

REPEAT_CUSTOMER_RATE = 0.07
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


class BuyerFactory:
    def __init__(self, vocab: Vocab, regions: list[Region], rng: random.Random) -> None:
        self.vocab = vocab
        self.regions = regions
        self.rng = rng
        self.regulars: list[Buyer] = []
        self.next_id = 1

    def _name(self) -> str:
        given = self.rng.choice(self.vocab.get("people.given"))
        if len(given) == 1 and self.rng.random() < 0.45:
            given += self.rng.choice(self.vocab.get("people.given"))[0]
        return self.rng.choice(self.vocab.get("people.surnames")) + given

    def _phone(self, prefix: str = "") -> str:
        head = prefix or "1" + self.rng.choice("3456789") + str(self.rng.randrange(10))
        return head + "".join(self.rng.choice("0123456789") for _ in range(11 - len(head)))

    def _id_number(self) -> str:
        body = (
            f"{self.rng.randrange(110000, 660000)}"
            f"{self.rng.randrange(1965, 2005)}{self.rng.randrange(1, 13):02d}"
            f"{self.rng.randrange(1, 29):02d}{self.rng.randrange(1000):03d}"
        )
        total = sum(int(digit) * weight for digit, weight in zip(body, ID_WEIGHTS, strict=True))
        return body + ID_CHECK[total % 11]

    def _make(self, region: Region, city: str, district: str, kind: str, phone: str = "") -> Buyer:
        buyer = Buyer(
            buyer_id=self.next_id,
            name=self._name(),
            phone=phone or self._phone(),
            region=region,
            city=city,
            district=district,
            town=self.rng.choice(self.vocab.get("towns.common")),
            kind=kind,
            id_number=self._id_number() if self.rng.random() < 0.03 else "",
        )
        self.next_id += 1
        return buyer

    def _random_place(self) -> tuple[Region, str, str]:
        region = self.rng.choices(self.regions, weights=[r.weight for r in self.regions])[0]
        city, districts = self.rng.choice(region.cities)
        return region, city, self.rng.choice(districts)

    def regular(self) -> Buyer:
        if self.regulars and self.rng.random() < REPEAT_CUSTOMER_RATE:
            return self.rng.choice(self.regulars)
        buyer = self._make(*self._random_place(), kind="regular")
        self.regulars.append(buyer)
        return buyer

    def scraped(self) -> Buyer:
        """A real person's address bought by a boosting service: they ordered nothing."""
        return self._make(*self._random_place(), kind="scraped")

    def ring(self, size: int) -> list[Buyer]:
        """A boosting ring: accounts living in two or three towns, phones from one batch."""
        near = [region for region in self.regions if region.tier <= 1]
        places = []
        for _ in range(self.rng.randint(2, 3)):
            region = self.rng.choice(near)
            city, districts = self.rng.choice(region.cities)
            places.append((region, city, self.rng.choice(districts)))
        batch = (
            "1" + self.rng.choice("57") + str(self.rng.randrange(10)) + str(self.rng.randrange(10))
        )
        return [
            self._make(*self.rng.choice(places), kind="booster", phone=self._phone(batch))
            for _ in range(size)
        ]

    def attackers(self, size: int) -> list[Buyer]:
        """A competitor's accounts, all in one city."""
        region, city, district = self._random_place()
        return [self._make(region, city, district, kind="attacker") for _ in range(size)]
