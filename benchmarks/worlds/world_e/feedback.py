"""What the season leaves behind besides parcels: order status histories, after-sales records,
reviews, penalty bills and the daily store scores."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from datetime import datetime, timedelta
from random import Random

from .clock import HOUR, days, hours
from .fates import menu_reason
from .mechanisms import FAMILY
from .records import AfterSale, Ids, Order, Penalty, Review, World
from .shop import COURIERS, CUTOFF, HORIZON_START, PROMISE_SHIP, RATES, VIRAL_C01, ZONE_DAYS
from .vocab import pick, vocab

REVIEW_BUCKET = {
    "size_batch": "size_small",
    "down_leak": "down_leak",
    "colour": "colour",
    "pilling": "pilling",
    "picture": "picture",
}


def _signed_guess(order: Order) -> datetime:
    parcel = order.parcel
    return parcel.attempt_at + (parcel.station_pickup if parcel.at_station else timedelta(0))


def _was_slow(order: Order, signed_at: datetime) -> bool:
    expected = 1.0 + ZONE_DAYS[order.buyer.region.zone]
    return (signed_at - order.deal_at).total_seconds() / 86400 > expected + 1.5


# ---------------------------------------------------------------- reviews
def draft_reviews(
    seed: int, orders: list[Order], delivered: Callable[[Order], bool]
) -> list[Review]:
    """A review for every order that would be signed for; the delivered ones are kept."""
    rng = Random(f"{seed}:reviews")
    words = vocab()["reviews"]
    drafts = []
    for order in orders:
        parcel = order.parcel
        if parcel is None or order.fake or parcel.attempt_at is None:
            continue
        signed = _signed_guess(order)
        storm = order.product.code == "C01" and signed + timedelta(days=3) in VIRAL_C01
        rate = {"boost": 0.85, "competitor": 1.0}.get(
            order.role, 0.45 if storm else RATES.review_rate
        )
        if rng.random() >= rate:
            continue
        if order.role == "competitor":
            at = signed + hours(rng, 5, 48)
            score, text = 1, pick(rng, words["competitor"])
        else:
            at = signed + days(rng, 0.5, 8)
            score, text = _score_and_text(rng, order, signed, at)
        reply = ""
        if score <= 2 and rng.random() < 0.45:
            reply = pick(rng, words["reply_sorry"])
        elif score >= 4 and rng.random() < 0.1:
            reply = pick(rng, words["reply_thanks"])
        order.draft_review = Review(order, at.replace(microsecond=0), score, text, reply)
        if delivered(order):
            drafts.append(order.draft_review)
    return drafts


def _score_and_text(rng: Random, order: Order, signed: datetime, at: datetime) -> tuple[int, str]:
    words = vocab()["reviews"]
    if order.role == "boost":
        return 5, pick(rng, words["boost"] if rng.random() < 0.8 else words["good"])
    bad_p, bucket = 0.0, "generic_bad"
    if order.product.code == "C01" and at in VIRAL_C01:
        bad_p, bucket = 0.6, "picture"
    elif order.picked_wrong:
        bad_p, bucket = 0.6, "wrong_item"
    elif order.issue:
        bad_p, bucket = min(0.7, 0.15 + 5 * order.issue_p), REVIEW_BUCKET[order.issue]
    slow = _was_slow(order, signed)
    draw = rng.random()
    if draw < bad_p:
        return (1 if rng.random() < 0.65 else 2), pick(rng, words[bucket])
    if slow and rng.random() < 0.25:
        return rng.choice([2, 3, 3, 4]), pick(rng, words["slow"])
    score = 5 if draw < bad_p + (1 - bad_p) * 0.78 else rng.choice([4, 4, 4, 4, 3, 3, 2, 1])
    if score >= 4:
        return score, "" if rng.random() < 0.2 else pick(rng, words["good"])
    if score == 3:
        return score, pick(rng, words["mid"])
    return score, pick(rng, words["generic_bad"])


# ---------------------------------------------------------------- status histories and after-sales
class Histories:
    def __init__(self, world: World, ids: Ids):
        self.world = world
        self.ids = ids
        self.rng = Random(f"{world.seed}:after-sales")
        self.orders_words = vocab()["orders"]
        self.as_words = vocab()["after_sales"]

    def record(self, request: AfterSale) -> None:
        request.log.sort(key=lambda entry: entry[0])
        request.order.after_sales.append(request)
        self.world.after_sales.append(request)

    def new_request(
        self, order: Order, kind: str, reason: str, at: datetime, shipped: bool
    ) -> AfterSale:
        refund = 0 if kind == self.as_words["kind_exchange"] else order.paid_cents
        request = AfterSale(self.ids.after_sale(), order, kind, reason, at, refund, shipped)
        request.log.append((at, self.as_words["pending"]))
        return request

    def build(self, order: Order) -> None:
        w, rng = self.orders_words, self.rng
        open_word = w["as_open_alt"] if rng.random() < 0.3 else w["as_open"]
        log = order.log
        log.append((order.deal_at, w["status_unpaid"], w["as_none"]))
        if order.cancelled_at:
            log.append((order.cancelled_at, w["status_cancelled"], w["as_none"]))
            return
        log.append((order.paid_at, w["status_to_ship"], w["as_none"]))
        if order.refund_unshipped_at:
            self._refund_unshipped(order, open_word)
            return
        log.append((order.uploaded_at, w["status_shipped"], w["as_none"]))
        parcel = order.parcel
        if order.fake == "boost_no_pickup":
            order.confirm_at = order.uploaded_at + days(rng, 3, 6)
            log.append((order.confirm_at, w["status_signed"], w["as_none"]))
            return
        if order.fake in ("reuse", "presale_never"):
            family = "fake" if order.fake == "reuse" else "presale"
            request = self.new_request(
                order,
                self.as_words["kind_refund"],
                menu_reason(rng, family),
                order.uploaded_at + days(rng, 1, 5),
                True,
            )
            self._refund_after(order, request, request.applied_at + hours(rng, 2, 30), open_word)
            return
        if parcel.fate == "signed":
            self._signed(order, open_word)
        elif parcel.fate in ("refused", "intercepted"):
            self._refused(order, open_word)
        else:
            self._not_delivered(order, open_word)

    def _refund_unshipped(self, order: Order, open_word: str) -> None:
        w, rng = self.orders_words, self.rng
        at = order.refund_unshipped_at
        if order.stockout:
            order.log.append((at, w["status_refund_unshipped"], w["as_success"]))
            return
        request = self.new_request(
            order, self.as_words["kind_refund"], menu_reason(rng, "unshipped"), at, False
        )
        done = at + hours(rng, 0.05, 6)
        request.log.append((done, self.as_words["success"]))
        self.record(request)
        order.log.append((at, w["status_to_ship"], open_word))
        order.log.append((done, w["status_refund_unshipped"], w["as_success"]))

    def _refund_after(
        self,
        order: Order,
        request: AfterSale,
        agreed_at: datetime,
        open_word: str,
        money_back: datetime | None = None,
    ) -> None:
        """An accepted refund on a shipped order: pending, agreed, refunded."""
        w = self.orders_words
        request.log.append((agreed_at, self.as_words["agreed"]))
        done = max(money_back or agreed_at + hours(self.rng, 0.5, 24), agreed_at + HOUR)
        request.log.append((done, self.as_words["success"]))
        self.record(request)
        order.log.append((request.applied_at, w["status_shipped"], open_word))
        order.log.append((done, w["status_refund_shipped"], w["as_success"]))

    def _signed(self, order: Order, open_word: str) -> None:
        w, rng, parcel = self.orders_words, self.rng, order.parcel
        if order.applied:  # asked for a refund in transit, then took the parcel after all
            self.record(order.applied)
            order.log.append((order.applied.applied_at, w["status_shipped"], open_word))
            withdrawn_at = order.applied.log[-1][0]
            order.log.append(
                (
                    withdrawn_at,
                    w["status_shipped"],
                    w["as_withdrawn"] if rng.random() < 0.4 else w["as_none"],
                )
            )
        order.log.append((parcel.signed_at, w["status_signed"], w["as_none"]))
        if order.role == "boost":
            order.confirm_at = parcel.signed_at + hours(rng, 1, 20)
        elif rng.random() < 0.4:
            order.confirm_at = parcel.signed_at + days(rng, 0.1, 3)
        else:
            order.confirm_at = max(order.uploaded_at + days(rng, 12, 15), parcel.signed_at + HOUR)
        order.confirm_at = order.confirm_at.replace(microsecond=0)
        if order.draft_review:
            order.review = order.draft_review
            self.world.reviews.append(order.review)
        if order.role == "normal":
            self._maybe_return(order, open_word)

    def _maybe_return(self, order: Order, open_word: str) -> None:
        w, rng, parcel = self.orders_words, self.rng, order.parcel
        p = RATES.return_after_delivery
        if order.issue:
            p += min(0.5, 3 * order.issue_p)
        if order.picked_wrong:
            p += 0.5
        if order.sibling_style and order.partner and order.partner.parcel is parcel:
            p += 0.3
        if rng.random() >= p:
            return
        family = FAMILY.get(order.issue or "", "after_delivery")
        if order.picked_wrong:
            family = "wrong"
        kind = (
            self.as_words["kind_exchange"]
            if family in ("size", "wrong") and rng.random() < 0.2
            else (
                self.as_words["kind_refund"]
                if rng.random() < 0.05
                else self.as_words["kind_return"]
            )
        )
        at = parcel.signed_at + days(rng, 0.3, 6)
        request = self.new_request(order, kind, menu_reason(rng, family), at, True)
        order.log.append((at, w["status_signed"], open_word))
        words = self.as_words
        agreed = at + hours(rng, 2, 20)
        if kind == self.as_words["kind_refund"]:
            request.log.append((agreed, words["success"]))
            self.record(request)
            order.log.append((agreed, w["status_signed"], w["as_success"]))
            return
        request.log.append((agreed, words["return_wait"]))
        if rng.random() < 0.15:
            gone = agreed + days(rng, 0.5, 4)
            request.log.append((gone, words["withdrawn"]))
            self.record(request)
            order.log.append(
                (
                    gone,
                    w["status_signed"],
                    w["as_withdrawn"] if rng.random() < 0.5 else w["as_none"],
                )
            )
            return
        sent = agreed + days(rng, 0.5, 3)
        request.return_number = COURIERS[pick(rng, ["ZTO", "YTO", "YD", "JT"])].number(rng)
        request.log.append((sent, words["return_sent"]))
        done = sent + days(rng, 2, 5)
        if kind == self.as_words["kind_exchange"]:
            request.log.append((done, words["exchange_done"]))
            self.record(request)
            order.log.append((done, w["status_signed"], w["as_none"]))
            return
        request.log.append((done, words["success"]))
        self.record(request)
        status = w["status_signed"] if rng.random() < 0.7 else w["status_refund_shipped"]
        order.log.append((done, status, w["as_success"]))

    def _refused(self, order: Order, open_word: str) -> None:
        """Refused or intercepted: the money goes back once the parcel is home again."""
        rng, parcel = self.rng, order.parcel
        home = parcel.returned_at + hours(rng, 5, 36)
        if order.applied:
            request = order.applied
            request.log.append((max(home, request.log[-1][0] + HOUR), self.as_words["success"]))
            self.record(request)
            self.orders_log_refund(order, request, open_word)
            return
        files = 0.1 if order.role == "boost" else RATES.files_after_refusal
        if rng.random() < files:
            at = parcel.fate_at + days(rng, 0.2, 3)
            request = self.new_request(
                order,
                self.as_words["kind_refund"],
                menu_reason(rng, FAMILY[order.winner.detail]),
                at,
                True,
            )
            self._refund_after(order, request, at + hours(rng, 2, 24), open_word, money_back=home)
            return
        order.log.append(
            (home, self.orders_words["status_refund_shipped"], self.orders_words["as_success"])
        )

    def orders_log_refund(self, order: Order, request: AfterSale, open_word: str) -> None:
        w = self.orders_words
        order.log.append((request.applied_at, w["status_shipped"], open_word))
        order.log.append((request.log[-1][0], w["status_refund_shipped"], w["as_success"]))

    def _not_delivered(self, order: Order, open_word: str) -> None:
        rng, parcel = self.rng, order.parcel
        home = parcel.returned_at + hours(rng, 5, 36)
        if rng.random() < 0.5:
            at = parcel.fate_at + days(rng, 0.1, 2)
            request = self.new_request(
                order, self.as_words["kind_refund"], menu_reason(rng, "returned"), at, True
            )
            self._refund_after(order, request, at + hours(rng, 2, 24), open_word, money_back=home)
            return
        order.log.append(
            (home, self.orders_words["status_refund_shipped"], self.orders_words["as_success"])
        )


# ---------------------------------------------------------------- penalties
def _bounded(cents: int, share: float, low: int, high: int) -> int:
    return max(low, min(high, round(cents * share)))


def penalties(world: World) -> None:
    rng = Random(f"{world.seed}:penalties")
    words = vocab()["penalties"]
    out = world.penalties
    for order in world.orders:
        parcel = order.parcel
        number = parcel.number if parcel else ""
        if order.stockout:
            out.append(
                Penalty(
                    order,
                    "",
                    words["stockout"],
                    _bounded(order.paid_cents, 0.1, 500, 10000),
                    order.refund_unshipped_at + hours(rng, 1, 30),
                    pick(rng, words["note_stockout"]),
                    "compensation",
                )
            )
        if (
            order.uploaded_at
            and order.uploaded_at > order.paid_at + PROMISE_SHIP
            and order.paid_cents > 0
        ):
            out.append(
                Penalty(
                    order,
                    "",
                    words["late"],
                    _bounded(order.paid_cents, 0.05, 300, 5000),
                    order.paid_at + PROMISE_SHIP + hours(rng, 1, 20),
                    pick(rng, words["note_late"]),
                    "compensation",
                )
            )
        if order.role == "boost":
            if parcel and parcel.gift and rng.random() < (0.6 if order.fake else 0.3):
                out.append(
                    Penalty(
                        order,
                        number,
                        words["fake_track"],
                        _bounded(order.goods_cents, 0.05, 300, 5000),
                        order.uploaded_at + days(rng, 3, 10),
                        pick(rng, words["note_fake_track"]),
                        "compensation",
                    )
                )
            caught = 0.5 if order.outcome == "refused" else 0.3
            if rng.random() < caught:
                out.append(
                    Penalty(
                        order,
                        "",
                        words["fake_trade"],
                        0,
                        order.deal_at + days(rng, 5, 20),
                        pick(rng, words["note_fake_trade"]),
                        "violation",
                    )
                )
        flagged = {"reuse": 0.45, "presale_never": 0.8}.get(
            order.fake or "", 0.6 if order.presale_fake else 0.0
        )
        if rng.random() < flagged:
            out.append(
                Penalty(
                    order,
                    number,
                    words["fake_ship"],
                    _bounded(order.paid_cents, 0.1, 500, 10000),
                    order.uploaded_at + days(rng, 2, 4),
                    pick(rng, words["note_fake_ship"]),
                    "violation",
                )
            )
    for penalty in out:
        penalty.at = penalty.at.replace(microsecond=0)


# ---------------------------------------------------------------- store scores
HISTORY_SCORE, HISTORY_WEIGHT = 4.72, 1000  # the 90 days of ratings before the horizon
DEFAULT_WEIGHT = (
    0.3  # how much an unrated delivery (系统默认好评, 5 stars) counts, our simplification
)


def store_scores(world: World) -> None:
    """Daily 90-day rolling scores; 描述相符 from ratings, 物流服务 from slow deliveries."""
    reviews = sorted(world.reviews, key=lambda r: r.at)
    defaults = sorted(
        o.parcel.signed_at + timedelta(days=15)
        for o in world.orders
        if o.outcome == "delivered" and not o.fake and o.review is None
    )
    times = [r.at for r in reviews]
    score_sums = [0]
    for review in reviews:
        score_sums.append(score_sums[-1] + review.score)
    signed = sorted(
        (o.parcel.signed_at, _was_slow(o, o.parcel.signed_at))
        for o in world.orders
        if o.outcome == "delivered" and not o.fake
    )
    signed_times = [s[0] for s in signed]
    slow_sums = [0]
    for _, slow in signed:
        slow_sums.append(slow_sums[-1] + slow)
    requests = sorted(r.applied_at for r in world.after_sales)
    deals = sorted(o.deal_at for o in world.orders)
    day = HORIZON_START.date()
    while day < CUTOFF.date():
        now = datetime(day.year, day.month, day.day)
        low, high = (
            bisect.bisect_left(times, now - timedelta(days=90)),
            bisect.bisect_left(times, now),
        )
        unrated = bisect.bisect_left(defaults, now) - bisect.bisect_left(
            defaults, now - timedelta(days=90)
        )
        history = HISTORY_WEIGHT * max(0.0, 1 - (now - HORIZON_START).days / 90)
        describe = (
            HISTORY_SCORE * history
            + score_sums[high]
            - score_sums[low]
            + 5 * DEFAULT_WEIGHT * unrated
        ) / (history + high - low + DEFAULT_WEIGHT * unrated)
        low, high = (
            bisect.bisect_left(signed_times, now - timedelta(days=30)),
            bisect.bisect_left(signed_times, now),
        )
        slow_share = (slow_sums[high] - slow_sums[low] + 2) / (high - low + 40)
        logistics = 4.86 - 1.2 * slow_share
        asked = bisect.bisect_left(requests, now) - bisect.bisect_left(
            requests, now - timedelta(days=30)
        )
        placed = bisect.bisect_left(deals, now) - bisect.bisect_left(
            deals, now - timedelta(days=30)
        )
        service = min(4.9, 4.83 - 0.8 * max(0.0, (asked + 5) / (placed + 50) - 0.1))
        store = 0.5 * describe + 0.25 * logistics + 0.25 * service
        world.store_scores.append(
            (day, round(store, 2), round(describe, 2), round(logistics, 2), round(service, 2))
        )
        day += timedelta(days=1)


def complete(world: World, ids: Ids) -> None:
    histories = Histories(world, ids)
    for order in world.orders:
        histories.build(order)
        order.log.sort(key=lambda entry: entry[0])
    world.reviews.sort(key=lambda r: (r.at, r.order.order_id))
    world.after_sales.sort(key=lambda r: (r.applied_at, r.number))
    penalties(world)
    store_scores(world)
