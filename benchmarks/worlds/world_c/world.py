"""Simulate the orchard shop: buyers, orders, parcels, their fate and each refusal's true cause.

Every decision is drawn from one `random.Random(seed)` in a fixed order, so a seed gives one world.
Times are naive datetimes in China time (Asia/Shanghai).
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

VOCAB = tomllib.loads(Path(__file__).with_name("vocabulary.toml").read_text("utf-8"))
FMT = "%Y-%m-%d %H:%M:%S"
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def at(text: str) -> datetime:
    return datetime.strptime(text if " " in text else text + " 00:00:00", FMT)


START = at(VOCAB["shop"]["start"])
EXPORTS = [at(t) for t in VOCAB["shop"]["export_times"]]
HORIZON = EXPORTS[-1]

# The world's timeline (see README.md "Mechanisms").
LAUNCH_RAMP_END = at("2026-11-05")  # navel-orange harvest opens; volume ramps up to here
DOUBLE11 = (at("2026-11-10 20:00:00"), at("2026-11-12"))
BACKLOG = (at("2026-11-10"), at("2026-11-15"))  # warehouse packs late after Double 11
SURGE = (at("2026-11-10"), at("2026-11-18"))  # courier networks congested
SURGE_FACTOR = {"ems_pkg": 1.55, "jt": 1.9, "zto": 1.25, "yunda": 1.35, "sf": 1.1}
SNOW = (at("2026-11-19"), at("2026-11-25"))  # early snowstorm in the north
SNOW_DAYS = {
    "黑龙江省": 3.2,
    "吉林省": 2.6,
    "内蒙古自治区": 2.6,
    "辽宁省": 1.7,
    "河北省": 0.8,
    "北京市": 0.6,
    "天津市": 0.6,
    "山西省": 0.9,
}
# A frost-hit lot bought from a neighbouring co-operative: rotten or sour fruit.
FROST_LOT = {
    "navel10": (at("2026-11-12"), at("2026-11-20"), 0.24),
    "navel5": (at("2026-11-14"), at("2026-11-19"), 0.07),
}
# From this date the 冰糖橙 comes from a new supplier: smaller than the listing photos.
ADVERT_GAP = ("bingtang", at("2026-11-09"))
BOOST = (at("2026-11-02"), at("2026-11-15"), 0.05)  # 刷单 campaign for the new listings
STOCKOUT = ("navel10", 1, at("2026-11-11"), at("2026-11-14"))  # 特大果礼盒 sold out


@dataclass
class Buyer:
    province: str
    city: str
    district: str
    street: str
    dist_class: int
    name: str
    phone: str
    id_no: str


@dataclass
class Line:
    product: dict
    spec: list
    qty: int

    @property
    def total(self) -> float:
        return round(float(self.spec[1]) * self.qty, 2)


@dataclass
class AfterSale:
    sale_id: str
    kind: str
    reason: str
    applied: datetime
    amount: float
    shipped: bool
    stages: list  # [(time, 售后状态)], the last one is final


@dataclass
class Review:
    at: datetime
    score: int
    text: str
    reply: str


@dataclass
class Event:
    at: datetime
    kind: str
    text: str
    place: str


@dataclass
class Parcel:
    number: str
    courier: dict
    ship_at: datetime
    orders: list
    attempt_at: datetime | None = None
    excess_days: float = 0.0
    damaged: bool = False
    defect: bool = False
    no_pickup: bool = False
    locker: bool = False
    failed_first: bool = False
    fate: str = "delivered"  # delivered | refused | unreachable | bad_address | not_collected | ...
    cause: str = ""
    rot_from_delay: bool = False
    fate_at: datetime | None = None
    back_at: datetime | None = None
    events: list = field(default_factory=list)
    draws: tuple = ()


@dataclass
class Order:
    oid: str
    created: datetime
    lines: list
    buyer: Buyer
    boost: bool = False
    trial: bool = False
    paid: datetime | None = None
    cancel_at: datetime | None = None
    cancel_reason: str = ""
    promise: datetime | None = None
    ship_at: datetime | None = None
    parcel: Parcel | None = None
    fake: bool = False  # shipped under a tracking number already used for an earlier parcel
    sibling_of: Order | None = None
    message: str = ""
    note: str = ""
    money: dict = field(default_factory=dict)
    sales: list = field(default_factory=list)
    review: Review | None = None
    signed_at: datetime | None = None
    confirm_at: datetime | None = None
    refund_at: datetime | None = None
    outcome: str = ""
    cause: str = ""
    source: str = "APP"
    group_id: str = ""


def pick(rng: random.Random, items: list, weights: list | None = None):
    return rng.choices(items, weights)[0] if weights else items[rng.randrange(len(items))]


def digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(1, 10)) + "".join(str(rng.randrange(10)) for _ in range(n - 1))


def in_window(t: datetime | None, window: tuple) -> bool:
    return t is not None and window[0] <= t < window[1]


class Shop:
    """Draws the world. Call `simulate()`; read `orders`, `parcels`, `penalties`, `scores`."""

    def __init__(self, seed: int, n_orders: int):
        self.rng = random.Random(seed)
        self.n_orders = n_orders
        self.products = VOCAB["products"]
        self.couriers = VOCAB["couriers"]
        self.regions = [(prov, *spec) for prov, spec in VOCAB["regions"].items()]
        self.orders: list[Order] = []
        self.parcels: list[Parcel] = []
        self.penalties: list[dict] = []
        self.scores: list[dict] = []
        self._ids: set[str] = set()
        self._boost_ring = [self._buyer(boost=True) for _ in range(14)]

    # ---- people and things -------------------------------------------------------------
    def _buyer(self, boost: bool = False) -> Buyer:
        rng = self.rng
        if boost:  # the click farm: a handful of districts in two provinces
            prov = pick(rng, ["河南省", "山东省"])
        else:
            prov = pick(rng, [r[0] for r in self.regions], [r[2] for r in self.regions])
        region = next(r for r in self.regions if r[0] == prov)
        city, districts = pick(rng, list(region[3:])).split(":")
        surname = pick(rng, list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"))
        given = pick(
            rng,
            [
                "伟",
                "芳",
                "娜",
                "秀英",
                "敏",
                "静",
                "丽",
                "强",
                "磊",
                "军",
                "洋",
                "勇",
                "艳",
                "杰",
                "娟",
                "涛",
                "明",
                "超",
                "秀兰",
                "霞",
                "平",
                "刚",
                "桂英",
            ],
        )
        road = pick(rng, ["建设路", "人民路", "解放路", "中山路", "幸福小区", "和平街", "花园路"])
        street = f"{road}{rng.randrange(1, 300)}号"
        id_no = f"{rng.randrange(110000, 659999)}19{rng.randrange(55, 99)}{digits(rng, 7)}"
        id_no += pick(rng, list("0123456789X"))
        return Buyer(
            prov,
            city,
            pick(rng, districts.split(",")),
            street,
            region[1],
            surname + given,
            "1" + pick(rng, ["3", "5", "7", "8"]) + digits(rng, 9),
            id_no,
        )

    def _order_id(self, created: datetime) -> str:
        while True:
            oid = created.strftime("%y%m%d") + "-" + digits(self.rng, 15)
            if oid not in self._ids:
                self._ids.add(oid)
                return oid

    def _tracking_number(self, courier: dict) -> str:
        head, width = courier["number"].split("{")
        while True:
            number = head + digits(self.rng, int(width.rstrip("}")))
            if number not in self._ids:
                self._ids.add(number)
                return number

    def _day_weight(self, day: datetime) -> float:
        ramp = 0.55 + 0.45 * min(1.0, (day - START) / (LAUNCH_RAMP_END - START))
        if day.date() in (at("2026-11-10").date(), at("2026-11-11").date()):
            ramp *= 2.6 if day.day == 11 else 1.5
        if day.weekday() >= 5:
            ramp *= 1.12
        return ramp

    def _created_times(self, n: int) -> list[datetime]:
        rng = self.rng
        days = [START + i * DAY for i in range((HORIZON - START).days + 1)]
        weights = [self._day_weight(d) for d in days]
        hours = [
            1,
            0.5,
            0.3,
            0.2,
            0.2,
            0.3,
            0.8,
            1.5,
            2.2,
            2.6,
            2.8,
            3.0,
            3.6,
            3.2,
            2.6,
            2.5,
            2.5,
            2.7,
            3.0,
            3.6,
            4.4,
            5.0,
            4.6,
            2.6,
        ]
        out = []
        while len(out) < n:
            day = pick(rng, days, weights)
            t = day + timedelta(
                hours=pick(rng, list(range(24)), hours), seconds=rng.randrange(3600)
            )
            if t < HORIZON:
                out.append(t)
        return sorted(out)

    def _lines(self, boost: bool) -> list[Line]:
        rng = self.rng
        if boost:
            product = pick(rng, [p for p in self.products if p["key"] in ("navel5", "passion")])
            return [Line(product, product["specs"][0], 1)]
        product = pick(rng, self.products, [p["weight"] for p in self.products])
        spec_i = 1 if rng.random() < 0.35 else 0
        qty = pick(rng, [1, 2, 3], [0.86, 0.11, 0.03])
        if product["key"] == "navel10" and rng.random() < 0.004:  # a company's gift order
            spec_i, qty = 1, rng.randrange(18, 45)
        lines = [Line(product, product["specs"][spec_i], qty)]
        if rng.random() < 0.05:
            extra = pick(rng, [p for p in self.products if p is not product])
            lines.append(Line(extra, extra["specs"][0], 1))
        return lines

    # ---- the simulation ----------------------------------------------------------------
    def simulate(self) -> None:
        self._place_orders()
        self._pay_and_ship()
        self._make_parcels()
        for parcel in self.parcels:
            self._transit(parcel)
        self._review_seed = self.rng.randrange(1 << 30)
        self._decide(with_reviews=False)
        self._write_reviews()
        self._decide(with_reviews=True)
        self._write_reviews()
        for parcel in self.parcels:
            self._events(parcel)
        self._settle()
        self._scores()

    def _place_orders(self) -> None:
        rng = self.rng
        n_base = round(self.n_orders / 1.035)
        for created in self._created_times(n_base):
            boost = in_window(created, BOOST[:2]) and rng.random() < BOOST[2]
            buyer = pick(rng, self._boost_ring) if boost else self._buyer()
            order = Order("", created, self._lines(boost), buyer, boost=boost)
            order.trial = (
                not boost and order.lines[0].product["key"] == "passion" and (rng.random() < 0.03)
            )
            self.orders.append(order)
        # a buyer coming back the same hour for something else: PDD merges the parcels (合并发货)
        base = [o for o in self.orders if not o.boost]
        while len(self.orders) < self.n_orders:
            first = pick(rng, base)
            second = Order(
                "",
                first.created + timedelta(minutes=rng.randrange(3, 150)),
                self._lines(False),
                first.buyer,
                sibling_of=first,
            )
            if second.created < HORIZON:
                self.orders.append(second)
        self.orders.sort(key=lambda o: o.created)
        for order in self.orders:
            order.oid = self._order_id(order.created)
            order.group_id = digits(rng, 12)
            order.source = pick(rng, ["APP", "APP", "APP", "小程序", "H5"])
            self._price(order)
            self._words(order)

    def _price(self, order: Order) -> None:
        rng = self.rng
        goods = round(sum(line.total for line in order.lines), 2)
        post = 8.0 if order.buyer.province == "新疆维吾尔自治区" else 0.0
        shop_off = pick(rng, [0.0, 0.0, 2.0, 3.0, 5.0]) if goods >= 20 else 0.0
        plat_off = 0.0
        if in_window(order.created, DOUBLE11) and rng.random() < 0.6:
            plat_off = float(rng.randrange(2, 7))
        elif rng.random() < 0.12:
            plat_off = round(rng.uniform(0.3, 1.5), 2)
        dd_off = round(rng.uniform(0.1, 1.0), 2) if rng.random() < 0.18 else 0.0
        if order.trial:
            shop_off, plat_off, dd_off = goods + post, 0.0, 0.0
        if order.boost and rng.random() < 0.3:  # near-zero orders: a huge private coupon
            shop_off = round(goods + post - 0.01 * rng.randrange(1, 100), 2)
        paid = max(0.0, round(goods + post - shop_off - plat_off - dd_off, 2))
        order.money = {
            "goods": goods,
            "post": post,
            "shop_off": shop_off,
            "plat_off": plat_off,
            "dd_off": dd_off,
            "paid": paid,
            "received": round(paid + plat_off + dd_off, 2),
        }

    def _words(self, order: Order) -> None:
        rng = self.rng
        msg = VOCAB["messages"]
        if not order.boost and rng.random() < 0.16:
            group = pick(rng, ["neutral", "quality_hint", "logistics_hint"], [0.84, 0.08, 0.08])
            order.message = pick(rng, msg[group])
        notes = VOCAB["notes"]
        if order.boost and rng.random() < 0.78:
            order.note = pick(rng, notes["boosting"]).format(n=rng.randrange(1, 400))
        elif rng.random() < 0.05:
            order.note = pick(rng, notes["neutral"])

    def _pay_and_ship(self) -> None:
        rng = self.rng
        for order in self.orders:
            if not order.boost and rng.random() < 0.028:  # never paid
                order.cancel_at = order.created + timedelta(minutes=rng.randrange(15, 1440))
                order.cancel_reason = "unpaid"
                continue
            order.paid = order.created + timedelta(seconds=rng.randrange(5, 400))
            order.promise = order.paid + 48 * HOUR
            ship = order.paid.replace(hour=18, minute=0, second=0) + timedelta(
                minutes=rng.randrange(0, 200)
            )
            if order.paid.hour >= 14:
                ship += DAY
            if in_window(order.paid, BACKLOG) and not order.boost:
                ship += timedelta(hours=rng.triangular(0, 56, 6))
            if order.boost:
                ship = order.paid + timedelta(hours=rng.uniform(1.5, 8))
            order.ship_at = ship
            key, spec_i, s0, s1 = STOCKOUT
            line = order.lines[0]
            if (
                line.product["key"] == key
                and line.spec is line.product["specs"][spec_i]
                and (s0 <= order.paid < s1 and rng.random() < 0.45)
            ):
                order.cancel_at, order.cancel_reason = (
                    order.paid + timedelta(hours=rng.uniform(3, 30)),
                    "stockout",
                )
            elif not order.boost and rng.random() < 0.02 + (0.09 if ship > order.promise else 0):
                wait = (min(ship, order.promise + DAY) - order.paid).total_seconds()
                order.cancel_at = order.paid + timedelta(seconds=rng.uniform(0.05, 0.95) * wait)
                order.cancel_reason = (
                    "late" if ship > order.promise and rng.random() < 0.6 else "mind"
                )
            if order.cancel_at is not None or order.ship_at >= HORIZON:
                order.ship_at = None

    def _make_parcels(self) -> None:
        rng = self.rng
        shipped = [o for o in self.orders if o.ship_at is not None]
        for order in shipped:
            first = order.sibling_of
            if (
                first is not None
                and first.parcel is not None
                and first.parcel.ship_at >= order.created
            ):
                first.parcel.orders.append(order)
                order.ship_at = first.parcel.ship_at = max(first.parcel.ship_at, order.ship_at)
                order.parcel = first.parcel
                continue
            if order.boost and rng.random() < 0.3:
                pool = [
                    p
                    for p in self.parcels[-3000:]
                    if not p.orders[0].boost
                    and timedelta(days=2) <= order.ship_at - p.ship_at <= timedelta(days=9)
                ]
                if pool:
                    order.parcel, order.fake = pick(rng, pool), True
                    continue
            courier = self._courier(order)
            parcel = Parcel(self._tracking_number(courier), courier, order.ship_at, [order])
            parcel.no_pickup = order.boost and rng.random() < 0.55
            order.parcel = parcel
            self.parcels.append(parcel)
        for parcel in self.parcels:  # a merged parcel leaves when its last order is packed
            for order in parcel.orders:
                order.ship_at = parcel.ship_at

    def _courier(self, order: Order) -> dict:
        rng = self.rng
        cheap = [c for c in self.couriers if c["key"] in ("ems_pkg", "jt", "zto")]
        if order.boost:
            return pick(rng, cheap)
        if order.lines[0].spec[0].endswith("礼盒") and rng.random() < 0.6:
            return next(c for c in self.couriers if c["key"] == "sf")
        return pick(rng, self.couriers, [c["share"] for c in self.couriers])

    def _transit(self, parcel: Parcel) -> None:
        rng = self.rng
        order = parcel.orders[0]
        usual = parcel.courier["days"][order.buyer.dist_class]
        days = usual * rng.lognormvariate(0, 0.22)
        if in_window(parcel.ship_at, SURGE):
            days *= SURGE_FACTOR[parcel.courier["key"]] * rng.uniform(0.8, 1.2)
        arrive = parcel.ship_at + timedelta(days=days)
        if order.buyer.province in SNOW_DAYS and (
            in_window(arrive, SNOW) or in_window(arrive - 2 * DAY, SNOW)
        ):
            arrive += timedelta(days=SNOW_DAYS[order.buyer.province] * rng.uniform(0.5, 1.3))
        hour = arrive.hour
        if hour < 8 or hour > 19:  # delivered in the next working hours
            arrive = arrive.replace(hour=9) + (DAY if hour > 19 else timedelta())
        parcel.attempt_at = arrive + timedelta(minutes=rng.randrange(0, 480))
        waited = (parcel.attempt_at - order.paid).total_seconds() / 86400
        parcel.excess_days = max(0.0, waited - usual - 1.8)
        fragile = 2.2 if order.lines[0].product["key"] in ("pomegranate", "kiwi") else 1.0
        surge = 1.8 if in_window(parcel.ship_at, SURGE) else 1.0
        parcel.damaged = (
            not order.boost and rng.random() < parcel.courier["damage"] * fragile * surge
        )
        defect = max(line.product["base_defect"] for line in parcel.orders[0].lines)
        for o in parcel.orders:
            for line in o.lines:
                lot = FROST_LOT.get(line.product["key"])
                if lot and lot[0] <= parcel.ship_at < lot[1]:
                    defect = max(defect, lot[2])
        parcel.defect = not order.boost and rng.random() < defect
        parcel.rot_from_delay = not order.boost and parcel.excess_days > 3 and rng.random() < 0.15
        parcel.failed_first = rng.random() < 0.07
        parcel.draws = tuple(rng.random() for _ in range(6))

    def _bad_share(self, key: str, when: datetime) -> float:
        bad = total = 0
        for order in self._reviews_by_product.get(key, ()):
            review = order.review
            if when - 7 * DAY < review.at <= when:
                total += 1
                bad += review.score <= 2
        return bad / (total + 3)

    def _decide(self, with_reviews: bool) -> None:
        for parcel in self.parcels:
            order = parcel.orders[0]
            u_refuse, u_cause, u_other, u_apply, u_locker, u_kind = parcel.draws
            parcel.fate, parcel.cause, parcel.fate_at = "delivered", "", parcel.attempt_at
            hazards = {}
            if order.boost:  # an empty parcel at a stranger's door
                hazards["rule_violation"] = 0.3
            else:
                late = parcel.excess_days
                hazards["logistics"] = min(
                    0.6,
                    0.003
                    + 0.012 * late
                    + 0.012 * late * late
                    + (0.45 if parcel.damaged else 0)
                    + (0.35 if parcel.rot_from_delay else 0),
                )
                hazards["product_quality"] = 0.42 if parcel.defect else 0.001
                if with_reviews:
                    check = parcel.attempt_at - DAY
                    share = max(
                        self._bad_share(line.product["key"], check)
                        for o in parcel.orders
                        for line in o.lines
                    )
                    hazards["reviews"] = min(0.3, 0.4 * max(0.0, share - 0.12))
            survive = 1.0
            for p in hazards.values():
                survive *= 1 - p
            if u_refuse < 1 - survive:
                causes = sorted(hazards)
                total = sum(hazards.values())
                acc = 0.0
                for cause in causes:
                    acc += hazards[cause] / total
                    if u_cause <= acc:
                        break
                parcel.cause = cause
                # a buyer who already wants out may be intercepted by the merchant instead
                if cause == "reviews" and u_kind < 0.22:
                    parcel.fate = "intercepted"
                    parcel.fate_at = parcel.attempt_at - timedelta(hours=30 * u_apply + 6)
                    parcel.cause = ""
                else:
                    parcel.fate = "refused"
                    if parcel.failed_first:
                        parcel.fate_at = parcel.attempt_at + DAY
            elif u_other < 0.004:
                parcel.fate = "bad_address"
            elif u_other < 0.010:
                parcel.fate = "unreachable"
                parcel.fate_at = parcel.attempt_at + 2 * DAY
            elif u_other < 0.016 and not order.boost:
                parcel.fate = "intercepted"  # changed mind, asked for a refund in transit
                parcel.fate_at = parcel.attempt_at - timedelta(hours=20 * u_apply + 4)
            else:
                parcel.locker = u_locker < 0.36
                if parcel.locker and u_other > 0.988:
                    parcel.fate = "not_collected"
                    parcel.fate_at = parcel.attempt_at + timedelta(days=3, hours=2)
                elif parcel.failed_first:
                    parcel.fate_at = parcel.attempt_at + DAY
            if parcel.fate_at < parcel.ship_at + 2 * HOUR:
                parcel.fate = "delivered"
                parcel.fate_at = parcel.attempt_at
            if parcel.fate != "delivered":
                transit = parcel.attempt_at - parcel.ship_at
                parcel.back_at = parcel.fate_at + transit * (1.1 + 0.4 * u_kind) + 6 * HOUR
            else:
                parcel.back_at = None

    def _write_reviews(self) -> None:
        self._reviews_by_product = {}
        texts = VOCAB["reviews"]
        for index, order in enumerate(self.orders):
            order.review = None
            parcel = order.parcel
            if parcel is None or order.fake or order.boost or parcel.fate != "delivered":
                continue
            # one stream per order: a buyer writes the same review in both passes
            rng = random.Random(self._review_seed * 100_003 + index)
            u = rng.random()
            signed = parcel.fate_at
            bad_quality = parcel.defect or parcel.rot_from_delay
            key = order.lines[0].product["key"]
            advert = key == ADVERT_GAP[0] and parcel.ship_at >= ADVERT_GAP[1]
            if bad_quality:
                rate, score, text = 0.62, pick(rng, [1, 1, 2]), pick(rng, texts["quality_bad"])
            elif advert and u < 0.75:
                rate, score, text = 0.5, pick(rng, [1, 2, 2, 3]), pick(rng, texts["advert_bad"])
            elif parcel.excess_days > 2 or parcel.damaged:
                rate, score, text = 0.4, pick(rng, [2, 3, 3, 4]), pick(rng, texts["logistics_bad"])
            elif u < 0.08:
                rate, score, text = 0.3, pick(rng, [3, 4]), pick(rng, texts["neutral"])
            else:
                rate, score, text = 0.28, pick(rng, [5, 5, 5, 4]), pick(rng, texts["positive"])
            if rng.random() >= rate:
                continue
            when = signed + timedelta(hours=rng.uniform(3, 130))
            if when >= HORIZON:
                continue
            reply = pick(rng, texts["replies"]) if score <= 2 and rng.random() < 0.45 else ""
            order.review = Review(when, score, text, reply)
            self._reviews_by_product.setdefault(key, []).append(order)

    # ---- money, after-sales, penalties --------------------------------------------------
    def _sale(
        self,
        order: Order,
        kind: str,
        reason: str,
        applied: datetime,
        amount: float,
        stages: list,
        shipped: bool = True,
    ) -> None:
        sale = AfterSale(
            digits(self.rng, 15),
            kind,
            reason,
            applied,
            round(amount, 2),
            shipped,
            [(applied, "买家申请退款，待商家处理"), *stages],
        )
        order.sales.append(sale)

    def _settle(self) -> None:
        rng = self.rng
        aft = VOCAB["aftersales"]
        for order in self.orders:
            paid = order.money["paid"]
            if order.cancel_at is not None and order.cancel_at >= HORIZON:
                order.cancel_at, order.ship_at = None, None
                order.outcome = "not_shipped"
                continue
            if order.cancel_at is not None:
                order.outcome = "cancelled"
                if order.paid is not None:
                    reason = {
                        "late": pick(rng, ["未按约定时间发货", "发货太慢"]),
                        "stockout": "缺货",
                    }.get(order.cancel_reason, pick(rng, aft["generic"]))
                    order.refund_at = order.cancel_at + timedelta(minutes=rng.randrange(10, 600))
                    self._sale(
                        order,
                        "仅退款",
                        reason,
                        order.cancel_at,
                        paid,
                        [(order.refund_at, "退款成功")],
                        shipped=False,
                    )
                    if order.cancel_reason == "stockout":
                        self._penalty(
                            order,
                            "缺货扣款",
                            order.refund_at + 20 * HOUR,
                            max(3.0, round(paid * 0.1, 2)),
                            "商家缺货未发货",
                        )
                continue
            if order.ship_at is None:
                order.outcome = "not_shipped"
                continue
            if order.ship_at > order.promise and not order.fake:
                self._penalty(
                    order,
                    "延迟发货_扣款",
                    order.promise + timedelta(hours=rng.uniform(6, 30)),
                    min(50.0, max(3.0, round(paid * 0.05, 2))),
                    "超过承诺发货时间未发货",
                )
            parcel = order.parcel
            if order.fake:
                order.outcome = "fake_shipping"
                self._fake_trail(order, "reuse")
                continue
            if order.boost:
                self._fake_trail(order, "empty")
            self._fate(order, parcel, aft)

    def _fake_trail(self, order: Order, how: str) -> None:
        rng = self.rng
        if how == "reuse":
            order.signed_at = order.ship_at + timedelta(days=rng.uniform(2, 4))
            order.confirm_at = order.signed_at + timedelta(hours=rng.uniform(1, 30))
            if rng.random() < 0.4:
                kind = pick(rng, ["虚假发货", "虚假轨迹"])
                self._penalty(
                    order,
                    kind,
                    order.ship_at + timedelta(days=rng.uniform(3, 8)),
                    pick(rng, [10.0, 20.0, 50.0]),
                    "物流单号重复使用",
                )
        elif rng.random() < 0.2:
            self._penalty(
                order,
                "虚假交易",
                order.ship_at + timedelta(days=rng.uniform(4, 12)),
                pick(rng, [100.0, 200.0, 500.0]),
                "疑似虚假交易，扣除保证金",
            )

    def _fate(self, order: Order, parcel: Parcel, aft: dict) -> None:
        rng = self.rng
        paid = order.money["paid"]
        fate, t = parcel.fate, parcel.fate_at
        if t + 3 * HOUR >= HORIZON or (
            parcel.back_at and parcel.back_at >= HORIZON and fate != "refused"
        ):
            order.outcome = "in_transit"
            if (
                fate == "refused"
                and parcel.cause in ("logistics", "reviews")
                and rng.random() < 0.4
            ):
                applied = parcel.attempt_at - timedelta(hours=rng.uniform(8, 40))
                if applied < HORIZON and applied > order.ship_at:
                    reason = pick(rng, aft[parcel.cause])
                    self._sale(order, "仅退款", reason, applied, paid, [])
            return
        if fate == "delivered":
            order.outcome = "delivered"
            order.signed_at = t
            order.confirm_at = t + timedelta(hours=rng.choice([rng.uniform(1, 72), 240]))
            if (parcel.defect or parcel.rot_from_delay) and rng.random() < 0.6:
                applied = t + timedelta(hours=rng.uniform(1, 40))
                amount = min(paid, rng.choice([3.0, 5.0, 8.0, 10.0, paid * 0.5, paid]))
                self._sale(
                    order,
                    "仅退款",
                    pick(rng, aft["signed_quality"]),
                    applied,
                    amount,
                    [(applied + timedelta(hours=rng.uniform(1, 20)), "退款成功")],
                )
            elif parcel.damaged and rng.random() < 0.4:
                applied = t + timedelta(hours=rng.uniform(1, 20))
                self._sale(
                    order,
                    "仅退款",
                    "包装破损",
                    applied,
                    min(paid, 5.0),
                    [(applied + timedelta(hours=5), "退款成功")],
                )
            elif rng.random() < 0.012:
                applied = t + timedelta(hours=rng.uniform(5, 60))
                self._sale(
                    order,
                    pick(rng, ["退货退款", "补寄"]),
                    pick(rng, aft["signed_other"]),
                    applied,
                    paid,
                    [(applied + timedelta(days=2), "退款成功")],
                )
            return
        back = parcel.back_at
        order.refund_at = (
            back + timedelta(hours=rng.uniform(2, 30))
            if paid >= 10
            else (t + timedelta(hours=rng.uniform(1, 8)))
        )
        if fate != "refused":
            order.outcome = "returned_undelivered"
            if fate == "intercepted":
                reason = pick(
                    rng, aft["reviews" if parcel.cause == "" and rng.random() < 0.5 else "generic"]
                )
                applied = t - timedelta(hours=rng.uniform(2, 12))
                self._sale(
                    order,
                    "仅退款",
                    reason,
                    max(applied, order.ship_at + HOUR),
                    paid,
                    [(t, "商家同意退款，退款中"), (order.refund_at, "退款成功")],
                )
            return
        order.outcome, order.cause = "refused", parcel.cause
        rate = {"logistics": 0.5, "product_quality": 0.45, "reviews": 0.72, "rule_violation": 0.3}
        if rng.random() >= rate[parcel.cause]:
            return
        u = rng.random()
        if u < 0.58:
            reason = pick(rng, aft[parcel.cause])
        elif u < 0.74 and parcel.cause != "product_quality":
            reason = pick(rng, aft["tactic"])  # the buyer blames the goods to avoid postage
        else:
            reason = pick(rng, aft["generic"])
        before = parcel.cause in ("reviews", "logistics") and rng.random() < 0.7
        applied = (
            parcel.attempt_at - timedelta(hours=rng.uniform(5, 40))
            if before
            else t + timedelta(hours=rng.uniform(0.2, 20))
        )
        applied = max(applied, order.ship_at + HOUR)
        agreed = applied + timedelta(hours=rng.uniform(0.5, 10))
        stages = [(agreed, "已同意拒收退款，待用户拒收")]
        if paid >= 60 and rng.random() < 0.25:  # merchant first contests a bigger order
            stages = [
                (agreed, "驳回退款，待买家处理"),
                (agreed + DAY, "平台处理中"),
                (agreed + 2 * DAY, "已同意拒收退款，待用户拒收"),
            ]
        refund = max(order.refund_at, stages[-1][0] + HOUR)
        order.refund_at = refund
        self._sale(order, "仅退款", reason, applied, paid, [*stages, (refund, "退款成功")])

    def _penalty(self, order: Order, kind: str, when: datetime, amount: float, note: str) -> None:
        if when < HORIZON:
            self.penalties.append(
                {"order": order, "kind": kind, "at": when, "amount": amount, "note": note}
            )

    def _scores(self) -> None:
        """Daily 90-day rolling scores; the 80 days before the window are a steady history."""
        rng = self.rng
        prior = {"desc": (4.79, 70.0), "logi": (4.76, 70.0), "serv": (4.81, 70.0)}
        reviews = sorted((o.review.at, o) for o in self.orders if o.review)
        day = START
        while day < HORIZON:
            end = day + DAY
            sums = {k: mean * n * 80 for k, (mean, n) in prior.items()}
            count = 70.0 * 80
            for when, order in reviews:
                if when >= end:
                    break
                parcel = order.parcel
                count += 1
                sums["desc"] += order.review.score
                logi = 5 - min(4, round(parcel.excess_days)) - (2 if parcel.damaged else 0)
                sums["logi"] += max(1, logi)
                sums["serv"] += 5 if order.review.score >= 3 or order.review.reply else 3
            scale = count
            desc, logi, serv = (sums[k] / scale for k in ("desc", "logi", "serv"))
            jitter = rng.uniform(-0.004, 0.004)
            self.scores.append(
                {
                    "day": day,
                    "desc": desc,
                    "logi": logi,
                    "serv": serv,
                    "store": (desc + logi + serv) / 3 + jitter,
                }
            )
            day = end

    def _events(self, parcel: Parcel) -> None:
        from .tracking import build_events

        build_events(self, parcel)


def simulate(seed: int, n_orders: int) -> Shop:
    shop = Shop(seed, n_orders)
    shop.simulate()
    return shop
