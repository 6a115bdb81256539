"""Write the season as a merchant's weekly export drops, and the labels.

Each Monday 09:00 the merchant exports the last five weeks of orders, the tracking of every
parcel that moved in the last two weeks, and (from some week on) after-sales, reviews, store
scores and, monthly, penalty bills. Each view shows the state at that moment.
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl

from . import catalog as cat
from . import layouts
from .layouts import FileStyle
from .model import Event, Order
from .simulate import Season

# (Kuaidi100 state, Kuaidi100 advanced code, Kuaidi Niao State, Kuaidi Niao StateEx) per scan kind
_CODES = {
    "collected": ("1", "103", "1", ""), "departed": ("0", "1002", "2", ""),
    "arrived": ("0", "1002", "2", ""), "at_city": ("0", "1001", "2", "201"),
    "out": ("5", "", "2", "202"), "locker": ("5", "501", "2", "211"),
    "signed": ("3", "301", "3", "301"), "signed_locker": ("3", "304", "3", "311"),
    "signed_proxy": ("3", "303", "3", "304"), "stuck": ("2", "208", "4", "417"),
    "typhoon": ("2", "208", "4", "417"), "backlog": ("0", "1002", "4", "417"),
    "no_update": ("2", "202", "4", "403"), "damaged": ("2", "209", "4", "414"),
    "lost": ("2", "204", "4", "405"), "retry": ("2", "204", "4", "405"),
    "unreachable": ("2", "206", "4", "416"), "address_bad": ("2", "207", "4", "420"),
    "locker_timeout": ("2", "205", "4", "412"), "returning": ("6", "", "4", "407"),
    "return_signed": ("4", "", "4", "406"),
}
_REFUSAL_CODES = {"14": ("14", ""), "203": ("2", "203"), "14+203": ("14", "203")}
_STATE_NAMES = {"0": "在途", "1": "揽收", "2": "疑难", "3": "签收", "4": "退签", "5": "派件",
                "6": "退回", "14": "拒签"}


class Raw(str):
    """A CSV cell written exactly as it is (an Excel formula such as ="7319…")."""


def drop_moments() -> list[datetime]:
    moments, moment = [], datetime(2026, 8, 10, 9, 0)
    while moment <= cat.FINAL_EXPORT_AT:
        moments.append(moment)
        moment += timedelta(days=7)
    return moments


# --- file writers
def _cell(value: object, quote_all: bool) -> str:
    if isinstance(value, Raw):
        return str(value)
    text = "" if value is None else str(value)
    if quote_all or any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_csv(path: Path, header: list[str], rows: list[list], style: FileStyle) -> None:
    quote_all = "quote_all" in style.quirks
    lines = [",".join(_cell(h, quote_all) for h in header)]
    lines += [",".join(_cell(v, quote_all) for v in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(style.encoding))


def _write_xlsx(path: Path, header: list[str], rows: list[list], sheet: str) -> None:
    book = openpyxl.Workbook()
    table = book.active
    table.title = sheet
    table.append(header)
    for row in rows:
        table.append(row)
    fixed = datetime(2026, 1, 1)
    book.properties.created = fixed
    book.properties.creator = "pdd-merchant"
    buffer = io.BytesIO()
    book.save(buffer)
    # openpyxl stamps the save time and zip member times: pin both so a seed rewrites the same bytes
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z",
                              data)
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


def _write(folder: Path, stem: str, header: list[str], rows: list[list], style: FileStyle,
           sheet: str = "Sheet1") -> None:
    if style.fmt == "xlsx":
        _write_xlsx(folder / f"{stem}.xlsx", header, rows, sheet)
    else:
        _write_csv(folder / f"{stem}.csv", header, rows, style)


# --- value formatting per style
def _time(moment: datetime | None, style: FileStyle) -> str:
    if moment is None:
        return ""
    if "slash_time" in style.quirks:
        return moment.strftime("%Y/%m/%d %H:%M")
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _money(value: float, style: FileStyle) -> str:
    if "money_symbols" in style.quirks:
        return f"¥{value:,.2f}"
    return f"{value:.2f}"


def _id(value: str, style: FileStyle, *, tracking: bool = False, edited: bool = False) -> object:
    """A long id as the export writes it: tab-prefixed, Excel-damaged, or numeric.

    In a file re-saved by Excel, pure-digit ids carry a trailing ".0"; on the rows the merchant
    had edited by hand, a long tracking number is left in E-notation (its digits are lost).
    """
    if not value:
        return ""
    if "excel_damage" in style.quirks and value.isdigit():
        if tracking and edited and len(value) > 11:
            return f"{float(value):.11E}"
        return f"{value}.0"
    if "numeric_ids" in style.quirks and value.isdigit() and not tracking:
        return int(value)
    if "tab_ids" in style.quirks:
        return "\t" + value
    if "eq_wrap" in style.quirks:
        return Raw(f'="{value}"')
    return value


def _status(status: str, style: FileStyle) -> str:
    if "status_no_comma" in style.quirks:
        return status.replace("，", "")
    if "status_halfwidth_comma" in style.quirks:
        return status.replace("，", ",")
    return status


def _header(names: tuple[str, ...], style: FileStyle) -> list[str]:
    header = list(names)
    if "fullwidth_brackets" in style.quirks:
        header = [h.replace("(", "（").replace(")", "）") for h in header]
    if "mixed_brackets" in style.quirks:
        header = [h.replace("(", "（") for h in header]
    if "header_spaces" in style.quirks:
        header = [f" {h}" if i % 5 == 1 else (f"{h}\t" if i % 7 == 3 else h)
                  for i, h in enumerate(header)]
    return header


# --- orders
def _order_rows(order: Order, moment: datetime, style: FileStyle) -> list[dict[str, object]]:
    status, after_sales = order.status_at(moment)
    shipped = order.shipped_at is not None and order.shipped_at <= moment
    paid = order.paid_at is not None and order.paid_at <= moment
    confirmed = order.confirmed_at is not None and order.confirmed_at <= moment
    edited = order.created_at.date() == (moment - timedelta(days=10)).date()
    rows = []
    for index, line in enumerate(order.lines):
        first = index == 0
        postage = order.postage if first else 0.0
        shop = order.shop_discount if first else 0.0
        platform = order.platform_discount if first else 0.0
        pay = order.pay_discount if first else 0.0
        paid_amount = round(line.total + postage - shop - platform - pay, 2)
        categories = line.product.categories
        rows.append({
            "商品": line.product.title, "订单号": _id(order.order_id, style),
            "订单状态": _status(status, style), "是否审核中": "否",
            "商品总价(元)": _money(line.total, style), "邮费(元)": _money(postage, style),
            "店铺优惠折扣(元)": _money(shop, style), "平台优惠折扣(元)": _money(platform, style),
            "多多支付立减金额(元)": _money(pay, style),
            "用户实付金额(元)": _money(paid_amount, style),
            "商家实收金额(元)": _money(round(paid_amount + platform, 2), style),
            "商品数量(件)": line.quantity,
            "支付时间": _time(order.paid_at if paid else None, style),
            "订单成交时间": _time(order.created_at, style),
            "拼单成功时间": _time(order.created_at, style),
            "订单确认时间": _time(order.paid_at if paid else order.created_at, style),
            "承诺发货时间": _time(order.promised_ship_at if paid else None, style),
            "承诺送达时间": _time(order.promised_delivery_at if paid else None, style),
            "发货时间": _time(order.shipped_at if shipped else None, style),
            "确认收货时间": _time(order.confirmed_at if confirmed else None, style),
            "商品id": _id(line.product.goods_id, style),
            "商品规格": line.sku.spec, "样式ID": _id(line.sku.style_id, style),
            "商家编码-规格维度": line.sku.merchant_code, "商家编码-SKU维度": line.sku.merchant_code,
            "商家编码-商品维度": line.product.merchant_code,
            "商品一级类目": categories[0], "商品二级类目": categories[1],
            "商品三级类目": categories[2], "商品四级类目": categories[3],
            "商家备注": order.note, "买家留言": order.message, "售后状态": after_sales,
            "快递单号": _id(order.tracking_no, style, tracking=True, edited=edited)
            if shipped else "",
            "快递公司": order.courier_name if shipped else "",
            "团ID": order.group_id, "省": order.buyer.province, "市": order.buyer.city,
            "区": order.buyer.district, "街道/镇": order.buyer.street, "街道": order.buyer.street,
            "是否抽奖或0元试用": "是" if order.is_trial else "否",
            "是否顺丰加价": "是" if order.sf_upgrade else "否",
            "支付方式": "微信支付" if _pays_by_wechat(order.order_id) else "支付宝",
            "订单来源": "拼多多APP", "是否分期": "否", "分期期数": "", "手续费承担方": "",
            "分期方式": "", "身份证姓名": "", "身份证号码": "", "收货人": order.buyer.name,
            "手机": order.buyer.phone,
        })
    return rows


def _pays_by_wechat(order_id: str) -> bool:
    """A stable two-way split on the order id's last digit (no hash(), which is salted)."""
    return int(order_id[-1]) < 7


