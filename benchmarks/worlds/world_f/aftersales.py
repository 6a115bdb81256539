"""售后: refunds before shipping, refusal refunds, 坏果包赔 partial refunds, lost and fake parcels.

A refused parcel is refunded as 仅退款 (the article's rule): some buyers ask while the parcel is
still on the way and the merchant agrees to a refusal refund (已同意拒收退款，待用户拒收); others
ask after refusing; a few never ask and the merchant refunds when the parcel is back.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .model import AfterSale, Order, Parcel
from .vocab import pick

_ASK_BEFORE_REFUSING = {
    "reviews": 0.70,
    "logistics": 0.50,
    "rule_violation": 0.45,
    "product_quality": 0.15,
}
_ASK_AFTER_REFUSING = 0.80
_DELIVERED_CLAIM = 0.04
_DELIVERED_CLAIM_BAD = 0.32
_UNDELIVERED_CLAIM = 0.70

APPLIED = "买家申请退款，待商家处理"
AGREED_REFUSAL = "已同意拒收退款，待用户拒收"
AGREED = "商家同意退款，退款中"
REJECTED = "驳回退款，待买家处理"
PLATFORM = "平台处理中"
SUCCESS = "退款成功"
REVOKED = "买家撤销"

_IN_TRANSIT_REASONS = {
    "reviews": "in_transit_reviews",
    "logistics": "in_transit_logistics",
    "rule_violation": "in_transit_violation",
    "product_quality": "in_transit_quality",
}


class AftersaleIds:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._taken: set[str] = set()

    def new(self) -> str:
        while True:
            number = str(self._rng.randrange(10**12, 10**13))
            if number not in self._taken:
                self._taken.add(number)
                return number


def _hours(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(hours=rng.uniform(low, high))


def _record(
    ids: AftersaleIds,
    reason: str,
    applied: datetime,
    amount: float,
    statuses: list[tuple[datetime, str]],
    shipped: bool = True,
    kind: str = "仅退款",
) -> AfterSale:
    return AfterSale(
        ids.new(),
        kind,
        reason,
        applied,
        round(amount, 2),
        sorted(statuses, key=lambda pair: pair[0]),
        shipped,
    )


def _before_shipping(rng: random.Random, ids: AftersaleIds, order: Order) -> None:
    assert order.refunded_unshipped_at is not None and order.paid_at is not None
    key = "shortage" if order.shortage else "presale_wait" if order.presale else "before_shipping"
    applied = max(
        order.paid_at + timedelta(minutes=1), order.refunded_unshipped_at - _hours(rng, 0.05, 3)
    )
    order.aftersales.append(
        _record(
            ids,
            pick(rng, "aftersales", key),
            applied,
            order.paid_yuan,
            [(applied, APPLIED), (order.refunded_unshipped_at, SUCCESS)],
            shipped=False,
        )
    )


def _refused(rng: random.Random, ids: AftersaleIds, order: Order, parcel: Parcel) -> None:
    assert parcel.refused_at is not None and parcel.back_at_shop_at is not None
    refunded = parcel.back_at_shop_at + _hours(rng, 2, 30)
    order.refunded_at = refunded
    earliest = parcel.declared_at + timedelta(hours=12)
    latest = parcel.refused_at - timedelta(hours=3)
    if latest > earliest and rng.random() < _ASK_BEFORE_REFUSING[parcel.cause]:
        applied = earliest + (latest - earliest) * rng.random()
        agreed = min(applied + _hours(rng, 1, 20), parcel.refused_at - timedelta(minutes=30))
        statuses = [(applied, APPLIED)]
        if rng.random() < 0.1:
            statuses += [
                (applied + (agreed - applied) / 3, REJECTED),
                (applied + (agreed - applied) * 2 / 3, PLATFORM),
            ]
        statuses += [(agreed, AGREED_REFUSAL), (refunded, SUCCESS)]
        reason = pick(rng, "aftersales", _IN_TRANSIT_REASONS[parcel.cause])
        order.aftersales.append(_record(ids, reason, applied, order.paid_yuan, statuses))
        return
    if rng.random() >= _ASK_AFTER_REFUSING:
        return
    key = {"product_quality": "after_refusal_quality", "logistics": "after_refusal_logistics"}.get(
        parcel.cause, "after_refusal_other"
    )
    applied = parcel.refused_at + _hours(rng, 1, 30)
    refunded = max(refunded, applied + timedelta(hours=1))
    order.refunded_at = refunded
    order.aftersales.append(
        _record(
            ids,
            pick(rng, "aftersales", key),
            applied,
            order.paid_yuan,
            [(applied, APPLIED), (refunded, SUCCESS)],
        )
    )


def _delivered(
    rng: random.Random, ids: AftersaleIds, order: Order, parcel: Parcel, bad_goods: bool
) -> None:
    assert parcel.signed_at is not None
    if parcel.changed_mind:
        applied = parcel.signed_at - _hours(rng, 10, 30)
        order.aftersales.append(
            _record(
                ids,
                pick(rng, "aftersales", "changed_mind"),
                applied,
                order.paid_yuan,
                [(applied, APPLIED), (parcel.signed_at - _hours(rng, 0.5, 6), REVOKED)],
            )
        )
    claim = _DELIVERED_CLAIM_BAD if bad_goods else _DELIVERED_CLAIM
    if order.boosted or rng.random() >= claim:
        return
    applied = parcel.signed_at + _hours(rng, 1, 48)
    amount = min(order.paid_yuan, rng.uniform(2, max(2.5, order.paid_yuan * 0.5)))
    if rng.random() < 0.85:
        statuses = [(applied, APPLIED), (applied + _hours(rng, 0.2, 24), SUCCESS)]
    else:
        statuses = [
            (applied, APPLIED),
            (applied + _hours(rng, 4, 24), REJECTED),
            (applied + _hours(rng, 30, 72), REVOKED),
        ]
    order.aftersales.append(
        _record(ids, pick(rng, "aftersales", "delivered_bad"), applied, amount, statuses)
    )


def _returned(rng: random.Random, ids: AftersaleIds, order: Order, parcel: Parcel) -> None:
    assert parcel.back_at_shop_at is not None and parcel.first_attempt_at is not None
    refunded = parcel.back_at_shop_at + _hours(rng, 2, 30)
    order.refunded_at = refunded
    if parcel.return_kind == "intercepted":
        applied = parcel.first_attempt_at - _hours(rng, 2, 20)
        statuses = [
            (applied, APPLIED),
            (parcel.first_attempt_at - _hours(rng, 0.2, 1.5), AGREED),
            (refunded, SUCCESS),
        ]
        order.aftersales.append(
            _record(
                ids, pick(rng, "aftersales", "changed_mind"), applied, order.paid_yuan, statuses
            )
        )
        return
    if rng.random() < _UNDELIVERED_CLAIM:
        applied = parcel.first_attempt_at + _hours(rng, 2, 48)
        refunded = max(refunded, applied + timedelta(hours=1))
        order.refunded_at = refunded
        order.aftersales.append(
            _record(
                ids,
                pick(rng, "aftersales", "undeliverable"),
                applied,
                order.paid_yuan,
                [(applied, APPLIED), (refunded, SUCCESS)],
            )
        )


def _lost(rng: random.Random, ids: AftersaleIds, order: Order, parcel: Parcel) -> None:
    applied = parcel.events[-1].at + _hours(rng, 12, 60)
    refunded = applied + _hours(rng, 6, 30)
    order.refunded_at = refunded
    order.aftersales.append(
        _record(
            ids,
            pick(rng, "aftersales", "undeliverable"),
            applied,
            order.paid_yuan,
            [(applied, APPLIED), (refunded, SUCCESS)],
        )
    )


def _never_shipped(rng: random.Random, ids: AftersaleIds, order: Order) -> None:
    assert order.shipped_at is not None
    applied = order.shipped_at + _hours(rng, 60, 140)
    refunded = applied + _hours(rng, 2, 24)
    order.refunded_at = refunded
    order.aftersales.append(
        _record(
            ids,
            pick(rng, "aftersales", "no_tracking"),
            applied,
            order.paid_yuan,
            [(applied, APPLIED), (applied + _hours(rng, 0.5, 2), AGREED), (refunded, SUCCESS)],
        )
    )


def open_aftersales(rng: random.Random, orders: list[Order], bad_goods: set[str]) -> None:
    """Attach every order's after-sales records; `bad_goods` holds the tracking numbers of
    delivered parcels whose fruit was bad (a bad lot, rot or damage)."""
    ids = AftersaleIds(rng)
    for order in orders:
        parcel = order.parcel
        if order.refunded_unshipped_at is not None:
            _before_shipping(rng, ids, order)
        elif order.reused_tracking:
            _never_shipped(rng, ids, order)
        elif parcel is None:
            continue
        elif parcel.ending == "refused":
            _refused(rng, ids, order, parcel)
        elif parcel.ending == "delivered":
            _delivered(rng, ids, order, parcel, parcel.tracking_no in bad_goods)
        elif parcel.ending == "returned":
            _returned(rng, ids, order, parcel)
        elif parcel.ending == "lost":
            _lost(rng, ids, order, parcel)
