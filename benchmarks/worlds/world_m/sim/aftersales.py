"""售后: the refund and return records each fate leaves, and the order timestamps they set.

A refused parcel's buyer either asked for a refund before delivery (the merchant then agrees with
`已同意拒收退款，待用户拒收`), asked after refusing, or never asked (then the platform auto-confirms
receipt 15 days after shipping, so the order shows 已签收 although the parcel came back).
"""

import random

from .. import couriers
from ..clock import DAY, HOUR, MINUTE
from ..models import AfterSale, Order, Parcel
from ..rand import Weighted, chance, digits
from ..wording import reasons as rw
from . import refusals

# refusal paths by cause: asked before delivery, asked after refusing, never asked
_PATHS = {
    "product_quality": (("before", 4), ("after", 90), ("none", 6)),
    "logistics": (("before", 28), ("after", 66), ("none", 6)),
    "reviews": (("before", 55), ("after", 40), ("none", 5)),
    "rule_violation": (("before", 8), ("after", 52), ("none", 40)),
}
AUTO_CONFIRM_DAYS = 15


class Desk:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()
        self.records: list[AfterSale] = []

    def new(
        self,
        order: Order,
        kind: str,
        reason: str,
        applied_at: int,
        states: list[tuple[int, str]],
        remark: str = "",
        amount: int | None = None,
    ) -> AfterSale:
        while True:
            as_id = "3" + digits(self.rng, 10)
            if as_id not in self.used:
                self.used.add(as_id)
                break
        record = AfterSale(
            as_id,
            order,
            kind,
            reason,
            remark,
            applied_at,
            order.paid_total if amount is None else amount,
            states,
        )
        record.shipped = order.ship_at is not None and applied_at >= order.ship_at
        order.after_sales.append(record)
        self.records.append(record)
        return record


def attach(rng: random.Random, orders: list[Order]) -> list[AfterSale]:
    desk = Desk(rng)
    for order in orders:
        if order.cancel_at is not None:
            _cancelled(desk, order)
        elif order.parcel is not None:
            parcel = order.parcel
            if order.fake_ship:
                _fake_shipped(desk, order)
            elif parcel.outcome == "refused":
                _refused(desk, order, parcel)
            elif parcel.outcome in ("returned_undelivered", "intercepted"):
                _returned(desk, order, parcel)
            elif parcel.outcome == "lost":
                _lost(desk, order, parcel)
            elif parcel.outcome == "signed":
                _signed(desk, order, parcel)
    desk.records.sort(key=lambda r: r.applied_at)
    return desk.records


def _cancelled(desk: Desk, order: Order) -> None:
    rng = desk.rng
    applied = order.cancel_at
    if order.late and applied > order.promise_ship_at:
        menu = rw.LATE_CANCEL_REASONS
    elif any(s.product in ("", order.product.key) for s in refusals.storms_for(order, applied)):
        menu = rw.STORM_CANCEL_REASONS
    else:
        menu = rw.CANCEL_REASONS
    done = applied + rng.randint(2 * MINUTE, 6 * HOUR)
    desk.new(
        order,
        "仅退款",
        Weighted(menu).draw(rng),
        applied,
        [(applied, "买家申请退款，待商家处理"), (done, "退款成功")],
    )
    order.cancel_at = done


