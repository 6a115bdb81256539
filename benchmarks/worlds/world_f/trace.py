"""The courier's scans for one parcel, written in the courier's own voice (see vocab.toml)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .catalog import ORIGIN_CITY, ORIGIN_SITES, SURNAMES
from .model import Event, Parcel
from .route import RoutePlan
from .vocab import phrases, pick

_HOLD_WORDING = {
    "backlog": "stuck_hub",
    "surge": "stuck_hub",
    "slow": "no_update",
    "rain": "rain",
    "flood": "rain",
}
_HOLD_KIND = {
    "backlog": "stuck",
    "surge": "stuck",
    "slow": "no_update",
    "rain": "weather",
    "flood": "weather",
}


class Voice:
    """Fills a courier family's templates with names, phones and places: one courier picks the
    parcel up in 武鸣, another delivers it at the other end."""

    _AT_THE_DOOR = frozenset({"out_for_delivery", "locker", "signed", "signed_proxy"})

    def __init__(self, rng: random.Random, parcel: Parcel) -> None:
        self._rng = rng
        self._family = parcel.courier.family
        self._people = [(self._person(), self._phone()) for _ in range(2)]
        self.site = rng.choice(ORIGIN_SITES)
        self.site_phone = f"{rng.randrange(10000000, 99999999)}"

    def _person(self) -> str:
        rng = self._rng
        title = (
            rng.choice(("师傅", "小哥")) if rng.random() < 0.5 else rng.choice("伟强军磊涛明刚勇")
        )
        return rng.choice(SURNAMES) + title

    def _phone(self) -> str:
        rng = self._rng
        return f"1{rng.choice('3589')}{rng.randrange(10)}****{rng.randrange(10000):04d}"

    def say(self, key: str, **places: str) -> str:
        template = phrases("events", self._family, key)
        name, phone = self._people[1 if key in self._AT_THE_DOOR else 0]
        return template.format(
            name=name, phone=phone, site=self.site, phone4=self.site_phone[-4:], **places
        )

    def common(self, key: str, **places: str) -> str:
        return pick(self._rng, "events", "common", key).format(**places)


def forward_leg(
    rng: random.Random, parcel: Parcel, plan: RoutePlan, voice: Voice, arrive_station: datetime
) -> list[Event]:
    """From the pickup to the destination station; holds stretch the hub they happen at."""
    assert parcel.handover_at is not None
    start = parcel.handover_at
    events: list[Event] = []
    if parcel.pickup_scanned:
        events.append(Event(start, "pickup", voice.say("pickup", city=ORIGIN_CITY), ORIGIN_CITY))
        events.append(
            Event(
                start + timedelta(hours=rng.uniform(1, 3)),
                "depart_site",
                voice.say("depart_site", city=ORIGIN_CITY, next_hub=plan.hubs[0][0]),
                ORIGIN_CITY,
            )
        )
    moving = (arrive_station - start).total_seconds() - plan.held_days * 86400
    step = moving / (len(plan.hubs) + 0.6)
    clock = start
    damage_at = rng.randrange(len(plan.hubs)) if parcel.damaged and rng.random() < 0.6 else -1
    for index, (hub, city) in enumerate(plan.hubs):
        clock = clock + timedelta(seconds=step * (0.6 if index == 0 else 1.0))
        events.append(Event(clock, "arrive_hub", voice.say("arrive_hub", city=city, hub=hub), city))
        for hold in plan.holds:
            if hold.hub.endswith(hub.removeprefix("顺丰")) or hub.endswith(hold.hub):
                text = voice.common(_HOLD_WORDING[hold.why], hub=hub, city=city)
                events.append(
                    Event(
                        clock + timedelta(hours=rng.uniform(2, 8)), _HOLD_KIND[hold.why], text, city
                    )
                )
                clock += timedelta(days=hold.days)
        if index == damage_at:
            events.append(
                Event(
                    clock + timedelta(hours=rng.uniform(0.5, 2)),
                    "damage",
                    voice.common("damage"),
                    city,
                )
            )
        next_hub = plan.hubs[index + 1][0] if index + 1 < len(plan.hubs) else plan.station
        clock = clock + timedelta(hours=rng.uniform(2, 5))
        events.append(
            Event(
                clock,
                "depart_hub",
                voice.say("depart_hub", city=city, hub=hub, next_hub=next_hub),
                city,
            )
        )
    city = parcel.orders[0].buyer.city
    events.append(
        Event(
            max(arrive_station, clock + timedelta(hours=2)),
            "arrive_station",
            voice.say("arrive_station", city=city, station=plan.station),
            city,
        )
    )
    return events


def return_leg(
    rng: random.Random, parcel: Parcel, plan: RoutePlan, voice: Voice, leaves: datetime
) -> list[Event]:
    """Back to 武鸣: a scan or two on the way and the merchant signing for it."""
    city = parcel.orders[0].buyer.city
    hub = plan.hubs[-1][0]
    wording = "return_start_refused" if parcel.ending == "refused" else "return_start"
    events = [Event(leaves, "return_start", voice.common(wording, hub=hub), city)]
    back = leaves + timedelta(days=plan.usual_days * rng.uniform(1.0, 1.3) + 0.5)
    if len(plan.hubs) > 1:
        middle = leaves + (back - leaves) / 2
        events.append(
            Event(
                middle,
                "return_transit",
                voice.say("arrive_hub", city=plan.hubs[0][1], hub=plan.hubs[0][0]),
                plan.hubs[0][1],
            )
        )
    events.append(Event(back, "return_signed", voice.common("return_signed"), ORIGIN_CITY))
    parcel.back_at_shop_at = back
    return events
