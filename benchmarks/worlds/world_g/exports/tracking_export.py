"""Tracking exports from the two aggregators the merchant used: 快递100, then 快递鸟."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from ..model import Event, Parcel
from ..schedule import TRACKING_WINDOW_DAYS, Drop
from ..tracking import CODES, KUAIDI100_STATE_NAMES
from .dressing import stamp, write

DUPLICATE_ROW_SHARE = 0.003  # the aggregator repeats an event now and then

_KUAIDI100 = [
    "快递单号",
    "快递公司",
    "事件时间",
    "状态码",
    "高级状态码",
    "状态名称",
    "事件描述",
    "事件地点",
]
_KUAIDINIAO = [
    "LogisticCode",
    "ShipperCode",
    "AcceptTime",
    "State",
    "StateEx",
    "AcceptStation",
    "Location",
]


def _codes(event: Event) -> tuple[str, str, str, str]:
    if event.codes_missing:
        return "", "", "", ""
    kind = "dispatch" if event.codes_wrong else event.kind
    state, advanced, niao_state, niao_ex = CODES[kind]
    return (
        str(state),
        "" if advanced is None else str(advanced),
        str(niao_state),
        "" if niao_ex is None else str(niao_ex),
    )


def followed(parcels: list[Parcel], drop: Drop) -> list[tuple[str, Parcel, list[Event]]]:
    """(number, carrier parcel, events so far) for every number the aggregator follows."""
    since = drop.at - timedelta(days=TRACKING_WINDOW_DAYS)
    by_number: dict[str, Parcel] = {p.number: p for p in parcels if p.fate != "reused"}
    rows: dict[str, tuple[str, Parcel, list[Event]]] = {}
    for parcel in parcels:
        if not parcel.subscribed or not since <= parcel.declared_at < drop.at:
            continue
        carrier = by_number[parcel.number]
        events = [event for event in carrier.events if event.at <= drop.at]
        if events and parcel.number not in rows:
            rows[parcel.number] = (parcel.number, carrier, sorted(events, key=lambda e: e.at))
    return sorted(rows.values(), key=lambda row: (row[1].declared_at, row[0]))


def _kuaidi100_number(number: str, quirks: frozenset[str]) -> str:
    if "eq_quote" in quirks and number.isdigit():
        return f'="{number}"'
    if "apostrophe" in quirks:
        return "'" + number
    return number


def write_kuaidi100(folder: Path, drop: Drop, parcels: list[Parcel], rng: random.Random) -> None:
    quirks = drop.quirks
    header = [
        name
        for name in _KUAIDI100
        if "no_advanced" not in quirks or name not in ("高级状态码", "状态名称")
    ]
    rows = []
    for number, carrier, events in followed(parcels, drop):
        company = carrier.courier.kuaidi100 if "codes" in quirks else carrier.courier.names[0]
        ordered = list(reversed(events)) if "newest_first" in quirks else events
        for event in ordered:
            state, advanced, _, _ = _codes(event)
            values = {
                "快递单号": _kuaidi100_number(number, quirks),
                "快递公司": company,
                "事件时间": stamp(event.at),
                "状态码": state,
                "高级状态码": advanced,
                "状态名称": KUAIDI100_STATE_NAMES.get(int(state), "") if state else "",
                "事件描述": event.text,
                "事件地点": event.location,
            }
            row = [values[name] for name in header]
            rows.append(row)
            if rng.random() < DUPLICATE_ROW_SHARE:
                rows.append(list(row))
    write(folder, drop, header, rows)


def write_kuaidiniao(folder: Path, drop: Drop, parcels: list[Parcel], rng: random.Random) -> None:
    slash = "slash_dates" in drop.quirks
    rows = []
    for number, carrier, events in followed(parcels, drop):
        for event in events:
            _, _, state, state_ex = _codes(event)
            row = [
                number,
                carrier.courier.kuaidiniao,
                stamp(event.at, slash),
                state,
                state_ex,
                event.text,
                event.location,
            ]
            rows.append(row)
            if rng.random() < DUPLICATE_ROW_SHARE:
                rows.append(list(row))
    write(folder, drop, _KUAIDINIAO, rows)
