"""A parcel's way from 澄海 to the buyer and, when it goes wrong, back: the tracking events.

`travel` runs the parcel up to the moment it is handed over (or fails before); the outcome is
decided elsewhere (it depends on reviews written meanwhile); `finish_*` writes the rest.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from . import scans, season
from .catalog import ZONE_HOURS
from .model import Event, Parcel

H = timedelta(hours=1)

#: (Kuaidi100 state, advanced code, Kuaidi Niao State, StateEx) of each kind of event
CODES: dict[str, tuple[str, str, str, str]] = {
    "waybill": ("1", "101", "10", ""),
    "pickup": ("1", "103", "1", "1"),
    "hub_in": ("0", "1002", "2", "204"),
    "hub_out": ("0", "1002", "2", "2"),
    "dest_in": ("0", "1001", "2", "201"),
    "city_in": ("0", "1001", "2", "205"),
    "dispatch": ("5", "", "2", "202"),
    "redelivery": ("5", "", "2", "202"),
    "station": ("5", "501", "2", "211"),
    "sign_self": ("3", "301", "3", "301"),
    "sign_station": ("3", "304", "3", "311"),
    "held": ("2", "208", "4", "417"),
    "stuck": ("2", "208", "4", "403"),
    "damage": ("2", "209", "4", "414"),
    "absent": ("2", "204", "4", "405"),
    "no_update": ("2", "202", "4", "403"),
    "return_start": ("6", "", "4", "407"),
    "return_transit": ("6", "", "4", "407"),
    "return_signed": ("4", "", "4", "406"),
    "unreachable": ("2", "206", "4", "416"),
    "bad_address": ("2", "207", "4", "420"),
    "locker_timeout": ("2", "205", "4", "412"),
    "intercepted": ("6", "", "4", "413"),
}

#: how aggregators code a refusal scan (weights): mostly right, sometimes vague, now and then wrong
REFUSAL_CODES = (
    (("2", "203", "4", "404"), 0.46),
    (("14", "", "4", "404"), 0.28),
    (("14", "203", "4", ""), 0.08),
    (("6", "", "4", "405"), 0.08),
    (("2", "204", "2", ""), 0.06),
    (("5", "", "4", "404"), 0.04),
)
RETURN_SIGNED_CODES = (
    (("4", "", "4", "406"), 0.72),
    (("14", "", "4", "406"), 0.18),
    (("3", "301", "3", "301"), 0.05),
    (("4", "", "4", ""), 0.05),
)


def _codes(kind: str, rng: random.Random) -> tuple[str, str, str, str]:
    k100, adv, kdn, ex = CODES[kind]
    roll = rng.random()
    if roll < 0.008:
        k100 = ""  # the aggregator lost the state
    elif roll < 0.014:
        k100 = "0"  # …or reported "in transit" for everything
    if rng.random() < 0.03:
        adv = ""
    if rng.random() < 0.03:
        ex = ""
    return k100, adv, kdn, ex


def _add(
    parcel: Parcel,
    at: datetime,
    kind: str,
    rng: random.Random,
    place: str,
    text: str | None = None,
    codes: tuple[str, str, str, str] | None = None,
) -> None:
    if text is None:
        text = scans.text(parcel.courier.key, kind, {**parcel.ctx, "city": place}, rng)
    parcel.events.append(Event(at, kind, text, place, codes or _codes(kind, rng)))


def _weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _slot(at: datetime, rng: random.Random) -> datetime:
    """The next delivery round after arrival at the outlet."""
    if 6 <= at.hour < 15:
        return at + rng.uniform(0.4, 2.0) * H
    base = datetime(at.year, at.month, at.day, 7, 30) + (
        timedelta(days=1) if at.hour >= 6 else timedelta()
    )
    return base + rng.uniform(0, 3.0) * H


def hub_name(parcel: Parcel, city: str) -> str:
    word = parcel.courier.hub_word
    if parcel.courier.key in ("yzpy", "ems"):
        return f"{city}邮件处理中心"
    return f"{city}{word}"


def travel(parcel: Parcel, rng: random.Random) -> None:
    """Events from pick-up to the hand-over attempt; sets attempt_at, or lost/other_return."""
    order = parcel.orders[0]
    buyer = order.buyer
    courier = parcel.courier
    province = buyer.province
    origin_city = parcel.origin_city.rstrip("市")
    origin_hub = hub_name(
        parcel, "揭阳" if courier.key == "yd" and origin_city == "汕头" else origin_city
    )
    dest_hub = hub_name(parcel, province.hub)
    mid_hub = hub_name(parcel, rng.choice(("广州", "东莞", "深圳"))) if province.zone >= 2 else ""
    outlet = rng.choice(("营业部", "分部", "网点", "服务站"))
    station = f"{buyer.city.rstrip('市')}{buyer.district}{outlet}"
    parcel.ctx = {
        "site": parcel.origin_site,
        "province": province.name,
        "city": buyer.city,
        "district": buyer.district,
        "station": station,
        "person": scans.courier_person(rng),
        "phone": scans.masked_phone(rng),
        "locker": scans.locker_name(rng, buyer.city),
        "origin_hub": origin_hub,
    }

    pickup = parcel.pickup_at
    assert pickup is not None
    if rng.random() < 0.22:
        _add(parcel, min(parcel.uploaded_at, pickup - 0.2 * H), "waybill", rng, parcel.origin_city)
    parcel.ctx["hub"] = origin_hub
    _add(parcel, pickup, "pickup", rng, parcel.origin_city)

    base = ZONE_HOURS[province.zone] * courier.speed * rng.lognormvariate(0.0, 0.22)
    if parcel.empty:
        base *= 0.9
    delays: list[tuple[float, str]] = []
    lost_chance = 0.0012
    damage_factor = 1.0
    for dis in season.DISRUPTIONS:
        if dis.couriers and courier.key not in dis.couriers:
            continue
        in_area = not dis.provinces or province.name in dis.provinces
        at_origin = dis.origin and dis.start <= pickup < dis.end
        if not (in_area or at_origin):
            continue
        if pickup + base * H < dis.start or pickup > dis.end:
            continue
        if rng.random() < dis.chance:
            delays.append((rng.uniform(*dis.delay_hours), rng.choice(dis.texts)))
            lost_chance += dis.lost_chance
            damage_factor *= dis.damage_factor
    fragility = max(line.product.fragility for o in parcel.orders for line in o.lines)
    if parcel.empty:
        fragility = 0.2
    parcel.damaged = rng.random() < courier.damage * fragility * damage_factor
    parcel.lost = rng.random() < lost_chance

    # the route: origin hub → (mid hub) → destination hub → outlet; shares of the trunk time
    # after each hub
    legs = [(origin_hub, parcel.origin_city, 0.35 if mid_hub else 0.80)]
    if mid_hub:
        legs.append((mid_hub, mid_hub[:2] + "市", 0.45))
    legs.append((dest_hub, province.hub + "市", 0.0))
    lost_leg = rng.randrange(len(legs)) if parcel.lost else -1
    damage_leg = rng.randrange(len(legs))
    t = pickup + max(1.5, 0.04 * base) * H
    for i, (hub, city, share) in enumerate(legs):
        parcel.ctx["hub"] = hub
        parcel.ctx["next"] = legs[i + 1][0] if i + 1 < len(legs) else station
        kind = "dest_in" if hub == dest_hub and i > 0 else "hub_in"
        _add(parcel, t, kind, rng, city)
        if i == lost_leg:
            if rng.random() < 0.6:
                _add(parcel, t + rng.uniform(72, 120) * H, "no_update", rng, city)
            parcel.expected_at = t
            return
        if parcel.damaged and i == damage_leg and rng.random() < 0.35:
            _add(parcel, t + rng.uniform(0.3, 3) * H, "damage", rng, city)
        stay = rng.uniform(1.0, 4.0)
        if delays and (i == len(legs) - 1 or rng.random() < 0.3):
            for hours, held_text in delays:
                _add(
                    parcel,
                    t + rng.uniform(0.5, stay) * H,
                    "held",
                    rng,
                    city,
                    held_text.format(hub=hub),
                )
                stay += hours
            delays = []
        t = t + stay * H
        _add(parcel, t, "hub_out", rng, city)
        t = t + share * base * H
    parcel.ctx["hub"] = dest_hub
    parcel.ctx["person"], parcel.ctx["phone"] = scans.courier_person(rng), scans.masked_phone(rng)
    t = t + min(30.0, max(4.0, 0.12 * base)) * rng.uniform(0.7, 1.4) * H
    _add(parcel, t, "city_in", rng, buyer.city)
    parcel.transit_hours = (t - pickup) / H

    if rng.random() < 0.0035:
        parcel.other_return = "bad_address"
        parcel.return_trigger_at = t + rng.uniform(2, 20) * H
        _add(parcel, parcel.return_trigger_at, "bad_address", rng, buyer.city)
        return
    station_rate = courier.station_rate + (0.15 if buyer.rural else 0.0)
    if "送货上门" in order.buyer_message or "不要放" in order.buyer_message:
        station_rate -= 0.25
    if any(line.product.heavy for o in parcel.orders for line in o.lines):
        station_rate = 0.05
    parcel.mode = "station" if rng.random() < station_rate else "door"
    dispatch = _slot(t, rng)
    _add(parcel, dispatch, "dispatch", rng, buyer.city)
    if parcel.mode == "door":
        attempt = dispatch + rng.uniform(0.3, 4.0) * H
        parcel.available_at = attempt
        if rng.random() < 0.075:
            _add(parcel, attempt, "absent", rng, buyer.city)
            if rng.random() < 0.06:
                parcel.other_return = "unreachable"
                parcel.return_trigger_at = attempt + rng.uniform(24, 72) * H
                _add(parcel, parcel.return_trigger_at, "unreachable", rng, buyer.city)
                return
            again = _slot(attempt + 14 * H, rng)
            parcel.ctx["attempt"] = "2"
            _add(parcel, again, "redelivery", rng, buyer.city)
            parcel.redelivered = True
            attempt = again + rng.uniform(0.3, 3.0) * H
        parcel.attempt_at = attempt
    else:
        placed = dispatch + rng.uniform(0.3, 3.0) * H
        _add(parcel, placed, "station", rng, buyer.city)
        parcel.available_at = placed
        if rng.random() < 0.005:
            parcel.other_return = "locker_timeout"
            parcel.return_trigger_at = placed + rng.uniform(72, 170) * H
            _add(parcel, parcel.return_trigger_at, "locker_timeout", rng, buyer.city)
            return
        parcel.attempt_at = placed + min(96.0, rng.lognormvariate(math.log(7.0), 0.9)) * H


def finish_signed(parcel: Parcel, rng: random.Random) -> None:
    at = parcel.attempt_at
    assert at is not None
    kind = "sign_station" if parcel.mode == "station" else "sign_self"
    _add(parcel, at, kind, rng, parcel.orders[0].buyer.city)
    parcel.signed_at = at


def finish_refused(parcel: Parcel, reason: str, rng: random.Random) -> None:
    at = parcel.attempt_at
    assert at is not None
    text = scans.refusal(parcel.ctx, reason, parcel.mode == "station", rng)
    _add(
        parcel, at, "refused", rng, parcel.orders[0].buyer.city, text, _weighted(rng, REFUSAL_CODES)
    )
    parcel.refused_at = at
    _return_trip(parcel, at, rng, "refused")


def finish_intercepted(parcel: Parcel, at: datetime, rng: random.Random) -> None:
    _add(parcel, at, "intercepted", rng, parcel.orders[0].buyer.city)
    parcel.intercepted_at = at
    _return_trip(parcel, at, rng, "intercepted")


def finish_other_return(parcel: Parcel, rng: random.Random) -> None:
    assert parcel.return_trigger_at is not None
    _return_trip(parcel, parcel.return_trigger_at, rng, parcel.other_return)


#: what a return scan gives as the reason for sending a parcel back
RETURN_WHY = {
    "refused": ("拒收", "收件人拒收", "客户拒签"),
    "bad_address": ("地址不详", "超区"),
    "unreachable": ("无法联系收件人", "电话无人接听"),
    "locker_timeout": ("超时未取", "驿站滞留超期"),
    "intercepted": ("寄件人拦截", "商家申请退回"),
}


def _return_trip(parcel: Parcel, start: datetime, rng: random.Random, why: str) -> None:
    buyer = parcel.orders[0].buyer
    transit = max(parcel.transit_hours, 24.0)
    t = start + rng.uniform(2, 20) * H
    parcel.ctx["why"] = rng.choice(RETURN_WHY[why])
    if rng.random() < 0.8:
        _add(parcel, t, "return_start", rng, buyer.city)
    dest_hub = hub_name(parcel, buyer.province.hub)
    legs = (
        (dest_hub, 0.35, "return_leave"),
        (parcel.ctx.get("origin_hub", "汕头转运中心"), 0.75, "return_arrive"),
    )
    for hub, share, wording_kind in legs:
        if rng.random() < 0.75:
            parcel.ctx["hub"] = hub
            at = start + (share * transit * rng.uniform(1.0, 1.5) + 12) * H
            text = scans.text(
                parcel.courier.key, wording_kind, {**parcel.ctx, "city": hub[:2] + "市"}, rng
            )
            _add(parcel, at, "return_transit", rng, hub[:2] + "市", text)
    back = start + (transit * rng.uniform(1.05, 1.6) + rng.uniform(16, 48)) * H
    _add(parcel, back, "return_signed", rng, "汕头市", None, _weighted(rng, RETURN_SIGNED_CODES))
    parcel.returned_at = back
    parcel.events.sort(key=lambda e: e.at)
