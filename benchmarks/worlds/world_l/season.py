"""The season's calendar: order days, demand peaks, packing backlogs and export times.

All times are naive datetimes in China time (Asia/Shanghai), as the exports write them.
"""

from datetime import date, datetime, timedelta

SEASON_START = date(2025, 10, 1)
LAST_ORDER_DAY = date(2026, 1, 30)
# The final export, at the close of the season; the labels describe the world as of now.
CUTOFF = datetime(2026, 1, 31, 18, 0)

# (first day, last day, demand multiplier): 双十一, 双十二 and the 年货 run before 春节.
DEMAND_PEAKS = (
    (date(2025, 11, 8), date(2025, 11, 12), 2.1),
    (date(2025, 11, 13), date(2025, 11, 20), 1.3),
    (date(2025, 12, 10), date(2025, 12, 13), 1.7),
    (date(2026, 1, 5), date(2026, 1, 24), 1.45),
)

# Packing-house backlogs: (first day, last day, extra hours before shipping, max).
PACKING_BACKLOGS = (
    (date(2025, 11, 10), date(2025, 11, 15), 24, 72),
    (date(2025, 12, 11), date(2025, 12, 15), 20, 60),
    (date(2026, 1, 12), date(2026, 1, 19), 16, 56),
)

PROMISED_SHIP_HOURS = 48
AUTO_CONFIRM_DAYS = 10  # 生鲜: the platform confirms receipt by itself after this many days


def order_days() -> list[date]:
    """Every day on which the shop takes orders."""
    days = (LAST_ORDER_DAY - SEASON_START).days + 1
    return [SEASON_START + timedelta(days=i) for i in range(days)]


def demand_weight(day: date) -> float:
    """Relative order volume of a day: ramp-up in early October, peaks, a quiet tail."""
    weight = 1.0
    if day < date(2025, 10, 20):
        weight = 0.55 + 0.45 * (day - SEASON_START).days / 19
    for first, last, multiplier in DEMAND_PEAKS:
        if first <= day <= last:
            weight *= multiplier
    if day >= date(2026, 1, 25):
        weight *= 0.7
    if day.weekday() >= 5:
        weight *= 1.12
    return weight


def packing_backlog(day: date) -> tuple[int, int]:
    """(typical extra hours, max extra hours) the packing house needs on a given day."""
    for first, last, typical, most in PACKING_BACKLOGS:
        if first <= day <= last:
            return typical, most
    return 0, 0


def _mondays() -> list[datetime]:
    first = datetime(2025, 10, 6, 9, 30)
    out = []
    moment = first
    while moment < CUTOFF - timedelta(days=3):
        out.append(moment)
        moment += timedelta(days=7)
    return out


# Weekly exports (orders, tracking, after-sales) every Monday morning, then the final one.
WEEKLY_EXPORTS = (*_mondays(), CUTOFF)
# Monthly full-field order exports, each covering the month just closed.
MONTHLY_EXPORTS = (
    (datetime(2025, 11, 1, 10, 15), date(2025, 10, 1), date(2025, 10, 31)),
    (datetime(2025, 12, 1, 10, 5), date(2025, 11, 1), date(2025, 11, 30)),
    (datetime(2026, 1, 1, 11, 40), date(2025, 12, 1), date(2025, 12, 31)),
    (CUTOFF, date(2026, 1, 1), date(2026, 1, 31)),
)
ORDERS_WINDOW_DAYS = 28  # each weekly order export covers deals of the last four weeks
AFTER_SALES_WINDOW_DAYS = 35
TRACKING_WINDOW_DAYS = 21  # numbers shipped lately, plus any parcel still open
# The merchant's ERP switched tracking aggregator (快递100 → 快递鸟) in mid-December.
AGGREGATOR_SWITCH = datetime(2025, 12, 14)
