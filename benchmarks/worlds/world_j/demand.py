"""Who orders what, when, at which price: the season's demand, including the orders that are not
what they seem (brushing, trial rings, presale)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from . import catalog as cat
from . import wording
from .model import Buyer, Line, Order

_HOUR_WEIGHTS = (3, 2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 7, 6, 5, 5, 5, 6, 7, 8, 10, 11, 10, 6)


def _day_weight(day: date) -> float:
    weight = {8: 1.0, 9: 1.08, 10: 1.05, 11: 1.2}[day.month]
    if day.weekday() >= 5:
        weight *= 1.12
    if date(2026, 10, 1) <= day <= date(2026, 10, 7):
        weight *= 0.85
    if date(2026, 10, 20) <= day <= date(2026, 10, 31):
        weight *= 1.35
    if date(2026, 11, 1) <= day <= date(2026, 11, 10):
        weight *= 1.55
    if day == date(2026, 11, 11):
        weight *= 4.5
    if date(2026, 11, 12) <= day <= date(2026, 11, 20):
        weight *= 1.15
    if date(2026, 9, 14) <= day <= date(2026, 9, 16):
        weight *= 0.8
    return weight


def price_on(product_key: str, list_price: float, moment: datetime) -> float:
    price = list_price
    if list_price < 1:
        return list_price
    for key, since, factor in cat.PRICE_CUTS:
        if key in ("*", product_key) and moment >= since and not (
                key == "*" and moment >= datetime(2026, 11, 21)):
            price *= factor
    if price == list_price:
        return list_price
    return round(int(price) + 0.9, 2)


class Demand:
    def __init__(self, rng: random.Random, orders: int) -> None:
        self.rng = rng
        self.target = orders
        self.used_ids: set[str] = set()
        self.buyer_count = 0
        self.ring_buyers = [self._buyer(place) for place in cat.TRIAL_RING_PLACES
                            for _ in range(18)]
        days = []
        day = cat.SEASON_START
        while day < cat.SEASON_END:
            days.append(day)
            day += timedelta(days=1)
        self.days = days
        self.day_weights = [_day_weight(d) for d in days]
        self.province_weights = [p.weight for p in cat.PROVINCES]
        self.regulars: list[Buyer] = []

    # --- buyers
    def _buyer(self, place: tuple[str, str, str] | None = None) -> Buyer:
        rng = self.rng
        self.buyer_count += 1
        if place is None:
            province = rng.choices(cat.PROVINCES, self.province_weights)[0]
            city, districts = rng.choice(province.cities)
            place = (province.name, city, rng.choice(districts))
        name = rng.choice(wording.SURNAMES) + "**"
        phone = f"1{rng.choice('3578')}{rng.randrange(10)}****{rng.randrange(10000):04d}"
        return Buyer(f"B{self.buyer_count:06d}", name, phone, *place, rng.choice(cat.STREETS))

    def _pick_buyer(self) -> Buyer:
        if self.regulars and self.rng.random() < 0.14:
            return self.rng.choice(self.regulars)
        buyer = self._buyer()
        if self.rng.random() < 0.3:
            self.regulars.append(buyer)
        return buyer

    # --- ids and times
    def order_id(self, moment: datetime) -> str:
        while True:
            candidate = f"{moment:%y%m%d}-{self.rng.randrange(10 ** 14, 10 ** 15)}"
            if candidate not in self.used_ids:
                self.used_ids.add(candidate)
                return candidate

    def _moment(self) -> datetime:
        day = self.rng.choices(self.days, self.day_weights)[0]
        hour = self.rng.choices(range(24), _HOUR_WEIGHTS)[0]
        return datetime(day.year, day.month, day.day, hour) + timedelta(
            seconds=self.rng.randrange(3600))

    # --- baskets
    def _products_on(self, moment: datetime) -> tuple[list, list[float]]:
        products, weights = [], []
        for product in cat.PRODUCTS:
            weight = product.weight
            if product.key == "giftbox":
                weight = 1.4 if moment >= datetime(2026, 10, 20) else 0.0
            if product.key == "sunscreen" and moment.month >= 10:
                weight *= 0.45
            if product.key in ("lotion", "eyecream") and moment.month >= 10:
                weight *= 1.3
            products.append(product)
            weights.append(weight)
        return products, weights

    def _line(self, product, moment: datetime, sku=None) -> Line:
        rng = self.rng
        if sku is None:
            skus = [s for s in product.skus if s.price >= 1] or list(product.skus)
            sku = rng.choice(skus)
        quantity = 1 if rng.random() < 0.86 else rng.choice((2, 2, 3))
        return Line(product, sku, quantity, price_on(product.key, sku.price, moment))

    def _basket(self, moment: datetime) -> list[Line]:
        products, weights = self._products_on(moment)
        first = self.rng.choices(products, weights)[0]
        lines = [self._line(first, moment)]
        if self.rng.random() < 0.08:
            second = self.rng.choices(products, weights)[0]
            if second is not first:
                lines.append(self._line(second, moment))
        return lines

    # --- orders
    def _order(self, moment: datetime, buyer: Buyer, lines: list[Line]) -> Order:
        rng = self.rng
        order = Order(self.order_id(moment), buyer, moment, lines)
        goods = order.goods_total
        order.postage = 0.0 if goods >= 19 or rng.random() < 0.7 else 3.0
        if goods >= 59 and rng.random() < 0.5:
            order.shop_discount = float(rng.choice((3, 5, 10)))
        if rng.random() < 0.25:
            order.platform_discount = round(min(goods * 0.1, rng.choice((1, 2, 3, 5))), 2)
        if rng.random() < 0.12:
            order.pay_discount = round(rng.choice((0.5, 1.0, 1.5)), 2)
        order.shop_discount = min(order.shop_discount, max(0.0, goods - 1))
        order.note = rng.choice(wording.NOTES_ORDINARY)
        order.message = rng.choice(wording.BUYER_MESSAGES)
        order.sf_upgrade = rng.random() < 0.025
        order.group_id = str(rng.randrange(10 ** 11, 10 ** 12))
        return order

    def _brushing_order(self, moment: datetime) -> Order:
        rng = self.rng
        product = cat.PRODUCT_BY_KEY[rng.choice(
            ("lipstick", "serum", "giftbox") if moment >= datetime(2026, 10, 20)
            else ("lipstick", "serum", "mask"))]
        order = self._order(moment, self._buyer(), [self._line(product, moment)])
        order.lines[0].quantity = 1
        order.brushed = True
        order.message = ""
        prefix = rng.choice(wording.BRUSHING_NOTE_PREFIXES)
        if rng.random() < 0.12:
            order.note = ""
        elif prefix.startswith("放单"):
            order.note = prefix + rng.choice(wording.SURNAMES) + "姐"
        else:
            order.note = f"{prefix}{moment:%m%d}-{rng.randrange(1, 40):02d}"
        return order

    def _trial_order(self, moment: datetime, buyer: Buyer) -> Order:
        product = cat.PRODUCT_BY_KEY["eyecream"]
        trial_sku = product.skus[1]
        order = self._order(moment, buyer, [Line(product, trial_sku, 1, trial_sku.price)])
        order.postage = order.shop_discount = order.platform_discount = order.pay_discount = 0.0
        order.is_trial = True
        order.note = ""
        return order

    def generate(self) -> list[Order]:
        rng = self.rng
        orders: list[Order] = []
        presale_count = int(self.target * 0.035)
        while len(orders) < self.target - presale_count:
            moment = self._moment()
            if any(w.holds(moment) for w in cat.BRUSHING) and rng.random() < 0.05:
                orders.append(self._brushing_order(moment))
                continue
            if any(w.holds(moment) for w in cat.TRIAL_RING) and rng.random() < 0.035:
                ring_order = self._trial_order(moment, rng.choice(self.ring_buyers))
                ring_order.ring = True
                orders.append(ring_order)
                continue
            if rng.random() < 0.008:
                orders.append(self._trial_order(moment, self._pick_buyer()))
                continue
            order = self._order(moment, self._pick_buyer(), self._basket(moment))
            orders.append(order)
            if rng.random() < 0.022 and len(orders) < self.target - presale_count:
                later = moment + timedelta(minutes=rng.randrange(8, 170))
                companion = self._order(later, order.buyer, self._basket(later))
                companion.merged_with = order.order_id
                order.merged_with = companion.order_id
                orders.append(companion)
        giftbox = cat.PRODUCT_BY_KEY["giftbox"]
        while len(orders) < self.target:
            moment = cat.PRESALE_FINAL_PAYMENT + timedelta(seconds=rng.randrange(2 * 3600))
            lines = [self._line(giftbox, moment)] if rng.random() < 0.7 else self._basket(moment)
            order = self._order(moment, self._pick_buyer(), lines)
            order.presale = True
            order.note = "双11预售" if rng.random() < 0.6 else ""
            orders.append(order)
        orders.sort(key=lambda o: (o.created_at, o.order_id))
        return orders
