"""Tracking events: their codes in both aggregators' numbering, and their courier wording."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .ids import masked_phone, person_name, phone
from .model import Event, Parcel
from .vocab import pick

# kind -> (Kuaidi100 state, Kuaidi100 advanced code, Kuaidi Niao State, Kuaidi Niao StateEx)
CODES: dict[str, tuple[int, int | None, int, int | None]] = {
    "pickup": (1, 103, 1, None),
    "depart": (0, 1002, 2, None),
    "arrive": (0, 1002, 2, None),
    "arrive_site": (0, 1001, 2, 201),
    "appointment": (0, 1001, 2, 201),
    "dispatch": (5, None, 2, 202),
    "delay": (2, 208, 4, 417),
    "failed_attempt": (2, 204, 4, 405),
    "dispute": (2, 204, 4, 405),
    "damaged": (2, 209, 4, 414),
    "refused": (14, 203, 4, 404),
    "refused_pending": (2, 203, 4, 404),
    "return": (6, None, 2, None),
    "return_signed": (4, None, 4, 406),
    "signed": (3, 301, 3, 301),
    "locker": (5, 501, 2, 211),
    "locker_signed": (3, 304, 3, 311),
    "locker_timeout": (2, 205, 4, 412),
    "unreachable": (2, 206, 4, 416),
    "bad_address": (2, 207, 4, 420),
    "intercepted": (6, None, 4, 413),
}

KUAIDI100_STATE_NAMES = {
    0: "在途",
    1: "揽收",
    2: "疑难",
    3: "签收",
    4: "退签",
    5: "派件",
    6: "退回",
    14: "拒签",
}


class Trail:
    """Writes one parcel's events in its courier's voice."""

    def __init__(self, rng: random.Random, parcel: Parcel) -> None:
        self.rng = rng
        self.parcel = parcel
        buyer = parcel.orders[0].buyer
        self.city = buyer.region.city
        self.site = f"{buyer.district}{rng.choice(('营业部', '网点', '分部', '服务站'))}"
        self.courier_name = parcel.courier.names[0]
        self.rider = person_name(rng)
        self.rider_phone = masked_phone(phone(rng))

    def fill(self, hub: str = "", next_hub: str = "") -> dict[str, str]:
        return {
            "hub": hub,
            "next": next_hub,
            "city": self.city,
            "site": self.site,
            "courier": self.courier_name,
            "name": self.rider,
            "phone": self.rider_phone,
            "slot": "",
        }

    def add(self, at: datetime, kind: str, text: str, location: str) -> Event:
        event = Event(at=at, kind=kind, text=text, location=location)
        self.parcel.events.append(event)
        return event

    def say(self, at: datetime, kind: str, words: str, location: str, **fill: str) -> Event:
        values = self.fill()
        values.update(fill)
        return self.add(at, kind, pick(self.rng, words, **values), location)

    def appointment(self, at: datetime, slot_at: datetime) -> None:
        slot = f"{slot_at:%m-%d} {'上午' if slot_at.hour < 12 else '下午'}"
        self.say(at, "appointment", "transit.appointment", self.city, slot=slot)

    def later(self, at: datetime, low_hours: float, high_hours: float) -> datetime:
        return at + timedelta(hours=self.rng.uniform(low_hours, high_hours))
