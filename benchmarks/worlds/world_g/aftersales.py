"""After-sales cases (售后): refunds around refusals, returns, lost parcels and 补寄."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import dates
from .catalogue import LEAKING_KETTLE_STYLE
from .ids import Numbers
from .model import AfterSale, Order, Parcel
from .schedule import after_sales_days
from .vocab import words

AGREED_REFUSAL = "已同意拒收退款，待用户拒收"
APPLIED = "买家申请退款，待商家处理"
AGREED = "商家同意退款，退款中"
DONE = "退款成功"

# share of refused orders whose buyer applied for a refund before the door, by mechanism
_BEFORE_DOOR = {
    "fan_review_storm": 0.75,
    "kettle_review_scare": 0.7,
    "service_meltdown": 0.6,
    "late_delivery": 0.45,
    "fake_shipping": 0.6,
}
AFTER_DOOR_SHARE = 0.65  # of the rest: the buyer applies after refusing
BRUSHING_REFUND_SHARE = 0.5


class Desk:
    """The after-sales desk: answers fast, except in the meltdown week."""

    def __init__(self, rng: random.Random, numbers: Numbers) -> None:
        self.rng = rng
        self.numbers = numbers
        self.visible_days = [
            datetime.combine(day, datetime.min.time()) + timedelta(hours=9)
            for day in after_sales_days()
        ]

    def answer(self, asked: datetime, low: float = 1.0, high: float = 16.0) -> datetime:
        if dates.within(asked, (dates.SERVICE_MELTDOWN[0], dates.SERVICE_AFTERMATH)):
            return asked + timedelta(hours=self.rng.uniform(40, 100))
        return asked + timedelta(hours=self.rng.uniform(low, high))

    def open(
        self,
        order: Order,
        kind: str,
        reason: str,
        steps: list[tuple[datetime, str]],
        shipped: bool = True,
        amount: float | None = None,
    ) -> AfterSale:
        case = AfterSale(
            case_id=self.numbers.after_sale(),
            kind=kind,
            reason=reason,
            amount=order.paid_amount() if amount is None else amount,
            ship_state="已发货" if shipped else "未发货",
            return_number="",
            steps=steps,
        )
        order.after_sales.append(case)
        return case

    def next_visible(self, after: datetime) -> datetime:
        """The first after-sales export that will show a state entered at ``after``."""
        for moment in self.visible_days:
            if moment > after:
                return moment
        return after + timedelta(days=7)

    def reason(self, path: str) -> str:
        return self.rng.choice(words(path))


def settle(rng: random.Random, numbers: Numbers, orders: list[Order]) -> None:
    desk = Desk(rng, numbers)
    for order in orders:
        parcel = order.parcel
        if order.cancelled_at and not order.stockout:
            _cancel_before_shipping(desk, order)
        if parcel is None:
            continue
        if parcel.fate == "reused":
            _reused_number(desk, order, parcel)
        elif parcel.fate == "refused":
            _refused(desk, order, parcel)
        elif parcel.fate == "returned_undelivered":
            _sent_back(desk, order, parcel)
        elif parcel.fate == "lost":
            _lost(desk, order, parcel)
        elif parcel.fate == "delivered":
            _delivered(desk, order, parcel)


def _cancel_before_shipping(desk: Desk, order: Order) -> None:
    if desk.rng.random() < 0.7:
        at = order.cancelled_at
        desk.open(
            order,
            "仅退款",
            desk.reason("after_sales.changed_mind"),
            [(at, APPLIED), (at + timedelta(minutes=desk.rng.randrange(5, 90)), DONE)],
            shipped=False,
        )


def _refused(desk: Desk, order: Order, parcel: Parcel) -> None:
    rng = desk.rng
    refused_at = parcel.fate_at
    home = parcel.back_home_at or refused_at + timedelta(days=5)
    must_show = parcel.refusal_scan_lost or not parcel.subscribed
    if order.is_brushing:
        if rng.random() < BRUSHING_REFUND_SHARE or must_show:
            _refusal_refund(
                desk,
                order,
                refused_at + timedelta(hours=rng.uniform(2, 30)),
                "其他",
                home,
                must_show,
            )
        else:
            # nobody asks for the money back: the platform confirms receipt on its own
            order.confirmed_at = parcel.declared_at + timedelta(days=15)
        return
    before = _BEFORE_DOOR.get(parcel.mechanism, 0.0)
    if rng.random() < before:
        latest = refused_at - timedelta(hours=2)
        earliest = max(order.paid_at + timedelta(hours=1), latest - timedelta(days=3))
        if parcel.mechanism == "fake_shipping":
            earliest = max(earliest, parcel.declared_at + timedelta(days=2))
        asked = earliest + (latest - earliest) * rng.random() if latest > earliest else latest
        _refusal_refund(desk, order, asked, _before_door_reason(desk, parcel), home, must_show)
    elif rng.random() < AFTER_DOOR_SHARE or must_show:
        asked = refused_at + timedelta(hours=rng.uniform(1, 30))
        _refusal_refund(desk, order, asked, _after_door_reason(desk, parcel), home, must_show)
    else:
        order.refunded_at = home + timedelta(hours=rng.uniform(2, 48))


def _before_door_reason(desk: Desk, parcel: Parcel) -> str:
    if parcel.mechanism == "late_delivery":
        return "快递一直未送达"
    if parcel.mechanism == "fake_shipping":
        return desk.reason("after_sales.rule")
    if parcel.mechanism == "fan_review_storm" and desk.rng.random() < 0.15:
        return "与商品描述不符"
    return desk.reason("after_sales.changed_mind")


def _after_door_reason(desk: Desk, parcel: Parcel) -> str:
    rng = desk.rng
    cause = parcel.cause
    if cause == "product_quality":
        if rng.random() < 0.15:
            return "货物破损已拒签"  # the buyer picks the first reason that sounds right
        if parcel.mechanism == "missing_parts":
            return desk.reason("after_sales.parts")
        return desk.reason("after_sales.quality")
    if parcel.mechanism == "crushed_box":
        return "货物破损已拒签" if rng.random() < 0.7 else "其他"
    if parcel.mechanism == "late_delivery":
        return "快递一直未送达"
    if parcel.mechanism == "upstairs_dispute":
        return rng.choice(("其他", "其他", "货物破损已拒签"))
    if cause == "rule_violation":
        return desk.reason("after_sales.rule")
    return desk.reason("after_sales.changed_mind")


def _refusal_refund(
    desk: Desk, order: Order, asked: datetime, reason: str, home: datetime, must_show: bool
) -> None:
    rng = desk.rng
    agreed = desk.answer(asked)
    steps = [(asked, APPLIED)]
    if agreed - asked > timedelta(hours=36):
        steps.append((asked + timedelta(hours=rng.uniform(24, 36)), "平台处理中"))
    agreed_state = AGREED_REFUSAL if must_show or rng.random() < 0.8 else AGREED
    steps.append((agreed, agreed_state))
    done = max(home, agreed + timedelta(hours=1)) + timedelta(hours=rng.uniform(1, 30))
    if must_show:
        done = max(done, desk.next_visible(agreed) + timedelta(hours=rng.uniform(2, 40)))
    steps.append((done, DONE))
    desk.open(order, "仅退款", reason, steps)
    order.refunded_at = done


def _sent_back(desk: Desk, order: Order, parcel: Parcel) -> None:
    rng = desk.rng
    home = parcel.back_home_at
    if parcel.mechanism == "intercepted":
        asked = parcel.fate_at - timedelta(hours=rng.uniform(1, 10))
        steps = [
            (asked, APPLIED),
            (parcel.fate_at, AGREED),
            (home + timedelta(hours=rng.uniform(1, 20)), DONE),
        ]
        desk.open(order, "仅退款", desk.reason("after_sales.changed_mind"), steps)
        order.refunded_at = steps[-1][0]
        return
    if rng.random() < 0.6:
        asked = parcel.fate_at + timedelta(hours=rng.uniform(4, 48))
        done = max(home, asked) + timedelta(hours=rng.uniform(1, 30))
        steps = [(asked, APPLIED), (desk.answer(asked), AGREED), (done, DONE)]
        desk.open(order, "仅退款", rng.choice(("快递一直未送达", "其他")), steps)
        order.refunded_at = done
    else:
        order.refunded_at = home + timedelta(hours=rng.uniform(2, 48))


def _lost(desk: Desk, order: Order, parcel: Parcel) -> None:
    rng = desk.rng
    asked = parcel.fate_at + timedelta(days=rng.uniform(4, 8))
    done = asked + timedelta(days=rng.uniform(2, 6))
    steps = [(asked, APPLIED), (asked + timedelta(days=1.5), "平台处理中"), (done, DONE)]
    desk.open(order, "仅退款", desk.reason("after_sales.lost"), steps)
    order.refunded_at = done


def _reused_number(desk: Desk, order: Order, parcel: Parcel) -> None:
    rng = desk.rng
    asked = parcel.declared_at + timedelta(days=rng.uniform(3, 6))
    done = desk.answer(asked, 4, 30)
    steps = [(asked, APPLIED), (done, DONE)]
    desk.open(
        order, "仅退款", rng.choice(("快递无跟踪记录", "快递无跟踪记录", "未按约定时间发货")), steps
    )
    order.refunded_at = done


def _delivered(desk: Desk, order: Order, parcel: Parcel) -> None:
    rng = desk.rng
    signed = parcel.fate_at
    order.confirmed_at = signed + timedelta(
        hours=rng.uniform(0.2, 6) if order.is_brushing else rng.uniform(3, 200)
    )
    if order.is_brushing:
        return
    line = order.main_line
    chance = line.product.later_complaint
    leaking = line.sku.style_id == LEAKING_KETTLE_STYLE and dates.within(
        parcel.declared_at, dates.LEAKY_BATCH_SHIPPED
    )
    if leaking:
        chance += 0.14
    if line.product.key == "fan" and dates.within(signed, dates.FAN_STORM):
        chance += 0.04
    if rng.random() < chance:
        _complaint(desk, order, signed, leaking)
    elif rng.random() < 0.005:
        asked = signed - timedelta(hours=rng.uniform(6, 40))
        steps = [(asked, APPLIED), (asked + timedelta(hours=rng.uniform(2, 20)), "买家撤销")]
        desk.open(order, "仅退款", desk.reason("after_sales.changed_mind"), steps)


def _complaint(desk: Desk, order: Order, signed: datetime, leaking: bool) -> None:
    rng = desk.rng
    asked = signed + timedelta(days=rng.uniform(0.5, 10))
    product = order.main_line.product
    if product.missing_parts and rng.random() < 0.5:
        steps = [(asked, "待商家处理"), (desk.answer(asked), "商家已补寄")]
        desk.open(order, "补寄", desk.reason("after_sales.parts"), steps, amount=0.0)
        return
    agreed = desk.answer(asked, 4, 30)
    steps = [(asked, APPLIED)]
    if rng.random() < 0.12:
        steps.append((agreed, "驳回退款，待买家处理"))
        agreed = agreed + timedelta(days=rng.uniform(1, 3))
        steps.append((agreed, "平台处理中"))
    steps.append((agreed + timedelta(hours=1), AGREED))
    done = agreed + timedelta(days=rng.uniform(3, 8))
    steps.append((done, DONE))
    reason = "质量问题" if leaking else desk.reason("after_sales.quality")
    case = desk.open(order, "退货退款", reason, steps)
    case.return_number = "YT" + order.order_id[-13:]
    order.refunded_at = done
