"""The shop itself: catalogue, couriers, where buyers live, the season's calendar and the rates.

The shop is the same for every seed (its ids come from a fixed generator); the seed only changes
the history the simulator plays out on it. Every rate the README quotes is defined here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from random import Random

from .vocab import vocab

# ---------------------------------------------------------------- calendar
FIRST_DROP = datetime(2025, 10, 13, 9, 5)
DROP_COUNT = 15
DROPS = [FIRST_DROP + timedelta(days=7 * k, minutes=7 * k) for k in range(DROP_COUNT)]
HORIZON_START = FIRST_DROP - timedelta(
    days=28
)  # the first drop's orders export reaches back 28 days
CUTOFF = DROPS[-1]

PROMISE_SHIP = timedelta(hours=48)


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime

    def __contains__(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def _window(start: tuple[int, int, int], end: tuple[int, int, int]) -> Window:
    return Window(datetime(*start), datetime(*end))


# Season events (China time). Each is used by exactly one mechanism in simulate.py.
DOUBLE11_PRESALE = _window((2025, 10, 20), (2025, 11, 10))
DOUBLE11_PEAK = _window((2025, 11, 10), (2025, 11, 12))
BACKLOG_ORDERS = _window((2025, 11, 9), (2025, 11, 16))  # merchant ships late
BACKLOG_NETWORK = _window((2025, 11, 11), (2025, 11, 20))  # courier hubs congested
TEMP_PACKERS = _window((2025, 11, 10), (2025, 11, 23))  # picking errors (发错货)
COLD_WAVE = _window((2025, 11, 24), (2025, 12, 3))  # northern slowdowns, down demand
DOWN_STOCKOUT = _window((2025, 11, 23), (2025, 12, 2))  # D02 sold out: 虚假发货 pre-sale
DOUBLE12 = _window((2025, 12, 10), (2025, 12, 13))
NEW_YEAR = _window((2025, 12, 29), (2026, 1, 3))
SIZE_BATCH_D01 = _window((2025, 10, 28), (2025, 12, 11))  # wrong size chart, runs small
DOWN_LEAK_D02 = _window((2025, 11, 15), (2025, 12, 21))  # 钻绒 batch
PILLING_K03 = _window((2025, 12, 1), (2026, 1, 11))  # 掉毛/起球 batch
VIRAL_C01 = _window((2025, 12, 2), (2025, 12, 19))  # 买家秀 complaint goes viral
COMPETITOR_K01 = (_window((2025, 10, 27), (2025, 11, 7)), _window((2026, 1, 5), (2026, 1, 15)))
BOOST_CAMPAIGNS = (
    # product, window, share of the campaign's orders that are 0元试用/抽奖, orders per 10k
    ("C02", _window((2025, 10, 10), (2025, 11, 1)), 0.4, 85),
    ("D04", _window((2025, 12, 5), (2025, 12, 21)), 0.15, 80),
    ("K01", Window(HORIZON_START, CUTOFF), 0.0, 35),
)
REUSED_NUMBERS = _window((2025, 11, 11), (2025, 11, 19))  # old tracking numbers uploaded

MONTH_DEMAND = {9: 0.55, 10: 0.8, 11: 1.1, 12: 1.15, 1: 0.8}
HOUR_WEIGHTS = [
    2,
    1,
    0.6,
    0.4,
    0.3,
    0.4,
    0.8,
    1.5,
    2.2,
    2.8,
    3.2,
    3.6,
    4.2,
    4.0,
    3.3,
    3.0,
    3.0,
    3.2,
    3.6,
    4.2,
    5.0,
    5.6,
    5.4,
    3.8,
]


def day_demand(day: date) -> float:
    moment = datetime(day.year, day.month, day.day, 12)
    weight = MONTH_DEMAND[day.month] * (1.1 if day.weekday() >= 5 else 1.0)
    if moment in DOUBLE11_PRESALE:
        weight *= 1.3
    if moment in DOUBLE11_PEAK:
        weight *= 3.0
    if moment in COLD_WAVE:
        weight *= 1.35
    if moment in DOUBLE12:
        weight *= 1.8
    if moment in NEW_YEAR:
        weight *= 1.2
    return weight


# ---------------------------------------------------------------- catalogue
SEASON = {  # category demand by month
    "down": {9: 0.15, 10: 0.6, 11: 1.4, 12: 1.6, 1: 1.1},
    "coat": {9: 0.6, 10: 1.2, 11: 1.2, 12: 1.0, 1: 0.6},
    "knit": {9: 1.3, 10: 1.3, 11: 1.0, 12: 0.9, 1: 0.8},
    "trousers": {9: 1.0, 10: 1.0, 11: 0.9, 12: 0.9, 1: 1.1},
}

# code, category, price (yuan), popularity, launch date, baseline door-refusal on inspection
_PRODUCTS = [
    ("D01", "down", 189, 1.3, None, 0.006),
    ("D02", "down", 259, 1.0, None, 0.006),
    ("D03", "down", 99, 0.8, None, 0.005),
    ("D04", "down", 229, 0.9, date(2025, 12, 5), 0.006),
    ("C01", "coat", 299, 0.9, None, 0.008),
    ("C02", "coat", 159, 0.7, date(2025, 10, 10), 0.006),
    ("C03", "coat", 139, 0.7, None, 0.006),
    ("K01", "knit", 69, 1.6, None, 0.005),
    ("K02", "knit", 79, 1.0, None, 0.006),
    ("K03", "knit", 89, 0.8, None, 0.007),
    ("K04", "knit", 39, 1.0, None, 0.004),
    ("T01", "trousers", 59, 1.1, None, 0.005),
    ("T02", "trousers", 79, 0.9, None, 0.006),
    ("T03", "trousers", 49, 0.8, None, 0.005),
    ("T04", "trousers", 55, 0.6, None, 0.005),
]
SIZE_CODES = {"S": "S", "M": "M", "L": "L", "XL": "XL", "2XL": "2X", "均码": "F"}


@dataclass(frozen=True)
class Sku:
    product: Product
    colour: str
    size: str
    spec: str  # 商品规格
    style_id: str  # 样式ID
    sku_code: str  # 商家编码-规格维度


@dataclass
class Product:
    code: str
    category: str
    title: str
    cats: list[str]
    price_cents: int
    popularity: float
    launch: date | None
    base_quality_refusal: float
    goods_id: str  # 商品id
    spu_code: str  # 商家编码-商品维度
    skus: list[Sku] = field(default_factory=list)


def _build_catalogue() -> list[Product]:
    ids = Random("world_e:catalogue")
    words = vocab()
    hints = words["sizes"]["hint"]
    products = []
    for code, category, price, popularity, launch, base_quality in _PRODUCTS:
        text = words["products"][code]
        product = Product(
            code,
            category,
            text["title"],
            text["cats"],
            price * 100,
            popularity,
            launch,
            base_quality,
            str(ids.randrange(600_000_000_000, 799_999_999_999)),
            f"NT-{code}",
        )
        for c_index, colour in enumerate(text["colours"]):
            for size in text["sizes"]:
                hint = hints.get(size)
                spec = f"{colour},{size}" + (f"（{hint}）" if hint and ids.random() < 0.5 else "")
                sku_code = f"NT-{code}-C{c_index + 1}-{SIZE_CODES.get(size, size)}"
                style_id = str(ids.randrange(100_000_000_000, 999_999_999_999))
                product.skus.append(Sku(product, colour, size, spec, style_id, sku_code))
        products.append(product)
    return products


CATALOGUE = _build_catalogue()
PRODUCTS = {product.code: product for product in CATALOGUE}


# ---------------------------------------------------------------- geography
@dataclass(frozen=True)
class Region:
    province: str
    city: str
    district: str
    street: str
    zone: int  # 0 near (江浙沪皖) … 4 far west
    north: bool  # hit by the cold wave
    weight: float


REGIONS = [Region(p, c, d, s, z, bool(n), w) for p, c, d, s, z, n, w in vocab()["geo"]["rows"]]
BOOST_REGIONS = [
    Region(p, c, d, s, 1, False, 1.0) for p, c, d, s in vocab()["geo"]["boost_cluster"]
]
ZONE_DAYS = [1.3, 2.2, 2.9, 3.8, 5.5]  # usual door-to-door days from Hangzhou, by zone


# ---------------------------------------------------------------- couriers
@dataclass(frozen=True)
class Courier:
    code: str  # our key, also the Kuaidi Niao ShipperCode unless kdn differs
    kd100: str  # Kuaidi100 company code
    kdn: str  # Kuaidi Niao ShipperCode
    share: float  # share of the shop's ordinary parcels
    speed: float  # transit-time multiplier
    damage: float  # chance a parcel arrives with a damaged outer box
    number_prefix: str
    number_digits: int

    def number(self, rng: Random) -> str:
        digits = "".join(str(rng.randrange(10)) for _ in range(self.number_digits))
        return self.number_prefix + digits


COURIERS = {
    c.code: c
    for c in [
        Courier("ZTO", "zhongtong", "ZTO", 0.45, 1.0, 0.004, "7", 13),
        Courier("YTO", "yuantong", "YTO", 0.20, 1.0, 0.005, "YT", 13),
        Courier("YD", "yunda", "YD", 0.14, 1.05, 0.006, "43", 11),
        Courier("JT", "jtexpress", "JTSD", 0.10, 1.15, 0.011, "JT", 13),
        Courier("STO", "shentong", "STO", 0.06, 1.1, 0.006, "77", 13),
        Courier("YZPY", "youzhengguonei", "YZPY", 0.05, 1.25, 0.005, "98", 11),
        Courier("EMS", "ems", "EMS", 0.0, 1.1, 0.004, "11", 11),
        Courier("SF", "shunfeng", "SF", 0.0, 0.7, 0.001, "SF", 13),
    ]
}
GIFT_COURIERS = ("YTO", "STO")  # what the 礼品代发 service ships boosted parcels with
STATION_SHARE = 0.55  # deliveries left at a 驿站 / locker rather than handed over


# ---------------------------------------------------------------- rates
@dataclass(frozen=True)
class Rates:
    unpaid: float = 0.035  # never paid, auto-cancelled
    refund_before_ship: float = 0.04  # buyer cancels while 待发货
    refund_before_ship_backlog: float = 0.10
    stockout: float = 0.004  # merchant cancels, 缺货扣款
    sf_upgrade: float = 0.02  # 是否顺丰加价
    multi_line: float = 0.08  # order with two SKUs
    buyer_group: float = 0.06  # a buyer's second order within ~2 days
    group_same_style: float = 0.4  # …of the same style in another size
    # door-refusal hazards (see simulate.py for how they combine)
    size_batch: float = 0.085
    down_leak: float = 0.07
    colour_k02: float = 0.05
    pilling_k03: float = 0.045
    picture_c01: float = 0.02
    wrong_item_peak: float = 0.025
    wrong_item_normal: float = 0.003
    wrong_item_refused: float = 0.6
    extra_size_refused: float = 0.4
    damage_refused: float = 0.45
    courier_quarrel: float = 0.0018
    late_per_day: float = 0.03  # refusal hazard per day of wait beyond patience
    late_cap: float = 0.4
    patience_days: float = 5.0
    review_base: float = 0.0025
    review_slope: float = 0.2  # per unit of bad-review share above the floor
    review_floor: float = 0.15
    review_cap: float = 0.09
    boost_refused: float = 0.16
    boost_no_pickup: float = 0.07
    presale_fake: float = 0.45  # D02 orders during the stock-out with a number uploaded early
    presale_never: float = 0.15  # …of which the buyer gives up before any pickup
    reused_number: float = 0.04  # late backlog orders "shipped" on an old number
    # returns for reasons other than refusal
    unreachable: float = 0.004
    addr_unknown: float = 0.003
    uncollected: float = 0.004
    failed_attempt: float = 0.08
    # after-sales behaviour
    in_transit_apply: float = 0.7  # a buyer decided in transit asks for a refund first
    merchant_agree_refusal: float = 0.74
    merchant_intercept: float = 0.18
    merchant_reject: float = 0.05
    files_after_refusal: float = 0.55
    return_after_delivery: float = 0.08  # 退货退款 for ordinary reasons
    review_rate: float = 0.24
    aggregator_coverage: float = 0.975  # parcels the tracking aggregator subscribed


RATES = Rates()
