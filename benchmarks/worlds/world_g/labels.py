"""The truth about every order at the cut-off: its outcome and, when refused, the cause."""

from __future__ import annotations

from datetime import datetime, timedelta

from .model import Order


def outcome(order: Order, cutoff: datetime) -> tuple[str, str]:
    if order.paid_at is None or order.cancelled_at:
        return "cancelled", ""
    parcel = order.parcel
    if parcel is None or parcel.declared_at > cutoff:
        return "not_shipped", ""
    if parcel.fate == "reused":
        done = order.refunded_at and order.refunded_at <= cutoff
        return ("refunded" if done else "in_transit"), ""
    reached = parcel.fate_at is not None and parcel.fate_at <= cutoff
    if parcel.fate == "refused" and reached:
        return "refused", parcel.cause
    if parcel.fate == "returned_undelivered" and reached:
        return "returned_undelivered", ""
    if parcel.fate == "lost" and reached and parcel.fate_at + timedelta(days=3) <= cutoff:
        return "lost", ""
    if parcel.fate == "delivered" and reached:
        if order.refunded_at and order.refunded_at <= cutoff:
            return "refunded", ""
        return "delivered", ""
    return "in_transit", ""
