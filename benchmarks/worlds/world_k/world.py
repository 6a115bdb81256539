"""The simulation: orders, parcels, door decisions, after-sales, reviews, penalties, the truth.

Everything draws from one ``random.Random(seed)`` in a fixed order, so a seed gives the same shop.
Pass 1 ships every parcel and rolls the rule_violation, product_quality and logistics door chances;
the reviews it leaves behind (and the store rating they make) then drive pass 2, the reviews cause.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from . import catalog as cat
from . import mechanisms as mech
from . import wording as w
from .tracking import render

H = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@dataclass
class Buyer:
    name: str
    phone: str
    province: cat.Province
    city: str
    county: str
    street: str
    cluster: bool = False


@dataclass
class Line:
    product: int
    colour: int
    size: int
    qty: int
    unit_price: float


@dataclass
class AfterSale:
    as_id: str
    kind: str  # 仅退款 / 退货退款 / 换货
    reason: str
    applied_at: dt.datetime
    amount: float
    shipped: bool
    statuses: list[tuple[dt.datetime, str]]
    return_tracking: str = ""


@dataclass
class Order:
    oid: str
    deal_at: dt.datetime
    buyer: Buyer
    lines: list[Line]
    boost: bool = False
    trial: bool = False
    sf_upgrade: bool = False
    rebuy_of: str = ""
    pay_at: dt.datetime | None = None
    note: str = ""
    message: str = ""
    shop_discount: float = 0.0
    platform_discount: float = 0.0
    pay_cut: float = 0.0
    postage: float = 0.0
    parcel: Parcel | None = None
    outcome: str = ""
    cause: str = ""
    defects: list[str] = field(default_factory=list)
    statuses: list[tuple[dt.datetime, str, str]] = field(default_factory=list)
    confirm_at: dt.datetime | None = None
    after_sales: list[AfterSale] = field(default_factory=list)
    review: tuple | None = None  # (time, score, text, reply)
    pair_with: Order | None = None  # the second order of a 合并发货 pair
    ship_at: dt.datetime | None = None
    courier: cat.Courier | None = None

    @property
    def goods_total(self) -> float:
        return round(sum(line.unit_price * line.qty for line in self.lines), 2)

    @property
    def paid(self) -> float:
        return round(
            max(
                0.0,
                self.goods_total
                + self.postage
                - self.shop_discount
                - self.platform_discount
                - self.pay_cut,
            ),
            2,
        )

    @property
    def promised_ship(self) -> dt.datetime:
        return self.deal_at + 48 * H


@dataclass
class Parcel:
    tracking: str
    courier: cat.Courier
    orders: list[Order]
    ship_at: dt.datetime
    kind: str = "real"  # real / no_pickup / fake_track / reused
    pickup_at: dt.datetime | None = None
    usual_days: float = 0.0
    door_at: dt.datetime | None = None
    stall_days: float = 0.0
    snow_days: float = 0.0
    damaged: bool = False
    station: bool = False
    no_notice: bool = False
    rude: bool = False
    fate: str = (
        ""  # delivered / refused / address_unknown / unreachable / intercepted / uncollected / lost
    )
    mechanism: str = ""
    station_at: dt.datetime | None = None  # an uncollected parcel's drop at the 驿站
    lost_after: dt.datetime | None = None
    back_home: dt.datetime | None = None
    text_kind: str = ""  # how the refusal event explains itself: generic / misleading / specific
    events: list[tuple] = field(default_factory=list)  # (time, kind, text, location, variant)

    @property
    def late_days(self) -> float:
        """Days beyond what the buyer was led to expect: 48 h to ship plus the route's usual
        time."""
        first = self.orders[0]
        expected = first.deal_at + 48 * H + dt.timedelta(days=self.usual_days + 0.5)
        return (self.door_at - expected) / DAY if self.door_at else 0.0


class Shop:
    def __init__(self, seed: int, orders: int):
        self.rng = random.Random(seed)
        self.n = orders
        self.orders: list[Order] = []
        self.parcels: list[Parcel] = []
        self.buyers: list[Buyer] = []
        self.penalties: list[tuple] = []  # (order, tracking, type, amount, time, note)
        self.used_ids: set[str] = set()
        self.used_tracking: set[str] = set()
        self.boost_parcels: list[Parcel] = []
        self.as_counter = 0
        self.cluster = self._make_cluster()

    # ------------------------------------------------------------------ people and products
    def _person(self) -> tuple[str, str]:
        rng = self.rng
        name = rng.choice(cat.SURNAMES) + "*" * rng.choice((1, 1, 2))
        phone = f"1{rng.choice('3578')}{rng.randint(0, 9)}****{rng.randint(0, 9999):04d}"
        return name, phone

    def _new_buyer(self, province: cat.Province | None = None) -> Buyer:
        rng = self.rng
        if province is None:
            province = rng.choices(cat.PROVINCES, weights=[p.weight for p in cat.PROVINCES])[0]
        name, phone = self._person()
        city = rng.choice(province.cities)
        buyer = Buyer(
            name, phone, province, city, rng.choice(cat.COUNTIES), rng.choice(cat.DISTRICTS)
        )
        self.buyers.append(buyer)
        return buyer

    def _make_cluster(self) -> list[Buyer]:
        henan = next(p for p in cat.PROVINCES if p.short == "河南")
        members = []
        for _ in range(24):
            name, _phone = self._person()
            phone = f"138****{self.rng.choice(('0371', '0372', '0394', '0395'))}"
            members.append(Buyer(name, phone, henan, "周口市", "商水县", "城关乡", cluster=True))
        return members

    def _order_id(self, day: dt.date) -> str:
        while True:
            oid = f"{day:%y%m%d}-{self.rng.randint(10**14, 10**15 - 1)}"
            if oid not in self.used_ids:
                self.used_ids.add(oid)
                return oid

    def _tracking(self, courier: cat.Courier) -> str:
        rng = self.rng
        while True:
            tail = rng.randint(10**10, 10**11 - 1)
            number = {
                "zto": f"78{tail}{rng.randint(10, 99)}",
                "yto": f"YT{tail}{rng.randint(10, 99)}",
                "yd": f"43{tail}",
                "jt": f"JT{tail}{rng.randint(10, 99)}",
                "sto": f"77{tail}{rng.randint(10, 99)}",
                "post": f"98{tail}",
                "sf": f"SF{tail}{rng.randint(10, 99)}",
            }[courier.key]
            if number not in self.used_tracking:
                self.used_tracking.add(number)
                return number

    @staticmethod
    def _product_weight(product: cat.Product, day: dt.date) -> float:
        month = day.month
        if product.kind == "slipper":
            return {9: 2.2, 10: 0.8}.get(month, 0.25)
        if product.kind == "cotton" or product.code == "CD-TZ3318":
            return {9: 0.05, 10: 0.5, 11: 1.8, 12: 2.6}[month]
        if product.kind == "kids":
            return 1.0 if month in (9, 10) else 0.7
        return 1.0 if month != 12 else 0.8

    @staticmethod
    def _day_weight(day: dt.date) -> float:
        weight = 0.8 if day.month == 9 else 1.0
        if mech.between(day, cat.day(10, 1), cat.day(10, 7)):
            weight = 1.3
        if mech.between(day, cat.day(11, 1), cat.day(11, 9)):
            weight = 1.6
        weight *= {
            cat.day(11, 10): 3.0,
            cat.day(11, 11): 4.5,
            cat.day(11, 12): 1.8,
            cat.day(12, 11): 1.8,
            cat.day(12, 12): 3.0,
        }.get(day, 1.0)
        if day.weekday() >= 5:
            weight *= 1.1
        return weight

    def _price(self, product: cat.Product, when: dt.datetime) -> float:
        if product.code in mech.PRICE_CUT_PRODUCTS and mech.PRICE_CUT_DAY <= when.date() <= cat.day(
            11, 30
        ):
            return round(product.price * mech.PRICE_CUT_FACTOR, 1)
        return product.price

    # ------------------------------------------------------------------------------ orders
    def place_orders(self) -> None:
        rng = self.rng
        days = list(cat.daterange(cat.FIRST_DAY, cat.LAST_DAY))
        weights = [self._day_weight(d) for d in days]
        picked = sorted(rng.choices(range(len(days)), weights=weights, k=self.n))
        for index in picked:
            day = days[index]
            hour = rng.choices(
                range(24),
                weights=[
                    3,
                    2,
                    1,
                    1,
                    1,
                    1,
                    2,
                    4,
                    6,
                    7,
                    8,
                    8,
                    9,
                    8,
                    7,
                    7,
                    7,
                    7,
                    8,
                    10,
                    12,
                    13,
                    11,
                    6,
                ],
            )[0]
            if day in (cat.day(11, 11), cat.day(12, 12)) and rng.random() < 0.25:
                hour = 0
            deal = dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60)))
            self.orders.append(self._make_order(deal))
        self.orders.sort(key=lambda o: o.deal_at)
        self._pair_orders()

    def _make_order(
        self,
        deal: dt.datetime,
        buyer: Buyer | None = None,
        line: Line | None = None,
        special: bool = True,
    ) -> Order:
        rng = self.rng
        day = deal.date()
        boost = special and rng.random() < mech.boost_share(day)
        trial = special and not boost and rng.random() < mech.trial_share(day)
        if buyer is None:
            if trial:
                buyer = rng.choice(self.cluster)
            elif not boost and self.buyers and rng.random() < 0.14:
                buyer = rng.choice(self.buyers)
            else:
                buyer = self._new_buyer()
        if line is None:
            if boost:
                pool = [
                    i
                    for i, p in enumerate(cat.PRODUCTS)
                    if p.code in ("CD-LD7710", "CD-MX9031", "CD-YD2608")
                ]
                product_index = rng.choice(pool)
            else:
                product_index = rng.choices(
                    range(len(cat.PRODUCTS)),
                    weights=[self._product_weight(p, day) for p in cat.PRODUCTS],
                )[0]
            product = cat.PRODUCTS[product_index]
            line = Line(
                product_index,
                rng.randrange(len(product.colours)),
                rng.choice(product.sizes),
                1 if rng.random() < 0.93 else 2,
                self._price(product, deal),
            )
        order = Order(self._order_id(day), deal, buyer, [line], boost=boost, trial=trial)
        if not boost and not trial and rng.random() < 0.03:
            extra = rng.randrange(len(cat.PRODUCTS))
            product = cat.PRODUCTS[extra]
            order.lines.append(
                Line(
                    extra,
                    rng.randrange(len(product.colours)),
                    rng.choice(product.sizes),
                    1,
                    self._price(product, deal),
                )
            )
        order.sf_upgrade = not boost and rng.random() < 0.03
        order.postage = 5.0 if order.sf_upgrade else 0.0
        if trial:
            order.shop_discount = round(
                order.goods_total - rng.choice((0.0, 0.0, 0.01, 0.1, 0.5, 0.99)), 2
            )
        else:
            order.shop_discount = rng.choice((0.0, 0.0, 0.0, 2.0, 3.0, 5.0))
            order.platform_discount = rng.choice((0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0))
            order.pay_cut = rng.choice((0.0,) * 8 + (0.5, 1.0))
        if boost:
            order.note = w.boost_note(rng, f"{day:%m%d}") if rng.random() < 0.78 else ""
        elif rng.random() < 0.05:
            order.note = rng.choice(w.MERCHANT_NOTES)
        if rng.random() < 0.08:
            order.message = rng.choice(w.BUYER_MESSAGES)
        return order

    def _pair_orders(self) -> None:
        """About 2% of orders are 合并发货 pairs: the same buyer, minutes apart, one parcel."""
        rng = self.rng
        index = 0
        while index < len(self.orders) - 1:
            first, second = self.orders[index], self.orders[index + 1]
            if (
                rng.random() < 0.01
                and not (first.boost or first.trial or second.boost or second.trial)
                and first.deal_at.date() == second.deal_at.date()
            ):
                second.buyer = first.buyer
                second.sf_upgrade, second.postage = first.sf_upgrade, first.postage
                second.deal_at = max(
                    second.deal_at, first.deal_at + dt.timedelta(minutes=rng.randint(1, 40))
                )
                second.note = "合并发货"
                first.pair_with = second
                index += 2
            else:
                index += 1
        self.orders.sort(key=lambda o: o.deal_at)

    # ------------------------------------------------------------------------------ helpers
    def _as(
        self,
        order: Order,
        kind: str,
        reason: str,
        applied: dt.datetime,
        shipped: bool,
        statuses: list[tuple[dt.datetime, str]],
        amount: float | None = None,
    ) -> AfterSale:
        self.as_counter += 1
        record = AfterSale(
            f"{applied:%y%m%d}{self.rng.randint(1000, 9999)}{self.as_counter:06d}",
            kind,
            reason,
            applied,
            order.paid if amount is None else amount,
            shipped,
            statuses,
        )
        order.after_sales.append(record)
        return record

    def _status(self, order: Order, when: dt.datetime, state: str, after_sale: str) -> None:
        order.statuses.append((when, state, after_sale))

    # ---------------------------------------------------------------------------- pass 1
    def run(self) -> None:
        self.place_orders()
        for order in list(self.orders):
            if order.parcel is None:
                self._before_shipping(order)
        self._reviews()
        self._pass_two()
        for order in self.orders:
            self._close(order)
        for parcel in self.parcels:
            render(self.rng, parcel)
        self._index_reviews()
        self.orders.sort(key=lambda o: o.oid)

    def _before_shipping(self, order: Order) -> None:
        rng = self.rng
        order.pay_at = order.deal_at + dt.timedelta(seconds=rng.randint(3, 90))
        if not order.boost and not order.trial and rng.random() < 0.03:
            order.pay_at = None
            order.outcome = "cancelled"
            self._status(order, order.deal_at, "待支付", "无售后或售后取消")
            self._status(
                order,
                order.deal_at + dt.timedelta(minutes=rng.randint(15, 1440)),
                "已取消",
                "无售后或售后取消",
            )
            return
        self._status(order, order.pay_at, "待发货", "无售后或售后取消")
        day = order.deal_at.date()
        backlog = mech.between(day, cat.day(11, 9), cat.day(11, 14)) or mech.between(
            day, cat.day(12, 11), cat.day(12, 13)
        )
        handling = rng.uniform(3, 30) if not backlog else rng.uniform(12, 72)
        if rng.random() < 0.03:
            handling += rng.uniform(24, 60)
        ship_at = order.pay_at + dt.timedelta(hours=handling)
        partner = order.pair_with
        refund_chance = 0.035 if backlog else 0.022
        if not order.boost and not order.trial and partner is None and rng.random() < refund_chance:
            asked = order.pay_at + dt.timedelta(hours=rng.uniform(0.2, min(handling, 40)))
            done = asked + dt.timedelta(hours=rng.uniform(0.1, 20))
            order.outcome = "not_shipped"
            out_of_stock = rng.random() < 0.15
            reason = "缺货" if out_of_stock else rng.choice(w.AS_NOT_SHIPPED)
            if out_of_stock:
                self.penalties.append(
                    (
                        order,
                        "",
                        "缺货扣款",
                        max(3.0, round(order.paid * 0.1, 2)),
                        done + dt.timedelta(hours=2),
                        "商家缺货未发货",
                    )
                )
            if rng.random() < 0.8:
                self._as(
                    order,
                    "仅退款",
                    reason,
                    asked,
                    False,
                    [(asked, "买家申请退款，待商家处理"), (done, "退款成功")],
                )
            self._status(order, asked, "待发货", "售后处理中")
            self._status(order, done, "未发货，退款成功", "退款成功")
            return
        if ship_at > cat.CUTOFF:
            order.outcome = "not_shipped"
            return
        group = [order] + ([partner] if partner is not None else [])
        for member in group[1:]:
            member.pay_at = member.deal_at + dt.timedelta(seconds=rng.randint(3, 90))
            self._status(member, member.pay_at, "待发货", "无售后或售后取消")
        self._ship(group, ship_at)

    def _pick_courier(self, order: Order) -> cat.Courier:
        rng = self.rng
        if order.sf_upgrade:
            return cat.COURIER["sf"]
        if order.boost:
            return rng.choice(
                (cat.COURIER["jt"], cat.COURIER["jt"], cat.COURIER["sto"], cat.COURIER["yd"])
            )
        couriers = [c for c in cat.COURIERS if c.key != "sf"]
        weights = [
            c.share * (8 if c.key == "post" and order.buyer.province.distance == 5 else 1)
            for c in couriers
        ]
        return rng.choices(couriers, weights=weights)[0]

    def _ship(self, group: list[Order], ship_at: dt.datetime) -> None:
        rng = self.rng
        first = group[0]
        courier = self._pick_courier(first)
        day = ship_at.date()
        fake_kind = ""
        earlier_boost: list[Parcel] = []
        if first.boost:
            earlier_boost = [p for p in self.boost_parcels[-60:] if p.ship_at < ship_at - 3 * DAY]
            roll = rng.random()
            if roll < 0.18 and earlier_boost:
                fake_kind = "reused"
            elif roll < 0.28:
                fake_kind = "fake_track"
        elif mech.between(day, cat.day(11, 10), cat.day(11, 16)) and rng.random() < 0.015:
            fake_kind = "no_pickup"
        if fake_kind == "reused":
            original = rng.choice(earlier_boost[-40:])
            original.orders.append(first)
            first.parcel = original
            first.outcome = "fake_shipping"
            self._status(first, ship_at, "已发货，待签收", "无售后或售后取消")
            first.ship_at = ship_at
            first.courier = original.courier
            first.confirm_at = ship_at + dt.timedelta(days=rng.uniform(2, 5))
            if rng.random() < 0.5:
                self.penalties.append(
                    (
                        first,
                        original.tracking,
                        "虚假轨迹",
                        10.0,
                        ship_at + dt.timedelta(days=rng.uniform(3, 12)),
                        "物流单号重复使用",
                    )
                )
            return
        parcel = Parcel(self._tracking(courier), courier, group, ship_at, kind=fake_kind or "real")
        self.parcels.append(parcel)
        if first.boost and not fake_kind:
            self.boost_parcels.append(parcel)
        for order in group:
            order.parcel = parcel
            order.ship_at = ship_at
            order.courier = courier
            self._status(order, ship_at, "已发货，待签收", "无售后或售后取消")
            if ship_at > order.promised_ship:
                self.penalties.append(
                    (
                        order,
                        parcel.tracking,
                        "延迟发货_扣款",
                        round(min(50.0, max(3.0, order.paid * 0.05)), 2),
                        order.promised_ship + dt.timedelta(hours=rng.uniform(2, 30)),
                        "超时发货",
                    )
                )
        if fake_kind:
            self._fake(parcel)
            return
        self._transit(parcel)

    def _fake(self, parcel: Parcel) -> None:
        rng = self.rng
        order = parcel.orders[0]
        order.outcome = "fake_shipping"
        if parcel.kind == "fake_track":
            parcel.pickup_at = parcel.ship_at + dt.timedelta(hours=rng.uniform(5, 30))
            parcel.usual_days = 2.5
            parcel.door_at = parcel.pickup_at + dt.timedelta(days=rng.uniform(1.5, 3.5))
            parcel.fate = "delivered"
            order.confirm_at = parcel.door_at + dt.timedelta(days=rng.uniform(0.5, 3))
            if rng.random() < 0.5:
                self.penalties.append(
                    (
                        order,
                        parcel.tracking,
                        "虚假轨迹",
                        10.0,
                        parcel.door_at + dt.timedelta(days=rng.uniform(2, 10)),
                        "物流轨迹异常",
                    )
                )
            return
        # no_pickup: a number filled in to beat the ship-by time; the parcel never left
        parcel.fate = "no_pickup"
        for member in parcel.orders:
            member.outcome = "fake_shipping"
            asked = parcel.ship_at + dt.timedelta(days=rng.uniform(3, 6))
            done = asked + dt.timedelta(days=rng.uniform(0.5, 3))
            if asked < cat.CUTOFF:
                self._as(
                    member,
                    "仅退款",
                    rng.choice(w.AS_FAKE),
                    asked,
                    True,
                    [
                        (asked, "买家申请退款，待商家处理"),
                        (asked + 6 * H, "平台处理中"),
                        (done, "退款成功"),
                    ],
                )
                self._status(member, asked, "已发货，待签收", "售后处理中")
                self._status(member, done, "已发货，退款成功", "退款成功")
            if rng.random() < 0.7:
                self.penalties.append(
                    (
                        member,
                        parcel.tracking,
                        "虚假发货",
                        round(max(5.0, member.paid * 0.3), 2),
                        parcel.ship_at + dt.timedelta(days=rng.uniform(2, 5)),
                        "发货后无揽收记录",
                    )
                )

    def _transit(self, parcel: Parcel) -> None:
        rng = self.rng
        order = parcel.orders[0]
        province = order.buyer.province
        low, high = cat.BASE_TRANSIT_DAYS[province.distance]
        parcel.usual_days = (low + high) / 2 * parcel.courier.speed
        parcel.pickup_at = parcel.ship_at + dt.timedelta(hours=rng.uniform(0.5, 7))
        days = rng.uniform(low, high) * parcel.courier.speed
        if rng.random() < 0.06:
            days += rng.uniform(1, 4)  # the everyday slow parcel
        ship_day = parcel.ship_at.date()
        if mech.hub_stalled(parcel.courier.key, ship_day):
            parcel.stall_days = rng.uniform(3, 7)
        due = (parcel.pickup_at + dt.timedelta(days=days)).date()
        if province.north and mech.snow_day(due) and rng.random() < 0.8:
            parcel.snow_days = rng.uniform(2, 6)
        days += parcel.stall_days + parcel.snow_days
        door = parcel.pickup_at + dt.timedelta(days=days)
        door = dt.datetime.combine(
            door.date(), dt.time(rng.randint(9, 19), rng.randrange(60), rng.randrange(60))
        )
        parcel.door_at = max(door, parcel.pickup_at + 20 * H)
        parcel.damaged = rng.random() < mech.damage_rate(parcel.courier.damage, ship_day)
        parcel.station = rng.random() < 0.3
        parcel.no_notice = (
            parcel.station and parcel.courier.key in ("yd", "jt") and rng.random() < 0.06
        )
        parcel.rude = (
            parcel.courier.key == "jt"
            and province.short in ("广东", "河南")
            and rng.random() < 0.01
        )
        for member in parcel.orders:
            self._defects(member, ship_day)
        # fates that end the journey before anyone can refuse
        roll = rng.random()
        if not order.boost and roll < 0.0025:
            parcel.fate = "lost"
            return
        if not order.boost and not order.trial:
            for fate, chance in (
                ("address_unknown", 0.004),
                ("unreachable", 0.005),
                ("intercepted", 0.004),
                ("uncollected", 0.02 if parcel.station else 0.0),
            ):
                if rng.random() < chance:
                    parcel.fate = fate
                    break
            if parcel.fate == "uncollected":
                parcel.station_at = parcel.door_at
                parcel.door_at = parcel.door_at + dt.timedelta(days=7, hours=rng.uniform(0, 20))
                return
            if parcel.fate == "intercepted":
                parcel.door_at = parcel.pickup_at + dt.timedelta(days=days * rng.uniform(0.3, 0.7))
                return
            if parcel.fate:
                return
        self._door_pass_one(parcel)

    def _defects(self, order: Order, ship_day: dt.date) -> None:
        rng = self.rng
        if order.boost:
            return
        line = order.lines[0]
        product = cat.PRODUCTS[line.product]
        colour_code = product.colours[line.colour][1]
        for name, rate in (
            ("wrong_size", mech.wrong_size_rate(ship_day)),
            ("glue_batch", mech.glue_rate(product.code, ship_day)),
            ("smell_batch", mech.smell_rate(product.kind, product.code, ship_day)),
            ("colour_off", 0.10 if colour_code == "MW" else 0.0),
            ("left_right", 0.003),
            ("fake_box", mech.fake_box_rate(product.kind, ship_day)),
            ("broken_later", 0.010),
        ):
            if rate and rng.random() < rate:
                order.defects.append(name)

    def _door_pass_one(self, parcel: Parcel) -> None:
        rng = self.rng
        order = parcel.orders[0]
        candidates: list[tuple[str, float]] = []
        if order.boost:
            candidates.append(("boost_empty", mech.MECHANISM["boost_empty"].door))
        if order.trial:
            candidates.append(("trial_cluster", mech.MECHANISM["trial_cluster"].door))
        for member in parcel.orders:
            for defect in member.defects:
                if defect in mech.MECHANISM:
                    candidates.append((defect, mech.MECHANISM[defect].door))
        transit = []
        if parcel.stall_days:
            transit.append(
                (
                    "hub_stall",
                    max(mech.MECHANISM["hub_stall"].door, mech.late_door(parcel.late_days)),
                )
            )
        if parcel.snow_days:
            transit.append(
                ("snow", max(mech.MECHANISM["snow"].door, mech.late_door(parcel.late_days)))
            )
        if not transit and mech.late_door(parcel.late_days):
            transit.append(("late", mech.late_door(parcel.late_days)))
        if parcel.damaged:
            transit.append(("damaged", mech.MECHANISM["damaged"].door))
        if parcel.rude:
            transit.append(("rude_courier", mech.MECHANISM["rude_courier"].door))
        if parcel.no_notice:
            transit.append(("station_no_notice", mech.MECHANISM["station_no_notice"].door))
        candidates.extend(transit)
        for name, chance in candidates:
            if rng.random() < chance:
                parcel.fate, parcel.mechanism = "refused", name
                return
        parcel.fate = "delivered"

    # ------------------------------------------------------------------------------ reviews
    def _review_for(self, order: Order, signed: dt.datetime) -> None:
        rng = self.rng
        when = signed + dt.timedelta(days=rng.uniform(0.3, 9), hours=rng.uniform(0, 12))
        parcel = order.parcel
        product = cat.PRODUCTS[order.lines[0].product]
        bad_key = ""
        for defect, key, chance in (
            ("glue_batch", "glue", 0.55),
            ("smell_batch", "smell", 0.40),
            ("wrong_size", "size", 0.35),
            ("left_right", "size", 0.5),
            ("colour_off", "colour", 0.25),
            ("fake_box", "fake", 0.15),
            ("broken_later", "broken", 0.3),
        ):
            if defect in order.defects and rng.random() < chance:
                bad_key = key
                break
        if (
            not bad_key
            and product.kind in ("sneaker", "board", "dad")
            and rng.random() < 0.07 * mech.xhs_intensity(when.date())
        ):
            bad_key = "fake"
        if (
            not bad_key
            and parcel is not None
            and (parcel.damaged or parcel.late_days > 2)
            and rng.random() < 0.07
        ):
            bad_key = "logistics"
        if not bad_key and rng.random() < 0.003:
            bad_key = "service"
        if order.boost:
            if rng.random() < 0.7:
                order.review = (when, 5, rng.choice(w.REVIEW_BOOST), "")
        elif bad_key:
            score = rng.choice((1, 1, 2)) if bad_key != "colour" else rng.choice((2, 3))
            order.review = (
                when,
                score,
                w.noisy(rng, rng.choice(w.REVIEW_BAD[bad_key])),
                rng.choice(w.MERCHANT_REPLIES),
            )
        elif rng.random() < 0.32:
            score = rng.choices((5, 4, 3), weights=(86, 11, 3))[0]
            text = rng.choice(w.REVIEW_GOOD if score >= 4 else w.REVIEW_OK)
            order.review = (
                when,
                score,
                w.noisy(rng, text),
                rng.choice(w.MERCHANT_REPLIES) if score < 5 else "",
            )

    def _reviews(self) -> None:
        rng = self.rng
        for order in self.orders:
            parcel = order.parcel
            if order.outcome == "fake_shipping":
                if order.boost and order.confirm_at and rng.random() < 0.7:
                    order.review = (
                        order.confirm_at + dt.timedelta(hours=rng.uniform(1, 30)),
                        5,
                        rng.choice(w.REVIEW_BOOST),
                        "",
                    )
            elif parcel is not None and parcel.fate == "delivered":
                self._review_for(order, parcel.door_at)
        self._index_reviews()

    def _index_reviews(self) -> None:
        """Day-by-day bad reviews per product and the store's 描述相符 score, for pass 2."""
        self.bad_by_product: dict[str, list[dt.datetime]] = {}
        scored = sorted(
            (o.review[0], o.review[1], cat.PRODUCTS[o.lines[0].product].code)
            for o in self.orders
            if o.review and o.review[0] <= cat.CUTOFF
        )
        for when, score, code in scored:
            if score <= 2:
                self.bad_by_product.setdefault(code, []).append(when)
        self.review_times = [s[0] for s in scored]
        self.review_scores = [s[1] for s in scored]

    def description_score(self, day: dt.date) -> float:
        """90-day rolling 描述相符, seeded with the shop's history before September."""
        end = dt.datetime.combine(day, dt.time(0))
        lo = bisect_left(self.review_times, end - 90 * DAY)
        hi = bisect_left(self.review_times, end)
        prior_n = 1500 * max(
            0.0, 1 - (day - cat.FIRST_DAY).days / 90
        )  # the summer's reviews ageing out
        prior_mean = 4.80
        window = self.review_scores[lo:hi]
        return (prior_n * prior_mean + sum(window)) / (prior_n + len(window))

    # ---------------------------------------------------------------------------- pass 2
    def _pass_two(self) -> None:
        rng = self.rng
        rebuys = []
        for parcel in list(self.parcels):
            if parcel.fate != "delivered" or parcel.kind != "real":
                continue
            order = parcel.orders[0]
            if order.boost or order.trial or order.rebuy_of:
                continue
            door_day = parcel.door_at.date()
            product = cat.PRODUCTS[order.lines[0].product]
            chances = []
            if (
                product.code in mech.PRICE_CUT_PRODUCTS
                and cat.day(10, 28) <= order.deal_at.date() < mech.PRICE_CUT_DAY <= door_day
            ):
                chances.append(("price_cut", mech.MECHANISM["price_cut"].door))
            if product.kind in ("sneaker", "board", "dad") and mech.xhs_intensity(door_day):
                chances.append(
                    ("xhs_post", mech.MECHANISM["xhs_post"].door * mech.xhs_intensity(door_day))
                )
            bad = self.bad_by_product.get(product.code, [])
            recent = bisect_right(bad, parcel.door_at) - bisect_left(bad, parcel.door_at - 14 * DAY)
            if product.code in ("CD-LD7710", "CD-LD7720") and mech.glue_reviews_door(recent):
                chances.append(("glue_reviews", mech.glue_reviews_door(recent)))
            if mech.rating_door(self.description_score(door_day)):
                chances.append(("rating_drop", mech.rating_door(self.description_score(door_day))))
            for name, chance in chances:
                if rng.random() < chance:
                    parcel.fate, parcel.mechanism = "refused", name
                    for member in parcel.orders:
                        member.review = None
                    if name == "price_cut":
                        rebuys.append(order)
                    break
        for order in rebuys:
            deal = max(
                dt.datetime.combine(mech.PRICE_CUT_DAY, dt.time(8)),
                order.parcel.door_at - dt.timedelta(hours=rng.uniform(2, 40)),
            )
            line = order.lines[0]
            new_line = Line(
                line.product,
                line.colour,
                line.size,
                line.qty,
                self._price(cat.PRODUCTS[line.product], deal),
            )
            again = self._make_order(deal, buyer=order.buyer, line=new_line, special=False)
            again.rebuy_of = order.oid
            again.message = rng.choice(("", "", "之前那单拒收了，重新拍的", "降价了重新拍"))
            self.orders.append(again)
            self._before_shipping(again)
            if again.parcel is not None and again.parcel.fate == "delivered":
                self._review_for(again, again.parcel.door_at)
        self.orders.sort(key=lambda o: o.deal_at)

    # ------------------------------------------------------------------- outcomes and money
    def _close(self, order: Order) -> None:
        """Turn the parcel's fate into the order's outcome, statuses and after-sales records."""
        rng = self.rng
        parcel = order.parcel
        if order.outcome in ("cancelled", "not_shipped"):
            return
        if order.boost and rng.random() < 0.28:
            self.penalties.append(
                (
                    order,
                    parcel.tracking,
                    "虚假交易",
                    round(max(10.0, order.paid), 2),
                    order.ship_at + dt.timedelta(days=rng.uniform(3, 15)),
                    "疑似虚假交易",
                )
            )
        if order.outcome == "fake_shipping":
            if parcel is not None and parcel.kind == "fake_track" and order.confirm_at:
                self._status(order, parcel.door_at, "已签收", "无售后或售后取消")
            elif order.confirm_at:
                self._status(order, order.confirm_at, "已签收", "无售后或售后取消")
            return
        fate = parcel.fate
        door = parcel.door_at
        if fate == "lost":
            last_scan = parcel.lost_after or parcel.pickup_at + dt.timedelta(
                days=rng.uniform(0.3, 2)
            )
            parcel.lost_after = last_scan
            asked = last_scan + dt.timedelta(days=rng.uniform(5, 9))
            if asked > cat.CUTOFF:
                order.outcome = "in_transit"
                return
            order.outcome = "lost"
            done = asked + dt.timedelta(days=rng.uniform(1, 4))
            self._as(
                order,
                "仅退款",
                rng.choice(w.AS_LOST),
                asked,
                True,
                [
                    (asked, "买家申请退款，待商家处理"),
                    (asked + 5 * H, "商家同意退款，退款中"),
                    (done, "退款成功"),
                ],
            )
            self._status(order, asked, "已发货，待签收", "售后处理中")
            self._status(order, done, "已发货，退款成功", "退款成功")
            return
        if door > cat.CUTOFF:
            order.outcome = "in_transit"
            return
        back_home = parcel.back_home or door + dt.timedelta(
            days=parcel.usual_days + rng.uniform(1, 3)
        )
        parcel.back_home = back_home
        if fate == "refused":
            order.outcome, order.cause = "refused", mech.MECHANISM[parcel.mechanism].cause
            self._refund_after_return(order, door, back_home, refused=True)
            return
        if fate in ("address_unknown", "unreachable", "intercepted", "uncollected"):
            order.outcome = "returned_undelivered"
            self._refund_after_return(order, door, back_home, refused=False)
            return
        # delivered
        order.outcome = "delivered"
        self._status(order, door, "已签收", "无售后或售后取消")
        confirm = door + dt.timedelta(days=rng.choice((rng.uniform(0.1, 3), rng.uniform(3, 10))))
        if confirm <= cat.CUTOFF:
            order.confirm_at = confirm
        defects = [
            d
            for d in order.defects
            if d in ("glue_batch", "smell_batch", "broken_later", "colour_off")
        ]
        if "wrong_size" in order.defects and rng.random() < 0.5:
            asked = door + dt.timedelta(days=rng.uniform(0.2, 2))
            if asked < cat.CUTOFF:
                done = asked + dt.timedelta(days=rng.uniform(4, 8))
                self._as(
                    order,
                    "换货",
                    rng.choice(w.AS_EXCHANGE),
                    asked,
                    True,
                    [
                        (asked, "买家申请换货，待商家处理"),
                        (asked + 8 * H, "商家同意换货"),
                        (done, "换货成功"),
                    ],
                    0.0,
                )
                self._status(order, asked, "已签收", "售后处理中")
                self._status(order, done, "已签收", "无售后或售后取消")
        elif (
            defects
            and rng.random()
            < {"glue_batch": 0.4, "smell_batch": 0.2, "broken_later": 0.6, "colour_off": 0.15}[
                defects[0]
            ]
        ):
            asked = door + dt.timedelta(days=rng.uniform(1, 12))
            if asked < cat.CUTOFF:
                done = asked + dt.timedelta(days=rng.uniform(3, 9))
                kind = "退货退款" if rng.random() < 0.7 else "仅退款"
                reason = {
                    "glue_batch": "质量问题",
                    "smell_batch": "与商品描述不符",
                    "colour_off": "与商品描述不符",
                }.get(defects[0], rng.choice(w.AS_REFUNDED))
                statuses = [(asked, "买家申请退款，待商家处理")]
                if rng.random() < 0.2:
                    statuses.append((asked + 10 * H, "驳回退款，待买家处理"))
                    statuses.append((asked + 40 * H, "平台处理中"))
                statuses.append((done, "退款成功"))
                record = self._as(order, kind, w.noisy(rng, reason), asked, True, statuses)
                if kind == "退货退款":
                    record.return_tracking = self._tracking(rng.choice(cat.COURIERS[:5]))
                self._status(order, asked, "已签收", "售后处理中")
                if done <= cat.CUTOFF:
                    order.outcome = "refunded"
                    self._status(order, done, "已发货，退款成功", "退款成功")
        elif rng.random() < 0.004:
            asked = door + dt.timedelta(days=rng.uniform(0.5, 4))
            self._as(
                order,
                "仅退款",
                rng.choice(w.AS_REFUNDED),
                asked,
                True,
                [(asked, "买家申请退款，待商家处理"), (asked + 30 * H, "买家撤销")],
            )
            self._status(order, asked, "已签收", "售后处理中")
            self._status(order, asked + 30 * H, "已签收", "买家撤销")

    def _refund_after_return(
        self, order: Order, door: dt.datetime, back_home: dt.datetime, *, refused: bool
    ) -> None:
        rng = self.rng
        parcel = order.parcel
        done = back_home + dt.timedelta(hours=rng.uniform(2, 40))
        if refused and rng.random() < 0.55:
            cause = order.cause
            early = (
                parcel.mechanism
                in (
                    "xhs_post",
                    "glue_reviews",
                    "rating_drop",
                    "price_cut",
                    "hub_stall",
                    "snow",
                    "late",
                )
                and rng.random() < 0.5
            )
            asked = (
                (door - dt.timedelta(hours=rng.uniform(4, 60)))
                if early
                else door + dt.timedelta(hours=rng.uniform(0.5, 20))
            )
            asked = max(asked, parcel.pickup_at + H)
            roll = rng.random()
            if roll < 0.38:
                reason = rng.choice(w.AFTER_SALES_GENERIC)
            elif roll < 0.50:
                other = rng.choice([c for c in mech.CHAIN if c != cause])
                reason = rng.choice(w.AFTER_SALES_REASONS[other])
            else:
                reason = rng.choice(w.AFTER_SALES_REASONS[cause])
            statuses = [
                (asked, "买家申请退款，待商家处理"),
                (
                    max(
                        asked + dt.timedelta(hours=rng.uniform(1, 12)),
                        door - 2 * H if early else asked + H,
                    ),
                    "已同意拒收退款，待用户拒收",
                ),
            ]
            statuses.sort()
            statuses.append((done, "退款成功"))
            self._as(order, "仅退款", w.noisy(rng, reason), asked, True, statuses)
            self._status(order, asked, "已发货，待签收", "售后处理中")
        elif not refused and parcel.fate == "intercepted":
            asked = parcel.pickup_at + dt.timedelta(hours=rng.uniform(10, 40))
            self._as(
                order,
                "仅退款",
                rng.choice(("不想要了", "多拍/错拍/不想要", "地址填错了")),
                asked,
                True,
                [
                    (asked, "买家申请退款，待商家处理"),
                    (asked + 3 * H, "商家同意退款，退款中"),
                    (done, "退款成功"),
                ],
            )
            self._status(order, asked, "已发货，待签收", "售后处理中")
        elif not refused and rng.random() < 0.4:
            asked = door + dt.timedelta(hours=rng.uniform(5, 48))
            self._as(
                order,
                "仅退款",
                rng.choice(w.AS_UNDELIVERED),
                asked,
                True,
                [(asked, "买家申请退款，待商家处理"), (done, "退款成功")],
            )
            self._status(order, asked, "已发货，待签收", "售后处理中")
        if done <= cat.CUTOFF:
            self._status(order, done, "已发货，退款成功", "退款成功")


def simulate(seed: int, orders: int) -> Shop:
    shop = Shop(seed, orders)
    shop.run()
    return shop