def _orders_file(season: Season, folder: Path, moment: datetime, layout: str,
                 style: FileStyle) -> None:
    names = {"short": layouts.SHORT_2024, "full": layouts.FULL_2023,
             "old": layouts.OLD_2019}[layout]
    since = moment - timedelta(days=cat.ORDER_WINDOW_DAYS)
    rows = []
    for order in season.orders:
        if since <= order.created_at < moment:
            rows += [[row[name] for name in names] for row in _order_rows(order, moment, style)]
    stem = {"short": "订单导出", "full": "订单列表_全部字段", "old": "orders_export"}[layout]
    _write(folder, f"{stem}_{moment:%Y%m%d}", _header(names, style), rows, style, "订单")


# --- tracking
def _event_codes(event: Event, noise: float) -> tuple[str, str, str, str]:
    if event.kind == "refused":
        state, advanced = _REFUSAL_CODES[event.refusal_code]
        codes = (state, advanced, "4", "404")
    else:
        codes = _CODES[event.kind]
    if noise < 0.015:  # the aggregator left the code out; the text remains
        return ("", "", "", "")
    if noise < 0.019 and codes[0] in ("0", "1"):  # a wrong but harmless code
        return ("5" if codes[0] == "0" else "0", codes[1], codes[2], codes[3])
    return codes


