"""Phase A: who orders what and when: the demand curve, buyers, boosted and competitor orders."""

from __future__ import annotations

from collections import deque
from datetime import date, datetime, timedelta
from random import Random

from .clock import HOUR
from .records import Buyer, Ids, Line, Order
from .shop import (
    BOOST_CAMPAIGNS,
    BOOST_REGIONS,
    CATALOGUE,
    COLD_WAVE,
    COMPETITOR_K01,
    CUTOFF,
    HORIZON_START,
    HOUR_WEIGHTS,
    PRODUCTS,
    RATES,
    REGIONS,
    SEASON,
    Product,
    Region,
    Sku,
    day_demand,
)
from .vocab import pick, vocab, weighted

SIZE_WEIGHTS = {
    "S": 14,
    "M": 30,
    "L": 30,
    "XL": 16,
    "2XL": 10,
    "均码": 60,
    "25": 8,
    "26": 15,
    "27": 22,
    "28": 22,
    "29": 16,
    "30": 10,
    "31": 7,
}


def _moment_in_day(rng: Random, day: date) -> datetime:
    """An order time on this day, by hour of day, inside the horizon."""
    slots = [
        (h, w)
        for h, w in enumerate(HOUR_WEIGHTS)
        if datetime(day.year, day.month, day.day, h) + timedelta(hours=1) >= HORIZON_START
        and datetime(day.year, day.month, day.day, h) < CUTOFF
    ]
    while True:
        hour = weighted(rng, slots)
        moment = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))
        if HORIZON_START <= moment < CUTOFF:
            return moment


def _moment_in(rng: Random, start: datetime, end: datetime) -> datetime:
    start, end = max(start, HORIZON_START), min(end, CUTOFF - HOUR)
    span = (end - start).total_seconds()
    moment = start + timedelta(seconds=rng.random() * span)
    return moment.replace(microsecond=0)


def _buyer(rng: Random, region: Region) -> Buyer:
    words = vocab()
    name = words["orders"]["masked_name"].format(surname=pick(rng, words["geo"]["surnames"]))
    phone = f"1{rng.choice('3456789')}{rng.randrange(10)}****{rng.randrange(10000):04d}"
    return Buyer(name, phone, region)


def _pick_sku(
    rng: Random, product: Product, avoid_size: str | None = None, colour: str | None = None
) -> Sku:
    colours = []
    for sku in product.skus:
        if sku.colour not in colours:
            colours.append(sku.colour)
    chosen = colour or weighted(rng, [(c, 0.7**i) for i, c in enumerate(colours)])
    options = [
        (sku, SIZE_WEIGHTS.get(sku.size, 10))
        for sku in product.skus
        if sku.colour == chosen and sku.size != avoid_size
    ]
    return weighted(rng, options)


def _product_weights(day: date) -> list[tuple[Product, float]]:
    noon = datetime(day.year, day.month, day.day, 12)
    weights = []
    for product in CATALOGUE:
        if product.launch and day < product.launch:
            continue
        weight = product.popularity * SEASON[product.category][day.month]
        if product.category == "down" and noon in COLD_WAVE:
            weight *= 1.6
        weights.append((product, weight))
    return weights


def _price_order(rng: Random, order: Order) -> None:
    total = order.goods_cents
    if order.sf_upgrade:
        order.postage = 1000
    if order.zero_trial:
        order.shop_discount = total if rng.random() < 0.6 else total - rng.randrange(1, 190)
        return
    if rng.random() < 0.5:
        coupon = rng.choice([300, 500, 1000, 2000])
        order.shop_discount = min(coupon, total * 15 // 100)
    if rng.random() < 0.2:
        order.platform_discount = rng.randrange(100, 1000)
    if rng.random() < 0.15:
        order.pay_discount = rng.randrange(10, 200)


# ---------------------------------------------------------------- phase A: orders
def _daily_counts(total: int) -> list[tuple[date, int]]:
    days, weights = [], []
    day = HORIZON_START.date()
    while day <= CUTOFF.date():
        share = 1.0
        if day == CUTOFF.date():
            share = sum(HOUR_WEIGHTS[: CUTOFF.hour]) / sum(HOUR_WEIGHTS)
        elif day == HORIZON_START.date():
            share = sum(HOUR_WEIGHTS[HORIZON_START.hour :]) / sum(HOUR_WEIGHTS)
        days.append(day)
        weights.append(day_demand(day) * share)
        day += timedelta(days=1)
    expected = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in expected]
    remainders = sorted(range(len(days)), key=lambda i: (-(expected[i] - counts[i]), i))
    for i in remainders[: total - sum(counts)]:
        counts[i] += 1
    return list(zip(days, counts, strict=True))


