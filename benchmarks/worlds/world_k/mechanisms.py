"""The four causes' mechanisms: when each is live, how often it touches a parcel, how often the
buyer then refuses at the door. README.md's table is this module in prose.

Chain order (the labelling rule): the order itself (rule_violation) → the goods (product_quality)
→ the transit (logistics) → the buyer's opinion at the door (reviews). Each live mechanism rolls
its door chance in that order; the first that fires is the refusal's cause.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import catalog as cat

D = cat.day


@dataclass(frozen=True)
class Mechanism:
    name: str
    cause: str
    door: float  # chance the buyer refuses when the mechanism touches the parcel
    window: str  # for the README
    what: str


MECHANISMS = (
    Mechanism(
        "boost_empty",
        "rule_violation",
        0.50,
        "waves 10-20…11-10, 12-01…12-11",
        "刷单 orders (tagged in 商家备注) shipped as empty parcels; the address holder refuses",
    ),
    Mechanism(
        "trial_cluster",
        "rule_violation",
        0.38,
        "waves 10-05…10-25, 11-20…12-08",
        "¥0 / near-zero 试用 orders from one buyer cluster in 周口 商水县",
    ),
    Mechanism(
        "wrong_size",
        "product_quality",
        0.30,
        "all season 0.8%; 3.5% for parcels shipped 11-10…11-18",
        "发错码 by temporary pickers in the 双11 rush",
    ),
    Mechanism(
        "glue_batch",
        "product_quality",
        0.14,
        "老爹鞋男 shipped 10-09…11-02 (30%), 女 10-20…10-31 (10%)",
        "a sole-glue batch that opens (开胶); mostly seen only after wearing",
    ),
    Mechanism(
        "smell_batch", "product_quality", 0.16, "棉鞋 shipped 11-22…12-09 (35%)", "a 味道大 batch"
    ),
    Mechanism(
        "colour_off",
        "product_quality",
        0.15,
        "米白 SKUs, all season (10%)",
        "colour differs from the photos",
    ),
    Mechanism(
        "left_right", "product_quality", 0.45, "all season (0.3%)", "left and right shoe mismatched"
    ),
    Mechanism(
        "fake_box",
        "product_quality",
        0.05,
        "运动鞋/老爹鞋 shipped 12-01…12-20 (50%)",
        "a cheap box supplier: plain box, crooked logo, 假货 suspicion at the door",
    ),
    Mechanism(
        "late",
        "logistics",
        0.05,
        "all season, per day beyond the promise from 2 days (cap 0.20)",
        "transit longer than the route's usual time, or late shipping",
    ),
    Mechanism(
        "hub_stall",
        "logistics",
        0.18,
        "圆通 parcels shipped 11-11…11-19",
        "金华 hub stalls: 滞留 for 3–7 days",
    ),
    Mechanism(
        "snow",
        "logistics",
        0.20,
        "northern provinces, due 12-07…12-18 (80%)",
        "snow closes routes: 2–6 days late",
    ),
    Mechanism(
        "damaged",
        "logistics",
        0.38,
        "all season 1.2% × courier factor; ×2 shipped 11-10…11-20",
        "crushed or torn boxes (破损)",
    ),
    Mechanism("rude_courier", "logistics", 0.60, "极兔 in 广东/河南 (1%)", "a quarrel at the door"),
    Mechanism(
        "station_no_notice",
        "logistics",
        0.10,
        "韵达/极兔 驿站 drops (6%)",
        "dropped at a 驿站 without a call",
    ),
    Mechanism(
        "xhs_post",
        "reviews",
        0.09,
        "post 10-18, peak 10-24, gone by 11-20",
        "a 小红书/short-video post calling the shop's 运动鞋/板鞋/老爹鞋 莆田货",
    ),
    Mechanism(
        "glue_reviews",
        "reviews",
        0.12,
        "follows the glue batch's 1–2★ reviews (0.004 per review in 14 days)",
        "later 老爹鞋 buyers read the 开胶 reviews",
    ),
    Mechanism(
        "rating_drop",
        "reviews",
        0.02,
        "when 描述相符 falls below 4.68 (0.15 per point, cap 0.02)",
        "the store rating falls",
    ),
    Mechanism(
        "price_cut",
        "reviews",
        0.14,
        "ordered 10-28…11-08, delivered after the 11-09 price cut",
        "refuse and re-buy cheaper (a new order by the same buyer)",
    ),
)
MECHANISM = {m.name: m for m in MECHANISMS}
CHAIN = ("rule_violation", "product_quality", "logistics", "reviews")


def between(day: dt.date, first: dt.date, last: dt.date) -> bool:
    return first <= day <= last


def boost_share(day: dt.date) -> float:
    """Share of a day's orders that are 刷单."""
    if between(day, D(10, 20), D(11, 10)) or between(day, D(12, 1), D(12, 11)):
        return 0.055
    return 0.008


def trial_share(day: dt.date) -> float:
    if between(day, D(10, 5), D(10, 25)) or between(day, D(11, 20), D(12, 8)):
        return 0.018
    return 0.0


def xhs_intensity(day: dt.date) -> float:
    """How loud the 莆田货 post is on a day (0–1)."""
    rise, peak, gone = D(10, 18), D(10, 24), D(11, 20)
    if day < rise or day > gone:
        return 0.0
    if day <= peak:
        return (day - rise).days / (peak - rise).days
    return 1.0 - (day - peak).days / (gone - peak).days


PRICE_CUT_DAY = D(11, 9)
PRICE_CUT_PRODUCTS = ("CD-YD2608", "CD-LD7710", "CD-MX9031")
PRICE_CUT_FACTOR = 0.8


def wrong_size_rate(ship_day: dt.date) -> float:
    return 0.035 if between(ship_day, D(11, 10), D(11, 18)) else 0.008


def glue_rate(product_code: str, ship_day: dt.date) -> float:
    if product_code == "CD-LD7710" and between(ship_day, D(10, 9), D(11, 2)):
        return 0.30
    if product_code == "CD-LD7720" and between(ship_day, D(10, 20), D(10, 31)):
        return 0.10
    return 0.0


def smell_rate(kind: str, product_code: str, ship_day: dt.date) -> float:
    if kind == "cotton" and between(ship_day, D(11, 22), D(12, 9)):
        return 0.35
    return 0.0


def fake_box_rate(kind: str, ship_day: dt.date) -> float:
    if kind in ("sneaker", "dad") and between(ship_day, D(12, 1), D(12, 20)):
        return 0.5
    return 0.0


def damage_rate(courier_damage: float, ship_day: dt.date) -> float:
    peak = 2.0 if between(ship_day, D(11, 10), D(11, 20)) else 1.0
    return 0.012 * courier_damage * peak


def hub_stalled(courier_key: str, ship_day: dt.date) -> bool:
    return courier_key == "yto" and between(ship_day, D(11, 11), D(11, 19))


def snow_day(day: dt.date) -> bool:
    return between(day, D(12, 7), D(12, 18))


def late_door(late_days: float) -> float:
    if late_days < 2:
        return 0.0
    return min(0.20, MECHANISM["late"].door * late_days)


def rating_door(score: float) -> float:
    return max(0.0, min(MECHANISM["rating_drop"].door, (4.68 - score) * 0.15))


def glue_reviews_door(bad_reviews_14d: int) -> float:
    return min(MECHANISM["glue_reviews"].door, 0.004 * bad_reviews_14d)
