"""A parcel's tracking events, as a courier writes them, cut at the export time.

Events are ``(time, kind, text, location, variant)``; :data:`CODES` turns a kind into each
provider's status codes when the file is written. ``variant`` says how the aggregator coded a
refusal: ``full`` (right codes), ``state`` (no advanced code), ``wrong`` (a wrong code, the text
still says 拒收).
"""

from __future__ import annotations

import datetime as dt
import random

from . import catalog as cat
from . import mechanisms as mech
from . import wording as w

H = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)

#: kind → (Kuaidi100 state, Kuaidi100 advanced code, Kuaidi Niao State, Kuaidi Niao StateEx)
CODES = {
    "ordered": ("0", "101", "10", ""),
    "pickup": ("1", "103", "1", ""),
    "transit": ("0", "1002", "2", ""),
    "dest_hub": ("0", "1001", "2", "201"),
    "site": ("0", "", "2", "201"),
    "stuck": ("2", "208", "4", "417"),
    "no_update": ("2", "202", "4", "403"),
    "damaged": ("2", "209", "4", "414"),
    "out": ("5", "", "2", "202"),
    "station": ("5", "501", "2", "211"),
    "signed": ("3", "301", "3", "301"),
    "station_signed": ("3", "304", "3", "311"),
    "refused": ("14", "203", "4", "404"),
    "returning": ("6", "", "2", ""),
    "return_signed": ("4", "", "4", "406"),
    "address_unknown": ("2", "207", "4", "420"),
    "unreachable": ("2", "206", "4", "416"),
    "intercepted": ("2", "", "4", "413"),
    "uncollected": ("2", "205", "4", "412"),
}
#: how a refusal's codes come out when the aggregator got them partly wrong
REFUSAL_VARIANTS = {
    "kd100": {
        "full": ("14", "203"),
        "state": ("14", ""),
        "doubt": ("2", "203"),
        "wrong": ("5", ""),
    },
    "kdniao": {
        "full": ("4", "404"),
        "state": ("4", ""),
        "doubt": ("4", "404"),
        "wrong": ("2", "202"),
    },
}
CAUSE_OF = {m.name: m.cause for m in mech.MECHANISMS}
MECHANISMS_OF = {
    cause: [m.name for m in mech.MECHANISMS if m.cause == cause] for cause in mech.CHAIN
}


def _courier_person(rng: random.Random) -> tuple[str, str]:
    name = (
        rng.choice(cat.SURNAMES)
        + rng.choice(w.COURIER_FIRST)
        + rng.choice(("", rng.choice(w.COURIER_FIRST)))
    )
    return name, f"1{rng.choice('3589')}{rng.randint(0, 9)}****{rng.randint(0, 9999):04d}"


def refusal_text(rng: random.Random, mechanism: str, fill: dict) -> tuple[str, str, str]:
    """(text, variant, kind): a third generic, a tenth naming another cause, the rest the true
    reason."""
    roll = rng.random()
    kind = "generic" if roll < 0.33 else "misleading" if roll < 0.43 else "specific"
    if kind == "generic":
        if rng.random() < 0.25:
            return rng.choice(w.REFUSAL_BARE), "full", kind  # only the code says 拒收
        text = rng.choice(w.REFUSAL_GENERIC)
    else:
        if kind == "misleading":
            other = rng.choice([c for c in mech.CHAIN if c != CAUSE_OF[mechanism]])
            reason = rng.choice(w.REFUSAL_REASONS[rng.choice(MECHANISMS_OF[other])])
        else:
            reason = rng.choice(w.REFUSAL_REASONS[mechanism])
        text = rng.choice(w.REFUSAL_TEMPLATES).format(reason=reason, **fill)
    variant = rng.choices(("full", "state", "doubt", "wrong"), weights=(62, 12, 16, 10))[0]
    return w.noisy(rng, text, 0.2), variant, kind


