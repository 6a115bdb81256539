"""The simulated shop before anything happens to its orders: units of time, the cause codes as
indices, the generator's profiles, the calendar, one random stream per concern, the catalogue and
geography drawn from the vocabulary, and the orders with their lines and money.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pyarrow as pa

from pipelines.causes import CAUSE_CODES
from pipelines.sample.vocabulary import (
    _BAD_PRODUCTS,
    _BENIGN_NOTES,
    _BUYER_MESSAGES,
    _CLUSTER_ADDRESSES,
    _COURIERS,
    _DISTRICTS,
    _HOUR_WEIGHTS,
    _ORDER_SOURCES,
    _PAY_METHODS,
    _PRODUCTS,
    _PROVINCES,
    _STORM_PRODUCTS,
    _STREETS,
)

LOGISTICS, QUALITY, REVIEWS, RULES = (CAUSE_CODES.index(code) for code in (
    "logistics", "product_quality", "reviews", "rule_violation"))

HOUR = 3600
DAY = 24 * HOUR
NEVER = np.int64(2**62)  # "has not happened": compares later than any real time
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class Profile:
    """How a generated shop behaves, so scores can be reported across generator settings."""

    refusal_rate: float  # share of shipped orders that end refused
    cause_mix: dict[str, float]  # relative weight per cause code
    evidence: float  # scales the chance that each signal of the true cause is emitted
    noise: float  # scales conflicting, misleading and missing evidence and benign incidents


def _mix(logistics: float, product_quality: float, reviews: float,
         rule_violation: float) -> dict[str, float]:
    return {"logistics": logistics, "product_quality": product_quality, "reviews": reviews,
            "rule_violation": rule_violation}


_MIXED = Profile(refusal_rate=0.065, cause_mix=_mix(0.38, 0.27, 0.15, 0.20), evidence=1.0,
                 noise=1.0)
PROFILES = {
    "mixed": _MIXED,
    "clean": replace(_MIXED, evidence=1.3, noise=0.15),
    "noisy": replace(_MIXED, refusal_rate=0.075, evidence=0.75, noise=2.2),
    "logistics_heavy": replace(_MIXED, refusal_rate=0.08, cause_mix=_mix(0.62, 0.15, 0.10, 0.13)),
    "quality_heavy": replace(_MIXED, cause_mix=_mix(0.17, 0.56, 0.12, 0.15)),
    "reviews_heavy": replace(_MIXED, cause_mix=_mix(0.20, 0.18, 0.45, 0.17)),
    "rules_heavy": replace(_MIXED, cause_mix=_mix(0.20, 0.17, 0.13, 0.50)),
}


@dataclass(frozen=True)
class _Calendar:
    first_day: int  # China-time epoch seconds of the first order day
    cutoffs: tuple[int, ...]  # exclusive end of each ISO week, oldest first

    @property
    def end(self) -> int:
        return self.cutoffs[-1]

    @property
    def days(self) -> int:
        return (self.end - self.first_day) // DAY


def _calendar(end_date: date, weeks: int) -> _Calendar:
    if end_date.isoweekday() != 7:
        raise ValueError(f"end_date {end_date} is a {end_date:%A}; it must be a Sunday.")
    end = _epoch(end_date + timedelta(days=1))
    cutoffs = tuple(end - 7 * DAY * k for k in reversed(range(weeks)))
    return _Calendar(first_day=cutoffs[0] - 14 * DAY, cutoffs=cutoffs)


def _epoch(day: date) -> int:
    return (day - _EPOCH).days * DAY


def _rng(seed: int, stream: str) -> np.random.Generator:
    """One random stream per concern, so a change to one part does not reshuffle the others."""
    return np.random.default_rng([seed, zlib.crc32(stream.encode())])


def _hours(rng: np.random.Generator, low: float, high: float, n: int) -> np.ndarray:
    return (rng.uniform(low, high, n) * HOUR).astype(np.int64)


def _chance(rng: np.random.Generator, probability: float, n: int) -> np.ndarray:
    return rng.random(n) < min(1.0, probability)


def _unique_ints(rng: np.random.Generator, n: int, low: int, high: int) -> np.ndarray:
    values = rng.integers(low, high, n)
    while True:
        _, first = np.unique(values, return_index=True)
        if len(first) == n:
            return values
        repeated = np.ones(n, bool)
        repeated[first] = False
        values[repeated] = rng.integers(low, high, int(repeated.sum()))


def _pick(rng: np.random.Generator, mask: np.ndarray, count: int,
          weight: np.ndarray | None = None) -> np.ndarray:
    """Weighted sampling without replacement (Efraimidis-Spirakis keys), vectorised."""
    pool = np.flatnonzero(mask)
    count = min(count, len(pool))
    if count <= 0:
        return pool[:0]
    keys = rng.random(len(pool))
    if weight is not None:
        keys = np.log(keys) / weight[pool]
    return np.sort(pool[np.argpartition(-keys, count - 1)[:count]])


@dataclass(eq=False)
class _Catalog:
    titles: pa.Array
    product_ids: pa.Array
    product_codes: pa.Array
    categories: tuple[pa.Array, ...]
    popularity: np.ndarray
    is_bad: np.ndarray
    best_sellers: np.ndarray
    first_sku: np.ndarray
    sku_count: np.ndarray
    sku_product: np.ndarray
    sku_price: np.ndarray
    sku_specs: pa.Array
    sku_codes: pa.Array
    sku_style_ids: pa.Array


def _catalog(rng: np.random.Generator) -> _Catalog:
    n = len(_PRODUCTS)
    rank = rng.permutation(n)
    popularity = 1.0 / (rank + 1) ** 0.9
    # Mid-ranked, so their refusals stand out against their own modest volume.
    bad_ranks = rng.choice(np.arange(4, 16), _BAD_PRODUCTS, replace=False)
    sku_count = np.array([len(p[3]) for p in _PRODUCTS])
    first_sku = np.concatenate([[0], np.cumsum(sku_count)[:-1]])
    sku_product = np.repeat(np.arange(n), sku_count)
    sku_local = np.arange(len(sku_product)) - first_sku[sku_product]
    base_price = np.array([p[2] for p in _PRODUCTS])
    sku_price = base_price[sku_product] + 100 * (sku_local % 2)
    codes = [f"SP{p + 101:03d}" for p in range(n)]
    paths = [p[1].split("/") for p in _PRODUCTS]
    style_ids = _unique_ints(rng, len(sku_product), 10**10, 10**11)
    return _Catalog(
        titles=pa.array([p[0] for p in _PRODUCTS]),
        product_ids=pa.array(_unique_ints(rng, n, 10**11, 10**12).astype(str)),
        product_codes=pa.array(codes),
        categories=tuple(pa.array([path[level] for path in paths]) for level in range(4)),
        popularity=popularity / popularity.sum(),
        is_bad=np.isin(rank, bad_ranks),
        best_sellers=np.argsort(rank)[:_STORM_PRODUCTS],
        first_sku=first_sku,
        sku_count=sku_count,
        sku_product=sku_product,
        sku_price=sku_price,
        sku_specs=pa.array([spec for p in _PRODUCTS for spec in p[3]]),
        sku_codes=pa.array([f"{codes[p]}-{k + 1:02d}"
                            for p, k in zip(sku_product, sku_local, strict=True)]),
        sku_style_ids=pa.array(style_ids.astype(str)),
    )


@dataclass(eq=False)
class _Geography:
    province_names: pa.Array
    province_class: np.ndarray
    province_weight: np.ndarray
    first_city: np.ndarray
    city_count: np.ndarray
    city_names: pa.Array
    city_hubs: pa.Array
    site_names: pa.Array  # per city x district


def _geography() -> _Geography:
    cities = [c for _, cs, _, _ in _PROVINCES for c in cs]
    counts = np.array([len(cs) for _, cs, _, _ in _PROVINCES])
    weight = np.array([w for *_, w in _PROVINCES])
    return _Geography(
        province_names=pa.array([p for p, *_ in _PROVINCES]),
        province_class=np.array([k for _, _, k, _ in _PROVINCES]),
        province_weight=weight / weight.sum(),
        first_city=np.concatenate([[0], np.cumsum(counts)[:-1]]),
        city_count=counts,
        city_names=pa.array(cities),
        city_hubs=pa.array([c.removesuffix("市") + "转运中心" for c in cities]),
        site_names=pa.array([c.removesuffix("市") + d.removesuffix("区") + "营业部"
                             for c in cities for d in _DISTRICTS]),
    )


@dataclass(eq=False)
class _Orders:
    """One entry per order (index order = chronological), as the shop's database would hold it."""

    deal_at: np.ndarray
    id_number: np.ndarray
    sku: np.ndarray
    product: np.ndarray
    qty: np.ndarray
    sku2: np.ndarray  # second order line, -1 when the order has one line
    qty2: np.ndarray
    province: np.ndarray
    city: np.ndarray
    district: np.ndarray
    street: np.ndarray
    buyer: np.ndarray
    courier: np.ndarray
    courier_variant: np.ndarray
    tracking_number: np.ndarray
    note: np.ndarray
    message: np.ndarray
    pay_method: np.ndarray
    source: np.ndarray
    group_id: np.ndarray
    postage: np.ndarray
    shop_discount: np.ndarray
    platform_discount: np.ndarray
    pay_discount: np.ndarray
    price_override: np.ndarray  # fen per unit for trial and near-zero orders, -1 otherwise
    zero_trial: np.ndarray


