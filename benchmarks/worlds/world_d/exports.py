"""Write the weekly exports (orders, tracking, after-sales, reviews, scores, bills) and labels."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import numpy as np
from openpyxl import Workbook

from .shop import CATALOG, COURIERS, EXPORT_END_HOURS, EXPORT_WINDOW_HOURS, START, to_datetime
from .simulate import World

SHORT = [
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
]
FULL = [
    *SHORT[:3],
    "是否审核中",
    *SHORT[3:11],
    "支付时间",
    "承诺发货时间",
    "承诺送达时间",
    *SHORT[11:23],
    "商品一级类目",
    "商品二级类目",
    "商品三级类目",
    "商品四级类目",
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
]
OLD = [
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
    "收货人",
    "手机",
    "身份证姓名",
    "身份证号码",
    "省",
    "市",
    "区",
    "街道",
    "拼单成功时间",
    "订单确认时间",
    "承诺发货时间",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-SKU维度",
    "商家编码-商品维度",
    "商家备注",
    "买家留言",
    "售后状态",
    "快递单号",
    "快递公司",
]
K100 = [
    "快递单号",
    "快递公司",
    "事件时间",
    "状态码",
    "高级状态码",
    "状态名称",
    "事件描述",
    "事件地点",
]
KDN = ["LogisticCode", "ShipperCode", "AcceptTime", "State", "StateEx", "AcceptStation", "Location"]
K100_NAMES = {
    "0": "在途",
    "1": "揽收",
    "2": "疑难",
    "3": "签收",
    "4": "退签",
    "5": "派件",
    "6": "退回",
    "14": "拒签",
}
KDN_MAP = {
    ("1", "103"): ("1", ""),
    ("0", "1002"): ("2", ""),
    ("0", "1001"): ("2", "201"),
    ("5", ""): ("2", "202"),
    ("5", "501"): ("2", "211"),
    ("3", "301"): ("3", "301"),
    ("3", "303"): ("3", "304"),
    ("3", "304"): ("3", "311"),
    ("2", "208"): ("4", "417"),
    ("2", "202"): ("4", "403"),
    ("2", "209"): ("4", "414"),
    ("2", "204"): ("4", "405"),
    ("2", "203"): ("4", "404"),
    ("14", ""): ("4", "404"),
    ("6", ""): ("2", ""),
    ("4", ""): ("3", "406"),
    ("2", "207"): ("4", "420"),
    ("2", "206"): ("4", "416"),
    ("2", "205"): ("4", "412"),
    ("2", ""): ("4", "413"),
    ("", ""): ("", ""),
}

# week -> (layout, format, encoding, quirks)
ORDER_FILES = [
    ("full", "csv", "gb18030", {"drop_comma"}),
    ("short", "xlsx", "", set()),
    ("full", "csv", "utf-8-sig", {"yuan_sign", "wide_brackets", "eq_quote"}),
    ("old", "csv", "utf-8", {"half_comma", "slash_time"}),
    ("full", "csv", "gb18030", {"excel_damage"}),
]


def hstr(hours, slash: bool = False) -> str:
    if hours is None:
        return ""
    moment = to_datetime(hours)
    return f"{moment:%Y/%m/%d %H:%M}" if slash else f"{moment:%Y-%m-%d %H:%M:%S}"


def order_status(order, parcels, at: float) -> str:
    if order.pay_h is None or order.pay_h > at:
        return "已取消" if order.cancel_h is not None and order.cancel_h <= at else "待支付"
    if order.preship_refund_h is not None:
        refunded = order.refund_h is not None and order.refund_h <= at
        return "未发货，退款成功" if refunded else "待发货"
    if order.ship_h is None or order.ship_h > at:
        return "待发货"
    signed = order.parcel is not None and parcels[order.parcel].sign_h is not None
    if signed and parcels[order.parcel].sign_h <= at:
        return "已签收"
    if order.refund_h is not None and order.refund_h <= at:
        return "已发货，退款成功"
    return "已发货，待签收"


def record_status(record, at: float):
    status = None
    for when, name in record[5]:
        if when <= at:
            status = name
    return status


def outcome(order, parcels, at: float, agreed_refusal: float | None = None) -> str:
    if order.pay_h is None:
        return "cancelled" if order.cancel_h <= at else "not_shipped"
    if order.preship_refund_h is not None:
        return "cancelled" if order.refund_h is not None and order.refund_h <= at else "not_shipped"
    if order.ship_h is None or order.ship_h > at:
        return "not_shipped"
    if order.fake_ship:
        return "fake_shipping"
    parcel = parcels[order.parcel]
    if (
        parcel.refuse_h is not None
        and min(parcel.refuse_h, agreed_refusal or parcel.refuse_h) <= at
    ):
        return "refused"
    if parcel.return_h is not None and parcel.return_h <= at:
        return "returned_undelivered"
    if parcel.sign_h is not None and parcel.sign_h <= at:
        return "delivered"
    return "in_transit"


def money(value: float, yuan: bool) -> str:
    text = f"{value:,.2f}" if yuan and value >= 1000 else f"{value:.2f}"
    return "¥" + text if yuan else text


class Writer:
    """Writes tables as csv or xlsx with the exporters' cell habits, deterministically."""

    def __init__(self, folder: Path, rng: np.random.Generator):
        self.folder, self.rng = folder, rng
        folder.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, header: list, rows: list, fmt: str, encoding: str = "utf-8") -> None:
        path = self.folder / f"{name}.{fmt}"
        if fmt == "xlsx":
            book = Workbook(write_only=True)
            sheet = book.create_sheet("Sheet1")
            sheet.append(header)
            for row in rows:
                sheet.append([str(cell).lstrip("\t") for cell in row])
            buffer = io.BytesIO()
            book.save(buffer)
            path.write_bytes(_stable_zip(buffer.getvalue()))
            return
        with path.open("w", encoding=encoding, newline="", errors="replace") as handle:
            quoting = csv.QUOTE_ALL if "gb" in encoding else csv.QUOTE_MINIMAL
            writer = csv.writer(handle, quoting=quoting, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(rows)


def _stable_zip(data: bytes) -> bytes:
    """Re-pack an xlsx with fixed timestamps so that a seed gives byte-identical files."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2026-11-30T09:00:00Z", content
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 30, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def order_rows(world: World, orders: list, at: float, layout: str, quirks: set, rng) -> list:
    parcels = world.parcels
    records = {rec[1].order_id: rec for rec in world.after_sales}
    slash = "slash_time" in quirks
    yuan = "yuan_sign" in quirks
    header = {"full": FULL, "short": SHORT, "old": OLD}[layout]
    if "wide_brackets" in quirks:
        header = [h.replace("(", "（").replace(")", "）") for h in header]
    rows = []
    for order in orders:
        status = order_status(order, parcels, at)
        if "half_comma" in quirks:
            status = status.replace("，", ",")
        elif "drop_comma" in quirks and rng.random() < 0.03:
            status = status.replace("，", "")
        record = records.get(order.order_id)
        as_status = record_status(record, at) if record is not None else None
        if as_status is None and order.refund_h is not None and order.refund_h <= at:
            as_status = "退款成功"
        after = (
            "无售后或售后取消"
            if as_status in (None, "买家撤销")
            else "退款成功"
            if as_status == "退款成功"
            else "退款中"
            if rng.random() < 0.2
            else "售后处理中"
        )
        shipped = order.ship_h is not None and order.ship_h <= at
        if order.fake_ship:
            tracking, courier = order.fake_tracking, COURIERS[order.fake_courier]
        elif order.parcel is not None:
            parcel = parcels[order.parcel]
            tracking, courier = parcel.tracking, COURIERS[parcel.courier]
        else:
            tracking, courier = "", None
        if not shipped:
            tracking, courier = "", None
        courier_name = (
            "" if courier is None else (courier.alt_name if rng.random() < 0.15 else courier.name)
        )
        if "excel_damage" in quirks and tracking.isdigit() and rng.random() < 0.004:
            tracking = f"{float(tracking):.11E}"
        elif "eq_quote" in quirks and tracking:
            tracking = f'="{tracking}"'
        elif tracking:
            tracking = "\t" + tracking
        parcel = parcels[order.parcel] if order.parcel is not None and shipped else None
        confirm = order.confirm_h if order.confirm_h is not None and order.confirm_h <= at else None
        if parcel is None or status != "已签收":
            confirm = None
        late = getattr(order, "late_message", None)
        message = late[1] if late is not None and late[0] <= at else order.message
        for product_idx, sku_idx, qty in order.lines:
            product, sku = CATALOG[product_idx], CATALOG[product_idx].skus[sku_idx]
            total = sku.price * qty
            share = total / max(sum(CATALOG[p].skus[s].price * q for p, s, q in order.lines), 0.01)
            paid = order.paid * share
            shop_discount = max(0.0, total - paid) if not order.is_trial else 0.0
            platform_discount = total - paid - shop_discount
            order_id = "\t" + order.order_id if "eq_quote" not in quirks else f'="{order.order_id}"'
            product_id = product.product_id + (".0" if "excel_damage" in quirks else "")
            values = {
                "商品": product.title,
                "订单号": order_id,
                "订单状态": status,
                "商品总价(元)": money(total, yuan),
                "邮费(元)": money(0, yuan),
                "店铺优惠折扣(元)": money(shop_discount, yuan),
                "平台优惠折扣(元)": money(platform_discount, yuan),
                "多多支付立减金额(元)": money(0, yuan),
                "用户实付金额(元)": money(paid, yuan),
                "商家实收金额(元)": money(total - shop_discount, yuan),
                "商品数量(件)": str(qty),
                "发货时间": hstr(order.ship_h if shipped else None, slash),
                "确认收货时间": hstr(confirm, slash),
                "商品id": product_id,
                "商品规格": sku.spec,
                "样式ID": sku.style_id,
                "商家编码-规格维度": sku.sku_code,
                "商家编码-SKU维度": sku.sku_code,
                "商家编码-商品维度": product.code,
                "商家备注": order.note,
                "售后状态": after,
                "快递单号": tracking,
                "快递公司": courier_name,
                "订单成交时间": hstr(order.pay_h or order.deal_h, slash),
                "是否分期": "否",
                "分期期数": "",
                "手续费承担方": "",
                "分期方式": "",
                "是否审核中": "否",
                "支付时间": hstr(order.pay_h, slash),
                "承诺发货时间": hstr(order.promised_h, slash),
                "承诺送达时间": "",
                "商品一级类目": product.category[0],
                "商品二级类目": product.category[1],
                "商品三级类目": product.category[2],
                "商品四级类目": "",
                "买家留言": message,
                "团ID": "",
                "省": order.region[0],
                "市": order.region[1],
                "区": order.region[2],
                "街道/镇": order.region[3],
                "街道": order.region[3],
                "是否抽奖或0元试用": "是" if order.is_trial else "否",
                "是否顺丰加价": "否",
                "支付方式": "微信支付" if order.buyer % 3 else "支付宝",
                "订单来源": "拼多多App",
                "收货人": "张李王刘陈杨黄赵"[order.buyer % 8] + "**",
                "手机": f"1{38 + order.buyer % 9}****{order.buyer % 10000:04d}",
                "身份证姓名": "",
                "身份证号码": "",
                "拼单成功时间": hstr(order.pay_h or order.deal_h, slash),
                "订单确认时间": hstr(order.pay_h or order.deal_h, slash),
            }
            rows.append(
                [values[name] for name in {"full": FULL, "short": SHORT, "old": OLD}[layout]]
            )
    return header, rows


def tracking_rows(world: World, numbers: list, at: float, provider: str, newest_first: bool, rng):
    by_number = {p.tracking: p for p in world.parcels}
    rows = []
    for number in numbers:
        parcel = by_number[number]
        courier = COURIERS[parcel.courier]
        events = [e for e in parcel.events if e[0] <= at]
        events.sort(key=lambda e: e[0], reverse=newest_first)
        for hours, state, adv, text, place in events:
            if state not in ("14",) and adv != "203" and rng.random() < 0.04:
                state, adv = "", ""
            if provider == "k100":
                company = courier.kuaidi100 if rng.random() < 0.5 else courier.name
                name = K100_NAMES.get(state, "")
                rows.append(["\t" + number, company, hstr(hours), state, adv, name, text, place])
            else:
                kdn_state, kdn_ex = KDN_MAP.get((state, adv), KDN_MAP.get((state, ""), ("", "")))
                rows.append([number, courier.kdniao, hstr(hours), kdn_state, kdn_ex, text, place])
    return rows


def write_all(world: World, out: Path, seed: int) -> dict:
    """Write every weekly export and labels.csv; return counts for the report."""
    rng = np.random.default_rng(seed + 7919)
    writer = Writer(out / "exports", rng)
    parcels = world.parcels
    seen_at: dict = {}
    files: dict = {}
    orders_by_number = {p.tracking: p.orders for p in parcels}

    def note(kind: str, orders, end: float) -> None:
        files[kind] = files.get(kind, 0) + 1
        for order in orders:
            seen_at[order.order_id] = max(seen_at.get(order.order_id, -1.0), end)

    for week, end in enumerate(EXPORT_END_HOURS):
        start = end - EXPORT_WINDOW_HOURS
        stamp = f"{to_datetime(end):%Y%m%d}"
        week_orders = [o for o in world.orders if start <= o.deal_h <= end]
        layout, fmt, encoding, quirks = ORDER_FILES[week]
        header, rows = order_rows(world, week_orders, end, layout, quirks, rng)
        writer.write(f"订单导出_{stamp}_{week + 1}", header, rows, fmt, encoding)
        note("orders", week_orders, end)
        in_week = {o.order_id: o for o in week_orders}

        if week >= 1:
            records = [r for r in world.after_sales if end - 21 * 24 <= r[4] <= end]
            rows = []
            for rec in records:
                status = record_status(rec, end)
                rows.append(
                    [
                        "\t" + rec[0],
                        "\t" + rec[1].order_id,
                        rec[2],
                        status,
                        rec[3],
                        hstr(rec[4]),
                        f"{rec[6]:.2f}",
                        "",
                        rec[7],
                    ]
                )
            fmt, encoding = [
                ("csv", "utf-8"),
                ("xlsx", ""),
                ("csv", "gb18030"),
                ("csv", "utf-8-sig"),
            ][week - 1]
            writer.write(
                f"售后列表_{stamp}",
                [
                    "售后编号",
                    "订单号",
                    "售后类型",
                    "售后状态",
                    "售后原因",
                    "申请时间",
                    "退款金额(元)",
                    "退货快递单号",
                    "发货状态",
                ],
                rows,
                fmt,
                encoding,
            )
            note("after_sales", [r[1] for r in records], end)
            in_week.update({r[1].order_id: r[1] for r in records})
        if week != 3:
            picked = [r for r in world.reviews if end - 14 * 24 <= r[0] <= end]
            rows = [[hstr(r[0]), "\t" + r[1].order_id, r[2], str(r[3]), r[4], r[5]] for r in picked]
            fmt, encoding = {
                0: ("csv", "utf-8"),
                1: ("csv", "gb18030"),
                2: ("xlsx", ""),
                4: ("csv", "utf-8-sig"),
            }[week]
            writer.write(
                f"评价管理_{stamp}",
                ["评价时间", "订单号", "商品id", "评分", "评价内容", "商家回复"],
                rows,
                fmt,
                encoding,
            )
            note("reviews", [r[1] for r in picked], end)
            in_week.update({r[1].order_id: r[1] for r in picked})
        if week in (0, 2, 4):
            days = [r for r in world.store_scores if end / 24 - 14 <= r[0] < end / 24]
            rows = [
                [f"{to_datetime(r[0] * 24):%Y-%m-%d}"] + [f"{v:.2f}" for v in r[1:]] for r in days
            ]
            writer.write(
                f"店铺评分_{stamp}",
                ["日期", "店铺评分", "描述相符", "物流服务", "服务态度"],
                rows,
                "csv",
                "utf-8-sig" if week else "gb18030",
            )
            files["store_scores"] = files.get("store_scores", 0) + 1
        if week in (1, 2, 4):
            bills = [b for b in world.penalties if end - 14 * 24 <= b[0] <= end]
            rows = [
                [
                    "\t" + b[1].order_id,
                    ("\t" + b[2]) if b[2] else "",
                    b[3],
                    f"{b[4]:.2f}",
                    hstr(b[0]),
                    b[5],
                ]
                for b in bills
            ]
            writer.write(
                f"违规与赔付账单_{stamp}",
                ["订单号", "快递单号", "类型", "金额(元)", "时间", "说明"],
                rows,
                "xlsx" if week == 2 else "csv",
                "gb18030",
            )
            note("penalties", [b[1] for b in bills], end)
            in_week.update({b[1].order_id: b[1] for b in bills})

        numbers = []
        for order in in_week.values():
            if order.ship_h is None or order.ship_h > end:
                continue
            number = order.fake_tracking if order.fake_ship else parcels[order.parcel].tracking
            numbers.append(number)
        numbers = sorted(set(numbers))
        providers = {
            0: [("k100", True)],
            1: [("k100", False)],
            2: [("kdn", False)],
            3: [("k100", True)],
            4: [("kdn", False), ("k100", False)],
        }[week]
        for provider, newest_first in providers:
            rows = tracking_rows(world, numbers, end, provider, newest_first, rng)
            encoding = "gb18030" if week == 1 else "utf-8-sig" if provider == "kdn" else "utf-8"
            writer.write(
                f"物流轨迹_{provider}_{stamp}",
                K100 if provider == "k100" else KDN,
                rows,
                "csv",
                encoding,
            )
            files["logistics"] = files.get("logistics", 0) + 1
        for number in numbers:  # a tracking number seen this week shows the fate of its parcel
            for order in orders_by_number.get(number, ()):
                if order.order_id in seen_at:
                    seen_at[order.order_id] = max(seen_at[order.order_id], end)
    by_id = {o.order_id: o for o in world.orders}
    agreed = {  # the platform's 已同意拒收退款 state already marks the parcel as refused
        rec[1].order_id: when
        for rec in world.after_sales
        for when, status in rec[5]
        if status == "已同意拒收退款，待用户拒收"
    }
    labels = []
    for order_id in sorted(seen_at):
        order = by_id[order_id]
        result = outcome(order, parcels, seen_at[order_id], agreed.get(order_id))
        cause = parcels[order.parcel].cause if result == "refused" else ""
        labels.append([order_id, result, cause])
    with (out / "labels.csv").open("w", encoding="utf-8", newline="") as handle:
        writer_csv = csv.writer(handle, lineterminator="\n")
        writer_csv.writerow(["order_id", "outcome", "cause"])
        writer_csv.writerows(labels)
    return {"files": files, "labels": labels, "start": START}
