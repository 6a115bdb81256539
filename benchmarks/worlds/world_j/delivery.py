"""Parcels on the road: courier choice, tracking numbers, the route, its delays, and the scan
lines each courier writes until the parcel is signed, refused, returned or lost."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import catalog as cat
from . import wording
from .model import Event, Order, Parcel

_NUMBER_FORMATS = {  # prefix choices and digit count after the prefix
    "zto": (("73", "75", "78"), 12), "yto": (("YT",), 13), "yunda": (("43", "46"), 13),
    "jt": (("JT",), 13), "sto": (("77",), 13), "post": (("98", "11"), 11), "sf": (("SF",), 13),
}


def _hub_city(hub: str) -> str:
    if hub == "华中转运中心":
        return "武汉市"
    if hub in (cat.ORIGIN_HUB, "广州白云转运中心"):
        return cat.ORIGIN_CITY
    return hub.removesuffix("转运中心") + "市"


def _day_time(moment: datetime, rng: random.Random) -> datetime:
    """Move a delivery attempt into courier working hours (08:30-19:30)."""
    start = moment.replace(hour=8, minute=30, second=0)
    if moment.hour < 8 or (moment.hour == 8 and moment.minute < 30):
        return start + timedelta(minutes=rng.randrange(240))
    if moment.hour >= 19:
        return start + timedelta(days=1, minutes=rng.randrange(240))
    return moment


class Delivery:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.numbers: set[str] = set()
        self.parcels: list[Parcel] = []
        self.sites: dict[str, str] = {}  # tracking number → the destination delivery site

    # --- numbers and couriers
    def tracking_number(self, courier_key: str) -> str:
        prefixes, digits = _NUMBER_FORMATS[courier_key]
        while True:
            number = self.rng.choice(prefixes) + "".join(
                str(self.rng.randrange(10)) for _ in range(digits))
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def courier_for(self, order: Order) -> cat.Courier:
        rng = self.rng
        if order.sf_upgrade:
            return cat.COURIER_BY_KEY["sf"]
        if order.brushed:
            return cat.COURIER_BY_KEY["yunda" if rng.random() < 0.7 else "yto"]
        if cat.PROVINCE_BY_NAME[order.buyer.province].distance == 3 and rng.random() < 0.45:
            return cat.COURIER_BY_KEY["post"]
        others = [c for c in cat.COURIERS if c.key != "sf"]
        return rng.choices(others, [c.share for c in others])[0]

    def open_parcel(self, orders: list[Order], shipped_at: datetime,
                    courier: cat.Courier) -> Parcel:
        parcel = Parcel(self.tracking_number(courier.key), courier,
                        self.rng.choice(courier.names), shipped_at, list(orders))
        for order in orders:
            order.parcel = parcel
            order.shipped_at = shipped_at
            order.tracking_no = parcel.tracking_no
            order.courier_name = parcel.display_name
        self.parcels.append(parcel)
        return parcel

    # --- text
    def _man(self) -> str:
        return self.rng.choice(wording.SURNAMES) + self.rng.choice(wording.GIVEN)

    def _phone(self) -> str:
        rng = self.rng
        return f"1{rng.choice('3578')}{rng.randrange(10)}****{rng.randrange(10000):04d}"

    def _event(self, parcel: Parcel, at: datetime, kind: str, templates: tuple[str, ...],
               city: str, **fields: str) -> Event:
        values = {"city": city, "site": "", "hub": "", "next": "", "man": self._man(),
                  "phone": self._phone(), "n": "1", "station": "", "code": "", "who": "",
                  "brand": parcel.display_name, "street": ""}
        values.update(fields)
        event = Event(at, kind, self.rng.choice(templates).format(**values), city)
        parcel.events.append(event)
        return event

    def _site(self, buyer_city: str, district: str) -> str:
        kind = self.rng.choice(("营业部", "网点", "分部"))
        return f"{buyer_city.removesuffix('市')}{district}{kind}"

    def _pickup_code(self) -> str:
        rng = self.rng
        return f"{rng.randrange(1, 9)}-{rng.randrange(1, 6)}-{rng.randrange(1000, 9999)}"

    def _station(self, street: str) -> str:
        return self.rng.choice(wording.STATIONS).format(street=street)

    # --- the trip to the first delivery attempt
    def travel(self, parcel: Parcel, collect_at: datetime, *, no_pickup: bool) -> datetime:
        """Write the scans from pickup to the destination site; return the first attempt time."""
        rng = self.rng
        buyer = parcel.orders[0].buyer
        province = cat.PROVINCE_BY_NAME[buyer.province]
        courier = parcel.courier
        if cat.TYPHOON.holds(collect_at):
            if rng.random() < 0.5 and not no_pickup:
                self._event(parcel, collect_at, "typhoon", wording.TYPHOON_DELAY, cat.ORIGIN_CITY,
                            hub=cat.ORIGIN_HUB)
            collect_at = cat.TYPHOON.end + timedelta(hours=rng.uniform(2, 16))
        total = max(0.6, cat.BASE_TRANSIT_DAYS[province.distance] + courier.speed
                    + rng.gauss(0, 0.3))
        site = self._site(buyer.city, buyer.district)
        self.sites[parcel.tracking_no] = site
        hops: list[tuple[float, str, str]] = [(0.12, "arrived", cat.ORIGIN_HUB),
                                              (0.18, "departed", cat.ORIGIN_HUB)]
        if province.via:
            hops += [(0.45, "arrived", province.via), (0.52, "departed", province.via)]
        if province.hub != cat.ORIGIN_HUB:
            hops += [(0.78, "arrived", province.hub), (0.83, "departed", province.hub)]
        hops.append((0.93, "at_city", site))
        if not no_pickup:
            self._event(parcel, collect_at, "collected", wording.COLLECTED, cat.ORIGIN_CITY,
                        site=rng.choice(cat.ORIGIN_SITES), next=cat.ORIGIN_HUB)
        delay = timedelta(0)
        first_hop = 0 if not no_pickup else max(0, len(hops) - 4)
        for index, (fraction, kind, place) in enumerate(hops):
            at = collect_at + timedelta(days=total * fraction) + delay
            if index < first_hop:
                continue
            city = buyer.city if kind == "at_city" else _hub_city(place)
            following = hops[index + 1][2] if index + 1 < len(hops) else site
            templates = {"arrived": wording.ARRIVED, "departed": wording.DEPARTED,
                         "at_city": wording.AT_CITY}[kind]
            self._event(parcel, at, kind, templates, city, hub=place, next=following, site=place)
            if kind == "arrived" and place == province.via == "华中转运中心" \
                    and courier.key == "yto" and cat.YTO_HUB_STALL.holds(at):
                stall = timedelta(days=rng.uniform(2.5, 5.0))
                for day in range(1, int(stall.days) + 1):
                    self._event(parcel, at + timedelta(days=day, hours=rng.uniform(-3, 3)), "stuck",
                                wording.HUB_STUCK, city, hub=place)
                delay += stall
            if kind == "arrived" and cat.DOUBLE11_BACKLOG.holds(at):
                extra = timedelta(days=rng.uniform(0.4, 3.2))
                if rng.random() < 0.4:
                    self._event(parcel, at + extra / 2, "backlog", wording.BACKLOG_DELAY, city,
                                hub=place)
                delay += extra
            if kind == "departed" and place == cat.ORIGIN_HUB and rng.random() < 0.03:
                extra = timedelta(days=rng.uniform(1.0, 2.5))
                self._event(parcel, at + extra * 0.6, "no_update", wording.NO_UPDATE, city)
                delay += extra
            if kind == "arrived" and parcel.damaged and place == province.hub:
                self._event(parcel, at + timedelta(hours=rng.uniform(0.5, 3)), "damaged",
                            wording.DAMAGED, city, hub=place)
        attempt = collect_at + timedelta(days=total) + delay
        if buyer.province in cat.TYPHOON_PROVINCES and cat.TYPHOON.holds(attempt):
            self._event(parcel, attempt, "typhoon", wording.TYPHOON_DELAY, buyer.city,
                        hub=site)
            attempt = cat.TYPHOON.end + timedelta(days=rng.uniform(0.3, 1.2))
        if parcel.damaged and province.hub == cat.ORIGIN_HUB:
            self._event(parcel, attempt - timedelta(hours=2), "damaged", wording.DAMAGED,
                        buyer.city, hub=site)
        return _day_time(attempt, rng)

    # --- endings
    def _site_of(self, parcel: Parcel) -> str:
        return self.sites[parcel.tracking_no]

    def lose(self, parcel: Parcel) -> datetime:
        """The parcel disappears after a scan on the way; returns the last scan time."""
        rng = self.rng
        cut = max(1, int(len(parcel.events) * rng.uniform(0.3, 0.8)))
        del parcel.events[cut:]
        last = parcel.events[-1]
        if rng.random() < 0.5:
            self._event(parcel, last.at + timedelta(days=rng.uniform(2, 4)), "no_update",
                        wording.NO_UPDATE, last.city)
        if rng.random() < 0.4:
            self._event(parcel, parcel.events[-1].at + timedelta(days=rng.uniform(1, 2)), "lost",
                        wording.LOST, last.city)
        parcel.fate = "lost"
        parcel.fate_at = parcel.events[-1].at
        return parcel.fate_at

    def _return_trip(self, parcel: Parcel, start: datetime, latest: datetime) -> datetime:
        rng = self.rng
        buyer = parcel.orders[0].buyer
        province = cat.PROVINCE_BY_NAME[buyer.province]
        days = min(cat.BASE_TRANSIT_DAYS[province.distance] * rng.uniform(0.9, 1.3) + 0.6,
                   max(0.8, (latest - start).total_seconds() / 86400))
        first = start + timedelta(hours=rng.uniform(2, 10)) if days > 1 else start + timedelta(
            hours=1)
        self._event(parcel, first, "returning", wording.RETURNING, buyer.city, hub=province.hub,
                    next=cat.ORIGIN_HUB)
        back = start + timedelta(days=days)
        if days > 1.5:
            self._event(parcel, start + timedelta(days=days * 0.7), "returning", wording.RETURNING,
                        cat.ORIGIN_CITY, hub=cat.ORIGIN_HUB, next=cat.ORIGIN_SITES[0])
        self._event(parcel, back, "return_signed", wording.RETURN_SIGNED, cat.ORIGIN_CITY)
        parcel.back_at = back
        return back

    def fail(self, parcel: Parcel, attempt: datetime, kind: str, latest: datetime) -> datetime:
        """Returned undelivered: address unknown, recipient unreachable, locker not emptied."""
        rng = self.rng
        buyer = parcel.orders[0].buyer
        site = self._site_of(parcel)
        if kind == "locker_timeout":
            station = self._station(buyer.street)
            self._event(parcel, attempt, "locker", wording.LOCKER, buyer.city, station=station,
                        code=self._pickup_code())
            failed = attempt + timedelta(days=rng.uniform(3, 4.5))
            self._event(parcel, failed, kind, wording.LOCKER_TIMEOUT, buyer.city, station=station)
        else:
            self._event(parcel, attempt, "out", wording.OUT_FOR_DELIVERY, buyer.city, site=site)
            if kind == "unreachable":
                self._event(parcel, attempt + timedelta(hours=rng.uniform(1, 4)), "retry",
                            wording.RETRY, buyer.city)
                attempt = _day_time(attempt + timedelta(days=1), rng)
                self._event(parcel, attempt, "out", wording.OUT_FOR_DELIVERY, buyer.city,
                            site=site, n="2")
            failed = attempt + timedelta(hours=rng.uniform(1, 5))
            templates = wording.UNREACHABLE if kind == "unreachable" else wording.ADDRESS_BAD
            self._event(parcel, failed, kind, templates, buyer.city)
        parcel.fate, parcel.fate_at = kind, failed
        return self._return_trip(parcel, failed, latest)

    def refuse(self, parcel: Parcel, attempt: datetime, text: str, latest: datetime) -> datetime:
        rng = self.rng
        buyer = parcel.orders[0].buyer
        site = self._site_of(parcel)
        if rng.random() < 0.12:
            self._event(parcel, attempt, "out", wording.OUT_FOR_DELIVERY, buyer.city, site=site)
            self._event(parcel, attempt + timedelta(hours=rng.uniform(1, 3)), "retry",
                        wording.RETRY, buyer.city)
            attempt = _day_time(attempt + timedelta(days=1), rng)
            self._event(parcel, attempt, "out", wording.OUT_FOR_DELIVERY, buyer.city, site=site,
                        n="2")
        elif parcel.locker == "silent" and rng.random() < 0.6:
            station = self._station(buyer.street)
            self._event(parcel, attempt, "locker", wording.LOCKER_NO_NOTICE, buyer.city,
                        station=station)
            attempt += timedelta(hours=rng.uniform(3, 20))
        else:
            self._event(parcel, attempt, "out", wording.OUT_FOR_DELIVERY, buyer.city, site=site)
        refused_at = attempt + timedelta(minutes=rng.randrange(6, 120))
        event = Event(refused_at, "refused", text, buyer.city,
                      rng.choices(("14", "203", "14+203"), (0.5, 0.35, 0.15))[0])
        parcel.events.append(event)
        parcel.fate, parcel.fate_at = "refused", refused_at
        return self._return_trip(parcel, refused_at, latest)

    def hand_over(self, parcel: Parcel, attempt: datetime) -> datetime:
        """Delivered: to the door, to a 驿站/locker (with or without notice), or a proxy."""
        rng = self.rng
        buyer = parcel.orders[0].buyer
        site = self._site_of(parcel)
        if parcel.locker:
            station = self._station(buyer.street)
            templates = wording.LOCKER if parcel.locker == "notice" else wording.LOCKER_NO_NOTICE
            self._event(parcel, attempt, "locker", templates, buyer.city, station=station,
                        code=self._pickup_code())
            signed = attempt + timedelta(hours=rng.uniform(1, 40))
            self._event(parcel, signed, "signed_locker", wording.SIGNED_LOCKER, buyer.city,
                        station=station)
        else:
            if rng.random() < 0.06:
                self._event(parcel, attempt, "out", wording.OUT_FOR_DELIVERY, buyer.city, site=site)
                self._event(parcel, attempt + timedelta(hours=rng.uniform(1, 3)), "retry",
                            wording.RETRY, buyer.city)
                attempt = _day_time(attempt + timedelta(days=1), rng)
            self._event(parcel, attempt, "out", wording.OUT_FOR_DELIVERY, buyer.city, site=site)
            signed = attempt + timedelta(hours=rng.uniform(0.3, 4))
            if rng.random() < 0.2:
                self._event(parcel, signed, "signed_proxy", wording.SIGNED_PROXY, buyer.city,
                            who=rng.choice(wording.PROXY_SIGNERS))
            else:
                self._event(parcel, signed, "signed", wording.SIGNED, buyer.city,
                            who=buyer.name)
        parcel.fate, parcel.fate_at = "delivered", signed
        return signed
