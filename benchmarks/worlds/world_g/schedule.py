"""Which export the merchant pulled on which Monday, in which layout, format and encoding."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .dates import EXPORT_DAYS, EXPORT_HOUR


@dataclass(frozen=True)
class Drop:
    kind: str  # orders / kuaidi100 / kuaidiniao / after_sales / reviews
    day: date
    name: str
    fmt: str = "csv"  # csv / xlsx
    encoding: str = "utf-8-sig"
    layout: str = ""  # orders: full / short / old
    quirks: frozenset[str] = field(default_factory=frozenset)

    @property
    def at(self) -> datetime:
        return datetime.combine(self.day, datetime.min.time()) + timedelta(hours=EXPORT_HOUR)


def _q(*names: str) -> frozenset[str]:
    return frozenset(names)


# orders: the 2023 full template most weeks, the ERP's old template once, the 2024 short template
# from mid-October; one Excel-damaged week; none pulled during Golden Week (10-05)
_ORDER_WEEKS = {
    "2026-07-06": ("full", "csv", "gb18030", _q("tab")),
    "2026-07-13": ("full", "csv", "gb18030", _q("tab")),
    "2026-07-20": ("old", "csv", "gb18030", _q("tab")),
    "2026-07-27": ("full", "csv", "gb18030", _q("tab", "header_spaces")),
    "2026-08-03": ("full", "csv", "utf-8-sig", _q("tab", "duplicate_name")),
    "2026-08-10": ("full", "xlsx", "", _q()),
    "2026-08-17": ("full", "csv", "utf-8-sig", _q("excel_resaved")),
    "2026-08-24": ("full", "csv", "gb18030", _q("tab")),
    "2026-08-31": ("full", "csv", "utf-8-sig", _q("tab", "halfwidth_comma", "fullwidth_brackets")),
    "2026-09-07": ("full", "xlsx", "", _q("yuan_signs", "slash_dates")),
    "2026-09-14": ("full", "csv", "gb18030", _q("tab")),
    "2026-09-21": ("full", "csv", "gb18030", _q("tab", "fullwidth_brackets")),
    "2026-09-28": ("full", "csv", "gb18030", _q("tab")),
    "2026-10-12": ("full", "csv", "gb18030", _q("tab", "dropped_comma")),
    "2026-10-19": ("short", "csv", "utf-8-sig", _q("tab")),
    "2026-10-26": ("short", "xlsx", "", _q()),
    "2026-11-02": ("short", "csv", "gb18030", _q("tab", "header_spaces")),
    "2026-11-09": ("short", "csv", "gb18030", _q("tab")),
}

AFTER_SALES_MISSING = (date(2026, 8, 24), date(2026, 10, 5), date(2026, 10, 12))
REVIEWS_MISSING = (date(2026, 7, 27), date(2026, 10, 5))
KUAIDI100_LAST = date(2026, 9, 7)  # the merchant moved to 快递鸟 from this week (one week of both)

ORDERS_WINDOW_DAYS = 42
TRACKING_WINDOW_DAYS = 28
AFTER_SALES_WINDOW_DAYS = 28
REVIEWS_WINDOW_DAYS = 14


def order_drops() -> list[Drop]:
    drops = []
    for text, (layout, fmt, encoding, quirks) in _ORDER_WEEKS.items():
        day = date.fromisoformat(text)
        name = f"拼多多订单导出_{day:%Y-%m-%d}.{fmt}"
        if "duplicate_name" in quirks:
            name = f"拼多多订单导出_{day:%Y-%m-%d}(1).{fmt}"
        if layout == "old":
            name = f"订单列表_旧版模板_{day:%Y%m%d}.{fmt}"
        drops.append(Drop("orders", day, name, fmt, encoding, layout, quirks))
    return drops


def tracking_drops() -> list[Drop]:
    drops = []
    for index, day in enumerate(EXPORT_DAYS):
        if day <= KUAIDI100_LAST:
            quirks = [
                ("codes", "newest_first", "eq_quote"),
                ("names", "oldest_first", "apostrophe"),
                ("codes", "newest_first", "no_advanced"),
            ][index % 3]
            drops.append(
                Drop(
                    "kuaidi100",
                    day,
                    f"快递100轨迹导出_{day:%Y%m%d}.csv",
                    "csv",
                    "utf-8-sig",
                    quirks=_q(*quirks),
                )
            )
        if day >= KUAIDI100_LAST:
            if index % 4 == 2:
                drops.append(
                    Drop(
                        "kuaidiniao",
                        day,
                        f"快递鸟物流轨迹_{day:%Y%m%d}.csv",
                        "csv",
                        "gb18030",
                        quirks=_q("slash_dates"),
                    )
                )
            else:
                drops.append(Drop("kuaidiniao", day, f"快递鸟物流轨迹_{day:%Y%m%d}.xlsx", "xlsx"))
    return drops


def after_sales_days() -> list[date]:
    return [day for day in EXPORT_DAYS[1:] if day not in AFTER_SALES_MISSING]


def after_sales_drops() -> list[Drop]:
    return [
        Drop(
            "after_sales",
            day,
            f"售后列表_{day:%Y%m%d}.csv",
            encoding="gb18030" if day.month == 9 else "utf-8-sig",
        )
        for day in after_sales_days()
    ]


def review_drops() -> list[Drop]:
    drops = []
    for day in EXPORT_DAYS[1:]:
        if day in REVIEWS_MISSING:
            continue
        fmt = "xlsx" if day.day <= 7 else "csv"
        drops.append(Drop("reviews", day, f"评价管理_{day:%Y-%m-%d}.{fmt}", fmt))
    return drops
