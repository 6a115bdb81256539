"""The optional exports: after-sales (weekly, 30-day windows), reviews (weekly, 14-21 days),
store scores (twice: mid-way and at the end) and the two penalty bills (at the end).
"""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from .model import World
from .status import aftersale_status
from .writer import Cells, draw_style, unique_path, write_table

AFTER_SALES_HEADER = [
    "售后编号",
    "订单号",
    "售后类型",
    "售后状态",
    "售后原因",
    "退款说明",
    "申请时间",
    "退款金额(元)",
    "退货快递单号",
    "发货状态",
]
REVIEWS_HEADER = ["评价时间", "订单号", "商品id", "评分", "评价内容", "商家回复"]
SCORES_HEADER = ["日期", "店铺评分", "描述相符", "物流服务", "服务态度"]
PENALTY_HEADER = ["订单号", "快递单号", "类型", "金额(元)", "时间", "说明"]
COMPENSATION_KINDS = ("延迟发货_扣款", "缺货扣款", "虚假轨迹")


def _file(directory: Path, names: list[str], index: int, at, rng: random.Random):
    pattern = rng.choice(names)
    style = draw_style(rng, xlsx=pattern.endswith(".xlsx"))
    name = pattern.format(
        ymd=at.strftime("%Y%m%d"), md=at.strftime("%m%d"), ym=at.strftime("%Y%m"), n=index + 1
    )
    return unique_path(directory, name), style, Cells(style, rng)


def export_after_sales(
    world: World, directory: Path, names: list[str], rng: random.Random
) -> list[tuple[Path, set[str]]]:
    records = [(order, record) for order in world.orders for record in order.after_sales]
    written = []
    for index, taken_at in enumerate(world.export_times):
        if index < len(world.export_times) - 1 and rng.random() < 0.2:
            continue  # the merchant forgot this week; the 30-day windows overlap anyway
        path, style, cells = _file(directory, names, index, taken_at, rng)
        since = taken_at - timedelta(days=30)
        rows, ids = [], set()
        for order, record in records:
            if not since <= record.applied_at <= taken_at:
                continue
            ids.add(order.order_id)
            rows.append(
                [
                    cells.ident(record.aftersale_id),
                    cells.ident(order.order_id),
                    record.kind,
                    aftersale_status(record, taken_at),
                    record.reason,
                    record.note,
                    cells.time(record.applied_at),
                    cells.money(record.refund),
                    record.return_no
                    if any(
                        s == "买家已退货，待商家收货" and t <= taken_at for t, s in record.statuses
                    )
                    else "",
                    "已发货" if record.shipped else "未发货",
                ]
            )
        rows.sort(key=lambda row: row[6], reverse=True)
        write_table(path, [cells.header(column) for column in AFTER_SALES_HEADER], rows, style, rng)
        written.append((path, ids))
    return written


def export_reviews(
    world: World, directory: Path, names: list[str], rng: random.Random
) -> list[tuple[Path, set[str]]]:
    written = []
    for index, taken_at in enumerate(world.export_times):
        path, style, cells = _file(directory, names, index, taken_at, rng)
        since = world.start if index == 0 else taken_at - timedelta(days=rng.choice((14, 21)))
        rows, ids = [], set()
        for review in world.reviews:
            if not since <= review.at <= taken_at:
                continue
            ids.add(review.order.order_id)
            replied = review.reply and review.reply_at and review.reply_at <= taken_at
            rows.append(
                [
                    cells.time(review.at),
                    cells.ident(review.order.order_id),
                    cells.digits_id(review.product.product_id),
                    str(review.score),
                    review.text,
                    review.reply if replied else "",
                ]
            )
        rows.sort(key=lambda row: row[0], reverse=True)
        write_table(path, [cells.header(column) for column in REVIEWS_HEADER], rows, style, rng)
        written.append((path, ids))
    return written


def export_store_scores(
    world: World, directory: Path, names: list[str], rng: random.Random
) -> list[Path]:
    weeks = len(world.export_times)
    moments = sorted({world.export_times[(weeks - 1) // 2], world.export_times[-1]})
    written = []
    for index, taken_at in enumerate(moments):
        path, style, _ = _file(directory, names, index, taken_at, rng)
        last_day = (taken_at - timedelta(days=1)).date().isoformat()
        rows = [
            [day, f"{store:.2f}", f"{described:.2f}", f"{logistics:.2f}", f"{service:.2f}"]
            for day, store, described, logistics, service in world.store_scores
            if day <= last_day
        ]
        write_table(path, SCORES_HEADER, rows, style, rng)
        written.append(path)
    return written


def export_penalties(
    world: World, directory: Path, names: list[str], rng: random.Random
) -> list[tuple[Path, set[str]]]:
    written = []
    for index, wanted in enumerate((COMPENSATION_KINDS, ("虚假交易", "虚假发货"))):
        pattern = names[index % len(names)]
        style = draw_style(rng, xlsx=pattern.endswith(".xlsx"))
        cells = Cells(style, rng)
        end = world.end
        name = pattern.format(
            ymd=end.strftime("%Y%m%d"),
            md=end.strftime("%m%d"),
            ym=end.strftime("%Y%m"),
            n=index + 1,
        )
        path = unique_path(directory, name)
        rows, ids = [], set()
        for bill in world.penalties:
            if bill.kind not in wanted:
                continue
            ids.add(bill.order.order_id)
            rows.append(
                [
                    cells.ident(bill.order.order_id),
                    cells.ident(bill.tracking_no),
                    bill.kind,
                    cells.money(bill.amount),
                    cells.time(bill.at),
                    bill.note,
                ]
            )
        write_table(path, [cells.header(column) for column in PENALTY_HEADER], rows, style, rng)
        written.append((path, ids))
    return written
