"""What an export shows about an order at a moment, and what really happened to it (the labels).

An export taken at time t shows the order status, after-sales status, notes and dates as they were
at t. The label is the truth at the last export: a refusal counts once it happened, or once the
platform's refusal-refund state (`已同意拒收退款，待用户拒收`) was reached; an order sent on a
reused tracking number is `fake_shipping`; the refusal of a merged parcel (合并发货) refuses every
order on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .model import AfterSale, Order

REFUSAL_AGREED = "已同意拒收退款，待用户拒收"
FINISHED_WITHOUT_REFUND = ("换货成功", "维修完成", "商家已补寄")


@dataclass
class OrderView:
    status: str
    aftersale: str
    shipped_at: datetime | None
    confirmed_at: datetime | None
    tracking_no: str
    courier_key: str
    note: str


def _seen(moment: datetime | None, at: datetime) -> bool:
    return moment is not None and moment <= at


def aftersale_status(record: AfterSale, at: datetime) -> str:
    current = ""
    for moment, status in record.statuses:
        if moment <= at:
            current = status
    return current


def order_aftersale_column(order: Order, at: datetime) -> str:
    """The orders export's 售后状态 column."""
    records = [record for record in order.after_sales if record.applied_at <= at]
    if not records:
        return "退款成功" if _seen(order.refunded_at, at) else "无售后或售后取消"
    status = aftersale_status(records[-1], at)
    if status == "退款成功":
        return "退款成功"
    if status == "买家撤销":
        return "买家撤销"
    if status in FINISHED_WITHOUT_REFUND:
        return "无售后或售后取消"
    return "售后处理中"


def order_view(order: Order, at: datetime) -> OrderView:
    shipped = _seen(order.marked_shipped_at, at)
    refunded = _seen(order.refunded_at, at)
    if order.paid_at is None:
        status = "已取消" if _seen(order.cancelled_at, at) else "待支付"
    elif not shipped:
        status = "未发货，退款成功" if refunded else "待发货"
    else:
        parcel = order.parcel
        delivered = (
            parcel is not None
            and not order.reuse_number
            and parcel.outcome == "delivered"
            and _seen(parcel.outcome_at, at)
        )
        if delivered or _seen(order.confirmed_at, at):
            status = "已签收"
        elif refunded:
            status = "已发货，退款成功"
        else:
            status = "已发货，待签收"
    notes = "；".join(
        text for moment, text in sorted(order.notes, key=lambda n: n[0]) if moment <= at
    )
    return OrderView(
        status=status,
        aftersale=order_aftersale_column(order, at),
        shipped_at=order.marked_shipped_at if shipped else None,
        confirmed_at=order.confirmed_at if _seen(order.confirmed_at, at) else None,
        tracking_no=order.parcel.tracking_no if shipped and order.parcel else "",
        courier_key=order.parcel.courier.key if shipped and order.parcel else "",
        note=notes,
    )


def truth(order: Order, end: datetime) -> tuple[str, str]:
    """(outcome, cause) as the labels file states it."""
    if order.reuse_number and _seen(order.marked_shipped_at, end):
        return "fake_shipping", ""
    parcel = order.parcel
    if parcel is not None and _seen(order.marked_shipped_at, end):
        agreed = any(
            status == REFUSAL_AGREED and moment <= end
            for record in order.after_sales
            for moment, status in record.statuses
        )
        if parcel.outcome == "refused" and (_seen(parcel.outcome_at, end) or agreed):
            return "refused", parcel.cause
        if parcel.outcome == "returned_undelivered" and _seen(parcel.outcome_at, end):
            return "returned_undelivered", ""
        if parcel.outcome == "delivered" and _seen(parcel.outcome_at, end):
            return "delivered", ""
        if _seen(order.confirmed_at, end):
            return "delivered", ""
        return "in_transit", ""
    if _seen(order.cancelled_at, end):
        return "cancelled", ""
    return "not_shipped", ""
