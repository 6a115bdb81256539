"""The world, step by step: orders → fulfilment → journeys → what happens at the door → money,
reviews and notes → store scores → the truth at the final snapshot.

Parcels are decided in the order they reach buyers, so a buyer can only be put off by reviews
written before their own parcel arrived.
"""

from __future__ import annotations

import bisect
import random
from datetime import date, datetime, timedelta

from . import journey, season, wording
from .catalog import ZONE_HOURS
from .fulfil import fulfil, new_after_sale
from .model import AfterSale, Order, Parcel, Penalty, Review, World
from .orders import make_orders

H = timedelta(hours=1)
DAY = timedelta(days=1)
REVIEW_WINDOW = timedelta(days=14)

# --- refusal mechanisms (chances per parcel) -----------------------------------------------------
BOOST_REFUSE = 0.22  # a helper's address refuses the empty parcel
TRIAL_CLUSTER_REFUSE = 0.35  # a 0元试用 account of a cluster refuses what it collected
GIFT_MISSED_REFUSE = 0.25  # a 六一/birthday gift that arrives too late
DAMAGE_REFUSE = {"door": 0.60, "station": 0.45}
DEFECT_REFUSE = {"door": 0.90, "station": 0.70}
PRE_ARRIVAL_APPLY = 0.55  # a buyer set on refusing asks for a refund before the parcel comes
INTERCEPT_TRY = 0.20  # …and the merchant tries to intercept it instead of agreeing
POST_REFUSAL_APPLY = 0.60  # a buyer who refused asks for the refund afterwards
REASON_TRUE, REASON_GENERIC = 0.80, 0.10  # what a stated refusal reason is (the rest misleads)
#: a buyer expects the parcel within 1.5 × the usual zone time + a day of the "shipped" notice
EXPECT_FACTOR, EXPECT_SLACK_HOURS = 1.5, 24.0
#: reviews only scare buyers off once the bad share of the last 14 days exceeds what any shop has
BAD_REVIEW_BASELINE = 0.12
CS_STORM_REFUSE = 0.015
REFUSAL_NOTE = 0.35  # merchant writes the refusal into 商家备注


def _rng(seed: int, stream: str) -> random.Random:
    return random.Random(f"world_n/{seed}/{stream}")


class ReviewIndex:
    """Reviews by time, to count the bad ones a buyer would have seen."""

    def __init__(self) -> None:
        self.by_product: dict[str, tuple[list[datetime], list[int]]] = {}
        self.all: tuple[list[datetime], list[int]] = ([], [])

    def add(self, product: str, at: datetime, score: int) -> None:
        for times, bads in (self.by_product.setdefault(product, ([], [])), self.all):
            i = bisect.bisect_right(times, at)
            times.insert(i, at)
            bads.insert(i, 1 if score <= 2 else 0)

    @staticmethod
    def _share(series: tuple[list[datetime], list[int]], at: datetime, prior: int) -> float:
        times, bads = series
        lo = bisect.bisect_left(times, at - REVIEW_WINDOW)
        hi = bisect.bisect_left(times, at)
        return sum(bads[lo:hi]) / (hi - lo + prior)

    def product_share(self, product: str, at: datetime) -> float:
        return self._share(self.by_product.get(product, ([], [])), at, 4)

    def store_share(self, at: datetime) -> float:
        return self._share(self.all, at, 15)


def _product_storm(product: str, at: datetime) -> season.ReviewStorm | None:
    return next(
        (s for s in season.REVIEW_STORMS if s.product == product and s.start <= at < s.end), None
    )


def _store_storm(at: datetime) -> season.ReviewStorm | None:
    return next((s for s in season.REVIEW_STORMS if not s.product and s.start <= at < s.end), None)


def _defects(order: Order, ship: datetime, rng: random.Random) -> None:
    for line in order.lines:
        kind = ""
        for batch in season.DEFECT_BATCHES:
            if (
                batch.product == line.product.key
                and (not batch.skus or line.sku.code in batch.skus)
                and batch.start <= ship < batch.end
                and rng.random() < batch.rate
            ):
                kind = batch.kind
                break
        if not kind and rng.random() < line.product.base_defect:
            kind = rng.choice(line.product.defect_kinds)
        if kind:
            order.defects.append(kind)


