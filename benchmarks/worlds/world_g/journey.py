"""A parcel's trip from 顺德 to the buyer's door, what happens there, and the way back."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import dates
from .catalogue import TYPHOON_ZONES, ZONE_TRANSIT_DAYS
from .ids import person_name
from .model import Event, Parcel
from .refusals import MECHANISMS, decide, pushes
from .tracking import Trail
from .vocab import words

LOST_SHARE = 0.0025
RANDOM_DELAY_SHARE = 0.04
TYPHOON_DAMAGE_FACTOR = 2.5
DAMAGE_SCAN_SHARE = 0.65  # crushed parcels whose damage a hub scanned
UPSTAIRS_DISPUTE_SHARE = 0.06
NO_SHOW_SHARE = 0.07  # heavy couriers missing the agreed slot
INTERCEPT_SHARE = 0.007  # buyers who cancel in transit: the merchant intercepts the parcel
UNREACHABLE_SHARE = 0.005
BAD_ADDRESS_SHARE = 0.0025
LOCKER_SHARE = 0.25
LOCKER_TIMEOUT_SHARE = 0.025
REFUSAL_SCAN_LOST_SHARE = 0.03

_HOPS = {"local": 0, "south": 1, "east": 1, "north": 2, "remote": 2}
_ORIGIN_CITY = "佛山市"


def usual_days(parcel: Parcel) -> float:
    """The courier's ordinary time from pickup to the destination site on this route."""
    zone = parcel.orders[0].buyer.region.zone
    return max(0.6, ZONE_TRANSIT_DAYS[zone] + parcel.courier.extra_days)


def _daytime(moment: datetime, rng: random.Random) -> datetime:
    if moment.hour < 8:
        return moment.replace(hour=8 + rng.randrange(3), minute=rng.randrange(60))
    if moment.hour >= 20:
        nxt = moment + timedelta(days=1)
        return nxt.replace(hour=8 + rng.randrange(3), minute=rng.randrange(60))
    return moment


def travel(rng: random.Random, parcel: Parcel) -> None:
    """Fill in the parcel's events and fate."""
    trail = Trail(rng, parcel)
    zone = parcel.orders[0].buyer.region.zone
    t = parcel.picked_at
    origin = rng.choice(words("hubs.origin"))
    trail.say(t, "pickup", "transit.pickup", _ORIGIN_CITY, hub=origin, name=person_name(rng))
    if _intercepted_early(rng, parcel):
        _intercept(rng, trail, t + timedelta(hours=rng.uniform(6, 30)))
        return
    sort_hub = rng.choice(words("hubs.origin_sort"))
    t = trail.later(t, 2, 6)
    trail.say(t, "arrive", "transit.arrive", _ORIGIN_CITY, hub=sort_hub, city=_ORIGIN_CITY)
    typhoon_hit = False
    if dates.within(t, (dates.TYPHOON_START, dates.TYPHOON_END)):
        typhoon_hit = True
        trail.say(trail.later(t, 0.5, 3), "delay", "delay.typhoon", _ORIGIN_CITY, hub=sort_hub)
        t = dates.TYPHOON_END + timedelta(hours=rng.uniform(4, 30))
    trunk = rng.sample(words("hubs.trunk"), _HOPS[zone])
    route = [*trunk, f"{parcel.orders[0].buyer.region.city[:-1]}转运中心"]
    trail.say(
        trail.later(t, 0.5, 2),
        "depart",
        "transit.depart",
        _ORIGIN_CITY,
        hub=sort_hub,
        next=route[0],
    )
    days = usual_days(parcel) * rng.uniform(0.8, 1.25)
    arrival = parcel.picked_at + timedelta(days=days)
    if arrival < t + timedelta(hours=8):
        arrival = t + timedelta(hours=rng.uniform(8, 20))
    extra = 0.0
    if _crosses(t, arrival, dates.BACKLOG_START, dates.BACKLOG_END):
        extra += rng.uniform(2, 4) if parcel.courier.heavy else rng.uniform(1, 3)
    if rng.random() < RANDOM_DELAY_SHARE:
        extra += rng.uniform(2, 5)
    arrival += timedelta(days=extra)
    if zone in TYPHOON_ZONES and dates.within(arrival, (dates.TYPHOON_START, dates.TYPHOON_END)):
        typhoon_hit = True
        extra += 1
        arrival = dates.TYPHOON_END + timedelta(hours=rng.uniform(6, 24))
    parcel.damaged = _crushed(rng, parcel, typhoon_hit)
    lost = rng.random() < LOST_SHARE and not parcel.orders[0].is_brushing
    _hops(rng, trail, t, arrival, route, extra, typhoon_hit, lost)
    if lost:
        parcel.fate = "lost"
        parcel.fate_at = parcel.events[-1].at
        return
    trail.say(arrival, "arrive_site", "transit.arrive_site", trail.city)
    _door(rng, trail, arrival)