def _tracking_file(season: Season, folder: Path, moment: datetime, provider: str,
                   style: FileStyle, noise: dict[tuple[str, int], float]) -> None:
    since = moment - timedelta(days=cat.TRACKING_WINDOW_DAYS)
    newest_first = "newest_first" in style.quirks
    optional = "no_optional" not in style.quirks
    rows = []
    for parcel in season.parcels:
        events = [(i, e) for i, e in enumerate(parcel.events) if e.at <= moment]
        if not events or not any(since < e.at for _, e in events):
            continue
        events.sort(key=lambda pair: pair[1].at, reverse=newest_first)
        for index, event in events:
            state, advanced, kdn_state, kdn_ex = _event_codes(
                event, noise[(parcel.tracking_no, index)])
            if provider == "kuaidi100":
                company = (parcel.courier.kuaidi100 if "courier_codes" in style.quirks
                           else parcel.display_name)
                row = [_id(parcel.tracking_no, style, tracking=True), company,
                       _time(event.at, style), state]
                if optional:
                    row += [advanced, _STATE_NAMES.get(state, ""), event.text, event.city]
                else:
                    row += [event.text]
            else:
                row = [_id(parcel.tracking_no, style, tracking=True), parcel.courier.kdniao,
                       _time(event.at, style), kdn_state, kdn_ex, event.text]
                if optional:
                    row.append(event.city)
            rows.append(row)
    if provider == "kuaidi100":
        names = layouts.KUAIDI100 if optional else (*layouts.KUAIDI100[:4], "事件描述")
        stem = f"物流轨迹_快递100_{moment:%Y%m%d}"
    else:
        names = layouts.KDNIAO if optional else layouts.KDNIAO[:6]
        stem = f"kdniao_traces_{moment:%Y%m%d}"
    _write(folder, stem, list(names), rows, style, "轨迹")


