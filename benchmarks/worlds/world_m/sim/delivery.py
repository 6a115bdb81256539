"""A parcel's journey from 叠石桥 to the buyer and, for some, back: the tracking scans.

Each scan carries both aggregators' codes (快递100 state/advanced, 快递鸟 State/StateEx); the
tracking exports pick the columns of the aggregator they imitate.
"""

import math
import random

from .. import catalog, couriers, geo, incidents
from ..clock import DAY, HOUR
from ..models import Event, Parcel
from ..rand import Weighted, chance
from ..wording import notes
from ..wording import tracking as tw
from . import refusals

# kind: (快递100 state, advanced, 快递鸟 State, StateEx)
CODES = {
    "pickup": ("1", "103", "1", ""),
    "transit": ("0", "1002", "2", ""),
    "arrive_city": ("0", "1001", "2", "201"),
    "dispatch": ("5", "", "2", "202"),
    "station": ("5", "501", "2", "211"),
    "signed": ("3", "301", "3", "301"),
    "signed_station": ("3", "304", "3", "311"),
    "delay": ("2", "208", "4", "417"),
    "stale": ("2", "202", "4", "403"),
    "damage": ("2", "209", "4", "414"),
    "wet": ("0", "", "2", ""),
    "reattempt": ("2", "204", "4", "405"),
    "returning": ("6", "", "4", "407"),
    "return_done": ("4", "", "4", "406"),
    "address": ("2", "207", "4", "420"),
    "unreachable": ("2", "206", "4", "416"),
    "uncollected": ("2", "205", "4", "412"),
    "intercepted": ("6", "", "4", "413"),
}
# refusal scans: codes as aggregators actually deliver them, some missing or wrong
_REFUSED_K100 = Weighted(
    ((("2", "203"), 55), (("14", ""), 20), (("14", "203"), 10), (("0", ""), 7), (("", ""), 8))
)
_REFUSED_KN = Weighted(((("4", "404"), 80), (("4", ""), 10), (("2", ""), 10)))
_RETURN_DONE_K100 = Weighted(((("4", ""), 75), (("14", ""), 15), (("3", ""), 10)))

_DISPATCH_STATION = 0.42  # parcels left at a station rather than handed over
_GIFT_ORIGIN = ("金华市", "义乌转运中心")  # where 礼品代发 numbers start and return to


class Journey:
    """Builds one parcel's scans in time order."""

    def __init__(self, rng: random.Random, parcel: Parcel):
        self.rng = rng
        self.parcel = parcel
        self.courier = parcel.courier
        self.buyer = parcel.orders[0].buyer
        spec = geo.PROVINCES[self.buyer.province]
        self.zone, self.hub_city, self.via_city = spec[1], spec[2], spec[3]
        self.dest_hub = self.courier.hub(self.hub_city)
        self.outlet = f"{self.buyer.district}{self.buyer.street[:2]}营业部"
        self.station = f"{rng.choice(tw.STATIONS)}（{self.buyer.street}店）"
        self.staff = notes.staff_name(rng)
        self.phone = notes.masked_phone(notes.phone(rng))
        self.events: list[Event] = []

    def add(self, at: int, kind: str, templates, city: str, **values) -> Event:
        rng = self.rng
        text = rng.choice(templates).format(
            city=city,
            outlet=values.get("outlet", self.outlet),
            staff=self.staff,
            phone=self.phone,
            station=self.station,
            hub=self.courier.origin_hub,
            place=values.get("place", ""),
            next=values.get("next", ""),
            code=f"{rng.randint(1, 30)}-{rng.randint(1, 6)}-{rng.randint(1000, 9999)}",
            district=self.buyer.district,
            street=self.buyer.street,
            brand=self.courier.brand,
            shop=catalog.SHOP_SHORT,
            r=values.get("r", ""),
        )
        k100, adv, kn, ex = values.get("codes") or CODES[kind]
        if kind == "signed" and ("代签" in text or "门卫" in text):
            adv, ex = "303", "304"
        event = Event(at, kind, text, city, k100, adv, kn, ex)
        self.events.append(event)
        return event