def make_orders(seed: int, n_orders: int, ids: Ids) -> list[Order]:
    rng = Random(f"{seed}:orders")
    words = vocab()["orders"]
    scale = n_orders / 10_000
    regions = [(region, region.weight) for region in REGIONS]
    orders: list[Order] = []

    boosts = []
    for code, window, zero_share, per_10k in BOOST_CAMPAIGNS:
        for _ in range(round(per_10k * scale)):
            deal_at = _moment_in(rng, window.start, window.end)
            region = pick(rng, BOOST_REGIONS) if rng.random() < 0.8 else weighted(rng, regions)
            order = Order(
                "",
                deal_at,
                _buyer(rng, region),
                [Line(_pick_sku(rng, PRODUCTS[code]), 1)],
                role="boost",
            )
            order.zero_trial = rng.random() < zero_share
            if rng.random() < 0.85:
                fmt = pick(rng, words["boost_note_formats"])
                order.note = fmt.format(mmdd=f"{deal_at:%m%d}", n=rng.randrange(1, 40))
            boosts.append(order)
    competitors = []
    for window, per_10k in zip(COMPETITOR_K01, (28, 20), strict=True):
        for _ in range(round(per_10k * scale)):
            deal_at = _moment_in(rng, window.start, window.end)
            order = Order(
                "",
                deal_at,
                _buyer(rng, weighted(rng, regions)),
                [Line(_pick_sku(rng, PRODUCTS["K01"]), 1)],
                role="competitor",
            )
            competitors.append(order)

    base_total = max(0, n_orders - len(boosts) - len(competitors))
    weights_cache: dict[date, list] = {}
    for day, count in _daily_counts(base_total):
        weights_cache[day] = _product_weights(day)
        for _ in range(count):
            deal_at = _moment_in_day(rng, day)
            product = weighted(rng, weights_cache[day])
            qty = weighted(rng, [(1, 93), (2, 6), (3, 1)])
            lines = [Line(_pick_sku(rng, product), qty)]
            if rng.random() < RATES.multi_line:
                other = product if rng.random() < 0.5 else weighted(rng, weights_cache[day])
                extra = _pick_sku(rng, other)
                if extra != lines[0].sku:
                    lines.append(Line(extra, 1))
            order = Order("", deal_at, _buyer(rng, weighted(rng, regions)), lines)
            order.sf_upgrade = rng.random() < RATES.sf_upgrade
            if rng.random() < 0.12:
                order.message = pick(rng, words["buyer_messages"])
            if rng.random() < 0.04:
                order.note = pick(rng, words["merchant_notes"])
            orders.append(order)

    orders.sort(key=lambda o: o.deal_at)
    recent: deque[Order] = deque()
    taken: set[int] = set()

    def free(order: Order, other: Order) -> bool:
        return (
            order.deal_at - other.deal_at > timedelta(minutes=30)
            and other.partner is None
            and id(other) not in taken
        )

    for order in orders:
        while recent and order.deal_at - recent[0].deal_at >= timedelta(hours=48):
            recent.popleft()
        if any(free(order, o) for o in recent) and rng.random() < RATES.buyer_group:
            partner = pick(rng, [o for o in recent if free(order, o)])
            taken.add(id(partner))
            order.buyer, order.partner = partner.buyer, partner
            if rng.random() < RATES.group_same_style:
                first = partner.lines[0].sku
                sizes = {sku.size for sku in first.product.skus}
                if len(sizes) > 1:
                    order.lines = [
                        Line(
                            _pick_sku(
                                rng, first.product, avoid_size=first.size, colour=first.colour
                            ),
                            1,
                        )
                    ]
                    order.sibling_style = True
        recent.append(order)

    everything = sorted(orders + boosts + competitors, key=lambda o: o.deal_at)
    for order in everything:
        order.order_id = ids.order_id(order.deal_at)
        _price_order(rng, order)
    return everything
