"""The refusal mechanisms: one row per mechanism (code, cause, window, hazard).

Each mechanism looks at a parcel's context and returns the chance that it alone would make
the buyer refuse the parcel at the door. The simulation draws one refusal per parcel from the
combined chance and gives it the cause of one firing mechanism, picked in proportion to the
mechanisms' chances (a competing-risks draw). That cause is the order's label.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

CAUSES = ("product_quality", "logistics", "reviews", "rule_violation")


@dataclass(slots=True)
class ParcelContext:
    skus: list[tuple[str, bool]]  # (product key, sold as big fruit) per order line
    ship_day: date
    deal_day: date
    courier: str
    cold_exposure: float  # province exposure to the cold snap, 0..1
    arrival_day: date
    stall_days: float
    damaged: bool
    late_hours: float  # shipped after 承诺发货时间 by this much
    slow_days: float  # transit beyond the usual, stalls excluded
    wrong_pack: bool
    low_share: float  # share of 1-2 stars in its products' latest reviews
    trial_cluster: bool
    boost: str  # '', 'gift', 'empty_track', 'reused'


@dataclass(frozen=True, slots=True)
class Mechanism:
    code: str
    cause: str
    zh: str
    en: str
    hazard: Callable[[ParcelContext], float]


def in_window(day: date, first: date, last: date) -> bool:
    return first <= day <= last


def _has(ctx: ParcelContext, product: str, big_only: bool = False) -> bool:
    return any(key == product and (big or not big_only) for key, big in ctx.skus)


# Windows (ship dates unless stated), used by the hazards and by the README table.
UNRIPE_NAVEL = (date(2025, 10, 8), date(2025, 10, 31))
SOFT_KIWI = (date(2025, 11, 3), date(2025, 11, 14))
SMALL_SHATANG = (date(2025, 11, 12), date(2025, 11, 24))
ROTTEN_ORAH = (date(2025, 12, 20), date(2026, 1, 3))
HUB_BACKLOG = (date(2025, 11, 10), date(2025, 11, 22))
COLD_SNAP = (date(2025, 12, 14), date(2026, 1, 12))
BOOST_ORAH = (date(2025, 12, 1), date(2025, 12, 22))
BOOST_NAVEL = (date(2026, 1, 8), date(2026, 1, 18))
SLANDER_NAVEL = (date(2025, 12, 2), date(2025, 12, 9))  # 差评师 orders (deal dates)
SERVICE_SLUMP = (date(2026, 1, 3), date(2026, 1, 22))  # short-staffed 客服 (delivery)


def _review_pressure(ctx: ParcelContext) -> float:
    # A buyer who reads a run of fresh 1-2 star reviews while waiting may cancel at the door;
    # the product page shows the latest reviews first, so what counts is their share of lows.
    return min(0.15, 0.45 * max(0.0, ctx.low_share - 0.2))


MECHANISMS = (
    Mechanism(
        "q_unripe_navel",
        "product_quality",
        "早采脐橙青皮偏酸，开箱即见",
        "early-picked navel oranges, green and sour",
        lambda c: 0.055 if _has(c, "navel") and in_window(c.ship_day, *UNRIPE_NAVEL) else 0.0,
    ),
    Mechanism(
        "q_soft_kiwi",
        "product_quality",
        "猕猴桃批次过熟软烂",
        "over-ripe kiwi batch",
        lambda c: 0.14 if _has(c, "kiwi") and in_window(c.ship_day, *SOFT_KIWI) else 0.0,
    ),
    Mechanism(
        "q_small_shatang",
        "product_quality",
        "砂糖橘大果规格发成小果",
        "undersized fruit shipped as big-fruit shatang",
        lambda c: (
            0.15 if _has(c, "shatang", True) and in_window(c.ship_day, *SMALL_SHATANG) else 0.0
        ),
    ),
    Mechanism(
        "q_rotten_orah",
        "product_quality",
        "雨后采摘沃柑批次烂果多",
        "rain-picked orah batch rotting in the box",
        lambda c: 0.17 if _has(c, "orah") and in_window(c.ship_day, *ROTTEN_ORAH) else 0.0,
    ),
    Mechanism(
        "q_wrong_pack",
        "product_quality",
        "打包发错规格/少斤",
        "wrong size or short weight",
        lambda c: 0.45 if c.wrong_pack else 0.0,
    ),
    Mechanism(
        "q_background",
        "product_quality",
        "零星坏果、开箱验货不满意",
        "occasional bad fruit found at the door",
        lambda c: 0.0035,
    ),
    Mechanism(
        "l_stall",
        "logistics",
        "中转滞留（双十一爆仓等），时效长、水果捂坏",
        "hub stall; long transit, fruit spoils on the way",
        lambda c: min(0.33, 0.05 + 0.05 * c.stall_days) if c.stall_days else 0.0,
    ),
    Mechanism(
        "l_crushed",
        "logistics",
        "运输挤压破损",
        "crushed or torn box",
        lambda c: 0.42 if c.damaged else 0.0,
    ),
    Mechanism(
        "l_cold",
        "logistics",
        "寒潮期间北方件冻伤",
        "fruit frozen in transit (cold snap)",
        lambda c: (
            0.13 * c.cold_exposure
            if in_window(c.arrival_day, *COLD_SNAP) and c.courier != "sf"
            else 0.0
        ),
    ),
    Mechanism(
        "l_late_ship",
        "logistics",
        "超时发货，买家等不及",
        "shipped after the promised time",
        lambda c: min(0.10, 0.025 + 0.012 * c.late_hours / 12) if c.late_hours > 0 else 0.0,
    ),
    Mechanism(
        "l_slow_route",
        "logistics",
        "线路时效慢于平时",
        "slow route beyond the usual time",
        lambda c: 0.05 if c.slow_days > 1.2 else 0.0,
    ),
    Mechanism(
        "l_background",
        "logistics",
        "零星派送矛盾、时效不满",
        "occasional delivery friction",
        lambda c: 0.003,
    ),
    Mechanism(
        "r_low_reviews",
        "reviews",
        "近期差评集中，买家看评价后反悔",
        "a run of fresh low reviews on the product",
        _review_pressure,
    ),
    Mechanism(
        "r_background",
        "reviews",
        "买家看到店铺评分低而拒收",
        "store rating put the buyer off",
        lambda c: 0.002,
    ),
    Mechanism(
        "v_trial_ring",
        "rule_violation",
        "0元试用被薅羊毛团伙占用，地址失效",
        "0-yuan trial taken by a farming ring",
        lambda c: 0.5 if c.trial_cluster else 0.0,
    ),
    Mechanism(
        "v_gift_parcel",
        "rule_violation",
        "刷单礼品件寄到陌生地址",
        "boosting gift parcel mailed to a stranger",
        lambda c: 0.26 if c.boost == "gift" else 0.0,
    ),
)
MECHANISMS_BY_CODE = {mechanism.code: mechanism for mechanism in MECHANISMS}


def hazards(ctx: ParcelContext) -> list[tuple[Mechanism, float]]:
    """The mechanisms active on a parcel with their chances (zero ones left out)."""
    out = []
    for mechanism in MECHANISMS:
        chance = mechanism.hazard(ctx)
        if chance > 0:
            out.append((mechanism, chance))
    return out


def draw_refusal(ctx: ParcelContext, rng) -> Mechanism | None:
    """Competing risks: refuse with the combined chance, blame one mechanism by its weight."""
    active = hazards(ctx)
    survive = 1.0
    for _, chance in active:
        survive *= 1.0 - chance
    if rng.random() >= 1.0 - survive:
        return None
    pick = rng.random() * sum(chance for _, chance in active)
    for mechanism, chance in active:
        pick -= chance
        if pick < 0:
            return mechanism
    return active[-1][0]
