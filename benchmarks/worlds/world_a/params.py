"""Calendar and rates of world A: every number the world is tuned by lives here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from random import Random

LAST_DAY = date(2026, 11, 29)  # a Sunday: the last weekly export is taken that evening
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)

CAUSES = ("product_quality", "logistics", "reviews", "rule_violation")


@dataclass(frozen=True)
class Calendar:
    """The simulated period: a warm-up week, then `weeks` ISO weeks ending on LAST_DAY."""

    weeks: int
    first_day: date
    report_start: date
    export_times: tuple[datetime, ...]

    @property
    def end(self) -> datetime:
        return self.export_times[-1]

    @property
    def last_day(self) -> date:
        return self.end.date()

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time())

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def at(self, day_offset: float) -> datetime:
        """A moment `day_offset` days after the first day's midnight."""
        return self.start + timedelta(days=day_offset)


def build_calendar(weeks: int, rng: Random) -> Calendar:
    report_start = LAST_DAY - timedelta(days=7 * weeks - 1)
    first_day = report_start - timedelta(days=7)
    exports = []
    for week in range(1, weeks + 1):
        sunday = report_start + timedelta(days=7 * week - 1)
        minutes = rng.randint(0, 150)  # somewhere between 20:00 and 22:30
        exports.append(datetime.combine(sunday, time(20, 0)) + minutes * MINUTE)
    return Calendar(weeks, first_day, report_start, tuple(exports))


@dataclass(frozen=True)
class Rates:
    """Prevalences and hazards. Hazards are per parcel at its first delivery attempt."""

    # orders
    unpaid: float = 0.015  # placed, never paid, cancelled by the platform
    out_of_stock: float = 0.004  # merchant cancels, platform bills 缺货扣款
    merge_pair: float = 0.02  # buyer places a second order soon after: shipped together
    two_lines: float = 0.03  # one order, two SKUs of the same product
    boosted_share: float = 0.03  # fake (刷单) orders, in campaigns and a trickle
    buyer_message: float = 0.14
    merchant_note: float = 0.05
    worried_message: float = 0.35  # share of messages that mention bad reviews, when there are
    repeat_buyer: float = 0.08
    sf_upgrade: float = 0.02  # 顺丰加价
    # shipping (hours after payment; lognormal around the median)
    ship_median_hours: float = 16.0
    ship_sigma: float = 0.55
    late_ship: float = 0.02  # everyday late shipping outside the backlog
    backlog_late: float = 0.45  # share of orders placed in the 双11 backlog that ship late
    premark_share: float = 0.3  # of late backlog orders: tracking filed on time, pickup later
    # pre-ship cancellation
    cancel_base: float = 0.025
    cancel_per_bad_share: float = 0.35
    cancel_per_wait_day: float = 0.02
    # in-transit refund requests that the merchant intercepts (returned undelivered)
    intercept_base: float = 0.005
    intercept_per_bad_share: float = 0.08
    # delivery failures that are not refusals
    address_bad: float = 0.003
    unreachable: float = 0.004
    locker_timeout: float = 0.004
    failed_first_attempt: float = 0.07
    locker_delivery: float = 0.35
    damage_base: float = 0.005
    damage_episode: float = 0.07
    # goods: share of the items shipped during an episode that are affected
    bad_batch_defective: float = 0.45
    wrong_item_packed: float = 0.3
    # refusal hazards by cause
    quality_defect_refusal: float = 0.28  # a bad-batch item, seen at the door or the 驿站
    quality_wrong_item_refusal: float = 0.35
    logistics_base: float = 0.002
    logistics_per_excess_day: float = 0.03  # per day beyond the usual transit (+0.5 d slack)
    logistics_damaged: float = 0.3
    logistics_per_late_ship_day: float = 0.012
    reviews_base: float = 0.002
    reviews_per_bad_share: float = 0.45  # per unit of 1-2 star share above the normal level
    reviews_normal_bad_share: float = 0.12
    reviews_window_days: int = 14
    reviews_min_count: int = 5
    boosted_stranger_refusal: float = 0.55  # an empty parcel sent to a harvested address
    boosted_to_stranger: float = 0.45  # the rest go to the studio's own collection points
    # evidence
    refusal_reason_scale: float = 1.0  # multiplies each courier's reason_rate
    reason_misleading: float = 0.12  # a typed reason that points at another cause
    reason_mixed: float = 0.08  # a typed reason naming two causes
    aftersales_after_refusal: float = 0.8  # refused real buyers who apply for 仅退款
    aftersales_boosted_refusal: float = 0.15
    aftersales_undelivered: float = 0.75  # buyers of a returned-undelivered parcel who apply
    buyer_confirms: float = 0.6  # delivered buyers who confirm receipt before the platform does
    pre_intent_reviews: float = 0.55  # refusals announced by a refund request in transit
    pre_intent_logistics: float = 0.3
    pre_intent_quality: float = 0.03
    aftersales_cause_reason: float = 0.65  # a refund reason that matches the true cause
    aftersales_note: float = 0.18
    # reviews
    review_rate: float = 0.3
    review_rate_defect: float = 0.55
    review_rate_boosted: float = 0.7
    storm_reviews_per_10k: int = 38
    # after-sales on delivered goods
    defect_return: float = 0.45
    defect_partial_refund: float = 0.2
    size_exchange: float = 0.01
    missing_item: float = 0.004
    # penalties (share of eligible orders that get a bill)
    bill_late_shipping: float = 0.7
    bill_fake_trade: float = 0.25
    bill_fake_shipping_nopickup: float = 0.5
    bill_fake_shipping_premark: float = 0.4
    bill_fake_tracking_reuse: float = 0.45


RATES = Rates()
