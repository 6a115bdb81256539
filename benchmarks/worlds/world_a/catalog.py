"""The shop's fixed world: products, couriers, provinces, people and the ids they carry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random

from .model import Address, Buyer, Product, Sku
from .vocab import Vocab


@dataclass(frozen=True)
class Courier:
    key: str
    names: tuple[str, ...]
    k100: str
    kdn: str
    style: str
    number: str
    hub_suffix: str
    share: float
    extra_days: float
    reason_rate: float

    @property
    def name(self) -> str:
        return self.names[0]


class Catalog:
    """Products, couriers and geography, built once per seed from the vocabulary."""

    def __init__(self, vocab: Vocab, rng: Random) -> None:
        self.vocab = vocab
        self.rng = rng
        self.products = [
            self._product(spec, index) for index, spec in enumerate(vocab.get("products"))
        ]
        self.couriers = {
            key: Courier(key=key, **{**spec, "names": tuple(spec["names"])})
            for key, spec in vocab.get("couriers").items()
        }
        self.provinces = vocab.get("regions")
        self._province_names = list(self.provinces)
        self._province_weights = [self.provinces[name]["weight"] for name in self._province_names]
        self._used_ids: set[str] = set()

    def _product(self, spec: dict, index: int) -> Product:
        rng = self.rng
        prices = spec.get("spec_prices") or [spec["price"]] * len(spec["specs"])
        code = f"YW-{spec['key'][:3].upper()}{index + 1:02d}"
        skus = tuple(
            Sku(name, float(price), str(rng.randint(10**10, 10**12 - 1)), f"{code}-{n + 1:02d}")
            for n, (name, price) in enumerate(zip(spec["specs"], prices, strict=True))
        )
        return Product(
            key=spec["key"],
            title=spec["title"],
            categories=tuple(spec["categories"]),
            skus=skus,
            popularity=spec["popularity"],
            quality_risk=spec["quality_risk"],
            defects=tuple(spec["defects"]),
            defect_words=tuple(spec["defect_words"]),
            product_id=str(rng.randint(10**8, 10**10)),
            code=code,
        )

    def product(self, key: str) -> Product:
        return next(product for product in self.products if product.key == key)

    # geography ---------------------------------------------------------------------------

    def address(self, province: str | None = None) -> Address:
        rng = self.rng
        if province is None:
            province = rng.choices(self._province_names, self._province_weights)[0]
        spec = self.provinces[province]
        city = rng.choice(list(spec["cities"]))
        district = rng.choice(spec["cities"][city])
        street = self.vocab.pick(rng, "places.streets")
        return Address(
            province, city, district, street, spec["zone"], spec["hub"], spec.get("via", "")
        )

    def studio_addresses(self, count: int) -> list[Address]:
        """The boosting studio's collection points: a few districts in two provinces."""
        return [self.address(province) for province in ("广东省", "河南省") for _ in range(count)]

    # people ------------------------------------------------------------------------------

    def person_name(self) -> str:
        rng = self.rng
        return self.vocab.pick(rng, "people.surnames") + self.vocab.pick(rng, "people.given")

    def phone(self, studio: bool = False) -> str:
        key = "people.cluster_phone_prefixes" if studio else "people.phone_prefixes"
        return self.vocab.pick(self.rng, key) + f"{self.rng.randint(0, 10**8 - 1):08d}"

    def id_number(self, province: str) -> str:
        rng = self.rng
        region = (
            f"{self.provinces[province]['code']}{rng.randint(1, 20):02d}{rng.randint(1, 30):02d}"
        )
        born = date(1965, 1, 1) + timedelta(days=rng.randint(0, 365 * 40))
        body = f"{region}{born:%Y%m%d}{rng.randint(0, 999):03d}"
        return body + id_check_digit(body)

    def buyer(self, address: Address | None = None, studio: bool = False) -> Buyer:
        address = address or self.address()
        return Buyer(
            self.person_name(),
            self.phone(studio),
            self.id_number(address.province),
            address,
            studio,
        )

    # ids ---------------------------------------------------------------------------------

    def order_id(self, moment: datetime) -> str:
        while True:
            candidate = f"{moment:%y%m%d}-{self.rng.randint(10**14, 10**15 - 1)}"
            if candidate not in self._used_ids:
                self._used_ids.add(candidate)
                return candidate

    def tracking_number(self, courier: Courier) -> str:
        rng = self.rng
        form, *args = courier.number.split(":")
        while True:
            if form == "digits":
                length, prefixes = int(args[0]), args[1].split(",")
                prefix = rng.choice(prefixes)
                candidate = prefix + "".join(rng.choices("0123456789", k=length - len(prefix)))
            else:
                candidate = args[0] + "".join(rng.choices("0123456789", k=int(args[1])))
            if candidate not in self._used_ids:
                self._used_ids.add(candidate)
                return candidate

    def serial(self, digits: int) -> str:
        while True:
            candidate = str(self.rng.randint(10 ** (digits - 1), 10**digits - 1))
            if candidate not in self._used_ids:
                self._used_ids.add(candidate)
                return candidate


def id_check_digit(body: str) -> str:
    """The GB 11643 check digit of a 17-digit resident ID body."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(body, weights, strict=True))
    return "10X98765432"[total % 11]
