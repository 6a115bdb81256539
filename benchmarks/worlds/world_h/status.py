"""What the order export shows about an order at a given moment, and what truly became of it by
TRUTH_AT (the label)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import season
from .aftersales import AGREED, DONE, WITHDRAWN
from .model import Order


@dataclass(frozen=True)
class OrderView:
    status: str
    after_sale: str
    ship_at: datetime | None
    confirmed_at: datetime | None


def _refunded_at(order: Order) -> datetime | None:
    moments = [r.refunded_at() for r in order.after_sales]
    moments = [m for m in moments if m is not None]
    if order.quiet_refund_at is not None:
        moments.append(order.quiet_refund_at)
    return min(moments) if moments else None


def view(order: Order, moment: datetime) -> OrderView:
    if order.paid_at is None or order.paid_at > moment:
        closed = order.closed_at is not None and order.closed_at <= moment
        return OrderView("已取消" if closed else "待支付", "无售后或售后取消", None, None)
    after_sale = "无售后或售后取消"
    applied = [r for r in order.after_sales if r.applied_at <= moment]
    if applied:
        state = max(applied, key=lambda r: r.applied_at).state_at(moment)
        after_sale = {DONE: "退款成功", WITHDRAWN: "无售后或售后取消", AGREED: "退款中"}.get(
            state or "", "售后处理中")
    refunded = _refunded_at(order)
    shipped = order.ship_at is not None and order.ship_at <= moment
    signed = order.signed_at is not None and order.signed_at <= moment
    if refunded is not None and refunded <= moment:
        after_sale = "退款成功"
        status = "已签收" if signed else ("已发货，退款成功" if shipped else "未发货，退款成功")
    elif shipped:
        status = "已签收" if signed else "已发货，待签收"
    else:
        status = "待发货"
    confirmed = order.confirmed_at if signed and order.confirmed_at and (
        order.confirmed_at <= moment) else None
    return OrderView(status, after_sale, order.ship_at if shipped else None, confirmed)


_RETURNED = ("intercepted", "unreachable", "address", "station_overdue")


def outcome(order: Order, moment: datetime = season.TRUTH_AT) -> str:
    """The order's fate at `moment`, one of the label outcomes."""
    if order.paid_at is None:
        return "cancelled"
    if order.cancel_at is not None:
        refunded = _refunded_at(order)
        return "cancelled" if refunded is not None and refunded <= moment else "not_shipped"
    if order.ship_at is None or order.ship_at > moment:
        return "not_shipped"
    parcel = order.parcel
    if order.reused_number or parcel is None or parcel.ending == "no_parcel":
        return "fake_shipping"
    if parcel.ending_at is None or parcel.ending_at > moment:
        return "in_transit"
    if parcel.ending == "refused":
        return "refused"
    if parcel.ending in _RETURNED:
        return "returned_undelivered"
    if parcel.ending == "lost":
        return "lost"
    returned = [r.refunded_at() for r in order.after_sales if r.kind == "退货退款"]
    if any(at is not None and at <= moment for at in returned):
        return "refunded"
    return "delivered"
