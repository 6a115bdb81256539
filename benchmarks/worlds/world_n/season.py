"""The season May–August 2026: demand, weather, backlogs, bad batches, review storms, boosting.

Dates are China time. Every window here is this world's own invention (the typhoon names are
made up); README.md repeats them as tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

FIRST_DAY = date(2026, 5, 1)
LAST_ORDER_AT = datetime(2026, 9, 7, 8, 30)
#: the merchant exports every Monday at nine; the last export is the end of the world
SNAPSHOTS = tuple(datetime(2026, 5, 11, 9, 0) + timedelta(weeks=i) for i in range(18))
FINAL = SNAPSHOTS[-1]


def d(text: str) -> datetime:
    return datetime.fromisoformat(text)


def day_demand(day: date) -> float:
    """Relative order volume of a day (before product mix)."""
    factor = 1.0
    if date(2026, 5, 18) <= day <= date(2026, 5, 31):  # 六一 gifts
        factor = 1.9 if day >= date(2026, 5, 24) else 1.45
    elif date(2026, 6, 1) <= day <= date(2026, 6, 13):  # 618 warm-up
        factor = 1.3
    elif date(2026, 6, 14) <= day <= date(2026, 6, 18):  # 618 peak
        factor = (1.8, 2.1, 2.4, 2.9, 3.1)[(day - date(2026, 6, 14)).days]
    elif date(2026, 6, 19) <= day <= date(2026, 6, 21):  # 端午 + post-promotion dip
        factor = 0.85
    elif date(2026, 7, 1) <= day <= date(2026, 8, 20):  # summer holidays
        factor = 1.35
    elif day > date(2026, 8, 20):  # back to school
        factor = 1.0 - 0.02 * (day - date(2026, 8, 20)).days
    if date(2026, 7, 15) <= day <= date(2026, 7, 16):  # typhoon: people stay in and still shop
        factor *= 0.8
    if day.weekday() >= 5:
        factor *= 1.1
    return max(factor, 0.5)


def month_index(day: date) -> int:
    return min(max(day.month - 5, 0), 4)


@dataclass(frozen=True)
class Disruption:
    """Something that slows parcels: weather, a promotion backlog, a broken hub."""

    key: str
    start: datetime
    end: datetime
    couriers: tuple[str, ...]  # empty = every courier
    provinces: tuple[str, ...]  # destination provinces hit; empty = every province
    origin: bool  # also stops pick-ups in 汕头
    chance: float  # chance a parcel in its window is held
    delay_hours: tuple[float, float]
    lost_chance: float
    damage_factor: float
    texts: tuple[str, ...]  # scan texts of a held parcel ({hub} is filled in)


GD_NEIGHBOURS = ("广东省", "福建省", "广西壮族自治区", "海南省")
CENTRAL = ("湖北省", "湖南省", "河南省", "江西省", "重庆市")
NORTH = ("北京市", "天津市", "河北省")
EAST = ("福建省", "浙江省", "上海市", "江苏省")

DISRUPTIONS: tuple[Disruption, ...] = (
    Disruption(
        "dragon_boat_rain",
        d("2026-05-27 00:00"),
        d("2026-06-08 00:00"),
        (),
        GD_NEIGHBOURS,
        True,
        0.35,
        (10, 36),
        0.0,
        1.4,
        (
            "受龙舟水强降雨影响，{hub}作业延迟，快件可能延误",
            "因暴雨天气，快件滞留{hub}，恢复后第一时间发出",
            "【{hub}】因天气原因派送延迟，给您带来不便敬请谅解",
        ),
    ),
    Disruption(
        "backlog_618",
        d("2026-06-16 12:00"),
        d("2026-06-25 00:00"),
        ("jt", "yd", "sto"),
        (),
        False,
        0.55,
        (24, 80),
        0.002,
        1.2,
        (
            "618大促期间快件量大，{hub}爆仓，快件延误中",
            "快件在{hub}积压待发，预计延迟1-3天",
            "因618业务量激增，快件滞留{hub}",
        ),
    ),
    Disruption(
        "backlog_618_light",
        d("2026-06-16 12:00"),
        d("2026-06-23 00:00"),
        ("zto", "yto", "yzpy"),
        (),
        False,
        0.25,
        (12, 36),
        0.0,
        1.1,
        ("大促期间快件较多，{hub}处理延迟", "快件在{hub}排队分拣中，请耐心等待"),
    ),
    Disruption(
        "typhoon_haiyan",
        d("2026-07-14 12:00"),
        d("2026-07-18 06:00"),
        (),
        GD_NEIGHBOURS,
        True,
        0.75,
        (36, 110),
        0.003,
        1.8,
        (
            "受台风“海燕”影响，{hub}暂停作业，快件滞留",
            "台风预警，{hub}停运，快件延误，恢复后优先处理",
            "因台风天气网点停止派送，快件滞留{hub}",
            "受台风影响航班及干线停发，快件暂存{hub}",
        ),
    ),
    Disruption(
        "yto_wuhan_hub",
        d("2026-07-26 00:00"),
        d("2026-08-03 00:00"),
        ("yto",),
        CENTRAL,
        False,
        0.70,
        (48, 130),
        0.035,
        1.3,
        (
            "{hub}分拣设备故障，快件滞留待处理",
            "快件在{hub}滞留，网点正在处理",
            "{hub}积水停运，快件延迟发出",
        ),
    ),
    Disruption(
        "north_rainstorm",
        d("2026-07-29 00:00"),
        d("2026-08-03 00:00"),
        (),
        NORTH,
        False,
        0.55,
        (24, 60),
        0.002,
        1.4,
        ("受华北强降雨影响，{hub}道路封闭，快件延误", "暴雨导致交通管制，快件滞留{hub}"),
    ),
    Disruption(
        "typhoon_lingyun",
        d("2026-08-20 18:00"),
        d("2026-08-24 00:00"),
        (),
        (*EAST, "广东省"),
        True,
        0.55,
        (24, 80),
        0.002,
        1.6,
        ("受台风“凌云”影响，{hub}暂停收派，快件延误", "台风过境，{hub}停止作业，快件滞留"),
    ),
)

#: 618 in the shop itself: orders paid in this window wait for packing
SHOP_BACKLOG = (d("2026-06-14 00:00"), d("2026-06-22 00:00"), 0.65, (20.0, 90.0))
#: the typhoon closes the shop's pick-ups for these days
SHOP_CLOSED = (
    (d("2026-07-15 00:00"), d("2026-07-17 08:00")),
    (d("2026-08-21 06:00"), d("2026-08-22 12:00")),
)


@dataclass(frozen=True)
class DefectBatch:
    """A bad production batch: units shipped in the window are defective at `rate`."""

    product: str
    skus: tuple[str, ...]  # 商家编码-规格维度 of affected SKUs; empty = all
    start: datetime
    end: datetime
    rate: float
    kind: str  # smell, missing_parts, battery, sharp_edge, no_3c, leak, wrong_item, fake_brand


DEFECT_BATCHES: tuple[DefectBatch, ...] = (
    DefectBatch(
        "rccar",
        ("CH-YKC-02", "CH-YKC-03"),
        d("2026-06-04 00:00"),
        d("2026-06-28 00:00"),
        0.22,
        "battery",
    ),
    DefectBatch("kitchen", (), d("2026-06-01 00:00"), d("2026-06-30 00:00"), 0.12, "sharp_edge"),
    DefectBatch("plush", (), d("2026-06-15 00:00"), d("2026-06-26 00:00"), 0.14, "wrong_item"),
    DefectBatch("slime", (), d("2026-07-03 00:00"), d("2026-08-10 00:00"), 0.20, "smell"),
    DefectBatch(
        "watergun",
        ("CH-SQ-01", "CH-SQ-02", "CH-SQ-03"),
        d("2026-07-01 00:00"),
        d("2026-07-24 00:00"),
        0.18,
        "no_3c",
    ),
    DefectBatch("blocks", (), d("2026-07-20 00:00"), d("2026-08-16 00:00"), 0.15, "missing_parts"),
    DefectBatch(
        "blocks", ("CH-JM-03",), d("2026-05-01 00:00"), d("2026-09-08 00:00"), 0.03, "fake_brand"
    ),
    DefectBatch(
        "pool", ("CH-YC-02", "CH-YC-03"), d("2026-08-01 00:00"), d("2026-08-21 00:00"), 0.10, "leak"
    ),
    DefectBatch(
        "learning", ("CH-DDJ-01",), d("2026-08-05 00:00"), d("2026-09-08 00:00"), 0.10, "no_3c"
    ),
)

#: chance a buyer notices the defect while taking delivery (smell leaks through the box,
#: a wet box gives a leak away, a wrong colour shows once the bag is opened at the door)
NOTICE_AT_DOOR = {
    "smell": 0.65,
    "leak": 0.50,
    "wrong_item": 0.45,
    "sharp_edge": 0.35,
    "missing_parts": 0.30,
    "battery": 0.25,
    "no_3c": 0.40,
    "fake_brand": 0.40,
    "broken": 0.35,
}


@dataclass(frozen=True)
class ReviewStorm:
    """A stretch in which reviews of a product (or of the whole store) turn bad."""

    key: str
    product: str  # empty = every product (a store-wide problem)
    start: datetime
    end: datetime
    bad_chance: float  # chance a reviewing buyer gives 1–2 stars for this reason
    facet: str  # false_ad, cs_unresponsive, runtime_false_ad, weak_magnets
    review_rate: float  # extra chance an unhappy buyer writes a review at all


REVIEW_STORMS: tuple[ReviewStorm, ...] = (
    ReviewStorm(
        "cs_overload_618",
        "",
        d("2026-06-18 00:00"),
        d("2026-07-06 00:00"),
        0.22,
        "cs_unresponsive",
        0.25,
    ),
    ReviewStorm(
        "pool_viral", "pool", d("2026-07-07 00:00"), d("2026-07-30 00:00"), 0.45, "false_ad", 0.35
    ),
    ReviewStorm(
        "magnet_weak",
        "magnetic",
        d("2026-07-18 00:00"),
        d("2026-08-12 00:00"),
        0.35,
        "weak_magnets",
        0.30,
    ),
    ReviewStorm(
        "rccar_runtime",
        "rccar",
        d("2026-08-04 00:00"),
        d("2026-08-26 00:00"),
        0.35,
        "runtime_false_ad",
        0.30,
    ),
)


@dataclass(frozen=True)
class Campaign:
    """A stretch of orders the shop placed itself (刷单) or gave away (0元试用)."""

    key: str
    products: tuple[str, ...]
    start: datetime
    end: datetime
    share: float  # share of the campaign kind's orders that fall in this window


BOOST_CAMPAIGNS: tuple[Campaign, ...] = (
    Campaign(
        "boost_61",
        ("blocks", "bubble", "plush"),
        d("2026-05-16 00:00"),
        d("2026-05-30 00:00"),
        0.28,
    ),
    Campaign(
        "boost_618", ("watergun", "rccar"), d("2026-06-06 00:00"), d("2026-06-17 00:00"), 0.27
    ),
    Campaign(
        "boost_magnet_launch", ("magnetic",), d("2026-07-01 00:00"), d("2026-07-14 00:00"), 0.30
    ),
    Campaign("boost_pool_rescue", ("pool",), d("2026-08-03 00:00"), d("2026-08-12 00:00"), 0.15),
)

TRIAL_CAMPAIGNS: tuple[Campaign, ...] = (
    Campaign("trial_squishy", ("squishy",), d("2026-06-01 00:00"), d("2026-06-30 00:00"), 0.45),
    Campaign(
        "trial_bubble_slime",
        ("bubble", "slime"),
        d("2026-07-10 00:00"),
        d("2026-08-10 00:00"),
        0.55,
    ),
)

#: stock-outs: orders paid in the window for these SKUs are refunded unshipped with this chance
STOCK_OUTS = (
    ("watergun", ("CH-SQ-03", "CH-SQ-04"), d("2026-07-08 00:00"), d("2026-07-21 00:00"), 0.35),
    ("pool", ("CH-YC-03",), d("2026-08-01 00:00"), d("2026-08-07 00:00"), 0.25),
)


#: the shop moved cheap parcels to 极兔 from July on a better contract
def courier_mix(day: date, province_zone: int) -> tuple[tuple[str, float], ...]:
    if province_zone == 5:
        return (("yzpy", 0.55), ("ems", 0.10), ("zto", 0.20), ("yto", 0.15))
    if day < date(2026, 7, 1):
        return (
            ("zto", 0.34),
            ("yto", 0.20),
            ("yd", 0.20),
            ("sto", 0.10),
            ("jt", 0.10),
            ("yzpy", 0.05),
            ("jd", 0.01),
        )
    return (
        ("zto", 0.26),
        ("yto", 0.18),
        ("yd", 0.16),
        ("sto", 0.07),
        ("jt", 0.27),
        ("yzpy", 0.05),
        ("jd", 0.01),
    )


HEAVY_COURIER_MIX = (("dbl", 0.55), ("sf", 0.20), ("zto", 0.15), ("jd", 0.10))
