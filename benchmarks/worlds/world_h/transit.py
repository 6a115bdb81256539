"""A parcel's journey as tracking events: pickup, transfer centres, delays, the delivery attempt
and whatever ends it (signature, refusal, return, loss).

Delays, all added to the base transit time of the destination province:
- couriers' 双12 peak (pickup 10–17 Dec): 12–40 h queued at the origin hub;
- cold wave (26 Dec – 2 Jan), northern destinations: 36–96 h, a 滞留 event;
- 韵达's 石家庄 centre jam (pickup 12–19 Jan) for the northern plain: 72–144 h, a 滞留 event;
- 年货节 (pickup 15 Jan – 5 Feb): up to 20 h, silent;
- 春节 shutdown: a parcel caught by its destination's pause waits for the restart plus a
  12–60 h backlog (pause and restart dates per kind of destination in `season.HOLIDAY_PAUSE`).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import season
from .chance import coin, hours, working_time
from .geography import HUB_JAM_PROVINCES
from .model import Event, Parcel
from .vocab import say, vocab

#: one event before it happens: (moment, kind, extra placeholders)
Step = tuple[datetime, str, dict]


class Journey:
    """Builds the events of one parcel, with the names and places its texts need."""

    def __init__(self, rng: random.Random, parcel: Parcel):
        self.rng = rng
        self.parcel = parcel
        place = parcel.place
        origin = vocab()["tracking"]["origin"][parcel.origin]
        people = vocab()["tracking"]["people"]
        short = place.city.removesuffix("市")
        hub = f"{short}转运中心"
        if hub == origin["hub"]:
            hub = f"{short}{place.district.removesuffix('区')}分拨中心"
        self.fill = {
            "origin_city": origin["city"], "origin_site": origin["site"],
            "origin_hub": origin["hub"], "city": place.city, "hub": hub,
            "site": f"{short}{place.district}{rng.choice(('公司', '营业部', '网点'))}",
            "courier": parcel.courier.names[0], "man": rng.choice(people["couriers"]),
            "phone": f"1{rng.choice('3589')}{rng.randrange(10)}****{rng.randrange(10000):04d}",
            "station": (f"{rng.choice(people['stations'])}·{place.district}"
                        f"{rng.randrange(1, 40)}号店"),
            "code": f"{rng.randrange(1, 30)}-{rng.randrange(1, 6)}-{rng.randrange(1000, 9999)}",
            "n": 1, "days": 3, "reason": "",
        }
        self.steps: list[Step] = []

    # -- forward journey ---------------------------------------------------------------------
    def forward(self) -> datetime:
        """Pickup to arrival at the delivery outlet; returns the first delivery attempt."""
        rng, parcel = self.rng, self.parcel
        province = parcel.place.province
        ship = parcel.ship_at
        if parcel.origin == "yiwu":
            pickup = ship + hours(rng, 1, 8)
        elif ship.hour < 17:
            pickup = datetime(ship.year, ship.month, ship.day, 17) + hours(rng, 0, 3)
        else:
            pickup = ship + hours(rng, 0.5, 3)
        t = pickup
        self.add(t, "pickup")
        t += hours(rng, 1, 3)
        self.add(t, "depart_site")
        t += hours(rng, 1, 3)
        self.add(t, "arrive_origin_hub")
        t += hours(rng, 1, 5)
        if season.COURIER_PEAK.contains(pickup):
            self.add(t, "peak_backlog")
            t += hours(rng, 12, 40)
        self.add(t, "depart_origin_hub")
        transit = max(4.0, province.transit_days * 24 * rng.uniform(0.8, 1.2) - 10)
        if season.NEW_YEAR_FAIR.contains(pickup):
            transit += rng.uniform(0, 20)
        if (parcel.courier.key == "yd" and season.HUB_JAM.contains(pickup)
                and province.name in HUB_JAM_PROVINCES):
            jam = {"hub": season.HUB_JAM_HUB, "city": "石家庄市"}
            at_jam = t + timedelta(hours=round(transit * rng.uniform(0.6, 0.8), 2))
            self.add(at_jam, "arrive_hub", **jam)
            self.add(at_jam + hours(rng, 20, 30), "hub_jam", **jam)
            transit += rng.uniform(72, 144)
        arrive = t + timedelta(seconds=round(transit * 3600))
        if province.north and season.COLD_WAVE.overlaps(t, arrive + timedelta(hours=24)):
            mark = max(season.COLD_WAVE.start + hours(rng, 0, 20), t + (arrive - t) / 2)
            self.add(mark, "weather_delay")
            arrive = max(arrive, mark) + hours(rng, 36, 96)
        arrive = max(arrive, self.steps[-1][0] + hours(rng, 1, 4))
        self.add(arrive, "arrive_hub")
        t = arrive + hours(rng, 2, 8)
        self.add(t, "depart_hub")
        t += hours(rng, 3, 10)
        self.add(t, "arrive_site")
        parcel.damaged = coin(rng, self._damage_chance(pickup))
        if parcel.damaged:
            self.add(t + hours(rng, 0.2, 1), "damaged")
        attempt = working_time(self.steps[-1][0] + hours(rng, 0.5, 3), rng, 8, 19)
        return self.hold_for_holiday(attempt)

    def _damage_chance(self, pickup: datetime) -> float:
        chance = 0.004
        if season.COURIER_PEAK.contains(pickup):
            chance += 0.002
        if any(kind == "hub_jam" for _, kind, _ in self.steps):
            chance += 0.012
        return chance

    def hold_for_holiday(self, until: datetime, since: datetime | None = None) -> datetime:
        """Hold the parcel where it is when its network's 春节 pause begins: the first step (or the
        delivery attempt `until`) inside the pause, and everything after it, move to after the
        restart plus a backlog. Returns the new `until`."""
        rng = self.rng
        key = self.parcel.place.pause_kind
        if self.parcel.courier.key in ("sf", "post"):
            key = "no_break"
        pause = season.HOLIDAY_PAUSE[key]
        start = since or self.steps[0][0]
        # the shop's own outlet keeps collecting; the parcel is held from the transfer centre on
        moments = [*sorted(at for at, kind, _ in self.steps
                           if at >= start and kind not in _COLLECTION), until]
        held = next((at for at in moments if pause.contains(at)), None)
        if held is None:
            return until
        stage = next((kind for at, kind, _ in self.steps if at == held), "arrive_hub")
        delta = (pause.end - held) + hours(rng, 12, 60)
        self.steps = [(at + delta, kind, extra) if at >= held else (at, kind, extra)
                      for at, kind, extra in self.steps]
        days = (pause.end - held).days + 1
        in_origin = stage in _ORIGIN_KINDS and not stage.startswith("return")
        self.add(held, "holiday_pause_origin" if in_origin else "holiday_pause", days=days)
        self.add(pause.end + hours(rng, 1, 10), "holiday_resume")
        return working_time(until + delta, rng, 8, 19) if until >= held else until

    # -- endings -------------------------------------------------------------------------------
    def out_for_delivery(self, attempt: datetime, station: bool, number: int = 1) -> datetime:
        """The delivery run; returns when the buyer meets the parcel (door or station)."""
        self.add(attempt, "out_for_delivery", n=number)
        if not station:
            return attempt + hours(self.rng, 0.1, 1.5)
        drop = attempt + hours(self.rng, 1, 4)
        self.add(drop, "station_drop")
        return working_time(drop + hours(self.rng, 0.5, 60), self.rng, 8, 22)

    def failed_attempt(self, attempt: datetime) -> datetime:
        """A first run that finds nobody; returns the next day's attempt."""
        self.add(attempt, "out_for_delivery", n=1)
        self.add(attempt + hours(self.rng, 1, 4), "attempt_failed")
        next_day = attempt + timedelta(days=1)
        early = datetime(next_day.year, next_day.month, next_day.day, 6)
        return working_time(early, self.rng, 8, 19)

    def sign(self, moment: datetime, station: bool) -> None:
        kind = "signed_station" if station else (
            "signed_proxy" if coin(self.rng, 0.3) else "signed_self")
        self.add(moment, kind)

    def refuse(self, moment: datetime, station: bool, reason: str, miscode: str) -> None:
        # nobody refuses to a locker: a parcel left in one is refused like a door delivery
        kind = "refused_at_station" if station and "柜" not in self.fill["station"] else "refused"
        kind += "_with_reason" if reason else "_plain"
        self.add(moment, kind, reason=reason, miscode=miscode)

    def return_to_sender(self, trigger: datetime) -> datetime:
        """The way back to the shop; returns when the shop signs for it."""
        rng = self.rng
        start = trigger + hours(rng, 2, 20)
        self.add(start, "return_start")
        back = self.parcel.place.province.transit_days * 24 * rng.uniform(0.9, 1.3)
        arrive = start + timedelta(seconds=round(back * 3600))
        self.add(arrive, "return_arrive")
        signed = working_time(arrive + hours(rng, 4, 24), rng)
        self.add(signed, "return_signed")
        return self.hold_for_holiday(signed, since=start)

    def cut_after(self, moment: datetime) -> None:
        """Forget every step after `moment` (an interception or a loss stops the journey)."""
        self.steps = [step for step in self.steps if step[0] <= moment]

    def add(self, at: datetime, kind: str, **extra: object) -> None:
        self.steps.append((at, kind, extra))

    def events(self) -> list[Event]:
        """Render the steps into texts, in time order."""
        rendered = []
        for at, kind, extra in sorted(self.steps, key=lambda s: s[0]):
            fill = {**self.fill, **{k: v for k, v in extra.items() if k != "miscode"}}
            city = fill["origin_city"] if kind in _ORIGIN_KINDS else str(fill["city"])
            text = say(self.rng, "tracking", kind, **fill)
            rendered.append(Event(at, kind, text, city, str(extra.get("miscode", ""))))
        return rendered


_COLLECTION = ("pickup", "depart_site", "arrive_origin_hub")
_ORIGIN_KINDS = ("pickup", "depart_site", "arrive_origin_hub", "depart_origin_hub",
                 "peak_backlog", "holiday_pause_origin", "return_arrive", "return_signed")
