"""Which files the merchant dropped, when, and how each was written (drawn once per seed).

Orders and tracking are exported every Monday morning. The merchant's habits vary: an operator
who prefers the full template, a week saved through Excel, a week from the old ERP plugin, a week
cleaned in pandas, a week exported twice, a week forgotten. Tracking came from 快递100 until the
shop moved to 快递鸟 in November (the switch week has both).
"""

import random
from dataclasses import dataclass

from .. import clock
from ..clock import DAY, HOUR, LAST_EXPORT_DAY, MINUTE
from ..sim.world import CUTOFF
from .cells import IdStyle

WEEKS = range(1, LAST_EXPORT_DAY // 7 + 1)  # export on days 7, 14, ..., 119
ORDERS_WINDOW_DAYS = 30
TRACKING_WINDOW_DAYS = 24
KN_FROM_WEEK = 10


@dataclass
class OrdersJob:
    at: int
    name: str
    layout: str = "full"  # full (2023), short (2024+), old (2019-2020)
    fmt: str = "csv"
    encoding: str = "utf-8-sig"
    quote_all: bool = True
    ids: str = IdStyle.TAB
    times: str = "iso"
    money: str = "plain"  # plain 12.30, general 12.3, numeric (xlsx numbers)
    status: str = "full"  # full-width comma, half-width, or dropped
    messy_headers: bool = False
    duplicate_share: float = 0.0


@dataclass
class TrackingJob:
    at: int
    name: str
    provider: str  # k100 or kn
    fmt: str = "csv"
    encoding: str = "utf-8-sig"
    newest_first: bool = True
    company_codes: bool = False
    optional_columns: bool = True
    order_column: bool = False


def _export_time(rng: random.Random, week: int) -> int:
    if week * 7 == LAST_EXPORT_DAY:
        return CUTOFF
    return week * 7 * DAY + rng.randint(8 * HOUR, int(11.5 * HOUR))


def _stamp(sec: int) -> str:
    return clock.compact_day(sec // DAY) + "_" + clock.fmt(sec)[11:].replace(":", "")


def orders_jobs(rng: random.Random) -> list[OrdersJob]:
    weeks = list(WEEKS)
    special = (
        rng.sample(weeks[2:6], 1)
        + rng.sample(weeks[6:10], 1)
        + rng.sample(weeks[10:13], 1)
        + rng.sample(weeks[13:16], 1)
    )
    xlsx_week, excel_week, erp_week, pandas_week = special
    rest = [w for w in weeks[1:-1] if w not in special]
    twice_week, messy_week, missing_week = rng.sample(rest, 3)
    dup_weeks = set(
        rng.sample([w for w in rest if w not in (twice_week, messy_week, missing_week)], 2)
    )
    jobs = []
    for week in weeks:
        if week == missing_week:
            continue
        at = _export_time(rng, week)
        job = OrdersJob(
            at,
            f"拼多多订单导出_{_stamp(at)}.csv",
            layout="full" if rng.random() < 0.55 else "short",
        )
        if week == xlsx_week:
            job.fmt, job.name, job.money = "xlsx", f"订单查询导出_{_stamp(at)[:8]}.xlsx", "numeric"
            job.ids = IdStyle.PLAIN
        elif week == excel_week:
            job.name = f"订单_{_stamp(at)[4:8]}_整理.csv"
            job.encoding, job.quote_all, job.ids, job.times, job.money = (
                "gbk",
                False,
                IdStyle.EXCEL,
                "slash",
                "general",
            )
        elif week == erp_week:
            job.name, job.layout = f"ERP订单明细_{_stamp(at)[:8]}.csv", "old"
            job.encoding, job.quote_all, job.ids = "gb18030", False, IdStyle.FORMULA
            job.status = "half"
        elif week == pandas_week:
            job.name = f"orders_{_stamp(at)[:8]}_clean.csv"
            job.encoding, job.quote_all, job.ids = "utf-8", False, IdStyle.PANDAS
        elif week == messy_week:
            job.messy_headers, job.status, job.ids = True, "drop", IdStyle.APOSTROPHE
            job.money = "fancy"
        if week in dup_weeks:
            job.duplicate_share = 0.006
        jobs.append(job)
        if week == twice_week:
            again = at + rng.randint(20 * MINUTE, 3 * HOUR)
            jobs.append(
                OrdersJob(
                    again,
                    f"拼多多订单导出_{_stamp(again)}(1).xlsx",
                    layout=job.layout,
                    fmt="xlsx",
                    money="numeric",
                    ids=IdStyle.PLAIN,
                )
            )
    return jobs


def tracking_jobs(rng: random.Random) -> list[TrackingJob]:
    jobs = []
    k100_weeks = [w for w in WEEKS if w <= KN_FROM_WEEK]
    kn_weeks = [w for w in WEEKS if w >= KN_FROM_WEEK]
    csv_codes_week, bare_week = rng.sample(k100_weeks[1:-1], 2)
    kn_xlsx_week, kn_utf8_week = rng.sample(kn_weeks[1:-1], 2)
    for week in k100_weeks:
        at = _export_time(rng, week) + rng.randint(10 * MINUTE, 40 * MINUTE)
        at = min(at, CUTOFF)
        job = TrackingJob(
            at,
            f"快递100_批量查询结果_{_stamp(at)[:8]}.xlsx",
            "k100",
            fmt="xlsx",
            order_column=rng.random() < 0.5,
        )
        if week == csv_codes_week:
            job.fmt, job.name = "csv", f"kuaidi100_export_{_stamp(at)}.csv"
            job.newest_first, job.company_codes = False, True
        elif week == bare_week:
            job.fmt, job.name, job.optional_columns = "csv", f"物流轨迹_{_stamp(at)[:8]}.csv", False
            job.encoding = "gbk"
        jobs.append(job)
    for week in kn_weeks:
        at = min(_export_time(rng, week) + rng.randint(10 * MINUTE, 40 * MINUTE), CUTOFF)
        job = TrackingJob(
            at, f"kdniao_trace_{_stamp(at)}.csv", "kn", encoding="gb18030", newest_first=False
        )
        if week == kn_xlsx_week:
            job.fmt, job.name = "xlsx", f"快递鸟轨迹导出_{_stamp(at)[:8]}.xlsx"
        elif week == kn_utf8_week:
            job.encoding, job.newest_first = "utf-8-sig", True
        jobs.append(job)
    return jobs
