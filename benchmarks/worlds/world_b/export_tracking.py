"""Weekly courier-tracking exports from two aggregators: Kuaidi100 and Kuaidi Niao.

The merchant pulled tracking from Kuaidi100 at first and switched to Kuaidi Niao in a later week
(that week was pulled from both). Each weekly file holds the events of the last 7 days plus 1-3 days
of overlap with the previous file. Kuaidi100 files list events newest-first (its default) or
oldest-first, show the courier as a display name or as Kuaidi100's code, and sometimes drop the
optional columns. Codes are blank on 0-3 % of rows and wrong on 0.5 % (e.g. a return signed for by
the merchant coded 3 签收). 0.8 % of tracking numbers never made it into the aggregator.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from .model import Event, Parcel, World
from .writer import Cells, draw_style, unique_path, write_table

# kind: (Kuaidi100 state, Kuaidi100 advanced code, Kuaidi Niao State, Kuaidi Niao StateEx)
CODES = {
    "ordered": ("1", "101", "10", ""),
    "pickup": ("1", "103", "1", ""),
    "hub_arrive": ("0", "1002", "2", ""),
    "hub_depart": ("0", "1002", "2", ""),
    "city_arrive": ("0", "1001", "2", "201"),
    "station_arrive": ("0", "", "2", "201"),
    "dispatch": ("5", "", "2", "202"),
    "retry": ("2", "204", "4", "405"),
    "locker_in": ("5", "501", "2", "211"),
    "signed_self": ("3", "301", "3", "301"),
    "signed_proxy": ("3", "303", "3", "304"),
    "signed_locker": ("3", "304", "3", "311"),
    "stuck": ("2", "208", "4", "417"),
    "weather": ("2", "208", "4", "417"),
    "damage": ("2", "209", "4", "414"),
    "refused": ("2", "203", "4", "404"),
    "return_start": ("6", "", "2", ""),
    "return_transit": ("6", "", "2", ""),
    "return_arrive": ("6", "", "2", ""),
    "return_signed": ("4", "", "4", "406"),
    "unreachable": ("2", "206", "4", "416"),
    "address_bad": ("2", "207", "4", "420"),
    "locker_timeout": ("2", "205", "4", "412"),
    "intercepted": ("6", "", "4", "413"),
}
K100_STATE_NAMES = {
    "0": "在途",
    "1": "揽收",
    "2": "疑难",
    "3": "签收",
    "4": "退签",
    "5": "派件",
    "6": "退回",
    "14": "拒签",
}
K100_ADVANCED_NAMES = {
    "101": "已下单",
    "103": "已揽收",
    "1001": "到达派件城市",
    "1002": "干线",
    "501": "投柜或驿站",
    "301": "本人签收",
    "303": "代签",
    "304": "投柜或站签收",
    "203": "拒收",
    "204": "派件异常",
    "205": "柜或驿站超时未取",
    "206": "无法联系",
    "207": "超区",
    "208": "滞留",
    "209": "破损",
}
K100_HEADER = [
    "快递单号",
    "快递公司",
    "事件时间",
    "状态码",
    "高级状态码",
    "状态名称",
    "事件描述",
    "事件地点",
]
KDN_HEADER = [
    "LogisticCode",
    "ShipperCode",
    "AcceptTime",
    "State",
    "StateEx",
    "AcceptStation",
    "Location",
]
UNTRACKED_RATE = 0.008


def k100_codes(parcel: Parcel, event: Event) -> tuple[str, str]:
    state, advanced, _, _ = CODES[event.kind]
    style = parcel.refusal_style
    if event.kind == "refused":
        return {"k100_14": ("14", ""), "no_code": ("", "")}.get(style, (state, advanced))
    if event.kind == "return_signed" and parcel.outcome == "refused" and style == "k100_final_14":
        return "14", ""
    return state, advanced


def kdn_codes(parcel: Parcel, event: Event) -> tuple[str, str]:
    _, _, state, extended = CODES[event.kind]
    if event.kind == "refused" and parcel.refusal_style == "no_code":
        return ("2", "") if len(parcel.tracking_no) % 2 else ("4", "")
    return state, extended


def _providers(weeks: int, rng: random.Random) -> list[list[str]]:
    if weeks == 1:
        return [["k100"]]
    switch = rng.randint(1, weeks - 1)
    plan = [["k100"] if week < switch else ["kdn"] for week in range(weeks)]
    plan[switch - 1] = ["k100", "kdn"]
    return plan


def export_tracking(
    world: World, directory: Path, names: dict[str, list[str]], rng: random.Random
) -> list[Path]:
    tracked = [
        parcel for parcel in world.parcels if parcel.events and rng.random() >= UNTRACKED_RATE
    ]
    for parcel in tracked:
        parcel.events.sort(key=lambda event: event.at)
    written = []
    for week, (taken_at, providers) in enumerate(
        zip(world.export_times, _providers(len(world.export_times), rng), strict=True)
    ):
        since = world.start if week == 0 else taken_at - timedelta(days=7 + rng.randint(1, 3))
        for provider in providers:
            path = _write_provider_file(
                provider, tracked, since, taken_at, directory, names, rng, week
            )
            written.append(path)
    return written


def _write_provider_file(
    provider: str,
    parcels: list[Parcel],
    since: datetime,
    until: datetime,
    directory: Path,
    names: dict[str, list[str]],
    rng: random.Random,
    week: int,
) -> Path:
    pattern = rng.choice(names[f"tracking_{provider}"])
    style = draw_style(rng, xlsx=pattern.endswith(".xlsx"))
    cells = Cells(style, rng)
    newest_first = rng.random() < (0.7 if provider == "k100" else 0.3)
    blank_rate = rng.choice((0.0, 0.01, 0.03))
    use_code = provider == "k100" and rng.random() < 0.35
    optional = provider != "k100" or rng.random() < 0.75
    header = K100_HEADER if provider == "k100" else KDN_HEADER
    if not optional:
        header = [
            column
            for column in header
            if column not in ("高级状态码", "状态名称", "事件地点", "Location")
        ]
    rows = []
    for parcel in parcels:
        events = [event for event in parcel.events if since <= event.at <= until]
        if newest_first:
            events.reverse()
        for event in events:
            rows.append(_row(provider, parcel, event, cells, use_code, blank_rate, header, rng))
    name = pattern.format(ymd=until.strftime("%Y%m%d"), md=until.strftime("%m%d"), n=week + 1)
    path = unique_path(directory, name)
    write_table(path, [cells.header(column) for column in header], rows, style, rng)
    return path


def _row(
    provider: str,
    parcel: Parcel,
    event: Event,
    cells: Cells,
    use_code: bool,
    blank_rate: float,
    header: list[str],
    rng: random.Random,
) -> list[str]:
    courier = parcel.courier
    if provider == "k100":
        state, advanced = k100_codes(parcel, event)
    else:
        state, advanced = kdn_codes(parcel, event)
    draw = rng.random()
    if draw < blank_rate:
        state = advanced = ""
    elif draw < blank_rate + 0.005:
        state, advanced = ("3", "") if event.kind == "return_signed" else ("0", "")
        if provider == "kdn":
            state = "3" if event.kind == "return_signed" else "2"
    location = event.location if rng.random() < 0.9 else ""
    if provider == "k100":
        name = K100_ADVANCED_NAMES.get(advanced) or K100_STATE_NAMES.get(state, "")
        values = {
            "快递单号": cells.ident(parcel.tracking_no),
            "快递公司": courier.k100 if use_code else courier.names[0],
            "事件时间": cells.time(event.at),
            "状态码": state,
            "高级状态码": advanced,
            "状态名称": name,
            "事件描述": event.text,
            "事件地点": location,
        }
    else:
        values = {
            "LogisticCode": cells.ident(parcel.tracking_no),
            "ShipperCode": courier.kdn,
            "AcceptTime": cells.time(event.at),
            "State": state,
            "StateEx": advanced,
            "AcceptStation": event.text,
            "Location": location,
        }
    return [values[column] for column in header]