def _draw_orders(rng: np.random.Generator, n: int, calendar: _Calendar, catalog: _Catalog,
                 geo: _Geography, daily_growth: float) -> _Orders:
    days = calendar.days
    day_weight = (1 + 0.18 * np.sin(2 * np.pi * np.arange(days) / 7)
                  + daily_growth * np.arange(days))
    day = rng.choice(days, n, p=day_weight / day_weight.sum())
    hour = rng.choice(24, n, p=_HOUR_WEIGHTS / _HOUR_WEIGHTS.sum())
    deal_at = np.sort(calendar.first_day + day * DAY + hour * HOUR + rng.integers(0, HOUR, n))
    product = rng.choice(len(catalog.popularity), n, p=catalog.popularity)
    sku = catalog.first_sku[product] + (rng.random(n) * catalog.sku_count[product]).astype(int)
    province = rng.choice(len(geo.province_weight), n, p=geo.province_weight)
    multi_line = _chance(rng, 0.07, n)
    courier_share = np.array([c.share for c in _COURIERS])
    return _Orders(
        deal_at=deal_at,
        id_number=_unique_ints(rng, n, 10**14, 10**15),
        sku=sku,
        product=product,
        qty=rng.choice([1, 2, 3], n, p=[0.86, 0.10, 0.04]),
        sku2=np.where(multi_line, _second_sku(catalog, sku), -1),
        qty2=rng.choice([1, 2], n, p=[0.9, 0.1]),
        province=province,
        city=geo.first_city[province] + (rng.random(n) * geo.city_count[province]).astype(int),
        district=rng.integers(0, len(_DISTRICTS), n),
        street=rng.integers(0, len(_STREETS), n),
        buyer=rng.integers(len(_CLUSTER_ADDRESSES), len(_CLUSTER_ADDRESSES) + max(50, n), n),
        courier=rng.choice(len(_COURIERS), n, p=courier_share / courier_share.sum()),
        courier_variant=rng.integers(0, 2, n),
        tracking_number=_unique_ints(rng, n, 10**10, 10**11),
        note=np.where(_chance(rng, 0.03, n), rng.integers(1, len(_BENIGN_NOTES), n), 0),
        message=np.where(_chance(rng, 0.06, n), rng.integers(1, len(_BUYER_MESSAGES), n), 0),
        pay_method=rng.choice(len(_PAY_METHODS), n, p=[0.55, 0.25, 0.20]),
        source=rng.choice(len(_ORDER_SOURCES), n, p=[0.8, 0.15, 0.05]),
        group_id=rng.integers(10**11, 10**12, n),
        postage=np.where(_chance(rng, 0.05, n), rng.choice([300, 500], n), 0),
        shop_discount=np.where(_chance(rng, 0.2, n), rng.integers(1, 6, n) * 100, 0),
        platform_discount=np.where(_chance(rng, 0.1, n), rng.integers(1, 4, n) * 100, 0),
        pay_discount=np.where(_chance(rng, 0.1, n), rng.integers(10, 100, n), 0),
        price_override=np.full(n, -1),
        zero_trial=np.zeros(n, bool),
    )


