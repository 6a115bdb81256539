"""After-sales, review, store-score and penalty exports."""

from __future__ import annotations

from random import Random

from .cells import long_id, money, state_at, ts
from .plan import AFTER_SALES_WINDOW, REVIEW_WINDOW, FileSpec
from .records import World
from .shop import DROPS, HORIZON_START
from .vocab import vocab

AFTER_SALES = [
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


def after_sales_rows(world: World, spec: FileSpec) -> tuple[list[str], list[list], list[str]]:
    at = spec.at
    words = vocab()["after_sales"]
    sent_word = words["return_sent"]
    rows = []
    for request in world.after_sales:
        if not (at - AFTER_SALES_WINDOW <= request.applied_at < at):
            continue
        state = state_at(request.log, at)
        sent = any(text == sent_word and when <= at for when, text in request.log)
        rows.append(
            [
                long_id(request.number, spec),
                long_id(request.order.order_id, spec),
                request.kind,
                state[1],
                request.reason,
                ts(request.applied_at, spec),
                money(request.refund_cents, spec),
                long_id(request.return_number, spec) if sent else "",
                words["shipped"] if request.shipped else words["unshipped"],
            ]
        )
    header = list(AFTER_SALES)
    if spec.fmt == "csv" and spec.encoding == "gb18030":
        header[6] = "退款金额（元）"
    return header, rows, [row[1].lstrip("\t") for row in rows]


def review_rows(world: World, spec: FileSpec) -> tuple[list[str], list[list], list[str]]:
    at = spec.at
    rows, mentioned = [], []
    for review in world.reviews:
        if at - REVIEW_WINDOW <= review.at < at:
            mentioned.append(review.order.order_id)
            rows.append(
                [
                    ts(review.at, spec),
                    long_id(review.order.order_id, spec),
                    long_id(review.order.product.goods_id, spec),
                    review.score if spec.fmt == "xlsx" else str(review.score),
                    review.text,
                    review.reply,
                ]
            )
    return ["评价时间", "订单号", "商品id", "评分", "评价内容", "商家回复"], rows, mentioned


def store_score_rows(world: World, spec: FileSpec) -> tuple[list[str], list[list], list[str]]:
    start = (
        HORIZON_START.date()
        if spec.drop == 5
        else (DROPS[spec.drop - 6] if spec.drop > 5 else DROPS[0]).date()
    )
    end = spec.at.date()
    gaps = Random(f"{world.seed}:score-gaps:{spec.drop}")
    rows = []
    for day, store, describe, logistics, service in world.store_scores:
        if start <= day < end and gaps.random() >= 0.03:
            rows.append(
                [
                    f"{day:%Y-%m-%d}",
                    f"{store:.2f}",
                    f"{describe:.2f}",
                    f"{logistics:.2f}",
                    f"{service:.2f}",
                ]
            )
    return ["日期", "店铺评分", "描述相符", "物流服务", "服务态度"], rows, []


PENALTY = ["订单号", "快递单号", "类型", "金额(元)", "时间", "说明"]


def penalty_rows(world: World, spec: FileSpec) -> tuple[list[str], list[list], list[str]]:
    if spec.kind == "compensation":
        months = set(spec.layout.split(","))
        chosen = [
            p for p in world.penalties if p.bill == "compensation" and f"{p.at:%Y-%m}" in months
        ]
    else:
        chosen = [p for p in world.penalties if p.bill == "violation" and p.at < spec.at]
    chosen.sort(key=lambda p: (p.at, p.order.order_id, p.kind))
    rows = [
        [
            long_id(p.order.order_id, spec),
            long_id(p.number, spec, tracking=True),
            p.kind,
            money(p.amount_cents, spec),
            ts(p.at, spec),
            p.note,
        ]
        for p in chosen
    ]
    return PENALTY, rows, [p.order.order_id for p in chosen]
