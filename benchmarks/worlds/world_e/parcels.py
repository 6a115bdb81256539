"""A parcel's life as the courier records it: pickup, hubs, delivery attempt, and how it ends.

Events carry a semantic kind (`refused`, `station`, `return_signed`…) and the courier's own text.
How each aggregator numbers a kind is the exporter's business (exports.py), so the same parcel
reads the same in a Kuaidi100 file and a Kuaidi Niao file, as it would in real life.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from random import Random

from .clock import DAY, hours
from .shop import BACKLOG_NETWORK, COLD_WAVE, RATES, STATION_SHARE, ZONE_DAYS, Courier, Region
from .vocab import pick, vocab


@dataclass
class Event:
    at: datetime
    kind: str
    text: str
    city: str
    u: float  # one fixed draw per event, used for aggregator code noise


@dataclass
class Route:
    """Names along the way, fixed once per parcel so every event of it agrees."""

    origin_city: str
    origin_outlet: str
    origin_hub: str
    mid_city: str | None
    mid_hub: str | None
    dest_city: str
    dest_hub: str
    dest_outlet: str
    station: str
    man: str
    phone: str


@dataclass
class Parcel:
    number: str
    courier: Courier
    region: Region
    uploaded_at: datetime  # 发货时间: the number is uploaded to the platform
    gift: bool = False  # shipped by a 礼品代发 service (boosted orders)
    orders: list = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    subscribed: bool = True  # the tracking aggregator follows this number
    route: Route | None = None
    picked_up_at: datetime | None = None
    attempt_at: datetime | None = None  # the buyer can first sign or refuse
    at_station: bool = False
    damaged: bool = False
    slow_days: float = 0.0  # delay beyond the usual for this route
    station_pickup: timedelta = timedelta(0)  # how long the buyer leaves it at the station
    fate: str = (
        "transit"  # signed, refused, intercepted, uncollected, unreachable, addr_unknown, none
    )
    fate_at: datetime | None = None
    signed_at: datetime | None = None
    returned_at: datetime | None = None  # the return is signed for at the origin


def _short(city: str) -> str:
    return city[:-1] if city.endswith("市") else city


def _phone(rng: Random) -> str:
    return f"1{rng.choice('3578')}{rng.randrange(10)}****{rng.randrange(10000):04d}"


def make_route(
    rng: Random, courier: Courier, region: Region, gift: bool, mid: Region | None
) -> Route:
    words = vocab()
    style = words["couriers"][courier.code]
    shop = words["shop"]
    origin_city = shop["gift_origin_city"] if gift else shop["origin_city"]
    origin_district = shop["gift_origin_district"] if gift else shop["origin_district"]
    origin_outlet = (
        shop["gift_outlet"]
        if gift
        else style["outlet"].format(district=origin_district, n=rng.randrange(1, 9))
    )
    station = region.street + pick(rng, words["track"]["station_suffix"])
    man = words["track"]["courier_man"].format(surname=pick(rng, words["geo"]["surnames"]))
    return Route(
        origin_city=origin_city,
        origin_outlet=origin_outlet,
        origin_hub=style["hub"].format(city=_short(origin_city)),
        mid_city=mid.city if mid else None,
        mid_hub=style["hub"].format(city=_short(mid.city)) if mid else None,
        dest_city=region.city,
        dest_hub=style["hub"].format(city=_short(region.city)),
        dest_outlet=style["outlet"].format(district=region.district, n=rng.randrange(1, 9)),
        station=station,
        man=man,
        phone=_phone(rng),
    )


class Recorder:
    """Appends events to a parcel, filling the courier's templates."""

    def __init__(self, rng: Random, parcel: Parcel):
        self.rng = rng
        self.parcel = parcel
        self.track = vocab()["track"]

    def add(self, at: datetime, kind: str, templates: str, city: str, **extra: object) -> Event:
        route = self.parcel.route
        context = {
            "city": city,
            "hub": extra.pop("hub", route.origin_hub),
            "next_hub": extra.pop("next_hub", route.dest_hub),
            "outlet": extra.pop("outlet", route.dest_outlet),
            "station": route.station,
            "man": route.man,
            "phone": route.phone,
            "n": extra.pop("n", 1),
            "reason": extra.pop("reason", ""),
            "courier": vocab()["couriers"][self.parcel.courier.code]["display"][0],
        }
        text = pick(self.rng, self.track[templates]).format(**context)
        event = Event(at, kind, text, city, self.rng.random())
        self.parcel.events.append(event)
        return event


