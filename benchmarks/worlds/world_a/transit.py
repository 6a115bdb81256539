"""A parcel's road: forward scans, the delivery attempt's ending, and the way back.

Usual transit from Yiwu (pickup to the destination outlet) is 1.2 / 2.2 / 3.3 / 4.8 days for
zones 0-3, plus the courier's own offset, plus noise; episode troubles add days that show as
滞留 / 延误 scans at a hub (and sometimes as nothing at all: a silent gap).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from random import Random

from .catalog import Catalog, Courier
from .episodes import Episodes, RouteTrouble
from .model import Address, Event, Parcel
from .params import DAY, HOUR, Rates
from .vocab import Vocab

ZONE_DAYS = {0: 1.2, 1: 2.2, 2: 3.3, 3: 4.8}
STUCK_WHY = {
    "congestion": "stuck_why_congestion",
    "weather": "stuck_why_weather",
    "outage": "stuck_why_outage",
}


@dataclass
class Origin:
    """Where a parcel starts: the shop's own warehouse or the boosting drop-shipper's."""

    province: str
    city: str
    district: str
    hub: str
    outlets: list[str]


@dataclass
class Leg:
    """The forward journey, up to the first delivery attempt."""

    events: list[Event]
    dispatch_at: datetime
    expected_dispatch_at: datetime
    damaged: bool
    trouble: RouteTrouble | None
    slots: dict[str, object] = field(default_factory=dict)

    @property
    def excess_days(self) -> float:
        return max((self.dispatch_at - self.expected_dispatch_at).total_seconds() / 86400, 0.0)


def next_morning(moment: datetime, rng: Random) -> datetime:
    """The first delivery round after `moment` (rounds start 08:00-10:30)."""
    start = datetime.combine(moment.date(), time(8)) + rng.randint(0, 9000) * timedelta(seconds=1)
    return start if start > moment + HOUR else start + DAY


class Road:
    """Builds scan events for parcels; one per world (it owns the event RNG use)."""

    def __init__(self, catalog: Catalog, episodes: Episodes, rates: Rates, rng: Random) -> None:
        self.catalog = catalog
        self.vocab: Vocab = catalog.vocab
        self.episodes = episodes
        self.rates = rates
        self.rng = rng

    # helpers -----------------------------------------------------------------------------

    def usual_days(self, courier: Courier, address: Address) -> float:
        return max(ZONE_DAYS[address.zone] + courier.extra_days, 0.6)

    def _event(self, at: datetime, kind: str, path: str, slots: dict, city: str) -> Event:
        text = self.vocab.render(self.rng, path, **{**slots, "city": city})
        return Event(at, kind, text, city, self.rng.random())

    def _hub(self, courier: Courier, city: str) -> str:
        return f"{city}{courier.hub_suffix}"

    def slots(self, parcel: Parcel, courier: Courier, origin: Origin) -> dict[str, object]:
        rng, vocab, dest = self.rng, self.vocab, parcel.destination
        locker = vocab.pick(rng, "places.lockers") + f"（{vocab.pick(rng, 'places.locker_sites')}）"
        district = dest.district.rstrip("区县市") or dest.district
        return {
            "origin_outlet": rng.choice(origin.outlets),
            "origin_company": f"{origin.province}{origin.city}{origin.district}公司",
            "outlet_phone": f"0{rng.randint(200, 999)}-{rng.randint(10**7, 10**8 - 1)}",
            "outlet": district + vocab.pick(rng, "places.outlet_suffixes"),
            "dest_company": f"{dest.province}{dest.city}{dest.district}公司",
            "man": self.catalog.person_name(),
            "phone": self.catalog.phone(),
            "picker": self.catalog.person_name(),
            "picker_phone": self.catalog.phone(),
            "locker": locker,
            "code": f"{rng.randint(1, 30)}-{rng.randint(1, 6)}-{rng.randint(1000, 9999)}",
            "signer": vocab.pick(rng, "places.signers"),
            "n": 1,
            "why": "",
            "place": "",
            "next": "",
        }

    # forward leg -------------------------------------------------------------------------

    def forward(self, parcel: Parcel, courier: Courier, origin: Origin, pickup_at: datetime) -> Leg:
        rng, dest = self.rng, parcel.destination
        slots = self.slots(parcel, courier, origin)
        usual = self.usual_days(courier, dest)
        base = usual + max(rng.gauss(0.1, 0.35), -0.4)
        extra, trouble = self.episodes.route_delay(
            courier.key, dest.province, pickup_at, pickup_at + timedelta(days=base), rng
        )
        origin_city = origin.city
        origin_hub = self._hub(courier, origin.hub)
        hubs = [(self._hub(courier, dest.via), dest.via + "市")] if dest.via else []
        hubs.append((self._hub(courier, dest.hub), dest.hub + "市"))
        events = [
            self._event(pickup_at, "pickup", f"tracking.{courier.style}.pickup", slots, origin_city)
        ]
        t = pickup_at + rng.uniform(1, 3) * HOUR
        events.append(
            self._move(t, "depart", courier, slots, origin_city, slots["origin_outlet"], origin_hub)
        )
        t += rng.uniform(1, 3) * HOUR
        events.append(self._move(t, "arrive", courier, slots, origin_city, origin_hub, ""))
        t += rng.uniform(1, 4) * HOUR
        events.append(self._move(t, "depart", courier, slots, origin_city, origin_hub, hubs[0][0]))
        arrive_outlet = pickup_at + timedelta(days=base + extra)
        trunk_end = pickup_at + timedelta(days=base) * 0.8
        for index, (hub, city) in enumerate(hubs):
            share = (index + 1) / len(hubs)
            t = max(t + 3 * HOUR, t + (trunk_end - t) * share)
            kind = "arrive_city" if index == len(hubs) - 1 else "arrive"
            events.append(self._move(t, kind, courier, slots, city, hub, ""))
            hub_arrival = t
            if trouble is not None and index == len(hubs) - 1:
                t = self._stuck(events, t, extra, trouble, courier, slots, city, hub)
            t += rng.uniform(2, 5) * HOUR
            following = hubs[index + 1][0] if index + 1 < len(hubs) else slots["outlet"]
            events.append(self._move(t, "depart", courier, slots, city, hub, following))
        arrive_outlet = max(arrive_outlet, t + 2 * HOUR)
        dest_city = dest.city
        events.append(
            self._move(arrive_outlet, "arrive_city", courier, slots, dest_city, slots["outlet"], "")
        )
        damaged = self._damaged(parcel, courier, pickup_at)
        if damaged:
            hub, city = hubs[-1]
            at = hub_arrival + rng.uniform(0.5, 2) * HOUR
            damage = self._event(
                at, "damaged", "tracking.exception.damaged", {**slots, "place": hub}, city
            )
            events.append(damage)
        expected = next_morning(pickup_at + timedelta(days=usual), rng)
        dispatch = next_morning(arrive_outlet, rng)
        events.sort(key=lambda event: event.at)
        return Leg(events, dispatch, expected, damaged, trouble, slots)

    def _move(self, at, kind, courier, slots, city, place, following) -> Event:
        action = "arrive" if kind.startswith("arrive") else "depart"
        return self._event(
            at,
            kind,
            f"tracking.{courier.style}.{action}",
            {**slots, "place": place, "next": following},
            city,
        )

    def _stuck(self, events, t, extra, trouble, courier, slots, city, hub) -> datetime:
        """Scans while a trouble holds the parcel at `hub`; returns when it moves on."""
        rng = self.rng
        why = self.vocab.pick(rng, f"tracking.exception.{STUCK_WHY[trouble.kind]}")
        held = {**slots, "place": hub, "why": why}
        release = t + timedelta(days=extra)
        if rng.random() < 0.75:
            at = t + rng.uniform(2, 10) * HOUR
            events.append(self._event(at, "stuck", "tracking.exception.stuck", held, city))
        if extra > 1.5 and rng.random() < 0.5:
            at = t + timedelta(days=extra * rng.uniform(0.4, 0.8))
            events.append(self._event(at, "delay", "tracking.exception.delay", held, city))
        if extra > 2.5 and rng.random() < 0.3:
            at = t + timedelta(days=min(2.1, extra - 0.2))
            events.append(self._event(at, "no_update", "tracking.exception.no_update", held, city))
        return release

    def _damaged(self, parcel: Parcel, courier: Courier, moment: datetime) -> bool:
        rate = self.rates.damage_base
        if self.episodes.damage_prone(courier.key, parcel.destination.province, moment):
            rate = self.rates.damage_episode
        return self.rng.random() < rate

    # the delivery attempt's ending -------------------------------------------------------

    def attempt(self, leg: Leg, courier: Courier, city: str, number: int) -> tuple[Event, datetime]:
        slots = {**leg.slots, "n": number}
        at = leg.dispatch_at if number == 1 else next_morning(leg.events[-1].at, self.rng)
        return self._event(at, "dispatch", f"tracking.{courier.style}.dispatch", slots, city), at

    def failed(self, leg: Leg, at: datetime, city: str, kind: str = "fail_attempt") -> Event:
        why = self.vocab.pick(self.rng, "tracking.exception.fail_why")
        path = f"tracking.exception.{kind}"
        return self._event(at, kind, path, {**leg.slots, "why": why}, city)

    def signed(self, leg: Leg, courier: Courier, at: datetime, city: str, kind: str) -> Event:
        return self._event(at, kind, f"tracking.{courier.style}.sign", leg.slots, city)

    def locker(self, leg: Leg, courier: Courier, at: datetime, city: str) -> Event:
        return self._event(at, "locker", f"tracking.{courier.style}.locker", leg.slots, city)

    def refusal(self, leg: Leg, at: datetime, city: str, text: str) -> Event:
        return Event(at, "refused", text, city, self.rng.random())

    def back(
        self,
        leg: Leg,
        parcel: Parcel,
        courier: Courier,
        origin: Origin,
        start: datetime,
        refused: bool,
    ) -> list[Event]:
        """The way home after a refusal or a failed delivery, ending with 退签."""
        rng, dest = self.rng, parcel.destination
        slots = leg.slots
        path = "return_start_refused" if refused else "return_start_other"
        t = start + rng.uniform(1, 20) * HOUR
        events = [self._event(t, "return_start", f"tracking.exception.{path}", slots, dest.city)]
        hub = self._hub(courier, dest.hub)
        t += rng.uniform(6, 20) * HOUR
        events.append(
            self._event(
                t,
                "return_transit",
                "tracking.exception.return_transit",
                {**slots, "place": hub, "next": self._hub(courier, origin.hub)},
                dest.hub + "市",
            )
        )
        t += timedelta(days=self.usual_days(courier, dest) + rng.uniform(0.2, 1.5))
        events.append(
            self._event(
                t,
                "return_transit",
                "tracking.exception.return_transit",
                {**slots, "place": self._hub(courier, origin.hub), "next": slots["origin_outlet"]},
                origin.city,
            )
        )
        t += rng.uniform(8, 30) * HOUR
        kind = "return_signed_refused" if refused else "return_signed"
        events.append(self._event(t, kind, "tracking.exception.return_signed", slots, origin.city))
        return events

    def intercept(self, leg: Leg, parcel: Parcel, at: datetime) -> Event:
        """The merchant's interception, wherever the parcel is at that moment."""
        last = max((event for event in leg.events if event.at < at), key=lambda event: event.at)
        courier = self.catalog.couriers[parcel.courier]
        at_outlet = last is leg.events[-1] or last.city == parcel.destination.city
        place = leg.slots["outlet"] if at_outlet else self._hub(courier, parcel.destination.hub)
        slots = {**leg.slots, "place": place}
        return self._event(at, "intercepted", "tracking.exception.intercepted", slots, last.city)
