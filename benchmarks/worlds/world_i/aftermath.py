"""What follows delivery: receipts, refunds, after-sales cases, reviews, penalties, outcomes."""

import random
from datetime import datetime, timedelta

from . import wording
from .fulfilment import FulfilmentLog
from .model import AfterSale, Order, Penalty, Review
from .rng import digits, stream
from .shop import BAD_SALMON_BATCH, FINAL_EXPORT_AT, REVIEW_STORM, SALMON, STEAK, YOGURT

REFUSAL_CASE_RATE = 0.7
REVIEW_RATE = 0.3
COMPLAINT_RATE = 0.012
LOST_CLEAR_AFTER = timedelta(days=5)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def case(rand: random.Random, kind: str, reason: str, applied_at: datetime, refund_cents: int,
         shipped: bool, steps: list[tuple[datetime, str]]) -> AfterSale:
    return AfterSale("9" + digits(rand, 15), kind, reason, applied_at, refund_cents, shipped,
                     steps)


def buyer_reason(rand: random.Random, cause: str) -> str:
    if rand.random() < 0.15:
        others = [item for item in wording.AFTER_SALE_REASONS if item != cause]
        return rand.choice(wording.AFTER_SALE_REASONS[rand.choice(others)])
    return rand.choice(wording.AFTER_SALE_REASONS[cause])


def refusal_case(rand: random.Random, order: Order) -> None:
    parcel = order.parcel
    assert parcel is not None and parcel.refused_at and parcel.settled_at and order.shipped_at
    order.refunded_at = parcel.settled_at + timedelta(hours=rand.uniform(2, 30))
    # A refusal after the last export leaves no trace yet, so nobody has asked for it either.
    asked_early = parcel.cause == "reviews" and parcel.refused_at <= FINAL_EXPORT_AT
    if rand.random() >= (0.85 if asked_early else REFUSAL_CASE_RATE):
        return
    if asked_early:
        span = (parcel.refused_at - order.shipped_at) / HOUR
        applied = order.shipped_at + HOUR * rand.uniform(1, max(1.5, span - 1))
        agreed = min(applied + HOUR * rand.uniform(1, 10), parcel.refused_at - HOUR / 6)
        agreed = max(agreed, applied + HOUR / 12)
        steps = [(applied, "买家申请退款，待商家处理"), (agreed, "已同意拒收退款，待用户拒收")]
    else:
        applied = parcel.refused_at + HOUR * rand.uniform(0.2, 30)
        agreed_state = rand.choice(("商家同意退款，退款中", "商家同意退款，退款中",
                                    "已同意拒收退款，待用户拒收"))
        steps = [(applied, "买家申请退款，待商家处理"),
                 (applied + HOUR * rand.uniform(1, 12), agreed_state)]
    steps.append((max(order.refunded_at, steps[-1][0] + HOUR), "退款成功"))
    order.refunded_at = steps[-1][0]
    order.after_sales.append(case(rand, "仅退款", buyer_reason(rand, parcel.cause), applied,
                                  order.paid_cents, True, steps))


def simple_refund_case(rand: random.Random, order: Order, reason: str, applied: datetime,
                       shipped: bool) -> None:
    steps = [(applied, "买家申请退款，待商家处理")]
    if rand.random() < 0.15:
        steps.append((applied + HOUR * rand.uniform(20, 48), "平台处理中"))
    steps.append((steps[-1][0] + HOUR * rand.uniform(1, 30), "退款成功"))
    order.refunded_at = steps[-1][0]
    order.after_sales.append(case(rand, "仅退款", reason, applied, order.paid_cents, shipped,
                                  steps))


def complaint_chance(order: Order) -> float:
    parcel = order.parcel
    assert parcel is not None
    products = {line.product for line in order.lines}
    chance = COMPLAINT_RATE
    if SALMON in products and BAD_SALMON_BATCH.holds(parcel.shipped_at):
        chance += 0.25
    if parcel.late_days > 1:
        chance += 0.03
    if YOGURT in products and REVIEW_STORM.holds(parcel.shipped_at):
        chance += 0.05
    return chance