def _crosses(start: datetime, end: datetime, span_start: datetime, span_end: datetime) -> bool:
    return start < span_end and end > span_start


def _crushed(rng: random.Random, parcel: Parcel, typhoon_hit: bool) -> bool:
    fragility = max(line.product.fragility for o in parcel.orders for line in o.lines)
    if parcel.orders[0].is_brushing:
        fragility = 0.3  # an empty box survives anything
    chance = parcel.courier.damage_rate * fragility
    if typhoon_hit:
        chance *= TYPHOON_DAMAGE_FACTOR
    return rng.random() < chance


def _hops(
    rng: random.Random,
    trail: Trail,
    start: datetime,
    arrival: datetime,
    route: list[str],
    extra: float,
    typhoon_hit: bool,
    lost: bool,
) -> None:
    step = (arrival - start) / (len(route) + 1)
    damage_hop = rng.randrange(len(route))
    delay_hop = rng.randrange(len(route))
    for index, hub in enumerate(route):
        at = start + step * (index + 1)
        city = hub.split("转运")[0]
        trail.say(at, "arrive", "transit.arrive", city, hub=hub, city=city)
        if extra >= 1 and index == delay_hop:
            kind = (
                "delay.backlog"
                if _crosses(start, arrival, dates.BACKLOG_START, dates.BACKLOG_END)
                else "delay.plain"
            )
            if typhoon_hit and not _crosses(start, arrival, dates.BACKLOG_START, dates.BACKLOG_END):
                kind = "delay.typhoon"
            trail.say(trail.later(at, 1, 5), "delay", kind, city, hub=hub)
        if trail.parcel.damaged and index == damage_hop and rng.random() < DAMAGE_SCAN_SHARE:
            trail.say(trail.later(at, 0.2, 2), "damaged", "delay.damaged", city, hub=hub)
        if lost and index == len(route) - 1:
            return
        if index + 1 < len(route):
            trail.say(
                trail.later(at, 1, 4),
                "depart",
                "transit.depart",
                city,
                hub=hub,
                next=route[index + 1],
            )


def _intercepted_early(rng: random.Random, parcel: Parcel) -> bool:
    order = parcel.orders[0]
    return not order.is_brushing and not order.fake_shipped and rng.random() < INTERCEPT_SHARE


def _intercept(rng: random.Random, trail: Trail, at: datetime) -> None:
    parcel = trail.parcel
    trail.say(at, "intercepted", "returns.intercepted", _ORIGIN_CITY)
    parcel.fate = "returned_undelivered"
    parcel.mechanism = "intercepted"
    parcel.fate_at = at
    back = trail.later(at, 20, 60)
    trail.say(back, "return_signed", "returns.back_signed", _ORIGIN_CITY)
    parcel.back_home_at = back


def _door(rng: random.Random, trail: Trail, arrival: datetime) -> None:
    parcel = trail.parcel
    heavy = parcel.courier.heavy
    if heavy:
        call = _daytime(trail.later(arrival, 1, 6), rng)
        slot = _daytime(call + timedelta(hours=rng.uniform(14, 30)), rng)
        trail.appointment(call, slot)
        if rng.random() < NO_SHOW_SHARE:
            trail.say(slot + timedelta(hours=3), "failed_attempt", "heavy.no_show", trail.city)
            slot = _daytime(slot + timedelta(hours=rng.uniform(20, 30)), rng)
            trail.appointment(slot - timedelta(hours=16), slot)
        door = slot
        parcel.upstairs_dispute = rng.random() < UPSTAIRS_DISPUTE_SHARE
    else:
        door = _daytime(trail.later(arrival, 1, 10), rng)
    parcel.door_at = door
    allowance = usual_days(parcel) + (1.4 if heavy else 0.4)  # the appointment takes a day
    parcel.excess_days = (door - parcel.picked_at).total_seconds() / 86400 - allowance
    trail.say(
        door - timedelta(minutes=rng.randrange(20, 180)), "dispatch", "transit.dispatch", trail.city
    )
    decisive, fired = decide(rng, pushes(parcel, door))
    if parcel.upstairs_dispute:
        trail.say(door, "dispute", "heavy.dispute", trail.city)
    if decisive:
        _refuse(rng, trail, door + timedelta(minutes=rng.randrange(5, 90)), decisive, fired)
    else:
        _deliver(rng, trail, door)


