"""Orders: regular demand, two boosting campaigns, a competitor's orders and merged follow-ups.

Shares of all orders: boosted 3.4 % (46 % 空包 empty parcels to the ring's addresses, 22 % token
gifts to the ring, 20 % sent to scraped real addresses, 12 % never handed to a courier; 15 % of them
¥0 trials, a fifth of the second campaign on the ¥0.1-5 top-up link; 82 % tagged in 商家备注),
follow-ups 2.5 % (the same buyer within hours, shipped in one parcel with the first: 合并发货),
a competitor's orders 0.3 %, unpaid orders 2 % of regular demand. 87 % of orders have one line;
0.2 % are bulk orders of an air fryer (six to ten units, over ¥1,000).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from .buyers import BuyerFactory
from .catalog import Catalog
from .model import Buyer, Line, Order, Product
from .timeline import Timeline, Window, allocate
from .vocab import Vocab

SHARE_BOOSTED = 0.034
SHARE_FOLLOWUP = 0.025
SHARE_ATTACK = 0.003
UNPAID_RATE = 0.02
MESSAGE_RATE = 0.09
SF_SURCHARGE_RATE = 0.012
BULK_RATE = 0.002
LINE_COUNT_WEIGHTS = (0.87, 0.11, 0.02)
QTY_WEIGHTS = {1: 0.85, 2: 0.11, 3: 0.03, 4: 0.007, 5: 0.003}
BOOST_MODES = {"empty": 0.46, "cluster": 0.22, "scraped": 0.20, "none_pickup": 0.12}
MESSAGE_KINDS = {"neutral": 0.55, "urgent": 0.20, "courier": 0.15, "worry": 0.10}
PAY_METHODS = {"微信支付": 0.55, "支付宝": 0.2, "多多支付": 0.2, "银行卡": 0.05}
SOURCES = {"拼多多APP": 0.86, "微信小程序": 0.10, "拼多多H5": 0.04}


@dataclass
class Plan:
    """The seed's choices: which SKUs go bad, which product is attacked, what is boosted."""

    defects: list[tuple[str, list[str], Window]]  # (product key, affected sku codes, window)
    attack_product: str
    boost_a_products: list[str]
    launch_product: str


def choose_plan(catalog: Catalog, timeline: Timeline, rng: random.Random) -> Plan:
    first = catalog.product(rng.choice(["kettle", "thermal", "earbuds"]))
    second = catalog.product(rng.choice(["socks", "lamp", "pan"]))
    defects = [
        (product.key, _batch_skus(product, rng), timeline.windows[window])
        for product, window in ((first, "defect_a"), (second, "defect_b"))
    ]
    launch = next(product.key for product in catalog.products if product.is_launch)
    boosted = rng.sample([p.key for p in catalog.sellable if p.key not in (launch, "fryer")], 2)
    attack = rng.choice([key for key in ("cup", "towel", "box") if key not in boosted] or ["cup"])
    return Plan(defects, attack, boosted, launch)


