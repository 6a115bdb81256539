"""Every mechanism of the world, with its dates and rates, in one registry (the README reads it).

Hazards are per delivery attempt: the chance the recipient refuses the parcel because of that
mechanism. A parcel's refusal chance is 1 - prod(1 - h) over its hazards; a refused parcel's cause
is drawn in proportion to the hazards, so the label is the mechanism that fired.
"""

from dataclasses import dataclass

from .clock import at


@dataclass(frozen=True, slots=True)
class Promotion:
    name: str
    start: int
    end: int
    demand: float  # multiplies daily orders
    shop_coupon: tuple[int, int]  # yuan off (min, max) for orders over 99
    platform_off: float  # share of orders with a 平台优惠


PROMOTIONS = (
    Promotion("国庆", at(10, 1), at(10, 8), 1.25, (5, 10), 0.15),
    Promotion("双十一预热", at(10, 20), at(11, 9), 1.3, (10, 20), 0.25),
    Promotion("双十一", at(11, 9), at(11, 12), 3.2, (20, 40), 0.6),
    Promotion("双十一返场", at(11, 12), at(11, 15), 1.6, (10, 20), 0.3),
    Promotion("双十二", at(12, 10), at(12, 13), 1.9, (10, 30), 0.4),
    Promotion("寒潮", at(12, 14), at(12, 22), 1.3, (0, 5), 0.1),
)


@dataclass(frozen=True, slots=True)
class BadBatch:
    """A supplier batch with a defect, on sale while its stock lasts (by pickup time)."""

    name: str
    product: str
    sku_tag: str  # "" = every SKU of the product
    start: int
    end: int
    defect: str  # key into wording.reasons.DEFECT_REASONS
    hazard: float
    return_after_sign: float  # of those who sign, share who return it (退货退款)
    bad_review: float  # of those who review, share who give 1-2 stars about the defect


BAD_BATCHES = (
    BadBatch("毛巾掉毛批次", "MJ", "", at(9, 6), at(9, 27), "lint", 0.07, 0.06, 0.35),
    BadBatch("蚕丝被异味批次", "CSB", "", at(10, 9), at(10, 29), "smell", 0.16, 0.16, 0.6),
    BadBatch("床垫尺寸偏小批次", "CD", "wide", at(10, 15), at(11, 7), "size", 0.17, 0.14, 0.5),
    BadBatch("牛奶绒掉色起球批次", "NNR", "", at(11, 3), at(11, 26), "pilling", 0.12, 0.12, 0.55),
    BadBatch(
        "大豆被克重不足批次", "DDB", "heavy", at(11, 18), at(12, 10), "weight", 0.15, 0.1, 0.5
    ),
    BadBatch("羽绒被钻绒异味批次", "YRB", "", at(12, 4), at(12, 22), "down", 0.14, 0.14, 0.55),
)


@dataclass(frozen=True, slots=True)
class ReviewStorm:
    """Bad reviews a buyer reads between paying and delivery; the goods themselves are fine."""

    name: str
    kind: str  # ring (paid bad reviews), viral (a complaint video), service (客服 collapse)
    product: str  # "" = the whole shop
    start: int
    end: int
    hazard: float
    cancel_extra: float  # extra share of buyers who cancel before shipping (not refusals)
    intercept_extra: float  # extra share who ask to stop the parcel in transit (intercepted)


REVIEW_STORMS = (
    ReviewStorm("差评师刷差评", "ring", "MM4", at(10, 20), at(11, 4), 0.13, 0.06, 0.03),
    ReviewStorm("双十一客服爆线", "service", "", at(11, 11), at(11, 21), 0.032, 0.02, 0.01),
    ReviewStorm("枕头黑心棉视频", "viral", "ZT", at(11, 25), at(12, 9), 0.15, 0.08, 0.04),
)
REVIEW_RING_SHARE = 0.0045  # ring accounts' own orders on the target, as a share of all orders
BASE_REVIEWS_HAZARD = 0.001  # a buyer put off by an old bad review


@dataclass(frozen=True, slots=True)
class Disruption:
    """A courier-side delay (weather, a hub backlog) for parcels passing the place in the window."""

    name: str
    start: int
    end: int
    provinces: tuple[str, ...]  # destination provinces hit; () = every destination
    couriers: tuple[str, ...]  # () = every courier
    stage: str  # origin (leaving 南通) or dest (arriving in the province)
    hit: float  # share of passing parcels delayed
    delay_days: tuple[float, float]
    wet: float  # share of delayed parcels that arrive wet or dirty
    lost: float  # share of delayed parcels never delivered
    text: str  # key into wording.tracking.DELAY_TEXTS


