"""Who buys what, when: the shop's orders, including the boosting rings' and the 0元 campaign's."""

import random

from .. import geo, incidents
from ..clock import DAY, FIRST_ORDER_DAY, HOUR, LAST_ORDER_DAY, at, yymmdd
from ..models import Buyer, Line, Order, Product
from ..rand import Weighted, chance, digits
from ..wording import notes

# share of a day's orders per hour: lunch and the 20-23h evening peak
# fmt: off
_HOUR_WEIGHTS = (1.2, 0.7, 0.4, 0.2, 0.2, 0.3, 0.7, 1.6, 2.6, 3.4, 3.8, 4.0,
                 5.2, 4.6, 3.8, 3.6, 3.6, 3.8, 4.4, 5.2, 6.6, 7.4, 7.0, 3.6)
# fmt: on
_HOURS = Weighted(enumerate(_HOUR_WEIGHTS))
_SOURCES = Weighted((("APP", 78), ("微信小程序", 14), ("多多视频", 5), ("H5", 3)))
_PAY = Weighted((("微信支付", 55), ("支付宝", 22), ("多多支付", 18), ("银行卡", 5)))

_RING_V_PLACES = (
    ("河南省", "周口市", "项城市", "城关镇"),
    ("河南省", "周口市", "太康县", "城关镇"),
    ("广东省", "揭阳市", "普宁市", "流沙东街道"),
    ("安徽省", "阜阳市", "临泉县", "城关镇"),
)
_ZERO_PLACES = (
    ("江苏省", "盐城市", "亭湖区", "文峰街道"),
    ("江苏省", "南通市", "如皋市", "如城街道"),
    ("江苏省", "南通市", "崇川区", "和平桥街道"),
)
_REVIEW_RING_PLACES = (
    ("广东省", "揭阳市", "榕城区", "榕华街道"),
    ("福建省", "泉州市", "晋江市", "青阳街道"),
)


