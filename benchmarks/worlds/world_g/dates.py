"""When things happen in world_g (all China time, naive datetimes)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

FIRST_ORDER_DAY = date(2026, 7, 1)
LAST_ORDER_DAY = date(2026, 11, 7)

#: exports are pulled on Monday mornings; the last one is the cut-off of the world's truth
EXPORT_DAYS = tuple(date(2026, 7, 6) + timedelta(weeks=week) for week in range(19))
EXPORT_HOUR = 9
CUTOFF = datetime.combine(EXPORT_DAYS[-1], datetime.min.time()) + timedelta(hours=EXPORT_HOUR)

# a typhoon makes landfall on the Pearl River delta: hubs around 广州/佛山 stop for days
TYPHOON_START = datetime(2026, 8, 17, 6, 0)
TYPHOON_END = datetime(2026, 8, 20, 18, 0)
WAREHOUSE_CLOSED = (datetime(2026, 8, 17, 0, 0), datetime(2026, 8, 19, 12, 0))

# 中秋 (2026-09-25) and 国庆 Golden Week: courier backlog, warehouse on a skeleton crew
BACKLOG_START = datetime(2026, 9, 30, 0, 0)
BACKLOG_END = datetime(2026, 10, 8, 0, 0)
HOLIDAY_WAREHOUSE = (datetime(2026, 10, 1, 0, 0), datetime(2026, 10, 5, 8, 0))
FAKE_SHIPPING_ORDERS = (datetime(2026, 9, 28, 0, 0), datetime(2026, 10, 5, 0, 0))
REUSED_NUMBER_ORDERS = (datetime(2026, 9, 30, 0, 0), datetime(2026, 10, 6, 0, 0))

# the glass kettle's lid batch leaks: shipments in this span carry it
LEAKY_BATCH_SHIPPED = (datetime(2026, 8, 10, 0, 0), datetime(2026, 9, 7, 0, 0))

# the fan's review storm about 虚标功率/虚假宣传
FAN_STORM = (datetime(2026, 8, 8, 0, 0), datetime(2026, 9, 6, 0, 0))
# the glass kettle's leak reviews scare buyers of the other kettle SKUs too
KETTLE_REVIEW_SCARE = (datetime(2026, 8, 22, 0, 0), datetime(2026, 9, 20, 0, 0))

# customer service melts down: two agents quit, the bot answers nothing useful
SERVICE_MELTDOWN = (datetime(2026, 9, 14, 0, 0), datetime(2026, 9, 21, 0, 0))
SERVICE_AFTERMATH = datetime(2026, 9, 28, 0, 0)

# the standing desk launches, and is boosted with empty-box orders
DESK_LAUNCH = date(2026, 9, 1)
BRUSHING_DAYS = (date(2026, 9, 1), date(2026, 9, 25))

# the fan sells out in the July heat: the merchant cancels orders it cannot ship
FAN_STOCKOUT = (datetime(2026, 7, 20, 0, 0), datetime(2026, 7, 27, 0, 0))


def within(moment: datetime, span: tuple[datetime, datetime]) -> bool:
    return span[0] <= moment < span[1]


def day_weight(day: date) -> float:
    """Relative order volume of a calendar day."""
    weight = 1.15 if day.weekday() >= 5 else 1.0
    if date(2026, 9, 22) <= day <= date(2026, 9, 30):
        weight *= 1.3  # stocking up before the holiday
    if date(2026, 10, 1) <= day <= date(2026, 10, 7):
        weight *= 0.8
    if day >= date(2026, 10, 20):
        weight *= 1.25  # 双11 warm-up
    return weight


def month_index(day: date) -> int:
    return min(max(day.month - 7, 0), 4)
