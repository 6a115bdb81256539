"""Courier tracking as the aggregators export it: 快递100 (state codes) and 快递鸟 (State/StateEx).

A weekly file lists the numbers the merchant pasted in: every number on an order shipped in the
last TRACKING_WINDOW_DAYS days, each with all its scans up to the export time.
"""

from pathlib import Path

from ..clock import DAY, fmt
from ..models import Order
from . import files
from .plan import TRACKING_WINDOW_DAYS, TrackingJob

K100_STATE = {
    "0": "在途",
    "1": "揽收",
    "2": "疑难",
    "3": "签收",
    "4": "退签",
    "5": "派件",
    "6": "退回",
    "14": "拒签",
}
K100_ADVANCED = {
    "103": "已揽收",
    "1002": "干线",
    "1001": "到达派件城市",
    "501": "投柜或驿站",
    "301": "本人签收",
    "303": "代签",
    "304": "投柜或站签收",
    "208": "滞留",
    "202": "超时未更新",
    "209": "破损",
    "204": "派件异常",
    "207": "超区",
    "206": "无法联系",
    "205": "柜或驿站超时未取",
    "203": "拒收",
}
K100_COLUMNS = (
    "快递单号",
    "快递公司",
    "事件时间",
    "状态码",
    "高级状态码",
    "状态名称",
    "事件描述",
    "事件地点",
)
K100_BARE = ("快递单号", "快递公司", "事件时间", "状态码", "事件描述")
_TERMINAL = ("signed", "signed_station", "return_done")
STILL_OPEN_DAYS = 45  # older parcels not yet signed or back are queried again, up to this age
KN_COLUMNS = (
    "LogisticCode",
    "ShipperCode",
    "AcceptTime",
    "State",
    "StateEx",
    "AcceptStation",
    "Location",
)


def _finished(events, t: int) -> bool:
    visible = [e for e in events if e.at <= t]
    return bool(visible) and visible[-1].kind in _TERMINAL


def _numbers(job: TrackingJob, orders: list[Order]):
    """(number, courier, events, order ids) for each distinct number queried, in paste order:
    everything shipped in the window, plus older parcels still on the road."""
    since = job.at - TRACKING_WINDOW_DAYS * DAY
    oldest = job.at - STILL_OPEN_DAYS * DAY
    seen: dict[str, list] = {}
    for order in orders:
        parcel = order.parcel
        if parcel is None or order.ship_at is None or not oldest < order.ship_at <= job.at:
            continue
        source = parcel.reused_from or parcel
        if order.ship_at <= since and _finished(source.events, job.at):
            continue
        entry = seen.get(parcel.number)
        if entry is None:
            seen[parcel.number] = [parcel.number, parcel.courier, source.events, [order.order_id]]
        else:
            entry[3].append(order.order_id)
    return list(seen.values())


def write(job: TrackingJob, orders: list[Order], folder: Path) -> int:
    rows = []
    for number, courier, events, order_ids in _numbers(job, orders):
        visible = [e for e in events if e.at <= job.at]
        if job.newest_first:
            visible.reverse()
        if job.provider == "kn":
            rows.extend(_kn_rows(number, courier, visible))
        else:
            rows.extend(_k100_rows(job, number, courier, visible, order_ids))
    if job.provider == "kn":
        header = list(KN_COLUMNS)
    else:
        header = list(K100_COLUMNS if job.optional_columns else K100_BARE)
        if job.order_column:
            header.append("备注")
    path = folder / job.name
    if job.fmt == "xlsx":
        files.write_xlsx(path, header, rows, files.zip_stamp(job.at))
    else:
        files.write_csv(path, header, rows, job.encoding, quote_all=False)
    return len(rows)


def _k100_rows(job: TrackingJob, number, courier, events, order_ids):
    company = courier.k100 if job.company_codes else courier.names[0]
    note = "/".join(order_ids)
    for e in events:
        if job.optional_columns:
            name = K100_ADVANCED.get(e.k100_adv) or K100_STATE.get(e.k100, "")
            row = [number, company, fmt(e.at), e.k100, e.k100_adv, name, e.text, e.city]
        else:
            row = [number, company, fmt(e.at), e.k100, e.text]
        if job.order_column:
            row.append(note)
        yield row


def _kn_rows(number, courier, events):
    if not events:
        yield [number, courier.kn, "", "0", "", "暂无轨迹信息", ""]
        return
    for e in events:
        yield [number, courier.kn, fmt(e.at), e.kn, e.kn_ex, e.text, e.city]