class Simulation:
    def __init__(self, seed: int, n_orders: int):
        self.seed = seed
        self.n_orders = n_orders
        self.rng = _rng(seed, "decide")
        self.text_rng = _rng(seed, "text")
        self.serial = [0]
        self.reviews: list[Review] = []
        self.index = ReviewIndex()
        self.review_sub: dict[
            int, tuple[int, int]
        ] = {}  # review idx → (logistics, service) sub-scores
        self.extra_penalties: list[Penalty] = []

    # -- the run ------------------------------------------------------------------------------
    def run(self) -> World:
        orders = make_orders(_rng(self.seed, "orders"), self.n_orders)
        parcels, penalties = fulfil(orders, _rng(self.seed, "fulfil"), self.serial)
        jrng = _rng(self.seed, "journey")
        drng = _rng(self.seed, "defects")
        for parcel in parcels:
            for order in parcel.orders:
                if not parcel.empty:
                    _defects(order, parcel.uploaded_at, drng)
            if parcel.pickup_at is not None:
                journey.travel(parcel, jrng)

        def when(p: Parcel) -> datetime:
            return (
                p.attempt_at or p.return_trigger_at or p.expected_at or p.pickup_at or p.uploaded_at
            )

        for parcel in sorted(parcels, key=lambda p: (when(p), p.number)):
            self._settle(parcel)
            parcel.events.sort(key=lambda e: e.at)
        for order in orders:
            if order.fake_ship == "reused":
                self._reused(order)
        aftersales = sorted(
            (a for o in orders for a in o.aftersales), key=lambda a: (a.applied_at, a.as_id)
        )
        scores = self._scores()
        for order in orders:
            self._label(order)
        penalties = sorted(
            penalties + self.extra_penalties, key=lambda p: (p.at, p.order.order_id, p.kind)
        )
        penalties = [p for p in penalties if p.at <= season.FINAL]
        return World(
            orders,
            parcels,
            aftersales,
            sorted(self.reviews, key=lambda r: (r.at, r.order.order_id)),
            penalties,
            scores,
        )

    # -- one parcel ---------------------------------------------------------------------------
    def _settle(self, parcel: Parcel) -> None:
        rng = self.rng
        lead = parcel.orders[0]
        if parcel.pickup_at is None:  # a 刷单 number that never moves
            for order in parcel.orders:
                order.signed_at = order.confirm_at = parcel.uploaded_at + rng.uniform(48, 140) * H
            return
        if parcel.lost:
            parcel.outcome = "lost"
            last = max(e.at for e in parcel.events)
            for order in parcel.orders:
                applied = last + rng.uniform(5, 9) * DAY
                self._refund_record(
                    order,
                    "仅退款",
                    wording.LOST_REASONS,
                    wording.EXTRA_NOTES["lost"],
                    applied,
                    applied + rng.uniform(1, 48) * H,
                )
            return
        if parcel.other_return:
            parcel.outcome = "returned_undelivered"
            journey.finish_other_return(parcel, rng)
            self._money_back_on_return(parcel, apply_chance=0.4)
            return
        if (
            any(o.regret_at and o.regret_at < parcel.attempt_at for o in parcel.orders)
            and lead.kind == "genuine"
        ):
            regret = min(o.regret_at for o in parcel.orders if o.regret_at)
            if self._cancel_in_transit(
                parcel, regret, wording.CANCEL_IN_TRANSIT_REASONS, intercept_chance=0.6
            ):
                return
        if lead.kind == "boost":
            decision = self._cluster_decision(
                parcel, BOOST_REFUSE, ("empty_parcel", "unknown_sender", "not_ordered")
            )
        elif lead.kind == "trial" and lead.buyer.cluster:
            decision = self._cluster_decision(
                parcel,
                TRIAL_CLUSTER_REFUSE,
                ("trial_unwanted", "unknown_sender", "not_ordered", "trial_unwanted"),
            )
        else:
            decision = self._genuine_decision(parcel)
        if decision is None:
            self._deliver(parcel)
            return
        facet, pre_applied = decision
        if pre_applied is not None and self._pre_arrival(parcel, facet, pre_applied):
            return
        self._refuse(parcel, facet, pre_applied is not None)

    def _cluster_decision(self, parcel: Parcel, chance: float, facets: tuple[str, ...]):
        if self.rng.random() < chance:
            return self.rng.choice(facets), None
        return None

    def _genuine_decision(self, parcel: Parcel):
        """Which cause, if any, makes this buyer refuse; and when they made up their mind."""
        rng = self.rng
        lead = parcel.orders[0]
        assert (
            parcel.attempt_at is not None
            and parcel.available_at is not None
            and parcel.pickup_at is not None
        )
        # before the parcel arrives: slowness, a missed gift date, bad reviews, an unanswered shop
        # the buyer counts from the "shipped" notice, or from the promised ship time if that
        # passed first
        ship = min(parcel.uploaded_at, lead.promise_ship_at or parcel.uploaded_at)
        expected = (
            ship + (ZONE_HOURS[lead.buyer.province.zone] * EXPECT_FACTOR + EXPECT_SLACK_HOURS) * H
        )
        late_days = max(0.0, (parcel.available_at - expected) / DAY)
        parcel.expected_at = expected
        pre: list[tuple[str, float]] = []
        if late_days > 0:
            pre.append(("delay", min(0.45, 0.025 * late_days + 0.012 * late_days**2)))
        if any(o.gift_deadline and parcel.available_at > o.gift_deadline for o in parcel.orders):
            pre.append(("gift_missed", GIFT_MISSED_REFUSE))
        check = parcel.pickup_at + (parcel.available_at - parcel.pickup_at) * rng.uniform(0.35, 0.9)
        share = max(
            self.index.product_share(p.key, check) for o in parcel.orders for p in o.products
        )
        if share > BAD_REVIEW_BASELINE:
            storm = next(
                (
                    s
                    for o in parcel.orders
                    for p in o.products
                    if (s := _product_storm(p.key, check))
                ),
                None,
            )
            facet = (
                "false_ad"
                if storm and storm.facet != "cs_unresponsive" and rng.random() < 0.5
                else "bad_reviews"
            )
            pre.append((facet, 0.4 * (share - BAD_REVIEW_BASELINE) ** 1.2))
        store = self.index.store_share(check)
        if store > BAD_REVIEW_BASELINE:
            pre.append(("store_score", 0.1 * (store - BAD_REVIEW_BASELINE)))
        if _store_storm(check):
            pre.append(("cs_unresponsive", CS_STORM_REFUSE))
        facet = self._one_of(pre)
        if facet:
            decided = (
                check
                if facet not in ("delay", "gift_missed")
                else max(
                    check, min(parcel.available_at - 2 * H, expected + rng.uniform(0.2, 1.0) * DAY)
                )
            )
            applied = decided if rng.random() < PRE_ARRIVAL_APPLY else None
            return facet, applied
        # at the door (or the 驿站 counter)
        door: list[tuple[str, float]] = []
        heavy = any(line.product.heavy for o in parcel.orders for line in o.lines)
        if parcel.damaged:
            door.append(
                ("damage", 0.8 if heavy and parcel.mode == "door" else DAMAGE_REFUSE[parcel.mode])
            )
        for order in parcel.orders:
            for kind in order.defects:
                if rng.random() < season.NOTICE_AT_DOOR[kind]:
                    door.append((kind, DEFECT_REFUSE[parcel.mode]))
        conflict = (
            parcel.courier.conflict_rate
            * (2.0 if lead.buyer.rural else 1.0)
            * (1.5 if parcel.redelivered else 1.0)
            * (1.3 if parcel.mode == "station" else 1.0)
        )
        door.append(("courier", conflict))
        facet = self._one_of(door)
        return (facet, None) if facet else None

    def _one_of(self, hazards: list[tuple[str, float]]) -> str:
        """Each hazard fires on its own; if several do, the stronger is the likelier reason."""
        fired = [(f, p) for f, p in hazards if self.rng.random() < p]
        if not fired:
            return ""
        return self.rng.choices([f for f, _ in fired], weights=[p for _, p in fired])[0]

    # -- outcomes -----------------------------------------------------------------------------
    def _pre_arrival(self, parcel: Parcel, facet: str, applied: datetime) -> bool:
        """The buyer asked for the refund before delivery. True when the parcel was intercepted."""
        rng = self.rng
        assert parcel.available_at is not None
        if rng.random() < INTERCEPT_TRY:
            return self._cancel_in_transit(
                parcel, applied, wording.AFTER_SALES_MENU[facet], intercept_chance=0.7, facet=facet
            )
        for order in parcel.orders:
            rec = self._record(order, "仅退款", self._reason(facet), applied, True)
            agreed = min(
                applied + rng.uniform(0.1, 18) * H,
                max(applied + 0.05 * H, parcel.available_at - 0.5 * H),
            )
            rec.history = [
                (applied, "买家申请退款，待商家处理"),
                (agreed, "已同意拒收退款，待用户拒收"),
            ]
            if rng.random() < 0.1:
                order.notes.append((agreed + rng.uniform(0.1, 6) * H, "已同意拒收退款"))
        return False

    def _cancel_in_transit(
        self, parcel: Parcel, applied: datetime, menu, intercept_chance: float, facet: str = ""
    ) -> bool:
        """A buyer wants out while the parcel travels. True when the merchant intercepted it."""
        rng = self.rng
        assert parcel.attempt_at is not None
        intercept_at = applied + rng.uniform(2, 24) * H
        ok = rng.random() < intercept_chance and intercept_at < parcel.attempt_at - 2 * H
        for order in parcel.orders:
            reason = self._reason(facet) if facet else wording.pick(rng, menu)
            rec = self._record(order, "仅退款", reason, applied, True)
            rec.history = [(applied, "买家申请退款，待商家处理")]
            if not ok:
                rec.history.append((applied + rng.uniform(0.5, 30) * H, "买家撤销"))
        if not ok:
            return False
        parcel.outcome = "intercepted"
        journey.finish_intercepted(parcel, intercept_at, rng)
        assert parcel.returned_at is not None
        for order in parcel.orders:
            rec = order.aftersales[-1]
            rec.history.append((applied + rng.uniform(0.2, 6) * H, "商家同意退款，退款中"))
            done = parcel.returned_at + rng.uniform(0.5, 36) * H
            rec.history.append((done, "退款成功"))
            order.refund_at = done
        return True

    def _refuse(self, parcel: Parcel, facet: str, pre_applied: bool) -> None:
        rng = self.rng
        cause = wording.FACET_CAUSE[facet]
        parcel.outcome, parcel.cause, parcel.facet = "refused", cause, facet
        stated = rng.random() < parcel.courier.reason_rate + (
            0.1 if parcel.mode == "station" else 0.0
        )
        journey.finish_refused(parcel, self._stated_reason(facet) if stated else "", rng)
        assert parcel.refused_at is not None and parcel.returned_at is not None
        cluster = parcel.orders[0].kind == "boost" or bool(parcel.orders[0].buyer.cluster)
        for order in parcel.orders:
            if pre_applied and order.aftersales:
                rec = order.aftersales[-1]
                # the money goes back once the parcel is back with the shop (the article's flow);
                # now and then the platform refunds as soon as it sees the refusal scan
                done = (
                    parcel.returned_at + rng.uniform(0, 24) * H
                    if rng.random() < 0.75
                    else parcel.refused_at + rng.uniform(48, 96) * H
                )
                rec.history.append((done, "退款成功"))
                order.refund_at = done
            elif rng.random() < (0.2 if cluster else POST_REFUSAL_APPLY):
                applied = parcel.refused_at + rng.uniform(0.5, 48) * H
                rec = self._record(order, "仅退款", self._reason(facet), applied, True)
                rec.history = [(applied, "买家申请退款，待商家处理")]
                order.refund_at = self._merchant_handles(rec, parcel.returned_at, order.paid_amount)
            else:
                order.refund_at = parcel.returned_at + rng.uniform(0, 48) * H
            if rng.random() < REFUSAL_NOTE:
                notes = wording.REFUSAL_NOTES[cause if rng.random() < 0.75 else ""]
                order.notes.append((parcel.returned_at + rng.uniform(0, 48) * H, rng.choice(notes)))

    def _merchant_handles(self, rec: AfterSale, returned: datetime, amount: float) -> datetime:
        """How the merchant answers a refund asked after a refusal (small orders: refund at
        once)."""
        rng = self.rng
        applied = rec.applied_at
        if amount < 10 and rng.random() < 0.8:
            done = applied + rng.uniform(0.1, 6) * H
        else:
            roll = rng.random()
            if roll < 0.65:
                rec.history.append((applied + rng.uniform(1, 24) * H, "商家同意退款，退款中"))
                done = max(returned, applied + 2 * H) + rng.uniform(0, 24) * H
            elif roll < 0.85:
                rec.history.append((applied + rng.uniform(4, 30) * H, "驳回退款，待买家处理"))
                rec.history.append((applied + rng.uniform(31, 72) * H, "平台处理中"))
                done = max(returned, applied + 73 * H) + rng.uniform(12, 72) * H
            else:
                done = max(returned, applied + 1 * H) + rng.uniform(0, 12) * H
        rec.history.append((done, "退款成功"))
        return done

    def _money_back_on_return(self, parcel: Parcel, apply_chance: float) -> None:
        rng = self.rng
        assert parcel.returned_at is not None and parcel.return_trigger_at is not None
        for order in parcel.orders:
            if rng.random() < apply_chance:
                applied = parcel.return_trigger_at - rng.uniform(0, 48) * H
                rec = self._record(
                    order, "仅退款", wording.pick(rng, wording.LOST_REASONS), applied, True
                )
                rec.history = [(applied, "买家申请退款，待商家处理")]
                order.refund_at = self._merchant_handles(rec, parcel.returned_at, order.paid_amount)
            else:
                order.refund_at = parcel.returned_at + rng.uniform(0, 48) * H

    def _deliver(self, parcel: Parcel) -> None:
        rng = self.rng
        journey.finish_signed(parcel, rng)
        signed = parcel.signed_at
        assert signed is not None
        parcel.outcome = "delivered"
        late_days = max(
            0.0, ((parcel.available_at or signed) - (parcel.expected_at or signed)) / DAY
        )
        for order in parcel.orders:
            order.signed_at = signed
            if order.kind == "boost":
                order.confirm_at = signed + rng.uniform(0.1, 2) * DAY
                if rng.random() < 0.75:
                    self._review(
                        order,
                        order.lines[0].product,
                        5,
                        rng.choice(wording.BOOST_REVIEWS),
                        order.confirm_at + rng.uniform(0, 20) * H,
                        5,
                        5,
                    )
                continue
            order.confirm_at = (
                signed + rng.uniform(0.1, 6) * DAY
                if rng.random() < 0.65
                else max(signed + DAY, (order.uploaded_at or signed) + 15 * DAY)
            )
            self._after_delivery(order, parcel, late_days)

    def _after_delivery(self, order: Order, parcel: Parcel, late_days: float) -> None:
        rng = self.rng
        signed = parcel.signed_at
        assert signed is not None
        product = order.lines[0].product
        if order.kind == "trial":
            if rng.random() < 0.4:
                self._review(
                    order,
                    product,
                    rng.choice((3, 4, 5, 5)),
                    rng.choice(wording.TRIAL_REVIEWS),
                    signed + rng.uniform(0.3, 5) * DAY,
                    5,
                    5,
                )
            return
        defect = order.defects[0] if order.defects else ""
        rejected = False
        if (
            (defect and rng.random() < 0.55)
            or (parcel.damaged and rng.random() < 0.45)
            or rng.random() < 0.015
        ):
            facet = defect or ("damage" if parcel.damaged else "")
            kind = rng.choices(("退货退款", "仅退款", "补寄", "换货"), weights=(55, 30, 10, 5))[0]
            applied = signed + rng.uniform(0.2, 5) * DAY
            reason = (
                self._reason(facet)
                if facet
                else wording.pick(rng, (("多拍/错拍/不想要", 0.6), ("7天无理由退货", 0.4)))
            )
            rec = self._record(order, kind, reason, applied, True)
            rec.history = [(applied, "买家申请退款，待商家处理")]
            if kind == "退货退款" and order.courier is not None:
                rec.return_number = (
                    f"{rng.choice(('YT', 'JT5', '75', '43'))}{rng.randrange(10**11, 10**12)}"
                )
            roll = rng.random()
            if roll < 0.1:
                rec.history.append((applied + rng.uniform(1, 48) * H, "买家撤销"))
            elif roll < 0.25:
                rejected = True
                rec.history.append((applied + rng.uniform(4, 30) * H, "驳回退款，待买家处理"))
                rec.history.append((applied + rng.uniform(31, 80) * H, "平台处理中"))
                rec.history.append((applied + rng.uniform(81, 160) * H, "退款成功"))
            else:
                rec.history.append((applied + rng.uniform(1, 24) * H, "商家同意退款，退款中"))
                rec.history.append((applied + rng.uniform(25, 140) * H, "退款成功"))
        storm = _product_storm(product.key, signed)
        store_storm = _store_storm(signed)
        logistics, service = (5 if rng.random() < 0.9 else 4), (5 if rng.random() < 0.9 else 4)
        write = 0.45
        if defect:
            score, facet, write = rng.choices((1, 2, 3), weights=(45, 35, 20))[0], defect, 0.6
        elif parcel.damaged:
            score, facet, write, logistics = (
                rng.choices((1, 2, 3, 4), weights=(3, 3, 2.5, 1.5))[0],
                "damage",
                0.55,
                2,
            )
        elif late_days > 1:
            score, facet, write = (
                rng.choices((2, 3, 4, 5), weights=(15, 30, 30, 25))[0],
                "delay",
                0.45,
            )
            logistics = 3 if late_days < 3 else 2
        elif storm and rng.random() < storm.bad_chance:
            score, facet, write = rng.choice((1, 1, 2)), storm.facet, 0.45 + storm.review_rate
        elif store_storm and rng.random() < store_storm.bad_chance:
            score, facet, write, service = (
                rng.choice((1, 2, 2, 3)),
                "cs_unresponsive",
                0.45 + store_storm.review_rate,
                1,
            )
        else:
            score, facet = rng.choices((5, 4, 3), weights=(80, 14, 6))[0], ""
        if rejected:
            service = 2
        if rng.random() < write:
            self._review(
                order,
                product,
                score,
                wording.review_text(self.text_rng, product.key, score, facet),
                signed + min(12.0, rng.lognormvariate(0.6, 0.8)) * DAY,
                logistics,
                service,
            )

    def _review(
        self,
        order: Order,
        product,
        score: int,
        text: str,
        at: datetime,
        logistics: int,
        service: int,
    ) -> None:
        rng = self.rng
        reply = ""
        if score <= 2 and rng.random() < 0.45:
            reply = rng.choice(wording.MERCHANT_REPLIES_BAD)
        elif score >= 4 and rng.random() < 0.08:
            reply = rng.choice(wording.MERCHANT_REPLIES_GOOD)
        self.review_sub[len(self.reviews)] = (logistics, service)
        self.reviews.append(Review(at, order, product, score, text, reply))
        self.index.add(product.key, at, score)

    def _reused(self, order: Order) -> None:
        """An order given another parcel's number: the buyer never gets anything."""
        rng = self.rng
        assert order.uploaded_at is not None
        if order.kind == "boost":
            order.signed_at = order.confirm_at = order.uploaded_at + rng.uniform(48, 140) * H
            return
        applied = order.uploaded_at + rng.uniform(3, 8) * DAY
        self._refund_record(
            order,
            "仅退款",
            wording.FAKE_SHIP_REASONS,
            wording.EXTRA_NOTES["fake_ship"],
            applied,
            applied + rng.uniform(2, 60) * H,
        )
        if rng.random() < 0.5:
            order.notes.append(
                (
                    applied + rng.uniform(1, 30) * H,
                    rng.choice(("单号填错 已退款", "补发中", "退款处理")),
                )
            )

    # -- bookkeeping --------------------------------------------------------------------------
    def _record(
        self, order: Order, kind: str, reason: str, applied: datetime, shipped: bool
    ) -> AfterSale:
        amount = order.paid_amount if kind in ("仅退款", "退货退款") else 0.0
        return new_after_sale(self.serial, order, kind, reason, applied, amount, shipped)

    def _refund_record(
        self, order: Order, kind: str, menu, notes, applied: datetime, done: datetime
    ) -> None:
        reason = wording.pick(self.rng, menu)
        if self.rng.random() < 0.25:
            reason = f"{reason}：{self.rng.choice(notes)}"
        rec = self._record(order, kind, reason, applied, True)
        rec.history = [(applied, "买家申请退款，待商家处理"), (done, "退款成功")]
        order.refund_at = done

    def _reason(self, facet: str) -> str:
        """The after-sales reason a buyer picks: mostly fitting, sometimes tactical, now and then
        odd."""
        rng = self.rng
        menu = wording.AFTER_SALES_MENU[facet]
        if rng.random() < 0.10:
            menu = wording.AFTER_SALES_MENU[rng.choice(sorted(wording.AFTER_SALES_MENU))]
        reason = wording.pick(rng, menu)
        roll = rng.random()
        if roll < 0.25:
            said = wording.roughen(rng.choice(wording.REFUSAL_REASONS[facet]), self.text_rng, 0.6)
            reason = f"{reason}：{said}"
        elif roll < 0.30:
            reason = wording.roughen(rng.choice(wording.REFUSAL_REASONS[facet]), self.text_rng, 0.6)
        return reason

    def _stated_reason(self, facet: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < REASON_TRUE:
            return rng.choice(wording.REFUSAL_REASONS[facet])
        if roll < REASON_TRUE + REASON_GENERIC:
            return rng.choice(wording.GENERIC_REASONS)
        other = rng.choice(
            sorted(
                f
                for f in wording.REFUSAL_REASONS
                if wording.FACET_CAUSE[f] != wording.FACET_CAUSE[facet]
            )
        )
        return rng.choice(wording.REFUSAL_REASONS[other])

    def _scores(self) -> list[tuple[str, float, float, float, float]]:
        """Daily 90-day rolling store scores, starting from the shop's earlier reputation."""
        prior = (4.78, 4.74, 4.80)
        by_day: dict[date, list[float]] = {}
        for i, review in enumerate(self.reviews):
            logistics, service = self.review_sub[i]
            row = by_day.setdefault(review.at.date(), [0.0, 0.0, 0.0, 0.0])
            row[0] += review.score
            row[1] += logistics
            row[2] += service
            row[3] += 1
        out = []
        day = season.FIRST_DAY
        while day < season.FINAL.date():
            weight = 600.0 * max(0, 89 - (day - season.FIRST_DAY).days) / 90.0
            sums = [weight * p for p in prior] + [weight]
            for back in range(90):
                row = by_day.get(day - timedelta(days=back))
                if row:
                    for k in range(4):
                        sums[k] += row[k]
            desc, logi, serv = (sums[k] / sums[3] for k in range(3))
            out.append(
                (
                    day.isoformat(),
                    round((desc + logi + serv) / 3, 2),
                    round(desc, 2),
                    round(logi, 2),
                    round(serv, 2),
                )
            )
            day += timedelta(days=1)
        return out

    @staticmethod
    def _label(order: Order) -> None:
        final = season.FINAL
        order.cause = ""
        if order.paid_at is None:
            order.outcome = (
                "cancelled" if order.cancelled_at and order.cancelled_at <= final else "unpaid"
            )
            return
        if order.preship_refund_at is not None:
            order.outcome = (
                "not_shipped" if order.preship_refund_at <= final else "awaiting_shipment"
            )
            return
        if order.uploaded_at is None or order.uploaded_at > final:
            order.outcome = "awaiting_shipment"
            return
        if order.fake_ship:
            order.outcome = "fake_shipping"
            return
        parcel = order.parcel
        assert parcel is not None
        outcome = parcel.outcome
        if outcome == "refused":
            seen = [parcel.refused_at] + [
                t
                for rec in order.aftersales
                for t, s in rec.history
                if s == "已同意拒收退款，待用户拒收"
            ]
            if min(t for t in seen if t is not None) <= final:
                order.outcome, order.cause = "refused", parcel.cause
                return
        elif outcome == "intercepted" and parcel.intercepted_at and parcel.intercepted_at <= final:
            order.outcome = "intercepted"
            return
        elif (
            outcome == "returned_undelivered"
            and parcel.return_trigger_at
            and parcel.return_trigger_at <= final
        ):
            order.outcome = "returned_undelivered"
            return
        elif outcome == "lost" and order.refund_at and order.refund_at <= final:
            order.outcome = "lost"
            return
        elif outcome == "delivered" and parcel.signed_at and parcel.signed_at <= final:
            order.outcome = "delivered"
            return
        order.outcome = "in_transit"


def simulate(seed: int, n_orders: int) -> World:
    return Simulation(seed, n_orders).run()
