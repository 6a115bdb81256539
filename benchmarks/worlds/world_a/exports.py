"""The merchant's download folder: which exports were taken when, and writing them.

Every Sunday evening the merchant exports orders (the last 14-30 days by order time; a quarter
of the weeks also a mid-week 7-day export; a fifth split into two files) and courier tracking
from an aggregator (parcels shipped in the last 10 days plus any still unfinished at the
previous export, the first download everything; the merchant switches aggregator once,
Kuaidi100 <-> Kuaidi Niao). Optional exports: after-sales (most weeks, 14-30 days by application
time), reviews (about half the weeks, 30 days), the store score (two overlapping daily files) and
penalty bills (monthly compensation files and one violation file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from random import Random

from .aftersales import AGREED_REFUSAL
from .catalog import Catalog
from .layouts import (
    AFTER_SALES,
    AFTER_SALES_OPTIONAL,
    KDNIAO,
    KDNIAO_OPTIONAL,
    KUAIDI100,
    KUAIDI100_OPTIONAL,
    MONEY_SUFFIX,
    ORDER_DIGIT_COLUMNS,
    ORDER_ID_COLUMNS,
    ORDER_LAYOUTS,
    PENALTIES,
    PENALTIES_OPTIONAL,
    REVIEWS,
    REVIEWS_OPTIONAL,
    STORE_SCORES,
)
from .model import Parcel, World
from .params import DAY, Calendar
from .rows import OrderRows, aftersale_rows, penalty_rows, review_rows, tracking_rows
from .writers import Columns, FileStyle, choose_style, write_table

TERMINAL = frozenset(
    {
        "sign",
        "sign_proxy",
        "sign_locker",
        "sign_after_trouble",
        "return_signed",
        "return_signed_refused",
    }
)
COMPENSATION = frozenset({"延迟发货_扣款", "缺货扣款", "虚假轨迹"})
STEMS = {
    "orders": (
        "导出数据",
        "订单导出_{ymd}",
        "download_{dash}",
        "拼多多订单_{md}",
        "orders_{ymd}{hm}",
    ),
    "kuaidi100": ("快递100批量查询_{md}", "物流轨迹_{dash}", "快递查询结果_{ymd}", "物流信息导出"),
    "kdniao": ("kdniao_traces_{ymd}", "快递鸟轨迹导出_{md}", "物流信息导出", "物流轨迹_{dash}"),
    "after_sales": ("售后单导出_{ymd}", "退款售后列表_{md}", "aftersale_{ymd}"),
    "reviews": ("评价管理导出_{ymd}", "商品评价_{md}", "评价数据"),
    "store_scores": ("店铺评分_每日", "店铺数据_评分_{ymd}"),
    "compensation": ("消费者补偿明细_{ym}", "资金账单_赔付_{ymd}", "消费者补偿明细导出"),
    "violations": ("违规记录_导出", "违规记录_{ymd}", "店铺违规明细"),
}


@dataclass
class ExportLog:
    files: list[tuple[str, str, int]] = field(default_factory=list)  # name, kind, rows
    order_ids: set[str] = field(default_factory=set)
    refusal_states_seen: set[str] = field(default_factory=set)


def project(headers: tuple[str, ...], rows: list[list[str]], keep: list[str]) -> list[list[str]]:
    if len(keep) == len(headers):
        return rows
    index = [headers.index(name) for name in keep]
    return [[row[i] for i in index] for row in rows]


class Exporter:
    def __init__(
        self,
        world: World,
        calendar: Calendar,
        catalog: Catalog,
        rng: Random,
        folder: Path,
        optional: bool,
    ) -> None:
        self.world = world
        self.calendar = calendar
        self.catalog = catalog
        self.rng = rng  # orders and tracking: the same files with or without optional exports
        self.extra_rng = Random(rng.getrandbits(64))  # everything optional
        self.folder = folder
        self.optional = optional
        self.log = ExportLog()
        self.order_rows = OrderRows(catalog)
        self._stems: set[str] = set()
        self._by_deal = sorted(world.orders, key=lambda order: order.deal_at)

    # naming and writing ------------------------------------------------------------------

    def _stem(self, kind: str, at: datetime, rng: Random, template: str = "") -> str:
        template = template or rng.choice(STEMS[kind])
        stem = template.format(
            ymd=f"{at:%Y%m%d}",
            md=f"{at:%m%d}",
            dash=f"{at:%Y-%m-%d}",
            hm=f"{at:%H%M}",
            ym=f"{at:%Y%m}",
        )
        candidate, n = stem, 1
        while candidate in self._stems:
            candidate = f"{stem}({n})" if "download" not in stem else f"{stem}_{n + 1}"
            n += 1
        self._stems.add(candidate)
        return candidate

    def _write(
        self,
        kind,
        at,
        headers,
        rows,
        columns: Columns,
        style: FileStyle | None = None,
        optional: frozenset[str] = frozenset(),
        stem: str = "",
        template: str = "",
    ) -> None:
        rng = self.rng if kind in ("orders", "tracking") else self.extra_rng
        if not rows:
            return
        keep = [name for name in headers if name not in optional or rng.random() < 0.8]
        rows = project(tuple(headers), rows, keep)
        style = style or choose_style(rng)
        name = self._stem(stem or kind, at, rng, template)
        path = write_table(self.folder / name, keep, rows, columns, style, rng, at)
        self.log.files.append((path.name, kind, len(rows)))
        if "订单号" in keep:
            column = keep.index("订单号")
            self.log.order_ids.update(row[column] for row in rows)

    # the schedule ------------------------------------------------------------------------

    def run(self) -> ExportLog:
        rng, times = self.rng, self.calendar.export_times
        usual = rng.choices(("short", "full"), (0.6, 0.4))[0]  # the old layout is a legacy tool
        layouts = self._order_layouts(usual)
        providers = self._providers()
        with_aftersales = self._some_weeks(0.75)
        with_reviews = self._some_weeks(0.5)
        windows = [self.extra_rng.choice((14, 21, 30)) for _ in times]
        for week, at in enumerate(times):
            window = rng.choice((14, 21, 30)) if week else rng.choice((14, 21))
            self._orders(at, window, layouts[week])
            if week and rng.random() < 0.25:
                mid = at - timedelta(days=3, hours=rng.uniform(8, 12))
                self._orders(mid, 7, usual)
            previous = times[week - 1] if week else None
            for provider in providers[week]:
                self._tracking(at, previous, provider)
            if self.optional and week in with_aftersales:
                self._aftersales(at, windows[week])
            if self.optional and week in with_reviews:
                self._reviews(at, 30)
        if self.optional:
            self._store_scores()
            self._penalties()
        return self.log

    def _order_layouts(self, usual: str) -> list[str]:
        rng, weeks = self.rng, self.calendar.weeks
        layouts = [
            usual if rng.random() < 0.75 else rng.choice(list(ORDER_LAYOUTS)) for _ in range(weeks)
        ]
        for name in [name for name in ORDER_LAYOUTS if name not in layouts]:
            spares = [i for i, layout in enumerate(layouts) if layouts.count(layout) > 1]
            if spares:
                layouts[rng.choice(spares)] = name
        return layouts

    def _providers(self) -> list[list[str]]:
        rng, weeks = self.rng, self.calendar.weeks
        first, second = rng.sample(["kuaidi100", "kdniao"], 2)
        switch = rng.randint(1, max(weeks - 1, 1))
        plan = [[first] if week < switch else [second] for week in range(weeks)]
        if rng.random() < 0.3 and switch < weeks:
            plan[switch] = [first, second]
        return plan

    def _some_weeks(self, rate: float) -> set[int]:
        weeks = self.calendar.weeks
        rng = self.extra_rng
        chosen = {week for week in range(weeks) if rng.random() < rate}
        while len(chosen) < min(2, weeks):
            chosen.add(rng.randrange(weeks))
        return chosen

    # each kind ---------------------------------------------------------------------------

    def _orders(self, at: datetime, window_days: int, layout: str) -> None:
        rng = self.rng
        headers = ORDER_LAYOUTS[layout]
        since = at - window_days * DAY
        orders = [o for o in self._by_deal if since <= o.deal_at <= at]
        word = "退款中" if rng.random() < 0.15 else "售后处理中"
        columns = Columns(
            ids=ORDER_ID_COLUMNS & set(headers),
            digits=ORDER_DIGIT_COLUMNS,
            money=frozenset(h for h in headers if h.endswith(MONEY_SUFFIX)),
            times=frozenset(h for h in headers if h.endswith("时间")),
            statuses=frozenset({"订单状态"}),
        )
        style = choose_style(rng)
        template = rng.choice(STEMS["orders"])  # the parts of a split export share a name
        parts = [orders]
        if len(orders) > 400 and rng.random() < 0.2:
            cut = len(orders) // 2
            parts = [orders[:cut], orders[cut:]]
        for part in parts:
            rows = self.order_rows.rows(part, headers, at, word)
            self._write("orders", at, headers, rows, columns, style, template=template)

    def _tracking(self, at: datetime, previous: datetime | None, provider: str) -> None:
        rng = self.rng
        parcels = [p for p in self.world.parcels if self._tracked(p, at, previous)]
        newest_first = rng.random() < (0.75 if provider == "kuaidi100" else 0.15)
        as_code = rng.random() < 0.5
        if provider == "kuaidi100":
            headers, optional = KUAIDI100, KUAIDI100_OPTIONAL
            columns = Columns(ids=frozenset({"快递单号"}), times=frozenset({"事件时间"}))
        else:
            headers, optional = KDNIAO, KDNIAO_OPTIONAL
            columns = Columns(ids=frozenset({"LogisticCode"}), times=frozenset({"AcceptTime"}))
        groups = [parcels]
        if rng.random() < 0.2:
            groups = [
                [p for p in parcels if p.courier == "zto"],
                [p for p in parcels if p.courier != "zto"],
            ]
        for group in groups:
            rows = tracking_rows(group, self.catalog, at, provider, newest_first, as_code)
            style = choose_style(rng, xlsx_rate=0.3)
            self._write("tracking", at, headers, rows, columns, style, optional, stem=provider)

    @staticmethod
    def _tracked(parcel: Parcel, at: datetime, previous: datetime | None) -> bool:
        if parcel.shipped_at > at or not any(e.at <= at for e in parcel.events):
            return False
        if previous is None or parcel.shipped_at >= at - 10 * DAY:
            return True  # the first download covers everything shipped so far
        if parcel.outcome == "no_pickup":
            return False
        return not any(e.kind in TERMINAL and e.at <= previous for e in parcel.events)

    def _aftersales(self, at: datetime, window_days: int) -> None:
        since = at - window_days * DAY
        records = [r for r in self.world.aftersales if since <= r.applied_at <= at]
        records.sort(key=lambda record: record.applied_at, reverse=True)
        rows = aftersale_rows(records, at)
        for record, row in zip(records, rows, strict=True):
            if row[4] == AGREED_REFUSAL:
                self.log.refusal_states_seen.add(record.order.order_id)
        columns = Columns(
            ids=frozenset({"售后编号", "订单号", "退货快递单号"}),
            money=frozenset({"退款金额(元)"}),
            times=frozenset({"申请时间"}),
        )
        self._write("after_sales", at, AFTER_SALES, rows, columns, optional=AFTER_SALES_OPTIONAL)

    def _reviews(self, at: datetime, window_days: int) -> None:
        since = at - window_days * DAY
        reviews = [r for r in self.world.reviews if since <= r.at <= at]
        reviews.sort(key=lambda review: review.at, reverse=True)
        columns = Columns(ids=frozenset({"订单号", "商品id"}), times=frozenset({"评价时间"}))
        self._write(
            "reviews", at, REVIEWS, review_rows(reviews), columns, optional=REVIEWS_OPTIONAL
        )

    def _store_scores(self) -> None:
        rows = [[str(value) for value in row] for row in self.world.store_scores]
        end = self.calendar.end
        cut = len(rows) * 3 // 5
        first_at = end - (len(rows) - cut) * DAY
        self._write("store_scores", first_at, STORE_SCORES, rows[: cut + 1], Columns())
        self._write("store_scores", end, STORE_SCORES, rows[max(cut - 6, 0) :], Columns())

    def _penalties(self) -> None:
        end = self.calendar.end
        bills = sorted((b for b in self.world.penalties if b.at <= end), key=lambda b: b.at)
        columns = Columns(
            ids=frozenset({"订单号", "快递单号"}),
            money=frozenset({"金额(元)"}),
            times=frozenset({"时间"}),
        )
        compensation = [b for b in bills if b.kind in COMPENSATION]
        months = sorted({b.at.strftime("%Y%m") for b in compensation})
        for month in months:
            chosen = [b for b in compensation if b.at.strftime("%Y%m") == month]
            stamp_at = max(b.at for b in chosen)
            self._write(
                "penalties",
                stamp_at,
                PENALTIES,
                penalty_rows(chosen),
                columns,
                optional=PENALTIES_OPTIONAL,
                stem="compensation",
            )
        violations = [b for b in bills if b.kind not in COMPENSATION]
        self._write(
            "penalties",
            end,
            PENALTIES,
            penalty_rows(violations),
            columns,
            optional=PENALTIES_OPTIONAL,
            stem="violations",
        )
