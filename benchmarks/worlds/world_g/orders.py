"""Buyers placing orders: real ones, couples of orders shipped together, and boosted (刷单) ones."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from . import dates
from .catalogue import ADD_ON, PRODUCTS, REGIONS, STREETS, Product
from .ids import Numbers, person_name, phone
from .model import Buyer, Line, Order
from .vocab import pick

BRUSHING_SHARE = 0.008  # of all orders: empty-box orders boosting the new standing desk
UNPAID_SHARE = 0.02
MERGED_SHARE = 0.025  # a second order by the same buyer, shipped in one parcel (合并发货)
ADD_ON_SHARE = 0.08  # air-fryer orders with a pack of liners as a second order line
NOTE_SHARE = 0.04
SF_UPGRADE_SHARE = 0.03

# hours of the day buyers order at (0..23)
_HOUR_WEIGHTS = (
    2,
    1,
    1,
    0.5,
    0.5,
    0.5,
    1,
    2,
    3,
    4,
    5,
    5,
    6,
    5,
    4,
    4,
    4,
    5,
    6,
    7,
    9,
    10,
    9,
    5,
)
_BRUSHING_CLUSTER = (
    ("河南省", "周口市", "川汇区", "七一路"),
    ("河南省", "周口市", "项城市", "莲花大道"),
    ("广东省", "揭阳市", "普宁市", "流沙大道"),
)


def _weighted(rng: random.Random, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def _order_days() -> list[date]:
    span = (dates.LAST_ORDER_DAY - dates.FIRST_ORDER_DAY).days + 1
    return [dates.FIRST_ORDER_DAY + timedelta(days=offset) for offset in range(span)]


def _moment(rng: random.Random, day: date, hours=_HOUR_WEIGHTS) -> datetime:
    hour = _weighted(rng, range(24), hours)
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))


def _product_weight(product: Product, day: date) -> float:
    if product.key == "standing_desk" and day < dates.DESK_LAUNCH:
        return 0.0
    return product.share * product.season[dates.month_index(day)]


def _buyer(rng: random.Random) -> Buyer:
    region = _weighted(rng, REGIONS, [r.weight for r in REGIONS])
    return Buyer(
        name=person_name(rng),
        phone=phone(rng),
        region=region,
        district=rng.choice(region.districts),
        street=_street(rng),
    )


def _street(rng: random.Random) -> str:
    road, number = rng.choice(STREETS), rng.randrange(1, 300)
    building, floor, door = rng.randrange(1, 30), rng.randrange(1, 33), rng.randrange(1, 5)
    return f"{road}{number}号{building}栋{floor}0{door}"


def _line(rng: random.Random, product: Product) -> Line:
    sku = _weighted(rng, product.skus, [s.weight for s in product.skus])
    quantity = 2 if product.key == "kettle" and rng.random() < 0.04 else 1
    price = sku.price * quantity
    if price < 30:
        return Line(product, sku, quantity, 0.0, 0.0)
    shop = rng.choice((0.0, 0.0, 5.0, 10.0)) if price < 300 else rng.choice((0.0, 30.0, 50.0))
    platform = rng.choice((0.0, 0.0, 0.0, 1.5, 3.0))
    return Line(product, sku, quantity, shop, platform)


def _message(rng: random.Random, product: Product) -> str:
    if product.bulky and rng.random() < 0.12:
        return "大件请送货上楼，没有电梯" if rng.random() < 0.6 else "送货前请打电话"
    return pick(rng, "buyer_message.plain")


def _real_order(
    rng: random.Random,
    numbers: Numbers,
    day: date,
    buyer: Buyer | None = None,
    product: Product | None = None,
    deal_at: datetime | None = None,
) -> Order:
    weights = [_product_weight(p, day) for p in PRODUCTS]
    product = product or _weighted(rng, PRODUCTS, weights)
    deal_at = deal_at or _moment(rng, day)
    lines = [_line(rng, product)]
    if product.key == "air_fryer" and rng.random() < ADD_ON_SHARE:
        lines.append(_line(rng, ADD_ON))
    unpaid = rng.random() < UNPAID_SHARE
    order = Order(
        order_id=numbers.order_id(deal_at),
        deal_at=deal_at,
        paid_at=None if unpaid else deal_at + timedelta(seconds=rng.randrange(20, 240)),
        lines=lines,
        buyer=buyer or _buyer(rng),
        buyer_message=_message(rng, product),
    )
    if unpaid:
        order.closed_at = deal_at + timedelta(minutes=rng.randrange(15, 60))
    if rng.random() < NOTE_SHARE:
        order.merchant_note = pick(rng, "merchant_note.plain")
    order.sf_upgrade = not product.bulky and rng.random() < SF_UPGRADE_SHARE
    return order


def _brushing_order(rng: random.Random, numbers: Numbers, index: int) -> Order:
    first, last = dates.BRUSHING_DAYS
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    evening = tuple(w if 18 <= h <= 23 else 0.3 for h, w in enumerate(_HOUR_WEIGHTS))
    deal_at = _moment(rng, day, evening)
    desk = next(p for p in PRODUCTS if p.key == "standing_desk")
    sku = rng.choice(desk.skus)
    cluster = rng.random() < 0.6
    if cluster:
        _, city, district, road = rng.choice(_BRUSHING_CLUSTER)
        region = next(r for r in REGIONS if r.city == city)
        buyer = Buyer(
            person_name(rng), phone(rng), region, district, f"{road}{rng.randrange(1, 9)}号"
        )
    else:
        buyer = _buyer(rng)
    order = Order(
        order_id=numbers.order_id(deal_at),
        deal_at=deal_at,
        paid_at=deal_at + timedelta(seconds=rng.randrange(10, 60)),
        lines=[Line(desk, sku, 1, 0.0, 0.0)],
        buyer=buyer,
        is_brushing=True,
        brushing_cluster=cluster,
    )
    roll = rng.random()
    if roll < 0.62:
        order.merchant_note = f"V-{deal_at:%m%d}-{index % 40 + 1:02d}"
    elif roll < 0.95:
        order.merchant_note = f"G-{index % 60 + 1:02d}"
    return order


def place_orders(
    rng: random.Random, numbers: Numbers, count: int
) -> tuple[list[Order], list[list[Order]]]:
    """All orders, sorted by deal time, and the groups of orders that ship in one parcel."""
    brushing = max(1, round(count * BRUSHING_SHARE))
    days = _order_days()
    day_weights = [dates.day_weight(day) for day in days]
    orders: list[Order] = []
    merged: list[list[Order]] = []
    while len(orders) < count - brushing:
        day = _weighted(rng, days, day_weights)
        order = _real_order(rng, numbers, day)
        orders.append(order)
        wants_pair = (
            order.paid_at is not None
            and not order.lines[0].product.bulky
            and len(orders) < count - brushing
            and rng.random() < MERGED_SHARE
        )
        if wants_pair:
            others = [p for p in PRODUCTS if not p.bulky and p.key != order.lines[0].product.key]
            partner = _real_order(
                rng,
                numbers,
                day,
                buyer=order.buyer,
                product=rng.choice(others),
                deal_at=order.deal_at + timedelta(minutes=rng.randrange(3, 100)),
            )
            if partner.paid_at is None:
                partner.paid_at = partner.deal_at + timedelta(seconds=90)
                partner.closed_at = None
            orders.append(partner)
            merged.append([order, partner])
    orders.extend(_brushing_order(rng, numbers, index) for index in range(brushing))
    orders.sort(key=lambda o: (o.deal_at, o.order_id))
    return orders, merged
