"""Placing the orders: real buyers by day and hour, and the boosting studio's fake orders."""

from __future__ import annotations

from datetime import datetime, timedelta
from random import Random

from .catalog import Catalog
from .episodes import Campaign, Episodes
from .model import Address, Buyer, Line, Order, Product
from .params import HOUR, MINUTE, Calendar, Rates

# share of the day's orders per hour: a lunch bump and a long evening peak
HOUR_WEIGHTS = (
    2,
    1,
    0.6,
    0.4,
    0.3,
    0.4,
    0.8,
    1.6,
    2.6,
    3.2,
    3.6,
    4.0,
    4.6,
    4.2,
    3.6,
    3.4,
    3.4,
    3.6,
    4.0,
    4.8,
    5.8,
    6.6,
    6.4,
    4.2,
)
REMOTE = {"新疆维吾尔自治区", "西藏自治区", "青海省", "宁夏回族自治区", "甘肃省", "内蒙古自治区"}
PAY_METHODS = ("微信支付", "支付宝", "多多支付", "银行卡支付")
PAY_WEIGHTS = (0.55, 0.2, 0.22, 0.03)


class OrderDesk:
    """Creates orders; tracks the repeat-buyer pool and the studio's accounts."""

    def __init__(
        self, catalog: Catalog, episodes: Episodes, calendar: Calendar, rates: Rates, rng: Random
    ) -> None:
        self.catalog = catalog
        self.episodes = episodes
        self.calendar = calendar
        self.rates = rates
        self.rng = rng
        self.buyers: list[Buyer] = []
        self.studio_points: list[Address] = catalog.studio_addresses(3)
        self.studio_accounts: list[Buyer] = []
        self.tag_counter = rng.randint(20, 300)
        self.group_counter = 0

    # timing ------------------------------------------------------------------------------

    def _moment(self, day_offset: int) -> datetime:
        rng = self.rng
        hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
        return (
            self.calendar.at(day_offset) + hour * HOUR + rng.randint(0, 3599) * timedelta(seconds=1)
        )

    def _days(self) -> list[float]:
        first = self.calendar.first_day
        return [
            self.episodes.volume_factor(first + timedelta(days=n))
            for n in range(self.calendar.days)
        ]

    # building blocks ---------------------------------------------------------------------

    def _product(self, moment: datetime) -> Product:
        products = self.catalog.products
        weights = []
        for product in products:
            weight = product.popularity
            if product.key == self.episodes.storm_product and moment > self.episodes.storm.start:
                weight *= 0.7  # the storm costs the product some buyers
            weights.append(weight)
        return self.rng.choices(products, weights)[0]

    def _lines(self, product: Product, kind: str) -> list[Line]:
        rng = self.rng
        quantity = 1
        if kind == "real" and product.skus[0].price < 500:
            quantity = rng.choices((1, 2, 3, 4), (0.84, 0.12, 0.03, 0.01))[0]
        first = rng.choice(product.skus)
        lines = [Line(product, first, quantity)]
        others = [sku for sku in product.skus if sku != first]
        if kind == "real" and others and rng.random() < self.rates.two_lines:
            lines.append(Line(product, rng.choice(others), 1))
        return lines

    def _money(self, order: Order, moment: datetime) -> None:
        rng = self.rng
        goods = order.goods_amount
        if order.buyer.address.province in REMOTE:
            order.postage = float(rng.choice((8, 10, 12, 15)))
        if rng.random() < 0.3:
            order.shop_discount = float(
                min(rng.choice((1, 2, 3, 5)) * (10 if goods > 500 else 1), goods / 4)
            )
        promo = self.episodes.promo is not None and moment in self.episodes.promo
        if rng.random() < (0.6 if promo else 0.2):
            order.platform_discount = round(min(rng.uniform(1, 6), goods / 5), 2)
        if rng.random() < 0.1:
            order.pay_discount = round(rng.uniform(0.5, 2), 2)
            order.pay_method = "多多支付"
        if order.kind == "trial":
            target = round(rng.choice((0.01, 0.01, 0.1, 0.99, 1.9)), 2)
            order.shop_discount = round(goods + order.postage - target, 2)
            order.platform_discount = order.pay_discount = 0.0

    def _order(self, moment: datetime, buyer: Buyer, product: Product, kind: str) -> Order:
        rng = self.rng
        paid = None if kind == "real" and rng.random() < self.rates.unpaid else moment
        if paid is not None:
            paid = moment - rng.randint(5, 1200) * timedelta(seconds=1)
        order = Order(
            order_id=self.catalog.order_id(moment),
            buyer=buyer,
            lines=self._lines(product, kind),
            deal_at=moment,
            paid_at=paid,
            postage=0.0,
            shop_discount=0.0,
            platform_discount=0.0,
            pay_discount=0.0,
            kind=kind,
            pay_method=rng.choices(PAY_METHODS, PAY_WEIGHTS)[0],
            source=rng.choices(("拼多多", "拼多多小程序", "多多视频"), (0.86, 0.1, 0.04))[0],
            team_id=self.catalog.serial(12),
        )
        self._money(order, moment)
        if kind == "real":
            order.sf_upgrade = rng.random() < self.rates.sf_upgrade
            order.out_of_stock = paid is not None and rng.random() < self.rates.out_of_stock
            if rng.random() < self.rates.merchant_note:
                order.merchant_note = self.catalog.vocab.pick(rng, "merchant_notes.everyday")
        return order

    def _real_buyer(self) -> Buyer:
        rng = self.rng
        if self.buyers and rng.random() < self.rates.repeat_buyer:
            return rng.choice(self.buyers)
        buyer = self.catalog.buyer()
        self.buyers.append(buyer)
        return buyer

    # real orders -------------------------------------------------------------------------

    def real_orders(self, count: int) -> list[Order]:
        rng = self.rng
        weights = self._days()
        orders: list[Order] = []
        while len(orders) < count:
            day = rng.choices(range(len(weights)), weights)[0]
            moment = self._moment(day)
            if moment >= self.calendar.end - 10 * MINUTE:
                continue
            buyer = self._real_buyer()
            order = self._order(moment, buyer, self._product(moment), "real")
            orders.append(order)
            if len(orders) < count and order.paid_at and rng.random() < self.rates.merge_pair:
                later = moment + rng.randint(5, 240) * MINUTE
                if later < self.calendar.end - 10 * MINUTE:
                    companion = self._order(later, buyer, self._product(later), "real")
                    if companion.paid_at is not None:
                        self.group_counter += 1
                        order.group = companion.group = self.group_counter
                    orders.append(companion)
        return orders

    # fake orders -------------------------------------------------------------------------

    def fake_orders(self, total: int) -> list[Order]:
        """Campaign orders, then a trickle over the whole period up to the boosted share."""
        rng = self.rng
        orders: list[Order] = []
        for campaign in self.episodes.campaigns:
            span = (campaign.window.end - campaign.window.start).total_seconds()
            for _ in range(round(campaign.per_day * span / 86400)):
                moment = campaign.window.start + timedelta(seconds=rng.uniform(0, span))
                orders.append(self._fake(moment, campaign))
        trickle = max(round(self.rates.boosted_share * total) - self._campaign_size("boosted"), 0)
        start, span = self.calendar.start, (self.calendar.end - self.calendar.start).total_seconds()
        for _ in range(trickle):
            moment = start + timedelta(seconds=rng.uniform(0, span - 3600))
            orders.append(self._fake(moment, None))
        return orders

    def _campaign_size(self, kind: str) -> int:
        return sum(
            round(c.per_day * (c.window.end - c.window.start).total_seconds() / 86400)
            for c in self.episodes.campaigns
            if c.kind == kind
        )

    def _studio_account(self, point: Address) -> Buyer:
        accounts = [account for account in self.studio_accounts if account.address == point]
        if accounts and self.rng.random() < 0.7:
            return self.rng.choice(accounts)
        account = self.catalog.buyer(point, studio=True)
        self.studio_accounts.append(account)
        return account

    def _fake(self, moment: datetime, campaign: Campaign | None) -> Order:
        rng = self.rng
        kind = campaign.kind if campaign else "boosted"
        if campaign:
            product = self.catalog.product(rng.choice(campaign.products))
        else:
            product = self._product(moment)
        if rng.random() < self.rates.boosted_to_stranger:
            receiver = self.catalog.buyer()  # a harvested address: someone who ordered nothing
        else:
            receiver = self._studio_account(rng.choice(self.studio_points))
        order = self._order(moment, receiver, product, kind)
        modes = ("empty", "reuse", "nopickup") if kind == "boosted" else ("empty", "nopickup")
        weights = (0.7, 0.15, 0.15) if kind == "boosted" else (0.8, 0.2)
        order.boost_mode = rng.choices(modes, weights)[0]
        order.merchant_note = self._tag(moment, campaign)
        return order

    def _tag(self, moment: datetime, campaign: Campaign | None) -> str:
        rng, vocab = self.rng, self.catalog.vocab
        if rng.random() < 0.15:
            return ""  # the merchant forgot to tag it
        self.tag_counter += 1
        style = campaign.tag_style if campaign else rng.choice(("G-", "V-"))
        pool = (
            "merchant_notes.boost_tags_sloppy"
            if rng.random() < 0.08
            else "merchant_notes.boost_tags"
        )
        candidates = [t for t in vocab.get(pool) if style[0] in t.upper()] or vocab.get(pool)
        return rng.choice(candidates).format(n=self.tag_counter, mmdd=f"{moment:%m%d}")


def place_orders(desk: OrderDesk, total: int) -> list[Order]:
    fakes = desk.fake_orders(total)
    orders = desk.real_orders(max(total - len(fakes), 0)) + fakes
    orders.sort(key=lambda order: order.deal_at)
    return orders[:total]