class Demand:
    def __init__(self, rng: random.Random, products: dict[str, Product], n_orders: int):
        self.rng = rng
        self.products = products
        self.n_orders = n_orders
        self.orders: list[Order] = []
        self.buyers: list[Buyer] = []
        self.used_ids: set[str] = set()
        self.provinces = Weighted((p, spec[0]) for p, spec in geo.PROVINCES.items())

    # -- people -------------------------------------------------------------------------------
    def new_buyer(self, place: tuple[str, str, str, str] | None = None, cluster: str = "") -> Buyer:
        rng = self.rng
        if place is None:
            province = self.provinces.draw(rng)
            cities = geo.PROVINCES[province][5]
            city = rng.choice(list(cities))
            district = rng.choice(cities[city])
            street = geo.street_for(rng)
        else:
            province, city, district, street = place
        buyer = Buyer(
            len(self.buyers) + 1,
            notes.person_name(rng),
            notes.phone(rng),
            province,
            city,
            district,
            street,
            geo.detail_for(rng),
            cluster,
        )
        self.buyers.append(buyer)
        return buyer

    def buyer(self) -> Buyer:
        if self.buyers and chance(self.rng, incidents.REPEAT_BUYER):
            candidate = self.rng.choice(self.buyers)
            if not candidate.cluster:
                return candidate
        return self.new_buyer()

    # -- orders -------------------------------------------------------------------------------
    def order_id(self, deal_at: int) -> str:
        while True:
            oid = f"{yymmdd(deal_at)}-{self.rng.randint(3, 6)}{digits(self.rng, 14)}"
            if oid not in self.used_ids:
                self.used_ids.add(oid)
                return oid

    def make(
        self,
        deal_at: int,
        buyer: Buyer,
        product: Product,
        kind: str = "normal",
        qty: int | None = None,
        sf_extra: bool = False,
    ) -> Order:
        rng = self.rng
        sku = Weighted((s, s.weight) for s in product.skus).draw(rng)
        lines = [Line(sku, qty or (2 if chance(rng, 0.08) else 1), 0)]
        if kind == "normal" and len(product.skus) > 1 and chance(rng, 0.04):
            second = rng.choice([s for s in product.skus if s is not sku])
            lines.append(Line(second, 1, 0))
        for line in lines:
            line.total = line.sku.price * line.qty
        paid_at = deal_at - rng.randint(2, 240)
        order = Order(
            self.order_id(deal_at),
            buyer,
            product,
            lines,
            deal_at,
            paid_at,
            kind=kind,
            sf_extra=sf_extra,
        )
        order.source = _SOURCES.draw(rng)
        order.pay_method = _PAY.draw(rng)
        order.group_id = "2" + digits(rng, 10) if chance(rng, 0.6) else ""
        order.promise_ship_at = paid_at + 48 * HOUR
        self.price(order)
        self.orders.append(order)
        return order

    def price(self, order: Order) -> None:
        rng = self.rng
        total = sum(line.total for line in order.lines)
        promo = next((p for p in incidents.PROMOTIONS if p.start <= order.deal_at < p.end), None)
        shop = 0
        if promo and total >= 9900 and chance(rng, 0.75):
            shop = rng.randint(*promo.shop_coupon) * 100
        elif chance(rng, 0.3):
            shop = rng.choice((100, 200, 300, 500)) if total >= 3000 else 0
        platform = 0
        if promo and chance(rng, promo.platform_off):
            platform = min(rng.randint(2, 15) * 100, total // 7)
        duo = rng.randint(10, 200) if chance(rng, 0.15) else 0
        postage = 0
        remote_fee = geo.PROVINCES[order.buyer.province][4]
        if remote_fee and order.product.bulk != "S" and chance(rng, 0.85):
            postage = remote_fee
        if order.sf_extra:
            postage += rng.choice((300, 400, 500, 600))
        share_left = [shop, platform, duo]
        for i, line in enumerate(order.lines):
            last = i == len(order.lines) - 1
            frac = line.total / total
            parts = share_left if last else [round(v * frac) for v in share_left]
            if not last:
                share_left = [a - b for a, b in zip(share_left, parts, strict=True)]
            line.shop_disc, line.plat_disc, line.duo_disc = parts
            line.postage = postage if i == 0 else 0
        if sum(line.paid for line in order.lines) < 0:
            raise ValueError(f"negative payment on {order.order_id}")

    def time_on(self, day: int) -> int:
        hour = _HOURS.draw(self.rng)
        return day * DAY + hour * HOUR + self.rng.randint(0, HOUR - 1)

    def product_for(self, day: int, deal_at: int) -> Product:
        month = 0 if day < 30 else 1 if day < 61 else 2 if day < 91 else 3
        weights = []
        for product in self.products.values():
            w = product.season[month]
            if product.key in ("YRB", "CSB", "NNR") and at(11, 9) <= deal_at < at(11, 12):
                w *= 1.6
            if product.key == "MT" and at(12, 14) <= deal_at:
                w *= 1.3
            weights.append((product, w))
        return Weighted(weights).draw(self.rng)


def _day_weight(day: int) -> float:
    month_ramp = 0.75 if day < 30 else 0.95 if day < 61 else 1.1 if day < 91 else 1.05
    weekend = 1.12 if day % 7 in (5, 6) else 1.0
    promo = 1.0
    for p in incidents.PROMOTIONS:
        start, end = p.start // DAY, (p.end - 1) // DAY
        if start <= day <= end:
            promo = max(promo, p.demand)
    return month_ramp * weekend * promo


def generate(rng: random.Random, products: dict[str, Product], n_orders: int) -> list[Order]:
    demand = Demand(rng, products, n_orders)
    special = (
        sum(r.share for r in incidents.BOOST_RINGS)
        + incidents.ZERO_TRIAL.share
        + incidents.REVIEW_RING_SHARE
    )
    normal_n = n_orders * (1 - special) / (1 + incidents.MERGED_PAIR)
    days = range(FIRST_ORDER_DAY, LAST_ORDER_DAY + 1)
    weights = [_day_weight(d) for d in days]
    scale = normal_n / sum(weights)
    for day, w in zip(days, weights, strict=True):
        count = max(0, round(rng.gauss(w * scale, (w * scale) ** 0.5)))
        for _ in range(count):
            deal_at = demand.time_on(day)
            order = _normal(demand, day, deal_at)
            if chance(rng, incidents.MERGED_PAIR):
                _companion(demand, order)
    for ring in incidents.BOOST_RINGS:
        _boost_ring(demand, ring)
    _zero_trial(demand)
    _review_ring(demand)
    demand.orders.sort(key=lambda o: (o.deal_at, o.order_id))
    return demand.orders


def _normal(demand: Demand, day: int, deal_at: int) -> Order:
    rng = demand.rng
    buyer = demand.buyer()
    product = demand.product_for(day, deal_at)
    order = demand.make(deal_at, buyer, product, sf_extra=chance(rng, incidents.SF_EXTRA))
    if chance(rng, incidents.UNPAID):
        order.paid_at = None
        order.promise_ship_at = deal_at + 48 * HOUR
        order.closed_at = deal_at + rng.randint(15 * 60, 24 * HOUR)
    if chance(rng, 0.11):
        order.message = rng.choice(notes.BUYER_MESSAGES)
    if chance(rng, 0.06):
        order.note = rng.choice(notes.LEGIT_NOTES)
    return order


def _companion(demand: Demand, first: Order) -> None:
    if first.paid_at is None:
        return
    rng = demand.rng
    small = [demand.products[k] for k in ("ZT", "MJ", "CL", "MT", "MM4")]
    deal_at = first.deal_at + rng.randint(8 * 60, 150 * 60)
    second = demand.make(deal_at, first.buyer, rng.choice(small), kind="normal")
    second.partner, first.partner = first, second


def _spread(rng: random.Random, start: int, end: int) -> int:
    day = rng.randint(start // DAY, (end - 1) // DAY)
    return (
        day * DAY + rng.choice((10, 11, 13, 14, 15, 19, 20, 21, 22)) * HOUR + rng.randint(0, 3599)
    )


def _boost_ring(demand: Demand, ring: incidents.BoostRing) -> None:
    rng = demand.rng
    product = demand.products[ring.product]
    for _ in range(round(demand.n_orders * ring.share)):
        deal_at = _spread(rng, ring.start, ring.end)
        if ring.name == "ring_v" and chance(rng, 0.7):
            buyer = demand.new_buyer(rng.choice(_RING_V_PLACES), cluster=ring.name)
        else:
            buyer = demand.new_buyer(cluster=ring.name)
        order = demand.make(deal_at, buyer, product, kind="boost", qty=1)
        order.ring = ring.name
        if not chance(rng, ring.untagged):
            mmdd = yymmdd(order.paid_at)[2:]
            order.note = (
                notes.ring_g_note(rng, mmdd) if ring.name == "ring_g" else notes.ring_v_note(rng)
            )


def _zero_trial(demand: Demand) -> None:
    rng = demand.rng
    zt = incidents.ZERO_TRIAL
    product = demand.products[zt.product]
    accounts = [demand.new_buyer(rng.choice(_ZERO_PLACES), cluster="zero_fake") for _ in range(14)]
    for _ in range(round(demand.n_orders * zt.share)):
        deal_at = _spread(rng, zt.start, zt.end)
        fake = chance(rng, zt.fake)
        buyer = rng.choice(accounts) if fake else demand.new_buyer()
        order = demand.make(
            deal_at, buyer, product, kind="zero_fake" if fake else "zero_real", qty=1
        )
        order.zero_trial = True
        order.ring = "zero_fake" if fake else ""
        line = order.lines[0]
        line.shop_disc = line.total - (1 if chance(rng, 0.25) else 0)
        line.plat_disc = line.duo_disc = line.postage = 0
        if fake:
            order.note = notes.zero_fake_note(rng)


def _review_ring(demand: Demand) -> None:
    rng = demand.rng
    storm = next(s for s in incidents.REVIEW_STORMS if s.kind == "ring")
    product = demand.products[storm.product]
    accounts = [
        demand.new_buyer(rng.choice(_REVIEW_RING_PLACES), cluster="review_ring") for _ in range(9)
    ]
    for _ in range(round(demand.n_orders * incidents.REVIEW_RING_SHARE)):
        deal_at = _spread(rng, storm.start - 9 * DAY, storm.end - 5 * DAY)
        order = demand.make(deal_at, rng.choice(accounts), product, kind="review_ring", qty=1)
        order.ring = "review_ring"