def render(rng: random.Random, parcel) -> None:
    order = parcel.orders[0]
    buyer = order.buyer
    city = buyer.city
    hub = buyer.province.hub
    site = (
        buyer.county + rng.choice(w.SITES)
        if buyer.county not in ("市辖区",)
        else rng.choice(w.SITES)
    )
    name, phone = _courier_person(rng)
    station = rng.choice(w.STATIONS)
    code = f"{rng.randint(1, 30)}-{rng.randint(1, 6)}-{rng.randint(1000, 9999)}"
    fill = {
        "city": city,
        "hub": hub,
        "site": site,
        "name": name,
        "phone": phone,
        "station": station,
        "code": code,
    }
    picker, picker_phone = _courier_person(rng)
    pickup_fill = dict(fill, name=picker, phone=picker_phone)
    events: list[tuple] = []

    def add(when: dt.datetime, kind: str, options, location: str, variant: str = "") -> None:
        if events and when <= events[-1][0]:
            when = events[-1][0] + dt.timedelta(minutes=rng.randint(7, 90))
        text = options if isinstance(options, str) else rng.choice(options).format(**fill)
        events.append((when, kind, text, location, variant))

    if parcel.kind == "no_pickup":
        if rng.random() < 0.6:
            add(
                parcel.ship_at + dt.timedelta(minutes=rng.randint(1, 30)),
                "ordered",
                w.ORDERED_ONLY,
                "泉州市",
            )
        parcel.events = [e for e in events if e[0] <= cat.CUTOFF]
        return

    start = parcel.pickup_at
    if parcel.kind == "real":
        add(start, "pickup", rng.choice(w.PICKUP).format(**pickup_fill), "泉州市")
        add(start + dt.timedelta(hours=rng.uniform(1, 3)), "transit", w.LEAVE_ORIGIN, "泉州市")
    add(start + dt.timedelta(hours=rng.uniform(3, 6)), "transit", w.AT_ORIGIN_HUB, "泉州市")
    add(start + dt.timedelta(hours=rng.uniform(6, 9)), "transit", w.TRUNK, "泉州市")
    if parcel.stall_days:
        when = start + dt.timedelta(hours=rng.uniform(14, 22))
        add(when, "transit", "【金华市】快件已到达【金华转运中心】", "金华市")
        stuck_fill = dict(fill, hub="金华转运中心", city="金华市")
        moment = when + dt.timedelta(hours=rng.uniform(6, 18))
        while moment < when + dt.timedelta(days=parcel.stall_days):
            add(moment, "stuck", rng.choice(w.STUCK_HUB).format(**stuck_fill), "金华市")
            moment += dt.timedelta(hours=rng.uniform(20, 40))
        add(
            when + dt.timedelta(days=parcel.stall_days),
            "transit",
            f"金华转运中心 已发出,下一站 {hub}",
            "金华市",
        )

    if parcel.fate == "lost":
        lost_after = parcel.lost_after or start + DAY
        if rng.random() < 0.6:
            add(lost_after, "dest_hub", w.AT_DEST_HUB, city)
        if rng.random() < 0.6:
            add(lost_after + dt.timedelta(days=rng.uniform(3, 5)), "no_update", w.NO_UPDATE, city)
        parcel.events = [e for e in events if e[0] <= cat.CUTOFF]
        return
    if parcel.fate == "intercepted":
        add(parcel.door_at, "intercepted", w.INTERCEPTED, city if rng.random() < 0.5 else "泉州市")
        _return_leg(rng, parcel, add, fill)
        parcel.events = [e for e in events if e[0] <= cat.CUTOFF]
        return

    door = parcel.station_at or parcel.door_at
    arrive = door - dt.timedelta(hours=rng.uniform(14, 30)) - dt.timedelta(days=parcel.snow_days)
    add(arrive, "dest_hub", w.AT_DEST_HUB, city)
    if parcel.snow_days:
        moment = arrive + dt.timedelta(hours=rng.uniform(4, 12))
        while moment < arrive + dt.timedelta(days=parcel.snow_days):
            add(moment, "stuck", w.STUCK_SNOW, city)
            moment += dt.timedelta(hours=rng.uniform(18, 36))
    add(door - dt.timedelta(hours=rng.uniform(5, 9)), "site", w.AT_SITE, city)
    if parcel.damaged:
        add(door - dt.timedelta(hours=rng.uniform(3, 4.5)), "damaged", w.DAMAGED, city)
    late = parcel.late_days > 2 and parcel.fate in ("refused", "delivered") and rng.random() < 0.3
    if late:  # a failed first attempt the day before
        add(door - dt.timedelta(hours=rng.uniform(22, 26)), "out", w.OUT_FOR_DELIVERY, city)
        add(
            door - dt.timedelta(hours=rng.uniform(18, 20)),
            "site",
            "【{city}】客户不在，改约明日派送".format(**fill),
            city,
        )
    add(door - dt.timedelta(hours=rng.uniform(0.5, 2.5)), "out", w.OUT_FOR_DELIVERY, city)

    fate = parcel.fate
    if fate == "delivered":
        if parcel.station:
            add(door, "station", w.TO_STATION, city)
            add(
                door + dt.timedelta(hours=rng.uniform(1, 50)),
                "station_signed",
                w.STATION_SIGNED,
                city,
            )
        else:
            add(door, "signed", w.SIGNED, city)
    elif fate == "refused":
        if parcel.station and rng.random() < 0.5:
            add(door - dt.timedelta(minutes=20), "station", w.TO_STATION, city)
        text, variant, parcel.text_kind = refusal_text(rng, parcel.mechanism, fill)
        add(door, "refused", text, city, variant)
        _return_leg(rng, parcel, add, fill)
    elif fate in ("address_unknown", "unreachable"):
        options = w.ADDRESS_UNKNOWN if fate == "address_unknown" else w.UNREACHABLE
        add(door, fate, options, city)
        if rng.random() < 0.4:
            add(door + dt.timedelta(hours=rng.uniform(20, 28)), fate, options, city)
        _return_leg(rng, parcel, add, fill)
    elif fate == "uncollected":
        add(parcel.station_at, "station", w.TO_STATION, city)
        add(parcel.door_at, "uncollected", w.UNCOLLECTED, city)
        _return_leg(rng, parcel, add, fill)
    parcel.events = [e for e in events if e[0] <= cat.CUTOFF]


def _return_leg(rng: random.Random, parcel, add, fill: dict) -> None:
    door = parcel.door_at
    back = parcel.back_home or door + dt.timedelta(days=parcel.usual_days + 2)
    add(door + dt.timedelta(hours=rng.uniform(2, 10)), "returning", w.RETURNING, fill["city"])
    add(door + (back - door) * 0.5, "returning", w.RETURNING, fill["city"])
    add(back, "return_signed", w.RETURN_SIGNED, "泉州市")
