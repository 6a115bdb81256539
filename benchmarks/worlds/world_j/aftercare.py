"""After the parcel: after-sales cases, reviews, platform penalties and the daily store rating."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta

from . import catalog as cat
from . import wording
from .model import AfterSale, Order, Parcel, Penalty, Review

#: what went wrong for a buyer who signed: (after-sales kinds and weights, reasons, success rate)
ISSUES = {
    "allergy": ((("退货退款", 0.65), ("仅退款", 0.35)), ("质量问题", "其他", "商品变质"), 0.85),
    "leak": ((("仅退款", 0.5), ("补寄", 0.35), ("退货退款", 0.15)), ("质量问题", "做工粗糙/有瑕疵"),
             0.9),
    "shade": ((("换货", 0.6), ("退货退款", 0.4)), ("商家发错货",), 0.95),
    "fake": ((("退货退款", 1.0),), ("假冒品牌", "与商品描述不符"), 0.7),
    "expiry": ((("退货退款", 0.7), ("仅退款", 0.3)), ("商品变质", "其他"), 0.8),
    "defect": ((("退货退款", 0.5), ("仅退款", 0.5)), ("质量问题", "做工粗糙/有瑕疵"), 0.85),
    "damage": ((("仅退款", 0.6), ("补寄", 0.4)), ("质量问题", "其他"), 0.9),
    "whim": ((("退货退款", 1.0),), ("多拍/错拍/不想要", "不想要了", "其他"), 0.92),
    "quality": ((("退货退款", 0.6), ("仅退款", 0.4)), ("质量问题", "与商品描述不符"), 0.7),
}
_ISSUE_REVIEW_TOPIC = {"allergy": "allergy", "leak": "leak", "shade": "shade", "fake": "fake",
                       "expiry": "expiry", "defect": "service", "damage": "logistics",
                       "quality": "service"}


class Aftercare:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.cases: list[AfterSale] = []
        self.reviews: list[Review] = []
        self.penalties: list[Penalty] = []
        self.case_ids: set[str] = set()

    def _case_id(self) -> str:
        while True:
            case = str(self.rng.randrange(10 ** 17, 10 ** 18))
            if case not in self.case_ids:
                self.case_ids.add(case)
                return case

    def open_case(self, order: Order, kind: str, reason: str, applied_at: datetime, *,
                  shipped: bool) -> AfterSale:
        case = AfterSale(self._case_id(), order, kind, reason, applied_at,
                         order.paid_total if kind in ("仅退款", "退货退款") else 0.0,
                         "已发货" if shipped else "未发货")
        self.cases.append(case)
        return case

    def penalise(self, order: Order, kind: str, at: datetime, note: str,
                 amount: float | None = None) -> None:
        if amount is None:
            amount = max(3.0, min(50.0, round(order.paid_total * 0.05, 2)))
        self.penalties.append(Penalty(order, order.tracking_no, kind, round(amount, 2), at, note))

    # --- buyers who signed
    def issue_of(self, order: Order, parcel: Parcel) -> str:
        rng = self.rng
        defects = parcel.defects
        if order.brushed or order.ring:
            return ""
        if "allergy_batch" in defects and rng.random() < 0.16:
            return "allergy"
        if "leak" in defects and rng.random() < 0.8:
            return "leak"
        if "wrong_shade" in defects and rng.random() < 0.85:
            return "shade"
        if "fake_batch" in defects and rng.random() < 0.12:
            return "fake"
        if "near_expiry" in defects and rng.random() < 0.2:
            return "expiry"
        if "defect" in defects and rng.random() < 0.6:
            return "defect"
        if parcel.damaged and rng.random() < 0.6:
            return "damage"
        if rng.random() < 0.028:
            return "whim"
        if rng.random() < 0.008:
            return "quality"
        return ""

    def handle_issue(self, order: Order, issue: str, signed_at: datetime,
                     cap: datetime) -> tuple[list[tuple[datetime, str, str]], datetime | None]:
        """Run the buyer's case; return the order's status changes and the refund time (if any)."""
        rng = self.rng
        kinds, reasons, success = ISSUES[issue]
        kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        applied = min(signed_at + timedelta(days=rng.uniform(0.3, 6)), cap - timedelta(days=5))
        applied = max(applied, signed_at + timedelta(hours=2))
        case = self.open_case(order, kind, rng.choice(reasons), applied, shipped=True)
        changes = [(applied, "已签收", "售后处理中")]
        if kind in ("换货", "补寄"):
            opening = "买家申请换货，待商家处理" if kind == "换货" else "买家申请补寄，待商家处理"
            done = applied + timedelta(days=rng.uniform(1.5, 4))
            case.statuses = [(applied, opening),
                             (applied + timedelta(hours=rng.uniform(2, 30)), "商家已发货"),
                             (done, "换货成功" if kind == "换货" else "补寄成功")]
            changes.append((done, "已签收", "无售后或售后取消"))
            return changes, None
        case.statuses = [(applied, "买家申请退款，待商家处理")]
        moment = applied
        if rng.random() < success:
            moment += timedelta(days=rng.uniform(0.1, 1.5))
            if kind == "退货退款":
                case.statuses.append((moment, "商家同意退款，退款中"))
                case.return_tracking = "YT" + "".join(str(rng.randrange(10)) for _ in range(13))
                moment += timedelta(days=rng.uniform(1.5, 3.5))
            case.statuses.append((moment, "退款成功"))
            changes.append((moment, "已发货，退款成功", "退款成功"))
            return changes, moment
        moment += timedelta(days=rng.uniform(0.5, 2))
        case.statuses.append((moment, "驳回退款，待买家处理"))
        moment += timedelta(days=rng.uniform(0.3, 1.5))
        if rng.random() < 0.5:
            case.statuses.append((moment, "平台处理中"))
            moment += timedelta(days=rng.uniform(1, 2.5))
            case.statuses.append((moment, "退款成功"))
            changes.append((moment, "已发货，退款成功", "退款成功"))
            return changes, moment
        case.statuses.append((moment, "买家撤销"))
        changes.append((moment, "已签收", rng.choice(("无售后或售后取消", "买家撤销"))))
        return changes, None

    # --- reviews
    def review(self, order: Order, parcel: Parcel, signed_at: datetime, issue: str) -> None:
        rng = self.rng
        at = signed_at + timedelta(days=rng.uniform(0.2, 9))
        product = order.lines[0].product
        cards = cat.GOOD_REVIEW_CARDS.holds(parcel.shipped_at)
        chance = 0.3
        if order.brushed:
            chance = 0.85
        elif issue:
            chance = 0.7
        elif cards:
            chance = 0.55
        if rng.random() >= chance:
            return
        topic = ""
        if issue in _ISSUE_REVIEW_TOPIC:
            topic = _ISSUE_REVIEW_TOPIC[issue]
        elif order.brushed:
            topic = ""
        elif rng.random() < (0.5 * cat.LIPSTICK_POST.weight(at) if product.key == "lipstick"
                             else 0.45 * cat.MASK_VIDEO.weight(at) if product.key == "mask"
                             else 0.0):
            topic = "post"
        elif "fake_batch" in parcel.defects and rng.random() < 0.1:
            topic = "fake"
        elif "near_expiry" in parcel.defects and rng.random() < 0.25:
            topic = "expiry"
        elif parcel.lateness_days > 2 and rng.random() < 0.35:
            topic = "logistics"
        elif any(cut > order.created_at and cut - order.created_at < timedelta(days=12)
                 and cut <= at and key in ("*", product.key)
                 for key, cut, _ in cat.PRICE_CUTS) and rng.random() < 0.35:
            topic = "price"
        elif rng.random() < 0.02:
            topic = "service"
        if topic:
            low = {"allergy": (1, 2), "fake": (1, 2), "post": (1, 1), "leak": (1, 2),
                   "shade": (1, 2), "expiry": (2, 3), "price": (2, 3), "logistics": (3, 4),
                   "service": (1, 2)}[topic]
            score = rng.randint(*low)
            text = rng.choice(wording.REVIEWS_BAD[topic])
        else:
            score = rng.choices((5, 4, 3), (0.86, 0.11, 0.03))[0]
            text = rng.choice(wording.REVIEWS_GOOD)
            if cards and rng.random() < 0.2:
                text = (text + " 收到卡片说好评返现").strip()
            if cards and rng.random() < 0.06:
                self.penalise(order, "虚假交易", at + timedelta(days=rng.uniform(3, 10)),
                              "好评返现诱导好评", amount=20.0)
        reply = rng.choice(wording.SHOP_REPLIES) if score <= 2 and rng.random() < 0.6 else ""
        self.reviews.append(Review(at, order, product, score, text, reply))

    # --- the daily store rating (90-day rolling, as the platform computes it)
    def store_scores(self, parcels: list[Parcel], first: date, last: date) -> list[tuple]:
        description: dict[date, list[int]] = defaultdict(list)
        for review in self.reviews:
            description[review.at.date()].append(review.score)
        logistics: dict[date, list[float]] = defaultdict(list)
        for parcel in parcels:
            if parcel.fate == "delivered" and parcel.fate_at is not None:
                score = 5.0 - min(2.0, 0.6 * max(0.0, parcel.lateness_days)) - (
                    1.5 if parcel.damaged else 0.0)
                logistics[parcel.fate_at.date()].append(score)
        service: dict[date, list[float]] = defaultdict(list)
        for case in self.cases:
            rejected = any(status.startswith("驳回") for _, status in case.statuses)
            service[case.applied_at.date()].append(2.0 if rejected else 4.8)
        rows = []
        day = first
        while day <= last:
            values = []
            for daily, prior, weight in ((description, 4.82, 400), (logistics, 4.78, 500),
                                         (service, 4.86, 120)):
                total, count = prior * weight, weight
                for back in range(90):
                    scores = daily.get(day - timedelta(days=back), ())
                    total += sum(scores)
                    count += len(scores)
                values.append(round(total / count, 2))
            rows.append((day, round(sum(values) / 3, 2), *values))
            day += timedelta(days=1)
        return rows
