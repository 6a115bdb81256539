"""Which files the merchant downloads each Monday, named and shaped as that week's habit had it.

Seventeen Mondays (2026-03-09 … 2026-06-29). Orders every week (five-week window, so each order
shows up in several files with a newer state); tracking every week (快递100 to 2026-05-11, 快递鸟
from then on); 售后, 评价 and 店铺评分 most weeks; compensation bills monthly and violation
records twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from .export_orders import FULL, OLD, SHORT, OrdersDrop
from .export_tracking import TrackingDrop
from .season import EXPORT_DAYS

_ORDERS_XLSX = {2, 6, 10, 14}
_ORDERS_GB18030 = {4, 8, 12}
_ORDERS_SHORT = {5, 6, 11}
_ORDERS_OLD = {9}
_KDNIAO_FROM = 9
_KUAIDI100_UNTIL = 9
_NO_AFTER_SALES = {3, 8, 13}
_NO_REVIEWS = {1, 6, 10, 14}
_NO_STORE_SCORES = {4, 11}


def moment(week: int) -> datetime:
    return datetime.combine(EXPORT_DAYS[week], time(9))


def orders_drops() -> list[OrdersDrop]:
    drops = []
    for week, day in enumerate(EXPORT_DAYS):
        at = moment(week)
        layout = OLD if week in _ORDERS_OLD else SHORT if week in _ORDERS_SHORT else FULL
        agreed_as = "售后处理中" if week < 6 else "退款中"
        if week in _ORDERS_XLSX:
            drop = OrdersDrop(
                f"订单导出_{day:%Y%m%d}.xlsx",
                at,
                layout,
                35,
                xlsx=True,
                numeric_tracking=week == 10,
                agreed_as=agreed_as,
            )
        elif week in _ORDERS_GB18030:
            drop = OrdersDrop(
                f"订单查询-导出-{day:%Y-%m-%d}.csv",
                at,
                layout,
                35,
                encoding="gb18030",
                comma="," if week == 4 else "" if week == 12 else "，",
                slashed_times=week == 8,
                agreed_as=agreed_as,
            )
        elif week in _ORDERS_OLD:
            drop = OrdersDrop(
                f"ERP订单导出_{day:%Y%m%d}.csv",
                at,
                layout,
                35,
                encoding="utf-8",
                agreed_as=agreed_as,
            )
        else:
            drop = OrdersDrop(
                f"订单导出_{day:%Y%m%d}.csv",
                at,
                layout,
                35,
                tab_ids=week != 13,
                formula_ids=week == 13,
                yen=week == 13,
                agreed_as=agreed_as,
            )
        drops.append(drop)
        if week == 3:
            drops.append(
                OrdersDrop(
                    f"订单导出_{day:%Y%m%d}(1).csv",
                    at,
                    layout,
                    35,
                    tab_ids=True,
                    agreed_as=agreed_as,
                )
            )
        if week == 7:
            drops.append(
                OrdersDrop(
                    f"订单导出_{day:%Y%m%d}_整理.csv",
                    at,
                    FULL,
                    7,
                    encoding="gb18030",
                    excel_damage=True,
                    slashed_times=True,
                    agreed_as=agreed_as,
                )
            )
        if week in (13, 15):
            drops.append(
                OrdersDrop(
                    f"预售订单_荔枝_{day:%Y%m%d}.xlsx",
                    at,
                    FULL,
                    70,
                    xlsx=True,
                    only_product="lychee",
                )
            )
    return drops


def tracking_drops() -> list[TrackingDrop]:
    drops = []
    for week, day in enumerate(EXPORT_DAYS):
        at = moment(week)
        if week <= _KUAIDI100_UNTIL:
            drops.append(
                TrackingDrop(
                    f"快递100_物流轨迹_{day:%Y%m%d}.csv",
                    at,
                    "kuaidi100",
                    newest_first=week % 2 == 0,
                    advanced_codes=week >= 3,
                    state_names=week % 2 == 1,
                    places=week >= 5,
                    courier_codes=week >= 6,
                )
            )
        if week >= _KDNIAO_FROM:
            xlsx = week in (10, 13, 16)
            suffix = "xlsx" if xlsx else "csv"
            drops.append(
                TrackingDrop(
                    f"快递鸟轨迹导出_{day:%Y%m%d}.{suffix}",
                    at,
                    "kdniao",
                    xlsx=xlsx,
                    encoding="gb18030" if week in (11, 15) else "utf-8-sig",
                    newest_first=week % 2 == 0,
                )
            )
    return drops


@dataclass(frozen=True)
class OptionalDrop:
    week: int
    kind: str
    name: str
    xlsx: bool = False
    encoding: str = "utf-8-sig"


def optional_drops() -> list[OptionalDrop]:
    drops = []
    for week, day in enumerate(EXPORT_DAYS):
        if week not in _NO_AFTER_SALES:
            drops.append(
                OptionalDrop(week, "after_sales", f"售后列表_{day:%Y%m%d}", xlsx=week in (6, 12))
            )
        if week not in _NO_REVIEWS:
            drops.append(
                OptionalDrop(
                    week,
                    "reviews",
                    f"评价管理_{day:%Y%m%d}",
                    xlsx=week in (4, 9),
                    encoding="utf-8" if week in (7, 12) else "utf-8-sig",
                )
            )
        if week not in _NO_STORE_SCORES:
            drops.append(OptionalDrop(week, "store_scores", f"店铺评分_{day:%Y%m%d}"))
    return drops


#: (week of the download, first day covered, the file's name) for the monthly compensation bills
COMPENSATION_BILLS = (
    (4, datetime(2026, 3, 1), "消费者补偿明细_202603"),
    (8, datetime(2026, 4, 1), "消费者补偿明细_202604"),
    (12, datetime(2026, 5, 1), "消费者补偿明细_202605"),
    (16, datetime(2026, 6, 1), "消费者补偿明细_202606"),
)
#: (week of the download, first moment covered) for the violation records
VIOLATION_RECORDS = (
    (12, datetime(2026, 3, 1)),
    (15, datetime(2026, 6, 1)),
    (16, datetime(2026, 6, 15)),
)
