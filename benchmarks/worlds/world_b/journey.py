"""A parcel's trip: pickup, hubs, disruptions, last mile, and the way back when it comes back.

Transit follows the courier's usual time on the route (base days by destination tier times the
courier's speed, log-normal noise 0.2), plus the world's disruptions:
- promotion crunch: parcels picked up in the 4 days after the promotion wait 0.3-1.5 extra days
  at the origin hub (60 % of them);
- one courier's northern hub backlog after the promotion: +1.5-4 days, 滞留 events;
- a cold wave in the north-east: +1.5-3.5 days for every courier, weather events, more damage;
- everyday hiccups: 3 % of parcels lose 1-3 days somewhere;
- damage at courier rate x product fragility, x5 for one courier's south-west sorting centre.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from .model import Buyer, Courier, Event, Parcel
from .timeline import Timeline
from .vocab import Vocab

MIDDLE_HUB = {
    "north": "徐州",
    "northeast": "天津",
    "southwest": "武汉",
    "northwest": "郑州",
    "far_west": "西安",
    "south": "长沙",
    "central": "南昌",
    "east": "杭州",
}
HICCUP_RATE = 0.03
CRUNCH_SHARE = 0.6


def hours(value: float) -> timedelta:
    return timedelta(hours=value)


@dataclass
class Disruption:
    origin_days: float = 0.0
    dest_days: float = 0.0
    kinds: list[str] = field(default_factory=list)
    damage_factor: float = 1.0

    @property
    def total_days(self) -> float:
        return self.origin_days + self.dest_days


class Narrator:
    """Picks the words and the names (hubs, stations, couriers) of tracking events."""

    def __init__(self, vocab: Vocab, rng: random.Random) -> None:
        self.vocab = vocab
        self.rng = rng

    def hub(self, courier: Courier, city: str) -> str:
        return city + courier.hub_suffix[len(city) % len(courier.hub_suffix)]

    def station(self, city: str, district: str) -> str:
        short_city = city.rstrip("市")
        short_district = (
            district[:-1] if district[-1] in "区县市" and len(district) > 2 else district
        )
        suffix = self.vocab.get("people.station_suffix")[len(district) % 7]
        return f"{short_city}{short_district}{suffix}"

    def man(self) -> tuple[str, str]:
        surname = self.rng.choice(self.vocab.get("people.surnames"))
        name = surname + (
            "师傅"
            if self.rng.random() < 0.4
            else self.rng.choice(["伟", "强", "军", "磊", "涛", "勇", "杰", "斌"])
        )
        digits = (
            "1" + self.rng.choice("3578") + "".join(self.rng.choice("0123456789") for _ in range(9))
        )
        phone = digits[:3] + "****" + digits[7:] if self.rng.random() < 0.4 else digits
        return name, phone

    def say(self, courier: Courier, kind: str, **fields: object) -> str:
        return self.vocab.tracking(courier.key, kind, self.rng, brand=courier.brand, **fields)


class JourneyBuilder:
    def __init__(self, vocab: Vocab, timeline: Timeline, shop: dict, rng: random.Random) -> None:
        self.timeline = timeline
        self.shop = shop
        self.rng = rng
        self.narrator = Narrator(vocab, rng)
        self.backlog_courier = rng.choice(["yunda", "zto", "sto"])

    # ------------------------------------------------------------ conditions on the road
    def disruption(self, courier: Courier, buyer: Buyer, pickup_at: datetime) -> Disruption:
        windows = self.timeline.windows
        found = Disruption()
        promo = max(self.timeline.promo_days, key=self.timeline.promo_days.get)
        promo_start = datetime.combine(promo, time(0))
        after_promo = promo_start <= pickup_at < promo_start + timedelta(days=4)
        if after_promo and self.rng.random() < CRUNCH_SHARE:
            found.origin_days += self.rng.uniform(0.3, 1.5)
            found.kinds.append("crunch")
        arrival = pickup_at + timedelta(days=1.5)
        north = buyer.region.group == "north"
        if courier.key == self.backlog_courier and north and arrival in windows["backlog"]:
            found.dest_days += self.rng.uniform(1.5, 4.0)
            found.kinds.append("backlog")
        if buyer.region.group == "northeast" and arrival in windows["snow"]:
            found.dest_days += self.rng.uniform(1.5, 3.5)
            found.kinds.append("snow")
            found.damage_factor *= 1.5
        west = buyer.region.group in ("southwest", "northwest")
        if courier.key == "jt" and west and pickup_at in windows["jt_damage"]:
            found.damage_factor *= 5.0
        if self.rng.random() < HICCUP_RATE:
            found.dest_days += self.rng.uniform(1.0, 3.0)
            found.kinds.append("hiccup")
        return found

    def base_hours(self, parcel: Parcel) -> float:
        noisy = parcel.expected_days * math.exp(self.rng.gauss(0.0, 0.2))
        return max(14.0, noisy * 24.0)

    # ------------------------------------------------------------ outbound
    def outbound(self, parcel: Parcel, buyer: Buyer, disruption: Disruption) -> datetime:
        """Adds the events up to the parcel reaching the buyer's station; returns that moment."""
        courier = parcel.courier
        say = self.narrator.say
        events = parcel.events
        base = self.base_hours(parcel)
        origin_city = self.shop["origin_city"]
        origin_hub = self.narrator.hub(courier, self.shop["origin_hub"])
        dest_hub = self.narrator.hub(courier, buyer.region.hub)
        station = self.narrator.station(buyer.city, buyer.district)
        origin_station = f"{self.shop['origin_station']}营业部"
        man, phone = self.narrator.man()

        if self.rng.random() < 0.25 or parcel.fake_delay_days > 0:
            events.append(Event(parcel.shipped_at, "ordered", say(courier, "ordered"), origin_city))
        moment = parcel.pickup_at
        pickup_text = say(
            courier,
            "pickup",
            city=origin_city,
            station=origin_station,
            man=man,
            phone=phone,
            hub=origin_hub,
        )
        events.append(Event(moment, "pickup", pickup_text, origin_city))

        moment += hours(0.06 * base + self.rng.uniform(0.5, 2))
        events.append(
            Event(moment, "hub_arrive", say(courier, "hub_arrive", hub=origin_hub), origin_city)
        )
        if "crunch" in disruption.kinds:
            if self.rng.random() < 0.5:
                stuck = say(courier, "stuck", hub=origin_hub)
                events.append(
                    Event(moment + hours(self.rng.uniform(2, 8)), "stuck", stuck, origin_city)
                )
            moment += timedelta(days=disruption.origin_days)
        middle = MIDDLE_HUB[buyer.region.group] if buyer.region.tier >= 2 else ""
        next_hub = self.narrator.hub(courier, middle) if middle else dest_hub
        moment += hours(0.06 * base)
        depart = say(courier, "hub_depart", hub=origin_hub, next_hub=next_hub)
        events.append(Event(moment, "hub_depart", depart, origin_city))
        if middle:
            moment += hours(0.3 * base)
            events.append(
                Event(moment, "hub_arrive", say(courier, "hub_arrive", hub=next_hub), middle)
            )
            moment += hours(0.03 * base)
            depart = say(courier, "hub_depart", hub=next_hub, next_hub=dest_hub)
            events.append(Event(moment, "hub_depart", depart, middle))
            moment += hours(0.27 * base)
        else:
            moment += hours(0.6 * base)
        city = buyer.city
        events.append(Event(moment, "hub_arrive", say(courier, "hub_arrive", hub=dest_hub), city))
        if disruption.dest_days:
            kind = "weather" if "snow" in disruption.kinds else "stuck"
            for share in sorted(self.rng.sample([0.1, 0.35, 0.6, 0.85], self.rng.randint(1, 3))):
                at = moment + timedelta(days=disruption.dest_days * share)
                events.append(Event(at, kind, say(courier, kind, hub=dest_hub), city))
            moment += timedelta(days=disruption.dest_days)
        if parcel.damaged:
            hub_events = [event for event in events if event.kind == "hub_arrive"]
            where = self.rng.choice(hub_events)
            at = where.at + hours(self.rng.uniform(0.2, 1.5))
            damage = say(courier, "damage", hub=where.text.split("【")[-1].split("】")[0])
            events.append(Event(at, "damage", damage, where.location))
        moment += hours(0.05 * base)
        events.append(
            Event(moment, "city_arrive", say(courier, "city_arrive", city=city, hub=dest_hub), city)
        )
        moment += hours(0.1 * base)
        arrive = say(courier, "station_arrive", city=city, station=station)
        events.append(Event(moment, "station_arrive", arrive, city))
        return moment

    def dispatch_time(self, ready: datetime) -> datetime:
        if 6 <= ready.hour < 15:
            return ready + hours(self.rng.uniform(0.4, 2.0))
        day = ready.date() if ready.hour < 6 else ready.date() + timedelta(days=1)
        return datetime.combine(day, time(7, 30)) + hours(self.rng.uniform(0, 3))

    def dispatch(self, parcel: Parcel, buyer: Buyer, ready: datetime, attempt: int = 1) -> datetime:
        """A dispatch event; returns when the courier reaches the door."""
        at = self.dispatch_time(ready)
        man, phone = self.narrator.man()
        station = self.narrator.station(buyer.city, buyer.district)
        text = self.narrator.say(
            parcel.courier,
            "dispatch",
            city=buyer.city,
            station=station,
            man=man,
            phone=phone,
            n=attempt,
        )
        parcel.events.append(Event(at, "dispatch", text, buyer.city))
        door = at + hours(self.rng.uniform(0.3, 6.0))
        latest = datetime.combine(at.date(), time(20, 30))
        return min(door, latest)

    def locker_in(self, parcel: Parcel, buyer: Buyer, at: datetime) -> str:
        locker = self.rng.choice(self.narrator.vocab.get("people.lockers"))
        text = self.narrator.say(
            parcel.courier,
            "locker_in",
            locker=locker,
            code=f"{self.rng.randint(1, 30)}-{self.rng.randint(1, 6)}-{self.rng.randrange(10**4)}",
            city=buyer.city,
            phone=self.narrator.man()[1],
        )
        parcel.events.append(Event(at, "locker_in", text, buyer.city))
        return locker

    # ------------------------------------------------------------ way back
    def return_leg(self, parcel: Parcel, buyer: Buyer, start: datetime) -> datetime:
        courier = parcel.courier
        say = self.narrator.say
        base = self.base_hours(parcel)
        dest_hub = self.narrator.hub(courier, buyer.region.hub)
        origin_hub = self.narrator.hub(courier, self.shop["origin_hub"])
        parcel.events.append(
            Event(start, "return_start", say(courier, "return_start", hub=dest_hub), buyer.city)
        )
        moment = start + hours(0.3 * base + self.rng.uniform(2, 10))
        text = say(courier, "return_transit", hub=dest_hub, next_hub=origin_hub)
        parcel.events.append(Event(moment, "return_transit", text, buyer.city))
        moment += hours(0.55 * base + self.rng.uniform(2, 12))
        text = say(courier, "return_arrive", hub=origin_hub)
        parcel.events.append(Event(moment, "return_arrive", text, self.shop["origin_city"]))
        moment += hours(0.2 * base + self.rng.uniform(3, 20))
        station = self.shop["origin_station"] + "营业部"
        text = say(courier, "return_signed", station=station)
        parcel.events.append(Event(moment, "return_signed", text, self.shop["origin_city"]))
        return moment
