"""The optional exports: 售后, 评价, 店铺评分 and the platform's bills. The merchant forgets some
of them some weeks; each one that exists overlaps the previous one."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from .feedback import Review
from .files import Cell, as_text_for_excel, money, stamp, write_csv, write_xlsx
from .model import Order
from .penalties import Penalty

AFTER_SALES_HEADER = (
    "售后编号",
    "订单号",
    "售后类型",
    "售后状态",
    "售后原因",
    "申请时间",
    "退款金额(元)",
    "退货快递单号",
    "发货状态",
)
REVIEWS_HEADER = ("评价时间", "订单号", "商品id", "评分", "评价内容", "商家回复")
STORE_HEADER = ("日期", "店铺评分", "描述相符", "物流服务", "服务态度")
PENALTY_HEADER = ("订单号", "快递单号", "类型", "金额(元)", "时间", "说明")


def _write(
    path: Path, header: tuple[str, ...], rows: list[list[Cell]], xlsx: bool, encoding: str
) -> None:
    if xlsx:
        write_xlsx(path.with_suffix(".xlsx"), header, rows)
    else:
        write_csv(path.with_suffix(".csv"), header, rows, encoding=encoding)


def write_after_sales(
    path: Path, at: datetime, orders: list[Order], xlsx: bool = False, encoding: str = "utf-8-sig"
) -> set[str]:
    since = at - timedelta(days=28)
    rows: list[list[Cell]] = []
    for order in orders:
        for record in order.aftersales:
            if not since <= record.applied_at <= at:
                continue
            rows.append(
                [
                    record.aftersale_id if xlsx else as_text_for_excel(record.aftersale_id),
                    order.order_id,
                    record.kind,
                    record.status_at(at) or "",
                    record.reason,
                    stamp(record.applied_at),
                    money(record.refund_yuan),
                    "",
                    "已发货" if record.shipped else "未发货",
                ]
            )
    rows.sort(key=lambda row: (str(row[5]), str(row[0])), reverse=True)
    _write(path, AFTER_SALES_HEADER, rows, xlsx, encoding)
    return {str(row[1]) for row in rows}


def write_reviews(
    path: Path, at: datetime, reviews: list[Review], xlsx: bool = False, encoding: str = "utf-8-sig"
) -> set[str]:
    since = at - timedelta(days=30)
    rows: list[list[Cell]] = [
        [
            stamp(review.at),
            review.order_id,
            review.goods_id,
            str(review.score),
            review.text,
            review.reply,
        ]
        for review in reversed(reviews)
        if since <= review.at <= at
    ]
    _write(path, REVIEWS_HEADER, rows, xlsx, encoding)
    return {str(row[1]) for row in rows}


def write_store_scores(
    path: Path, at: datetime, scores: list[tuple[date, float, float, float, float]]
) -> None:
    since = at.date() - timedelta(days=14)
    rows: list[list[Cell]] = [
        [day.isoformat(), *(f"{value:.2f}" for value in values)]
        for day, *values in scores
        if since <= day < at.date()
    ]
    _write(path, STORE_HEADER, rows, False, "utf-8-sig")


def write_penalties(
    path: Path,
    penalties: list[Penalty],
    since: datetime,
    until: datetime,
    violations: bool,
    xlsx: bool = False,
) -> set[str]:
    rows: list[list[Cell]] = [
        [
            penalty.order_id,
            penalty.tracking_no,
            penalty.kind,
            money(penalty.amount),
            stamp(penalty.at),
            penalty.note,
        ]
        for penalty in penalties
        if since <= penalty.at < until and penalty.is_violation == violations
    ]
    _write(path, PENALTY_HEADER, rows, xlsx, "utf-8-sig")
    return {str(row[0]) for row in rows}
