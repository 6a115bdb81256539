"""Writing the shop's exports as a merchant's folder holds them, quirks included (INPUTS.md).

Orders: 17 weekly exports (every Monday 09:00), each listing the orders placed in the 35 days
before it with their state as of that moment, in three templates over the season. Tracking: three
files by shipping month, two providers. After-sales (two overlapping snapshots), reviews, store
scores, penalties: one file each, except after-sales.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

from . import catalog as cat
from . import tracking as trk
from .world import DAY, Order, Shop

FULL_2023 = (
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "多多支付立减金额(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "是否审核中",
    "支付时间",
    "承诺发货时间",
    "承诺送达时间",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-规格维度",
    "商家编码-商品维度",
    "商家备注",
    "售后状态",
    "快递单号",
    "快递公司",
    "订单成交时间",
    "买家留言",
    "团ID",
    "省",
    "市",
    "区",
    "街道/镇",
    "是否抽奖或0元试用",
    "是否顺丰加价",
    "支付方式",
    "订单来源",
    "商品一级类目",
    "商品二级类目",
    "商品三级类目",
    "商品四级类目",
    "是否分期",
    "分期期数",
    "手续费承担方",
    "分期方式",
)
SHORT_2024 = (
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "多多支付立减金额(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-规格维度",
    "商家编码-商品维度",
    "商家备注",
    "售后状态",
    "快递单号",
    "快递公司",
    "订单成交时间",
    "是否分期",
    "分期期数",
    "手续费承担方",
    "分期方式",
)
OLD_2019 = (
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "拼单成功时间",
    "订单确认时间",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-SKU维度",
    "商家编码-商品维度",
    "商家备注",
    "售后状态",
    "快递单号",
    "快递公司",
    "收货人",
    "手机",
    "省",
    "市",
    "区",
    "街道",
    "身份证姓名",
    "身份证号码",
    "买家留言",
)

#: per weekly export: (template, container, encoding, quirks)
WEEKLY_STYLES = (
    [("full", "csv", "gb18030", {"tab"})] * 5
    + [("full", "xlsx", "", {"excel"})]
    + [("short", "csv", "utf-8-sig", {"tab"})] * 3
    + [("short", "csv", "utf-8-sig", {"eq", "quote_all"})] * 2
    + [("old", "xlsx", "", set())]
    + [("short", "csv", "utf-8", {"tab", "yen", "slash_dates"})]
    + [("short", "csv", "utf-8", {"tab", "half_comma"})]
    + [("short", "csv", "utf-8-sig", {"tab", "bracket_mix"})]
    + [("full", "csv", "gb18030", {"tab"})] * 2
)
CATEGORY = {
    "sneaker": ("运动鞋new", "跑步鞋"),
    "dad": ("流行男鞋", "老爹鞋"),
    "board": ("流行男鞋", "板鞋"),
    "cotton": ("流行男鞋", "棉鞋"),
    "slipper": ("流行男鞋", "拖鞋"),
    "kids": ("童鞋", "运动鞋"),
}
KD100_NAMES = {
    "0": "在途",
    "1": "揽收",
    "2": "疑难",
    "3": "签收",
    "4": "退签",
    "5": "派件",
    "6": "退回",
    "14": "拒签",
}


def _ts(when: dt.datetime | None, slash: bool = False) -> str:
    if when is None:
        return ""
    return when.strftime("%Y/%m/%d %H:%M") if slash else when.strftime("%Y-%m-%d %H:%M:%S")


def _money(value: float, yen: bool = False) -> str:
    return f"¥{value:.2f}" if yen else f"{value:.2f}"


def _state_at(order: Order, when: dt.datetime) -> tuple[str, str]:
    statuses = sorted(order.statuses, key=lambda s: s[0])
    current = statuses[0][1:] if statuses else ("待支付", "无售后或售后取消")
    for moment, state, after_sale in statuses:
        if moment <= when:
            current = (state, after_sale)
    return current


def _order_rows(
    order: Order, when: dt.datetime, template: str, quirks: set, rng: random.Random
) -> list[dict]:
    state, after_sale = _state_at(order, when)
    if "half_comma" in quirks:
        state = state.replace("，", rng.choice((",", "")))
    shipped = order.ship_at is not None and order.ship_at <= when and order.courier is not None
    tracking = order.parcel.tracking if shipped and order.parcel is not None else ""
    courier = rng.choice(order.courier.names) if shipped else ""
    slash = "slash_dates" in quirks
    yen = "yen" in quirks
    buyer = order.buyer
    rows = []
    for index, line in enumerate(order.lines):
        product = cat.PRODUCTS[line.product]
        colour, colour_code = product.colours[line.colour]
        first = index == 0
        goods = round(line.unit_price * line.qty, 2)
        postage = order.postage if first else 0.0
        shop_d = order.shop_discount if first else 0.0
        plat_d = order.platform_discount if first else 0.0
        cut = order.pay_cut if first else 0.0
        paid = round(max(0.0, goods + postage - shop_d - plat_d - cut), 2)
        spec = (
            f"{colour},{line.size}"
            if product.kind != "kids"
            else f"{colour},{line.size}码(内长{(line.size - 10) / 2 + 10:.1f}cm)"
        )
        row = {
            "商品": product.title,
            "订单号": order.oid,
            "订单状态": state,
            "商品总价(元)": _money(goods, yen),
            "邮费(元)": _money(postage, yen),
            "店铺优惠折扣(元)": _money(shop_d, yen),
            "平台优惠折扣(元)": _money(plat_d, yen),
            "多多支付立减金额(元)": _money(cut, yen),
            "用户实付金额(元)": _money(paid, yen),
            "商家实收金额(元)": _money(round(paid + plat_d, 2), yen),
            "商品数量(件)": str(line.qty),
            "是否审核中": "否",
            "支付时间": _ts(order.pay_at, slash),
            "承诺发货时间": _ts(order.promised_ship, slash),
            "承诺送达时间": _ts(
                order.promised_ship + dt.timedelta(days=4 + order.buyer.province.distance), slash
            ),
            "发货时间": _ts(order.ship_at if shipped else None, slash),
            "确认收货时间": _ts(
                order.confirm_at if order.confirm_at and order.confirm_at <= when else None, slash
            ),
            "商品id": product.goods_id,
            "商品规格": spec,
            "样式ID": cat.style_id(line.product, line.colour, line.size),
            "商家编码-规格维度": f"{product.code}-{colour_code}-{line.size}",
            "商家编码-商品维度": product.code,
            "商家备注": order.note,
            "售后状态": after_sale,
            "快递单号": tracking,
            "快递公司": courier,
            "订单成交时间": _ts(order.deal_at, slash),
            "买家留言": order.message,
            "团ID": "",
            "省": buyer.province.name,
            "市": buyer.city,
            "区": buyer.county,
            "街道/镇": buyer.street,
            "是否抽奖或0元试用": "是" if order.trial else "否",
            "是否顺丰加价": "是" if order.sf_upgrade else "否",
            "支付方式": rng.choice(("微信", "微信", "支付宝", "多多支付")),
            "订单来源": "拼多多",
            "商品一级类目": "鞋靴",
            "商品二级类目": CATEGORY[product.kind][0],
            "商品三级类目": CATEGORY[product.kind][1],
            "商品四级类目": "",
            "是否分期": "否",
            "分期期数": "",
            "手续费承担方": "",
            "分期方式": "",
            "拼单成功时间": _ts(order.deal_at, slash),
            "订单确认时间": _ts(order.deal_at + dt.timedelta(seconds=3), slash),
            "商家编码-SKU维度": f"{product.code}-{colour_code}-{line.size}",
            "收货人": buyer.name,
            "手机": buyer.phone,
            "街道": buyer.street,
            "身份证姓名": "",
            "身份证号码": "",
        }
        rows.append(row)
    return rows


def _wrap_ids(row: dict, quirks: set, rng: random.Random) -> dict:
    if "tab" in quirks:
        for key in ("订单号", "快递单号", "商品id", "样式ID"):
            if row.get(key):
                row[key] = "\t" + row[key]
    if "eq" in quirks:
        for key in ("订单号", "快递单号"):
            if row.get(key):
                row[key] = f'="{row[key]}"' if rng.random() < 0.7 else "'" + row[key]
    return row


def _write_csv(path: Path, header, rows, encoding: str, quote_all: bool = False) -> None:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def _write_xlsx(path: Path, header, rows, sheet: str) -> None:
    book = Workbook(write_only=True)
    page = book.create_sheet(sheet)
    page.append(list(header))
    for row in rows:
        page.append(list(row))
    book.save(path)
    _pin_zip_times(path)


def _pin_zip_times(path: Path) -> None:
    """openpyxl stamps the save time into the zip and docProps; fix both so a seed gives the same
    bytes."""
    fixed = cat.CUTOFF.timetuple()[:6]
    with zipfile.ZipFile(path) as source:
        items = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in items:
            if name == "docProps/core.xml":
                stamp = (cat.CUTOFF - dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp, data)
            target.writestr(
                zipfile.ZipInfo(name, date_time=fixed), data, compress_type=zipfile.ZIP_DEFLATED
            )


def write_orders(shop: Shop, folder: Path, rng: random.Random) -> None:
    mondays = cat.EXPORTS
    by_deal = sorted(shop.orders, key=lambda o: (o.deal_at, o.oid))
    for when, (template, container, encoding, quirks) in zip(mondays, WEEKLY_STYLES, strict=True):
        header = {"full": FULL_2023, "short": SHORT_2024, "old": OLD_2019}[template]
        listed = [o for o in by_deal if when - 35 * DAY <= o.deal_at < when]
        listed.sort(key=lambda o: o.deal_at, reverse=True)  # the platform lists newest first
        rows = []
        for order in listed:
            for row in _order_rows(order, when, template, quirks, rng):
                rows.append(_wrap_ids(row, quirks, rng))
        shown = list(header)
        if "bracket_mix" in quirks:
            shown = [h.replace("(元)", "（元）").replace("(件)", "（件)") for h in shown]
            shown[0] = " " + shown[0]
        name = f"订单查询导出_{when:%Y%m%d}"
        if container == "xlsx":
            values = []
            for row in rows:
                cells = [row[h] for h in header]
                if "excel" in quirks:
                    cells = [_excel_damage(h, v, rng) for h, v in zip(header, cells, strict=True)]
                values.append(cells)
            _write_xlsx(
                folder / f"{name}{'(1)' if 'excel' in quirks else ''}.xlsx",
                shown,
                values,
                "订单列表",
            )
        else:
            _write_csv(
                folder / f"{name}.csv",
                shown,
                ([row[h] for h in header] for row in rows),
                encoding,
                "quote_all" in quirks,
            )


def _excel_damage(column: str, value: str, rng: random.Random):
    """A file opened and re-saved in Excel: pure-digit ids became numbers, a few lost digits."""
    if column in ("快递单号", "商品id", "样式ID") and value.isdigit() and len(value) <= 15:
        if column == "快递单号" and rng.random() < 0.012:
            return f"{float(value):.11E}"
        return float(value) if column != "样式ID" else int(value)
    return value


def _event_codes(event, provider: str) -> tuple[str, str]:
    _when, kind, _text, _location, variant = event
    kd_state, kd_adv, nn_state, nn_ex = trk.CODES[kind]
    if kind == "refused":
        return trk.REFUSAL_VARIANTS[provider][variant or "full"]
    return (kd_state, kd_adv) if provider == "kd100" else (nn_state, nn_ex)


def write_tracking(shop: Shop, folder: Path, rng: random.Random) -> None:
    groups = {9: [], 10: [], 11: [], 12: []}
    for parcel in sorted(shop.parcels, key=lambda p: (p.ship_at, p.tracking)):
        if parcel.events:
            groups[parcel.ship_at.month].append(parcel)
    # Sep–Oct: Kuaidi100 CSV, company codes, newest event first (the aggregator default)
    rows = []
    for parcel in groups[9] + groups[10]:
        for event in sorted(parcel.events, key=lambda e: e[0], reverse=True):
            state, adv = _event_codes(event, "kd100")
            rows.append(
                [
                    "\t" + parcel.tracking,
                    parcel.courier.kd100,
                    _ts(event[0]),
                    state,
                    adv,
                    KD100_NAMES.get(state, ""),
                    event[2],
                    event[3],
                ]
            )
    _write_csv(
        folder / "快递100_物流轨迹_0901-1031.csv",
        (
            "快递单号",
            "快递公司",
            "事件时间",
            "状态码",
            "高级状态码",
            "状态名称",
            "事件描述",
            "事件地点",
        ),
        rows,
        "utf-8-sig",
    )
    # Nov: Kuaidi Niao, GB18030 (saved from Excel), oldest first
    rows = []
    for parcel in groups[11]:
        for event in parcel.events:
            state, extra = _event_codes(event, "kdniao")
            rows.append(
                [
                    parcel.tracking,
                    parcel.courier.kdniao,
                    _ts(event[0]),
                    state,
                    extra,
                    event[2],
                    event[3],
                ]
            )
    _write_csv(
        folder / f"kdniao_traces_{cat.YEAR}11.csv",
        (
            "LogisticCode",
            "ShipperCode",
            "AcceptTime",
            "State",
            "StateEx",
            "AcceptStation",
            "Location",
        ),
        rows,
        "gb18030",
    )
    # Dec: Kuaidi100 again, as an .xlsx with display names and no optional columns
    rows = []
    for parcel in groups[12]:
        name = parcel.courier.names[0]
        for event in parcel.events:
            state, adv = _event_codes(event, "kd100")
            rows.append([parcel.tracking, name, _ts(event[0]), state, adv, event[2]])
    _write_xlsx(
        folder / "物流跟踪_12月.xlsx",
        ("快递单号", "快递公司", "事件时间", "状态码", "高级状态码", "事件描述"),
        rows,
        "轨迹",
    )


def write_after_sales(shop: Shop, folder: Path) -> None:
    header = (
        "售后编号",
        "订单号",
        "售后类型",
        "售后状态",
        "售后原因",
        "申请时间",
        "退款金额(元)",
        "退货快递单号",
        "发货状态",
    )
    middle = cat.EXPORTS[8]
    for when, name, encoding in (
        (middle, f"售后列表_{middle:%Y%m%d}.csv", "utf-8-sig"),
        (cat.CUTOFF, f"售后列表_{cat.CUTOFF:%Y%m%d}.csv", "gb18030"),
    ):
        rows = []
        for order in shop.orders:
            for record in order.after_sales:
                if record.applied_at > when:
                    continue
                status = [s for t, s in sorted(record.statuses) if t <= when][-1]
                rows.append(
                    (
                        record.applied_at,
                        [
                            "\t" + record.as_id,
                            "\t" + order.oid,
                            record.kind,
                            status,
                            record.reason,
                            _ts(record.applied_at),
                            f"{record.amount:.2f}",
                            record.return_tracking,
                            "已发货" if record.shipped else "未发货",
                        ],
                    )
                )
        rows.sort(key=lambda r: (r[0], r[1][0]), reverse=True)
        shown = (
            header
            if encoding == "utf-8-sig"
            else tuple(h.replace("(元)", "（元）") for h in header)
        )
        _write_csv(folder / name, shown, [r[1] for r in rows], encoding)


def write_reviews(shop: Shop, folder: Path) -> None:
    rows = []
    for order in shop.orders:
        if order.review and order.review[0] <= cat.CUTOFF:
            when, score, text, reply = order.review
            product = cat.PRODUCTS[order.lines[0].product]
            rows.append(
                (when, [_ts(when), "\t" + order.oid, product.goods_id, str(score), text, reply])
            )
    rows.sort(key=lambda r: (r[0], r[1][1]), reverse=True)
    _write_csv(
        folder / "评价管理_导出.csv",
        ("评价时间", "订单号", "商品id", "评分", "评价内容", "商家回复"),
        [r[1] for r in rows],
        "utf-8-sig",
    )


def write_store_scores(shop: Shop, folder: Path) -> None:
    delivered = sorted(
        (o.parcel.door_at, o.parcel.damaged or o.parcel.late_days > 2)
        for o in shop.orders
        if o.parcel is not None and o.parcel.door_at and o.parcel.kind == "real"
    )
    rows = []
    for day in cat.daterange(cat.FIRST_DAY, cat.LAST_DAY):
        end = dt.datetime.combine(day, dt.time(0))
        recent = [bad for when, bad in delivered if end - 30 * DAY <= when < end]
        trouble = sum(recent) / len(recent) if recent else 0.05
        description = shop.description_score(day)
        logistics = min(5.0, 4.86 - 1.5 * trouble)
        service = min(5.0, 4.80 - (4.82 - description) * 0.6)
        overall = (description + logistics + service) / 3
        rows.append(
            [
                day.isoformat(),
                f"{overall:.2f}",
                f"{description:.2f}",
                f"{logistics:.2f}",
                f"{service:.2f}",
            ]
        )
    _write_csv(
        folder / "店铺评分_日.csv",
        ("日期", "店铺评分", "描述相符", "物流服务", "服务态度"),
        rows,
        "utf-8",
    )


def write_penalties(shop: Shop, folder: Path) -> None:
    rows = []
    for order, tracking, kind, amount, when, note in shop.penalties:
        if when <= cat.CUTOFF:
            rows.append((when, [order.oid, tracking, kind, f"{amount:.2f}", _ts(when), note]))
    rows.sort(key=lambda r: (r[0], r[1][0]))
    _write_xlsx(
        folder / "消费者补偿明细_违规记录.xlsx",
        ("订单号", "快递单号", "类型", "金额(元)", "时间", "说明"),
        [r[1] for r in rows],
        "明细",
    )


def write_all(shop: Shop, folder: Path, seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed * 7919 + 11)
    write_orders(shop, folder, rng)
    write_tracking(shop, folder, rng)
    write_after_sales(shop, folder)
    write_reviews(shop, folder)
    write_store_scores(shop, folder)
    write_penalties(shop, folder)
