"""Who buys what and when: ordinary buyers, buyers who place a second order the same day (their
parcels go out together, 合并发货), the 刷手 of boosted orders and the ¥0.01 trial ring.

Shares of the order count: 1.6 % trial ring, 2.5 % boosted, about 2.5 % second orders that get
merged, the rest ordinary. Everything scales linearly with `--orders`.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import season
from .catalog import BOOSTED_PRODUCTS, TRIAL_PRODUCTS, Catalog, Product
from .chance import coin, hours
from .geography import BY_NAME, TRIAL_RING_PLACE, Place, pick_place
from .model import Buyer, Line, Order
from .vocab import pool

TRIAL_SHARE = 0.016
BOOSTED_SHARE = 0.025
SECOND_ORDER_SHARE = 0.025
UNPAID_SHARE = 0.015
SF_UPGRADE_SHARE = 0.02
TWO_LINE_SHARE = 0.06
MESSAGE_SHARE = 0.12

#: when in the day buyers order (evening peak)
_HOUR_WEIGHTS = (0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.2, 1.5, 1.8, 2.0,
                 2.2, 1.8, 1.6, 1.5, 1.5, 1.6, 1.9, 2.4, 2.8, 3.0, 2.6, 1.4)


class OrderFactory:
    """Draws orders one at a time, keeping order ids unique."""

    def __init__(self, rng: random.Random, catalog: Catalog):
        self.rng = rng
        self.catalog = catalog
        self._ids: set[str] = set()

    def order_id(self, placed: datetime) -> str:
        while True:
            candidate = f"{placed:%y%m%d}-{self.rng.randrange(10**14, 10**15)}"
            if candidate not in self._ids:
                self._ids.add(candidate)
                return candidate

    def buyer(self, place: Place | None = None) -> Buyer:
        rng = self.rng
        name = rng.choice(pool("names", "surnames")) + "".join(
            rng.choice(pool("names", "given")) for _ in range(rng.choice((1, 2))))
        phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
        return Buyer(name, phone, place or pick_place(rng, pool("names", "streets")))

    def moment(self, day: datetime) -> datetime:
        hour = self.rng.choices(range(24), _HOUR_WEIGHTS)[0]
        return day + timedelta(hours=hour, seconds=self.rng.randrange(3600))

    def line(self, product: Product, unit_cents: int | None = None) -> Line:
        sku = self.catalog.pick_sku(self.rng, product)
        qty = 2 if coin(self.rng, 0.05) else 1
        return Line(sku, qty, product.price_cents if unit_cents is None else unit_cents)

    def order(self, kind: str, buyer: Buyer, placed: datetime, lines: list[Line]) -> Order:
        rng = self.rng
        order = Order(self.order_id(placed), kind, buyer, placed, lines)
        order.paid_at = placed + timedelta(seconds=rng.randrange(5, 180))
        order.group_id = str(rng.randrange(10**11, 10**12)) if coin(rng, 0.35) else ""
        if kind == "normal":
            _discount(rng, order)
        return order


def _discount(rng: random.Random, order: Order) -> None:
    goods = order.goods_cents
    if goods >= 15000:
        order.shop_discount = rng.choices((0, 1000, 2000), (0.4, 0.4, 0.2))[0]
    elif goods >= 5000:
        order.shop_discount = rng.choices((0, 500), (0.6, 0.4))[0]
    if coin(rng, 0.3):
        order.platform_discount = rng.randrange(100, 800)
    if coin(rng, 0.2):
        order.pay_discount = rng.randrange(50, 300)


def _pick_day(rng: random.Random, days: list, weights: list[float]) -> datetime:
    day = rng.choices(days, weights)[0]
    return datetime(day.year, day.month, day.day)


def _day_in(rng: random.Random, windows: tuple[season.Window, ...]) -> datetime:
    window = rng.choices(windows, [(w.end - w.start).days for w in windows])[0]
    span = (window.end - window.start).days
    start = window.start + timedelta(days=rng.randrange(span))
    return datetime(start.year, start.month, start.day)


def ordinary_orders(factory: OrderFactory, count: int) -> list[Order]:
    rng, orders = factory.rng, []
    days = season.season_days()
    weights = [season.daily_weight(day) for day in days]
    while len(orders) < count:
        placed = factory.moment(_pick_day(rng, days, weights))
        product = factory.catalog.pick_product(rng, placed.month)
        lines = [factory.line(product)]
        if coin(rng, TWO_LINE_SHARE):
            extra = factory.catalog.pick_product(rng, placed.month)
            if extra.key != product.key:
                lines.append(factory.line(extra))
        order = factory.order("normal", factory.buyer(), placed, lines)
        if coin(rng, UNPAID_SHARE):
            order.paid_at = None
            order.closed_at = placed + hours(rng, 0.25, 8)
        order.sf_upgrade = coin(rng, SF_UPGRADE_SHARE)
        if coin(rng, MESSAGE_SHARE):
            order.message = rng.choice(pool("buyer_messages", "pool"))
        elif datetime(2026, 2, 1) <= placed < datetime(2026, 2, 14) and coin(rng, 0.2):
            order.message = "过年要穿，年前能到吗"
        if coin(rng, 0.03):
            order.note = rng.choice(pool("notes", "genuine"))
        orders.append(order)
        if coin(rng, SECOND_ORDER_SHARE) and len(orders) < count and order.paid_at:
            orders.append(_second_order(factory, order))
    return orders


def _second_order(factory: OrderFactory, first: Order) -> Order:
    """The same buyer comes back within hours for an add-on (a sweater, leggings)."""
    rng = factory.rng
    placed = first.placed_at + hours(rng, 0.15, 5)
    product = factory.catalog.products[rng.choice(("P5", "P6", "P7", "P8"))]
    second = factory.order("normal", first.buyer, placed, [factory.line(product)])
    second.sf_upgrade = first.sf_upgrade
    return second


def boosted_orders(factory: OrderFactory, count: int) -> list[Order]:
    """刷单: 刷手 accounts all over the country buy the down coats at full price; the shop pays
    them back off-platform and ships an empty parcel through a gift-parcel service (礼品代发)."""
    rng, orders = factory.rng, []
    codes = pool("notes", "boosting")
    for _ in range(count):
        placed = factory.moment(_day_in(rng, season.BOOSTING))
        product = factory.catalog.products[rng.choice(BOOSTED_PRODUCTS)]
        order = factory.order("boosted", factory.buyer(), placed, [factory.line(product)])
        order.lines[0].qty = 1
        if coin(rng, 0.8):
            order.note = rng.choice(codes).format(n4=f"{rng.randrange(10000):04d}",
                                                  n3=f"{rng.randrange(1000):03d}")
        orders.append(order)
    return orders


def trial_orders(factory: OrderFactory, count: int) -> list[Order]:
    """The ¥0.01 trial listings the shop opened to inflate sales counts, taken by a ring of
    accounts that all ship to villages of one county."""
    rng, orders = factory.rng, []
    province, city, district = TRIAL_RING_PLACE
    accounts = []
    surname = rng.choice(pool("names", "surnames"))
    base_phone = rng.randrange(10**8)
    for k in range(max(3, count // 4)):
        village = f"{rng.choice(('胡', '王', '李', '张'))}庄村{k % 7 + 1}组"
        place = Place(BY_NAME[province], city, district, village)
        name = surname + rng.choice(pool("names", "given"))
        accounts.append(Buyer(name, f"15{(base_phone + 17 * k) % 10**9:09d}", place))
    for _ in range(count):
        placed = factory.moment(_day_in(rng, (season.TRIAL_RING,)))
        product = factory.catalog.products[rng.choice(TRIAL_PRODUCTS)]
        unit = rng.choice((1, 1, 1, 10, 99, 199))
        order = factory.order("trial", rng.choice(accounts), placed, [factory.line(product, unit)])
        order.lines[0].qty = 1
        orders.append(order)
    return orders


def all_orders(factory: OrderFactory, total: int) -> list[Order]:
    trial = round(total * TRIAL_SHARE)
    boosted = round(total * BOOSTED_SHARE)
    orders = (ordinary_orders(factory, total - trial - boosted) + boosted_orders(factory, boosted)
              + trial_orders(factory, trial))
    orders.sort(key=lambda o: (o.placed_at, o.order_id))
    for order in orders:
        if order.paid_at is not None:
            order.promise_ship_at = _promise(order.paid_at)
    return orders


def _promise(paid: datetime) -> datetime:
    """48 hours after payment; orders paid over the shop's 春节 break get the holiday deadline."""
    if datetime(2026, 2, 10) <= paid < season.SHOP_CLOSED.end:
        return season.HOLIDAY_PROMISE
    return paid + timedelta(hours=48)
