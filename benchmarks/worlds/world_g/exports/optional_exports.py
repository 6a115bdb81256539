"""The optional exports: after-sales, reviews, store scores and the platform's bills."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from ..dates import CUTOFF
from ..model import Order
from ..schedule import AFTER_SALES_WINDOW_DAYS, REVIEWS_WINDOW_DAYS, Drop
from ..snapshot import case_status
from .dressing import money, stamp, write

_AFTER_SALES = [
    "售后编号",
    "订单号",
    "售后类型",
    "售后状态",
    "售后原因",
    "申请时间",
    "退款金额(元)",
    "退货快递单号",
    "发货状态",
]
_REVIEWS = ["评价时间", "订单号", "商品id", "评分", "评价内容", "商家回复"]
_SCORES = ["日期", "店铺评分", "描述相符", "物流服务", "服务态度"]
_PENALTIES = ["订单号", "快递单号", "类型", "金额(元)", "时间", "说明"]


def write_after_sales(folder: Path, drop: Drop, orders: list[Order]) -> set[str]:
    since = drop.at - timedelta(days=AFTER_SALES_WINDOW_DAYS)
    found = []
    for order in orders:
        for case in order.after_sales:
            if since <= case.applied_at < drop.at:
                found.append((case.applied_at, case.case_id, order, case))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    tab = "\t" if drop.encoding == "gb18030" else ""
    rows = [
        [
            tab + case.case_id,
            tab + order.order_id,
            case.kind,
            case_status(case, drop.at),
            case.reason,
            stamp(case.applied_at),
            money(case.amount),
            case.return_number,
            case.ship_state,
        ]
        for _, _, order, case in found
    ]
    write(folder, drop, _AFTER_SALES, rows)
    return {order.order_id for _, _, order, _ in found}


def write_reviews(folder: Path, drop: Drop, orders: list[Order]) -> set[str]:
    since = drop.at - timedelta(days=REVIEWS_WINDOW_DAYS)
    found = sorted(
        (review for order in orders for review in order.reviews if since <= review.at < drop.at),
        key=lambda review: (review.at, review.order_id),
        reverse=True,
    )
    rows = [[stamp(r.at), r.order_id, r.goods_id, str(r.score), r.text, r.reply] for r in found]
    write(folder, drop, _REVIEWS, rows)
    return {review.order_id for review in found}


def write_store_scores(folder: Path, scores: list[tuple[date, dict[str, float]]]) -> None:
    months = {
        7: "店铺评分_202607.csv",
        9: "店铺评分_202609.csv",
        10: "店铺评分_202610.csv",
        11: "店铺评分_20261101-20261108.csv",
    }  # August's snapshot was never saved
    for month, name in months.items():
        rows = [
            [f"{day:%Y-%m-%d}", *(f"{values[key]:.2f}" for key in _SCORES[1:])]
            for day, values in scores
            if day.month == month
        ]
        write(folder, Drop("store_scores", date(2026, month, 1), name), _SCORES, rows)


def write_penalties(folder: Path, orders: list[Order]) -> set[str]:
    mentioned: set[str] = set()
    bills = [p for order in orders for p in order.penalties if p.at <= CUTOFF]
    monthly = {
        8: "消费者补偿明细_2026-08.csv",
        9: "消费者补偿明细_2026-09.csv",
        10: "消费者补偿明细_2026-10.csv",
        11: "消费者补偿明细_2026-11.csv",
    }
    for month, name in monthly.items():
        chosen = [p for p in bills if p.bill == "compensation" and p.at.month == month]
        encoding = "gb18030" if month == 10 else "utf-8-sig"
        _write_bill(
            folder, Drop("penalties", date(2026, month, 1), name, encoding=encoding), chosen
        )
        mentioned.update(p.order_id for p in chosen)
    violation_cut = datetime(2026, 11, 3, 9, 0)
    chosen = [p for p in bills if p.bill == "violation" and p.at <= violation_cut]
    _write_bill(
        folder, Drop("penalties", date(2026, 11, 3), "违规记录_20261103.xlsx", "xlsx"), chosen
    )
    mentioned.update(p.order_id for p in chosen)
    return mentioned


def _write_bill(folder: Path, drop: Drop, bills) -> None:
    bills = sorted(bills, key=lambda p: (p.at, p.order_id))
    rows = [
        [p.order_id, p.tracking_number, p.kind, money(p.amount), stamp(p.at), p.note] for p in bills
    ]
    write(folder, drop, _PENALTIES, rows)