# --- the optional exports
def _after_sales_file(season: Season, folder: Path, moment: datetime, style: FileStyle) -> None:
    since = moment - timedelta(days=cat.ORDER_WINDOW_DAYS)
    rows = []
    for case in sorted(season.cases, key=lambda c: (c.applied_at, c.case_id)):
        if not since <= case.applied_at < moment:
            continue
        status = case.status_at(moment)
        returning = case.return_tracking if status in ("商家同意退款，退款中", "退款成功") else ""
        rows.append([_id(case.case_id, style), _id(case.order.order_id, style), case.kind, status,
                     case.reason, _time(case.applied_at, style), _money(case.amount, style),
                     returning, case.shipped_state])
    _write(folder, f"售后列表_{moment:%Y%m%d}", _header(layouts.AFTER_SALES, style), rows, style,
           "售后")


def _reviews_file(season: Season, folder: Path, moment: datetime, style: FileStyle) -> None:
    since = moment - timedelta(days=28)
    with_reply = moment >= datetime(2026, 9, 7)
    rows = []
    for review in sorted(season.reviews, key=lambda r: (r.at, r.order.order_id)):
        if since <= review.at < moment:
            row = [_time(review.at, style), _id(review.order.order_id, style),
                   _id(review.product.goods_id, style), review.score, review.text]
            rows.append([*row, review.reply] if with_reply else row)
    names = layouts.REVIEWS if with_reply else layouts.REVIEWS[:5]
    _write(folder, f"评价管理_{moment:%Y%m%d}", list(names), rows, style, "评价")


def _store_file(season: Season, folder: Path, moment: datetime) -> None:
    first = moment.date() - timedelta(days=14)
    rows = [[day.isoformat(), *(f"{value:.2f}" for value in values)]
            for day, *values in season.store_scores if first <= day < moment.date()]
    _write(folder, f"店铺评分_{moment:%Y%m%d}", list(layouts.STORE_SCORES), rows,
           FileStyle("csv", "utf-8-sig"))


def _penalty_file(season: Season, folder: Path, moment: datetime, style: FileStyle) -> None:
    since = moment - timedelta(days=cat.ORDER_WINDOW_DAYS)
    rows = []
    for bill in sorted(season.penalties, key=lambda p: (p.at, p.order.order_id, p.kind)):
        if since <= bill.at < moment:
            number = _id(bill.tracking_no, style, tracking=True)
            rows.append([_id(bill.order.order_id, style), number, bill.kind,
                         _money(bill.amount, style), _time(bill.at, style), bill.note])
    _write(folder, f"消费者补偿及违规明细_{moment:%Y%m%d}", _header(layouts.PENALTIES, style), rows,
           style, "明细")


def write_exports(season: Season, folder: Path, seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    noise_rng = random.Random(f"world_j/{seed}/codes")
    noise = {(parcel.tracking_no, index): noise_rng.random()
             for parcel in season.parcels for index in range(len(parcel.events))}
    for index, moment in enumerate(drop_moments()):
        layout, style = layouts.ORDER_DROPS[index]
        _orders_file(season, folder, moment, layout, style)
        provider, tracking_style = layouts.TRACKING_DROPS[index]
        _tracking_file(season, folder, moment, provider, tracking_style, noise)
        if index in layouts.AFTER_SALES_DROPS:
            _after_sales_file(season, folder, moment, layouts.AFTER_SALES_DROPS[index])
        if index in layouts.REVIEW_DROPS:
            _reviews_file(season, folder, moment, layouts.REVIEW_DROPS[index])
        _store_file(season, folder, moment)
        if index in layouts.PENALTY_DROPS:
            _penalty_file(season, folder, moment, layouts.PENALTY_DROPS[index])


def write_labels(season: Season, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["order_id", "outcome", "cause"])
        for order in sorted(season.orders, key=lambda o: o.order_id):
            writer.writerow([order.order_id, order.outcome, order.cause])
