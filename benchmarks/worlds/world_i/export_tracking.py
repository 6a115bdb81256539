"""Courier tracking exports from two aggregators, Kuaidi100 and Kuaidi Niao."""

import random
from datetime import datetime, timedelta
from pathlib import Path

from .model import Event, Order, Parcel
from .rng import stream
from .shop import EXPORT_DAYS
from .writers import write_csv, write_xlsx

WINDOW = timedelta(days=28)
KUAIDI100_HEADER = ("快递单号", "快递公司", "事件时间", "状态码", "高级状态码", "状态名称",
                    "事件描述", "事件地点")
KUAIDI_NIAO_HEADER = ("LogisticCode", "ShipperCode", "AcceptTime", "State", "StateEx",
                      "AcceptStation", "Location")
KUAIDI100_EXPORTS = range(0, 9)
KUAIDI_NIAO_EXPORTS = range(8, 17)
KUAIDI_NIAO_XLSX_EXPORT = 12
MISSING_CODE_RATE = 0.04

# event kind -> (Kuaidi100 state, advanced code, state name), (Kuaidi Niao State, StateEx)
CODES: dict[str, tuple[tuple[str, str, str], tuple[str, str]]] = {
    "pickup": (("1", "103", "揽收"), ("1", "")),
    "depart": (("0", "1002", "在途"), ("2", "")),
    "arrive": (("0", "1002", "在途"), ("2", "")),
    "arrive_city": (("0", "1001", "在途"), ("2", "201")),
    "stuck": (("2", "208", "疑难"), ("4", "417")),
    "damaged": (("2", "209", "疑难"), ("4", "414")),
    "no_update": (("2", "202", "疑难"), ("4", "403")),
    "out": (("5", "", "派件"), ("2", "202")),
    "locker": (("5", "501", "派件"), ("2", "211")),
    "attempt_failed": (("2", "204", "疑难"), ("4", "405")),
    "signed": (("3", "301", "签收"), ("3", "301")),
    "proxy_signed": (("3", "303", "签收"), ("3", "304")),
    "locker_signed": (("3", "304", "签收"), ("3", "311")),
    "refused": (("14", "203", "拒签"), ("4", "404")),
    "returning": (("6", "", "退回"), ("2", "")),
    "return_signed": (("4", "", "退签"), ("3", "406")),
    "unreachable": (("2", "206", "疑难"), ("4", "416")),
    "bad_address": (("2", "207", "疑难"), ("4", "420")),
    "locker_timeout": (("2", "205", "疑难"), ("4", "412")),
    "intercepted": (("2", "", "疑难"), ("4", "413")),
}
# How couriers actually code a refusal: often not the textbook code.
REFUSAL_KUAIDI100_VARIANTS = ((("14", "203", "拒签"), 50), (("2", "203", "疑难"), 25),
                              (("2", "", "疑难"), 10), (("6", "", "退回"), 10),
                              (("5", "", "派件"), 5))
REFUSAL_KUAIDI_NIAO_VARIANTS = ((("4", "404"), 70), (("4", ""), 15), (("2", ""), 10),
                                (("4", "405"), 5))

CodedEvent = tuple[Event, tuple[str, str, str], tuple[str, str]]


def code_event(rand: random.Random, event: Event) -> CodedEvent:
    kuaidi100, kuaidi_niao = CODES[event.kind]
    if event.kind == "refused":
        options, weights = zip(*REFUSAL_KUAIDI100_VARIANTS, strict=True)
        kuaidi100 = rand.choices(options, weights=weights)[0]
        niao_options, niao_weights = zip(*REFUSAL_KUAIDI_NIAO_VARIANTS, strict=True)
        kuaidi_niao = rand.choices(niao_options, weights=niao_weights)[0]
    elif rand.random() < MISSING_CODE_RATE:
        kuaidi100 = (kuaidi100[0], "", kuaidi100[2])
        kuaidi_niao = (kuaidi_niao[0], "")
    return event, kuaidi100, kuaidi_niao


def coded_parcels(seed: int, orders: list[Order]) -> list[tuple[Parcel, list[CodedEvent]]]:
    rand = stream(seed, "tracking-codes")
    seen: set[str] = set()
    coded = []
    for order in orders:
        parcel = order.parcel
        if parcel is None or parcel.tracking_no in seen:
            continue
        seen.add(parcel.tracking_no)
        coded.append((parcel, [code_event(rand, event) for event in parcel.events]))
    coded.sort(key=lambda item: (item[0].shipped_at, item[0].tracking_no))
    return coded


def kuaidi100_rows(parcel: Parcel, events: list[CodedEvent], at: datetime,
                   index: int) -> list[list[str]]:
    company = parcel.courier.display_names[0] if index % 2 == 0 else parcel.courier.kuaidi100_code
    visible = [item for item in events if item[0].at <= at]
    visible.sort(key=lambda item: item[0].at, reverse=True)
    return [[parcel.tracking_no, company, event.at.strftime("%Y-%m-%d %H:%M:%S"), state, advanced,
             name, event.text, event.city] for event, (state, advanced, name), _ in visible]


def kuaidi_niao_rows(parcel: Parcel, events: list[CodedEvent], at: datetime) -> list[list[str]]:
    visible = sorted((item for item in events if item[0].at <= at), key=lambda item: item[0].at)
    return [[parcel.tracking_no, parcel.courier.kuaidi_niao_code,
             event.at.strftime("%Y-%m-%d %H:%M:%S"), state, state_ex, event.text, event.city]
            for event, _, (state, state_ex) in visible]


def write_tracking_exports(seed: int, orders: list[Order], folder: Path) -> list[str]:
    coded = coded_parcels(seed, orders)
    names = []
    for index, day in enumerate(EXPORT_DAYS):
        at = datetime.combine(day, datetime.min.time()) + timedelta(hours=10)
        recent = [(parcel, events) for parcel, events in coded
                  if at - WINDOW <= parcel.shipped_at < at]
        if index in KUAIDI100_EXPORTS:
            rows = [row for parcel, events in recent
                    for row in kuaidi100_rows(parcel, events, at, index)]
            name = f"快递100_物流轨迹_{day:%Y%m%d}.csv"
            write_csv(folder / name, KUAIDI100_HEADER, rows, "utf-8-sig")
            names.append(name)
        if index in KUAIDI_NIAO_EXPORTS:
            rows = [row for parcel, events in recent
                    for row in kuaidi_niao_rows(parcel, events, at)]
            if index == KUAIDI_NIAO_XLSX_EXPORT:
                name = f"kdniao_traces_{day:%Y%m%d}.xlsx"
                write_xlsx(folder / name, KUAIDI_NIAO_HEADER, rows, "Traces")
            else:
                name = f"kdniao_traces_{day:%Y%m%d}.csv"
                write_csv(folder / name, KUAIDI_NIAO_HEADER, rows, "utf-8", "\n")
            names.append(name)
    return names
