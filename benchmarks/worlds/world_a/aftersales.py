"""After-sales (售后) records and what they do to the order's status.

Paths, in the platform's own state wording:
- refusal announced in transit: 买家申请退款，待商家处理 → 已同意拒收退款，待用户拒收 (85%) or
  驳回退款，待买家处理 → 平台处理中; 退款成功 once the refused parcel is back with the merchant;
- refusal first, refund after: 买家申请退款，待商家处理 → 已同意拒收退款，待用户拒收 (60%) or
  商家同意退款，退款中 → 退款成功 when the parcel is back;
- intercepted or undelivered parcels, cancellations before shipping, quality returns, partial
  refunds for damage, exchanges and re-sends, each with its usual states.
"""

from __future__ import annotations

from datetime import datetime
from random import Random

from .catalog import Catalog
from .model import AfterSale, Order
from .params import DAY, HOUR, MINUTE, Rates

APPLIED = "买家申请退款，待商家处理"
APPLIED_SERVICE = "买家申请售后，待商家处理"
AGREED_REFUSAL = "已同意拒收退款，待用户拒收"
AGREED = "商家同意退款，退款中"
REJECTED = "驳回退款，待买家处理"
PLATFORM = "平台处理中"
DONE = "退款成功"
WITHDRAWN = "买家撤销"
IN_PROGRESS = "售后处理中"
NONE = "无售后或售后取消"
REASON_POOL = {
    "product_quality": "product_quality",
    "logistics": "logistics",
    "reviews": "change_mind",
    "rule_violation": "change_mind",
}


