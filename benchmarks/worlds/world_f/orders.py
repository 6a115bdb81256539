"""Who buys what, when, where and for how much: the orders of world_f before anything ships."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from .catalog import COURIERS, PRODUCTS, PROVINCES, SURNAMES, Product
from .model import Buyer, Line, Order
from .season import FIRST_DAY, LAST_ORDER_DAY, Season, demand_level, lychee_ship_day
from .vocab import pick

_UNPAID_RATE = 0.03
_SECOND_LINE_RATE = 0.07
_COMBINED_RATE = 0.015
_BOOST_SHARE_IN_WINDOW = 0.09
_BOOST_ACCOUNTS = 14
_STREETS = (
    "人民路",
    "建设路",
    "解放路",
    "中山路",
    "新华街道",
    "城关镇",
    "和平里",
    "幸福小区",
    "科技园",
)
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲"


def _order_days(rng: random.Random, count: int) -> list[date]:
    days = [FIRST_DAY + timedelta(days=n) for n in range((LAST_ORDER_DAY - FIRST_DAY).days + 1)]
    weights = [demand_level(day) for day in days]
    return sorted(rng.choices(days, weights=weights, k=count))


def _order_moment(rng: random.Random, day: date) -> datetime:
    # evenings and lunch breaks are busiest
    hour = rng.choices(
        range(24),
        weights=[1, 1, 1, 1, 1, 1, 2, 4, 5, 6, 7, 8, 10, 10, 7, 6, 6, 7, 8, 10, 12, 12, 10, 5],
    )[0]
    return datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)))


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randrange(10)}{rng.randrange(10**8):08d}"


class BuyerPool:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._buyers: list[Buyer] = []

    def _new(self, province_name: str | None = None) -> Buyer:
        rng = self._rng
        if province_name is None:
            province = rng.choices(PROVINCES, weights=[p.weight for p in PROVINCES])[0]
        else:
            province = next(p for p in PROVINCES if p.name == province_name)
        city, districts = rng.choice(province.cities)
        buyer = Buyer(
            buyer_id=len(self._buyers) + 1,
            name=rng.choice(SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.choice((1, 2)))),
            phone=_phone(rng),
            province=province.name,
            city=city,
            district=rng.choice(districts),
            street=rng.choice(_STREETS),
        )
        self._buyers.append(buyer)
        return buyer

    def someone(self) -> Buyer:
        if self._buyers and self._rng.random() < 0.18:
            return self._rng.choice(self._buyers)
        return self._new()

    def boosting_ring(self) -> list[Buyer]:
        """The accounts a 刷单 helper uses: a few cities near the shop."""
        return [
            self._new(self._rng.choice(("广西壮族自治区", "广东省")))
            for _ in range(_BOOST_ACCOUNTS)
        ]


class OrderIds:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._taken: set[str] = set()

    def new(self, placed: datetime) -> str:
        while True:
            order_id = f"{placed:%y%m%d}-{self._rng.randrange(10**14, 10**15)}"
            if order_id not in self._taken:
                self._taken.add(order_id)
                return order_id


def _on_sale(day: date) -> list[Product]:
    return [product for product in PRODUCTS if product.on_sale[0] <= day <= product.on_sale[1]]


def _choose_product(rng: random.Random, day: date, exclude: Product | None = None) -> Product:
    choices = [product for product in _on_sale(day) if product is not exclude]
    return rng.choices(choices, weights=[product.demand for product in choices])[0]


def _choose_courier(rng: random.Random, product: Product, buyer: Buyer) -> tuple[str, bool]:
    """Courier code and whether the buyer paid for 顺丰."""
    if product.cold_chain:
        return "sf", False
    if rng.random() < (0.40 if product.code == "giftbox" else 0.05):
        return "sf", True
    far = buyer.province in ("新疆维吾尔自治区", "黑龙江省", "辽宁省")
    codes, weights = ("zto", "jt", "yd", "post"), (0.56, 0.22, 0.10, 0.12 if not far else 0.9)
    return rng.choices(codes, weights=weights)[0], False


def _discounts(rng: random.Random, order: Order, day: date) -> None:
    total = order.goods_total
    order.shop_discount = rng.choices(
        (0.0, 2.0, 3.0, 5.0), weights=(60, 18, 12, 10 if total > 40 else 0)
    )[0]
    in_618 = date(2026, 6, 1) <= day <= date(2026, 6, 18)
    if rng.random() < (0.4 if in_618 else 0.1):
        order.platform_discount = float(rng.randint(1, 5 if in_618 else 2))
    if rng.random() < 0.2:
        order.duoduo_discount = round(rng.uniform(0.1, 0.9), 2)


def _promise(order: Order) -> None:
    assert order.paid_at is not None
    ship_day = (
        lychee_ship_day(order.placed_at.date()) if order.main_product.code == "lychee" else None
    )
    if ship_day is not None:
        order.presale = True
        order.promise_ship_at = datetime.combine(ship_day, time(23, 59, 59))
    else:
        order.promise_ship_at = order.paid_at + timedelta(hours=48)


def _make_order(
    rng: random.Random, ids: OrderIds, buyer: Buyer, placed: datetime, product: Product
) -> Order:
    lines = [
        Line(product, rng.choice(product.skus), rng.choices((1, 2, 3), weights=(86, 12, 2))[0])
    ]
    if rng.random() < _SECOND_LINE_RATE and not product.cold_chain:
        extra = _choose_product(rng, placed.date(), exclude=product)
        if not extra.cold_chain:
            lines.append(Line(extra, rng.choice(extra.skus), 1))
    courier_code, sf_upgrade = _choose_courier(rng, product, buyer)
    order = Order(
        ids.new(placed), buyer, placed, lines, COURIERS[courier_code], sf_upgrade=sf_upgrade
    )
    _discounts(rng, order, placed.date())
    if rng.random() < _UNPAID_RATE:
        order.cancelled_at = placed + timedelta(minutes=rng.randint(20, 1440))
    else:
        order.paid_at = placed + timedelta(seconds=rng.randint(5, 240))
        _promise(order)
    if rng.random() < 0.12:
        order.message = pick(rng, "order_text", "buyer_message")
    if rng.random() < 0.06:
        order.note = pick(rng, "order_text", "merchant_note")
    return order


def _boosted_orders(
    rng: random.Random, ids: OrderIds, pool: BuyerPool, season: Season, count: int
) -> list[Order]:
    """Fake orders for the 芒果 launch, placed by a ring of accounts and tagged in 商家备注."""
    ring = pool.boosting_ring()
    mango = next(product for product in PRODUCTS if product.code == "mango")
    span = (season.boosting.end - season.boosting.start).days
    orders = []
    for _ in range(count):
        day = season.boosting.start + timedelta(days=rng.randint(0, span))
        order = _make_order(rng, ids, rng.choice(ring), _order_moment(rng, day), mango)
        order.lines = order.lines[:1]
        order.courier = COURIERS["yd"]
        order.sf_upgrade = False
        order.boosted = True
        order.cancelled_at = None
        order.paid_at = order.placed_at + timedelta(seconds=rng.randint(5, 60))
        _promise(order)
        order.trial = rng.random() < 0.2
        order.message = ""
        order.note = f"V-{rng.randint(100, 999)}" if rng.random() < 0.8 else order.note
        orders.append(order)
    return orders


def place_orders(rng: random.Random, season: Season, count: int) -> list[Order]:
    """`count` orders, sorted by when they were placed; a few pairs ship together later."""
    ids = OrderIds(rng)
    pool = BuyerPool(rng)
    boost_days = (season.boosting.end - season.boosting.start).days + 1
    boosted_count = round(count * _BOOST_SHARE_IN_WINDOW * boost_days / 119)
    orders = _boosted_orders(rng, ids, pool, season, boosted_count)
    for day in _order_days(rng, count - boosted_count):
        if len(orders) >= count:
            break
        buyer = pool.someone()
        placed = _order_moment(rng, day)
        product = _choose_product(rng, day)
        order = _make_order(rng, ids, buyer, placed, product)
        orders.append(order)
        if rng.random() < _COMBINED_RATE and not product.cold_chain and len(orders) < count:
            second_placed = placed + timedelta(minutes=rng.randint(3, 50))
            second = _make_order(rng, ids, buyer, second_placed, _choose_product(rng, day, product))
            if not second.main_product.cold_chain and second.paid_at and order.paid_at:
                second.courier = order.courier
                orders.append(second)
    orders.sort(key=lambda order: (order.placed_at, order.order_id))
    return orders[:count]
