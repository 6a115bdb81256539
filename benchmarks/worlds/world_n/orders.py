"""Who buys what and when: buyers, buyer clusters, orders, money, payment.

Step one of the simulation (simulate.py runs the steps in order).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from . import season, wording
from .catalog import (
    GIVEN_CHARS,
    PHONE_PREFIXES,
    PRODUCT_BY_KEY,
    PRODUCTS,
    PROVINCE_BY_NAME,
    PROVINCES,
    STREETS,
    SURNAMES,
)
from .model import Buyer, Line, Order

H = timedelta(hours=1)

#: share of all orders that are 刷单 (placed by the shop's own helpers) and 0元试用 give-aways
BOOST_SHARE = 0.035
TRIAL_SHARE = 0.025
#: share of orders that are a second order by the same buyer minutes after the first
#: (合并发货 candidates)
SIBLING_SHARE = 0.02
REPEAT_BUYER = 0.12
UNPAID = 0.03
HOUR_WEIGHTS = (
    1.2,
    0.6,
    0.3,
    0.2,
    0.2,
    0.3,
    0.6,
    1.2,
    2.2,
    3.0,
    3.4,
    3.4,
    3.0,
    2.6,
    2.5,
    2.5,
    2.4,
    2.4,
    2.6,
    3.0,
    3.6,
    4.2,
    4.0,
    2.6,
)

BOOST_CLUSTERS = (
    ("广东省", "揭阳市", "普宁市"),
    ("湖南省", "邵阳市", "隆回县"),
    ("河南省", "周口市", "项城市"),
    ("江西省", "赣州市", "于都县"),
    ("广西壮族自治区", "玉林市", "容县"),
)
TRIAL_CLUSTERS = (
    ("河南省", "周口市", "郸城县"),
    ("安徽省", "阜阳市", "临泉县"),
    ("山东省", "临沂市", "兰山区"),
)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(
        rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2)))
    )


def _phone(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def new_buyer(rng: random.Random) -> Buyer:
    province = rng.choices(PROVINCES, weights=[p.weight for p in PROVINCES])[0]
    city, districts = rng.choice(province.cities)
    return Buyer(
        _name(rng), _phone(rng), province, city, rng.choice(districts), rng.choice(STREETS)
    )


def cluster_accounts(rng: random.Random, places, size: tuple[int, int], tag: str) -> list[Buyer]:
    """Accounts that share a handful of addresses and phone ranges."""
    accounts = []
    for n, (province, city, district) in enumerate(places):
        streets = rng.sample(STREETS, 2)
        phone_head = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**4):04d}"
        for _ in range(rng.randint(*size)):
            accounts.append(
                Buyer(
                    _name(rng),
                    phone_head + f"{rng.randrange(10**4):04d}",
                    PROVINCE_BY_NAME[province],
                    city,
                    district,
                    rng.choice(streets),
                    cluster=f"{tag}:{n}",
                )
            )
    return accounts


def _days() -> list[date]:
    days = []
    day = season.FIRST_DAY
    while day <= season.LAST_ORDER_AT.date():
        days.append(day)
        day += timedelta(days=1)
    return days


def _at(rng: random.Random, day: date) -> datetime:
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    at = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))
    return min(at, season.LAST_ORDER_AT - timedelta(minutes=rng.randrange(1, 600)))


def _product_weights(day: date) -> list[float]:
    month = season.month_index(day)
    return [
        0.0
        if p.launch_day and day.isoformat() < p.launch_day
        else p.base_weight * p.month_weights[month]
        for p in PRODUCTS
    ]


def _line(rng: random.Random, product, cheap: bool = False) -> Line:
    skus = product.skus
    sku = skus[0] if cheap else rng.choices(skus, weights=[s.weight for s in skus])[0]
    doubled = (sku.price < 40 and rng.random() < 0.08) or (product.heavy and rng.random() < 0.03)
    qty = 2 if doubled else 1
    return Line(product, sku, qty)


def make_orders(rng: random.Random, n_orders: int) -> list[Order]:
    n_boost = round(n_orders * BOOST_SHARE)
    n_trial = round(n_orders * TRIAL_SHARE)
    n_sibling = round(n_orders * SIBLING_SHARE)
    n_genuine = n_orders - n_boost - n_trial - n_sibling
    days = _days()
    day_weights = [season.day_demand(day) * (0.35 if day == days[-1] else 1.0) for day in days]
    weights_by_day = {day: _product_weights(day) for day in days}
    known: list[Buyer] = []
    orders: list[Order] = []

    chosen_days = rng.choices(days, weights=day_weights, k=n_genuine)
    for day in chosen_days:
        buyer = rng.choice(known) if known and rng.random() < REPEAT_BUYER else new_buyer(rng)
        known.append(buyer)
        product = rng.choices(PRODUCTS, weights=weights_by_day[day])[0]
        lines = [_line(rng, product)]
        if rng.random() < 0.05:  # a second SKU of the same product
            other = [s for s in product.skus if s is not lines[0].sku]
            lines.append(Line(product, rng.choice(other), 1))
        orders.append(Order(0, "", _at(rng, day), buyer, lines, "genuine"))

    boosters = cluster_accounts(rng, BOOST_CLUSTERS, (8, 14), "boost")
    for campaign in rng.choices(
        season.BOOST_CAMPAIGNS, weights=[c.share for c in season.BOOST_CAMPAIGNS], k=n_boost
    ):
        at = campaign.start + (campaign.end - campaign.start) * rng.random()
        at = at.replace(hour=rng.choice((9, 10, 11, 14, 15, 16, 20, 21, 22, 23)))
        product = PRODUCT_BY_KEY[rng.choice(campaign.products)]
        orders.append(Order(0, "", at, rng.choice(boosters), [_line(rng, product)], "boost"))

    trialists = cluster_accounts(rng, TRIAL_CLUSTERS, (15, 25), "trial")
    for campaign in rng.choices(
        season.TRIAL_CAMPAIGNS, weights=[c.share for c in season.TRIAL_CAMPAIGNS], k=n_trial
    ):
        at = campaign.start + (campaign.end - campaign.start) * rng.random()
        product = PRODUCT_BY_KEY[rng.choice(campaign.products)]
        buyer = rng.choice(trialists) if rng.random() < 0.55 else new_buyer(rng)
        orders.append(Order(0, "", at, buyer, [_line(rng, product, cheap=True)], "trial"))

    firsts = rng.sample(
        [o for o in orders if o.kind == "genuine" and not o.lines[0].product.heavy], n_sibling
    )
    cheap = [p for p in PRODUCTS if p.skus[0].price < 40 and not p.launch_day]
    for first in firsts:
        at = first.created_at + timedelta(minutes=rng.uniform(5, 150))
        orders.append(
            Order(
                0,
                "",
                min(at, season.LAST_ORDER_AT),
                first.buyer,
                [_line(rng, rng.choice(cheap))],
                "genuine",
                sibling_of=first,
            )
        )

    orders.sort(key=lambda o: (o.created_at, o.buyer.phone, o.lines[0].sku.code))
    used: dict[str, bool] = {}
    for idx, order in enumerate(orders):
        order.idx = idx
        while True:
            oid = f"{order.created_at:%y%m%d}-{rng.randrange(10**14, 10**15)}"
            if oid not in used:
                used[oid] = True
                break
        order.order_id = oid
        _details(rng, order)
    return orders


def _details(rng: random.Random, order: Order) -> None:
    """Payment, money, promises, messages and the 2023 layout's extra fields."""
    day = order.created_at.date()
    if order.kind == "genuine" and rng.random() < UNPAID:
        order.cancelled_at = order.created_at + 24 * H
    else:
        order.paid_at = order.created_at + timedelta(seconds=rng.randint(8, 600))
    goods = order.goods
    heavy = any(line.product.heavy for line in order.lines)
    order.postage = order.buyer.province.postage
    if order.kind == "genuine" and not heavy and rng.random() < 0.03:
        order.sf_upgrade = True
        order.postage += rng.choice((6.0, 8.0, 10.0))
    if order.kind == "trial":
        order.shop_discount = goods + order.postage - rng.choice((0.0, 0.0, 0.0, 0.0, 0.01, 1.0))
    elif order.kind == "genuine":
        if date(2026, 6, 1) <= day <= date(2026, 6, 18) and rng.random() < 0.30:
            order.shop_discount = min(goods * 0.3, rng.choice((3.0, 5.0, 10.0, 20.0)))
        elif goods >= 59 and rng.random() < 0.15:
            order.shop_discount = rng.choice((5.0, 5.0, 10.0))
        if date(2026, 6, 1) <= day <= date(2026, 6, 18) and rng.random() < 0.2:
            order.platform_discount = round(goods * 0.05, 2)
        elif rng.random() < 0.04:
            order.platform_discount = float(rng.choice((1, 2, 3)))
        if rng.random() < 0.05:
            order.duoduo_discount = rng.choice((0.5, 1.0, 1.5, 2.0))
    order.shop_discount = round(order.shop_discount, 2)
    order.merchant_amount = round(goods + order.postage - order.shop_discount, 2)
    order.paid_amount = round(
        max(0.0, order.merchant_amount - order.platform_discount - order.duoduo_discount), 2
    )
    if order.paid_at:
        promise = max(line.product.promise_hours for line in order.lines)
        order.promise_ship_at = order.paid_at + promise * H
        if rng.random() < 0.65:
            zone_days = (1, 2, 3, 3, 4, 6)[order.buyer.province.zone]
            order.promise_deliver_at = (order.promise_ship_at + (zone_days + 1) * 24 * H).replace(
                hour=23, minute=59, second=59
            )
    if order.kind == "genuine":
        if date(2026, 5, 18) <= day <= date(2026, 5, 31) and rng.random() < 0.3:
            order.gift_deadline = datetime(2026, 6, 1, 18, 0)
            if rng.random() < 0.35:
                order.buyer_message = rng.choice(wording.GIFT_MESSAGES)
        elif rng.random() < 0.025:
            order.gift_deadline = order.created_at + timedelta(days=rng.randint(4, 7))
            order.buyer_message = "孩子生日礼物 请尽快发货"
        if not order.buyer_message and rng.random() < 0.08:
            order.buyer_message = rng.choice(wording.BUYER_MESSAGES)
        if rng.random() < 0.03 and order.paid_at:
            note = rng.choice(wording.GENUINE_NOTES)
            order.notes.append((order.paid_at + rng.uniform(0.2, 20) * H, note))
    order.group_id = str(rng.randrange(10**11, 10**12))
    order.pay_method = rng.choices(
        ("微信支付", "支付宝", "多多钱包", "银行卡"), weights=(60, 25, 10, 5)
    )[0]
    order.source = rng.choices(
        ("拼多多APP", "拼多多小程序", "百亿补贴", "多多进宝", "直播"), weights=(70, 12, 8, 6, 4)
    )[0]
    if heavy and rng.random() < 0.2:
        order.installments = rng.choice((3, 6, 12))
