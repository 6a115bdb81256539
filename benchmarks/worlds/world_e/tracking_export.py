"""Tracking-aggregator exports: Kuaidi100 and Kuaidi Niao numbering of the same courier events."""

from __future__ import annotations

from datetime import datetime
from random import Random

from .cells import header_for, long_id
from .parcels import Event, Parcel
from .plan import TRACK_WINDOW, FileSpec
from .records import World
from .vocab import vocab

KD100 = {
    "created": ("1", "101"),
    "pickup": ("1", "103"),
    "arrive": ("0", "1002"),
    "depart": ("0", "1002"),
    "arrive_outlet": ("0", "1001"),
    "damage": ("2", "209"),
    "stuck": ("2", "208"),
    "out_for_delivery": ("5", ""),
    "failed_attempt": ("2", "204"),
    "station": ("5", "501"),
    "signed_self": ("3", "301"),
    "signed_station": ("3", "304"),
    "signed_proxy": ("3", "303"),
    "intercepted": ("6", ""),
    "uncollected": ("2", "205"),
    "unreachable": ("2", "206"),
    "addr_unknown": ("2", "207"),
    "return_start": ("6", ""),
    "return_transit": ("6", ""),
    "return_signed": ("4", ""),
}
KDN = {
    "created": ("10", ""),
    "pickup": ("1", "1"),
    "arrive": ("2", "2"),
    "depart": ("2", "2"),
    "arrive_outlet": ("2", "201"),
    "damage": ("4", "414"),
    "stuck": ("4", "417"),
    "out_for_delivery": ("2", "202"),
    "failed_attempt": ("4", "405"),
    "station": ("2", "211"),
    "signed_self": ("3", "301"),
    "signed_station": ("3", "311"),
    "signed_proxy": ("3", "304"),
    "intercepted": ("4", "413"),
    "uncollected": ("4", "412"),
    "unreachable": ("4", "416"),
    "addr_unknown": ("4", "420"),
    "return_start": ("4", "407"),
    "return_transit": ("2", "2"),
    "return_signed": ("4", "406"),
}


def _kd100_codes(event: Event) -> tuple[str, str]:
    u, v = event.u, (event.u * 1000) % 1
    if event.kind == "refused":
        for limit, codes in (
            (0.35, ("14", "")),
            (0.70, ("2", "203")),
            (0.80, ("2", "")),
            (0.88, ("0", "")),
            (0.95, ("6", "")),
        ):
            if u < limit:
                return codes
        return "", ""
    if event.kind == "return_signed" and u < 0.2:
        return "3", "301"
    if event.kind == "stuck" and u < 0.4:
        return "0", ""
    if v > 0.985:
        return "", ""
    if v > 0.97:
        return "0", ""
    return KD100[event.kind]


def _kdn_codes(event: Event) -> tuple[str, str]:
    u, v = event.u, (event.u * 1000) % 1
    if event.kind == "refused":
        for limit, codes in ((0.70, ("4", "404")), (0.80, ("4", "405")), (0.92, ("2", ""))):
            if u < limit:
                return codes
        return "4", ""
    if event.kind == "return_signed" and u < 0.25:
        return "3", "301"
    if event.kind in ("stuck", "return_start") and u < 0.5:
        return "2", "2"
    if event.kind == "created" and u < 0.4:
        return "0", ""
    if v > 0.98:
        return "2", ""
    return KDN[event.kind]


_SUBSCRIPTIONS: dict[int, tuple[World, list[tuple[datetime, Parcel]]]] = {}


def _subscriptions(world: World) -> list[tuple[datetime, Parcel]]:
    """When the aggregator (re)subscribed a number: at upload, and again when it is reused."""
    cached = _SUBSCRIPTIONS.get(id(world))
    if cached and cached[0] is world:
        return cached[1]
    subs = [(p.uploaded_at, p) for p in world.parcels if p.subscribed]
    subs += [
        (o.uploaded_at, o.parcel) for o in world.orders if o.fake == "reuse" and o.parcel.subscribed
    ]
    subs.sort(key=lambda s: (s[0], s[1].number))
    _SUBSCRIPTIONS.clear()
    _SUBSCRIPTIONS[id(world)] = (world, subs)
    return subs


def tracking_rows(world: World, spec: FileSpec) -> tuple[list[str], list[list], list[str]]:
    at = spec.at
    words = vocab()
    kd100 = spec.kind == "kd100"
    picked, seen = [], set()
    for uploaded, parcel in _subscriptions(world):
        if at - TRACK_WINDOW <= uploaded < at and parcel.number not in seen:
            seen.add(parcel.number)
            picked.append(parcel)
    if "partial" in spec.quirks:
        quota = Random(f"{world.seed}:quota:{spec.drop}")
        picked = [p for p in picked if quota.random() < 0.6]
    basic = "basic" in spec.quirks
    if kd100:
        header = (
            ["快递单号", "快递公司", "事件时间", "状态码", "状态名称", "事件描述"]
            if basic
            else [
                "快递单号",
                "快递公司",
                "事件时间",
                "状态码",
                "高级状态码",
                "状态名称",
                "事件描述",
                "事件地点",
            ]
        )
    else:
        header = ["LogisticCode", "ShipperCode", "AcceptTime", "State", "StateEx", "AcceptStation"]
        if "no_location" not in spec.quirks:
            header.append("Location")
    names = words["kd100"]
    rows = []
    for parcel in picked:
        events = [e for e in parcel.events if e.at <= at]
        if not events:
            continue
        newest_first = (
            kd100 and "oldest_first" not in spec.quirks
        ) or "newest_first" in spec.quirks
        if newest_first:
            events = events[::-1]
        number = long_id(parcel.number, spec, tracking=True)
        for event in events:
            when = f"{event.at:%Y-%m-%d %H:%M:%S}"
            if kd100:
                company = (
                    parcel.courier.kd100
                    if "codes_as_company" in spec.quirks
                    else words["couriers"][parcel.courier.code]["display"][0]
                )
                state, adv = _kd100_codes(event)
                label = names["adv_names"].get(adv) or names["state_names"].get(state, "")
                row = (
                    [number, company, when, state] + ([] if basic else [adv]) + [label, event.text]
                )
                if not basic:
                    row.append(event.city)
            else:
                state, extra = _kdn_codes(event)
                text = event.text
                if event.kind == "created" and state == "0":
                    text = words["track"]["no_track"][0]
                row = [number, parcel.courier.kdn, when, state, extra, text]
                if "no_location" not in spec.quirks:
                    row.append(event.city)
            rows.append(row)
    return header_for(header, spec), rows, []