def delivered_aftermath(rand: random.Random, order: Order) -> None:
    parcel = order.parcel
    assert parcel is not None and order.shipped_at
    order.signed_at = parcel.events[-1].at
    auto_confirm = order.shipped_at + 10 * DAY
    quick = order.signed_at + DAY * rand.uniform(0.05, 3)
    order.confirmed_at = quick if rand.random() < 0.6 or auto_confirm <= quick else auto_confirm
    if rand.random() < complaint_chance(order):
        applied = order.signed_at + HOUR * rand.uniform(1, 48)
        kind = rand.choices(("仅退款", "退货退款", "补寄"), weights=(70, 20, 10))[0]
        reason = rand.choice(wording.DELIVERED_COMPLAINT_REASONS)
        if kind == "补寄":
            steps = [(applied, "买家申请补寄，待商家处理"), (applied + 6 * HOUR, "商家已补寄")]
            order.after_sales.append(case(rand, kind, reason, applied, 0, True, steps))
            return
        simple_refund_case(rand, order, reason, applied, True)
    elif YOGURT in {line.product for line in order.lines} and REVIEW_STORM.holds(
            order.signed_at) and rand.random() < 0.08:
        applied = order.shipped_at + HOUR * rand.uniform(2, 20)
        steps = [(applied, "买家申请退款，待商家处理"), (applied + HOUR * 5, "买家撤销")]
        order.after_sales.append(case(rand, "仅退款", "不想要了", applied, order.paid_cents,
                                      True, steps))


def settle_order(rand: random.Random, order: Order, fake_genuine: set[str]) -> None:
    """Write the order's after-sales history and its refund time, if any."""
    if order.cancelled_at or order.shipped_at is None:
        return
    if order.is_fake_shipping:
        if order.order_id in fake_genuine:
            applied = order.shipped_at + DAY * rand.uniform(4, 8)
            simple_refund_case(rand, order, rand.choice(("快递无跟踪记录", "快递一直未送达")),
                               applied, True)
        else:
            order.signed_at = order.shipped_at + DAY * rand.uniform(2, 5)
            order.confirmed_at = order.signed_at + HOUR * rand.uniform(1, 20)
        return
    parcel = order.parcel
    assert parcel is not None and parcel.settled_at
    if parcel.fate == "delivered":
        delivered_aftermath(rand, order)
    elif parcel.fate == "refused":
        refusal_case(rand, order)
    elif parcel.fate == "returned_undelivered":
        order.refunded_at = parcel.settled_at + HOUR * rand.uniform(2, 30)
        if rand.random() < 0.6:
            simple_refund_case(rand, order, rand.choice(("快递一直未送达", "其他")),
                               parcel.settled_at + HOUR * rand.uniform(0.5, 10), True)
    elif parcel.fate == "lost":
        applied = parcel.settled_at + DAY * rand.uniform(3, 6)
        simple_refund_case(rand, order, rand.choice(("快递一直未送达", "快递无跟踪记录")),
                           applied, True)


def refund_before_shipping(rand: random.Random, order: Order, reason: str) -> None:
    assert order.refunded_at is not None
    applied = order.refunded_at - HOUR * rand.uniform(0.2, 3)
    steps = [(applied, "买家申请退款，待商家处理"), (order.refunded_at, "退款成功")]
    order.after_sales.append(case(rand, "仅退款", reason, applied, order.paid_cents, False, steps))


def outcome_of(order: Order, end: datetime) -> str:
    if order.cancelled_at:
        return "cancelled"
    if order.shipped_at is None:
        return "refunded" if order.refunded_at and order.refunded_at <= end else "not_shipped"
    if order.is_fake_shipping:
        return "fake_shipping"
    parcel = order.parcel
    assert parcel is not None
    if parcel.fate == "refused":
        assert parcel.refused_at is not None
        return "refused" if parcel.refused_at <= end else "in_transit"
    if parcel.fate == "lost":
        assert parcel.settled_at is not None
        return "lost" if parcel.settled_at + LOST_CLEAR_AFTER <= end else "in_transit"
    if parcel.fate == "returned_undelivered":
        first_exception = next(event for event in parcel.events if event.kind in (
            "unreachable", "bad_address", "locker_timeout", "intercepted"))
        return "returned_undelivered" if first_exception.at <= end else "in_transit"
    if order.signed_at is None or order.signed_at > end:
        return "in_transit"
    if order.refunded_at and order.refunded_at <= end:
        return "refunded"
    return "delivered"


def review_for(rand: random.Random, order: Order) -> tuple[int, str] | None:
    assert order.signed_at and order.parcel
    products = {line.product for line in order.lines}
    at = order.signed_at
    if order.boosting_code:
        return (5, rand.choice(wording.BOOSTED_REVIEW_TEXTS)) if rand.random() < 0.9 else None
    if YOGURT in products and REVIEW_STORM.holds(at) and rand.random() < 0.55:
        return rand.choice((1, 1, 2, 2, 3)), rand.choice(wording.STORM_REVIEW_TEXTS)
    if rand.random() >= REVIEW_RATE:
        return None
    if SALMON in products and BAD_SALMON_BATCH.holds(order.parcel.shipped_at) and (
            rand.random() < 0.6):
        return rand.choice((1, 2)), rand.choice(wording.BAD_BATCH_REVIEW_TEXTS)
    if STEAK in products and rand.random() < 0.18:
        return rand.choice((1, 2)), rand.choice(wording.STEAK_COMPLAINTS)
    weights = [78, 14, 5, 2, 1]
    if order.parcel.late_days > 1:
        weights = [40, 20, 20, 12, 8]
    score = rand.choices((5, 4, 3, 2, 1), weights=weights)[0]
    return score, rand.choice(wording.REVIEW_TEXTS[score])