DISRUPTIONS = (
    Disruption(
        "台风过境华南",
        at(9, 21),
        at(9, 27),
        ("广东省", "广西壮族自治区", "海南省", "福建省"),
        (),
        "dest",
        0.85,
        (1.0, 3.0),
        0.25,
        0.004,
        "typhoon",
    ),
    Disruption(
        "秋雨湖南湖北",
        at(10, 10),
        at(10, 15),
        ("湖南省", "湖北省", "江西省"),
        (),
        "dest",
        0.5,
        (0.5, 1.5),
        0.18,
        0.0,
        "rain",
    ),
    Disruption(
        "中通南通爆仓",
        at(11, 11),
        at(11, 16),
        (),
        ("ZTO",),
        "origin",
        0.9,
        (1.0, 3.0),
        0.0,
        0.006,
        "backlog",
    ),
    Disruption(
        "极兔郑州爆仓",
        at(11, 12),
        at(11, 21),
        ("河南省", "山西省", "陕西省"),
        ("JT",),
        "dest",
        0.95,
        (2.0, 5.0),
        0.05,
        0.012,
        "backlog",
    ),
    Disruption(
        "东北暴雪",
        at(12, 8),
        at(12, 16),
        ("黑龙江省", "吉林省", "辽宁省", "内蒙古自治区"),
        (),
        "dest",
        0.8,
        (1.5, 4.0),
        0.08,
        0.003,
        "snow",
    ),
    Disruption(
        "西北中转滞留",
        at(9, 1),
        at(12, 31),
        ("新疆维吾尔自治区", "西藏自治区", "青海省"),
        (),
        "dest",
        0.3,
        (1.0, 4.0),
        0.0,
        0.004,
        "remote",
    ),
)


@dataclass(frozen=True, slots=True)
class OutletIssue:
    """A delivery outlet that stopped delivering to the door and dumps parcels at a station."""

    name: str
    courier: str
    cities: tuple[str, ...]
    start: int
    end: int
    hazard: float
    unreachable: float


OUTLET_ISSUES = (
    OutletIssue(
        "韵达石家庄保定不送上门", "YD", ("石家庄市", "保定市"), at(12, 1), at(12, 22), 0.2, 0.05
    ),
    OutletIssue("申通临沂网点人手不足", "STO", ("临沂市",), at(10, 8), at(10, 26), 0.18, 0.04),
)

# logistics hazards that have no window
BASE_LOGISTICS_HAZARD = 0.0025  # a quarrel with the courier, a parcel left at the wrong door
DELAY_TOLERANCE_DAYS = 0.8  # buyers shrug off this much lateness against the route's usual time
DELAY_SLOPE = 0.05  # hazard per day beyond the tolerance
DELAY_CAP = 0.32
DAMAGE_HAZARD = 0.42
WET_HAZARD = 0.3


@dataclass(frozen=True, slots=True)
class Crunch:
    """The shop's own packing backlog: orders paid in the window ship late."""

    start: int
    end: int
    extra_days: tuple[float, float]
    fake_tracking: float  # share of late orders given a number before pickup (虚假轨迹)
    reuse_share: float  # orders "shipped" on an old, already used number, as a share of all orders


SLOW_PACKING = 0.015  # any day: stock-outs and mis-picks ship this share of orders 1-3 days late
CRUNCH = Crunch(at(11, 10, 20), at(11, 15), (1.0, 3.2), 0.22, 0.0025)


@dataclass(frozen=True, slots=True)
class BoostRing:
    """Sales boosting (刷单): orders placed by hired accounts, shipped as empty parcels."""

    name: str
    product: str
    start: int
    end: int
    share: float  # of all orders
    refuse: float  # refusal chance per delivered parcel (strangers' addresses, empty parcels)
    courier: str
    no_pickup: float  # share whose tracking has no 揽收 scan (礼品代发 numbers)
    reuse: float  # share "shipped" on the number of an earlier refused ring parcel
    untagged: float  # share the merchant forgot to tag in 商家备注
    violation: float  # share later found by the platform (虚假交易)


BOOST_RINGS = (
    BoostRing("ring_g", "NNR", at(10, 1), at(10, 20), 0.011, 0.42, "YTO", 0.7, 0.0, 0.22, 0.35),
    BoostRing("ring_v", "YRB", at(10, 27), at(11, 11), 0.014, 0.36, "ZTO", 0.0, 0.16, 0.27, 0.45),
)


@dataclass(frozen=True, slots=True)
class ZeroTrial:
    """A 0元试用 campaign; most 'winners' were the merchant's own accounts."""

    product: str
    start: int
    end: int
    share: float
    fake: float  # share of the campaign's orders placed by the merchant's own accounts
    refuse: float  # refusal chance for those fake orders


ZERO_TRIAL = ZeroTrial("MT", at(12, 1), at(12, 11), 0.009, 0.62, 0.5)

# non-refusal fates, per shipped parcel unless stated
UNPAID = 0.028  # orders never paid (已取消)
CANCEL_BEFORE_SHIP = 0.04  # paid, then refunded before shipping
CANCEL_LATE_SHIP = 0.12  # extra, for orders the crunch made late
INTERCEPT = 0.005  # buyer asks to stop the parcel; merchant intercepts (413)
ADDRESS_UNKNOWN = 0.0025
UNREACHABLE = 0.0035
UNCOLLECTED = 0.003
LOST = 0.0018
RETURN_AFTER_SIGN = 0.015
MERGED_PAIR = 0.016  # orders followed by a second order from the same buyer, shipped together
SF_EXTRA = 0.02  # buyers who pay for 顺丰加价
REPEAT_BUYER = 0.12