def _second_sku(catalog: _Catalog, sku: np.ndarray) -> np.ndarray:
    """Another SKU of the same product, or the next product's first SKU for single-SKU products."""
    product = catalog.sku_product[sku]
    count = catalog.sku_count[product]
    local = sku - catalog.first_sku[product]
    other_product = catalog.first_sku[(product + 1) % len(catalog.sku_count)]
    return np.where(count > 1, catalog.first_sku[product] + (local + 1) % count, other_product)


@dataclass(eq=False)
class _Lines:
    """One entry per order line, sorted by order then line; money in fen."""

    order: np.ndarray
    line_no: np.ndarray
    sku: np.ndarray
    qty: np.ndarray
    goods: np.ndarray
    postage: np.ndarray
    shop_discount: np.ndarray
    platform_discount: np.ndarray
    pay_discount: np.ndarray
    paid: np.ndarray
    received: np.ndarray

    def order_paid(self, n_orders: int) -> np.ndarray:
        return np.bincount(self.order, weights=self.paid, minlength=n_orders).astype(np.int64)


def _order_lines(orders: _Orders, catalog: _Catalog) -> _Lines:
    second = np.flatnonzero(orders.sku2 >= 0)
    order = np.concatenate([np.arange(len(orders.sku)), second])
    line_no = np.concatenate([np.zeros(len(orders.sku), int), np.ones(len(second), int)])
    by_order = np.lexsort((line_no, order))
    order, line_no = order[by_order], line_no[by_order]
    first = line_no == 0
    sku = np.where(first, orders.sku[order], orders.sku2[order])
    qty = np.where(first, orders.qty[order], orders.qty2[order])
    override = orders.price_override[order]
    goods = np.where(override >= 0, override, catalog.sku_price[sku]) * qty
    postage, shop, platform, pay = (np.where(first, column[order], 0) for column in (
        orders.postage, orders.shop_discount, orders.platform_discount, orders.pay_discount))
    shop = np.minimum(shop, goods)
    platform = np.minimum(platform, goods - shop)
    pay = np.minimum(pay, goods - shop - platform)
    return _Lines(order=order, line_no=line_no, sku=sku, qty=qty, goods=goods, postage=postage,
                  shop_discount=shop, platform_discount=platform, pay_discount=pay,
                  paid=goods + postage - shop - platform - pay, received=goods + postage - shop)
