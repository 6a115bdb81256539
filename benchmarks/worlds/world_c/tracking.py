"""A parcel's courier trail as semantic events; the two aggregators' codes are applied on export."""

from __future__ import annotations

from datetime import timedelta

from .world import HOUR, VOCAB, Event, Parcel, pick

TEXT = VOCAB["text"]
HUBS = [hub.split("|") for hub in TEXT["hubs"]]
ORIGIN = "江西省赣州市"


def _say(rng, key: str, ctx: dict) -> str:
    return pick(rng, TEXT[key]).format(**ctx)


def _refusal_text(rng, cause: str) -> str:
    u = rng.random()
    if u < 0.58 or not cause:
        return pick(rng, TEXT["refusal_generic"])
    if u < 0.88:
        return pick(rng, TEXT["refusal_cause"][cause])
    other = pick(rng, [c for c in TEXT["refusal_cause"] if c != cause])  # a misleading note
    return pick(rng, TEXT["refusal_cause"][other])


def build_events(shop, parcel: Parcel) -> None:
    rng = shop.rng
    order = parcel.orders[0]
    buyer = order.buyer
    dest = buyer.province + buyer.city
    ctx = {
        "station": VOCAB["shop"]["origin_station"],
        "who": pick(rng, TEXT["couriers_people"]),
        "city": buyer.city,
        "district": buyer.district,
        "tel": f"{rng.randrange(30, 99)}****{rng.randrange(1000, 9999)}",
        "courier": parcel.courier["names"][0],
        "origin_hub": VOCAB["shop"]["origin_hub"],
        "shop": VOCAB["shop"]["name"],
    }
    events: list[Event] = []

    def add(when, kind, key=None, text=None, place=dest):
        events.append(Event(when, kind, text if text is not None else _say(rng, key, ctx), place))

    t = parcel.ship_at + timedelta(hours=rng.uniform(0.5, 3))
    if not parcel.no_pickup:
        add(t, "pickup", "pickup", place=ORIGIN)
        hubs = rng.sample(HUBS, 1 + buyer.dist_class)
        route = [(ORIGIN, VOCAB["shop"]["origin_hub"]), *hubs]
        leg_end = parcel.attempt_at - timedelta(hours=rng.uniform(3, 9))
        step = (leg_end - t) / (2 * len(route))
        for i, (city, hub) in enumerate(route):
            t_arrive = t + step * (2 * i + 0.3)
            ctx["a"] = hub
            add(t_arrive, "transit", "arrive", place=city)
            nxt = route[i + 1][1] if i + 1 < len(route) else f"{buyer.city}{buyer.district}网点"
            ctx["b"] = nxt
            add(t + step * (2 * i + 1), "transit", "depart", place=city)
            if parcel.damaged and i == len(route) // 2:
                add(t + step * (2 * i + 0.6), "damaged", "damaged", place=city)
            if parcel.excess_days > 1.5 and i == len(route) - 1:
                ctx["hub"] = hub
                add(t + step * (2 * i + 0.5), "stuck", "stuck", place=city)
                if parcel.excess_days > 3.5:
                    add(t + step * (2 * i + 1.5), "stuck", "stuck", place=city)
    attempt = parcel.attempt_at
    if parcel.fate == "intercepted":
        stop = parcel.fate_at
        events[:] = [e for e in events if e.at < stop]
        add(stop, "intercepted", "intercepted", place=events[-1].place if events else ORIGIN)
        _return_leg(rng, parcel, add, ctx, stop)
        parcel.events = events
        return
    add(attempt - timedelta(hours=rng.uniform(1.5, 3)), "city", "city_arrive")
    add(attempt, "dispatch", "dispatch")
    if parcel.failed_first or parcel.fate == "unreachable":
        add(attempt + timedelta(hours=rng.uniform(2, 5)), "failed", "unreachable")
        add(attempt + timedelta(days=1), "dispatch", "dispatch")
    fate, when = parcel.fate, parcel.fate_at
    if fate == "delivered":
        if parcel.locker:
            add(when - timedelta(minutes=rng.randrange(30, 90)), "locker", "locker")
            add(when + timedelta(hours=rng.uniform(0.5, 26)), "locker_signed", "locker_signed")
        else:
            add(when + timedelta(minutes=rng.randrange(20, 150)), "signed", "signed")
        parcel.events = events
        return
    if fate == "refused":
        text = _refusal_text(rng, parcel.cause)
        add(when + timedelta(minutes=rng.randrange(15, 120)), "refused", text=text)
    elif fate == "bad_address":
        add(when + timedelta(hours=rng.uniform(1, 4)), "bad_address", "bad_address")
    elif fate == "unreachable":
        add(when + timedelta(hours=rng.uniform(1, 4)), "unreachable", "unreachable")
    elif fate == "not_collected":
        add(attempt + HOUR, "locker", "locker")
        add(when, "not_collected", "not_collected")
    _return_leg(rng, parcel, add, ctx, when + timedelta(hours=2))
    parcel.events = events


def _return_leg(rng, parcel: Parcel, add, ctx: dict, start) -> None:
    back = parcel.back_at
    ctx["hub"] = pick(rng, HUBS)[1]
    span = back - start
    add(start + span * 0.15, "return", "return_leg")
    if span > timedelta(days=2):
        add(start + span * 0.6, "return", "return_leg")
    add(back, "returned", "returned_signed", place=ORIGIN)