def _refused(desk: Desk, order: Order, parcel: Parcel) -> None:
    rng = desk.rng
    cause = parcel.cause
    path = Weighted(_PATHS[cause]).draw(rng)
    decided = parcel.outcome_at
    back = parcel.return_back_at
    if path == "none":
        order.confirm_at = order.ship_at + AUTO_CONFIRM_DAYS * DAY
        return
    reason = _menu_reason(rng, cause)
    remark = _remark(rng, parcel, cause)
    done = back + rng.randint(2 * HOUR, int(1.5 * DAY))
    if path == "before":
        applied = rng.randint(max(order.ship_at, decided - 3 * DAY), decided - HOUR)
        agreed = min(applied + rng.randint(HOUR // 2, 20 * HOUR), decided + 6 * HOUR)
        states = [
            (applied, "买家申请退款，待商家处理"),
            (agreed, "已同意拒收退款，待用户拒收"),
            (done, "退款成功"),
        ]
    else:
        applied = decided + rng.randint(HOUR // 3, 2 * DAY)
        states = [(applied, "买家申请退款，待商家处理")]
        if chance(rng, 0.12) and applied + DAY < back:
            states.append((applied + rng.randint(2 * HOUR, DAY), "驳回退款，待买家处理"))
            if chance(rng, 0.4):
                states.append((states[-1][0] + rng.randint(HOUR, DAY), "平台处理中"))
        elif chance(rng, 0.5):
            states.append((min(back, applied + rng.randint(HOUR, DAY)), "商家同意退款，退款中"))
        done = max(done, states[-1][0] + HOUR)
        states.append((done, "退款成功"))
    desk.new(order, "仅退款", reason, applied, states, remark)
    order.refund_at = done


def _menu_reason(rng: random.Random, cause: str) -> str:
    if chance(rng, 0.7):
        return Weighted(rw.AS_REASONS[cause]).draw(rng)
    return Weighted(rw.AS_CONVENIENT).draw(rng)


def _remark(rng: random.Random, parcel: Parcel, cause: str) -> str:
    if not chance(rng, 0.35):
        return ""
    template = rng.choice(rw.AS_REMARKS[cause])
    said = parcel.reason_given or rng.choice(rw.CONVENIENT)
    return template.format(r=said) if template else ""


def _returned(desk: Desk, order: Order, parcel: Parcel) -> None:
    rng = desk.rng
    if parcel.outcome == "intercepted":
        applied = max(order.ship_at + HOUR, parcel.outcome_at - rng.randint(HOUR, 12 * HOUR))
        done = parcel.outcome_at + rng.randint(2 * HOUR, 2 * DAY)
        reason = Weighted(rw.STORM_CANCEL_REASONS).draw(rng)
        states = [
            (applied, "买家申请退款，待商家处理"),
            (parcel.outcome_at, "商家同意退款，退款中"),
            (done, "退款成功"),
        ]
    else:
        applied = parcel.outcome_at + rng.randint(HOUR, 3 * DAY)
        done = max(applied + HOUR, parcel.return_back_at + rng.randint(HOUR, int(1.5 * DAY)))
        reason = Weighted(rw.UNDELIVERED_REASONS).draw(rng)
        states = [(applied, "买家申请退款，待商家处理"), (done, "退款成功")]
    desk.new(order, "仅退款", reason, applied, states)
    order.refund_at = done


def _lost(desk: Desk, order: Order, parcel: Parcel) -> None:
    rng = desk.rng
    last = parcel.events[-1].at if parcel.events else order.ship_at
    applied = last + rng.randint(4 * DAY, 8 * DAY)
    agreed = applied + rng.randint(2 * HOUR, DAY)
    done = agreed + rng.randint(HOUR, 12 * HOUR)
    desk.new(
        order,
        "仅退款",
        Weighted(rw.LOST_REASONS).draw(rng),
        applied,
        [
            (applied, "买家申请退款，待商家处理"),
            (agreed, "商家同意退款，退款中"),
            (done, "退款成功"),
        ],
    )
    order.refund_at = done
    parcel.outcome_at = applied


def _fake_shipped(desk: Desk, order: Order) -> None:
    rng = desk.rng
    if order.ring:  # boosting accounts do not chase an empty parcel
        order.confirm_at = order.ship_at + AUTO_CONFIRM_DAYS * DAY
        return
    applied = order.ship_at + rng.randint(2 * DAY, 5 * DAY)
    states = [(applied, "买家申请退款，待商家处理")]
    if chance(rng, 0.25):
        states.append((applied + rng.randint(DAY, 2 * DAY), "平台处理中"))
    done = states[-1][0] + rng.randint(2 * HOUR, 2 * DAY)
    states.append((done, "退款成功"))
    desk.new(order, "仅退款", Weighted(rw.FAKE_SHIP_REASONS).draw(rng), applied, states)
    order.refund_at = done


def _signed(desk: Desk, order: Order, parcel: Parcel) -> None:
    rng = desk.rng
    signed = parcel.outcome_at
    if chance(rng, 0.6):
        order.confirm_at = signed + rng.randint(2 * HOUR, 5 * DAY)
    else:
        order.confirm_at = max(order.ship_at + AUTO_CONFIRM_DAYS * DAY, signed + DAY)
    if order.ring:
        return
    batch = refusals.batch_for(order, parcel.pickup_at)
    p_return = 0.015 + (batch.return_after_sign if batch else 0.0)
    if chance(rng, p_return):
        applied = signed + rng.randint(6 * HOUR, 6 * DAY)
        agreed = applied + rng.randint(2 * HOUR, DAY)
        sent = agreed + rng.randint(12 * HOUR, 3 * DAY)
        done = sent + rng.randint(2 * DAY, 5 * DAY)
        reason = (
            rng.choice(("商品有异味", "质量问题", "与商品描述不符", "做工粗糙/有瑕疵"))
            if batch
            else Weighted(rw.RETURN_REASONS).draw(rng)
        )
        record = desk.new(
            order,
            "退货退款",
            reason,
            applied,
            [
                (applied, "买家申请退货退款，待商家处理"),
                (agreed, "商家同意退货，待买家寄回"),
                (sent, "买家已退货，待商家确认收货"),
                (done, "退款成功"),
            ],
        )
        courier = couriers.COURIERS[rng.choice(("ZTO", "YTO", "JT", "YD"))]
        record.return_number = courier.number(rng)
        order.confirm_at = None if order.confirm_at > applied else order.confirm_at
        return
    if chance(rng, 0.008):
        applied = signed + rng.randint(3 * HOUR, 2 * DAY)
        desk.new(
            order,
            "补寄",
            "空包裹/少货",
            applied,
            [
                (applied, "买家申请补寄，待商家处理"),
                (applied + rng.randint(3 * HOUR, DAY), "商家已补寄"),
            ],
            amount=0,
        )
    elif chance(rng, 0.01) and signed - order.ship_at > 2 * DAY:
        applied = rng.randint(order.ship_at + DAY, signed - 3 * HOUR)
        desk.new(
            order,
            "仅退款",
            Weighted(rw.AS_CONVENIENT).draw(rng),
            applied,
            [(applied, "买家申请退款，待商家处理"), (applied + rng.randint(HOUR, DAY), "买家撤销")],
        )