def _refuse(
    rng: random.Random, trail: Trail, at: datetime, decisive: str, fired: list[str]
) -> None:
    parcel = trail.parcel
    parcel.fate = "refused"
    parcel.fate_at = at
    parcel.mechanism = decisive
    parcel.cause = MECHANISMS[decisive]
    parcel.fired = fired
    parcel.refusal_scan_lost = rng.random() < REFUSAL_SCAN_LOST_SHARE
    if not parcel.refusal_scan_lost:
        _refusal_scan(rng, trail, at, decisive)
    back_text = "returns.back" if parcel.refusal_scan_lost else "returns.after_refusal"
    first_back = trail.later(at, 1, 6)
    trail.say(first_back, "return", back_text, trail.city, hub=trail.site)
    days = usual_days(parcel) * rng.uniform(1.0, 1.6) + 1
    hub = rng.choice(words("hubs.origin_sort"))
    trail.say(first_back + timedelta(days=days * 0.6), "return", "returns.back", "广州市", hub=hub)
    home = first_back + timedelta(days=days)
    trail.say(home, "return_signed", "returns.back_signed", _ORIGIN_CITY)
    parcel.back_home_at = home


def _refusal_scan(rng: random.Random, trail: Trail, at: datetime, decisive: str) -> None:
    roll = rng.random()
    misleading = words("refusal.misleading").get(decisive)
    if roll < 0.50:
        key = "refusal.generic"
    elif roll < 0.80:
        key = f"refusal.{decisive}"
    elif roll < 0.92 and misleading:
        key = f"refusal.misleading.{decisive}"
    elif roll < 0.92:
        key = "refusal.generic"
    else:
        key = "refusal.bare"
    # a bare text leaves the code as the only evidence: such scans carry the final 拒签 code
    kind = "refused" if key == "refusal.bare" or rng.random() < 0.6 else "refused_pending"
    event = trail.say(at, kind, key, trail.city)
    if key != "refusal.bare":
        code_roll = rng.random()
        event.codes_missing = code_roll < 0.05
        event.codes_wrong = 0.05 <= code_roll < 0.10


def _deliver(rng: random.Random, trail: Trail, door: datetime) -> None:
    parcel = trail.parcel
    roll = rng.random()
    if roll < UNREACHABLE_SHARE:
        _send_back(rng, trail, door, "unreachable")
    elif roll < UNREACHABLE_SHARE + BAD_ADDRESS_SHARE:
        _send_back(rng, trail, door, "bad_address")
    elif not parcel.courier.heavy and rng.random() < LOCKER_SHARE:
        trail.say(door, "locker", "transit.locker", trail.city)
        if rng.random() < LOCKER_TIMEOUT_SHARE:
            _send_back(
                rng, trail, door + timedelta(days=3, hours=rng.uniform(0, 8)), "locker_timeout"
            )
            return
        taken = door + timedelta(hours=rng.uniform(1, 40))
        trail.say(taken, "locker_signed", "transit.locker_signed", trail.city)
        _signed(parcel, taken)
    else:
        trail.say(
            door + timedelta(minutes=rng.randrange(2, 30)), "signed", "transit.signed", trail.city
        )
        _signed(parcel, parcel.events[-1].at)


def _signed(parcel: Parcel, at: datetime) -> None:
    parcel.fate = "delivered"
    parcel.fate_at = at


def _send_back(rng: random.Random, trail: Trail, at: datetime, kind: str) -> None:
    parcel = trail.parcel
    trail.say(at, kind, f"returns.{kind}", trail.city)
    parcel.fate = "returned_undelivered"
    parcel.mechanism = kind
    parcel.fate_at = at
    first_back = trail.later(at, 2, 8)
    trail.say(first_back, "return", "returns.back", trail.city, hub=trail.site)
    home = first_back + timedelta(days=usual_days(parcel) * rng.uniform(1.0, 1.5) + 1)
    trail.say(home, "return_signed", "returns.back_signed", _ORIGIN_CITY)
    parcel.back_home_at = home


def events_sorted(parcel: Parcel) -> list[Event]:
    return sorted(parcel.events, key=lambda event: event.at)