class AfterSalesDesk:
    def __init__(self, catalog: Catalog, rates: Rates, rng: Random) -> None:
        self.catalog = catalog
        self.vocab = catalog.vocab
        self.rates = rates
        self.rng = rng
        self.records: list[AfterSale] = []

    # wording -----------------------------------------------------------------------------

    def reason(self, pool: str, note_pool: str = "", defect: str = "") -> str:
        rng = self.rng
        text = self.vocab.pick(rng, f"aftersales.reasons.{pool}")
        if note_pool and rng.random() < self.rates.aftersales_note:
            note = self.vocab.pick(rng, f"aftersales.notes.{note_pool}").format(defect=defect)
            text = f"{text}（{note}）"
        return text

    def refusal_reason(self, cause: str, defect: str) -> str:
        """A refused buyer's refund reason: matching the cause, or a neutral option."""
        rng = self.rng
        note_pool = cause if cause != "rule_violation" else ""
        if cause == "rule_violation":
            return self.reason(rng.choice(("change_mind", "missing")))
        if rng.random() < self.rates.aftersales_cause_reason:
            if cause == "reviews" and rng.random() < 0.2:
                return self.reason("product_quality", "reviews")  # repeating what reviews said
            return self.reason(REASON_POOL[cause], note_pool, defect)
        return self.reason("change_mind", note_pool, defect)

    # bookkeeping -------------------------------------------------------------------------

    def _record(
        self, order: Order, kind: str, reason: str, applied: datetime, amount: float, shipped: bool
    ) -> AfterSale:
        record = AfterSale(
            aftersale_id=self.catalog.serial(16),
            order=order,
            kind=kind,
            reason=reason,
            applied_at=applied,
            amount=round(amount, 2),
            shipped=shipped,
        )
        record.states.set(applied, APPLIED if kind in ("仅退款", "退货退款") else APPLIED_SERVICE)
        order.aftersale_status.set(applied, IN_PROGRESS)
        self.records.append(record)
        return record

    def _refunded(self, record: AfterSale, at: datetime, shipped_status: str | None) -> None:
        record.states.set(at, DONE)
        record.order.aftersale_status.set(at, DONE)
        if shipped_status:
            record.order.status.set(at, shipped_status)

    # paths -------------------------------------------------------------------------------

    def cancel_before_shipping(self, order: Order, at: datetime, reason: str) -> datetime:
        record = self._record(order, "仅退款", reason, at, order.paid_amount, shipped=False)
        done = at + self.rng.uniform(2, 600) * MINUTE
        self._refunded(record, done, "未发货，退款成功")
        return done

    def refusal(
        self,
        order: Order,
        cause: str,
        refused_at: datetime,
        back_at: datetime,
        intent_at: datetime | None,
        defect: str,
    ) -> AfterSale:
        rng = self.rng
        applied = intent_at or refused_at + rng.uniform(0.2, 48) * HOUR
        record = self._record(
            order, "仅退款", self.refusal_reason(cause, defect), applied, order.paid_amount, True
        )
        answer = applied + rng.uniform(0.5, 12) * HOUR
        if intent_at is not None and rng.random() < 0.15:
            record.states.set(answer, REJECTED)
            record.states.set(max(refused_at, answer) + rng.uniform(2, 24) * HOUR, PLATFORM)
        elif intent_at is not None or rng.random() < 0.6:
            record.states.set(answer, AGREED_REFUSAL)
        else:
            record.states.set(answer, AGREED)
        done = max(back_at, answer) + rng.uniform(1, 48) * HOUR
        self._refunded(record, done, "已发货，退款成功")
        return record

    def intercepted(self, order: Order, applied: datetime, back_at: datetime) -> None:
        rng = self.rng
        note = rng.choice(("change_mind", "reviews"))
        record = self._record(
            order, "仅退款", self.reason("change_mind", note), applied, order.paid_amount, True
        )
        record.states.set(applied + rng.uniform(0.3, 6) * HOUR, AGREED)
        self._refunded(record, back_at + rng.uniform(1, 30) * HOUR, "已发货，退款成功")

    def undelivered(self, order: Order, failed_at: datetime, back_at: datetime) -> None:
        rng = self.rng
        applied = failed_at + rng.uniform(1, 72) * HOUR
        pool = "logistics" if rng.random() < 0.6 else "change_mind"
        record = self._record(order, "仅退款", self.reason(pool), applied, order.paid_amount, True)
        record.states.set(applied + rng.uniform(1, 20) * HOUR, AGREED)
        self._refunded(
            record, max(back_at, applied + DAY) + rng.uniform(1, 30) * HOUR, "已发货，退款成功"
        )

    def defective(self, order: Order, signed_at: datetime, defect: str) -> None:
        rng, rates = self.rng, self.rates
        draw = rng.random()
        applied = signed_at + rng.uniform(2, 120) * HOUR
        reason = self.reason("product_quality", "product_quality", defect)
        if draw < rates.defect_return:
            record = self._record(order, "退货退款", reason, applied, order.paid_amount, True)
            record.return_tracking = self.catalog.tracking_number(
                self.catalog.couriers[rng.choice(("zto", "yto", "jt"))]
            )
            answer = applied + rng.uniform(1, 30) * HOUR
            if rng.random() < 0.15:
                record.states.set(answer, REJECTED)
                answer += rng.uniform(12, 72) * HOUR
                record.states.set(answer, PLATFORM)
            else:
                record.states.set(answer, AGREED)
            self._refunded(record, answer + rng.uniform(3, 8) * DAY, None)
        elif draw < rates.defect_return + rates.defect_partial_refund:
            amount = order.paid_amount * rng.uniform(0.2, 0.5)
            record = self._record(order, "仅退款", reason, applied, amount, True)
            self._refunded(record, applied + rng.uniform(2, 30) * HOUR, None)

    def damaged_on_arrival(self, order: Order, signed_at: datetime) -> None:
        rng = self.rng
        applied = signed_at + rng.uniform(1, 48) * HOUR
        reason = self.reason("logistics", "logistics")
        amount = order.paid_amount * rng.uniform(0.1, 0.4)
        record = self._record(order, "仅退款", reason, applied, amount, True)
        if rng.random() < 0.1:
            record.states.set(applied + rng.uniform(1, 20) * HOUR, WITHDRAWN)
            order.aftersale_status.set(applied + rng.uniform(20, 30) * HOUR, NONE)
            return
        self._refunded(record, applied + rng.uniform(2, 30) * HOUR, None)

    def exchange_or_resend(self, order: Order, signed_at: datetime, kind: str) -> None:
        rng = self.rng
        applied = signed_at + rng.uniform(3, 96) * HOUR
        pool = "size" if kind == "换货" else "missing"
        record = self._record(order, kind, self.reason(pool), applied, 0.0, True)
        record.states.set(applied + rng.uniform(2, 30) * HOUR, "商家已同意，待处理")
        record.return_tracking = self.catalog.tracking_number(self.catalog.couriers["zto"])
        finished = applied + rng.uniform(3, 7) * DAY
        record.states.set(finished, "售后完成")
        order.aftersale_status.set(finished, NONE)
