"""The shop's weeks, run in time order: packing, shipping, the road, the door, the reviews.

Events are processed from one time-ordered queue, so a buyer deciding at the door only sees the
reviews posted before that moment. Warehouse and last-mile rates:
- handling: log-normal around 15 h (1.5-44 h), packed between 09:00 and 22:00; during the
  promotion crunch 45 % of orders wait another 10-60 h, so some ship after the 48 h promise;
- before shipping 2.2 % of buyers cancel, more when the product's reviews turn bad (+50 % x the
  bad share above 7 %) or when the order runs late (+12 %); 0.6 % are cancelled for stock-outs;
- orders still unpacked after 30 h are sometimes marked shipped a day or more before the courier
  gets them (虚假发货: 10 % in the crunch, 2 % otherwise), or given the tracking number of an
  earlier parcel, usually a boosted one (6 % / 1 %): that order is never really shipped;
- the courier collects between 17:00 and 21:00; 28 % of parcels go to a locker or 驿站, collected
  in daytime 2-36 h later; 6 % of door deliveries need a second attempt;
- returned undelivered: interception on the buyer's request 0.4 % (+2 % for parcels stuck more
  than 1.5 days), bad address 0.25 % (+0.4 % in the far west), unreachable buyer 0.4 %, locker
  timeouts 1.2 % of locker parcels.
Boosted parcels never handed over leave a printed waybill (已下单) half of the time, nothing
else; 30 % of 空包 traces are forged without a pickup scan.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Callable
from datetime import datetime, time, timedelta

from .catalog import Catalog, TrackingNumbers, expected_days
from .hazards import ReviewBoard, decide_refusal, refusal_hazards
from .journey import Disruption, JourneyBuilder, hours
from .model import Courier, Event, Order, Parcel, Review
from .orders import Plan
from .reviews import ReviewWriter
from .timeline import Timeline
from .vocab import Vocab
from .wording import Wording

STOCKOUT_RATE = 0.006
CANCEL_BASE = 0.022
CANCEL_PER_BAD_SHARE = 0.5
CANCEL_LATE = 0.12
CRUNCH_SLOW_SHARE = 0.45
DEFECTIVE_UNIT_RATE = 0.6
WRONG_ITEM_RATE = 0.004
LOCKER_RATE = 0.28
RETRY_RATE = 0.06
INTERCEPT_RATE = 0.004
INTERCEPT_STUCK_EXTRA = 0.02
ADDRESS_RATE = 0.0025
ADDRESS_FAR_WEST_EXTRA = 0.004
UNREACHABLE_RATE = 0.004
LOCKER_TIMEOUT_RATE = 0.012
EMPTY_PARCEL_COURIERS = ("yto", "yunda", "sto")
NO_PICKUP_WAYBILL_SHARE = 0.5  # a printed waybill (已下单) and nothing after it
FORGED_TRACE_SHARE = 0.3  # 空包 services forge transit scans without any pickup scan
REFUSAL_STYLES = {"k100_203": 0.45, "k100_14": 0.30, "k100_final_14": 0.15, "no_code": 0.10}


class Simulation:
    def __init__(
        self,
        timeline: Timeline,
        catalog: Catalog,
        plan: Plan,
        vocab: Vocab,
        rng: random.Random,
    ) -> None:
        self.timeline = timeline
        self.catalog = catalog
        self.plan = plan
        self.vocab = vocab
        self.rng = rng
        self.journeys = JourneyBuilder(vocab, timeline, vocab.get("shop"), rng)
        self.wording = Wording(vocab, rng)
        self.review_writer = ReviewWriter(vocab, timeline, rng)
        self.numbers = TrackingNumbers(rng)
        self.board = ReviewBoard()
        self.reviews: list[Review] = []
        self.parcels: list[Parcel] = []
        self.queue: list[tuple[datetime, int, Callable, object]] = []
        self.counter = 0

    def push(self, at: datetime, action: Callable, item: object) -> None:
        self.counter += 1
        heapq.heappush(self.queue, (at, self.counter, action, item))

    def run(self, orders: list[Order]) -> None:
        for order in orders:
            if order.paid_at is not None and order.kind != "followup":
                self.push(order.paid_at, self.prepare, order)
        while self.queue:
            at, _, action, item = heapq.heappop(self.queue)
            action(item, at)

    # ------------------------------------------------------------ warehouse
    def _warehouse_hours(self, moment: datetime) -> datetime:
        if moment.hour < 9:
            return datetime.combine(moment.date(), time(9)) + hours(self.rng.uniform(0, 2))
        if moment.hour >= 22:
            next_day = moment.date() + timedelta(days=1)
            return datetime.combine(next_day, time(9)) + hours(self.rng.uniform(0, 3))
        return moment

    def _daytime(self, moment: datetime) -> datetime:
        """Buyers collect from lockers and talk to stations between 08:00 and 21:00."""
        if moment.hour < 8:
            return datetime.combine(moment.date(), time(8)) + hours(self.rng.uniform(0, 3))
        if moment.hour >= 21:
            next_day = moment.date() + timedelta(days=1)
            return datetime.combine(next_day, time(8)) + hours(self.rng.uniform(0, 3))
        return moment

    def prepare(self, order: Order, now: datetime) -> None:
        rng = self.rng
        in_crunch = order.paid_at in self.timeline.windows["crunch"]
        if order.kind == "boosted":
            handling = rng.uniform(2, 30)
        else:
            handling = min(44.0, max(1.5, math.exp(rng.gauss(math.log(15.0), 0.5))))
            if in_crunch and rng.random() < CRUNCH_SLOW_SHARE:
                handling += rng.uniform(10, 60)
        order.ready_at = self._warehouse_hours(order.paid_at + hours(handling))
        late = order.ready_at > order.promised_ship_at

        if order.kind == "regular" and not order.followups and self._cancels(order, late, handling):
            return

        marked = order.ready_at
        slow = (order.ready_at - order.paid_at) > timedelta(hours=30)
        if order.kind != "boosted" and slow:
            reuse_rate, fake_rate = (0.06, 0.10) if in_crunch else (0.01, 0.02)
            draw = rng.random()
            early = min(
                order.paid_at + hours(rng.uniform(18, 44)),
                order.ready_at - hours(rng.uniform(20, 30)),
            )
            if draw < reuse_rate:
                order.reuse_number = True
                marked = max(early, order.paid_at + hours(rng.uniform(6, 20)))
            elif draw < reuse_rate + fake_rate and early > order.paid_at + hours(2):
                order.fake_ship = True
                marked = early
        order.late_ship = marked > order.promised_ship_at
        self.push(marked, self.ship, order)

    def _cancels(self, order: Order, late: bool, handling: float) -> bool:
        rng = self.rng
        if rng.random() < STOCKOUT_RATE:
            order.cancel_kind = "stockout"
            order.cancelled_at = order.paid_at + hours(rng.uniform(6, 40))
            return True
        worst = max(self.board.bad_share(line.product.key, order.paid_at) for line in order.lines)
        chance = CANCEL_BASE + CANCEL_PER_BAD_SHARE * max(0.0, worst - 0.07)
        chance += CANCEL_LATE if late else 0.0
        if rng.random() >= chance:
            return False
        if late and rng.random() < 0.6:
            order.cancel_kind = "late"
            order.cancelled_at = order.promised_ship_at + hours(
                rng.uniform(0.5, max(1.0, handling - 47))
            )
        else:
            order.cancel_kind = "buyer"
            order.cancelled_at = order.paid_at + hours(rng.uniform(0.05, 0.9) * min(handling, 40))
        return True

    # ------------------------------------------------------------ shipping
    def _courier(self, order: Order) -> Courier:
        rng = self.rng
        couriers = self.catalog.couriers
        if order.sf_surcharge:
            return self.catalog.courier("sf")
        if order.kind == "boosted" and order.boost_mode in ("empty", "none_pickup"):
            return self.catalog.courier(rng.choice(EMPTY_PARCEL_COURIERS))
        if order.buyer.region.tier == 3 and rng.random() < 0.5:
            return self.catalog.courier("post")
        avoid = {"别发极兔": "jt", "不要发韵达": "yunda"}.get(order.buyer_message, "")
        wanted = {"请发中通，谢谢": "zto", "发邮政，我们这只有邮政到": "post"}.get(
            order.buyer_message, ""
        )
        if wanted:
            return self.catalog.courier(wanted)
        options = [c for c in couriers if c.key not in (avoid, "sf")]
        return rng.choices(options, weights=[c.share for c in options])[0]

    def _reuse(self, order: Order, now: datetime) -> bool:
        cutoff = now - timedelta(days=1)
        pool = [
            parcel
            for parcel in self.parcels[-400:]
            if parcel.pickup_at and parcel.shipped_at < cutoff and len(parcel.orders) == 1
        ]
        boosted = [parcel for parcel in pool if parcel.main.kind == "boosted"]
        pool = boosted or pool
        if not pool:
            return False
        parcel = self.rng.choice(pool[-60:])
        order.parcel = parcel
        order.marked_shipped_at = now
        parcel.reused_by.append(order)
        return True

    def _pickup_slot(self, ready: datetime) -> datetime:
        day = ready.date() if ready.hour < 16 else ready.date() + timedelta(days=1)
        slot = datetime.combine(day, time(17)) + hours(self.rng.uniform(0, 4))
        return max(slot, ready + hours(0.5))

    def ship(self, order: Order, now: datetime) -> None:
        rng = self.rng
        if order.reuse_number:
            if self._reuse(order, now):
                return
            order.reuse_number, order.fake_ship = False, True
        members = [order]
        for child in order.followups:
            if child.created_at < now - timedelta(minutes=5):
                members.append(child)
            else:
                self.push(max(child.paid_at, now), self.prepare, child)
        courier = self._courier(order)
        parcel = Parcel(
            tracking_no=self.numbers.issue(courier),
            courier=courier,
            orders=members,
            shipped_at=now,
            pickup_at=None,
            expected_days=expected_days(courier, order.buyer.region),
        )
        self.parcels.append(parcel)
        for member in members:
            member.parcel = parcel
            member.marked_shipped_at = now
            member.late_ship = now > member.promised_ship_at
            self._pack(member, now)
        if order.kind == "boosted" and order.boost_mode == "none_pickup":
            order.confirmed_at = now + timedelta(days=rng.uniform(1, 3))
            if rng.random() < NO_PICKUP_WAYBILL_SHARE:
                text = self.journeys.narrator.say(courier, "ordered")
                at = now + hours(rng.uniform(0.1, 2))
                parcel.events.append(Event(at, "ordered", text, self.vocab.get("shop.origin_city")))
            return

        parcel.pickup_at = self._pickup_slot(max(now, order.ready_at))
        if order.fake_ship:
            parcel.fake_delay_days = max(
                0.0, (parcel.pickup_at - now).total_seconds() / 86400 - 1.0
            )
        disruption = self.journeys.disruption(courier, order.buyer, parcel.pickup_at)
        parcel.stuck = disruption.total_days > 0.8
        fragility = max(line.product.fragility for m in members for line in m.lines)
        if order.kind == "boosted" and order.boost_mode == "empty":
            fragility = 0.3
        parcel.damaged = rng.random() < courier.damage * fragility * disruption.damage_factor
        station_at = self.journeys.outbound(parcel, order.buyer, disruption)
        if order.boost_mode == "empty" and rng.random() < FORGED_TRACE_SHARE:
            parcel.events = [e for e in parcel.events if e.kind not in ("ordered", "pickup")]
        self._plan_last_mile(parcel, station_at, disruption)

    def _pack(self, order: Order, now: datetime) -> None:
        if order.kind == "boosted":
            return  # empty envelopes and token gifts, not the shop's stock
        for line in order.lines:
            for product_key, sku_codes, window in self.plan.defects:
                hit = line.product.key == product_key and line.sku.code in sku_codes
                if hit and now in window and self.rng.random() < DEFECTIVE_UNIT_RATE:
                    line.defective = True
            if not line.product.is_topup and self.rng.random() < WRONG_ITEM_RATE:
                line.wrong_item = True

    def _plan_last_mile(self, parcel: Parcel, station_at: datetime, disruption: Disruption) -> None:
        rng = self.rng
        order = parcel.main
        parcel.via_locker = rng.random() < LOCKER_RATE
        if order.kind in ("regular", "followup"):
            address_rate = ADDRESS_RATE + (
                ADDRESS_FAR_WEST_EXTRA if order.buyer.region.tier == 3 else 0
            )
            # A buyer fed up with a stuck parcel asks for the money back; the merchant intercepts.
            intercept = INTERCEPT_RATE + (
                INTERCEPT_STUCK_EXTRA if disruption.total_days > 1.5 else 0
            )
            draw = rng.random()
            if draw < intercept:
                self._intercept(parcel, station_at)
                return
            if draw < intercept + address_rate:
                parcel.undelivered_kind = "address_bad"
            elif draw < intercept + address_rate + UNREACHABLE_RATE:
                parcel.undelivered_kind = "unreachable"
            elif parcel.via_locker and rng.random() < LOCKER_TIMEOUT_RATE:
                parcel.undelivered_kind = "locker_timeout"
        self.push(station_at, self.arrive, parcel)

    def _intercept(self, parcel: Parcel, station_at: datetime) -> None:
        rng = self.rng
        at = parcel.pickup_at + (station_at - parcel.pickup_at) * rng.uniform(0.25, 0.8)
        parcel.events = [event for event in parcel.events if event.at < at]
        text = self.journeys.narrator.say(parcel.courier, "intercepted")
        parcel.events.append(Event(at, "intercepted", text, parcel.main.buyer.city))
        parcel.undelivered_kind = "intercepted"
        parcel.decided_at = at - hours(rng.uniform(3, 30))
        self._return_undelivered(parcel, at + hours(rng.uniform(3, 20)))

    def _return_undelivered(self, parcel: Parcel, start: datetime) -> None:
        parcel.outcome = "returned_undelivered"
        parcel.outcome_at = start
        parcel.returned_at = self.journeys.return_leg(parcel, parcel.main.buyer, start)

    # ------------------------------------------------------------ the last mile
    def arrive(self, parcel: Parcel, now: datetime) -> None:
        rng = self.rng
        buyer = parcel.main.buyer
        say = self.journeys.narrator.say
        kind = parcel.undelivered_kind
        if kind == "address_bad":
            at = now + hours(rng.uniform(1, 5))
            parcel.events.append(
                Event(at, "address_bad", say(parcel.courier, "address_bad"), buyer.city)
            )
            self._return_undelivered(parcel, at + hours(rng.uniform(16, 40)))
            return
        if kind == "unreachable":
            door = self.journeys.dispatch(parcel, buyer, now)
            station = self.journeys.narrator.station(buyer.city, buyer.district)
            for attempt in range(2, 2 + rng.randint(1, 2)):
                text = say(parcel.courier, "unreachable", station=station)
                parcel.events.append(Event(door, "unreachable", text, buyer.city))
                door = self.journeys.dispatch(parcel, buyer, door + hours(12), attempt)
            text = say(parcel.courier, "unreachable", station=station)
            parcel.events.append(Event(door, "unreachable", text, buyer.city))
            self._return_undelivered(parcel, door + timedelta(days=rng.uniform(1, 3)))
            return
        if parcel.via_locker:
            placed = self.journeys.dispatch_time(now)
            locker = self.journeys.locker_in(parcel, buyer, placed)
            if kind == "locker_timeout":
                days = rng.randint(3, 7)
                at = placed + timedelta(days=days, hours=rng.uniform(0, 10))
                text = say(parcel.courier, "locker_timeout", locker=locker, days=days)
                parcel.events.append(Event(at, "locker_timeout", text, buyer.city))
                self._return_undelivered(parcel, at + hours(rng.uniform(2, 12)))
                return
            collected = self._daytime(placed + hours(rng.uniform(2, 36)))
            self._door(parcel, placed, collected, now, locker)
            return
        door = self.journeys.dispatch(parcel, buyer, now)
        if rng.random() < RETRY_RATE:
            station = self.journeys.narrator.station(buyer.city, buyer.district)
            text = say(parcel.courier, "retry", station=station)
            parcel.events.append(Event(door, "retry", text, buyer.city))
            door = self.journeys.dispatch(parcel, buyer, door + hours(10), 2)
        self._door(parcel, door, door, now, "")

    def _door(
        self, parcel: Parcel, arrived_at: datetime, attempt_at: datetime, now: datetime, locker: str
    ) -> None:
        """The buyer meets the parcel (at the door, or at the locker): refuse it or sign for it."""
        rng = self.rng
        parcel.attempt_at = attempt_at
        decided_at = min(now, parcel.shipped_at + (arrived_at - parcel.shipped_at) * 0.65)
        hazards = refusal_hazards(parcel, arrived_at, decided_at, self.board)
        cause = decide_refusal(hazards, rng)
        buyer = parcel.main.buyer
        if cause:
            parcel.outcome, parcel.outcome_at, parcel.cause = "refused", attempt_at, cause
            parcel.decided_at = decided_at
            parcel.refusal_style = rng.choices(
                list(REFUSAL_STYLES), weights=list(REFUSAL_STYLES.values())
            )[0]
            station = self.journeys.narrator.station(buyer.city, buyer.district)
            note = self.wording.refusal_note(
                cause, damaged=parcel.damaged, station=station, locker=locker
            )
            parcel.events.append(Event(attempt_at, "refused", note, buyer.city))
            start = attempt_at + hours(rng.uniform(2, 20))
            parcel.returned_at = self.journeys.return_leg(parcel, buyer, start)
            return
        self._sign(parcel, attempt_at, locker)

    def _sign(self, parcel: Parcel, at: datetime, locker: str) -> None:
        rng = self.rng
        buyer = parcel.main.buyer
        man, phone = self.journeys.narrator.man()
        if locker:
            kind = "signed_locker"
        else:
            kind = "signed_self" if rng.random() < 0.7 else "signed_proxy"
        text = self.journeys.narrator.say(
            parcel.courier,
            kind,
            name=buyer.name[0] + "**",
            city=buyer.city,
            man=man,
            phone=phone,
            locker=locker,
        )
        parcel.events.append(Event(at, kind, text, buyer.city))
        parcel.outcome, parcel.outcome_at = "delivered", at
        for order in parcel.orders:
            self._confirm(order, parcel, at)
            review = self.review_writer.write(order, parcel, at)
            if review is not None:
                self.reviews.append(review)
                self.push(review.at, self.post_review, review)

    def _confirm(self, order: Order, parcel: Parcel, signed_at: datetime) -> None:
        rng = self.rng
        if order.kind == "boosted":
            order.confirmed_at = signed_at + timedelta(days=rng.uniform(0.05, 1.0))
        elif rng.random() < 0.55:
            order.confirmed_at = signed_at + timedelta(days=rng.uniform(0.05, 4.0))
        else:
            automatic = parcel.shipped_at + timedelta(days=12, hours=rng.uniform(0, 6))
            order.confirmed_at = max(automatic, signed_at + timedelta(days=1))

    def post_review(self, review: Review, now: datetime) -> None:
        self.board.post(review)
