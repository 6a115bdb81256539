"""The shop's catalogue, the couriers it uses and the regions it ships to, read from the vocabulary.

Ids are drawn from the seed: product ids are 12 digits, style ids 11 digits (pure-digit ids,
the ones Excel likes to damage), tracking numbers follow each courier's prefix and length.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .model import Courier, Product, Region, Sku
from .vocab import Vocab

# Base door-to-door days from the Yiwu warehouse, by destination tier.
ROUTE_BASE_DAYS = (1.3, 2.2, 3.1, 4.8)


@dataclass
class Catalog:
    products: list[Product]
    couriers: list[Courier]
    regions: list[Region]

    def product(self, key: str) -> Product:
        return next(product for product in self.products if product.key == key)

    def courier(self, key: str) -> Courier:
        return next(courier for courier in self.couriers if courier.key == key)

    @property
    def sellable(self) -> list[Product]:
        return [product for product in self.products if not product.is_topup]

    @property
    def topup(self) -> Product:
        return next(product for product in self.products if product.is_topup)


def expected_days(courier: Courier, region: Region) -> float:
    """What the courier usually needs on this route, as a buyer would come to expect it."""
    return ROUTE_BASE_DAYS[region.tier] * courier.speed


def load_catalog(vocab: Vocab, rng: random.Random) -> Catalog:
    products = []
    for raw in vocab.get("products"):
        skus = [
            Sku(
                style_id=str(rng.randrange(10**10, 10**11)),
                spec=sku["spec"],
                code=sku["code"],
                price=float(sku["price"]),
            )
            for sku in raw["skus"]
        ]
        products.append(
            Product(
                key=raw["key"],
                product_id=str(rng.randrange(4 * 10**11, 7 * 10**11)),
                title=raw["title"],
                categories=list(raw["categories"]),
                goods_code=raw["goods_code"],
                weight=float(raw["weight"]),
                quality=float(raw["quality"]),
                fragility=float(raw["fragility"]),
                skus=skus,
                is_topup=bool(raw.get("topup", False)),
                is_launch=bool(raw.get("launch", False)),
            )
        )
    couriers = [Courier(**raw) for raw in vocab.get("couriers")]
    regions = [
        Region(
            province=raw["province"],
            weight=float(raw["weight"]),
            tier=int(raw["tier"]),
            group=raw["group"],
            hub=raw["hub"],
            cities=[(city, list(districts)) for city, districts in raw["cities"]],
        )
        for raw in vocab.get("regions")
    ]
    return Catalog(products=products, couriers=couriers, regions=regions)


class TrackingNumbers:
    """Unique tracking numbers in each courier's own format."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def issue(self, courier: Courier) -> str:
        # `digits` counts digits only: a letter prefix (YT, JT, SF) comes on top.
        prefix_digits = len(courier.prefix) if courier.prefix.isdigit() else 0
        tail_digits = courier.digits - prefix_digits
        while True:
            number = courier.prefix + "".join(
                self.rng.choice("0123456789") for _ in range(tail_digits)
            )
            if number not in self.used:
                self.used.add(number)
                return number
