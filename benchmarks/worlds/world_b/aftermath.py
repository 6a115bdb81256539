"""After the parcel: refunds, after-sales records (售后) and the merchant's notes.

Refused parcels: the buyer applies for 仅退款 before the delivery (they had already decided:
reviews 55 %, slow logistics 35 %, fake-shipped 40 %, quality 5 %), after it (25-60 %), or not at
all. A pre-delivery application the merchant answers before the door becomes the platform's
`已同意拒收退款，待用户拒收` (80 %). Refunds complete when the parcel is back (at once for
orders under ¥10). Without an application the platform refunds on return 55 % of the time.
Boosting-ring accounts confirm receipt of refused parcels anyway (70 %).
Other records: pre-shipment cancellations, 'no tracking' complaints on reused numbers (70 %),
interceptions, undelivered parcels (50 %), delivered defective or wrong items (35 %: returns,
exchanges, repairs), damaged deliveries (40 %), late parcels whose buyers applied in transit and
withdrew once it came (18 %), and 2.5 % everyday returns.
Merchant notes: 12 % of refused orders get the merchant's own reading, 5 % of orders a routine note.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .model import AfterSale, Order, Parcel
from .timeline import Timeline
from .vocab import Vocab
from .wording import Wording

PRE_POST_SHARES = {
    "reviews": (0.55, 0.25),
    "logistics": (0.35, 0.35),
    "logistics_damaged": (0.0, 0.5),
    "product_quality": (0.05, 0.6),
    "rule_violation": (0.4, 0.3),
}
REFUSAL_AGREED_SHARE = 0.8
PLATFORM_REFUND_SHARE = 0.55
RING_CONFIRMS_SHARE = 0.7
REFUSAL_NOTE_RATE = 0.12
ROUTINE_NOTE_RATE = 0.05
REPAIRABLE = ("kettle", "earbuds", "lamp", "fryer")


def hours(value: float) -> timedelta:
    return timedelta(hours=value)


class AfterSalesDesk:
    def __init__(self, vocab: Vocab, timeline: Timeline, rng: random.Random) -> None:
        self.vocab = vocab
        self.timeline = timeline
        self.rng = rng
        self.wording = Wording(vocab, rng)
        self.status = vocab.get("aftersales.status")
        self.ids: set[str] = set()

    def _open(
        self, order: Order, kind: str, reason: str, note: str, applied_at: datetime, refund: float
    ) -> AfterSale:
        while True:
            aftersale_id = str(self.rng.randrange(10**11, 10**12))
            if aftersale_id not in self.ids:
                self.ids.add(aftersale_id)
                break
        record = AfterSale(
            aftersale_id=aftersale_id,
            kind=kind,
            reason=reason,
            note=note,
            applied_at=applied_at,
            refund=round(refund, 2),
            shipped=order.marked_shipped_at is not None and order.marked_shipped_at <= applied_at,
            statuses=[(applied_at, self._applied_wording(kind))],
        )
        order.after_sales.append(record)
        return record

    def _applied_wording(self, kind: str) -> str:
        if kind in ("仅退款", "退货退款"):
            return self.status["applied"]
        return self.status["applied_other"].format(kind=kind)

    def _then(self, record: AfterSale, at: datetime, key: str) -> datetime:
        record.statuses.append((at, self.status[key]))
        return at

    def _refund_flow(
        self, order: Order, record: AfterSale, start: datetime, earliest: datetime
    ) -> None:
        """Merchant answers, sometimes disputes; money moves no earlier than `earliest`."""
        rng = self.rng
        if rng.random() < 0.88:
            agreed = self._then(record, start + hours(rng.uniform(1, 24)), "agreed")
        else:
            rejected = self._then(record, start + hours(rng.uniform(2, 24)), "rejected")
            agreed = self._then(record, rejected + hours(rng.uniform(12, 48)), "platform")
        done = max(earliest, agreed + hours(rng.uniform(0.5, 20)))
        order.refunded_at = self._then(record, done, "success")

    # ------------------------------------------------------------ per situation
    def cancelled(self, order: Order) -> None:
        rng = self.rng
        at = order.cancelled_at
        if order.cancel_kind == "stockout":
            record = self._open(
                order, "仅退款", self.wording.menu("stockout"), "", at, order.total_paid
            )
            record.statuses = [(at, self.status["agreed"])]
            order.refunded_at = self._then(record, at + hours(rng.uniform(0.1, 2)), "success")
            return
        topic = "late_ship" if order.cancel_kind == "late" else "pre_ship"
        record = self._open(order, "仅退款", self.wording.menu(topic), "", at, order.total_paid)
        order.refunded_at = self._then(record, at + hours(rng.uniform(0.02, 6)), "success")

    def reused_number(self, order: Order) -> None:
        rng = self.rng
        if rng.random() >= 0.7:
            return
        applied = order.marked_shipped_at + timedelta(days=rng.uniform(2, 6))
        note = (
            rng.choice(self.vocab.get("aftersales.note.fake_tracking"))
            if rng.random() < 0.5
            else ""
        )
        record = self._open(
            order, "仅退款", self.wording.menu("fake_tracking"), note, applied, order.total_paid
        )
        self._refund_flow(order, record, applied, applied)

    def refused(self, order: Order, parcel: Parcel) -> None:
        rng = self.rng
        refused_at, returned_at = parcel.outcome_at, parcel.returned_at
        if order.kind == "boosted":
            if rng.random() < RING_CONFIRMS_SHARE:
                order.confirmed_at = refused_at + timedelta(days=rng.uniform(0.1, 2))
            if rng.random() < 0.08:
                applied = refused_at + hours(rng.uniform(2, 48))
                record = self._open(order, "仅退款", "其他", "", applied, order.total_paid)
                self._refund_flow(order, record, applied, returned_at)
            return
        cause = parcel.cause
        key = "logistics_damaged" if cause == "logistics" and parcel.damaged else cause
        pre, post = PRE_POST_SHARES[key]
        draw = rng.random()
        latest_pre = refused_at - hours(2)
        earliest_pre = max(parcel.decided_at or parcel.shipped_at, parcel.shipped_at + hours(6))
        cheap = order.total_paid < 10
        if draw < pre and earliest_pre < latest_pre:
            applied = earliest_pre + (latest_pre - earliest_pre) * rng.uniform(0, 0.7)
            record = self._open(
                order,
                "仅退款",
                self.wording.aftersale_reason(cause),
                self.wording.aftersale_note(cause),
                applied,
                order.total_paid,
            )
            answer = applied + hours(rng.uniform(1, 20))
            if answer < refused_at and rng.random() < REFUSAL_AGREED_SHARE:
                self._then(record, answer, "refusal_agreed")
                done = (
                    refused_at + hours(rng.uniform(2, 30))
                    if cheap
                    else returned_at + hours(rng.uniform(0.5, 30))
                )
                order.refunded_at = self._then(record, done, "success")
            else:
                self._refund_flow(order, record, max(answer, refused_at), returned_at)
        elif draw < pre + post:
            applied = refused_at + hours(rng.uniform(0.5, 48))
            record = self._open(
                order,
                "仅退款",
                self.wording.aftersale_reason(cause),
                self.wording.aftersale_note(cause),
                applied,
                order.total_paid,
            )
            self._refund_flow(order, record, applied, refused_at if cheap else returned_at)
        elif rng.random() < PLATFORM_REFUND_SHARE:
            order.refunded_at = returned_at + timedelta(days=rng.uniform(0.3, 3))
        if rng.random() < REFUSAL_NOTE_RATE:
            section = cause if rng.random() < 0.6 else "generic"
            note = rng.choice(self.vocab.get(f"merchant_note.after_refusal.{section}"))
            order.notes.append((returned_at + timedelta(days=rng.uniform(0, 2)), note))

    def undelivered(self, order: Order, parcel: Parcel) -> None:
        rng = self.rng
        if parcel.undelivered_kind == "intercepted":
            applied = parcel.decided_at
            record = self._open(
                order, "仅退款", self.wording.menu("intercept"), "", applied, order.total_paid
            )
            self._then(record, applied + hours(rng.uniform(0.5, 3)), "agreed")
            done = parcel.returned_at + hours(rng.uniform(1, 24))
            order.refunded_at = self._then(record, done, "success")
            return
        if rng.random() < 0.5:
            applied = parcel.outcome_at + hours(rng.uniform(4, 48))
            topic = "logistics" if parcel.undelivered_kind != "address_bad" else "intercept"
            record = self._open(
                order, "仅退款", self.wording.menu(topic), "", applied, order.total_paid
            )
            self._refund_flow(order, record, applied, parcel.returned_at)
        elif rng.random() < 0.6:
            order.refunded_at = parcel.returned_at + timedelta(days=rng.uniform(0.5, 3))

    def delivered(self, order: Order, parcel: Parcel) -> None:
        if order.kind in ("boosted", "attacker"):
            return
        rng = self.rng
        signed = parcel.outcome_at
        bad_line = next((line for line in order.lines if line.defective or line.wrong_item), None)
        if bad_line is not None and rng.random() < 0.35:
            kind = rng.choices(("退货退款", "换货", "维修", "仅退款"), weights=(60, 15, 10, 15))[0]
            if bad_line.wrong_item and rng.random() < 0.5:
                kind = "换货"
            if kind == "维修" and bad_line.product.key not in REPAIRABLE:
                kind = "退货退款"
            self._goods_issue(order, kind, "delivered_quality", "product_quality", signed)
        elif parcel.damaged and rng.random() < 0.4:
            kind = "补寄" if rng.random() < 0.3 else "仅退款"
            self._goods_issue(order, kind, "delivered_damage", "logistics", signed, partial=True)
        elif parcel.delayed_days > 1.5 and rng.random() < 0.18:
            applied = max(
                parcel.shipped_at + timedelta(days=1), signed - timedelta(days=rng.uniform(0.5, 2))
            )
            reason = rng.choice(("快递一直未送达", "物流太慢", "未按约定时间发货"))
            note = self.wording.aftersale_note("logistics")
            record = self._open(order, "仅退款", reason, note, applied, order.total_paid)
            self._then(record, signed + hours(rng.uniform(1, 24)), "withdrawn")
        elif rng.random() < 0.025:
            reason = rng.choice(
                ("不喜欢/不想要", "尺码不合适", "效果不好/不喜欢", "多拍/错拍/不想要")
            )
            self._return_goods(
                order, "退货退款", reason, "", signed + timedelta(days=rng.uniform(0.3, 6))
            )

    def _goods_issue(
        self,
        order: Order,
        kind: str,
        menu: str,
        topic: str,
        signed: datetime,
        partial: bool = False,
    ) -> None:
        rng = self.rng
        applied = signed + timedelta(days=rng.uniform(0.1, 6))
        reason, note = self.wording.menu(menu), self.wording.aftersale_note(topic)
        if kind == "退货退款":
            self._return_goods(order, kind, reason, note, applied)
            return
        refund = order.total_paid * (rng.uniform(0.3, 0.6) if partial else 1.0)
        record = self._open(order, kind, reason, note, applied, refund if kind == "仅退款" else 0.0)
        if kind == "仅退款":
            self._refund_flow(order, record, applied, applied)
            return
        self._then(record, applied + hours(rng.uniform(2, 30)), "return_wait")
        finished = {"换货": "换货成功", "维修": "维修完成", "补寄": "商家已补寄"}[kind]
        record.statuses.append((applied + timedelta(days=rng.uniform(3, 8)), finished))

    def _return_goods(
        self, order: Order, kind: str, reason: str, note: str, applied: datetime
    ) -> None:
        rng = self.rng
        record = self._open(order, kind, reason, note, applied, order.total_paid)
        waiting = self._then(record, applied + hours(rng.uniform(1, 24)), "return_wait")
        if rng.random() < 0.12:
            self._then(record, waiting + timedelta(days=rng.uniform(0.5, 3)), "withdrawn")
            return
        sent = self._then(record, waiting + timedelta(days=rng.uniform(0.3, 3)), "return_shipped")
        record.return_no = "YT" + "".join(rng.choice("0123456789") for _ in range(13))
        order.refunded_at = self._then(record, sent + timedelta(days=rng.uniform(2, 5)), "success")

    def routine_note(self, order: Order) -> None:
        if order.kind in ("regular", "followup") and self.rng.random() < ROUTINE_NOTE_RATE:
            at = order.created_at + hours(self.rng.uniform(0.1, 20))
            order.notes.append((at, self.rng.choice(self.vocab.get("merchant_note.legit"))))


def settle(orders: list[Order], vocab: Vocab, timeline: Timeline, rng: random.Random) -> None:
    desk = AfterSalesDesk(vocab, timeline, rng)
    for order in orders:
        desk.routine_note(order)
        if order.cancel_kind in ("buyer", "late", "stockout"):
            desk.cancelled(order)
            continue
        if order.reuse_number:
            desk.reused_number(order)
            continue
        parcel = order.parcel
        if parcel is None or parcel.outcome_at is None:
            continue
        if parcel.outcome == "refused":
            desk.refused(order, parcel)
        elif parcel.outcome == "returned_undelivered":
            desk.undelivered(order, parcel)
        elif parcel.outcome == "delivered":
            desk.delivered(order, parcel)