def _daytime(rng: Random, moment: datetime, first: int = 8, last: int = 19) -> datetime:
    """Move a moment into working hours, as couriers deliver by day."""
    if moment.hour < first:
        return moment.replace(hour=first, minute=rng.randrange(60))
    if moment.hour >= last:
        nxt = moment + DAY
        return nxt.replace(hour=first, minute=rng.randrange(60))
    return moment


def record_created(rng: Random, parcel: Parcel) -> None:
    """A number uploaded and printed, never picked up (虚假发货 / 空包 that never moved)."""
    Recorder(rng, parcel).add(
        parcel.uploaded_at + hours(rng, 0.05, 2), "created", "created", parcel.route.origin_city
    )


def record_forward(rng: Random, parcel: Parcel, pickup_at: datetime) -> None:
    """Pickup to the first moment the buyer can sign or refuse."""
    route, region, courier = parcel.route, parcel.region, parcel.courier
    rec = Recorder(rng, parcel)
    parcel.picked_up_at = pickup_at
    rec.add(pickup_at, "pickup", "pickup", route.origin_city, outlet=route.origin_outlet)
    at = pickup_at + hours(rng, 2.5, 6)
    rec.add(at, "arrive", "arrive", route.origin_city, hub=route.origin_hub)
    at += hours(rng, 0.5, 4)
    first_next = route.mid_hub or route.dest_hub
    rec.add(at, "depart", "depart", route.origin_city, hub=route.origin_hub, next_hub=first_next)

    usual = ZONE_DAYS[region.zone] * courier.speed * (0.6 if parcel.gift else 1.0)
    total = timedelta(days=usual * rng.lognormvariate(0, 0.18))
    slow = 0.0
    if pickup_at in BACKLOG_NETWORK and not parcel.gift:
        extra = rng.uniform(0.8, 3.0)
        slow += extra
        if rng.random() < 0.5:
            rec.add(
                at + hours(rng, 3, 10),
                "stuck",
                "stuck_backlog",
                route.origin_city,
                hub=route.origin_hub,
            )
        at += timedelta(days=extra)
    if route.mid_hub:
        at += total * 0.45
        rec.add(at, "arrive", "arrive", route.mid_city, hub=route.mid_hub)
        at += hours(rng, 1.5, 6)
        rec.add(at, "depart", "depart", route.mid_city, hub=route.mid_hub, next_hub=route.dest_hub)
        at += total * 0.3
    else:
        at += total * 0.7
    rec.add(at, "arrive", "arrive", route.dest_city, hub=route.dest_hub)
    if region.north and at in COLD_WAVE and not parcel.gift:
        extra = rng.uniform(1.0, 4.0)
        slow += extra
        rec.add(
            at + hours(rng, 2, 12), "stuck", "stuck_weather", route.dest_city, hub=route.dest_hub
        )
        at += timedelta(days=extra)
    elif rng.random() < 0.012:
        extra = rng.uniform(1.0, 3.0)
        slow += extra
        rec.add(
            at + hours(rng, 4, 20), "stuck", "stuck_random", route.dest_city, hub=route.dest_hub
        )
        at += timedelta(days=extra)
    at += hours(rng, 2, 6)
    rec.add(at, "depart", "depart", route.dest_city, hub=route.dest_hub, next_hub=route.dest_outlet)
    at = _daytime(rng, at + hours(rng, 2, 8), first=6, last=20)
    rec.add(at, "arrive_outlet", "arrive_outlet", route.dest_city)
    if rng.random() < courier.damage:
        parcel.damaged = True
        rec.add(at + hours(rng, 0.1, 0.8), "damage", "damage", route.dest_city)
    parcel.slow_days = slow

    attempt = 1
    at = _daytime(rng, at + hours(rng, 0.5, 3))
    parcel.at_station = rng.random() < STATION_SHARE
    ofd_templates = (
        "out_for_delivery_post"
        if courier.code == "YZPY" and rng.random() < 0.35
        else "out_for_delivery"
    )
    rec.add(at, "out_for_delivery", ofd_templates, route.dest_city, n=attempt)
    if not parcel.at_station:
        while attempt < 3 and rng.random() < RATES.failed_attempt:
            rec.add(at + hours(rng, 1, 4), "failed_attempt", "failed_attempt", route.dest_city)
            attempt += 1
            at = _daytime(rng, (at + DAY).replace(hour=8) + hours(rng, 0, 3))
            rec.add(at, "out_for_delivery", "out_for_delivery", route.dest_city, n=attempt)
        parcel.attempt_at = at + hours(rng, 0.3, 3)
    else:
        parcel.attempt_at = at + hours(rng, 0.5, 3)
        rec.add(parcel.attempt_at, "station", "station", route.dest_city)
        parcel.station_pickup = hours(rng, 0.3, 40)