def run(rng: random.Random, parcels: list[Parcel]) -> None:
    for parcel in sorted(parcels, key=lambda p: p.ship_at):
        _simulate(rng, parcel)
        parcel.events.sort(key=lambda e: e.at)


def _applies(d: incidents.Disruption, parcel: Parcel, province: str, when: int) -> bool:
    return (
        d.start <= when < d.end
        and (not d.couriers or parcel.courier.key in d.couriers)
        and (not d.provinces or province in d.provinces)
    )


def _simulate(rng: random.Random, parcel: Parcel) -> None:
    j = Journey(rng, parcel)
    order = parcel.orders[0]
    courier = j.courier
    typical = geo.ZONE_DAYS[j.zone] * courier.speed
    transit = typical * min(2.0, math.exp(rng.gauss(0.0, geo.ZONE_SPREAD[j.zone])))
    ring = next((r for r in incidents.BOOST_RINGS if r.name == order.ring), None)
    no_pickup = ring is not None and chance(rng, ring.no_pickup)
    wet_share = 0.0
    lost = chance(rng, incidents.LOST)
    hub_city = f"{j.hub_city}市"
    # -- origin -------------------------------------------------------------------------------
    if no_pickup:
        parcel.pickup_at = None
        t = parcel.ship_at + rng.randint(6 * HOUR, 20 * HOUR)
        j.add(t, "transit", tw.FAKE_START, hub_city, place=j.dest_hub)
        leave = t + rng.randint(2 * HOUR, 6 * HOUR)
        linehaul = 0
    else:
        t = parcel.pickup_at
        j.add(t, "pickup", tw.PICKUP, "南通市", outlet=courier.outlet)
        t += rng.randint(HOUR, 3 * HOUR)
        j.add(t, "transit", tw.LEAVE, "南通市", place=courier.outlet, next=courier.origin_hub)
        t += rng.randint(int(1.5 * HOUR), 4 * HOUR)
        j.add(t, "transit", tw.ARRIVE, "南通市", place=courier.origin_hub)
        hold = 0
        for d in incidents.DISRUPTIONS:
            if (
                d.stage == "origin"
                and _applies(d, parcel, j.buyer.province, t)
                and chance(rng, d.hit)
            ):
                hold += int(rng.uniform(*d.delay_days) * DAY)
                j.add(
                    t + rng.randint(4 * HOUR, 12 * HOUR),
                    "delay",
                    tw.DELAY_TEXTS[d.text],
                    "南通市",
                    place=courier.origin_hub,
                )
                lost = lost or chance(rng, d.lost)
        first_stop = courier.hub(j.via_city) if j.via_city else j.dest_hub
        leave = t + rng.randint(HOUR, 4 * HOUR) + hold
        j.add(leave, "transit", tw.LEAVE, "南通市", place=courier.origin_hub, next=first_stop)
        linehaul = max(int(0.25 * DAY), int(transit * DAY - 22 * HOUR))
    if lost and chance(rng, 0.5):
        return _lose(rng, j, leave)
    # -- line haul ----------------------------------------------------------------------------
    t = leave
    if j.via_city and linehaul:
        via_hub = courier.hub(j.via_city)
        t += linehaul // 2
        j.add(t, "transit", tw.ARRIVE, f"{j.via_city}市", place=via_hub)
        t += rng.randint(2 * HOUR, 5 * HOUR)
        j.add(t, "transit", tw.LEAVE, f"{j.via_city}市", place=via_hub, next=j.dest_hub)
        t += linehaul - linehaul // 2
    else:
        t += linehaul
    if linehaul:
        j.add(t, "arrive_city", tw.ARRIVE, hub_city, place=j.dest_hub)
    hold = 0
    for d in incidents.DISRUPTIONS:
        if d.stage == "dest" and _applies(d, parcel, j.buyer.province, t) and chance(rng, d.hit):
            hold += int(rng.uniform(*d.delay_days) * DAY)
            j.add(
                t + rng.randint(3 * HOUR, 10 * HOUR),
                "delay",
                tw.DELAY_TEXTS[d.text],
                hub_city,
                place=j.dest_hub,
            )
            wet_share = max(wet_share, d.wet)
            lost = lost or chance(rng, d.lost)
    if lost:
        return _lose(rng, j, t + hold // 2)
    bulk = couriers.BULK_DAMAGE[order.product.bulk]
    if chance(rng, courier.damage * bulk * (1.8 if hold else 1.0)):
        parcel.damaged = True
        j.add(
            rng.randint((parcel.pickup_at or parcel.ship_at) + 2 * HOUR, t + hold + HOUR),
            "damage",
            tw.DAMAGE,
            hub_city,
            place=j.dest_hub,
        )
    if wet_share and chance(rng, wet_share):
        parcel.wet = True
        j.add(t + hold + rng.randint(HOUR, 5 * HOUR), "wet", tw.WET, hub_city)
    t += hold + rng.randint(2 * HOUR, 6 * HOUR)
    j.add(t, "transit", tw.LEAVE, hub_city, place=j.dest_hub, next=j.outlet)
    t += rng.randint(2 * HOUR, 8 * HOUR)
    j.add(t, "transit", tw.ARRIVE, j.buyer.city, place=j.outlet)
    # -- last mile ----------------------------------------------------------------------------
    day, tod = divmod(t, DAY)
    if tod > 7 * HOUR:
        day += 1
    dispatch = day * DAY + rng.randint(8 * HOUR, int(10.5 * HOUR))
    attempt = dispatch + rng.randint(HOUR // 2, 5 * HOUR)
    expected = 0.75 + typical + 0.5
    parcel.delay_days = (attempt - order.paid_at) / DAY - expected
    if _intercepted(rng, j, parcel.pickup_at or parcel.ship_at, dispatch):
        return
    issue = next(
        (
            oi
            for oi in incidents.OUTLET_ISSUES
            if oi.courier == courier.key
            and j.buyer.city in oi.cities
            and oi.start <= dispatch < oi.end
        ),
        None,
    )
    fate = rng.random()
    unreachable = incidents.UNREACHABLE + (issue.unreachable if issue else 0.0)
    if fate < incidents.ADDRESS_UNKNOWN:
        j.add(dispatch + rng.randint(HOUR, 5 * HOUR), "address", tw.ADDRESS_UNKNOWN, j.buyer.city)
        return _send_back(
            rng,
            j,
            j.events[-1].at + rng.randint(12 * HOUR, 2 * DAY),
            typical,
            "returned_undelivered",
            refused=False,
        )
    fate -= incidents.ADDRESS_UNKNOWN
    if fate < unreachable:
        j.add(attempt, "unreachable", tw.UNREACHABLE, j.buyer.city)
        j.add(attempt + DAY + rng.randint(0, 3 * HOUR), "unreachable", tw.UNREACHABLE, j.buyer.city)
        return _send_back(
            rng,
            j,
            attempt + rng.randint(2 * DAY, 4 * DAY),
            typical,
            "returned_undelivered",
            refused=False,
        )
    fate -= unreachable
    at_station = issue is not None or chance(rng, _DISPATCH_STATION)
    if fate < incidents.UNCOLLECTED:
        j.add(attempt, "station", tw.STATION, j.buyer.city)
        j.add(attempt + 7 * DAY + rng.randint(0, DAY), "uncollected", tw.UNCOLLECTED, j.buyer.city)
        return _send_back(
            rng,
            j,
            j.events[-1].at + rng.randint(2 * HOUR, DAY),
            typical,
            "returned_undelivered",
            refused=False,
        )
    if issue is not None and chance(rng, 0.5):
        j.add(dispatch, "dispatch", tw.DISPATCH, j.buyer.city)
        j.add(attempt, "reattempt", tw.REATTEMPT, j.buyer.city)
        dispatch += DAY
        attempt += DAY
    hz = refusals.hazards(parcel, attempt, issue, parcel.delay_days)
    cause = refusals.decide(rng, hz)
    if at_station:
        j.add(attempt, "station", tw.STATION, j.buyer.city)
        decision_at = _daytime(rng, attempt + rng.randint(HOUR, int(2.5 * DAY)))
    else:
        j.add(dispatch, "dispatch", tw.DISPATCH, j.buyer.city)
        decision_at = attempt
    if not cause:
        j.add(
            decision_at,
            "signed_station" if at_station else "signed",
            tw.SIGNED_STATION if at_station else tw.SIGNED,
            j.buyer.city,
        )
        parcel.outcome, parcel.outcome_at = "signed", decision_at
        for o in parcel.orders:
            o.delivered_at = decision_at
        parcel.events = j.events
        return
    parcel.cause = cause
    reason = refusals.written_reason(rng, parcel, cause, attempt)
    parcel.reason_given = reason
    codes = _REFUSED_K100.draw(rng) + _REFUSED_KN.draw(rng)
    if reason:
        j.add(decision_at, "refused", tw.REFUSED_REASON, j.buyer.city, r=reason, codes=codes)
    else:
        j.add(decision_at, "refused", tw.REFUSED_PLAIN, j.buyer.city, codes=codes)
    parcel.outcome, parcel.outcome_at = "refused", decision_at
    _send_back(
        rng, j, decision_at + rng.randint(2 * HOUR, 10 * HOUR), typical, "refused", refused=True
    )


def _daytime(rng: random.Random, t: int) -> int:
    """Buyers collect from a station between 8:00 and 21:00."""
    day, tod = divmod(t, DAY)
    if 8 * HOUR <= tod <= 21 * HOUR:
        return t
    if tod > 21 * HOUR:
        day += 1
    return day * DAY + rng.randint(8 * HOUR, 12 * HOUR)


def _send_back(rng, j: Journey, start: int, typical: float, outcome: str, refused: bool) -> None:
    parcel = j.parcel
    city = j.buyer.city
    home_city, home_hub = ("南通市", j.courier.origin_hub) if parcel.pickup_at else _GIFT_ORIGIN
    if refused:
        j.add(start, "returning", tw.RETURNING[:1], city)
    else:
        j.add(start, "returning", tw.RETURN_UNDELIVERED, city, next=j.dest_hub)
    t = start + rng.randint(8 * HOUR, 20 * HOUR)
    j.add(t, "returning", tw.RETURN_UNDELIVERED, f"{j.hub_city}市", next=home_hub)
    back = t + int(typical * math.exp(rng.gauss(0.1, 0.25)) * DAY)
    j.add(
        back - rng.randint(4 * HOUR, 14 * HOUR), "returning", tw.ARRIVE, home_city, place=home_hub
    )
    codes = (_RETURN_DONE_K100.draw(rng) + CODES["return_done"][2:]) if refused else None
    j.add(back, "return_done", tw.RETURN_DONE, home_city, codes=codes)
    parcel.return_back_at = back
    if not parcel.outcome:
        parcel.outcome, parcel.outcome_at = outcome, start
    parcel.events = j.events


def _intercepted(rng, j: Journey, since: int, dispatch: int) -> bool:
    parcel = j.parcel
    order = parcel.orders[0]
    if order.ring:
        return False
    p = incidents.INTERCEPT
    for storm in incidents.REVIEW_STORMS:
        if storm.product in ("", order.product.key) and storm.start <= dispatch < storm.end + DAY:
            p += storm.intercept_extra
    if not chance(rng, p) or dispatch - since < DAY:
        return False
    when = rng.randint(since + 12 * HOUR, dispatch - 2 * HOUR)
    j.events = [e for e in j.events if e.at < when]
    city = j.events[-1].city if j.events else "南通市"
    j.add(when, "intercepted", tw.INTERCEPTED, city)
    parcel.outcome, parcel.outcome_at = "intercepted", when
    _send_back(rng, j, when + rng.randint(3 * HOUR, 12 * HOUR), 1.5, "intercepted", refused=False)
    return True


def _lose(rng, j: Journey, last: int) -> None:
    parcel = j.parcel
    j.events = [e for e in j.events if e.at <= last]
    if chance(rng, 0.5) and j.events:
        tail = j.events[-1]
        j.add(
            tail.at + 3 * DAY + rng.randint(0, DAY), "stale", tw.STALE, tail.city, place=j.dest_hub
        )
    parcel.outcome = "lost"
    parcel.outcome_at = None  # fixed by the buyer's claim in after-sales
    parcel.events = j.events
