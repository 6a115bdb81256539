"""What an export pulled at a given moment shows about an order: its status then."""

from __future__ import annotations

from datetime import datetime

from .model import AfterSale, Order

_IN_PROGRESS = "售后处理中"


def order_status(order: Order, at: datetime) -> str:
    if order.paid_at is None or at < order.paid_at:
        return "已取消" if order.closed_at and at >= order.closed_at else "待支付"
    if order.cancelled_at and at >= order.cancelled_at:
        return "未发货，退款成功"
    parcel = order.parcel
    if parcel is None or at < parcel.declared_at:
        return "待发货"
    if parcel.fate == "delivered" and at >= parcel.fate_at:
        return "已签收"
    if order.refunded_at and at >= order.refunded_at:
        return "已发货，退款成功"
    if order.confirmed_at and at >= order.confirmed_at:
        return "已签收"
    return "已发货，待签收"


def case_status(case: AfterSale, at: datetime) -> str:
    current = ""
    for moment, status in case.steps:
        if moment <= at:
            current = status
    return current


def after_sales_status(order: Order, at: datetime) -> str:
    """The 售后状态 column of the orders export."""
    cases = [case for case in order.after_sales if case.applied_at <= at]
    if cases:
        status = case_status(cases[-1], at)
        if status == "退款成功":
            return "退款成功"
        if status == "买家撤销":
            return "买家撤销"
        if status in ("商家同意退款，退款中", "已同意拒收退款，待用户拒收"):
            return "退款中"
        if status == "商家已补寄":
            return "无售后或售后取消"
        return _IN_PROGRESS
    if order.refunded_at and at >= order.refunded_at:
        return "退款成功"
    if order.cancelled_at and at >= order.cancelled_at:
        return "退款成功"
    return "无售后或售后取消"


def confirmed_at(order: Order, at: datetime) -> datetime | None:
    if order.confirmed_at and order.confirmed_at <= at:
        return order.confirmed_at
    return None
