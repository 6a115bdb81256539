"""Why a buyer refuses: every mechanism acting on a parcel is a risk, the chance that it alone
would make the buyer refuse at the door. Each risk fires independently; the parcel is refused if
any fires, and its true cause is the cause of the strongest risk that fired (ties: rule_violation,
product_quality, logistics, reviews). README, "How the true cause is chosen".
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import season
from .chance import coin
from .model import Parcel
from .vocab import pool

PRIORITY = ("rule_violation", "product_quality", "logistics", "reviews")

#: mechanism -> (cause, chance alone); `late` is computed from the delay
RISKS = {
    "goods_baseline": ("product_quality", 0.005),
    "courier_baseline": ("logistics", 0.004),
    "changed_mind": ("reviews", 0.007),
    "dye_lot": ("product_quality", 0.32),
    "down_batch": ("product_quality", 0.10),
    "runs_small": ("product_quality", 0.045),
    "pilling_knit": ("product_quality", 0.02),
    "pilling_sweater": ("product_quality", 0.01),
    "wrong_size": ("product_quality", 0.55),
    "damaged": ("logistics", 0.50),
    "after_new_year": ("logistics", 0.10),
    "review_storm": ("reviews", 0.16),
    "storm_spillover": ("reviews", 0.04),
    "cs_holiday": ("reviews", 0.02),
    "boosted_empty_parcel": ("rule_violation", 0.30),
    "trial_ring": ("rule_violation", 0.45),
}
LATE_PER_DAY = 0.05
LATE_GRACE_DAYS = 1.5
LATE_CAP = 0.35


@dataclass(frozen=True)
class Risk:
    mechanism: str
    cause: str
    chance: float


def excess_days(parcel: Parcel, attempt: datetime) -> float:
    """Days the first delivery attempt came later than a buyer would expect: a day to pack (from
    the shop's restart for orders placed over its 春节 break, which the listing announced), the
    province's usual transit time, half a day to deliver."""
    paid = min(o.paid_at for o in parcel.orders if o.paid_at is not None)
    if any(o.promise_ship_at == season.HOLIDAY_PROMISE for o in parcel.orders):
        paid = max(paid, season.SHOP_CLOSED.end)
    usual = timedelta(days=1 + parcel.place.province.transit_days + 0.5)
    return (attempt - (paid + usual)).total_seconds() / 86400


def risks(parcel: Parcel) -> list[Risk]:
    attempt = parcel.attempt_at
    assert attempt is not None
    found: dict[str, float] = {}

    def add(mechanism: str, chance: float | None = None) -> None:
        value = RISKS[mechanism][1] if chance is None else chance
        found[mechanism] = max(found.get(mechanism, 0.0), value)

    for order in parcel.orders:
        if order.kind == "boosted":
            add("boosted_empty_parcel")
            continue
        if order.kind == "trial":
            add("trial_ring")
            continue
        add("goods_baseline")
        add("courier_baseline")
        add("changed_mind")
        for line in order.lines:
            key = line.sku.product.key
            bad_lot = season.DYE_LOT.contains(parcel.ship_at)
            if key == "P5" and line.sku.colour == "燕麦色" and bad_lot:
                add("dye_lot")
            if key == "P2" and season.DOWN_BATCH.contains(parcel.ship_at):
                add("down_batch")
            if key == "P7":
                add("runs_small")
            if key == "P6":
                add("pilling_knit")
            if key == "P5":
                add("pilling_sweater")
            if line.wrong_size:
                add("wrong_size")
            if key == "P2" and season.REVIEW_STORM.contains(attempt):
                add("review_storm")
            if key == "P1" and season.REVIEW_STORM.contains(attempt):
                add("storm_spillover")
        if season.CS_HOLIDAY.contains(attempt):
            add("cs_holiday")
        if (datetime(2026, 2, 1) <= order.placed_at < datetime(2026, 2, 13)
                and attempt >= season.NEW_YEAR_EVE):
            add("after_new_year")
        late = min(LATE_CAP, LATE_PER_DAY * max(0.0, parcel.excess_days - LATE_GRACE_DAYS))
        if late > 0:
            found["late"] = max(found.get("late", 0.0), late)
        if parcel.damaged:
            add("damaged")
    return [Risk(m, "logistics" if m == "late" else RISKS[m][0], c)
            for m, c in sorted(found.items())]


def fire(rng: random.Random, found: list[Risk]) -> tuple[str, tuple[str, ...]]:
    """Roll every risk; return the true cause ("" when none fired) and the fired mechanisms."""
    fired = [risk for risk in found if coin(rng, risk.chance)]
    if not fired:
        return "", ()
    strongest = max(fired, key=lambda r: (r.chance, -PRIORITY.index(r.cause)))
    return strongest.cause, tuple(r.mechanism for r in fired)


#: share of refusers who tell the courier a reason, and of those who give a misleading one
SAYS_REASON = 0.45
MISLEADS = 0.30


def stated_reason(rng: random.Random, cause: str) -> str:
    """What the buyer tells the courier: usually nothing, sometimes a reason of another cause."""
    if not coin(rng, SAYS_REASON):
        return ""
    if coin(rng, MISLEADS):
        cause = rng.choice([c for c in PRIORITY if c != cause])
    return rng.choice(pool("refusal_reasons", cause))


def after_sales_reason(rng: random.Random, cause: str) -> str:
    """The reason picked in the refund form: the true one about half the time, the quickest
    option (多拍/错拍/不想要, 其他) a third of the time, another cause's now and then."""
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(pool("after_sales_reasons", cause))
    if roll < 0.90:
        return rng.choice(pool("after_sales_reasons", "convenient"))
    other = rng.choice([c for c in PRIORITY if c != cause])
    return rng.choice(pool("after_sales_reasons", other))