def write_reviews(rand: random.Random, order: Order) -> None:
    if order.signed_at is None or order.parcel is None:
        return
    drawn = review_for(rand, order)
    if drawn is None:
        return
    score, text = drawn
    at = order.signed_at + HOUR * rand.uniform(4, 140)
    reply = rand.choice(wording.MERCHANT_REPLIES) if score <= 3 and rand.random() < 0.5 else ""
    for line in order.lines:
        order.reviews.append(Review(at, line.product, score, text, reply))


def storm_late_reviews(rand: random.Random, orders: list[Order]) -> None:
    """Buyers who had their yogurt weeks ago pile on once the social-media post spreads."""
    span_days = (REVIEW_STORM.end - REVIEW_STORM.start).days + 1
    storm_start = datetime.combine(REVIEW_STORM.start, datetime.min.time())
    for order in orders:
        products = {line.product for line in order.lines}
        if YOGURT not in products or order.reviews or order.signed_at is None:
            continue
        if not timedelta(0) < storm_start - order.signed_at < 30 * DAY or rand.random() > 0.25:
            continue
        at = storm_start + DAY * rand.uniform(0, span_days)
        order.reviews.append(Review(at, YOGURT, rand.choice((1, 1, 2)),
                                    rand.choice(wording.STORM_REVIEW_TEXTS), ""))


def penalty_amount(order: Order, share: float, floor_cents: int, cap_cents: int) -> int:
    return min(max(int(order.paid_cents * share), floor_cents), cap_cents)


def write_penalties(rand: random.Random, orders: list[Order], log: FulfilmentLog) -> None:
    for order in log.late_shipped:
        if rand.random() < 0.6 and order.promise_ship_at:
            order.penalties.append(Penalty(order.promise_ship_at + HOUR * rand.uniform(2, 30),
                                           "延迟发货_扣款", penalty_amount(order, 0.05, 300, 10000),
                                           "超过承诺发货时间未发货，补偿消费者"))
    for order in log.out_of_stock:
        assert order.refunded_at is not None
        order.penalties.append(Penalty(order.refunded_at + HOUR * rand.uniform(1, 24), "缺货扣款",
                                       penalty_amount(order, 0.2, 500, 50000), "缺货无法发货"))
    for order in log.fake_tracks:
        if rand.random() < 0.5 and order.shipped_at:
            order.penalties.append(Penalty(order.shipped_at + DAY * rand.uniform(3, 10),
                                           "虚假轨迹", 1000, "物流轨迹异常，无揽收记录"))
    for order in orders:
        if order.shipped_at is None:
            continue
        reused = order.is_fake_shipping and order.parcel is None
        if reused and rand.random() < 0.4:
            order.penalties.append(Penalty(order.shipped_at + DAY * rand.uniform(2, 8), "虚假发货",
                                           2000, "快递单号重复使用"))
        elif (order.is_trial and rand.random() < 0.45) or (
                order.boosting_code and not order.is_fake_shipping and rand.random() < 0.15):
            order.penalties.append(Penalty(order.shipped_at + DAY * rand.uniform(4, 14), "虚假交易",
                                           5000, "疑似虚假交易，扣除违约金"))


def conclude(seed: int, orders: list[Order], log: FulfilmentLog) -> None:
    """Fill in after-sales, reviews, penalties and each order's outcome and cause."""
    rand = stream(seed, "aftermath")
    fake_genuine = {order.order_id for order in log.reused_by_genuine_orders}
    for order in log.refunded_before_shipping:
        refund_before_shipping(rand, order, rand.choice(wording.REFUND_BEFORE_SHIPPING_REASONS))
    for order in log.out_of_stock:
        refund_before_shipping(rand, order, rand.choice(("未按约定时间发货", "其他")))
    for order in orders:
        settle_order(rand, order, fake_genuine)
        write_reviews(rand, order)
    storm_late_reviews(rand, orders)
    write_penalties(rand, orders, log)
    for order in orders:
        order.outcome = outcome_of(order, FINAL_EXPORT_AT)
        refused = order.outcome == "refused" and order.parcel is not None
        order.cause = order.parcel.cause if refused and order.parcel else ""
