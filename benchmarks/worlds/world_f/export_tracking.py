"""Tracking exports from the two aggregators the shop used: 快递100 until mid-May, then 快递鸟
(one week overlaps, so the same scans arrive twice in two vocabularies). Each weekly file holds
the full trace, up to the download, of every parcel that moved in the last two weeks."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .files import Cell, as_text_for_excel, stamp, write_csv, write_xlsx
from .model import Event, Parcel

_TRANSIT = ("depart_site", "arrive_hub", "depart_hub", "weather")
#: kind -> (state, advanced code, state name) in 快递100 terms
_KUAIDI100 = {
    "pickup": ("1", "103", "揽收"),
    "arrive_station": ("0", "1001", "在途"),
    "stuck": ("2", "208", "疑难"),
    "no_update": ("2", "202", "疑难"),
    "damage": ("2", "209", "疑难"),
    "out_for_delivery": ("5", "", "派件"),
    "locker": ("5", "501", "派件"),
    "signed": ("3", "301", "签收"),
    "signed_proxy": ("3", "304", "签收"),
    "refused": ("2", "203", "疑难"),
    "return_start": ("6", "", "退回"),
    "return_transit": ("6", "", "退回"),
    "return_signed": ("4", "", "退签"),
    "unreachable": ("2", "206", "疑难"),
    "bad_address": ("2", "207", "疑难"),
    "locker_timeout": ("2", "205", "疑难"),
    "intercepted": ("6", "", "退回"),
    "lost_probe": ("2", "201", "疑难"),
    **{kind: ("0", "1002", "在途") for kind in _TRANSIT},
}
#: kind -> (State, StateEx) in 快递鸟 terms
_KDNIAO = {
    "pickup": ("1", ""),
    "arrive_station": ("2", "201"),
    "stuck": ("4", "417"),
    "no_update": ("4", "403"),
    "damage": ("4", "414"),
    "out_for_delivery": ("2", "202"),
    "locker": ("2", "211"),
    "signed": ("3", "301"),
    "signed_proxy": ("3", "311"),
    "refused": ("4", "404"),
    "return_start": ("4", "407"),
    "return_transit": ("4", "407"),
    "return_signed": ("4", "406"),
    "unreachable": ("4", "416"),
    "bad_address": ("4", "420"),
    "locker_timeout": ("4", "412"),
    "intercepted": ("4", "413"),
    "lost_probe": ("4", "402"),
    **{kind: ("2", "") for kind in _TRANSIT},
}


@dataclass(frozen=True)
class TrackingDrop:
    name: str
    at: datetime
    provider: str
    xlsx: bool = False
    encoding: str = "utf-8-sig"
    newest_first: bool = True
    advanced_codes: bool = True
    state_names: bool = True
    places: bool = True
    courier_codes: bool = False


def _parcels_moving(parcels: list[Parcel], drop: TrackingDrop) -> list[tuple[Parcel, list[Event]]]:
    since = drop.at - timedelta(days=14)
    chosen = []
    for parcel in parcels:
        seen = [event for event in parcel.events if event.at <= drop.at]
        if seen and any(event.at >= since for event in seen):
            chosen.append((parcel, seen))
    return chosen


def _wrong_codes(
    seed: int, parcel: Parcel, event: Event, codes: tuple[str, ...]
) -> tuple[str, ...]:
    """Aggregators mis-code a few scans: a refusal filed as 拒签 (14), as plain 疑难 or 在途. The
    same scan keeps the same codes in every weekly file of one provider."""
    if event.kind != "refused":
        return codes
    roll = random.Random(f"{seed}:{parcel.tracking_no}:{len(codes)}").random()
    if len(codes) == 3:
        if roll < 0.22:
            return ("14", "", "拒签")
        if roll < 0.27:
            return ("0", "", "在途")
        if roll < 0.31:
            return ("2", "", "疑难")
    elif roll < 0.05:
        return ("2", "")
    elif roll < 0.09:
        return ("4", "")
    return codes


def _kuaidi100_rows(
    drop: TrackingDrop, moving: list[tuple[Parcel, list[Event]]], seed: int
) -> tuple[list[str], list[list[Cell]]]:
    header = ["快递单号", "快递公司", "事件时间", "状态码"]
    header += ["高级状态码"] if drop.advanced_codes else []
    header += ["状态名称"] if drop.state_names else []
    header += ["事件描述"] + (["事件地点"] if drop.places else [])
    rows: list[list[Cell]] = []
    for parcel, events in moving:
        ordered = sorted(events, key=lambda event: event.at, reverse=drop.newest_first)
        courier = parcel.courier.kuaidi100 if drop.courier_codes else parcel.courier.display_alt
        for event in ordered:
            state, advanced, state_name = _wrong_codes(seed, parcel, event, _KUAIDI100[event.kind])
            row: list[Cell] = [
                as_text_for_excel(parcel.tracking_no),
                courier,
                stamp(event.at),
                state,
            ]
            row += [advanced] if drop.advanced_codes else []
            row += [state_name] if drop.state_names else []
            row += [event.text] + ([event.city] if drop.places else [])
            rows.append(row)
    return header, rows


def _kdniao_rows(
    drop: TrackingDrop, moving: list[tuple[Parcel, list[Event]]], seed: int
) -> tuple[list[str], list[list[Cell]]]:
    header = [
        "LogisticCode",
        "ShipperCode",
        "AcceptTime",
        "State",
        "StateEx",
        "AcceptStation",
        "Location",
    ]
    rows: list[list[Cell]] = []
    for parcel, events in moving:
        for event in sorted(events, key=lambda event: event.at, reverse=drop.newest_first):
            state, state_ex = _wrong_codes(seed, parcel, event, _KDNIAO[event.kind])
            tracking = parcel.tracking_no if drop.xlsx else as_text_for_excel(parcel.tracking_no)
            rows.append(
                [
                    tracking,
                    parcel.courier.kdniao,
                    stamp(event.at),
                    state,
                    state_ex,
                    event.text,
                    event.city,
                ]
            )
    return header, rows


def write_tracking(folder: Path, drop: TrackingDrop, parcels: list[Parcel], seed: int) -> None:
    moving = _parcels_moving(parcels, drop)
    build = _kuaidi100_rows if drop.provider == "kuaidi100" else _kdniao_rows
    header, rows = build(drop, moving, seed)
    if drop.xlsx:
        write_xlsx(folder / drop.name, header, rows, sheet="轨迹")
    else:
        write_csv(folder / drop.name, header, rows, encoding=drop.encoding)