def _batch_skus(product: Product, rng: random.Random) -> list[str]:
    """A bad lot from the factory covers one SKU, or two sharing a colour or a mould."""
    count = 1 if len(product.skus) <= 2 or rng.random() < 0.5 else 2
    return [sku.code for sku in rng.sample(product.skus, count)]


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class OrderFactory:
    def __init__(
        self,
        catalog: Catalog,
        timeline: Timeline,
        buyers: BuyerFactory,
        vocab: Vocab,
        plan: Plan,
        rng: random.Random,
    ) -> None:
        self.catalog = catalog
        self.timeline = timeline
        self.buyers = buyers
        self.vocab = vocab
        self.plan = plan
        self.rng = rng

    # ------------------------------------------------------------ building blocks
    def _products_on_sale(self, moment: datetime) -> tuple[list[Product], list[float]]:
        launch_at = self.timeline.windows["boost_b"].start - timedelta(days=2)
        products = [p for p in self.catalog.sellable if p.key != self.plan.launch_product]
        if moment >= launch_at:
            products.append(self.catalog.product(self.plan.launch_product))
        return products, [product.weight for product in products]

    def _line(self, product: Product, qty: int | None = None) -> Line:
        sku = self.rng.choice(product.skus)
        return Line(product=product, sku=sku, qty=qty or _pick(self.rng, QTY_WEIGHTS))

    def _regular_lines(self, moment: datetime) -> list[Line]:
        products, weights = self._products_on_sale(moment)
        if self.rng.random() < BULK_RATE:
            return [self._line(self.catalog.product("fryer"), qty=self.rng.randint(6, 10))]
        count = self.rng.choices((1, 2, 3), weights=LINE_COUNT_WEIGHTS)[0]
        chosen: list[Product] = []
        while len(chosen) < count:
            product = self.rng.choices(products, weights=weights)[0]
            if product not in chosen:
                chosen.append(product)
        return [self._line(product) for product in chosen]

    def _order(self, buyer: Buyer, lines: list[Line], created_at: datetime, kind: str) -> Order:
        order = Order(
            order_id="",
            buyer=buyer,
            lines=lines,
            created_at=created_at,
            paid_at=created_at + timedelta(seconds=self.rng.randint(4, 240)),
            kind=kind,
            pay_method=_pick(self.rng, PAY_METHODS),
            source=_pick(self.rng, SOURCES),
            group_id=str(self.rng.randrange(10**11, 10**12)) if self.rng.random() < 0.7 else "",
        )
        return order

    def _with_message(self, order: Order) -> None:
        if self.rng.random() >= MESSAGE_RATE:
            return
        order.message_kind = _pick(self.rng, MESSAGE_KINDS)
        order.buyer_message = self.vocab.pick(f"buyer_message.{order.message_kind}", self.rng)
        if "顺丰" in order.buyer_message:
            order.sf_surcharge = True

    # ------------------------------------------------------------ order families
    def regular_orders(self, count: int) -> list[Order]:
        days = self.timeline.days()
        orders = []
        per_day = allocate(count, [self.timeline.day_weight(day) for day in days])
        for day, day_count in zip(days, per_day, strict=True):
            for _ in range(day_count):
                moment = self.timeline.random_moment(day, self.rng)
                order = self._order(
                    self.buyers.regular(), self._regular_lines(moment), moment, "regular"
                )
                self._with_message(order)
                if self.rng.random() < SF_SURCHARGE_RATE:
                    order.sf_surcharge = True
                if self.rng.random() < UNPAID_RATE:
                    order.paid_at = None
                    order.group_id = ""
                    order.cancel_kind = "unpaid"
                    order.cancelled_at = moment + timedelta(minutes=self.rng.randint(20, 1440))
                orders.append(order)
        return orders

    def boosted_orders(self, count: int) -> list[Order]:
        ring = self.buyers.ring(max(12, count // 4))
        windows = (self.timeline.windows["boost_a"], self.timeline.windows["boost_b"])
        orders = []
        for index in range(count):
            window = windows[0] if index < count * 0.55 else windows[1]
            moment = window.start + (window.end - window.start) * self.rng.random()
            moment = min(moment, self.timeline.end - timedelta(minutes=30))
            if window is windows[0]:
                product = self.catalog.product(self.rng.choice(self.plan.boost_a_products))
            elif self.rng.random() < 0.2:
                product = self.catalog.topup
            else:
                product = self.catalog.product(self.plan.launch_product)
            mode = _pick(self.rng, BOOST_MODES)
            buyer = self.buyers.scraped() if mode == "scraped" else self.rng.choice(ring)
            order = self._order(buyer, [self._line(product, qty=1)], moment, "boosted")
            order.boost_mode = mode
            order.zero_trial = not product.is_topup and self.rng.random() < 0.15
            order.source = "拼多多APP"
            order.pay_method = self.rng.choice(["微信支付", "多多支付"])
            if self.rng.random() < 0.82:
                tag = self._boost_tag(moment)
                order.notes.append((moment + timedelta(minutes=self.rng.randint(5, 180)), tag))
            orders.append(order)
        return orders

    def _boost_tag(self, moment: datetime) -> str:
        template = self.rng.choice(self.vocab.get("merchant_note.boost"))
        return template.format(
            mmdd=moment.strftime("%m%d"),
            nn=f"{self.rng.randrange(1, 60):02d}",
            nnn=f"{self.rng.randrange(1, 400):03d}",
            surname=self.rng.choice(self.vocab.get("people.surnames")),
        )

    def attacker_orders(self, count: int) -> list[Order]:
        attack = self.timeline.windows["attack"]
        accounts = self.buyers.attackers(max(3, count // 2))
        product = self.catalog.product(self.plan.attack_product)
        orders = []
        for _ in range(count):
            moment = attack.start - timedelta(days=self.rng.uniform(2.0, 6.0))
            moment = max(moment, self.timeline.start + timedelta(hours=1))
            orders.append(
                self._order(self.rng.choice(accounts), [self._line(product, 1)], moment, "attacker")
            )
        return orders

    def followups(self, parents: list[Order], count: int) -> list[Order]:
        eligible = [
            order
            for order in parents
            if order.paid_at
            and order.kind == "regular"
            and sum(line.qty for line in order.lines) < 6
        ]
        orders = []
        for parent in self.rng.sample(eligible, min(count, len(eligible))):
            moment = parent.created_at + timedelta(minutes=self.rng.randint(8, 300))
            if moment >= self.timeline.end:
                continue
            if self.rng.random() < 0.4 or parent.sf_surcharge:
                lines = [self._line(self.catalog.topup, qty=1)]
            else:
                products, weights = self._products_on_sale(moment)
                lines = [self._line(self.rng.choices(products, weights=weights)[0])]
            child = self._order(parent.buyer, lines, moment, "followup")
            child.parent = parent
            parent.followups.append(child)
            orders.append(child)
        return orders


def price(order: Order, rng: random.Random) -> None:
    """Fill each line's money the way the export shows it: discounts split across lines."""
    goods = [round(line.sku.price * line.qty, 2) for line in order.lines]
    total = sum(goods) or 1.0
    shop = platform = pay = postage = 0.0
    if order.zero_trial:
        shop = total
    else:
        coupon = rng.choice((1.0, 2.0, 3.0, 5.0))
        if rng.random() < 0.3 and coupon <= total * 0.2:
            shop = coupon
        if rng.random() < 0.15 and total >= 9:
            platform = round(rng.uniform(0.5, min(3.0, total * 0.1)), 2)
        if order.pay_method == "多多支付" and rng.random() < 0.5:
            pay = round(rng.uniform(0.1, 1.0), 2)
        if order.buyer.region.tier == 3 and not order.lines[0].product.is_topup:
            postage = rng.choice((8.0, 10.0, 12.0))
    for index, (line, amount) in enumerate(zip(order.lines, goods, strict=True)):
        share = amount / total
        line.goods_total = amount
        line.postage = postage if index == 0 else 0.0
        line.shop_discount = round(shop * share, 2)
        line.platform_discount = round(platform * share, 2)
        line.pay_discount = round(pay * share, 2)
        paid = amount + line.postage - line.shop_discount - line.platform_discount
        line.paid = max(0.0, round(paid - line.pay_discount, 2))
        line.received = round(line.paid + line.platform_discount + line.pay_discount, 2)


def assign_ids(orders: list[Order], rng: random.Random) -> None:
    """`YYMMDD-` + 15 digits, the prefix being the order's date."""
    seen: set[str] = set()
    for order in orders:
        while True:
            order_id = f"{order.created_at:%y%m%d}-{rng.randrange(10**14, 10**15)}"
            if order_id not in seen:
                seen.add(order_id)
                order.order_id = order_id
                break


def generate_orders(
    total: int,
    timeline: Timeline,
    catalog: Catalog,
    buyers: BuyerFactory,
    vocab: Vocab,
    plan: Plan,
    rng: random.Random,
) -> list[Order]:
    factory = OrderFactory(catalog, timeline, buyers, vocab, plan, rng)
    boosted = round(total * SHARE_BOOSTED)
    attack = max(6, round(total * SHARE_ATTACK))
    follow = round(total * SHARE_FOLLOWUP)
    regular = factory.regular_orders(total - boosted - attack - follow)
    orders = regular + factory.boosted_orders(boosted) + factory.attacker_orders(attack)
    orders += factory.followups(regular, follow)
    # A follow-up that fell past the last export is replaced by one more regular order.
    orders += factory.regular_orders(total - len(orders)) if len(orders) < total else []
    orders.sort(key=lambda order: order.created_at)
    for order in orders:
        price(order, rng)
    assign_ids(orders, rng)
    return orders
