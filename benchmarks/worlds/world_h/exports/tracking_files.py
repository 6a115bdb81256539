"""The weekly tracking downloads, in the two aggregators' vocabularies.

Kuaidi100 (12 downloads, 8 Dec – 23 Feb; 中通, 圆通, 韵达, and 极兔 from 19 Jan): newest
event first except the 29 Dec and 26 Jan files; 快递公司 alternates between display name and
Kuaidi100 code; the December files have no 高级状态码 column (resultv2 was switched on in
January); the 12 Jan file is GB18030; the 9 Feb file went through a script that turned
pure-digit numbers into floats (.0).
Kuaidi Niao (7 downloads, 2 Feb – 16 Mar, every courier): oldest event first, UTF-8.
Each download holds the parcels whose orders were shipped in the 28 days before it and the older
ones still moving a week before it (an order given an old number brings that number's whole
history), with the events up to download time.

Codes per event kind follow the providers' tables in INPUTS.md; a refusal is coded 2/203 or 14
(Kuaidi100) and 4/404 (Kuaidi Niao), and the event's `miscode` makes some of them wrong: Kuaidi100
state 2 without its advanced code, or 5 派件; Kuaidi Niao 4/405 派件异常. The text always says it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .. import season
from ..model import Event, Order, Parcel
from . import cells
from .files import write_csv

K100_NAMES = {"0": "在途", "1": "揽收", "2": "疑难", "3": "签收", "4": "退签", "5": "派件",
              "6": "退回", "14": "拒签"}
#: event kind -> (Kuaidi100 state, advanced state, Kuaidi Niao State, StateEx)
CODES = {
    "pickup": ("1", "103", "1", "1"),
    "depart_site": ("0", "1002", "2", "2"),
    "arrive_origin_hub": ("0", "1002", "2", "2"),
    "peak_backlog": ("0", "1002", "2", "2"),
    "depart_origin_hub": ("0", "1002", "2", "2"),
    "arrive_hub": ("0", "1001", "2", "201"),
    "hub_jam": ("2", "208", "4", "417"),
    "weather_delay": ("2", "208", "4", "417"),
    "holiday_pause": ("2", "208", "4", "417"),
    "holiday_pause_origin": ("2", "208", "4", "417"),
    "holiday_resume": ("0", "1002", "2", "2"),
    "depart_hub": ("0", "1002", "2", "2"),
    "arrive_site": ("0", "1001", "2", "2"),
    "damaged": ("2", "209", "4", "414"),
    "out_for_delivery": ("5", "5", "2", "202"),
    "attempt_failed": ("2", "204", "4", "405"),
    "station_drop": ("5", "501", "2", "211"),
    "signed_self": ("3", "301", "3", "301"),
    "signed_proxy": ("3", "303", "3", "304"),
    "signed_station": ("3", "304", "3", "311"),
    "unreachable": ("2", "206", "4", "416"),
    "address_unknown": ("2", "207", "4", "420"),
    "station_overdue": ("2", "205", "4", "412"),
    "intercepted": ("6", "6", "4", "413"),
    "stale": ("2", "202", "4", "403"),
    "return_start": ("6", "6", "4", "407"),
    "return_arrive": ("6", "6", "4", "407"),
    "return_signed": ("4", "4", "4", "406"),
}
_REFUSED = ("refused_plain", "refused_with_reason", "refused_at_station_plain",
            "refused_at_station_with_reason")


def _k100_code(event: Event, number: str) -> tuple[str, str]:
    if event.kind in _REFUSED:
        if event.miscode == "k100_plain":
            return "2", ""
        if event.miscode == "k100_wrong":
            return "5", "5"
        return ("14", "14") if int(number[-1]) % 3 == 0 else ("2", "203")
    state, advanced, _, _ = CODES[event.kind]
    return state, advanced


def _kdniao_code(event: Event) -> tuple[str, str]:
    if event.kind in _REFUSED:
        return ("4", "405") if event.miscode == "kn_wrong" else ("4", "404")
    _, _, state, state_ex = CODES[event.kind]
    return state, state_ex


def _histories(orders: list[Order], parcels: dict[str, Parcel], moment: datetime,
               kuaidi100: bool) -> list[tuple[str, list[Event], Order]]:
    """(number, events up to `moment`, first order) of every number shipped in the window."""
    chosen: dict[str, tuple[datetime, list[Event], Order]] = {}
    for order in orders:
        ship = order.ship_at
        if ship is None or not order.tracking_no or order.courier is None:
            continue
        since = order.courier.kuaidi100_from
        if kuaidi100 and (since is None or moment < since):
            continue
        source = parcels[order.tracking_no]
        if not source.events or not season.in_download(moment, ship, source.events[-1].at):
            continue
        events = [e for e in source.events if e.at <= moment]
        if events and order.tracking_no not in chosen:
            chosen[order.tracking_no] = (ship, events, order)
    ordered = sorted(chosen.items(), key=lambda item: (item[1][0], item[0]))
    return [(number, events, order) for number, (_, events, order) in ordered]


def write(folder: Path, orders: list[Order], parcels: list[Parcel]) -> list[Path]:
    written = []
    by_number = {parcel.tracking_no: parcel for parcel in parcels}
    for index, moment in enumerate(season.KUAIDI100_EXPORTS):
        advanced = moment >= datetime(2026, 1, 1)
        newest_first = moment.day not in (29, 26)
        use_code = index % 2 == 1
        number_cell = cells.trailing_zero if (moment.month, moment.day) == (2, 9) else cells.plain
        header = ["快递单号", "快递公司", "事件时间", "状态码",
                  *(["高级状态码"] if advanced else []), "状态名称", "事件描述", "事件地点"]
        rows = []
        for number, events, order in _histories(orders, by_number, moment, kuaidi100=True):
            assert order.courier is not None
            company = order.courier.k100 if use_code else order.courier.names[0]
            for event in (reversed(events) if newest_first else events):
                state, adv = _k100_code(event, number)
                rows.append([number_cell(number), company, cells.when(event.at), state]
                            + ([adv] if advanced else [])
                            + [K100_NAMES[state], event.text, event.city])
        encoding = "gb18030" if (moment.month, moment.day) == (1, 12) else "utf-8-sig"
        path = folder / f"快递100_批量查询结果_{moment:%Y%m%d}.csv"
        write_csv(path, header, rows, encoding)
        written.append(path)
    for moment in season.KDNIAO_EXPORTS:
        rows = []
        for number, events, order in _histories(orders, by_number, moment, kuaidi100=False):
            assert order.courier is not None
            for event in events:
                state, state_ex = _kdniao_code(event)
                rows.append([number, order.courier.kdniao, cells.when(event.at), state, state_ex,
                             event.text, event.city])
        path = folder / f"快递鸟_轨迹导出_{moment:%Y%m%d}.csv"
        write_csv(path, ["LogisticCode", "ShipperCode", "AcceptTime", "State", "StateEx",
                         "AcceptStation", "Location"], rows, "utf-8")
        written.append(path)
    return written
