"""Tracking events of one parcel, written the way couriers word their scans."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import wording
from .model import Event, Parcel
from .shop import ORIGIN_CITY, ORIGIN_DISTRICT, ZONE_HUBS, Region

RETURN_KINDS = ("unreachable", "bad_address", "locker_timeout", "intercepted")
EXCEPTION_TEXTS = {
    "unreachable": ("电话无人接听，无法联系收件人，快件将退回", "多次联系收件人未果，暂无法派送"),
    "bad_address": ("收件地址不详，无法派送，已联系寄件方", "地址错误且无法联系收件人，快件退回"),
    "locker_timeout": ("快件在驿站超时未取，将退回寄件人", "快递柜超时未取件，快件已取出退回"),
    "intercepted": ("寄件方申请拦截，快件退回", "商家申请拦截件，快件正在返回"),
}


@dataclass
class Route:
    region: Region
    district: str
    pickup_at: datetime
    transit_days: float
    stuck_days: float
    stuck_text: str
    damaged: bool
    door_delivery: bool


def staff(rand: random.Random) -> str:
    phone = f"1{rand.choice('3578')}{rand.randint(0, 9)}****{rand.randint(0, 9999):04d}"
    return f"{rand.choice(wording.COURIER_STAFF)}（{phone}）"


def hub_name(parcel: Parcel, city: str) -> str:
    return f"{city.removesuffix('市')}{parcel.courier.hub_word}"


def courier_name(parcel: Parcel) -> str:
    return parcel.courier.display_names[0]


def transit_events(rand: random.Random, parcel: Parcel,
                   route: Route) -> tuple[list[Event], datetime]:
    """Pickup, line haul and arrival in the destination city; returns events and arrival time."""
    origin_hub = hub_name(parcel, ORIGIN_CITY)
    middle_city = ZONE_HUBS[route.region.zone] + "市"
    middle_hub = hub_name(parcel, middle_city)
    city = route.region.city
    is_local = city == ORIGIN_CITY
    city_hub = f"{route.district}营业部" if is_local else hub_name(parcel, city)
    day = timedelta(days=1)
    at = route.pickup_at
    events = [Event(at, "pickup", f"【{ORIGIN_CITY}】{courier_name(parcel)}{ORIGIN_DISTRICT}网点"
                                  f"已揽收，揽收员：{rand.choice(wording.COURIER_STAFF)}",
                    ORIGIN_CITY)]
    if parcel.courier.is_cold_chain and rand.random() < 0.4:
        events.append(Event(at + timedelta(minutes=40), "depart",
                            "快件已装入冷链车，车厢温度-18℃", ORIGIN_CITY))
    at += timedelta(hours=rand.uniform(2, 6))
    events.append(Event(at, "arrive", f"【{ORIGIN_CITY}】快件已到达【{origin_hub}】", ORIGIN_CITY))
    at += timedelta(hours=rand.uniform(1, 4))
    via_middle = not is_local and middle_city != city
    next_hub = middle_hub if via_middle else city_hub
    events.append(Event(at, "depart", f"【{ORIGIN_CITY}】快件已从【{origin_hub}】发出，"
                                      f"下一站【{next_hub}】", ORIGIN_CITY))
    if via_middle:
        at = route.pickup_at + day * route.transit_days * 0.45
        events.append(Event(at, "arrive", f"【{middle_city}】快件已到达【{middle_hub}】",
                            middle_city))
        if route.stuck_days:
            events.extend(stuck_events(rand, at, route, middle_city))
            at += day * route.stuck_days
        at += timedelta(hours=rand.uniform(2, 5))
        events.append(Event(at, "depart", f"【{middle_city}】快件已从【{middle_hub}】发出，"
                                          f"下一站【{city_hub}】", middle_city))
    elif route.stuck_days:
        events.extend(stuck_events(rand, at, route, ORIGIN_CITY))
    arrive_at = route.pickup_at + day * (route.transit_days * 0.85 + route.stuck_days)
    arrive_at = max(arrive_at, at + timedelta(hours=2))
    events.append(Event(arrive_at, "arrive_city", f"【{city}】快件已到达【{city_hub}】", city))
    if route.damaged:
        events.append(Event(arrive_at + timedelta(hours=1), "damaged",
                            rand.choice(("外包装破损，已加固处理", "快件外包装破损，泡沫箱开裂",
                                         "分拣时发现包裹挤压破损")), city))
    return events, arrive_at


def stuck_events(rand: random.Random, at: datetime, route: Route, city: str) -> list[Event]:
    events = []
    for offset in range(max(1, int(route.stuck_days))):
        moment = at + timedelta(days=offset, hours=rand.uniform(4, 10))
        events.append(Event(moment, "stuck", route.stuck_text, city))
    return events


def delivery_start(rand: random.Random, parcel: Parcel, route: Route,
                   arrive_at: datetime) -> tuple[Event, datetime]:
    out_at = arrive_at + timedelta(hours=rand.uniform(3, 14))
    if out_at.hour >= 20 or out_at.hour < 7:
        out_at = out_at.replace(hour=8) + timedelta(days=1 if out_at.hour >= 20 else 0)
    station = f"{route.district}{rand.choice(wording.PICKUP_STATIONS)}"
    if route.door_delivery:
        text = f"【{route.region.city}】快件正在派送中，派件员：{staff(rand)}，请保持电话畅通"
        return Event(out_at, "out", text, route.region.city), out_at
    text = f"快件已由{station}代收，请凭取件码及时取件"
    return Event(out_at, "locker", text, route.region.city), out_at


def signed_events(rand: random.Random, parcel: Parcel, route: Route,
                  out_at: datetime) -> list[Event]:
    at = out_at + timedelta(hours=rand.uniform(0.5, 6))
    if route.door_delivery:
        who = rand.choice(("本人", "本人", "家人", "门卫"))
        kind = "signed" if who == "本人" else "proxy_signed"
        return [Event(at, kind, f"【{route.region.city}】快件已签收，签收人：{who}，"
                                f"感谢使用{courier_name(parcel)}", route.region.city)]
    return [Event(at + timedelta(hours=rand.uniform(0, 20)), "locker_signed",
                  "已签收，签收人凭取件码签收", route.region.city)]


def return_leg(rand: random.Random, route: Route, start: datetime) -> list[Event]:
    back_at = start + timedelta(hours=rand.uniform(5, 30))
    home_at = back_at + timedelta(days=route.transit_days * rand.uniform(0.8, 1.2))
    return [
        Event(back_at, "returning", "快件已退回，正在返回寄件人途中", route.region.city),
        Event(home_at, "return_signed", "退回件已签收，签收人：寄件人", ORIGIN_CITY),
    ]


def refusal_events(rand: random.Random, route: Route, out_at: datetime,
                   refusal_text: str) -> list[Event]:
    at = out_at + timedelta(hours=rand.uniform(0.3, 4))
    if route.door_delivery and rand.random() < 0.25:
        retry_at = at
        at = at + timedelta(days=1)
        first = Event(retry_at, "attempt_failed", "客户要求改约时间，明日再派", route.region.city)
        return [first, Event(at, "refused", refusal_text, route.region.city),
                *return_leg(rand, route, at)]
    return [Event(at, "refused", refusal_text, route.region.city), *return_leg(rand, route, at)]


def exception_events(rand: random.Random, route: Route, out_at: datetime,
                     kind: str) -> list[Event]:
    delay = timedelta(days=rand.uniform(2, 4)) if kind == "locker_timeout" else timedelta(
        hours=rand.uniform(1, 8))
    at = out_at + delay
    text = rand.choice(EXCEPTION_TEXTS[kind])
    return [Event(at, kind, text, route.region.city), *return_leg(rand, route, at)]


def lost_events(rand: random.Random, events: list[Event], route: Route) -> list[Event]:
    cut = rand.randint(3, max(3, len(events) - 1))
    kept = events[:cut]
    if rand.random() < 0.6:
        kept.append(Event(kept[-1].at + timedelta(days=rand.uniform(3, 6)), "no_update",
                          "快件超时未更新，已提交网点核实", kept[-1].city))
    return kept


def fake_track(rand: random.Random, parcel: Parcel, route: Route) -> list[Event]:
    """A brushing tracking record: scans in the destination city only, no pickup at all."""
    start = route.pickup_at + timedelta(days=route.transit_days)
    city = route.region.city
    return [
        Event(start, "arrive_city", f"【{city}】快件已到达【{hub_name(parcel, city)}】", city),
        Event(start + timedelta(hours=rand.uniform(3, 9)), "out",
              f"【{city}】快件正在派送中，派件员：{staff(rand)}", city),
        Event(start + timedelta(hours=rand.uniform(10, 20)), "signed",
              f"【{city}】快件已签收，签收人：本人", city),
    ]