def record_signed(rng: Random, parcel: Parcel) -> None:
    rec = Recorder(rng, parcel)
    if parcel.at_station:
        at = parcel.attempt_at + parcel.station_pickup
        rec.add(at, "signed_station", "signed_station", parcel.route.dest_city)
    else:
        at = parcel.attempt_at
        if rng.random() < 0.8:
            rec.add(at, "signed_self", "signed_self", parcel.route.dest_city)
        else:
            rec.add(at, "signed_proxy", "signed_proxy", parcel.route.dest_city)
    parcel.fate, parcel.fate_at, parcel.signed_at = "signed", at, at


def record_refused(rng: Random, parcel: Parcel, at: datetime, reason: str | None) -> None:
    """The buyer refuses at the door or at the station; the parcel goes back."""
    rec = Recorder(rng, parcel)
    city = parcel.route.dest_city
    if reason:
        rec.add(at, "refused", "refused_reason", city, reason=reason)
    elif parcel.at_station and rng.random() < 0.4:
        rec.add(at, "refused", "refused_station", city)
    else:
        rec.add(at, "refused", "refused_generic", city)
    parcel.fate, parcel.fate_at = "refused", at
    _record_return(rng, parcel, at, "return_start")


def record_intercepted(rng: Random, parcel: Parcel, at: datetime) -> None:
    parcel.events = [event for event in parcel.events if event.at <= at]
    city = parcel.events[-1].city if parcel.events else parcel.route.origin_city
    Recorder(rng, parcel).add(at, "intercepted", "intercepted", city)
    parcel.fate, parcel.fate_at = "intercepted", at
    _record_return(rng, parcel, at, "return_start_plain", from_city=city)


def record_not_delivered(rng: Random, parcel: Parcel, fate: str) -> None:
    """Returned for a reason that is not a refusal: unreachable, unknown address, not collected."""
    rec = Recorder(rng, parcel)
    city = parcel.route.dest_city
    if fate == "uncollected":
        at = parcel.attempt_at + timedelta(days=rng.uniform(3, 7))
        rec.add(at, "uncollected", "uncollected", city)
    elif fate == "unreachable":
        at = parcel.attempt_at + hours(rng, 2, 30)
        rec.add(at, "unreachable", "unreachable", city)
    else:
        at = parcel.attempt_at + hours(rng, 0.5, 6)
        rec.add(at, "addr_unknown", "addr_unknown", city)
    parcel.fate, parcel.fate_at = fate, at
    _record_return(rng, parcel, at, "return_start_plain")


def _record_return(
    rng: Random, parcel: Parcel, at: datetime, first: str, from_city: str | None = None
) -> None:
    route = parcel.route
    rec = Recorder(rng, parcel)
    city = from_city or route.dest_city
    at += hours(rng, 2, 20)
    rec.add(
        at,
        "return_start",
        first,
        city,
        next_hub=route.dest_hub if city == route.dest_city else route.origin_hub,
    )
    back = timedelta(
        days=ZONE_DAYS[parcel.region.zone] * parcel.courier.speed * rng.lognormvariate(0.1, 0.2)
    )
    if city == route.dest_city:
        at += back * 0.2
        rec.add(
            at,
            "return_transit",
            "return_transit",
            route.dest_city,
            hub=route.dest_hub,
            next_hub=route.origin_hub,
        )
    at += back * 0.7
    rec.add(
        at,
        "return_transit",
        "return_transit",
        route.origin_city,
        hub=route.origin_hub,
        next_hub=route.origin_outlet,
    )
    at = _daytime(rng, at + hours(rng, 6, 30))
    rec.add(at, "return_signed", "return_signed", route.origin_city)
    parcel.returned_at = at
