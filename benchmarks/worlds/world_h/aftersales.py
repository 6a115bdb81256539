"""After-sales records (售后): who asks for money back, with which reason, and how each request
moves through the platform's states.

- cancelled before shipping: 仅退款, 未发货, refunded within 4 hours;
- refused: asked in transit (state 已同意拒收退款，待用户拒收 until the parcel is back; the shop
  confirms returns once a week, so that state is always seen by one download), asked after the
  refusal (12 % first rejected: 驳回 → 平台处理中), or no request at all (the shop refunds when the
  parcel is back);
- returned undelivered: 60 % ask after the failed delivery, the rest are refunded quietly;
- lost: the buyer asks 1–5 days after tracking went stale;
- old tracking number (虚假发货): 75 % ask 3–8 days later (快递无跟踪记录 …), 40 % of them via the
  platform;
- delivered: 退货退款 (7天无理由, size, quality) — base 8 %, plus 8 % for the small-cut trousers,
  20 % for the bad dye lot, 12 % for the leaking down batch, 6 % in the review storm, 3 % for the
  pilling knit, 70 % when the wrong size came; 12 % of requests are rejected and withdrawn.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import season
from .causes import after_sales_reason
from .chance import coin, hours
from .geography import COURIERS
from .model import AfterSale, Order, Parcel
from .vocab import pool

APPLY = "买家申请退款，待商家处理"
AGREED_REFUSAL = "已同意拒收退款，待用户拒收"
AGREED = "商家同意退款，退款中"
REJECTED = "驳回退款，待买家处理"
PLATFORM = "平台处理中"
DONE = "退款成功"
WITHDRAWN = "买家撤销"

RETURN_BASE = 0.08
PATH_AFTER_REFUSAL = {"reviews": 0.30, "logistics": 0.45, "product_quality": 0.70,
                      "rule_violation": 0.15}


class Desk:
    """The shop's after-sales desk: numbers the records it opens."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.records: list[AfterSale] = []
        self._numbers: set[str] = set()

    def open(self, order: Order, kind: str, reason: str, states: list[tuple[datetime, str]],
             shipped: bool, return_no: str = "") -> AfterSale:
        number = str(self.rng.randrange(10**11, 10**12))
        while number in self._numbers:
            number = str(self.rng.randrange(10**11, 10**12))
        self._numbers.add(number)
        record = AfterSale(number, order, kind, reason, states[0][0], order.paid_cents, shipped,
                           states, return_no)
        order.after_sales.append(record)
        self.records.append(record)
        return record


def _after_return(rng: random.Random, parcel: Parcel, floor: datetime) -> datetime:
    assert parcel.returned_at is not None
    return max(parcel.returned_at + hours(rng, 2, 30), floor + hours(rng, 2, 10))


def cancellations(desk: Desk, orders: list[Order]) -> None:
    rng = desk.rng
    for order in orders:
        if order.cancel_at is None:
            continue
        done = order.cancel_at + hours(rng, 0.02, 4)
        desk.open(order, "仅退款", order.cancel_reason,
                  [(order.cancel_at, APPLY), (done, DONE)], shipped=False)


def refusals(desk: Desk, parcel: Parcel) -> None:
    rng = desk.rng
    assert parcel.ending_at is not None
    for order in parcel.orders:
        if parcel.refund_agreed_at is not None:
            agreed = parcel.refund_agreed_at
            weekly = season.next_download_after(agreed) or agreed
            done = max(_after_return(rng, parcel, agreed), weekly + hours(rng, 1, 20))
            desk.open(order, "仅退款", after_sales_reason(rng, parcel.cause),
                      [(parcel.refund_applied_at or agreed, APPLY), (agreed, AGREED_REFUSAL),
                       (done, DONE)], shipped=True)
        elif coin(rng, PATH_AFTER_REFUSAL[parcel.cause]):
            applied = parcel.ending_at + hours(rng, 1, 48)
            states = [(applied, APPLY)]
            if coin(rng, 0.12):
                rejected = applied + hours(rng, 6, 30)
                states += [(rejected, REJECTED), (rejected + hours(rng, 2, 24), PLATFORM)]
            states.append((_after_return(rng, parcel, states[-1][0]), DONE))
            desk.open(order, "仅退款", after_sales_reason(rng, parcel.cause), states, shipped=True)
        else:
            assert parcel.returned_at is not None
            order.quiet_refund_at = parcel.returned_at + hours(rng, 2, 48)


