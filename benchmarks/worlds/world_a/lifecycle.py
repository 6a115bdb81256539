"""Running the shop in time order: payment, cancellation, shipping, the door, and what follows.

Every decision is taken at its own moment from what the world holds by then (a buyer deciding to
refuse sees only reviews written before), so evidence precedes the refusals it explains.

At the first delivery attempt each cause has a hazard and the parcel is refused with probability
1 - Π(1 - h); the cause is drawn in proportion to the hazards:
- product_quality: the product's everyday risk (0.2-0.4%) + 28% for a bad-batch item, 35% for a
  wrong item;
- logistics: 0.2% + 3% per day beyond the usual transit (after half a day of slack, up to 6 days)
  + 30% if the parcel arrives crushed + 1.2% per day the merchant shipped late;
- reviews: 0.2% + 45% x (the product's recent 1-2 star share above the normal 12%);
- rule_violation: 55% for an empty boosted parcel sent to a stranger's harvested address.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from datetime import datetime, time, timedelta
from random import Random

from .aftersales import AfterSalesDesk
from .catalog import Catalog, Courier
from .doorstep import refusal_text
from .episodes import Episodes
from .model import Event, Order, Parcel
from .params import DAY, HOUR, MINUTE, Calendar, Rates
from .reviews import ReviewBook
from .transit import Leg, Origin, Road, next_morning

DROPSHIP_COURIERS = (("zto", "yto", "sto"), (0.5, 0.3, 0.2))
REMOTE_ZONE = 3


def courier_pickup(moment: datetime, rng: Random) -> datetime:
    """Couriers collect from the warehouse twice a day, 10:00-12:00 and 17:00-20:00."""
    seconds = rng.randint(0, 59) * timedelta(seconds=1)
    for day in (moment.date(), moment.date() + timedelta(days=1)):
        for start, spread in ((time(10), 120), (time(17), 180)):
            slot = datetime.combine(day, start) + rng.randint(0, spread) * MINUTE + seconds
            if slot > moment + 30 * MINUTE:
                return slot
    raise AssertionError("a pickup round always follows within a day")


def working_hours(moment: datetime, rng: Random) -> datetime:
    """The warehouse files tracking numbers 08:00-23:00."""
    if 8 <= moment.hour < 23:
        return moment
    day = moment.date() if moment.hour < 8 else moment.date() + timedelta(days=1)
    return datetime.combine(day, time(8)) + rng.randint(0, 180) * MINUTE


class Shop:
    def __init__(
        self, calendar: Calendar, catalog: Catalog, episodes: Episodes, rates: Rates, rng: Random
    ) -> None:
        self.calendar = calendar
        self.catalog = catalog
        self.vocab = catalog.vocab
        self.episodes = episodes
        self.rates = rates
        self.rng = rng
        self.road = Road(catalog, episodes, rates, rng)
        self.book = ReviewBook(catalog, episodes, rates, rng)
        self.desk = AfterSalesDesk(catalog, rates, rng)
        self.parcels: list[Parcel] = []
        self.cancelled: set[str] = set()
        self._heap: list = []
        self._seq = 0
        self._shipped: list[Parcel] = []
        self._storm_buyers: list[tuple[datetime, Order]] = []
        self._groups: dict[int, list[Order]] = defaultdict(list)
        shop = self.vocab.get("shop")
        self.home = Origin(
            shop["origin_province"],
            shop["origin_city"],
            shop["origin_district"],
            shop["origin_hub"],
            shop["origin_outlets"],
        )
        self.dropship = Origin(
            shop["dropship_province"],
            shop["dropship_city"],
            shop["dropship_district"],
            shop["dropship_hub"],
            shop["dropship_outlets"],
        )

    # the event loop ----------------------------------------------------------------------

    def _push(self, at: datetime, handler, *payload) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (at, self._seq, handler, payload))

    def run(self, orders: list[Order], total: int) -> None:
        for order in orders:
            if order.group >= 0:
                self._groups[order.group].append(order)
        self._plan_shipping(orders)
        for order in orders:
            self._push(order.deal_at, self._placed, order)
        self._schedule_storm(total)
        while self._heap:
            at, _, handler, payload = heapq.heappop(self._heap)
            handler(at, *payload)

    # before shipping ---------------------------------------------------------------------

    def _plan_shipping(self, orders: list[Order]) -> None:
        rng, rates, backlog = self.rng, self.rates, self.episodes.backlog
        for order in orders:
            if order.paid_at is None:
                continue
            pickup = None
            if order.kind != "real":
                lag = rng.uniform(2, 30)
            else:
                lag = min(
                    rng.lognormvariate(math.log(rates.ship_median_hours), rates.ship_sigma), 44
                )
                if backlog and order.deal_at in backlog and rng.random() < rates.backlog_late:
                    lag = 48 + rng.uniform(4, 60)
                    if rng.random() < rates.premark_share:
                        pickup = courier_pickup(order.deal_at + lag * HOUR, rng)
                        lag = rng.uniform(20, 44)
                elif rng.random() < rates.late_ship:
                    lag = 48 + rng.uniform(2, 36)
            order.ship_plan_at = working_hours(order.deal_at + lag * HOUR, rng)
            order.pickup_plan_at = pickup or courier_pickup(order.ship_plan_at, rng)
        for members in self._groups.values():
            paid = [order for order in members if order.ship_plan_at]
            if len(paid) > 1:
                ship = max(order.ship_plan_at for order in paid)
                pickup = max(order.pickup_plan_at for order in paid)
                for order in paid:
                    order.ship_plan_at, order.pickup_plan_at = ship, max(pickup, ship + HOUR)

    def _placed(self, at: datetime, order: Order) -> None:
        rng = self.rng
        if order.paid_at is None:
            order.status.set(order.deal_at, "待支付")
            order.status.set(order.deal_at + rng.uniform(15, 30) * MINUTE, "已取消")
            return
        order.status.set(order.deal_at, "待发货")
        if order.kind != "real":
            self._push(order.ship_plan_at, self._ship, order)
            return
        self._buyer_message(order)
        if order.out_of_stock:
            cancel_at = order.deal_at + rng.uniform(20, 60) * HOUR
            self.desk.cancel_before_shipping(order, cancel_at, "缺货")
            self.cancelled.add(order.order_id)
            return
        check = order.deal_at + (order.ship_plan_at - order.deal_at) * rng.uniform(0.1, 0.95)
        self._push(check, self._cancel_check, order)

    def _buyer_message(self, order: Order) -> None:
        rng = self.rng
        if rng.random() >= self.rates.buyer_message:
            return
        scare = max(self.book.scare(product, order.deal_at) for product in order.products)
        pool = "everyday"
        if scare > 0.05 and rng.random() < self.rates.worried_message:
            pool = "worried"
        order.buyer_message = self.vocab.pick(rng, f"buyer_messages.{pool}")

    def _cancel_check(self, at: datetime, order: Order) -> None:
        rng, rates = self.rng, self.rates
        scare = max(self.book.scare(product, at) for product in order.products)
        waiting = max((order.ship_plan_at - order.deal_at) / DAY - 1.5, 0)
        chance = rates.cancel_base + rates.cancel_per_bad_share * scare
        chance += rates.cancel_per_wait_day * waiting
        if rng.random() >= chance:
            self._push(order.ship_plan_at, self._ship, order)
            return
        if scare > 0.1 and rng.random() < 0.6:
            reason = self.desk.reason("change_mind", "reviews")
        elif waiting > 0 and rng.random() < 0.6:
            reason = rng.choice(("未按约定时间发货", "未按约定时间发货", "其他（一直不发货）"))
        else:
            reason = self.desk.reason("change_mind", "change_mind")
        self.desk.cancel_before_shipping(order, at, reason)
        self.cancelled.add(order.order_id)

    # shipping ----------------------------------------------------------------------------

    def _courier(self, order: Order) -> Courier:
        rng, couriers = self.rng, self.catalog.couriers
        if order.kind != "real":
            return couriers[rng.choices(*DROPSHIP_COURIERS)[0]]
        if order.sf_upgrade:
            return couriers["sf"]
        if order.buyer.address.zone == REMOTE_ZONE and rng.random() < 0.35:
            return couriers["post"]
        everyday = [c for c in couriers.values() if c.key != "sf"]
        return rng.choices(everyday, [c.share for c in everyday])[0]

    def _ship(self, at: datetime, order: Order) -> None:
        if order.shipped_at or order.order_id in self.cancelled:
            return
        rng = self.rng
        members = [order] + [
            other
            for other in self._groups.get(order.group, [])
            if other is not order
            and other.ship_plan_at == order.ship_plan_at
            and not other.shipped_at
            and other.order_id not in self.cancelled
        ]
        if order.boost_mode == "reuse" and self._reuse(at, order):
            return
        courier = self._courier(order)
        origin = self.home if order.kind == "real" else self.dropship
        parcel = Parcel(
            self.catalog.tracking_number(courier), courier.key, at, order.buyer.address, origin.city
        )
        self.parcels.append(parcel)
        for member in members:
            member.shipped_at, member.parcel = at, parcel
            member.status.set(at, "已发货，待签收")
            parcel.order_ids.append(member.order_id)
        if order.boost_mode == "nopickup":
            self._no_pickup(at, order, parcel)
            return
        pickup = order.pickup_plan_at if order.kind == "real" else at + rng.uniform(1, 5) * HOUR
        affected = {
            "bad_batch": self.rates.bad_batch_defective,
            "wrong_item": self.rates.wrong_item_packed,
        }
        for member in members:
            for line in member.lines:
                defect = self.episodes.defect(line.product.key, at)
                if defect and member.kind == "real" and rng.random() < affected[defect]:
                    line.defect = defect
        leg = self.road.forward(parcel, courier, origin, pickup)
        parcel.events = list(leg.events)
        self._shipped.append(parcel)
        if order.kind == "real" and self._maybe_intercept(
            at, parcel, leg, courier, origin, members
        ):
            return
        self._push(leg.dispatch_at, self._attempt, parcel, leg, courier, origin, members)

    def _reuse(self, at: datetime, order: Order) -> bool:
        """A fake order 'shipped' on the tracking number of an earlier, real parcel."""
        rng = self.rng
        pool = [
            parcel
            for parcel in self._shipped[-600:]
            if 2 * DAY <= at - parcel.shipped_at <= 20 * DAY
            and parcel.destination != order.buyer.address
        ]
        if not pool:
            return False
        parcel = rng.choice(pool)
        order.shipped_at, order.parcel, order.reused_number = at, parcel, True
        order.status.set(at, "已发货，待签收")
        self._fake_confirm(order, at + rng.uniform(1.5, 4) * DAY)
        return True

    def _no_pickup(self, at: datetime, order: Order, parcel: Parcel) -> None:
        rng = self.rng
        parcel.outcome = "no_pickup"
        if rng.random() < 0.4:
            note_at = at + rng.uniform(24, 40) * HOUR
            text = self.vocab.pick(rng, "tracking.exception.nopickup")
            parcel.events.append(Event(note_at, "nopickup", text, parcel.origin_city, rng.random()))
        self._fake_confirm(order, at + rng.uniform(2, 5) * DAY)

    def _fake_confirm(self, order: Order, at: datetime) -> None:
        order.confirm_at = at
        order.status.set(at, "已签收")
        self.book.boosted(order, at)

    def _maybe_intercept(self, at, parcel, leg, courier, origin, members) -> bool:
        rng, rates = self.rng, self.rates
        scare = max(self.book.scare(p, at) for member in members for p in member.products)
        if rng.random() >= rates.intercept_base + rates.intercept_per_bad_share * scare:
            return False
        applied = at + (leg.dispatch_at - at) * rng.uniform(0.15, 0.7)
        cut = applied + rng.uniform(2, 16) * HOUR
        if not leg.events[0].at + HOUR < cut < leg.dispatch_at - HOUR:
            return False
        parcel.events = [event for event in leg.events if event.at < cut]
        parcel.events.append(self.road.intercept(leg, parcel, cut))
        parcel.events += self.road.back(leg, parcel, courier, origin, cut, refused=False)
        parcel.outcome, parcel.outcome_at = "returned", cut
        for member in members:
            self.desk.intercepted(member, applied, parcel.events[-1].at)
        return True

    # the door ----------------------------------------------------------------------------

    def _hazards(self, parcel: Parcel, leg: Leg, members: list[Order]) -> tuple[dict, datetime]:
        rng, rates = self.rng, self.rates
        first = members[0]
        if first.kind != "real":
            stranger = not first.buyer.is_studio
            return {
                "rule_violation": rates.boosted_stranger_refusal if stranger else 0.0
            }, first.deal_at
        decision = leg.dispatch_at - (leg.dispatch_at - parcel.shipped_at) * rng.uniform(0.2, 0.9)
        lines = [line for member in members for line in member.lines]
        scare = max(self.book.scare(line.product, decision) for line in lines)
        quality = max(line.product.quality_risk for line in lines)
        if any(line.defect == "bad_batch" for line in lines):
            quality += rates.quality_defect_refusal
        elif any(line.defect == "wrong_item" for line in lines):
            quality += rates.quality_wrong_item_refusal
        late_days = max((leg.events[0].at - first.promised_ship_at) / DAY, 0)
        logistics = rates.logistics_base + rates.logistics_damaged * leg.damaged
        logistics += rates.logistics_per_excess_day * min(max(leg.excess_days - 0.5, 0), 6)
        logistics += rates.logistics_per_late_ship_day * late_days
        reviews = rates.reviews_base + rates.reviews_per_bad_share * scare
        hazards = {"product_quality": quality, "logistics": logistics, "reviews": reviews}
        return hazards, decision

    def _attempt(self, at, parcel, leg, courier, origin, members) -> None:
        rng, rates = self.rng, self.rates
        hazards, decision = self._hazards(parcel, leg, members)
        survive = math.prod(1 - h for h in hazards.values())
        if rng.random() >= survive:
            cause = rng.choices(list(hazards), list(hazards.values()))[0]
            self._refuse(at, parcel, leg, courier, origin, members, cause, decision)
            return
        draw = rng.random()
        if members[0].kind == "real":
            for kind, rate in (
                ("address_bad", rates.address_bad),
                ("unreachable", rates.unreachable),
                ("locker_timeout", rates.locker_timeout),
            ):
                if draw < rate:
                    self._undelivered(at, parcel, leg, courier, origin, members, kind)
                    return
                draw -= rate
        self._deliver(at, parcel, leg, courier, members)

    def _refuse(self, at, parcel, leg, courier, origin, members, cause, decision) -> None:
        rng, rates = self.rng, self.rates
        city = parcel.destination.city
        dispatch, _ = self.road.attempt(leg, courier, city, 1)
        parcel.events.append(dispatch)
        refused_at = at + rng.uniform(0.5, 6) * HOUR
        if rng.random() < 0.2:
            parcel.events.append(self.road.locker(leg, courier, refused_at, city))
            refused_at += rng.uniform(3, 40) * HOUR
        defective = [line.product for m in members for line in m.lines if line.defect]
        products = defective or [line.product for m in members for line in m.lines]
        text = refusal_text(
            self.vocab, rng, rates, cause, courier, products, {**leg.slots, "city": city}
        )
        parcel.events.append(self.road.refusal(leg, refused_at, city, text))
        parcel.events += self.road.back(leg, parcel, courier, origin, refused_at, refused=True)
        parcel.outcome, parcel.outcome_at, parcel.cause = "refused", refused_at, cause
        back_at = parcel.events[-1].at
        defect_text = rng.choice(products[0].defect_words)
        intent = None
        announce = {
            "product_quality": rates.pre_intent_quality,
            "logistics": rates.pre_intent_logistics,
            "reviews": rates.pre_intent_reviews,
        }
        if members[0].kind == "real" and rng.random() < announce.get(cause, 0.0):
            intent = max(decision, parcel.shipped_at + 2 * HOUR)
        for member in members:
            if member.kind == "real":
                if intent or rng.random() < rates.aftersales_after_refusal:
                    self.desk.refusal(member, cause, refused_at, back_at, intent, defect_text)
                else:  # nobody asked for the money back: the platform confirms receipt
                    auto = max(member.shipped_at + rng.uniform(10, 12) * DAY, refused_at + DAY)
                    member.confirm_at = auto
                    member.status.set(auto, "已签收")
            elif rng.random() < rates.aftersales_boosted_refusal:
                self.desk.refusal(member, cause, refused_at, back_at, None, "")
            else:
                self._fake_confirm(member, refused_at + rng.uniform(0.5, 3) * DAY)

    def _undelivered(self, at, parcel, leg, courier, origin, members, kind) -> None:
        rng = self.rng
        city = parcel.destination.city
        if kind == "address_bad":
            failed_at = leg.events[-1].at + rng.uniform(1, 5) * HOUR
        else:
            dispatch, _ = self.road.attempt(leg, courier, city, 1)
            parcel.events.append(dispatch)
            failed_at = at + rng.uniform(2, 8) * HOUR
            if kind == "locker_timeout":
                parcel.events.append(self.road.locker(leg, courier, failed_at, city))
                failed_at += rng.uniform(3, 7) * DAY
            else:
                parcel.events.append(self.road.failed(leg, failed_at, city))
                second = next_morning(failed_at, rng)
                parcel.events.append(self.road.attempt(leg, courier, city, 2)[0])
                parcel.events[-1].at = second
                failed_at = second + rng.uniform(2, 8) * HOUR
        parcel.events.append(self.road.failed(leg, failed_at, city, kind))
        parcel.events += self.road.back(leg, parcel, courier, origin, failed_at, refused=False)
        parcel.outcome, parcel.outcome_at = "returned", failed_at
        for member in members:
            if rng.random() < self.rates.aftersales_undelivered:
                self.desk.undelivered(member, failed_at, parcel.events[-1].at)
            else:
                auto = max(member.shipped_at + rng.uniform(10, 12) * DAY, failed_at + DAY)
                member.confirm_at = auto
                member.status.set(auto, "已签收")

    def _deliver(self, at, parcel, leg, courier, members) -> None:
        rng, rates = self.rng, self.rates
        city = parcel.destination.city
        dispatch, _ = self.road.attempt(leg, courier, city, 1)
        parcel.events.append(dispatch)
        kind = "sign" if rng.random() < 0.7 else "sign_proxy"
        if rng.random() < rates.failed_first_attempt:
            failed_at = at + rng.uniform(2, 8) * HOUR
            parcel.events.append(self.road.failed(leg, failed_at, city))
            at = next_morning(failed_at, rng)
            parcel.events.append(self.road.attempt(leg, courier, city, 2)[0])
            parcel.events[-1].at = at
            kind = "sign_after_trouble"
        if rng.random() < rates.locker_delivery:
            placed = at + rng.uniform(0.5, 5) * HOUR
            parcel.events.append(self.road.locker(leg, courier, placed, city))
            signed = placed + min(rng.lognormvariate(1.8, 1.0), 70) * HOUR
            kind = "sign_locker"
        else:
            signed = at + rng.uniform(0.5, 7) * HOUR
        parcel.events.append(self.road.signed(leg, courier, signed, city, kind))
        parcel.outcome, parcel.outcome_at = "delivered", signed
        for member in members:
            member.status.set(signed, "已签收")
            if member.kind != "real":
                self._fake_confirm(member, signed + rng.uniform(0.2, 2) * DAY)
                continue
            if rng.random() < rates.buyer_confirms:
                member.confirm_at = signed + rng.uniform(0.1, 5) * DAY
            else:
                member.confirm_at = max(signed + DAY, member.shipped_at + 10 * DAY)
            self._after_delivery(member, signed, leg)

    def _after_delivery(self, order: Order, signed: datetime, leg: Leg) -> None:
        rng, rates = self.rng, self.rates
        self.book.after_delivery(order, signed, leg.excess_days, leg.damaged)
        if order.lines[0].product.key == self.episodes.storm_product:
            self._storm_buyers.append((signed, order))
        defective = [line for line in order.lines if line.defect]
        if defective:
            product = defective[0].product
            self.desk.defective(order, signed, rng.choice(product.defects))
        elif leg.damaged and rng.random() < 0.4:
            self.desk.damaged_on_arrival(order, signed)
        elif rng.random() < rates.size_exchange:
            self.desk.exchange_or_resend(order, signed, "换货")
        elif rng.random() < rates.missing_item:
            self.desk.exchange_or_resend(order, signed, "补寄")

    # the review storm --------------------------------------------------------------------

    def _schedule_storm(self, total: int) -> None:
        storm = self.episodes.storm
        count = round(self.rates.storm_reviews_per_10k * total / 10000)
        span = storm.end - storm.start
        for _ in range(count):
            self._push(storm.start + span * (self.rng.random() ** 1.4), self._storm_review)

    def _storm_review(self, at: datetime) -> None:
        self.book.storm(self._storm_buyers, at)