def undelivered(desk: Desk, parcel: Parcel) -> None:
    rng = desk.rng
    assert parcel.ending_at is not None and parcel.returned_at is not None
    for order in parcel.orders:
        if parcel.ending == "intercepted":
            agreed = parcel.refund_agreed_at or parcel.ending_at
            desk.open(order, "仅退款", after_sales_reason(rng, parcel.cause),
                      [(parcel.refund_applied_at or agreed, APPLY), (agreed, AGREED),
                       (_after_return(rng, parcel, agreed), DONE)], shipped=True)
            if coin(rng, 0.6):
                order.note = rng.choice(pool("notes", "intercepted"))
        elif order.kind == "normal" and coin(rng, 0.6):
            applied = parcel.ending_at + hours(rng, 2, 72)
            desk.open(order, "仅退款", rng.choice(pool("after_sales_reasons", "undelivered")),
                      [(applied, APPLY), (_after_return(rng, parcel, applied), DONE)],
                      shipped=True)
        else:
            order.quiet_refund_at = parcel.returned_at + hours(rng, 2, 48)


def lost(desk: Desk, parcel: Parcel) -> None:
    rng = desk.rng
    assert parcel.ending_at is not None
    for order in parcel.orders:
        applied = parcel.ending_at + timedelta(days=rng.uniform(1, 5))
        agreed = applied + hours(rng, 2, 24)
        desk.open(order, "仅退款", rng.choice(pool("after_sales_reasons", "lost")),
                  [(applied, APPLY), (agreed, AGREED), (agreed + hours(rng, 2, 48), DONE)],
                  shipped=True)


def reused_numbers(desk: Desk, orders: list[Order]) -> None:
    rng = desk.rng
    for order in orders:
        if not order.reused_number or order.ship_at is None or not coin(rng, 0.75):
            continue
        applied = order.ship_at + timedelta(days=rng.uniform(3, 8))
        states = [(applied, APPLY)]
        if coin(rng, 0.4):
            states.append((applied + hours(rng, 24, 72), PLATFORM))
        states.append((states[-1][0] + hours(rng, 24, 96), DONE))
        desk.open(order, "仅退款", rng.choice(pool("after_sales_reasons", "fake_shipping")),
                  states, shipped=True)


def return_chance(order: Order, parcel: Parcel) -> float:
    chance = RETURN_BASE
    for line in order.lines:
        key = line.sku.product.key
        if key == "P7":
            chance += 0.08
        if key == "P6":
            chance += 0.03
        if key == "P5" and line.sku.colour == "燕麦色" and season.DYE_LOT.contains(parcel.ship_at):
            chance += 0.20
        if key == "P2" and season.DOWN_BATCH.contains(parcel.ship_at):
            chance += 0.12
        if key == "P2" and parcel.attempt_at and season.REVIEW_STORM.contains(parcel.attempt_at):
            chance += 0.06
        if line.wrong_size:
            chance += 0.70
    return chance


def returns_after_delivery(desk: Desk, parcel: Parcel) -> None:
    rng = desk.rng
    assert parcel.ending_at is not None
    for order in parcel.orders:
        if order.kind != "normal" or not coin(rng, return_chance(order, parcel)):
            continue
        applied = parcel.ending_at + timedelta(days=rng.uniform(0.5, 6))
        if any(line.wrong_size for line in order.lines):
            reason = "商家发错货"
        else:
            reason = rng.choice(pool("after_sales_reasons", "return_after_delivery"))
        states = [(applied, APPLY)]
        if coin(rng, 0.12):
            rejected = applied + hours(rng, 6, 30)
            states += [(rejected, REJECTED), (rejected + hours(rng, 1, 48), WITHDRAWN)]
            return_no = ""
        else:
            agreed = applied + hours(rng, 1, 24)
            states += [(agreed, AGREED), (agreed + timedelta(days=rng.uniform(3, 8)), DONE)]
            courier = COURIERS[rng.choice(("zto", "yto", "jt"))]
            return_no = courier.number(rng)
        desk.open(order, "退货退款", reason, states, shipped=True, return_no=return_no)


def build(rng: random.Random, orders: list[Order], parcels: list[Parcel]) -> list[AfterSale]:
    desk = Desk(rng)
    cancellations(desk, orders)
    for parcel in parcels:
        if parcel.ending == "refused":
            refusals(desk, parcel)
        elif parcel.ending in ("intercepted", "unreachable", "address", "station_overdue"):
            undelivered(desk, parcel)
        elif parcel.ending == "lost":
            lost(desk, parcel)
        elif parcel.ending == "signed":
            returns_after_delivery(desk, parcel)
    reused_numbers(desk, orders)
    return desk.records
